/* SPDX-License-Identifier: MIT */
/* modelfile.c - bat_curing_pipeline.model: writer and validating reader.
 *
 * The layout (documented in opticure-model(5)) follows LIBSVM's text model
 * files with their gaps closed: a magic line with a major.minor version, a
 * fixed sequence of header records, one block per model whose body is the
 * model's own ops->save output between "begin KEY" and "end KEY", and a
 * final "crc32 XXXXXXXX" line over every byte before it.  The reader checks
 * the magic and version first (so a newer file gets a version message, not
 * a checksum one), then the checksum, then parses strictly: every record in
 * its place, every count and index bounded, no NaN, nothing after the last
 * model.  Timings are deliberately not stored: identical runs must give
 * identical files. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#include "io/atomicio.h"
#include "data/input.h"
#include "core/hash.h"
#include "io/modelfile.h"
#include "data/csvread.h"
#include "io/modelfile_cv.h"
#include "core/modelio.h"

/* Largest feature count accepted: every value of a model line must fit in
 * the reader's token limit with room for the key. */
#define MF_MAX_FEATURES (OC_MR_MAXTOK - 8)
#define MF_MAX_BYTES ((size_t)OC_MODELFILE_MAX_BYTES)

/* --- The training settings: every model's hyperparameter table --- */

/* The record of a hyperparameter: "gb_max_depth" for gb's max_depth. */
static const char *param_record(const struct oc_model_ops *ops, const struct oc_setting *s,
                                char *buf, size_t size)
{
	snprintf(buf, size, "%s_%s", ops->key, s->key);
	return buf;
}

/* Numbers as numbers (%.17g, read back bit for bit); other types as the
 * quoted text of their INI spelling. */
static void put_params(struct oc_mwriter *w, const struct oc_model_params *p)
{
	char name[80], text[512];
	for (int k = 0; k < OC_MODEL_COUNT; k++) {
		const struct oc_model_ops *ops = oc_model_registry[k];
		for (size_t i = 0; i < ops->n_params; i++) {
			const struct oc_setting *s = &ops->params[i];
			const void *field = oc_setting_cfield(s, p);
			param_record(ops, s, name, sizeof name);
			if (s->type == OC_SET_LONG) {
				oc_mw_long(w, name, *(const long *)field);
			} else if (s->type == OC_SET_DOUBLE) {
				oc_mw_double(w, name, *(const double *)field);
			} else {
				oc_setting_format(s, p, text, sizeof text);
				oc_mw_str(w, name, text);
			}
		}
	}
}

/* Reads what put_params wrote, within the same bounds as the INI file.
 * A key newer than the file's minor version keeps its default. */
static int read_params(struct oc_mreader *r, int minor, struct oc_model_params *p,
                       struct oc_err *err)
{
	char name[80], range[64], why[200];
	int rc;
	oc_model_params_defaults(p);
	for (int k = 0; k < OC_MODEL_COUNT; k++) {
		const struct oc_model_ops *ops = oc_model_registry[k];
		for (size_t i = 0; i < ops->n_params; i++) {
			const struct oc_setting *s = &ops->params[i];
			void *field = oc_setting_field(s, p);
			if (minor < s->file_minor)
				continue;
			param_record(ops, s, name, sizeof name);
			if (s->type == OC_SET_LONG) {
				if ((rc = oc_mr_long(r, name, (long)s->min, (long)s->max, field, err)))
					return rc;
			} else if (s->type == OC_SET_DOUBLE) {
				if ((rc = oc_mr_double(r, name, field, err)))
					return rc;
				if (!oc_setting_in_range(s, *(double *)field))
					return oc_mr_error(r, err, "'%s': must be %s", name,
					                   oc_setting_range(s, range, sizeof range));
			} else {
				char *text = NULL;
				const char *bad;
				if ((rc = oc_mr_str(r, name, &text, err)))
					return rc;
				bad = oc_setting_parse(s, p, text, why, sizeof why);
				free(text);
				if (bad)
					return oc_mr_error(r, err, "'%s': %s", name, bad);
			}
		}
	}
	return OC_OK;
}

/* --- Writer --- */

/* Two classes: the 1.0 records.  K > 2: the confusion matrix one row per
 * line, and each class's one-vs-rest AUC after the support. */
