/* SPDX-License-Identifier: MIT */
/* test_modelfile.c - the model file: save/load round trip with bit-identical
 * predictions for every classifier, and rejection (never a crash) of every
 * truncation, byte flip, newer version, NaN and trailing garbage. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hash.h"
#include "ml/lr.h"
#include "ml/metrics.h"
#include "io/modelfile.h"
#include "core/modelio.h"
#include "testutil.h"

static struct oc_model_params test_params(long trees)
{
	struct oc_model_params p;
	tu_default_params(&p);
	p.rf_n_estimators = trees;
	p.gb_n_estimators = trees;
	p.svm_cache_mb = 16;
	return p;
}

/* Trains every registered classifier on ds and evaluates it on ds. */
static struct oc_bundle *make_bundle(const struct oc_dataset *ds, long trees)
{
	struct oc_bundle *b = calloc(1, sizeof *b);
	struct oc_err err;
	size_t K = ds->n_classes;
	unsigned char *pred = malloc(ds->n_rows);
	double *p1 = malloc(K * ds->n_rows * sizeof *p1);   /* K classes per row */
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	b->producer = strdup("opticure test");
	b->label_name = strdup(ds->label_name);
	for (size_t c = 0; c < K; c++)
		b->class_names[c] = strdup(ds->class_names[c]);
	b->n_classes = K;
	b->n_features = ds->n_features;
	b->features = calloc(ds->n_features, sizeof *b->features);
	for (size_t j = 0; j < ds->n_features; j++) {
		b->features[j].name = strdup(ds->feature_names[j]);
		b->features[j].unit = strdup(j ? "%" : "\xc2\xb0" "C");
		b->features[j].lo = ds->fmin[j];
		b->features[j].hi = ds->fmax[j];
		b->features[j].def = ds->fmin[j];
	}
	b->params = test_params(trees);
	b->test_ratio = 0.2;
	b->split_seed = 123;
	oc_sha256_hex("data", 4, b->data_sha256);
	b->n_train = ds->n_rows;
	b->n_test = ds->n_rows;
	for (int k = 0; k < OC_MODEL_COUNT; k++) {
		struct oc_trained *t = &b->models[b->n_models];
		t->ops = oc_model_registry[k];
		t->state = t->ops->fit(ds, &b->params, &tu_serial, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t->state);
		for (size_t i = 0; i < ds->n_rows; i++) {
			pred[i] = (unsigned char)oc_model_predict(t->ops, t->state, oc_dataset_row(ds, i));
			oc_model_predict_proba(t->ops, t->state, oc_dataset_row(ds, i), p1 + K * i);
		}
		CU_ASSERT_EQUAL_FATAL(oc_metrics_compute(ds->y, pred, p1, ds->n_rows, K, &t->metrics, &err),
		                      OC_OK);
		t->fit_seconds = 1.5;   /* must not reach the file */
		b->n_models++;
	}
	b->best = 1;
	free(pred);
	free(p1);
	return b;
}

static char *format(const struct oc_bundle *b, size_t *len)
{
	struct oc_mwriter w;
	struct oc_err err;
	oc_mw_init(&w);
	CU_ASSERT_EQUAL_FATAL(oc_bundle_format(b, &w, &err), OC_OK);
	*len = w.len;
	return w.buf;
}

/* Parses a copy of text[0..len); returns the status, message in err. */
static int parse_copy(const char *text, size_t len, struct oc_bundle **out, struct oc_err *err)
{
	char *copy = malloc(len + 1);
	struct oc_bundle *b = NULL;
	int rc;
	memcpy(copy, text, len);
	copy[len] = '\0';
	rc = oc_bundle_parse("m", copy, len, &b, err);
	free(copy);
	if (out)
		*out = b;
	else
		oc_bundle_free(&b);
	return rc;
}

/* "m:LINE: ..." with LINE >= 1. */
static int has_line_number(const char *msg)
{
	char *end;
	long line;
	if (strncmp(msg, "m:", 2) != 0)
		return 0;
	line = strtol(msg + 2, &end, 10);
	return end != msg + 2 && *end == ':' && line >= 1;
}

/* Replaces the first occurrence of old in text by new and rewrites the
 * checksum line so only the edit itself can be rejected. */
