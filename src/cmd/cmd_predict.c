/* SPDX-License-Identifier: MIT */
/* cmd_predict.c - `opticure --predict=FILE`: scores every row of a CSV file
 * with the saved model and writes the rows back with prediction,
 * confidence and one probability column per class.
 *
 * Records stream through a fixed ring of chunks (constant memory whatever
 * the file's size): the main thread reads and writes, --jobs threads parse
 * the numbers, score and format, and chunks are written in file order, so
 * the output is the same for every thread count.  The model's columns are
 * found by name in any order, other columns pass through unchanged
 * (re-quoted only where CSV needs it). */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomicio.h"
#include "cmd/cli.h"
#include "cmd/cmd.h"
#include "cmd/cmd_model.h"
#include "data/csvread.h"
#include "data/csvwrite.h"
#include "io/modelfile.h"
#include "io/sigguard.h"
#include "core/numfmt.h"

struct scorer {
	const struct oc_bundle *b;
	const struct oc_trained *t;
	size_t *col;            /* input column of each model feature */
	size_t n_cols;          /* fields per input record */
	size_t chunk_rows;      /* records per chunk (chunk_sizes) */
	size_t text_budget;     /* a chunk stops taking records past this much text */
	int explain;            /* --explain: base and contributions per row */
	struct oc_explain_in ein;
	size_t *out_of_range;   /* per feature: rows outside the training range */
};


/* True when name is one of the columns --predict appends. */
static int output_column(const struct oc_bundle *b, const char *name)
{
	if (strcmp(name, "prediction") == 0 || strcmp(name, "confidence") == 0)
		return 1;
	if (strncmp(name, "p_", 2) != 0)
		return 0;
	for (size_t c = 0; c < b->n_classes; c++)
		if (strcmp(name + 2, b->class_names[c]) == 0)
			return 1;
	return 0;
}

/* Reads the header, maps the model's features to input columns and writes
 * the output header. */
static int start(struct oc_csv_reader *r, struct scorer *s, struct oc_err *err)
{
	char **f;
	size_t n;
	long line;
	int rc = oc_csv_next(r, &f, &n, &line, err);
	const struct oc_bundle *b = s->b;
	if (rc == 0)
		return oc_err_set(err, OC_EDATA, "%s:1: empty file (a header row is needed)",
		                  oc_csv_path(r));
	if (rc != 1)
		return rc;
	s->n_cols = n;
	/* The output would hold two columns of that name. */
	for (size_t k = 0; k < n; k++)
		if (output_column(b, f[k]))
			return oc_err_set(err, OC_EDATA, "%s:%ld:%zu: input column '%s' clashes with an "
			                  "output column (prediction, confidence, p_%s, ..., p_%s); "
			                  "rename it", oc_csv_path(r), oc_csv_field_line(r, k), k + 1, f[k],
			                  b->class_names[0], b->class_names[b->n_classes - 1]);
	if ((rc = oc_cmd_map_features(b, f, n, oc_csv_path(r), line, s->col, err)))
		return rc;
	for (size_t k = 0; k < n; k++) {
		oc_csv_put_field(stdout, f[k]);
		fputc(',', stdout);
	}
	fputs("prediction,confidence,", stdout);
	for (size_t c = 0; c < b->n_classes; c++) {
		char *name = malloc(strlen(b->class_names[c]) + 3);
		if (!name)
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		sprintf(name, "p_%s", b->class_names[c]);
		oc_csv_put_field(stdout, name);
		fputc(c + 1 < b->n_classes || s->explain ? ',' : '\n', stdout);
		free(name);
	}
	if (s->explain) {
		fputs("base", stdout);
		for (size_t j = 0; j < b->n_features; j++) {
			char *name = malloc(strlen(b->features[j].name) + 6);
			if (!name)
				return oc_err_set(err, OC_EINTERNAL, "out of memory");
			sprintf(name, "shap_%s", b->features[j].name);
			fputc(',', stdout);
			oc_csv_put_field(stdout, name);
			free(name);
		}
		fputc('\n', stdout);
	}
	return OC_OK;
}