static void put_metrics(struct oc_mwriter *w, const struct oc_metrics *m)
{
	size_t K = m->n_classes;
	oc_mw_printf(w, "metrics %zu %.17g %.17g %.17g %.17g\n", m->n, m->accuracy, m->precision,
	             m->recall, m->auc);
	if (K == 2) {
		oc_mw_printf(w, "confusion %zu %zu %zu %zu\n", m->confusion[0], m->confusion[1],
		             m->confusion[2], m->confusion[3]);
	} else {
		for (size_t c = 0; c < K; c++) {
			oc_mw_printf(w, "confusion");
			for (size_t e = 0; e < K; e++)
				oc_mw_printf(w, " %zu", m->confusion[c * K + e]);
			oc_mw_printf(w, "\n");
		}
	}
	oc_mw_doubles(w, "class_precision", m->class_precision, K);
	oc_mw_doubles(w, "class_recall", m->class_recall, K);
	oc_mw_doubles(w, "class_f1", m->class_f1, K);
	oc_mw_printf(w, "support");
	for (size_t c = 0; c < K; c++)
		oc_mw_printf(w, " %zu", m->support[c]);
	oc_mw_printf(w, "\n");
	if (K > 2)
		oc_mw_doubles(w, "class_auc", m->class_auc, K);
}

/* A model whose training diverged (features of huge magnitude overflow in
 * float32 or in exp) holds NaN or infinities; the reader rejects them, so
 * the writer must never produce them.  Scans the unquoted values of
 * w->buf[from..] and names the record holding the first one. */
static int check_finite(const struct oc_mwriter *w, size_t from, const char *model, struct oc_err *err)
{
	const char *line = w->buf + from, *p = line, *end = w->buf + w->len;
	int in_quote = 0, at_token = 1;
	for (; p < end; p++) {
		if (*p == '\n') {
			line = p + 1;
			at_token = 1;
			in_quote = 0;
			continue;
		}
		if (in_quote) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				in_quote = 0;
			continue;
		}
		if (*p == '"') {
			in_quote = 1;
		} else if (*p == ' ') {
			at_token = 1;
			continue;
		} else if (at_token && p != line) {
			const char *t = (*p == '-' || *p == '+') ? p + 1 : p;
			if (end - t >= 3 && (*t == 'n' || *t == 'N' || *t == 'i' || *t == 'I') &&
			    (strncasecmp(t, "nan", 3) == 0 || strncasecmp(t, "inf", 3) == 0))
				return oc_err_set(err, OC_EDATA,
				                  "model '%s': training diverged (non-finite value in '%.*s'); "
				                  "are some feature values too large in magnitude?",
				                  model, (int)strcspn(line, " \n"), line);
		}
		at_token = 0;
	}
	return OC_OK;
}

