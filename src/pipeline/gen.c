/* SPDX-License-Identifier: MIT */
/* gen.c - the original synthetic curing-data generator (see gen.h), and
 * its CSV and JSON metadata files.
 *
 * Reproduces generate_data.py: numpy legacy RandomState draws one whole
 * column per call (so a Box-Muller value kept at the end of one normal
 * column is the first value of the next), the quality rule on unrounded
 * values, then numpy.round(x, 2) = rint(x * 100) / 100.  The metadata is
 * json.dump(meta, indent=2) of the original keys, plus the CSV's SHA-256;
 * a timestamp only from SOURCE_DATE_EPOCH (reproducible-builds.org), so an
 * unchanged run rewrites identical files.
 *
 * Rows are made one at a time, so that --generate needs the same memory
 * for any number of rows: one generator state per column, each placed
 * where numpy's draws for that column begin.  A first pass draws the
 * earlier columns and keeps only the state after them (a normal column's
 * draw count depends on the polar method's rejections, so it cannot be
 * skipped by arithmetic); the second pass then draws row i of every
 * column from its own state - the very values numpy's column-wise calls
 * give, in row order. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/artset.h"
#include "data/csvwrite.h"
#include "data/curing.h"
#include "pipeline/gen.h"
#include "core/hash.h"
#include "core/numfmt.h"
#include "core/rng.h"

#define NCOLS OC_CURING_COLUMNS

/* Rows between two looks at the cancel flag. */
#define CANCEL_EVERY 4096

/* A line of the CSV: NCOLS + 1 fields, each a number (shortest repr, at
 * most 25 bytes) or a name of at most NAME_ROOM bytes (quoted at worst:
 * 2 * len + 2), with its comma or '\n'. */
#define NAME_ROOM 64
#define LINE_MAX_BYTES ((NCOLS + 1) * (2 * NAME_ROOM + 3))

/* --- Rows one at a time --- */

struct gen_stream {
	struct oc_rng col[NCOLS];       /* state at column j's next draw */
};

static double draw(struct oc_rng *r, const struct oc_curing_column *c)
{
	return c->draw == OC_DRAW_NORMAL ? oc_rng_normal(r, c->a, c->b)
	                                 : oc_rng_uniform(r, c->a, c->b);
}

static void stream_init(struct gen_stream *g, size_t n, uint32_t seed)
{
	oc_rng_seed(&g->col[0], seed);
	for (int j = 1; j < NCOLS; j++) {
		g->col[j] = g->col[j - 1];
		for (size_t i = 0; i < n; i++)
			(void)draw(&g->col[j], &oc_curing_columns[j - 1]);
	}
}

/* The next row, rounded, into v; its grade by the rule on the unrounded
 * values: 0 Premium, 1 Standard; with three grades 0 Premium, 1 Reject,
 * 2 Standard (the names' byte order). */
static int stream_row(struct gen_stream *g, int grades, double v[NCOLS])
{
	int std = 0, rej = 0;
	for (int j = 0; j < NCOLS; j++) {
		const struct oc_curing_column *c = &oc_curing_columns[j];
		double x = draw(&g->col[j], c);
		std |= x > c->standard_above || x < c->standard_below;
		rej |= x > c->reject_above || x < c->reject_below;
		v[j] = rint(x * 100.0) / 100.0;
	}
	return grades == 2 ? std : rej ? 1 : std ? 2 : 0;
}

const char *const *oc_gen_grade_names(int grades)
{
	return grades == 3 ? oc_curing_grades3 : oc_curing_grades;
}

static int check_args(long rows, int grades, struct oc_err *err)
{
	if (rows < 1)
		return oc_err_set(err, OC_ECONFIG, "rows must be at least 1 (got %ld)", rows);
	if (grades < OC_GEN_MIN_GRADES || grades > OC_GEN_MAX_GRADES)
		return oc_err_set(err, OC_ECONFIG, "grades must be 2 or 3 (got %d)", grades);
	return OC_OK;
}