/* --- Chunks: records read by the main thread, scored by the workers --- */

/* Records per chunk at most: big enough to amortise the hand-over. */
#define CHUNK_ROWS 4096

/* Memory of the chunks in flight (2 * threads + 1 of them), whatever the
 * file's size, its columns and --jobs: half for the per-record arrays,
 * half for the records' text and output.  A chunk takes at least one
 * record, so each may exceed its share by one record (1 MiB at the line
 * limit) and its output line. */
#define PREDICT_BUDGET ((size_t)128 << 20)

struct chunk {
	size_t n;               /* records held */
	char *text;             /* their fields, NUL-terminated, back to back */
	size_t tlen, tcap;
	size_t *off;            /* n * n_cols field offsets into text */
	size_t *len;            /* and lengths */
	long *fline;            /* n * n_features: line of each model field */
	double *rows;           /* n * n_features: the model's values */
	int *cls;               /* n: predicted class */
	double *proba;          /* K per row: class probabilities */
	double *phi;            /* n_features: one row's contributions (--explain) */
	size_t *out_of_range;   /* n_features: rows of the chunk outside the training range */
	char *out;              /* the scored lines */
	size_t olen, ocap;
	/* first failure in the chunk's records: after err_at records (worker) */
	int err_rc;
	size_t err_at;
	struct oc_err err;
	/* failure of the reader right after the chunk's records */
	int tail_rc;
	struct oc_err tail_err;
	int stalled;            /* ended early: the next record is not there yet */
	int done;
};

struct pool {
	struct scorer *s;
	const char *path;
	pthread_mutex_t mu;
	pthread_cond_t work, finished;
	struct chunk **queue;   /* chunks waiting for a worker, in file order */
	size_t q_head, q_len, q_cap;
	int closing;
};

static void chunk_free(struct chunk *c)
{
	free(c->text);
	free(c->off);
	free(c->len);
	free(c->fline);
	free(c->rows);
	free(c->cls);
	free(c->proba);
	free(c->phi);
	free(c->out_of_range);
	free(c->out);
}

static int chunk_alloc(struct chunk *c, const struct scorer *s)
{
	const size_t rows = s->chunk_rows;
	memset(c, 0, sizeof *c);
	c->off = malloc(rows * s->n_cols * sizeof *c->off);
	c->len = malloc(rows * s->n_cols * sizeof *c->len);
	c->fline = malloc(rows * s->b->n_features * sizeof *c->fline);
	c->rows = malloc(rows * s->b->n_features * sizeof *c->rows);
	c->cls = malloc(rows * sizeof *c->cls);
	c->proba = malloc(rows * s->b->n_classes * sizeof *c->proba);
	c->phi = malloc(s->b->n_features * sizeof *c->phi);
	c->out_of_range = calloc(s->b->n_features, sizeof *c->out_of_range);
	c->tcap = s->text_budget < (1 << 16) ? s->text_budget : 1 << 16;
	c->text = malloc(c->tcap);
	c->ocap = c->tcap * 2;
	c->out = malloc(c->ocap);
	return c->off && c->len && c->fline && c->rows && c->cls && c->proba && c->phi &&
	       c->out_of_range && c->text && c->out ? 0 : -1;
}

static int grow(char **buf, size_t *cap, size_t need)
{
	size_t cap2 = *cap;
	char *nb;
	if (need <= *cap)
		return 0;
	while (cap2 < need)
		cap2 *= 2;
	if (!(nb = realloc(*buf, cap2)))
		return -1;
	*buf = nb;
	*cap = cap2;
	return 0;
}

