/* SPDX-License-Identifier: MIT */
/* test_modelcheck.c - the model file is read back before it replaces the
 * old one: a run whose model text does not load, or loads into models that
 * score otherwise, fails with OC_EINTERNAL (exit 70) and leaves the previous
 * artifacts byte for byte, with no temporary; the reader accepts what the
 * writer writes, tiny negative importances included. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/conf.h"
#include "core/hash.h"
#include "io/modelfile.h"
#include "pipeline/pipeline.h"
#include "testutil.h"

static char dir[] = "/tmp/oc-modelcheck-XXXXXX";

static const char *const artifacts[] = {
	"curing_data.csv", "curing_data_metadata.json", "model_metrics.csv",
	"bat_curing_pipeline.model",
};
#define N_ARTIFACTS (sizeof artifacts / sizeof artifacts[0])

static void config(struct oc_config *cfg)
{
	oc_config_defaults(cfg);
	/* 600 test rows: the check runs on 3 threads */
	cfg->data_rows = 3000;
	cfg->n_jobs = 4;
	cfg->model.rf_n_estimators = 10;
	cfg->model.gb_n_estimators = 10;
	snprintf(cfg->output_dir, sizeof cfg->output_dir, "%s", dir);
}

static char *artifact(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return tu_slurp(path, len);
}

/* Number of entries in dir besides . and .. */
static size_t entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Rewrites the checksum line of a model text after a change. */
static void fix_crc(char *text, size_t len)
{
	char *last = text + len - 1;
	char crc[16];
	while (last > text && last[-1] != '\n')
		last--;
	snprintf(crc, sizeof crc, "%08lx", (unsigned long)oc_crc32(0, text, (size_t)(last - text)));
	memcpy(last + 6, crc, 8);
}

/* Replaces the first value of the line starting with key by value and
 * fixes the checksum: the file stays well-formed. */