/* Where generated rows go: the CSV text (f, hashed into sha), the rows
 * (ds), or both; and the grades seen. */
struct gen_sink {
	FILE *f;
	struct oc_sha256 sha;
	struct oc_dataset *ds;
	const atomic_int *cancel;
	int write_errno;                /* of the write that failed */
	struct oc_gen_summary sum;
};

/* Writes len bytes of line to k->f and hashes them; 0 or EOF. */
static int emit(struct gen_sink *k, const char *line, size_t len)
{
	oc_sha256_update(&k->sha, line, len);
	errno = 0;
	if (fwrite(line, 1, len, k->f) == len)
		return 0;
	k->write_errno = errno ? errno : EIO;
	return EOF;
}

static char *put_name(char *p, const char *s)
{
	return oc_csv_format_field(p, s, strlen(s));
}

/* Generates rows rows of grades grades into k.  OC_ECANCELED when the
 * flag is raised, OC_EIO on a write error (k->write_errno says which). */
static int generate_rows(long rows, uint32_t seed, int grades, struct gen_sink *k,
                         struct oc_err *err)
{
	const char *const *names = oc_gen_grade_names(grades);
	struct gen_stream *g;
	char line[LINE_MAX_BYTES], *p;
	size_t n = (size_t)rows;
	double v[NCOLS];
	int rc = OC_OK;