/* Sizes the chunks for n_slots of them within PREDICT_BUDGET. */
static void chunk_sizes(struct scorer *s, size_t n_slots)
{
	size_t per_record = s->n_cols * (sizeof(size_t) * 2) +
	                    s->b->n_features * (sizeof(long) + sizeof(double)) +
	                    sizeof(int) + s->b->n_classes * sizeof(double);
	size_t share = PREDICT_BUDGET / n_slots / 2;
	s->chunk_rows = share / per_record;
	if (s->chunk_rows < 1)
		s->chunk_rows = 1;
	if (s->chunk_rows > CHUNK_ROWS)
		s->chunk_rows = CHUNK_ROWS;
	s->text_budget = share / 3;     /* text, then the output: about twice the text */
}

/* Reads up to s->chunk_rows records (and about s->text_budget bytes) into
 * c.  Returns 1 when the file goes on, 0 at its end or after a failure
 * (then in c->tail_rc).  When the input is a pipe whose writer has not
 * sent the next line yet, the chunk ends early (c->stalled) if it holds
 * records or pending says earlier chunks are not written yet: what has
 * come is scored and written before the reader waits, so a filter's
 * output keeps up with its input. */
static int fill_chunk(struct oc_csv_reader *r, const struct scorer *s, struct chunk *c,
                      int pending)
{
	c->n = c->tlen = c->olen = 0;
	c->err_rc = c->tail_rc = OC_OK;
	c->stalled = c->done = 0;
	while (c->n < s->chunk_rows && (c->n == 0 || c->tlen < s->text_budget)) {
		char **f;
		size_t n = s->n_cols, need = 0;
		long line;
		int got;
		/* whole plain lines already read: in bulk */
		size_t room = c->tcap - c->tlen, used;
		if (c->n && s->text_budget - c->tlen < room)
			room = s->text_budget - c->tlen;
		size_t taken = oc_csv_plain_rows(r, n, s->chunk_rows - c->n, c->text + c->tlen, room,
		                               &used, c->off + c->n * n, &line);
		for (size_t i = 0; i < taken; i++) {
			size_t *off = c->off + (c->n + i) * n, *len = c->len + (c->n + i) * n;
			size_t end = i + 1 < taken ? off[n] : used;
			for (size_t k = 0; k < n; k++) {
				len[k] = (k + 1 < n ? off[k + 1] : end) - off[k] - 1;
				off[k] += c->tlen;
			}
			for (size_t j = 0; j < s->b->n_features; j++)
				c->fline[(c->n + i) * s->b->n_features + j] = line + (long)i;
		}
		if (taken) {
			c->n += taken;
			c->tlen += used;
			continue;
		}
		if ((c->n || pending) && !oc_csv_line_ready(r)) {
			c->stalled = 1;
			return 1;
		}
		got = oc_csv_next_row(r, n, &f, &line, &c->tail_err);
		if (got == 0)
			return 0;
		if (got != 1) {
			c->tail_rc = got;
			return 0;
		}
		for (size_t k = 0; k < n; k++)
			need += oc_csv_field_len(r, k) + 1;
		if (grow(&c->text, &c->tcap, c->tlen + need) < 0) {
			c->tail_rc = oc_err_set(&c->tail_err, OC_EINTERNAL, "out of memory");
			return 0;
		}
		/* the fields are back to back, each with its NUL (csvread.h) */
		memcpy(c->text + c->tlen, f[0], need);
		for (size_t k = 0; k < n; k++) {
			size_t len = oc_csv_field_len(r, k);
			c->off[c->n * n + k] = c->tlen;
			c->len[c->n * n + k] = len;
			c->tlen += len + 1;
		}
		for (size_t j = 0; j < s->b->n_features; j++)
			c->fline[c->n * s->b->n_features + j] = oc_csv_field_line(r, s->col[j]);
		c->n++;
	}
	return 1;
}

/* The repr of the values last formatted, by their bits: a forest's
 * probabilities take few values (multiples of 1/n_trees where its leaves
 * are pure), and each row writes K + 1 of them. */
#define REPR_MEMO 64
struct repr_memo {
	uint64_t bits[REPR_MEMO];
	unsigned char len[REPR_MEMO];   /* 0: empty */
	char text[REPR_MEMO][24];
};