static char *edit_recrc(const char *text, const char *old, const char *new_, size_t *len)
{
	const char *at = strstr(text, old), *last;
	size_t n = strlen(text) + strlen(new_) + 32, body;
	char *out = malloc(n), *p;
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	p = out;
	memcpy(p, text, (size_t)(at - text));
	p += at - text;
	p += sprintf(p, "%s", new_);
	strcpy(p, at + strlen(old));
	/* drop the old checksum line */
	last = out + strlen(out) - 1;
	while (last > out && last[-1] != '\n')
		last--;
	body = (size_t)(last - out);
	sprintf(out + body, "crc32 %08lx\n", (unsigned long)oc_crc32(0, out, body));
	*len = strlen(out);
	return out;
}

/* text as a format 1.0 file would hold it: every record 1.1 added
 * (numpy_simd, the solver setting and record, the profile, gradient
 * boosting's covers) removed, the version line 1.0, a new checksum. */
static char *to_v10(const char *text, size_t *len)
{
	static const char *const added[] = { "numpy_simd ", "lr_solver ", "profile ", "fprofile ",
	                                     "background ", "gb_cover ", "crc32 ", NULL };
	size_t n = strlen(text);
	char *out = malloc(n + 1), *o = out;
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) + 1 : strlen(p);
		int drop = 0;
		for (size_t k = 0; added[k]; k++)
			drop |= strncmp(p, added[k], strlen(added[k])) == 0;
		if (!drop) {
			memcpy(o, p, l);
			o += l;
		}
		p += l;
	}
	*o = '\0';
	memcpy(out, "opticure-model 1.0", 18);
	o += sprintf(o, "crc32 %08lx\n", (unsigned long)oc_crc32(0, out, (size_t)(o - out)));
	*len = (size_t)(o - out);
	return out;
}

static struct oc_dataset *small_dataset(void)
{
	struct oc_dataset *ds = tu_load_fixture_dataset("balanced");
	size_t idx[40];
	struct oc_dataset *sub;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	for (size_t i = 0; i < 40; i++)
		idx[i] = i;
	sub = oc_dataset_subset(ds, idx, 40);
	oc_dataset_free(&ds);
	return sub;
}

/* --- Tests --- */

/* Every figure of a and b bit for bit (the arrays by content). */
static int metrics_equal(const struct oc_metrics *a, const struct oc_metrics *b)
{
	size_t K = a->n_classes;
	return K == b->n_classes && a->n == b->n && a->accuracy == b->accuracy &&
	       a->precision == b->precision && a->recall == b->recall && a->auc == b->auc &&
	       memcmp(a->confusion, b->confusion, K * K * sizeof *a->confusion) == 0 &&
	       memcmp(a->support, b->support, K * sizeof *a->support) == 0 &&
	       memcmp(a->class_precision, b->class_precision, K * sizeof(double)) == 0 &&
	       memcmp(a->class_recall, b->class_recall, K * sizeof(double)) == 0 &&
	       memcmp(a->class_f1, b->class_f1, K * sizeof(double)) == 0 &&
	       memcmp(a->class_auc, b->class_auc, K * sizeof(double)) == 0;
}