int oc_bundle_format(const struct oc_bundle *b, struct oc_mwriter *w, struct oc_err *err)
{
	char crc[32];
	int rc;
	if (!b->n_features || b->n_features > MF_MAX_FEATURES || !b->n_models ||
	    b->n_models > OC_MODEL_COUNT || b->best < 0 || (size_t)b->best >= b->n_models ||
	    b->n_classes < 2 || b->n_classes > OC_MAX_CLASSES)
		return oc_err_set(err, OC_EINTERNAL, "model file: inconsistent bundle");
	/* 1.2 only where its records are needed (K > 2 classes, a label type
	 * other than strings, a cross-validation report): other files stay
	 * 1.1, byte for byte */
	oc_mw_printf(w, "%s %d.%d\n", OC_MODELFILE_MAGIC, OC_MODELFILE_MAJOR,
	             b->n_classes == 2 && b->class_type == OC_CLASS_STR && !b->cv
	                     ? OC_MODELFILE_MINOR_TWO_CLASSES : OC_MODELFILE_MINOR);
	oc_mw_str(w, "producer", b->producer ? b->producer : "");
	oc_mw_str(w, "label", b->label_name);
	oc_mw_printf(w, "classes");
	for (size_t c = 0; c < b->n_classes; c++) {
		oc_mw_printf(w, " ");
		oc_mw_quoted(w, b->class_names[c]);
	}
	oc_mw_printf(w, "\n");
	if (b->class_type != OC_CLASS_STR)
		oc_mw_printf(w, "class_type %s\n", oc_class_type_name(b->class_type));
	oc_mw_printf(w, "features %zu\n", b->n_features);
	for (size_t j = 0; j < b->n_features; j++) {
		const struct oc_feature_info *f = &b->features[j];
		oc_mw_printf(w, "feature ");
		oc_mw_quoted(w, f->name);
		oc_mw_printf(w, " ");
		oc_mw_quoted(w, f->unit ? f->unit : "");
		oc_mw_printf(w, " %.17g %.17g %.17g\n", f->lo, f->hi, f->def);
	}
	oc_mw_printf(w, "data_sha256 %s\n", b->data_sha256);
	oc_mw_printf(w, "split %s\n", b->test_file ? "file" : "stratified");
	oc_mw_double(w, "test_ratio", b->test_ratio);
	oc_mw_long(w, "split_seed", b->split_seed);
	oc_mw_printf(w, "rows %zu %zu\n", b->n_train, b->n_test);
	put_params(w, &b->params);
	oc_mw_printf(w, "numpy_simd %s %s\n", oc_numpy_simd_names[b->params.numpy_simd],
	             oc_np_kernel_names[b->np_kernel]);
	if (b->profile)
		oc_profile_save(b->profile, w);
	if (b->cv)
		oc_mf_cv_put_header(w, b);
	oc_mw_printf(w, "models %zu\n", b->n_models);
	for (size_t i = 0; i < b->n_models; i++) {
		const struct oc_trained *t = &b->models[i];
		if (!t->ops || !t->state)
			return oc_err_set(err, OC_EINTERNAL, "model file: model %zu is empty", i);
		oc_mw_printf(w, "model %s\n", t->ops->key);
		oc_mw_printf(w, "best %d\n", (int)i == b->best);
		put_metrics(w, &t->metrics);
		if (b->cv)
			oc_mf_cv_put_model(w, b, i);
		oc_mw_printf(w, "begin %s\n", t->ops->key);
		size_t body = w->len;
		rc = t->ops->save(t->state, w, err);
		if (rc)
			return rc;
		rc = check_finite(w, body, t->ops->key, err);
		if (rc)
			return rc;
		oc_mw_printf(w, "end %s\n", t->ops->key);
	}
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	if (w->len + 16 > MF_MAX_BYTES)
		return oc_err_set(err, OC_ECANTCREAT, "model file: %zu MiB, more than the %zu MiB "
		                  "limit; train fewer trees or on fewer rows", w->len >> 20,
		                  MF_MAX_BYTES >> 20);
	snprintf(crc, sizeof crc, "crc32 %08lx\n", (unsigned long)oc_crc32(0, w->buf, w->len));
	oc_mw_printf(w, "%s", crc);
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	return OC_OK;
}

int oc_bundle_save(const struct oc_bundle *b, const char *path, struct oc_err *err)
{
	struct oc_mwriter w;
	int rc;
	oc_mw_init(&w);
	rc = oc_bundle_format(b, &w, err);
	if (!rc)
		rc = oc_atomic_write(path, w.buf, w.len, err);
	oc_mw_free(&w);
	return rc;
}

/* --- Reader --- */

void oc_bundle_free(struct oc_bundle **bp)
{
	struct oc_bundle *b;
	if (!bp || !*bp)
		return;
	b = *bp;
	free(b->producer);
	if (b->features) {
		for (size_t j = 0; j < b->n_features; j++) {
			free(b->features[j].name);
			free(b->features[j].unit);
		}
		free(b->features);
	}
	free(b->label_name);
	oc_profile_free(&b->profile);
	for (size_t c = 0; c < OC_MAX_CLASSES; c++)
		free(b->class_names[c]);
	for (size_t i = 0; i < OC_MODEL_COUNT; i++) {
		if (b->models[i].ops && b->models[i].state)
			b->models[i].ops->free(b->models[i].state);
		oc_metrics_free(&b->models[i].metrics);
		free(b->models[i].test_pred);
		free(b->models[i].test_proba);
	}
	oc_cv_report_free(&b->cv);
	free(b);
	*bp = NULL;
}

int oc_bundle_find(const struct oc_bundle *b, const char *key)
{
	if (strcmp(key, "best") == 0)
		return b->n_models ? b->best : -2;
	for (size_t i = 0; i < b->n_models; i++)
		if (strcmp(b->models[i].ops->key, key) == 0)
			return (int)i;
	return -2;
}

static int is_hex_lower(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

/* Parses "MAJOR.MINOR" (digits only, no sign, at most 6 digits each). */
static int parse_version(const char *s, size_t n, int *major, int *minor)
{
	size_t i = 0, k;
	long v[2] = { 0, 0 };
	for (k = 0; k < 2; k++) {
		size_t start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 6)
			v[k] = v[k] * 10 + (s[i++] - '0');
		if (i == start)
			return -1;
		if (k == 0) {
			if (i >= n || s[i] != '.')
				return -1;
			i++;
		}
	}
	if (i != n)
		return -1;
	*major = (int)v[0];
	*minor = (int)v[1];
	return 0;
}

