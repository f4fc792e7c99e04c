/* SPDX-License-Identifier: MIT */
/* test_conf.c - configuration defaults, INI errors, search order and
 * command-line parsing/overrides. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "pipeline/conf.h"
#include "testutil.h"

static char tmpdir[] = "/tmp/oc_conf_XXXXXX";

/* Writes text to tmpdir/name and returns the path (static buffer). */
static const char *write_ini(const char *name, const char *text)
{
	static char path[512];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int load(const char *text, struct oc_config *cfg, struct oc_err *err)
{
	oc_config_defaults(cfg);
	oc_err_clear(err);
	return oc_config_load_file(cfg, write_ini("t.ini", text), err);
}

/* True when err's message has a line "PATH:LINE: ..." containing what. */
static int has_error(const struct oc_err *err, long line, const char *what)
{
	char prefix[600];
	const char *p = err->msg;
	snprintf(prefix, sizeof prefix, "%s/t.ini:%ld: ", tmpdir, line);
	while ((p = strstr(p, prefix)) != NULL) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char buf[1024];
		snprintf(buf, sizeof buf, "%.*s", (int)len, p);
		if (strstr(buf, what))
			return 1;
		p += len;
	}
	return 0;
}

static void test_defaults(void)
{
	struct oc_config c;
	oc_config_defaults(&c);
	CU_ASSERT_EQUAL(c.data_rows, 500);
	CU_ASSERT_EQUAL(c.data_seed, 42);
	CU_ASSERT_STRING_EQUAL(c.label, "quality_grade");
	CU_ASSERT_STRING_EQUAL(c.source, "synthetic");
	CU_ASSERT_TRUE(oc_config_is_synthetic(&c));
	CU_ASSERT_EQUAL(c.test_ratio, 0.2);
	CU_ASSERT_EQUAL(c.split_seed, 123);
	CU_ASSERT_EQUAL(c.model.lr_C, 1.0);
	CU_ASSERT_EQUAL(c.model.lr_max_iter, 1000);
	CU_ASSERT_EQUAL(c.model.lr_solver, OC_LR_LBFGS);
	CU_ASSERT_EQUAL(c.model.rf_n_estimators, 100);
	CU_ASSERT_EQUAL(c.model.rf_seed, 123);
	CU_ASSERT_EQUAL(c.model.gb_n_estimators, 100);
	CU_ASSERT_EQUAL(c.model.gb_learning_rate, 0.1);
	CU_ASSERT_EQUAL(c.model.gb_max_depth, 3);
	CU_ASSERT_EQUAL(c.model.gb_seed, 123);
	CU_ASSERT_EQUAL(c.model.svm_C, 1.0);
	CU_ASSERT_EQUAL(c.model.svm_gamma, 0.0);
	CU_ASSERT_EQUAL(c.model.svm_seed, 123);
	CU_ASSERT_STRING_EQUAL(c.output_dir, ".");
	CU_ASSERT_EQUAL(c.optimal_temperature, 70.0);
	CU_ASSERT_FALSE(c.mouse);
	CU_ASSERT_EQUAL(c.color, OC_COLOR_AUTO);
	for (int m = 0; m < OC_MODEL_COUNT; m++)
		CU_ASSERT_TRUE(c.enabled[m]);
}

static void test_valid_file(void)
{
	struct oc_config c;
	struct oc_err e;
	int rc = load("; comment\n# another\n[data]\nrows = 2001\nseed=7\n\n[split]\ntest_ratio = 0.25 ; inline\n"
	              "[svm]\ngamma = 0.5\n[models]\nenabled = rf, svm\n[dashboard]\nmouse = yes\ncolor = never\n"
	              "[logistic_regression]\nsolver = newton\n",
	              &c, &e);
	CU_ASSERT_EQUAL(rc, OC_OK);
	CU_ASSERT_EQUAL(c.data_rows, 2001);
	CU_ASSERT_EQUAL(c.data_seed, 7);
	CU_ASSERT_EQUAL(c.test_ratio, 0.25);
	CU_ASSERT_EQUAL(c.model.svm_gamma, 0.5);
	CU_ASSERT_FALSE(c.enabled[OC_MODEL_LR]);
	CU_ASSERT_TRUE(c.enabled[OC_MODEL_RF]);
	CU_ASSERT_FALSE(c.enabled[OC_MODEL_GB]);
	CU_ASSERT_TRUE(c.enabled[OC_MODEL_SVM]);
	CU_ASSERT_TRUE(c.mouse);
	CU_ASSERT_EQUAL(c.color, OC_COLOR_NEVER);
	CU_ASSERT_EQUAL(c.model.lr_solver, OC_LR_NEWTON);
	CU_ASSERT_EQUAL(c.model.rf_n_estimators, 100);   /* untouched keys keep defaults */
}