static void test_round_trip(void)
{
	struct oc_dataset *ds = tu_load_fixture_dataset("curing");
	struct oc_bundle *b, *l = NULL;
	struct oc_err err;
	char path[] = "modelfile-test.XXXXXX";
	char *text, *text2;
	size_t len, len2;
	int fd;
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	b = make_bundle(ds, 20);
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(oc_bundle_save(b, path, &err), OC_OK);
	CU_ASSERT_EQUAL_FATAL(oc_bundle_load(path, &l, &err), OC_OK);
	unlink(path);
	CU_ASSERT_EQUAL(l->n_models, OC_MODEL_COUNT);
	CU_ASSERT_EQUAL(l->best, 1);
	CU_ASSERT_EQUAL(l->n_features, ds->n_features);
	CU_ASSERT_STRING_EQUAL(l->features[0].unit, "\xc2\xb0" "C");
	CU_ASSERT_STRING_EQUAL(l->class_names[1], ds->class_names[1]);
	CU_ASSERT_STRING_EQUAL(l->data_sha256, b->data_sha256);
	CU_ASSERT_EQUAL(l->params.gb_learning_rate, 0.1);
	CU_ASSERT_EQUAL(l->models[0].fit_seconds, 0.0);
	for (size_t k = 0; k < l->n_models; k++) {
		const struct oc_trained *a = &b->models[k], *c = &l->models[k];
		size_t same = 0;
		CU_ASSERT_PTR_EQUAL(a->ops, c->ops);
		CU_ASSERT_TRUE(metrics_equal(&a->metrics, &c->metrics));
		for (size_t i = 0; i < ds->n_rows; i++) {
			const double *row = oc_dataset_row(ds, i);
			double pa[2], pc[2];
			oc_model_predict_proba(a->ops, a->state, row, pa);
			oc_model_predict_proba(c->ops, c->state, row, pc);
			same += memcmp(pa, pc, sizeof pa) == 0 &&
			        oc_model_predict(a->ops, a->state, row) == oc_model_predict(c->ops, c->state, row);
		}
		CU_ASSERT_EQUAL(same, ds->n_rows);
	}
	/* Loading then saving gives the same bytes (so timings, which the
	 * loaded bundle lacks, are not in the file). */
	text = format(b, &len);
	text2 = format(l, &len2);
	CU_ASSERT_EQUAL(len, len2);
	CU_ASSERT(len == len2 && memcmp(text, text2, len) == 0);
	free(text);
	free(text2);
	oc_bundle_free(&l);
	oc_bundle_free(&b);
	CU_ASSERT_PTR_NULL(b);
	oc_dataset_free(&ds);
}

static void test_truncation(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2);
	struct oc_err err;
	size_t len, bad = 0, noline = 0, lines = 0;
	char *text = format(b, &len);
	CU_ASSERT_EQUAL(parse_copy(text, len, NULL, &err), OC_OK);
	/* every byte, hence every line boundary too */
	for (size_t cut = 0; cut < len; cut++) {
		int rc = parse_copy(text, cut, NULL, &err);
		bad += rc != OC_EDATA;
		noline += !has_line_number(err.msg);
		lines += cut && text[cut - 1] == '\n';
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(noline, 0);
	CU_ASSERT(lines > 20);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

static void test_byte_flips(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2);
	struct oc_err err;
	size_t len, first_nl, last_start, accepted = 0, not_crc = 0, noline = 0;
	char *text = format(b, &len), *copy = malloc(len + 1);
	first_nl = (size_t)(strchr(text, '\n') - text);
	last_start = len - 1;
	while (text[last_start - 1] != '\n')
		last_start--;
	for (size_t i = 0; i < len; i++) {
		static const unsigned char flips[] = { 0x01, 0x20, 0x80 };
		for (size_t f = 0; f < sizeof flips; f++) {
			int rc;
			memcpy(copy, text, len);
			copy[i] = (char)(copy[i] ^ flips[f]);
			rc = parse_copy(copy, len, NULL, &err);
			accepted += rc != OC_EDATA;
			noline += !has_line_number(err.msg);
			if (i > first_nl && i < last_start && !strstr(err.msg, "checksum"))
				not_crc++;
		}
	}
	CU_ASSERT_EQUAL(accepted, 0);
	CU_ASSERT_EQUAL(noline, 0);
	CU_ASSERT_EQUAL(not_crc, 0);
	free(copy);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

static void test_versions(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2);
	struct oc_err err;
	size_t len, elen;
	char *text = format(b, &len), *e;
	CU_ASSERT(strncmp(text, "opticure-model 1.1\n", 19) == 0);
	e = edit_recrc(text, "opticure-model 1.1", "opticure-model 2.0", &elen);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "newer"));
	CU_ASSERT(strncmp(err.msg, "m:1:", 4) == 0);
	free(e);
	/* a newer minor version of the same major is read */
	e = edit_recrc(text, "opticure-model 1.1", "opticure-model 1.3", &elen);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_OK);
	free(e);
	e = edit_recrc(text, "opticure-model 1.1", "opticure-modem 1.1", &elen);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT(strncmp(err.msg, "m:1:", 4) == 0);
	free(e);
	e = edit_recrc(text, "opticure-model 1.1", "opticure-model 1.x", &elen);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	free(e);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

/* Format 1.1 records [fidelity] numpy_simd and the kernel it ran; 1.0
 * files, which have no such line, load as trained with the C library. */