static char *put_num(char *o, double v, struct repr_memo *m)
{
	uint64_t u;
	size_t h;
	int n;
	memcpy(&u, &v, sizeof u);
	h = (size_t)((u ^ u >> 29 ^ u >> 47) % REPR_MEMO);
	if (m->len[h] && m->bits[h] == u) {
		memcpy(o, m->text[h], m->len[h]);
		return o + m->len[h];
	}
	n = oc_fmt_repr(v, o, 32);
	if (n > 0 && n < (int)sizeof m->text[h]) {
		m->bits[h] = u;
		m->len[h] = (unsigned char)n;
		memcpy(m->text[h], o, (size_t)n);
	}
	return o + n;
}

/* Scores the records of c into c->out; stops at the first bad number.
 * The numbers of all records are parsed first, so the model scores the
 * chunk's rows in one call (oc_model_score_rows). */
static void score_chunk(const struct scorer *s, const char *path, struct chunk *c)
{
	const struct oc_bundle *b = s->b;
	const struct oc_trained *t = s->t;
	const size_t nc = s->n_cols, nf = b->n_features, K = b->n_classes;
	size_t cls_len[OC_MAX_CLASSES], names_len = 0;
	size_t n_ok = c->n;
	struct repr_memo memo;

	memset(memo.len, 0, sizeof memo.len);
	for (size_t k = 0; k < K; k++)
		names_len += cls_len[k] = strlen(b->class_names[k]);

	c->err_at = c->n;
	for (size_t i = 0; i < c->n && n_ok == c->n; i++) {
		const size_t *off = c->off + i * nc, *len = c->len + i * nc;
		for (size_t j = 0; j < nf; j++) {
			const char *field = c->text + off[s->col[j]];
			double *x = &c->rows[i * nf + j];
			int why = oc_parse_data_number(field, len[s->col[j]], x);
			if (why == 0 && oc_csv_too_large(*x))
				why = -3;
			if (why) {
				/* the same words as the training reader's */
				c->err_at = n_ok = i;
				c->err_rc = oc_err_set(&c->err, OC_EDATA,
				                       why == -3 ? "%s:%ld:%zu: value too large (|x| > "
				                                   OC_CSV_MAX_ABS_STR "): '%.40s' in column '%s'"
				                       : why == -2 ? "%s:%ld:%zu: '%.40s' in column '%s' is not "
				                                     "a finite number"
				                       : "%s:%ld:%zu: '%.40s' in column '%s' is not a number",
				                       path, c->fline[i * nf + j], s->col[j] + 1, field,
				                       b->features[j].name);
				break;
			}
		}
	}
	oc_model_score_rows(t->ops, t->state, c->rows, n_ok, c->cls, c->proba);
	memset(c->out_of_range, 0, nf * sizeof *c->out_of_range);
	if (b->profile)
		for (size_t i = 0; i < n_ok; i++)
			for (size_t j = 0; j < nf; j++) {
				double x = c->rows[i * nf + j];
				c->out_of_range[j] += x < b->profile->f[j].min || x > b->profile->f[j].max;
			}

	for (size_t i = 0; i < n_ok; i++) {
		const size_t *off = c->off + i * nc, *len = c->len + i * nc;
		const double *proba = c->proba + K * i;
		size_t need = 2 * names_len + (K + 1 + (s->explain ? nf + 1 : 0)) * 33 + 8;
		int pred = c->cls[i];
		double top = proba[0];
		char *o;
		/* Never a NaN or an impossible probability in the output (the
		 * loaders bound the models so that this cannot happen). */
		if (!(proba[0] >= 0.0 && proba[0] <= 1.0 && proba[1] >= 0.0 && proba[1] <= 1.0)) {
			c->err_at = i;
			c->err_rc = oc_err_set(&c->err, OC_EDATA, "%s:%ld: the model gives no "
			                       "probability for this row (%g, %g)", path,
			                       c->fline[i * nf], proba[0], proba[1]);
			return;
		}
		for (size_t k = 0; k < nc; k++)
			need += 2 * len[k] + 3;
		if (grow(&c->out, &c->ocap, c->olen + need) < 0) {
			c->err_at = i;
			c->err_rc = oc_err_set(&c->err, OC_EINTERNAL, "out of memory");
			return;
		}
		o = c->out + c->olen;
		for (size_t k = 0; k < nc; k++) {
			o = oc_csv_format_field(o, c->text + off[k], len[k]);
			*o++ = ',';
		}
		o = oc_csv_format_field(o, b->class_names[pred], cls_len[pred]);
		*o++ = ',';
		/* confidence: the largest class probability */
		for (size_t k = 1; k < K; k++)
			if (proba[k] > top)
				top = proba[k];
		o = put_num(o, top, &memo);
		for (size_t k = 0; k < K; k++) {
			*o++ = ',';
			o = put_num(o, proba[k], &memo);
		}
		if (s->explain) {
			double base;
			struct oc_explain_in ein = s->ein;
			ein.cls = oc_explain_class(K, pred);
			int rc = t->ops->explain(t->state, c->rows + i * nf, &ein, c->phi, &base, &c->err);
			if (rc) {
				c->err_at = i;
				c->err_rc = rc;
				return;
			}
			*o++ = ',';
			o = put_num(o, base, &memo);
			for (size_t j = 0; j < nf; j++) {
				*o++ = ',';
				o = put_num(o, c->phi[j], &memo);
			}
		}
		*o++ = '\n';
		c->olen = (size_t)(o - c->out);
	}
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct chunk *c;
		while (!p->q_len && !p->closing)
			pthread_cond_wait(&p->work, &p->mu);
		if (!p->q_len)
			break;
		c = p->queue[p->q_head];
		p->q_head = (p->q_head + 1) % p->q_cap;
		p->q_len--;
		pthread_mutex_unlock(&p->mu);
		score_chunk(p->s, p->path, c);
		pthread_mutex_lock(&p->mu);
		c->done = 1;
		pthread_cond_broadcast(&p->finished);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Writes c's lines once it is scored.  Returns OC_OK, or the failure that
 * ends the run (err filled). */
static int flush_chunk(struct pool *p, const struct scorer *s, struct chunk *c,
                       struct oc_err *err)
{
	if (p) {
		pthread_mutex_lock(&p->mu);
		while (!c->done)
			pthread_cond_wait(&p->finished, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
	if (c->olen)
		fwrite(c->out, 1, c->olen, stdout);
	for (size_t j = 0; j < s->b->n_features; j++)
		s->out_of_range[j] += c->out_of_range[j];
	if (c->err_rc) {
		*err = c->err;
		return c->err_rc;
	}
	if (c->tail_rc) {
		*err = c->tail_err;
		return c->tail_rc;
	}
	return OC_OK;
}

/* Reads, scores and writes every record: chunks are scored by n_jobs
 * threads in any order and written strictly in file order, so the output
 * never depends on the thread count. */
static int score_all(struct oc_csv_reader *r, struct scorer *s, int n_jobs, struct oc_err *err)
{
	const size_t n_slots = n_jobs > 1 ? 2 * (size_t)n_jobs + 1 : 1;
	struct chunk *ring = calloc(n_slots, sizeof *ring);
	pthread_t *tid = NULL;
	struct pool pool, *p = NULL;
	size_t started = 0, seq_read = 0, seq_written = 0;
	int rc = OC_OK, more = 1;

	if (!ring)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	chunk_sizes(s, n_slots);
	for (size_t k = 0; k < n_slots; k++)
		if (chunk_alloc(&ring[k], s) < 0) {
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto out;
		}
	if (n_jobs > 1) {
		memset(&pool, 0, sizeof pool);
		pool.s = s;
		pool.path = oc_csv_path(r);
		pool.q_cap = n_slots;
		pool.queue = calloc(n_slots, sizeof *pool.queue);
		tid = calloc((size_t)n_jobs, sizeof *tid);
		if (!pool.queue || !tid) {
			free(pool.queue);
			rc = oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto out;
		}
		pthread_mutex_init(&pool.mu, NULL);
		pthread_cond_init(&pool.work, NULL);
		pthread_cond_init(&pool.finished, NULL);
		for (; started < (size_t)n_jobs; started++)
			if (pthread_create(&tid[started], NULL, worker, &pool) != 0)
				break;
		if (started)
			p = &pool;
	}
	while (more && rc == OC_OK) {
		struct chunk *c;
		if (atomic_load(oc_sig_cancel())) {
			rc = OC_ECANCELED;
			break;
		}
		if (seq_read - seq_written == n_slots) {
			rc = flush_chunk(p, s, &ring[seq_written % n_slots], err);
			seq_written++;
			if (rc || ferror(stdout))
				break;
		}
		c = &ring[seq_read % n_slots];
		more = fill_chunk(r, s, c, seq_read > seq_written);
		seq_read++;
		if (!p) {
			score_chunk(s, oc_csv_path(r), c);
			c->done = 1;
		} else {
			pthread_mutex_lock(&pool.mu);
			pool.queue[(pool.q_head + pool.q_len) % pool.q_cap] = c;
			pool.q_len++;
			pthread_cond_signal(&pool.work);
			pthread_mutex_unlock(&pool.mu);
		}
		/* The input waits for its writer: everything read so far goes
		 * out first (in file order, so the bytes are the same). */
		while (c->stalled && rc == OC_OK && seq_written < seq_read) {
			rc = flush_chunk(p, s, &ring[seq_written % n_slots], err);
			seq_written++;
		}
		if (c->stalled && rc == OC_OK && fflush(stdout) != 0)
			break;
	}
	while (rc == OC_OK && seq_written < seq_read && !ferror(stdout)) {
		rc = flush_chunk(p, s, &ring[seq_written % n_slots], err);
		seq_written++;
	}
out:
	if (p) {
		pthread_mutex_lock(&pool.mu);
		pool.closing = 1;
		pool.q_len = 0;         /* after a failure, queued chunks are dropped */
		pthread_cond_broadcast(&pool.work);
		pthread_mutex_unlock(&pool.mu);
	}
	for (size_t k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	if (n_jobs > 1 && pool.queue) {
		pthread_mutex_destroy(&pool.mu);
		pthread_cond_destroy(&pool.work);
		pthread_cond_destroy(&pool.finished);
		free(pool.queue);
	}
	free(tid);
	for (size_t k = 0; k < n_slots; k++)
		chunk_free(&ring[k]);
	free(ring);
	return rc;
}

/* --explain: what the model explains against (the training profile), and
 * a refusal before any output when this model cannot explain. */
static int explain_setup(struct scorer *s, struct oc_err *err)
{
	const struct oc_bundle *b = s->b;
	const struct oc_model_ops *ops = s->t->ops;
	if (!ops->explain)
		return oc_err_set(err, OC_EUSAGE, "--explain: %s has no explanations", ops->title);
	/* the class explained is chosen per row (oc_explain_class) */
	if (b->profile) {
		double *mean = malloc(b->n_features * sizeof *mean);
		if (!mean)
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		for (size_t j = 0; j < b->n_features; j++)
			mean[j] = b->profile->f[j].mean;
		s->ein.mean = mean;
		s->ein.background = b->profile->background;
		s->ein.n_background = b->profile->n_background;
	}
	/* one row at the training mean (or the slider defaults) tells whether
	 * the model can explain at all, before the header is written */
	double *row = malloc(b->n_features * sizeof *row), *phi = malloc(b->n_features * sizeof *phi);
	double base;
	int rc = row && phi ? OC_OK : oc_err_set(err, OC_EINTERNAL, "out of memory");
	for (size_t j = 0; !rc && j < b->n_features; j++)
		row[j] = b->profile ? b->profile->f[j].mean : b->features[j].def;
	if (!rc) {
		struct oc_explain_in ein = s->ein;
		ein.cls = oc_explain_class(b->n_classes, oc_model_predict(ops, s->t->state, row));
		rc = ops->explain(s->t->state, row, &ein, phi, &base, err);
	}
	free(row);
	free(phi);
	return rc;
}

/* Rows outside the training range are scored like any other, but never
 * silently: one line per feature on stderr. */
static void warn_out_of_range(const struct scorer *s, const char *path)
{
	const struct oc_bundle *b = s->b;
	if (!b->profile)
		return;
	for (size_t j = 0; j < b->n_features; j++) {
		char lo[32], hi[32];
		if (!s->out_of_range[j])
			continue;
		oc_fmt_repr(b->profile->f[j].min, lo, sizeof lo);
		oc_fmt_repr(b->profile->f[j].max, hi, sizeof hi);
		fputs(PACKAGE ": warning: ", stderr);
		oc_put_escaped(stderr, path, strlen(path));
		fprintf(stderr, ": %zu row%s with ", s->out_of_range[j],
		        s->out_of_range[j] == 1 ? "" : "s");
		oc_put_escaped(stderr, b->features[j].name, strlen(b->features[j].name));
		fprintf(stderr, " outside the training range [%s, %s]\n", lo, hi);
	}
}

/* A last line without a line end is read as a whole row, as pandas reads
 * it, but a stream cut short (head -c, a dropped connection) ends so too:
 * its last value may be cut, and only this line says so. */
static void warn_unterminated(const struct oc_csv_reader *r)
{
	const char *path = oc_csv_path(r);
	if (!oc_csv_unterminated(r))
		return;
	fputs(PACKAGE ": warning: ", stderr);
	oc_put_escaped(stderr, path, strlen(path));
	fputs(": the last line has no line end; if the input was cut short, its last "
	      "row is incomplete\n", stderr);
}

int oc_cmd_predict(const struct oc_cli *cli, const struct oc_config *cfg)
{
	static char outbuf[1 << 16];
	struct oc_bundle *b = NULL;
	struct oc_csv_reader *r = NULL;
	struct scorer s;
	struct oc_err err;
	int rc, idx = 0, sig = 0;

	oc_err_clear(&err);
	if ((rc = oc_cmd_load_model(cli, cfg, &b, &idx)))
		return rc;
	memset(&s, 0, sizeof s);
	s.b = b;
	s.t = &b->models[idx];
	s.col = malloc(b->n_features * sizeof *s.col);
	s.out_of_range = calloc(b->n_features, sizeof *s.out_of_range);
	s.explain = cli->explain;
	if (s.explain && (rc = explain_setup(&s, &err)))
		goto out;
	if (!s.col || !s.out_of_range) {
		rc = oc_err_set(&err, OC_EINTERNAL, "out of memory");
		goto out;
	}
	/* A signal stops the scoring between chunks (or a read): what was
	 * scored is written whole, and the status says the output is not. */
	oc_sig_install();
	r = oc_csv_open(cli->predict_path, &err);
	rc = !r ? (err.status ? err.status : OC_ENOINPUT) : OC_OK;
	if (!rc) {
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
		/* the header goes out at once: a filter's reader sees it
		 * before the first row is complete */
		if (!(rc = start(r, &s, &err)) && fflush(stdout) == 0)
			rc = score_all(r, &s, cfg->n_jobs > 1 ? cfg->n_jobs : 1, &err);
		if (!rc) {
			warn_out_of_range(&s, oc_csv_path(r));
			warn_unterminated(r);
		}
	}
	sig = oc_sig_caught();
	oc_sig_restore();
	if (sig) {
		fflush(stdout);
		fprintf(stderr, "opticure: interrupted (%s); the output is incomplete\n",
		        strsignal(sig));
		rc = 128 + sig;
	}
out:
	oc_csv_close(&r);
	free(s.col);
	free(s.out_of_range);
	free((void *)s.ein.mean);
	oc_bundle_free(&b);
	if (sig)
		return rc;
	if (rc) {
		fflush(stdout);
		oc_report_error(&err);
		return rc;
	}
	return oc_finish_stdout();
}