static void test_all_errors_reported(void)
{
	struct oc_config c;
	struct oc_err e;
	int rc = load("[split]\ntest_ratio = 1.5\n[data]\nbogus = 1\n", &c, &e);
	CU_ASSERT_EQUAL(rc, OC_ECONFIG);
	CU_ASSERT_TRUE(has_error(&e, 2, "test_ratio: 1.5 is outside (0, 1)"));
	CU_ASSERT_TRUE(has_error(&e, 4, "bogus: unknown key"));
}

static void test_each_error_kind(void)
{
	static const struct { const char *text; long line; const char *msg; } cases[] = {
		{ "[nope]\nx = 1\n", 1, "unknown section [nope]" },
		{ "rows = 1\n", 1, "key outside any [section]" },
		{ "[data]\nrows = ten\n", 2, "'ten' is not an integer" },
		{ "[data]\nrows = 0\n", 2, "out of range" },
		{ "[random_forest]\nn_estimators = 0\n", 2, "out of range" },
		{ "[gradient_boosting]\nn_estimators = -3\n", 2, "n_estimators" },
		{ "[data]\nseed = -1\n", 2, "-1 is negative" },
		{ "[split]\nseed = -5\n", 2, "-5 is negative" },
		{ "[split]\ntest_ratio = 0\n", 2, "outside (0, 1)" },
		{ "[split]\ntest_ratio = abc\n", 2, "not a number" },
		{ "[split]\ntest_ratio = nan\n", 2, "not a number" },
		{ "[svm]\nC = 0\n", 2, "greater than 0" },
		{ "[svm]\ngamma = wide\n", 2, "neither \"scale\"" },
		{ "[dashboard]\nmouse = maybe\n", 2, "not a boolean" },
		{ "[dashboard]\ncolor = pink\n", 2, "auto, always, never" },
		{ "[logistic_regression]\nsolver = liblinear\n", 2,
		  "solver: 'liblinear' is not one of lbfgs, newton" },
		{ "[logistic_regression]\nsolver = LBFGS\n", 2, "is not one of lbfgs, newton" },
		{ "[models]\nenabled = lr, xgb\n", 2, "unknown model 'xgb'" },
		{ "[models]\nenabled = lr, lr\n", 2, "listed twice" },
		{ "[data]\nrows = 10\nrows = 20\n", 3, "duplicate key" },
		{ "[data]\njust words\n", 2, "expected 'key = value'" },
		{ "[data\nrows = 1\n", 1, "malformed section header" },
		{ "[data]\nlabel =\n", 2, "must not be empty" },
		{ "[data]\nnumber_parser = strtod\n", 2, "not one of pandas, exact" },
		{ "[fidelity]\nnumpy_simd = avx2\n", 2, "not one of baseline, auto, avx512f" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct oc_config c;
		struct oc_err e;
		int rc = load(cases[i].text, &c, &e);
		CU_ASSERT_EQUAL(rc, OC_ECONFIG);
		if (!has_error(&e, cases[i].line, cases[i].msg))
			fprintf(stderr, "case %zu: got '%s'\n", i, e.msg);
		CU_ASSERT_TRUE(has_error(&e, cases[i].line, cases[i].msg));
	}
}

static void test_hostile_files(void)
{
	struct oc_config c;
	struct oc_err e;
	char *big = malloc(70000), *sections;
	size_t n = 0;
	/* An overlong line. */
	memcpy(big, "[data]\nlabel = ", 15);
	memset(big + 15, 'x', 60000);
	strcpy(big + 60015, "\nrows = 3\n");
	CU_ASSERT_EQUAL(load(big, &c, &e), OC_ECONFIG);
	CU_ASSERT_TRUE(has_error(&e, 2, "line too long"));
	/* Binary garbage, NUL bytes included. */
	{
		const char *p = write_ini("t.ini", "");
		FILE *f = fopen(p, "wb");
		for (int i = 0; i < 4096; i++)
			fputc((i * 7919 + 13) & 0xff, f);
		fclose(f);
		oc_config_defaults(&c);
		oc_err_clear(&e);
		CU_ASSERT_EQUAL(oc_config_load_file(&c, p, &e), OC_ECONFIG);
		CU_ASSERT_TRUE(strlen(e.msg) > 0);
	}
	/* A thousand sections: every one reported up to the cap, no crash. */
	sections = malloc(1000 * 32);
	for (int i = 0; i < 1000; i++)
		n += (size_t)sprintf(sections + n, "[s%d]\nk = v\n", i);
	CU_ASSERT_EQUAL(load(sections, &c, &e), OC_ECONFIG);
	CU_ASSERT_TRUE(has_error(&e, 1, "unknown section [s0]"));
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "more errors not shown"));
	/* 51 errors: one over the cap, in the singular */
	n = 0;
	for (int i = 0; i < 51; i++)
		n += (size_t)sprintf(sections + n, "[s%d]\n", i);
	CU_ASSERT_EQUAL(load(sections, &c, &e), OC_ECONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, ": 1 more error not shown"));
	free(sections);
	free(big);
}