static void test_numpy_simd_record(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2), *back = NULL;
	struct oc_err err;
	size_t len, elen, olen;
	char *text, *e, *old;
	b->params.numpy_simd = OC_NUMPY_SIMD_AUTO;
	b->np_kernel = OC_NP_AVX512_SKX;
	text = format(b, &len);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nnumpy_simd auto avx512_skx\n"));
	CU_ASSERT_EQUAL(parse_copy(text, len, &back, &err), OC_OK);
	if (back) {
		CU_ASSERT_EQUAL(back->params.numpy_simd, OC_NUMPY_SIMD_AUTO);
		CU_ASSERT_EQUAL(back->np_kernel, OC_NP_AVX512_SKX);
		oc_bundle_free(&back);
	}
	/* a 1.0 file: no numpy_simd line */
	e = edit_recrc(text, "numpy_simd auto avx512_skx\n", "", &elen);
	old = to_v10(text, &olen);
	CU_ASSERT_EQUAL(parse_copy(old, olen, &back, &err), OC_OK);
	if (back) {
		CU_ASSERT_EQUAL(back->params.numpy_simd, OC_NUMPY_SIMD_BASELINE);
		CU_ASSERT_EQUAL(back->np_kernel, OC_NP_LIBM);
		oc_bundle_free(&back);
	}
	/* 1.1 requires the line; unknown names are refused with the line */
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "numpy_simd"));
	free(e);
	e = edit_recrc(text, "numpy_simd auto avx512_skx", "numpy_simd auto sse2", &elen);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT(has_line_number(err.msg));
	free(e);
	free(old);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

/* Format 1.1 added "lr_solver" to the logistic regression block; a 1.0
 * file (Newton's method was the only solver then) still loads. */
static void test_lr_solver_record(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2), *b2 = NULL;
	struct oc_err err;
	size_t len, elen;
	char *text = format(b, &len), *e, *e2;
	int lr = oc_bundle_find(b, "lr");
	CU_ASSERT_FATAL(lr >= 0);
	CU_ASSERT_EQUAL(oc_lr_solver(b->models[lr].state), OC_LR_LBFGS);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nlr_solver lbfgs\n"));
	/* 1.0: no lr_solver line, read as newton */
	e = edit_recrc(text, "\nlr_solver lbfgs\n", "\n", &elen);
	{
		size_t l2;
		e2 = to_v10(text, &l2);
		CU_ASSERT_EQUAL_FATAL(parse_copy(e2, l2, &b2, &err), OC_OK);
	}
	CU_ASSERT_EQUAL(oc_lr_solver(b2->models[lr].state), OC_LR_NEWTON);
	oc_bundle_free(&b2);
	free(e2);
	/* 1.1 without it: rejected, naming the line */
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT(has_line_number(err.msg));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "lr_solver"));
	free(e);
	/* an unknown solver */
	e = edit_recrc(text, "\nlr_solver lbfgs\n", "\nlr_solver sag\n", &elen);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'sag' is neither lbfgs nor newton"));
	free(e);
	/* newton round trip */
	e = edit_recrc(text, "\nlr_solver lbfgs\n", "\nlr_solver newton\n", &elen);
	CU_ASSERT_EQUAL_FATAL(parse_copy(e, elen, &b2, &err), OC_OK);
	CU_ASSERT_EQUAL(oc_lr_solver(b2->models[lr].state), OC_LR_NEWTON);
	oc_bundle_free(&b2);
	free(e);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

/* A file whose every LF became CR LF (a text-mode transfer) is named as
 * such, not as a bad version or a checksum mismatch. */
static void test_crlf(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2);
	struct oc_err err;
	size_t len, n = 0;
	char *text = format(b, &len), *crlf = malloc(2 * len + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(crlf);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = text[i];
	}
	CU_ASSERT_EQUAL(parse_copy(crlf, n, NULL, &err), OC_EDATA);
	CU_ASSERT_STRING_EQUAL(err.msg, "m:1: lines end in CR LF (converted by a text-mode "
	                       "transfer?); the model file must keep LF line ends");
	free(crlf);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

/* Edits that keep a valid checksum but break a rule, each rejected with
 * the line of the offending record. */