static void replace_value(struct oc_mwriter *w, const char *key, const char *value)
{
	char pat[64], *p, *v, *end, *out;
	size_t n;
	snprintf(pat, sizeof pat, "\n%s ", key);
	p = strstr(w->buf, pat);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	v = p + strlen(pat);
	end = v + strcspn(v, " \n");
	n = (size_t)(v - w->buf) + strlen(value) + strlen(end);
	out = malloc(n + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	memcpy(out, w->buf, (size_t)(v - w->buf));
	strcpy(out + (v - w->buf), value);
	strcat(out, end);
	fix_crc(out, n);
	free(w->buf);
	w->buf = out;
	w->len = n;
	w->cap = n + 1;
}

/* Fault injections, each as a model_text hook. */
static void break_crc(void *ctx, struct oc_mwriter *w)
{
	(void)ctx;
	w->buf[w->len - 2] = w->buf[w->len - 2] == '0' ? '1' : '0';
}

/* Another intercept: only the scores of logistic regression can tell. */
static void change_intercept(void *ctx, struct oc_mwriter *w)
{
	(void)ctx;
	replace_value(w, "lr_intercept", "0.5");
}

/* Another importance: the scores stay, the importances differ. */
static void change_importance(void *ctx, struct oc_mwriter *w)
{
	(void)ctx;
	replace_value(w, "rf_importances", "-2.3592239273284576e-17");
}

/* The same value in another spelling: loads the same, writes otherwise. */
static void respell(void *ctx, struct oc_mwriter *w)
{
	(void)ctx;
	replace_value(w, "lr_C", "1.0");
}

static void run_faulty(void (*hook)(void *, struct oc_mwriter *), const char *why)
{
	struct oc_config cfg;
	struct oc_pipeline_hooks hooks = { .model_text = hook };
	struct oc_run run;
	struct oc_err err;
	char *before[N_ARTIFACTS];
	size_t blen[N_ARTIFACTS], n_before = entries();
	int rc;

	for (size_t i = 0; i < N_ARTIFACTS; i++) {
		before[i] = artifact(artifacts[i], &blen[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(before[i]);
	}
	config(&cfg);
	cfg.data_seed = 7;  /* other data: a successful run would change every file */
	rc = oc_pipeline_run(&cfg, &hooks, &run, &err);
	CU_ASSERT_EQUAL(rc, OC_EINTERNAL);
	CU_ASSERT_EQUAL(OC_EINTERNAL, 70);
	if (!strstr(err.msg, why))
		fprintf(stderr, "\n  message: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, why));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "nothing was replaced"));
	for (size_t i = 0; i < N_ARTIFACTS; i++) {
		size_t len;
		char *now = artifact(artifacts[i], &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(now);
		CU_ASSERT(len == blen[i] && memcmp(now, before[i], len) == 0);
		free(now);
		free(before[i]);
	}
	CU_ASSERT_EQUAL(entries(), n_before);    /* no temporary left behind */
}

static void test_first_run(void)
{
	struct oc_config cfg;
	struct oc_run run;
	struct oc_err err;
	config(&cfg);
	CU_ASSERT_EQUAL_FATAL(oc_pipeline_run(&cfg, NULL, &run, &err), OC_OK);
	oc_run_free(&run);
	CU_ASSERT_EQUAL(entries(), N_ARTIFACTS);
}

static void test_unreadable_model(void)
{
	run_faulty(break_crc, "would not load back");
}

static void test_other_scores(void)
{
	run_faulty(change_intercept, "model 'lr' read back scores test row 1 differently");
}

static void test_other_importances(void)
{
	run_faulty(change_importance, "model 'rf' read back has other feature importances");
}

static void test_other_bytes(void)
{
	run_faulty(respell, "does not write the same bytes again");
}

/* A healthy run after the faults replaces the set (the faults changed
 * nothing lasting). */
static void test_run_after_faults(void)
{
	struct oc_config cfg;
	struct oc_run run;
	struct oc_err err;
	config(&cfg);
	cfg.data_seed = 7;
	CU_ASSERT_EQUAL_FATAL(oc_pipeline_run(&cfg, NULL, &run, &err), OC_OK);
	oc_run_free(&run);
	CU_ASSERT_EQUAL(entries(), N_ARTIFACTS);
}

/* scikit-learn's importances can round below zero (-2.36e-17 on its digits
 * data): a file holding one loads. */
static void test_negative_importance_loads(void)
{
	static const char *const keys[] = { "rf_importances", "gb_importances" };
	for (size_t k = 0; k < 2; k++) {
		struct oc_mwriter w;
		struct oc_bundle *b = NULL;
		struct oc_err err;
		int rc;
		oc_mw_init(&w);
		w.buf = artifact("bat_curing_pipeline.model", &w.len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w.buf);
		replace_value(&w, keys[k], "-2.3592239273284576e-17");
		rc = oc_bundle_parse("edited", w.buf, w.len, &b, &err);
		if (rc)
			fprintf(stderr, "\n  %s\n", err.msg);
		CU_ASSERT_EQUAL(rc, OC_OK);
		oc_bundle_free(&b);
		oc_mw_free(&w);
	}
}

static void test_cleanup(void)
{
	char path[512];
	for (size_t i = 0; i < N_ARTIFACTS; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, artifacts[i]);
		unlink(path);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

static CU_TestInfo tests[] = {
	{ "a first run writes the four artifacts", test_first_run },
	{ "a model text that does not load: exit 70, old set kept", test_unreadable_model },
	{ "a model that scores otherwise once loaded: exit 70, old set kept", test_other_scores },
	{ "other importances once loaded: exit 70, old set kept", test_other_importances },
	{ "a file that writes back otherwise: exit 70, old set kept", test_other_bytes },
	{ "a healthy run afterwards replaces the set", test_run_after_faults },
	{ "negative importances load", test_negative_importance_loads },
	{ "clean up", test_cleanup },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	return tu_run_suite("modelcheck", tests);
}