static void test_search_order(void)
{
	char home[600], dirs[1300], sys2[600], found[4096], p[700];
	struct oc_err e;
	snprintf(home, sizeof home, "%s/home", tmpdir);
	snprintf(sys2, sizeof sys2, "%s/sys2", tmpdir);
	snprintf(dirs, sizeof dirs, "%s/sys1:%s", tmpdir, sys2);
	snprintf(p, sizeof p, "%s/opticure", home);
	mkdir(home, 0700);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/sys1", tmpdir);
	mkdir(p, 0700);
	mkdir(sys2, 0700);
	snprintf(p, sizeof p, "%s/opticure", sys2);
	mkdir(p, 0700);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("XDG_CONFIG_DIRS", dirs, 1);

	/* Only the second system directory has a file. */
	write_ini("sys2/opticure/opticure.ini", "[data]\nrows = 2\n");
	CU_ASSERT_EQUAL(oc_config_find(NULL, found, sizeof found, &e), OC_OK);
	snprintf(p, sizeof p, "%s/opticure/opticure.ini", sys2);
	CU_ASSERT_STRING_EQUAL(found, p);

	/* The user's file wins over the system ones. */
	write_ini("home/opticure/opticure.ini", "[data]\nrows = 3\n");
	CU_ASSERT_EQUAL(oc_config_find(NULL, found, sizeof found, &e), OC_OK);
	snprintf(p, sizeof p, "%s/opticure/opticure.ini", home);
	CU_ASSERT_STRING_EQUAL(found, p);

	/* --config wins over everything; a missing one is a config error. */
	CU_ASSERT_EQUAL(oc_config_find(write_ini("explicit.ini", ""), found, sizeof found, &e), OC_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(found, "explicit.ini"));
	oc_err_clear(&e);
	CU_ASSERT_EQUAL(oc_config_find("/nonexistent/x.ini", found, sizeof found, &e), OC_ECONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "/nonexistent/x.ini"));

	/* Nothing anywhere: built-in defaults (empty path). */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_DIRS", "/nonexistent", 1);
	CU_ASSERT_EQUAL(oc_config_find(NULL, found, sizeof found, &e), OC_OK);
	if (access(OC_SYSCONFDIR "/opticure.ini", R_OK) != 0)
		CU_ASSERT_STRING_EQUAL(found, "");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_CONFIG_DIRS");
}

static int parse(struct oc_cli *cli, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	FILE *devnull = fopen("/dev/null", "w");
	int rc;
	argv[argc++] = (char *)"opticure";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	argv[argc] = NULL;
	rc = oc_cli_parse(argc, argv, cli, devnull);
	fclose(devnull);
	return rc;
}

static void test_cli_parse(void)
{
	struct oc_cli cli;
	struct oc_config c;
	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ NULL }), OC_OK);
	CU_ASSERT_EQUAL(cli.mode, OC_MODE_DASHBOARD);
	CU_ASSERT_EQUAL(cli.model, OC_MODEL_BEST);

	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ "--batch", "-C", "out", "--seed=7", "--rows", "99",
	                                              "-f", "json", "-j", "3", "-q", NULL }), OC_OK);
	CU_ASSERT_EQUAL(cli.mode, OC_MODE_BATCH);
	CU_ASSERT_STRING_EQUAL(cli.dir, "out");
	CU_ASSERT_EQUAL(cli.format, OC_FORMAT_JSON);
	CU_ASSERT_EQUAL(cli.jobs, 3);
	CU_ASSERT_TRUE(cli.quiet);

	oc_config_defaults(&c);
	oc_cli_apply(&cli, &c);
	CU_ASSERT_EQUAL(c.data_seed, 7);
	CU_ASSERT_EQUAL(c.data_rows, 99);
	CU_ASSERT_STRING_EQUAL(c.output_dir, "out");
	CU_ASSERT_EQUAL(c.n_jobs, 3);

	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ "--predict=x.csv", "--model=best", NULL }), OC_OK);
	CU_ASSERT_EQUAL(cli.mode, OC_MODE_PREDICT);
	CU_ASSERT_STRING_EQUAL(cli.predict_path, "x.csv");
	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ "-m", "svm", "--predict=x.csv", NULL }), OC_OK);
	CU_ASSERT_EQUAL(cli.model, OC_MODEL_SVM);

	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ "-d", "a.csv", "-t", "b.csv", "--print-config",
	                                              "--mouse", "--no-color", NULL }), OC_OK);
	oc_config_defaults(&c);
	oc_cli_apply(&cli, &c);
	CU_ASSERT_STRING_EQUAL(c.source, "a.csv");
	CU_ASSERT_STRING_EQUAL(c.test_data, "b.csv");
	CU_ASSERT_TRUE(c.mouse);
	CU_ASSERT_EQUAL(c.color, OC_COLOR_NEVER);
	CU_ASSERT_TRUE(c.n_jobs >= 1);

	/* --help and --version win over other options, as GNU asks. */
	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ "--batch", "--help", NULL }), OC_OK);
	CU_ASSERT_EQUAL(cli.mode, OC_MODE_HELP);
	CU_ASSERT_EQUAL(parse(&cli, (const char *[]){ "-V", NULL }), OC_OK);
	CU_ASSERT_EQUAL(cli.mode, OC_MODE_VERSION);
}