static void test_bad_content(void)
{
	static const struct { const char *old, *new_, *want; } cases[] = {
		{ "\ngb_learning_rate 0.10000000000000001\n", "\ngb_learning_rate nan\n", "finite" },
	{ "\nlr_C 1\n", "\nlr_C NaN\n", "finite" },
		{ "\nfeatures 3\n", "\nfeatures 4\n", "" },
		{ "\nfeatures 3\n", "\nfeatures 0\n", "out of range" },
		{ "\nmodels 4\n", "\nmodels 5\n", "out of range" },
		{ "\nbest 0\n", "\nbest 1\n", "best" },
		{ "\nbest 1\n", "\nbest 0\n", "best" },
		{ "\nmodel rf\n", "\nmodel xx\n", "unknown model" },
		{ "\nsplit stratified\n", "\nsplit random\n", "split" },
		{ "\ntest_ratio 0.2", "\ntest_ratio 1.2", "between" },
		{ "\nrows 40 40\n", "\nrows 40 39\n", "test rows" },
		{ "\nend svm\n", "\nend svm\njunk 1\n", "unexpected 'junk'" },
		{ "\nend lr\n", "\nend rf\n", "closes" },
		{ "\nclasses \"A\" \"B\"", "\nclasses \"B\" \"A\"", "sorted" },
		{ "\nlr_C 1\n", "\nlr_C -1\n", ">= 5.6e-309" },
		{ "\nrf_seed 123\n", "\nrf_seed 1e3\n", "not an integer" },
		{ "\nsvm_gamma 0\n", "\nsvm_gamma inf\n", "finite" },
	};
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2);
	struct oc_err err;
	size_t len, elen;
	char *text = format(b, &len);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *e = edit_recrc(text, cases[i].old, cases[i].new_, &elen);
		int rc = parse_copy(e, elen, NULL, &err);
		CU_ASSERT_EQUAL(rc, OC_EDATA);
		CU_ASSERT(has_line_number(err.msg));
		if (!strstr(err.msg, cases[i].want) || rc != OC_EDATA)
			fprintf(stderr, "case %zu: rc %d, '%s'\n", i, rc, err.msg);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].want));
		free(e);
	}
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

static void test_trailing_and_missing(void)
{
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2), *l = NULL;
	struct oc_err err;
	size_t len;
	char *text = format(b, &len), *more = malloc(len + 16);
	memcpy(more, text, len);
	memcpy(more + len, "x\n", 3);
	CU_ASSERT_EQUAL(parse_copy(more, len + 2, NULL, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "after the checksum"));
	memcpy(more + len, "\n", 2);
	CU_ASSERT_EQUAL(parse_copy(more, len + 1, NULL, &err), OC_EDATA);
	memcpy(more + len, text + len - 15, 15);  /* checksum line twice */
	CU_ASSERT_EQUAL(parse_copy(more, len + 15, NULL, &err), OC_EDATA);
	CU_ASSERT_EQUAL(parse_copy("", 0, NULL, &err), OC_EDATA);
	CU_ASSERT_EQUAL(oc_bundle_load("no/such/model.file", &l, &err), OC_ENOINPUT);
	CU_ASSERT_PTR_NULL(l);
	CU_ASSERT_EQUAL(oc_bundle_find(b, "svm"), 3);
	CU_ASSERT_EQUAL(oc_bundle_find(b, "best"), 1);
	CU_ASSERT_EQUAL(oc_bundle_find(b, "nn"), -2);
	free(more);
	free(text);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

/* A model whose save writes a non-finite value, as a diverged fit would:
 * wraps a real model's ops and appends one bad record to its body. */
static const struct oc_model_ops *diverged_base;
static const char *diverged_value;

static int diverged_save(const void *m, struct oc_mwriter *w, struct oc_err *err)
{
	int rc = diverged_base->save(m, w, err);
	oc_mw_printf(w, "lr_coef 0.5 %s \"nan inside a string is fine\"\n", diverged_value);
	return rc;
}

