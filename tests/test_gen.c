/* SPDX-License-Identifier: MIT */
/* test_gen.c - the generator's files byte for byte against the original
 * Python generator's (fixtures/curing/data.csv, fixtures/generator/). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomicio.h"
#include "pipeline/gen.h"
#include "core/hash.h"
#include "testutil.h"

static char tmpdir[256];

static int suite_init(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmpdir, sizeof tmpdir, "%s/oc-gen-XXXXXX", base && *base ? base : "/tmp");
	unsetenv("SOURCE_DATE_EPOCH");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static char *out_file(const char *name, size_t *len)
{
	char *path = oc_path_join(tmpdir, name), *text = tu_slurp(path, len);
	free(path);
	return text;
}

static void generate(long rows, uint32_t seed)
{
	struct oc_err err;
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_generate_write(tmpdir, rows, seed, 2, NULL, NULL, &err), OC_OK);
}

static void expect_csv_equals_fixture(long rows, uint32_t seed, const char *rel)
{
	char *path = tu_fixture(rel), *want, *got;
	size_t nw = 0, ng = 0;
	generate(rows, seed);
	want = tu_slurp(path, &nw);
	got = out_file(OC_GEN_CSV, &ng);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_EQUAL(ng, nw);
	CU_ASSERT(ng == nw && memcmp(got, want, nw) == 0);
	free(want);
	free(got);
	free(path);
}

static void test_csv_500_42(void)
{
	expect_csv_equals_fixture(500, 42, "curing/data.csv");
}

static void test_csv_2001_7(void)
{
	expect_csv_equals_fixture(2001, 7, "generator/rows2001_seed7.csv");
}

static void test_csv_1_0(void)
{
	expect_csv_equals_fixture(1, 0, "generator/rows1_seed0.csv");
}

/* Every (rows, seed) of generator/sha256.txt, 100000 rows included. */
static void test_csv_hashes(void)
{
	char *path = tu_fixture("generator/sha256.txt"), *list = tu_slurp(path, NULL), *p;
	int checked = 0;
	CU_ASSERT_PTR_NOT_NULL_FATAL(list);
	for (p = list; *p;) {
		long rows;
		unsigned long seed;
		char want[65], got[65], *csv;
		size_t len = 0;
		int used = 0;
		if (sscanf(p, "%ld %lu %64s%n", &rows, &seed, want, &used) != 3)
			break;
		p += used;
		while (*p == '\n')
			p++;
		generate(rows, (uint32_t)seed);
		csv = out_file(OC_GEN_CSV, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
		oc_sha256_hex(csv, len, got);
		CU_ASSERT_STRING_EQUAL(got, want);
		free(csv);
		checked++;
	}
	CU_ASSERT(checked >= 4);
	free(list);
	free(path);
}

/* The original json.dump(indent=2) text with data_sha256 added last. */
static void test_metadata(void)
{
	char *path = tu_fixture("generator/meta_500_42.json"), *orig = tu_slurp(path, NULL);
	char *csv, *meta, sha[65], *want;
	size_t csv_len = 0, n;
	CU_ASSERT_PTR_NOT_NULL_FATAL(orig);
	generate(500, 42);
	csv = out_file(OC_GEN_CSV, &csv_len);
	meta = out_file(OC_GEN_META, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	CU_ASSERT_PTR_NOT_NULL_FATAL(meta);
	oc_sha256_hex(csv, csv_len, sha);
	n = strlen(orig);
	CU_ASSERT_FATAL(n > 2 && strcmp(orig + n - 2, "\n}") == 0);
	want = malloc(n + 128);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	memcpy(want, orig, n - 2);
	sprintf(want + n - 2, ",\n  \"data_sha256\": \"%s\"\n}", sha);
	CU_ASSERT_STRING_EQUAL(meta, want);
	CU_ASSERT_PTR_NULL(strstr(meta, "generation_timestamp"));
	free(want);
	free(meta);
	free(csv);
	free(orig);
	free(path);
}

static void test_metadata_one_grade(void)
{
	char *meta;
	generate(1, 0);
	meta = out_file(OC_GEN_META, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(meta);
	CU_ASSERT_PTR_NOT_NULL(strstr(meta, "\"quality_grades\": [\n    \"Standard\"\n  ],"));
	CU_ASSERT_PTR_NOT_NULL(strstr(meta, "\"grade_distribution\": {\n    \"Standard\": 1\n  },"));
	free(meta);
}

static void test_source_date_epoch(void)
{
	struct oc_err err;
	char *meta;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	generate(10, 3);
	meta = out_file(OC_GEN_META, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(meta);
	CU_ASSERT_PTR_NOT_NULL(strstr(meta, "  \"random_seed\": 3,\n"
	                                    "  \"generation_timestamp\": \"2023-11-14T22:13:20Z\",\n"
	                                    "  \"data_sha256\": \""));
	free(meta);
	setenv("SOURCE_DATE_EPOCH", "17e8", 1);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(oc_generate_write(tmpdir, 10, 3, 2, NULL, NULL, &err), OC_ECONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "SOURCE_DATE_EPOCH"));
	unsetenv("SOURCE_DATE_EPOCH");
}

static void test_dataset_and_errors(void)
{
	struct oc_err err;
	struct oc_dataset *ds = NULL;
	char *bad;
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_generate(500, 42, 2, &ds, &err), OC_OK);
	CU_ASSERT_EQUAL(ds->n_rows, 500);
	CU_ASSERT_EQUAL(ds->n_features, 5);
	CU_ASSERT_STRING_EQUAL(ds->class_names[0], "Premium");
	CU_ASSERT_STRING_EQUAL(ds->class_names[1], "Standard");
	CU_ASSERT_EQUAL(oc_dataset_count_positive(ds), 37);
	/* first row 72.48,67.41,22.2,10.4,122.02,Premium */
	CU_ASSERT_EQUAL(ds->x[0], 72.48);
	CU_ASSERT_EQUAL(ds->x[4], 122.02);
	CU_ASSERT_EQUAL(ds->y[0], 0);
	CU_ASSERT(ds->fmin[3] >= 5.0 && ds->fmax[3] <= 25.0);
	oc_dataset_free(&ds);

	CU_ASSERT_EQUAL(oc_generate(0, 42, 2, &ds, &err), OC_ECONFIG);
	CU_ASSERT_PTR_NULL(ds);
	bad = oc_path_join(tmpdir, "no/such/dir");
	CU_ASSERT_EQUAL(oc_generate_write(bad, 5, 1, 2, NULL, NULL, &err), OC_ECANTCREAT);
	free(bad);
}

static int suite_clean(void)
{
	const char *names[] = { OC_GEN_CSV, OC_GEN_META };
	for (int i = 0; i < 2; i++) {
		char *p = oc_path_join(tmpdir, names[i]);
		if (p)
			unlink(p);
		free(p);
	}
	return rmdir(tmpdir);
}

static CU_TestInfo tests[] = {
	{ "csv (500, 42) = original", test_csv_500_42 },
	{ "csv (2001, 7) = original", test_csv_2001_7 },
	{ "csv (1, 0) = original", test_csv_1_0 },
	{ "csv sha256 incl. (100000, 123)", test_csv_hashes },
	{ "metadata = original + data_sha256", test_metadata },
	{ "metadata with one grade", test_metadata_one_grade },
	{ "SOURCE_DATE_EPOCH", test_source_date_epoch },
	{ "data set and errors", test_dataset_and_errors },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	int st;
	if (suite_init() != 0) {
		perror("mkdtemp");
		return 99;
	}
	st = tu_run_suite("gen", tests);
	if (suite_clean() != 0)
		perror(tmpdir);
	return st;
}