static void test_cli_errors(void)
{
	struct oc_cli cli;
	static const char *const bad[][4] = {
		{ "--bogus", NULL }, { "-x", NULL }, { "--batch", "--generate", NULL },
		{ "--seed=-1", NULL }, { "--seed=abc", NULL }, { "--rows=0", NULL },
		{ "-m", "xgb", NULL }, { "-f", "yaml", NULL }, { "-j", "0", NULL },
		{ "--predict", NULL }, { "-c", NULL }, { "stray", NULL }, { "-q", "-v", NULL },
		{ "-C", "", NULL },
		/* options the mode has no use for */
		{ "--generate", "-d", "x.csv", NULL }, { "--generate", "-m", "rf", NULL },
		{ "--generate", "-f", "json", NULL }, { "--predict=F", "-f", "json", NULL },
		{ "--batch", "-m", "rf", NULL }, { "--print-config", "-j", "2", NULL },
		{ "-f", "csv", NULL },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(parse(&cli, (const char *const *)bad[i]), OC_EUSAGE);
}

static void test_format_roundtrip(void)
{
	/* The rendered defaults load back without error and change nothing. */
	struct oc_config a, b;
	struct oc_err e;
	static char buf[1 << 16];
	oc_config_defaults(&a);
	CU_ASSERT_TRUE_FATAL(oc_config_format(&a, buf, sizeof buf) > 0);
	CU_ASSERT_EQUAL(load(buf, &b, &e), OC_OK);
	memset(b.loaded_from, 0, sizeof b.loaded_from);
	CU_ASSERT_TRUE(b.from_file.source && b.from_file.test_data && b.from_file.output_dir);
	memset(&b.from_file, 0, sizeof b.from_file);
	CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof a), 0);
	CU_ASSERT_EQUAL(oc_config_format(&a, buf, 10), -1);
	/* a non-default solver is printed and read back */
	a.model.lr_solver = OC_LR_NEWTON;
	CU_ASSERT_TRUE_FATAL(oc_config_format(&a, buf, sizeof buf) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\nsolver = newton\n"));
	CU_ASSERT_EQUAL(load(buf, &b, &e), OC_OK);
	CU_ASSERT_EQUAL(b.model.lr_solver, OC_LR_NEWTON);
}

/* The fidelity keys: defaults pandas and baseline, every value accepted. */
static void test_fidelity_keys(void)
{
	struct oc_config c;
	struct oc_err e;
	oc_config_defaults(&c);
	CU_ASSERT_EQUAL(c.number_parser, OC_NUMBER_PANDAS);
	CU_ASSERT_EQUAL(c.model.numpy_simd, OC_NUMPY_SIMD_BASELINE);
	CU_ASSERT_EQUAL(load("[data]\nnumber_parser = exact\n[fidelity]\nnumpy_simd = auto\n", &c, &e),
	                OC_OK);
	CU_ASSERT_EQUAL(c.number_parser, OC_NUMBER_EXACT);
	CU_ASSERT_EQUAL(c.model.numpy_simd, OC_NUMPY_SIMD_AUTO);
	CU_ASSERT_EQUAL(load("[fidelity]\nnumpy_simd = avx512f\n", &c, &e), OC_OK);
	CU_ASSERT_EQUAL(c.model.numpy_simd, OC_NUMPY_SIMD_AVX512F);
	CU_ASSERT_EQUAL(c.number_parser, OC_NUMBER_PANDAS);
}

static CU_TestInfo tests[] = {
	{ "defaults", test_defaults },
	{ "fidelity keys", test_fidelity_keys },
	{ "valid file", test_valid_file },
	{ "all errors reported", test_all_errors_reported },
	{ "each error kind", test_each_error_kind },
	{ "hostile files", test_hostile_files },
	{ "search order", test_search_order },
	{ "cli parse", test_cli_parse },
	{ "cli errors", test_cli_errors },
	{ "format round trip", test_format_roundtrip },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	int rc;
	if (!mkdtemp(tmpdir))
		return 99;
	rc = tu_run_suite("conf", tests);
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			rc = rc ? rc : 99;
	}
	return rc;
}
