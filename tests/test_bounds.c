/* SPDX-License-Identifier: MIT */
/* test_bounds.c - every key's bounds come from its table row, and every
 * reader follows them: for each bounded key, min - 1 and max + 1 are
 * refused and min and max accepted by the INI loader, by the model-file
 * reader (for the hyperparameters) and by oc_model_check.  The values are
 * read from the tables, so changing a bound there needs no change here. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "pipeline/conf.h"
#include "core/hash.h"
#include "io/modelfile.h"
#include "pipeline/pipeline.h"
#include "testutil.h"

/* Loads "[section]\nkey = value\n" over the defaults. */
static int ini_load(const struct oc_setting *s, const char *value, struct oc_config *cfg,
                    struct oc_err *err)
{
	char text[512];
	FILE *f;
	int rc;
	snprintf(text, sizeof text, "[%s]\n%s = %s\n", s->section, s->key, value);
	f = fmemopen(text, strlen(text), "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	oc_config_defaults(cfg);
	oc_err_clear(err);
	rc = oc_config_load_stream(cfg, f, "t.ini", err);
	fclose(f);
	return rc;
}

/* The model that owns row s, or NULL for a configuration-only key. */
static const struct oc_model_ops *owner(const struct oc_setting *s)
{
	for (int k = 0; k < OC_MODEL_COUNT; k++) {
		const struct oc_model_ops *ops = oc_model_registry[k];
		if (s >= ops->params && s < ops->params + ops->n_params)
			return ops;
	}
	return NULL;
}

/* A model file of every model, as --batch writes it (500 synthetic rows,
 * 2 trees): read into memory, its directory removed. */
static char *model_text(size_t *len)
{
	char dir[] = "/tmp/test_bounds.XXXXXX", path[128];
	struct oc_config cfg;
	struct oc_run run;
	struct oc_err err;
	char *text;
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	oc_config_defaults(&cfg);
	cfg.data_rows = 500;
	cfg.model.rf_n_estimators = cfg.model.gb_n_estimators = 2;
	snprintf(cfg.output_dir, sizeof cfg.output_dir, "%s", dir);
	if (oc_pipeline_run(&cfg, NULL, &run, &err) != OC_OK)
		fprintf(stderr, "pipeline: %s\n", err.msg);
	CU_ASSERT_EQUAL_FATAL(err.status, OC_OK);
	for (size_t i = 0; run.paths[i]; i++)
		if (strcmp(strrchr(run.paths[i], '/') + 1, OC_MODEL_FILE) == 0)
			snprintf(path, sizeof path, "%s", run.paths[i]);
	text = tu_slurp(path, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (size_t i = 0; run.paths[i]; i++)
		unlink(run.paths[i]);
	rmdir(dir);
	oc_run_free(&run);
	return text;
}

/* Parses text with the record "RECORD ..." replaced by "RECORD value" and
 * the checksum renewed; stores the loaded settings in *p on success. */
static int model_load(const char *text, size_t len, const char *record, const char *value,
                      struct oc_model_params *p, struct oc_err *err)
{
	char head[96], *buf = malloc(len + 256), *at, crc[32];
	size_t n, rest_at, body;
	struct oc_bundle *b = NULL;
	int rc;
	snprintf(head, sizeof head, "\n%s ", record);
	at = strstr(text, head);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	n = (size_t)(at - text) + 1;
	memcpy(buf, text, n);
	n += (size_t)sprintf(buf + n, "%s %s", record, value);
	rest_at = (size_t)(strchr(at + 1, '\n') - text);
	body = len - 15;                        /* without "crc32 XXXXXXXX\n" */
	memcpy(buf + n, text + rest_at, body - rest_at);
	n += body - rest_at;
	snprintf(crc, sizeof crc, "crc32 %08lx\n", (unsigned long)oc_crc32(0, buf, n));
	memcpy(buf + n, crc, 15);
	n += 15;
	rc = oc_bundle_parse("m", buf, n, &b, err);
	if (!rc)
		*p = b->params;
	oc_bundle_free(&b);
	free(buf);
	return rc;
}

/* The four probes of a bounded key, as text and as the number stored. */
struct probe {
	char text[48];
	double value;
	int ok;
};

static void add_probe(struct probe *p, size_t *n, double v, int ok, int is_long)
{
	if (is_long)
		snprintf(p[*n].text, sizeof p[*n].text, "%ld", (long)v);
	else
		snprintf(p[*n].text, sizeof p[*n].text, "%.17g", v);
	p[*n].value = v;
	p[(*n)++].ok = ok;
}

/* LONG: min - 1, min, max, max + 1.  DOUBLE: at each finite bound, the
 * closest double outside and inside it (0 is not "outside" where it is
 * the value of a word, gamma's "scale"). */
static size_t probes(const struct oc_setting *s, struct probe out[4])
{
	size_t n = 0;
	if (s->type == OC_SET_LONG) {
		add_probe(out, &n, s->min - 1, 0, 1);
		add_probe(out, &n, s->min, 1, 1);
		add_probe(out, &n, s->max, 1, 1);
		add_probe(out, &n, s->max + 1, 0, 1);
	} else if (s->type == OC_SET_DOUBLE) {
		for (int hi = 0; hi < 2; hi++) {
			double b = hi ? s->max : s->min, away = hi ? HUGE_VAL : -HUGE_VAL;
			int open = (s->flags & (hi ? OC_SET_MAX_OPEN : OC_SET_MIN_OPEN)) != 0;
			double in = open ? nextafter(b, -away) : b, outside = open ? b : nextafter(b, away);
			if (!isfinite(b))
				continue;
			if (!(s->names && s->names[0] && outside == 0))
				add_probe(out, &n, outside, 0, 0);
			add_probe(out, &n, in, 1, 0);
		}
	}
	return n;
}

static double stored(const struct oc_setting *s, const void *base)
{
	const void *f = oc_setting_cfield(s, base);
	return s->type == OC_SET_LONG ? (double)*(const long *)f : *(const double *)f;
}

static void test_rows_well_formed(void)
{
	const struct oc_setting *rows[OC_CONFIG_MAX_KEYS];
	size_t n = oc_config_keys(rows, OC_CONFIG_MAX_KEYS);
	char msg[256];
	CU_ASSERT_FATAL(n > 0 && n < OC_CONFIG_MAX_KEYS);
	for (size_t i = 0; i < n; i++) {
		const char *why = oc_setting_lint(rows[i], msg, sizeof msg);
		if (why)
			fprintf(stderr, "%s\n", why);
		CU_ASSERT_PTR_NULL(why);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT(strcmp(rows[i]->section, rows[j]->section) != 0 ||
			          strcmp(rows[i]->key, rows[j]->key) != 0);
	}
}

static void test_bounds_everywhere(void)
{
	const struct oc_setting *rows[OC_CONFIG_MAX_KEYS];
	size_t n = oc_config_keys(rows, OC_CONFIG_MAX_KEYS), len, tried_model = 0, tried_ini = 0;
	char *text = model_text(&len);
	for (size_t i = 0; i < n; i++) {
		const struct oc_setting *s = rows[i];
		const struct oc_model_ops *ops = owner(s);
		struct probe pr[4];
		size_t np = probes(s, pr);
		for (size_t k = 0; k < np; k++) {
			struct oc_config cfg;
			struct oc_model_params p;
			struct oc_err err;
			char record[80];
			int rc = ini_load(s, pr[k].text, &cfg, &err);
			tried_ini++;
			if ((rc == OC_OK) != pr[k].ok)
				fprintf(stderr, "INI [%s] %s = %s: rc %d %s\n", s->section, s->key,
				        pr[k].text, rc, err.msg);
			CU_ASSERT_EQUAL(rc == OC_OK, pr[k].ok);
			if (!ops)
				continue;
			if (rc == OC_OK) {
				CU_ASSERT_EQUAL(stored(s, &cfg.model), pr[k].value);
			}
			/* the same value set by code: oc_model_check */
			tu_default_params(&p);
			if (s->type == OC_SET_LONG)
				*(long *)oc_setting_field(s, &p) = (long)pr[k].value;
			else
				*(double *)oc_setting_field(s, &p) = pr[k].value;
			CU_ASSERT_EQUAL(oc_model_check(ops, &p, NULL) == NULL, pr[k].ok);
			/* and read from a model file */
			snprintf(record, sizeof record, "%s_%s", ops->key, s->key);
			rc = model_load(text, len, record, pr[k].text, &p, &err);
			tried_model++;
			if ((rc == OC_OK) != pr[k].ok)
				fprintf(stderr, "model file %s %s: rc %d %s\n", record, pr[k].text, rc,
				        err.msg);
			CU_ASSERT_EQUAL(rc == OC_OK, pr[k].ok);
			if (rc == OC_OK) {
				CU_ASSERT_EQUAL(stored(s, &p), pr[k].value);
			} else {
				CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, record));
			}
		}
	}
	/* every bounded hyperparameter was tried: 4 LONG probes each */
	CU_ASSERT(tried_model >= 4 * 8);
	CU_ASSERT(tried_ini > tried_model);
	free(text);
}