/* Magic line, final newline, checksum; sets *body_len to the bytes the
 * checksum covers. */
static int check_frame(const char *name, const char *buf, size_t len, size_t *body_len,
                       int *minor_out, struct oc_err *err)
{
	const size_t mlen = strlen(OC_MODELFILE_MAGIC);
	const char *nl = memchr(buf, '\n', len);
	size_t first = nl ? (size_t)(nl - buf) : len, last, k;
	long lines = 0, crc_line = 0;
	int major, minor;
	unsigned long want;
	char hex[9];

	if (len == 0)
		return oc_err_set(err, OC_EDATA, "%s:1: empty file, not an opticure model", name);
	if (first < mlen + 1 || memcmp(buf, OC_MODELFILE_MAGIC " ", mlen + 1) != 0) {
		if (!nl && len <= mlen && memcmp(buf, OC_MODELFILE_MAGIC, len) == 0)
			return oc_err_set(err, OC_EDATA, "%s:1: file truncated", name);
		return oc_err_set(err, OC_EDATA, "%s:1: not an opticure model file (no '%s' line)",
		                  name, OC_MODELFILE_MAGIC);
	}
	/* A text-mode transfer (or a Windows checkout) adds a CR to each line;
	 * the checksum would fail, so say what happened instead. */
	if (nl && first > 0 && buf[first - 1] == '\r')
		return oc_err_set(err, OC_EDATA, "%s:1: lines end in CR LF (converted by a text-mode "
		                  "transfer?); the model file must keep LF line ends", name);
	if (parse_version(buf + mlen + 1, first - mlen - 1, &major, &minor) != 0) {
		if (!nl)
			return oc_err_set(err, OC_EDATA, "%s:1: file truncated", name);
		return oc_err_set(err, OC_EDATA, "%s:1: bad format version '%.*s'", name,
		                  (int)(first - mlen - 1 > 32 ? 32 : first - mlen - 1), buf + mlen + 1);
	}
	if (major > OC_MODELFILE_MAJOR)
		return oc_err_set(err, OC_EDATA,
		                  "%s:1: format version %d.%d is newer than this opticure reads (%d.x); "
		                  "upgrade opticure or retrain with 'opticure --batch'",
		                  name, major, minor, OC_MODELFILE_MAJOR);
	if (major < OC_MODELFILE_MAJOR)
		return oc_err_set(err, OC_EDATA, "%s:1: format version %d.%d is not supported", name,
		                  major, minor);

	for (k = 0; k < len; k++)
		if (buf[k] == '\n')
			lines++;
	if (buf[len - 1] != '\n')
		return oc_err_set(err, OC_EDATA, "%s:%ld: last line not terminated (file truncated?)",
		                  name, lines + 1);
	/* Start of the last line, and the first line that looks like a
	 * checksum (to tell trailing garbage from a missing checksum). */
	last = len - 1;
	while (last > 0 && buf[last - 1] != '\n')
		last--;
	{
		long ln = 1;
		for (k = 0; k < len; k++) {
			if ((k == 0 || buf[k - 1] == '\n') && len - k >= 6 && memcmp(buf + k, "crc32 ", 6) == 0) {
				crc_line = ln;
				break;
			}
			if (buf[k] == '\n')
				ln++;
		}
	}
	if (len - last != 6 + 8 + 1 || memcmp(buf + last, "crc32 ", 6) != 0) {
		if (crc_line && crc_line < lines)
			return oc_err_set(err, OC_EDATA, "%s:%ld: unexpected data after the checksum line",
			                  name, crc_line + 1);
		return oc_err_set(err, OC_EDATA, "%s:%ld: no 'crc32' checksum line at the end "
		                  "(file truncated?)", name, lines);
	}
	memcpy(hex, buf + last + 6, 8);
	hex[8] = '\0';
	if (!is_hex_lower(hex, 8))
		return oc_err_set(err, OC_EDATA, "%s:%ld: bad checksum line", name, lines);
	if (crc_line != lines)
		return oc_err_set(err, OC_EDATA, "%s:%ld: unexpected data after the checksum line",
		                  name, crc_line + 1);
	want = strtoul(hex, NULL, 16);
	if ((unsigned long)oc_crc32(0, buf, last) != want)
		return oc_err_set(err, OC_EDATA, "%s:%ld: checksum mismatch: the file is corrupted "
		                  "or was edited (retrain with 'opticure --batch')", name, lines);
	*body_len = last;
	*minor_out = minor;
	return OC_OK;
}

