/* SPDX-License-Identifier: MIT */
/* test_pdnumber.c - numbers read as pandas 1.5's read_csv reads them.
 * tests/fixtures/pandas-parse/numbers.txt (made by make_vectors.py with
 * pandas 1.5.3): the text, pandas' double, the correctly rounded double. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/csvread.h"
#include "core/numfmt.h"
#include "testutil.h"

struct vec {
	char text[64];
	double pandas, exact;
};

static struct vec *load(size_t *n)
{
	char *path = tu_fixture("pandas-parse/numbers.txt"), line[256];
	FILE *fp = fopen(path, "r");
	struct vec *v = NULL;
	size_t cap = 0;
	*n = 0;
	free(path);
	if (!fp)
		return NULL;
	while (fgets(line, sizeof line, fp)) {
		char a[64], b[64];
		if (line[0] == '#')
			continue;
		if (*n == cap && !(v = realloc(v, (cap = cap ? 2 * cap : 1024) * sizeof *v)))
			break;
		if (sscanf(line, "%63s %63s %63s", v[*n].text, a, b) != 3)
			continue;
		v[*n].pandas = strtod(a, NULL);
		v[*n].exact = strtod(b, NULL);
		(*n)++;
	}
	fclose(fp);
	return v;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static void test_vectors(void)
{
	size_t n, bad_pd = 0, bad_ex = 0, differ = 0;
	struct vec *v = load(&n);
	CU_ASSERT_EQUAL_FATAL(n, 19725);
	for (size_t i = 0; i < n; i++) {
		double d = NAN;
		oc_set_number_parser(OC_NUMBER_PANDAS);
		if (oc_parse_data_number(v[i].text, strlen(v[i].text), &d) != 0 ||
		    !same_bits(d, v[i].pandas)) {
			if (bad_pd++ < 5)
				fprintf(stderr, "pandas %s: got %a want %a\n", v[i].text, d, v[i].pandas);
		}
		oc_set_number_parser(OC_NUMBER_EXACT);
		if (oc_parse_data_number(v[i].text, strlen(v[i].text), &d) != 0 ||
		    !same_bits(d, v[i].exact))
			bad_ex++;
		differ += !same_bits(v[i].pandas, v[i].exact);
	}
	oc_set_number_parser(OC_NUMBER_PANDAS);
	CU_ASSERT_EQUAL(bad_pd, 0);
	CU_ASSERT_EQUAL(bad_ex, 0);
	CU_ASSERT_EQUAL(differ, 2689);   /* the vectors do tell the two apart */
	free(v);
}

static void test_pandas_refusals(void)
{
	double d = 0;
	oc_set_number_parser(OC_NUMBER_PANDAS);
	/* an exponent above 308 is ERANGE in pandas, even for zero */
	CU_ASSERT_EQUAL(oc_parse_data_number("0e400", 5, &d), -2);
	CU_ASSERT_EQUAL(oc_parse_data_number("1e-700", 6, &d), 0);
	CU_ASSERT_EQUAL(d, 0.0);
	CU_ASSERT_EQUAL(oc_parse_data_number("abc", 3, &d), -1);
	CU_ASSERT_EQUAL(oc_parse_data_number("inf", 3, &d), -2);
	/* the 18th significant digit is dropped, not rounded */
	CU_ASSERT_EQUAL(oc_parse_data_number("0.100000000000000009", 20, &d), 0);
	CU_ASSERT_EQUAL(d, 0.1);
	oc_set_number_parser(OC_NUMBER_EXACT);
	CU_ASSERT_EQUAL(oc_parse_data_number("0e400", 5, &d), 0);
	CU_ASSERT_EQUAL(d, 0.0);
	oc_set_number_parser(OC_NUMBER_PANDAS);
	/* configuration values are always read exactly */
	CU_ASSERT_EQUAL(oc_parse_double("-94.74703143640545", &d), 0);
	CU_ASSERT_EQUAL(d, -94.74703143640545);
}

/* The CSV reader converts every feature value through the setting. */
static void test_csv_reader(void)
{
	size_t n, m = 0;
	struct vec *v = load(&n);
	const char *base = getenv("TMPDIR");
	char path[256];
	int fd;
	FILE *fp;
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	snprintf(path, sizeof path, "%s/oc-pd-XXXXXX", base && *base ? base : "/tmp");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "x,label\n");
	for (size_t i = 0; i < n; i++)
		if (!oc_csv_too_large(v[i].exact) && !oc_csv_too_large(v[i].pandas)) {
			fprintf(fp, "%s,%s\n", v[i].text, m % 2 ? "a" : "b");
			v[m++] = v[i];
		}
	fclose(fp);
	for (int mode = 0; mode < OC_NUMBER_PARSER_COUNT; mode++) {
		struct oc_dataset *ds = NULL;
		struct oc_err err;
		size_t bad = 0;
		oc_err_clear(&err);
		oc_set_number_parser((enum oc_number_parser)mode);
		CU_ASSERT_EQUAL_FATAL(oc_csv_read_dataset(path, "label", &ds, &err), OC_OK);
		CU_ASSERT_EQUAL_FATAL(ds->n_rows, m);
		for (size_t i = 0; i < m; i++)
			bad += !same_bits(ds->x[i], mode == OC_NUMBER_PANDAS ? v[i].pandas : v[i].exact);
		CU_ASSERT_EQUAL(bad, 0);
		oc_dataset_free(&ds);
	}
	CU_ASSERT(m > 15000);
	oc_set_number_parser(OC_NUMBER_PANDAS);
	unlink(path);
	free(v);
}

/* tests/csv-good files as pandas 1.5.3 reads them (pd.read_csv printed
 * 0.3 for 0.30000000000000004, and 3.402823466385289e+38, above FLT_MAX,
 * for 3.4028234663852886e38: it rounds to FLT_MAX in float32, finite, so
 * scikit-learn's check_array accepts it, and so does the reader). */
static void test_corpus_as_pandas(void)
{
	char *forms = tu_fixture("../csv-good/number-forms.csv");
	char *fmax = tu_fixture("../csv-good/float32-max.csv");
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	oc_err_clear(&err);
	oc_set_number_parser(OC_NUMBER_PANDAS);
	CU_ASSERT_EQUAL_FATAL(oc_csv_read_dataset(forms, "quality_grade", &ds, &err), OC_OK);
	CU_ASSERT_EQUAL(ds->x[0], 1000.0);
	CU_ASSERT_EQUAL(ds->x[2], 0.5);
	CU_ASSERT_EQUAL(ds->x[4], 1e-05);
	CU_ASSERT_EQUAL(ds->x[6], 1.2345678901234568e+29);
	CU_ASSERT_EQUAL(ds->x[7], 0.3);
	oc_dataset_free(&ds);
	CU_ASSERT_EQUAL_FATAL(oc_csv_read_dataset(fmax, "quality_grade", &ds, &err), OC_OK);
	CU_ASSERT_EQUAL(ds->x[0], 3.402823466385289e+38);
	CU_ASSERT_EQUAL((float)ds->x[0], FLT_MAX);
	oc_dataset_free(&ds);
	free(forms);
	free(fmax);
}

static CU_TestInfo tests[] = {
	{ "19725 pandas vectors, both parsers", test_vectors },
	{ "pandas' refusals and truncation", test_pandas_refusals },
	{ "CSV reader follows the setting", test_csv_reader },
	{ "odd number forms as pandas reads them", test_corpus_as_pandas },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("pdnumber", tests);
}