/* The configuration reads a model's row itself, not a copy of it. */
static void test_one_row(void)
{
	const struct oc_setting *s = oc_config_key("gradient_boosting", "max_depth");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_PTR_EQUAL(s, oc_model_param(oc_model_registry[OC_MODEL_GB], "max_depth"));
}

/* The types no key uses yet: an enumeration and a value with a word. */
struct demo {
	int solver;
	double width;
	char name[8];
};
static const char *const solvers[] = { "lbfgs", "newton-cg", NULL };
static const char *const auto_word[] = { "auto", NULL };
static const struct oc_setting demo_rows[] = {
	OC_SETTING_ENUM(struct demo, "demo", "solver", solver, solvers, "lbfgs", "Solver.",
	                .file_minor = 1),
	OC_SETTING_(struct demo, "demo", "width", OC_SET_DOUBLE, width, 0, 10, "auto", "Width.",
	            OC_SET_MIN_OPEN, auto_word, NULL),
	OC_SETTING_STRING(struct demo, "demo", "name", name, OC_SET_NONEMPTY, "x", "Name."),
};

static void test_other_types(void)
{
	struct demo d;
	char msg[200], out[64];
	for (size_t i = 0; i < 3; i++)
		CU_ASSERT_PTR_NULL(oc_setting_lint(&demo_rows[i], msg, sizeof msg));
	CU_ASSERT_EQUAL(demo_rows[0].file_minor, 1);
	CU_ASSERT_PTR_NULL(oc_setting_parse(&demo_rows[0], &d, "newton-cg", msg, sizeof msg));
	CU_ASSERT_EQUAL(d.solver, 1);
	oc_setting_format(&demo_rows[0], &d, out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "newton-cg");
	CU_ASSERT_PTR_NOT_NULL(oc_setting_parse(&demo_rows[0], &d, "sag", msg, sizeof msg));
	CU_ASSERT_STRING_EQUAL(msg, "'sag' is not one of lbfgs, newton-cg");
	CU_ASSERT_EQUAL(d.solver, 1);
	d.solver = 2;
	CU_ASSERT_PTR_NOT_NULL(oc_setting_check(&demo_rows[0], &d, msg, sizeof msg));

	CU_ASSERT_PTR_NULL(oc_setting_parse(&demo_rows[1], &d, "auto", msg, sizeof msg));
	CU_ASSERT_EQUAL(d.width, 0.0);
	oc_setting_format(&demo_rows[1], &d, out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "auto");
	CU_ASSERT_PTR_NULL(oc_setting_parse(&demo_rows[1], &d, "2.5", msg, sizeof msg));
	CU_ASSERT_EQUAL(d.width, 2.5);
	CU_ASSERT_PTR_NOT_NULL(oc_setting_parse(&demo_rows[1], &d, "11", msg, sizeof msg));
	CU_ASSERT_STRING_EQUAL(msg, "'11' is neither \"auto\" nor a number > 0 and <= 10");
	CU_ASSERT_STRING_EQUAL(oc_setting_range(&demo_rows[1], out, sizeof out), "auto or > 0 and <= 10");

	CU_ASSERT_PTR_NOT_NULL(oc_setting_parse(&demo_rows[2], &d, "", msg, sizeof msg));
	CU_ASSERT_PTR_NOT_NULL(oc_setting_parse(&demo_rows[2], &d, "too long", msg, sizeof msg));
	CU_ASSERT_PTR_NULL(oc_setting_parse(&demo_rows[2], &d, "abc", msg, sizeof msg));
	CU_ASSERT_STRING_EQUAL(d.name, "abc");
}

static CU_TestInfo tests[] = {
	{ "enumerations, words and strings", test_other_types },
	{ "every row well-formed, every key once", test_rows_well_formed },
	{ "min-1, min, max, max+1: INI, model file, check", test_bounds_everywhere },
	{ "the configuration reads the model's row", test_one_row },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("bounds", tests);
}