static int get_size(struct oc_mreader *r, size_t i, long min, long max, size_t *out,
                    struct oc_err *err)
{
	long v;
	int rc = oc_mr_get_long(r, i, min, max, &v, err);
	if (!rc)
		*out = (size_t)v;
	return rc;
}

static int get_unit_double(struct oc_mreader *r, size_t i, double *out, struct oc_err *err)
{
	int rc = oc_mr_get_double(r, i, out, err);
	if (!rc && (*out < 0.0 || *out > 1.0))
		return oc_mr_error(r, err, "'%s': value %zu is outside [0, 1]", r->tok[0], i);
	return rc;
}

static int read_units(struct oc_mreader *r, const char *key, double *v, size_t n,
                      struct oc_err *err)
{
	int rc = oc_mr_line(r, key, n, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = get_unit_double(r, i + 1, &v[i], err);
	return rc;
}

static int read_metrics(struct oc_mreader *r, size_t n_test, size_t K, struct oc_metrics *m,
                        struct oc_err *err)
{
	int rc = oc_metrics_alloc(m, K, err);
	if (rc)
		return rc;
	rc = oc_mr_line(r, "metrics", 5, err);
	if (!rc)
		rc = get_size(r, 1, 1, LONG_MAX, &m->n, err);
	if (!rc)
		rc = get_unit_double(r, 2, &m->accuracy, err);
	if (!rc)
		rc = get_unit_double(r, 3, &m->precision, err);
	if (!rc)
		rc = get_unit_double(r, 4, &m->recall, err);
	if (!rc)
		rc = get_unit_double(r, 5, &m->auc, err);
	if (rc)
		return rc;
	if (m->n != n_test)
		return oc_mr_error(r, err, "'metrics': %zu test row%s, but 'rows' says %zu", m->n,
		                   m->n == 1 ? "" : "s", n_test);
	/* two classes: one line of four counts; more: one line per true class */
	size_t left = m->n;
	for (size_t c = 0; c < (K == 2 ? 1 : K); c++) {
		size_t per_line = K == 2 ? 4 : K;
		rc = oc_mr_line(r, "confusion", per_line, err);
		for (size_t i = 0; !rc && i < per_line; i++) {
			size_t *v = &m->confusion[c * K + i];
			rc = get_size(r, i + 1, 0, LONG_MAX, v, err);
			if (!rc && *v > left)
				rc = oc_mr_error(r, err, "'confusion': counts add up to more than %zu test "
				                 "row%s", m->n, m->n == 1 ? "" : "s");
			if (!rc)
				left -= *v;
		}
		if (rc)
			return rc;
	}
	if (left)
		return oc_mr_error(r, err, "'confusion': counts do not add up to %zu test row%s", m->n,
		                   m->n == 1 ? "" : "s");
	if ((rc = read_units(r, "class_precision", m->class_precision, K, err)) ||
	    (rc = read_units(r, "class_recall", m->class_recall, K, err)) ||
	    (rc = read_units(r, "class_f1", m->class_f1, K, err)))
		return rc;
	rc = oc_mr_line(r, "support", K, err);
	for (size_t i = 0; !rc && i < K; i++)
		rc = get_size(r, i + 1, 0, LONG_MAX, &m->support[i], err);
	if (rc)
		return rc;
	for (size_t c = 0; c < K; c++) {
		size_t row = 0;
		for (size_t e = 0; e < K; e++)
			row += m->confusion[c * K + e];
		if (m->support[c] != row)
			return oc_mr_error(r, err, "'support': does not match the confusion matrix");
	}
	if (K == 2) {
		/* a 1.0 file: each class's one-vs-rest AUC is the AUC */
		m->class_auc[0] = m->class_auc[1] = m->auc;
		return OC_OK;
	}
	return read_units(r, "class_auc", m->class_auc, K, err);
}

static int read_features(struct oc_mreader *r, struct oc_bundle *b, struct oc_err *err)
{
	int rc = oc_mr_line(r, "features", 1, err);
	if (!rc)
		rc = get_size(r, 1, 1, MF_MAX_FEATURES, &b->n_features, err);
	if (rc)
		return rc;
	b->features = calloc(b->n_features, sizeof *b->features);
	if (!b->features) {
		b->n_features = 0;
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	for (size_t j = 0; j < b->n_features; j++) {
		struct oc_feature_info *f = &b->features[j];
		if ((rc = oc_mr_line(r, "feature", 5, err)) ||
		    (rc = oc_mr_get_str(r, 1, &f->name, err)) ||
		    (rc = oc_mr_get_str(r, 2, &f->unit, err)) ||
		    (rc = oc_mr_get_double(r, 3, &f->lo, err)) ||
		    (rc = oc_mr_get_double(r, 4, &f->hi, err)) ||
		    (rc = oc_mr_get_double(r, 5, &f->def, err)))
			return rc;
		if (!*f->name)
			return oc_mr_error(r, err, "'feature': empty name");
		if (!(f->lo <= f->def && f->def <= f->hi))
			return oc_mr_error(r, err, "'feature': need lo <= default <= hi");
		/* ranges come from training data, finite in float32: so the
		 * width hi - lo is finite too */
		if (oc_csv_too_large(f->lo) || oc_csv_too_large(f->hi))
			return oc_mr_error(r, err, "'feature': range beyond +-" OC_CSV_MAX_ABS_STR);
		for (size_t k = 0; k < j; k++)
			if (strcmp(b->features[k].name, f->name) == 0)
				return oc_mr_error(r, err, "'feature': duplicate name \"%.64s\"", f->name);
	}
	return OC_OK;
}

/* "numpy_simd SETTING KERNEL" (format 1.1); 1.0 files predate it and were
 * trained with the C library's log/exp. */
static int read_numpy_simd(struct oc_mreader *r, int minor, struct oc_bundle *b,
                           struct oc_err *err)
{
	int rc, s = -1, k = -1;
	b->params.numpy_simd = OC_NUMPY_SIMD_BASELINE;
	b->np_kernel = OC_NP_LIBM;
	if (minor < 1)
		return OC_OK;
	if ((rc = oc_mr_line(r, "numpy_simd", 2, err)))
		return rc;
	for (int i = 0; i < OC_NUMPY_SIMD_COUNT; i++)
		if (strcmp(r->tok[1], oc_numpy_simd_names[i]) == 0)
			s = i;
	for (int i = 0; i < OC_NP_KERNEL_COUNT; i++)
		if (strcmp(r->tok[2], oc_np_kernel_names[i]) == 0)
			k = i;
	if (s < 0 || k < 0)
		return oc_mr_error(r, err, "'numpy_simd': expected baseline, auto or avx512f, then "
		                   "libm, avx512f or avx512_skx");
	b->params.numpy_simd = (enum oc_numpy_simd)s;
	b->np_kernel = (enum oc_np_kernel)k;
	return OC_OK;
}

static int read_header(struct oc_mreader *r, int minor, struct oc_bundle *b, struct oc_err *err)
{
	struct oc_class_value cv[OC_MAX_CLASSES];
	char key[40];
	int rc;
	if ((rc = oc_mr_line(r, OC_MODELFILE_MAGIC, 1, err)))
		return rc;
	b->file_minor = minor;
	if ((rc = oc_mr_str(r, "producer", &b->producer, err)) ||
	    (rc = oc_mr_str(r, "label", &b->label_name, err)) ||
	    (rc = oc_mr_line(r, "classes", (size_t)-1, err)))
		return rc;
	b->n_classes = r->ntok - 1;
	if (b->n_classes < 2 || b->n_classes > OC_MAX_CLASSES)
		return oc_mr_error(r, err, "'classes': %zu names; 2 to %d are supported", b->n_classes,
		                   OC_MAX_CLASSES);
	if (b->n_classes > 2 && minor < OC_MODELFILE_MINOR_CLASSES)
		return oc_mr_error(r, err, "'classes': %zu names in a format %d.%d file, which has two",
		                   b->n_classes, OC_MODELFILE_MAJOR, minor);
	for (size_t c = 0; c < b->n_classes; c++)
		if ((rc = oc_mr_get_str(r, 1 + c, &b->class_names[c], err)))
			return rc;
	if (minor >= 2 && oc_mr_peek(r, key, sizeof key) && strcmp(key, "class_type") == 0) {
		int t;
		if ((rc = oc_mr_line(r, "class_type", 1, err)))
			return rc;
		if ((t = oc_class_type_find(r->tok[1])) < 0 || t == OC_CLASS_STR)
			return oc_mr_error(r, err, "'class_type': expected int64, uint64, float64 or bool");
		b->class_type = (enum oc_class_type)t;
	}
	/* the names are values of that type, in np.unique order */
	for (size_t c = 0; c < b->n_classes; c++)
		if (oc_class_parse(b->class_type, b->class_names[c], strlen(b->class_names[c]),
		                   &cv[c]) != 0)
			return oc_mr_error(r, err, "'classes': \"%.64s\" is not a value of type %s",
			                   b->class_names[c], oc_class_type_name(b->class_type));
	if (b->n_classes == 2 && oc_class_cmp(&cv[0], &cv[1]) >= 0)
		return oc_mr_error(r, err, "'classes': names must be distinct and sorted");
	for (size_t c = 0; c < b->n_classes; c++)
		for (size_t e = 0; e < c; e++)
			if (strcmp(b->class_names[c], b->class_names[e]) == 0)
				return oc_mr_error(r, err, "'classes': \"%.64s\" named twice",
				                   b->class_names[c]);
	for (size_t c = 1; c < b->n_classes; c++)
		if (oc_class_cmp(&cv[c - 1], &cv[c]) >= 0)
			return oc_mr_error(r, err, "'classes': names must be distinct and sorted");
	if ((rc = read_features(r, b, err)))
		return rc;
	if ((rc = oc_mr_line(r, "data_sha256", 1, err)))
		return rc;
	if (strlen(r->tok[1]) != 64 || !is_hex_lower(r->tok[1], 64))
		return oc_mr_error(r, err, "'data_sha256': expected 64 lower-case hex digits");
	memcpy(b->data_sha256, r->tok[1], 65);
	if ((rc = oc_mr_line(r, "split", 1, err)))
		return rc;
	if (strcmp(r->tok[1], "stratified") == 0)
		b->test_file = 0;
	else if (strcmp(r->tok[1], "file") == 0)
		b->test_file = 1;
	else
		return oc_mr_error(r, err, "'split': expected 'stratified' or 'file'");
	if ((rc = oc_mr_double(r, "test_ratio", &b->test_ratio, err)))
		return rc;
	if (!(b->test_ratio > 0.0 && b->test_ratio < 1.0))
		return oc_mr_error(r, err, "'test_ratio': must be strictly between 0 and 1");
	if ((rc = oc_mr_long(r, "split_seed", 0, 4294967295L, &b->split_seed, err)))
		return rc;
	if ((rc = oc_mr_line(r, "rows", 2, err)) ||
	    (rc = get_size(r, 1, 1, LONG_MAX, &b->n_train, err)) ||
	    (rc = get_size(r, 2, 1, LONG_MAX, &b->n_test, err)))
		return rc;
	return read_params(r, minor, &b->params, err);
}

/* Format 1.2: the cross-validation records, when the run made one. */
static int read_cv_header(struct oc_mreader *r, int minor, struct oc_bundle *b,
                          struct oc_err *err)
{
	char key[16];
	if (minor < OC_MODELFILE_CV_MINOR)
		return OC_OK;
	oc_mr_peek(r, key, sizeof key);
	return strcmp(key, "cv") == 0 ? oc_mf_cv_read_header(r, b, err) : OC_OK;
}

static int read_models(struct oc_mreader *r, struct oc_bundle *b, struct oc_err *err)
{
	size_t n;
	int rc, prev_kind = -1, n_best = 0;
	long models_line;
	if ((rc = oc_mr_line(r, "models", 1, err)) ||
	    (rc = get_size(r, 1, 1, OC_MODEL_COUNT, &n, err)))
		return rc;
	models_line = r->line;
	for (size_t i = 0; i < n; i++) {
		struct oc_trained *t = &b->models[i];
		long best;
		int kind;
		if ((rc = oc_mr_line(r, "model", 1, err)))
			return rc;
		kind = oc_model_find(r->tok[1]);
		if (kind < 0)
			return oc_mr_error(r, err, "unknown model '%.32s'", r->tok[1]);
		if (kind <= prev_kind)
			return oc_mr_error(r, err, "model '%s' out of order or repeated", r->tok[1]);
		prev_kind = kind;
		t->ops = oc_model_registry[kind];
		if ((rc = oc_mr_long(r, "best", 0, 1, &best, err)))
			return rc;
		if (best) {
			if (n_best++)
				return oc_mr_error(r, err, "more than one model marked best");
			b->best = (int)i;
		}
		if ((rc = read_metrics(r, b->n_test, b->n_classes, &t->metrics, err)))
			return rc;
		if (b->cv && (rc = oc_mf_cv_read_model(r, b, i, kind, err)))
			return rc;
		if ((rc = oc_mr_line(r, "begin", 1, err)))
			return rc;
		if (strcmp(r->tok[1], t->ops->key) != 0)
			return oc_mr_error(r, err, "'begin %.32s' inside the block of model '%s'",
			                   r->tok[1], t->ops->key);
		t->state = t->ops->load(r, b->n_features, b->n_classes, err);
		if (!t->state)
			return err && err->status ? err->status
			                          : oc_mr_error(r, err, "model '%s' unreadable", t->ops->key);
		b->n_models = i + 1;
		if ((rc = oc_mr_line(r, "end", 1, err)))
			return rc;
		if (strcmp(r->tok[1], t->ops->key) != 0)
			return oc_mr_error(r, err, "'end %.32s' closes the block of model '%s'",
			                   r->tok[1], t->ops->key);
	}
	if (n_best != 1) {
		r->line = models_line;
		return oc_mr_error(r, err, "none of the %zu models is marked best", n);
	}
	return OC_OK;
}

int oc_bundle_parse(const char *name, char *buf, size_t len, struct oc_bundle **out,
                    struct oc_err *err)
{
	struct oc_mreader r;
	struct oc_bundle *b;
	size_t body = 0;
	int rc, minor = 0;
	*out = NULL;
	oc_err_clear(err);
	if ((rc = check_frame(name, buf, len, &body, &minor, err)))
		return rc;
	b = calloc(1, sizeof *b);
	if (!b)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	oc_mr_init(&r, name, buf, body, 1);
	r.minor = minor;
	rc = read_header(&r, minor, b, err);
	if (!rc)
		rc = read_numpy_simd(&r, minor, b, err);
	if (!rc && minor >= 1) {
		/* optional: a bundle made without training rows has none */
		char key[16];
		if (oc_mr_peek(&r, key, sizeof key) && strcmp(key, "profile") == 0 &&
		    !(b->profile = oc_profile_load(&r, b->n_features, err)))
			rc = err->status ? err->status : OC_EDATA;
	}
	/* the models are checked against the settings they were trained with */
	r.params = &b->params;
	r.n_train = b->n_train;
	if (!rc)
		rc = read_cv_header(&r, minor, b, err);
	if (!rc)
		rc = read_models(&r, b, err);
	if (!rc && r.pos < r.len) {
		char key[40];
		oc_mr_peek(&r, key, sizeof key);
		r.line++;
		rc = oc_mr_error(&r, err, "unexpected '%s' after the last model", key);
	}
	oc_mr_free(&r);
	if (rc) {
		oc_bundle_free(&b);
		return rc;
	}
	*out = b;
	return OC_OK;
}

static int too_large(const char *path, struct oc_err *err)
{
	return oc_err_set(err, OC_EDATA, "%s: larger than %zu MiB, the limit for a model file; "
	                  "not read", path, MF_MAX_BYTES >> 20);
}

int oc_bundle_load(const char *path, struct oc_bundle **out, struct oc_err *err)
{
	FILE *f;
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc, fd;
	*out = NULL;
	/* A regular file only: a FIFO or a directory is refused (66), never
	 * waited on. */
	fd = oc_input_open(path, NULL, OC_INPUT_REGULAR, err);
	if (fd < 0)
		return OC_ENOINPUT;
	if (!(f = fdopen(fd, "rb"))) {
		close(fd);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	/* A regular file is refused by its size, before any byte is read;
	 * anything else (a pipe, a device) by what it delivers. */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > MF_MAX_BYTES) {
			fclose(f);
			return too_large(path, err);
		}
		cap = (size_t)st.st_size + 65536 + 1;
		if (!(buf = malloc(cap))) {
			fclose(f);
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		}
	}
	do {
		if (len + 65536 + 1 > cap) {
			size_t ncap = cap ? cap * 2 : 65536 * 2;
			char *nb;
			if (len > MF_MAX_BYTES) {
				free(buf);
				fclose(f);
				return too_large(path, err);
			}
			if (ncap > MF_MAX_BYTES + 65536 + 1)
				ncap = MF_MAX_BYTES + 65536 + 1;
			nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				fclose(f);
				return oc_err_set(err, OC_EINTERNAL, "out of memory");
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + len, 1, 65536, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		return oc_err_set(err, OC_EIO, "cannot read %s: %s", path, strerror(e ? e : EIO));
	}
	fclose(f);
	buf[len] = '\0';
	rc = oc_bundle_parse(path, buf, len, out, err);
	free(buf);
	return rc;
}