static void test_never_writes_non_finite(void)
{
	static const char *const bad[] = { "nan", "-nan", "inf", "-inf", "+Infinity" };
	struct oc_dataset *ds = small_dataset();
	struct oc_bundle *b = make_bundle(ds, 2);
	struct oc_model_ops ops;
	struct oc_mwriter w;
	struct oc_err err;
	char dir[] = "/tmp/oc-nonfinite.XXXXXX", path[64];
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/m.model", dir);
	/* A feature called "nan" is a quoted string, not a value: fine. */
	free(b->features[0].name);
	b->features[0].name = strdup("nan");
	oc_mw_init(&w);
	CU_ASSERT_EQUAL(oc_bundle_format(b, &w, &err), OC_OK);
	oc_mw_free(&w);

	diverged_base = b->models[0].ops;
	ops = *diverged_base;
	ops.save = diverged_save;
	b->models[0].ops = &ops;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		diverged_value = bad[i];
		oc_err_clear(&err);
		CU_ASSERT_EQUAL(oc_bundle_save(b, path, &err), OC_EDATA);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "training diverged"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'lr_coef'"));
		CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);   /* nothing written */
	}
	diverged_value = "1e300";
	CU_ASSERT_EQUAL(oc_bundle_save(b, path, &err), OC_OK);
	unlink(path);
	rmdir(dir);
	b->models[0].ops = diverged_base;
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

/* Three classes: written as format 1.2 with the three names, read back
 * with the same metrics and bit-identical predictions, written again to
 * the same bytes; a 1.1 file may not hold more than two classes. */
static void test_three_classes(void)
{
	struct oc_dataset *ds = tu_load_fixture_dataset("multiclass/iris");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	CU_ASSERT_EQUAL_FATAL(ds->n_classes, 3);
	struct oc_bundle *b = make_bundle(ds, 5), *l = NULL;
	struct oc_err err;
	size_t len, len2, elen;
	char *text = format(b, &len);
	CU_ASSERT(strncmp(text, "opticure-model 1.2\n", 19) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nclasses \"setosa\" \"versicolor\" \"virginica\"\n"));
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(parse_copy(text, len, &l, &err), OC_OK);
	CU_ASSERT_EQUAL(l->n_classes, 3);
	CU_ASSERT_STRING_EQUAL(l->class_names[2], "virginica");
	for (size_t k = 0; k < l->n_models; k++) {
		const struct oc_trained *a = &b->models[k], *c = &l->models[k];
		size_t same = 0;
		CU_ASSERT_TRUE(metrics_equal(&a->metrics, &c->metrics));
		CU_ASSERT_EQUAL(c->ops->n_classes(c->state), 3);
		for (size_t i = 0; i < ds->n_rows; i++) {
			const double *row = oc_dataset_row(ds, i);
			double pa[3], pc[3];
			oc_model_predict_proba(a->ops, a->state, row, pa);
			oc_model_predict_proba(c->ops, c->state, row, pc);
			same += memcmp(pa, pc, sizeof pa) == 0 &&
			        oc_model_predict(a->ops, a->state, row) == oc_model_predict(c->ops, c->state, row);
		}
		CU_ASSERT_EQUAL(same, ds->n_rows);
	}
	char *text2 = format(l, &len2);
	CU_ASSERT(len2 == len && memcmp(text, text2, len) == 0);
	char *e = edit_recrc(text, "opticure-model 1.2", "opticure-model 1.1", &elen);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(parse_copy(e, elen, NULL, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "3 names in a format 1.1 file"));
	free(e);
	free(text2);
	free(text);
	oc_bundle_free(&l);
	oc_bundle_free(&b);
	oc_dataset_free(&ds);
}

static CU_TestInfo tests[] = {
	{ "three classes: format 1.2, round trip, not in 1.1", test_three_classes },
	{ "round trip: bit-identical predictions, same bytes", test_round_trip },
	{ "truncation at every byte rejected", test_truncation },
	{ "byte flips rejected by the checksum", test_byte_flips },
	{ "newer major version rejected", test_versions },
	{ "numpy_simd record, 1.0 files still read", test_numpy_simd_record },
	{ "lr_solver record (format 1.1) and 1.0 files", test_lr_solver_record },
	{ "CR LF line ends named as such", test_crlf },
	{ "bad content with a valid checksum rejected", test_bad_content },
	{ "trailing garbage, empty and missing files", test_trailing_and_missing },
	{ "never writes NaN or infinity", test_never_writes_non_finite },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("modelfile", tests);
}