	for (int j = 0; j < NCOLS; j++)
		if (strlen(oc_curing_columns[j].name) > NAME_ROOM)
			return oc_err_set(err, OC_EINTERNAL, "column name too long");
	for (int c = 0; c < grades; c++)
		if (strlen(names[c]) > NAME_ROOM)
			return oc_err_set(err, OC_EINTERNAL, "grade name too long");
	if (strlen(OC_CURING_LABEL) > NAME_ROOM)
		return oc_err_set(err, OC_EINTERNAL, "label name too long");
	if (!(g = malloc(sizeof *g)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	memset(&k->sum, 0, sizeof k->sum);
	k->sum.grades = grades;
	oc_sha256_init(&k->sha);
	if (k->f) {
		p = line;
		for (int j = 0; j < NCOLS; j++) {
			p = put_name(p, oc_curing_columns[j].name);
			*p++ = ',';
		}
		p = put_name(p, OC_CURING_LABEL);
		*p++ = '\n';
		if (emit(k, line, (size_t)(p - line)))
			rc = oc_err_set(err, OC_EIO, "write error");
	}
	stream_init(g, n, seed);
	for (size_t i = 0; i < n && !rc; i++) {
		int y = stream_row(g, grades, v);
		if (!k->sum.count[y])
			k->sum.order[k->sum.n_grades++] = y;
		k->sum.count[y]++;
		if (k->ds) {
			memcpy(k->ds->x + i * NCOLS, v, sizeof v);
			k->ds->y[i] = y;
		}
		if (k->f) {
			p = line;
			for (int j = 0; j < NCOLS; j++) {
				p += oc_fmt_repr(v[j], p, 32);
				*p++ = ',';
			}
			p = put_name(p, names[y]);
			*p++ = '\n';
			if (emit(k, line, (size_t)(p - line)))
				rc = oc_err_set(err, OC_EIO, "write error");
		}
		if (k->cancel && i % CANCEL_EVERY == CANCEL_EVERY - 1 && atomic_load(k->cancel))
			rc = oc_err_set(err, OC_ECANCELED, "interrupted; previous files left unchanged");
	}
	k->sum.n_rows = n;
	free(g);
	return rc;
}

/* A data set of n rows with the curing schema's names; NULL when out of
 * memory. */
static struct oc_dataset *new_dataset(size_t n, int grades)
{
	const char *const *names = oc_gen_grade_names(grades);
	struct oc_dataset *ds = oc_dataset_new(n, NCOLS);
	if (!ds)
		return NULL;
	for (int j = 0; j < NCOLS; j++)
		if (!(ds->feature_names[j] = strdup(oc_curing_columns[j].name)))
			goto nomem;
	if (!(ds->label_name = strdup(OC_CURING_LABEL)))
		goto nomem;
	ds->n_classes = (size_t)grades;
	for (int c = 0; c < grades; c++)
		if (!(ds->class_names[c] = strdup(names[c])))
			goto nomem;
	return ds;
nomem:
	oc_dataset_free(&ds);
	return NULL;
}

int oc_generate(long rows, uint32_t seed, int grades, struct oc_dataset **out,
                struct oc_err *err)
{
	struct gen_sink k;
	int rc;

	*out = NULL;
	if ((rc = check_args(rows, grades, err)))
		return rc;
	memset(&k, 0, sizeof k);
	if (!(k.ds = new_dataset((size_t)rows, grades)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory for %ld rows", rows);
	if ((rc = generate_rows(rows, seed, grades, &k, err))) {
		oc_dataset_free(&k.ds);
		return rc;
	}
	oc_dataset_update_ranges(k.ds);
	*out = k.ds;
	return OC_OK;
}

/* --- The metadata --- */

/* JSON string (the names are ASCII; escapes as json.dump would). */
static void put_json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

/* "YYYY-MM-DDTHH:MM:SSZ" from $SOURCE_DATE_EPOCH into buf; 0 when unset,
 * 1 when set, -1 when malformed. */
static int source_date(char *buf, size_t bufsz)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	time_t t;
	struct tm tm;
	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || (long long)(t = (time_t)v) != v || !gmtime_r(&t, &tm))
		return -1;
	strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 1;
}

/* The SOURCE_DATE_EPOCH stamp into stamp[64], or "" when unset. */
static int get_stamp(char *stamp, struct oc_err *err)
{
	int has = source_date(stamp, 64);
	if (has < 0)
		return oc_err_set(err, OC_ECONFIG,
		                  "SOURCE_DATE_EPOCH is not a number of seconds since 1970: '%s'",
		                  getenv("SOURCE_DATE_EPOCH"));
	if (!has)
		stamp[0] = '\0';
	return OC_OK;
}

static int write_meta(FILE *f, const struct oc_gen_summary *s, uint32_t seed, const char *stamp,
                      const char *sha)
{
	const char *const *names = oc_gen_grade_names(s->grades);
	int order[OC_GEN_MAX_GRADES], ng = s->n_grades;
	fprintf(f, "{\n  \"total_records\": %zu,\n  \"columns\": [\n", s->n_rows);
	for (int j = 0; j < NCOLS; j++) {
		fputs("    ", f);
		put_json_string(f, oc_curing_columns[j].name);
		fputs(",\n", f);
	}
	fputs("    ", f);
	put_json_string(f, OC_CURING_LABEL);
	/* quality_grades: order of first appearance (pandas unique()). */
	fputs("\n  ],\n  \"quality_grades\": [\n", f);
	for (int k = 0; k < ng; k++) {
		fputs("    ", f);
		put_json_string(f, names[s->order[k]]);
		fputs(k + 1 < ng ? ",\n" : "\n", f);
	}
	/* grade_distribution: value_counts(), by descending count, ties in
	 * order of first appearance (a stable insertion sort). */
	for (int k = 0; k < ng; k++) {
		int t = s->order[k], j = k;
		for (; j > 0 && s->count[order[j - 1]] < s->count[t]; j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
	fputs("  ],\n  \"grade_distribution\": {\n", f);
	for (int k = 0; k < ng; k++) {
		fputs("    ", f);
		put_json_string(f, names[order[k]]);
		fprintf(f, ": %zu%s", s->count[order[k]], k + 1 < ng ? ",\n" : "\n");
	}
	fprintf(f, "  },\n  \"random_seed\": %lu,\n", (unsigned long)seed);
	if (*stamp) {
		fputs("  \"generation_timestamp\": ", f);
		put_json_string(f, stamp);
		fputs(",\n", f);
	}
	fputs("  \"data_sha256\": ", f);
	put_json_string(f, sha);
	fputs("\n}", f);
	return ferror(f) ? EOF : 0;
}

/* The metadata text into *meta (malloc'd). */
static int render_meta(const struct oc_gen_summary *s, uint32_t seed, const char *stamp,
                       const char *sha, char **meta, size_t *len, struct oc_err *err)
{
	FILE *f = open_memstream(meta, len);
	int bad;
	if (!f)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	bad = write_meta(f, s, seed, stamp, sha);
	if (fclose(f) != 0 || bad) {
		free(*meta);
		*meta = NULL;
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	return OC_OK;
}

static void sha_hex(struct oc_sha256 *s, char hex[65])
{
	unsigned char d[32];
	oc_sha256_final(s, d);
	oc_hex(d, sizeof d, hex);
}

/* --- In memory (--batch) --- */

int oc_generate_render(long rows, uint32_t seed, int grades, struct oc_gen_text *out,
                       struct oc_dataset **ds_out, struct oc_err *err)
{
	struct gen_sink k;
	char stamp[64];
	int st;

	memset(out, 0, sizeof *out);
	memset(&k, 0, sizeof k);
	if (ds_out)
		*ds_out = NULL;
	if ((st = get_stamp(stamp, err)) || (st = check_args(rows, grades, err)))
		return st;
	if (!(k.ds = new_dataset((size_t)rows, grades)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory for %ld rows", rows);
	if (!(k.f = open_memstream(&out->csv, &out->csv_len))) {
		st = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto done;
	}
	st = generate_rows(rows, seed, grades, &k, err);
	if (fclose(k.f) != 0 && !st)
		st = OC_EIO;
	if (st) {
		st = oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto done;
	}
	sha_hex(&k.sha, out->csv_sha256);
	if ((st = render_meta(&k.sum, seed, stamp, out->csv_sha256, &out->meta, &out->meta_len,
	                      err)))
		goto done;
	oc_dataset_update_ranges(k.ds);
	if (ds_out) {
		*ds_out = k.ds;
		k.ds = NULL;
	}
done:
	if (st)
		oc_gen_text_free(out);
	oc_dataset_free(&k.ds);
	return st;
}

void oc_gen_text_free(struct oc_gen_text *t)
{
	free(t->csv);
	free(t->meta);
	memset(t, 0, sizeof *t);
}

/* --- Streamed into the artifact directory (--generate) --- */

int oc_generate_write(const char *dir, long rows, uint32_t seed, int grades,
                      const struct oc_lock_opts *lk, struct oc_gen_summary *sum,
                      struct oc_err *err)
{
	struct gen_sink k;
	struct oc_artset set;
	char stamp[64], sha[65], *meta = NULL;
	size_t meta_len = 0;
	int st;

	memset(&k, 0, sizeof k);
	if ((st = get_stamp(stamp, err)) || (st = check_args(rows, grades, err)))
		return st;
	k.cancel = lk ? lk->cancel : NULL;
	/* The CSV is written to its temporary as it is generated, the
	 * metadata (which needs the CSV's hash) after it; both are synced
	 * before either is renamed, as one set. */
	if ((st = oc_artset_begin(&set, dir, lk, err)))
		return st;
	if (!(st = oc_artset_add(&set, OC_GEN_CSV, &k.f, err))) {
		if ((st = generate_rows(rows, seed, grades, &k, err)) == OC_EIO)
			st = oc_artset_write_failed(&set, OC_GEN_CSV, k.write_errno, err);
	}
	if (!st) {
		sha_hex(&k.sha, sha);
		if (!(st = render_meta(&k.sum, seed, stamp, sha, &meta, &meta_len, err)) &&
		    !(st = oc_artset_add_buf(&set, OC_GEN_META, meta, meta_len, err)) &&
		    !(st = oc_artset_sync(&set, err)) &&
		    !(st = k.cancel && atomic_load(k.cancel)
		           ? oc_err_set(err, OC_ECANCELED, "interrupted; previous files left unchanged")
		           : OC_OK))
			st = oc_artset_commit(&set, err);
	}
	oc_artset_end(&set);
	free(meta);
	if (!st && sum)
		*sum = k.sum;
	return st;
}
