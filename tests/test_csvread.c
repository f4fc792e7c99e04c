/* SPDX-License-Identifier: MIT */
/* test_csvread.c - the CSV reader: the malformed corpus (tests/csv-bad:
 * NAME.csv must fail with the status and message of NAME.expected, FILE
 * written as @FILE@), the odd-but-valid files (tests/csv-good: NAME.csv
 * read and written back must equal NAME.out), the parity data sets read and
 * written back byte for byte, line numbers, and reads across buffer ends. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/csvread.h"
#include "data/csvwrite.h"
#include "core/numfmt.h"
#include "testutil.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's *.csv files, NULL-terminated. */
static char **list_csv(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t k = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char **more;
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		more = realloc(names, (k + 2) * sizeof *names);
		if (!more)
			break;
		names = more;
		names[k++] = strdup(e->d_name);
		names[k] = NULL;
	}
	closedir(d);
	if (names)
		qsort(names, k, sizeof *names, by_name);
	*n = k;
	return names;
}

static void free_list(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

static char *corpus_path(const char *dir, const char *name, const char *ext)
{
	char rel[512];
	snprintf(rel, sizeof rel, "../%s/%.*s%s", dir, (int)(strlen(name) - 4), name, ext);
	return tu_fixture(rel);
}

/* Every malformed file fails with exactly its expected status and message. */
static void test_bad_corpus(void)
{
	size_t n = 0, failed = 0;
	char **names = NULL, *dir = tu_fixture("../csv-bad");
	names = list_csv(dir, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(names);
	CU_ASSERT(n >= 25);
	for (size_t i = 0; i < n; i++) {
		char *csv = corpus_path("csv-bad", names[i], ".csv");
		char *exp_path = corpus_path("csv-bad", names[i], ".expected");
		char *expected = tu_slurp(exp_path, NULL), *msg, *at, want[OC_ERR_MAX + 512];
		struct oc_dataset *ds = (struct oc_dataset *)1;
		struct oc_err err;
		int want_status, st;
		oc_err_clear(&err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(expected);
		want_status = atoi(expected);
		msg = strchr(expected, '\n');
		CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
		msg++;
		msg[strcspn(msg, "\n")] = '\0';
		at = strstr(msg, "@FILE@");
		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		snprintf(want, sizeof want, "%.*s%s%s", (int)(at - msg), msg, csv, at + 6);
		st = oc_csv_read_dataset(csv, "quality_grade", &ds, &err);
		if (st != want_status || strcmp(err.msg, want) != 0 || ds != NULL) {
			fprintf(stderr, "%s: got %d \"%s\"\n  want %d \"%s\"\n", names[i], st, err.msg,
			        want_status, want);
			failed++;
		}
		free(expected);
		free(exp_path);
		free(csv);
	}
	CU_ASSERT_EQUAL(failed, 0);
	free_list(names);
	free(dir);
}

/* Reads path and writes it back as CSV into a malloc'd string. */
static char *read_and_write(const char *path, const char *label, struct oc_dataset **keep)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	oc_err_clear(&err);
	if (oc_csv_read_dataset(path, label, &ds, &err) != OC_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return NULL;
	}
	f = open_memstream(&buf, &len);
	if (f) {
		if (oc_csv_write_dataset(f, ds) != 0)
			CU_FAIL("write failed");
		fclose(f);
	}
	CU_ASSERT(strcmp(ds->class_names[0], ds->class_names[1]) < 0);
	if (keep)
		*keep = ds;
	else
		oc_dataset_free(&ds);
	return buf;
}

static void test_good_corpus(void)
{
	size_t n = 0, failed = 0;
	char **names, *dir = tu_fixture("../csv-good");
	/* the .out files hold the correctly rounded values; test_pdnumber
	 * reads number-forms.csv and float32-max.csv as pandas does */
	oc_set_number_parser(OC_NUMBER_EXACT);
	names = list_csv(dir, &n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(names);
	CU_ASSERT(n >= 10);
	for (size_t i = 0; i < n; i++) {
		char *csv = corpus_path("csv-good", names[i], ".csv");
		char *out = corpus_path("csv-good", names[i], ".out");
		char *want = tu_slurp(out, NULL), *got = read_and_write(csv, "quality_grade", NULL);
		if (!want || !got || strcmp(want, got) != 0) {
			fprintf(stderr, "%s: written back as\n%s\n", names[i], got ? got : "(failed)");
			failed++;
		}
		free(want);
		free(got);
		free(out);
		free(csv);
	}
	CU_ASSERT_EQUAL(failed, 0);
	free_list(names);
	free(dir);
}

static void test_label_first_classes(void)
{
	char *csv = tu_fixture("../csv-good/label-first.csv"), *text;
	struct oc_dataset *ds = NULL;
	text = read_and_write(csv, "quality_grade", &ds);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	CU_ASSERT_STRING_EQUAL(ds->class_names[0], "Premium");
	CU_ASSERT_STRING_EQUAL(ds->class_names[1], "Standard");
	CU_ASSERT_EQUAL(ds->y[0], 1);
	CU_ASSERT_EQUAL(ds->y[1], 0);
	CU_ASSERT_EQUAL(ds->y[2], 1);
	CU_ASSERT_STRING_EQUAL(ds->feature_names[0], "t");
	CU_ASSERT_STRING_EQUAL(ds->label_name, "quality_grade");
	CU_ASSERT_EQUAL(ds->fmin[0], 70.0);
	CU_ASSERT_EQUAL(ds->fmax[0], 80.5);
	CU_ASSERT_EQUAL(ds->fmin[1], 40.0);
	oc_dataset_free(&ds);
	free(text);
	free(csv);
}

/* pandas-written parity data sets survive reading and writing unchanged
 * (quoted names with quotes and commas in wide). */
static void test_fixture_round_trip(void)
{
	static const char *const sets[][2] = {
		{ "curing/data.csv", "quality_grade" }, { "wide/data.csv", "grade" },
		{ "balanced/data.csv", "label" },
	};
	for (size_t i = 0; i < 3; i++) {
		char *path = tu_fixture(sets[i][0]), *want = tu_slurp(path, NULL);
		char *got = read_and_write(path, sets[i][1], NULL);
		CU_ASSERT_PTR_NOT_NULL(got);
		CU_ASSERT(want && got && strcmp(want, got) == 0);
		free(want);
		free(got);
		free(path);
	}
}

static void test_cannot_open(void)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	char *dir;
	oc_err_clear(&err);
	CU_ASSERT_EQUAL(oc_csv_read_dataset("no/such/file.csv", "quality_grade", &ds, &err),
	                OC_ENOINPUT);
	CU_ASSERT_STRING_EQUAL(err.msg, "no/such/file.csv: cannot open: No such file or directory");
	CU_ASSERT_PTR_NULL(ds);
	dir = tu_fixture("curing");
	CU_ASSERT_EQUAL(oc_csv_read_dataset(dir, "quality_grade", &ds, &err), OC_ENOINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot open: Is a directory"));
	free(dir);
}

static char *write_temp(const char *text, size_t len)
{
	const char *base = getenv("TMPDIR");
	char *path = malloc(256);
	int fd;
	if (!path)
		return NULL;
	snprintf(path, 256, "%s/oc-csv-XXXXXX", base && *base ? base : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* The streaming interface: fields, record lines, blank lines, EOF. */
static void test_streaming(void)
{
	static const char text[] = "h1,\"h\"\"2\"\r\n\r\nx,\"multi\r\nline\"\n\"\",end";
	char *path = write_temp(text, sizeof text - 1), **f;
	struct oc_csv_reader *r;
	struct oc_err err;
	size_t n;
	long line;
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	oc_err_clear(&err);
	r = oc_csv_open(path, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(oc_csv_path(r), path);
	CU_ASSERT_EQUAL(oc_csv_next(r, &f, &n, &line, &err), 1);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(line, 1);
	CU_ASSERT_STRING_EQUAL(f[0], "h1");
	CU_ASSERT_STRING_EQUAL(f[1], "h\"2");
	CU_ASSERT_EQUAL(oc_csv_next(r, &f, &n, &line, &err), 1);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(line, 2);
	CU_ASSERT_EQUAL(oc_csv_next(r, &f, &n, &line, &err), 1);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(line, 3);
	CU_ASSERT_STRING_EQUAL(f[1], "multi\r\nline");
	CU_ASSERT_EQUAL(oc_csv_field_line(r, 1), 3);
	CU_ASSERT_EQUAL(oc_csv_field_len(r, 1), 11);
	CU_ASSERT_EQUAL(oc_csv_next(r, &f, &n, &line, &err), 1);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(line, 5);
	CU_ASSERT_STRING_EQUAL(f[0], "");
	CU_ASSERT_STRING_EQUAL(f[1], "end");
	CU_ASSERT_EQUAL(oc_csv_next(r, &f, &n, &line, &err), 0);
	CU_ASSERT_EQUAL(oc_csv_next(r, &f, &n, &line, &err), 0);
	oc_csv_close(&r);
	CU_ASSERT_PTR_NULL(r);
	unlink(path);
	free(path);
}

/* 200,000 CRLF rows (about 5 MB): records, CRs and LFs straddle the 1 MiB
 * read buffer; every value and the error line past it must be right. */
static void test_large_crlf(void)
{
	const size_t rows = 200000;
	char *buf = malloc(rows * 40 + 64), *path;
	size_t len = 0, bad = 0;
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	len += (size_t)sprintf(buf, "\xEF\xBB\xBFid,\"v\",quality_grade\r\n");
	for (size_t i = 0; i < rows; i++)
		len += (size_t)sprintf(buf + len, "%zu,%zu.%02zu,%s\r\n", i, i % 977, i % 100,
		                       i % 3 ? "lo" : "\"hi\"");
	path = write_temp(buf, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	oc_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(oc_csv_read_dataset(path, "quality_grade", &ds, &err), OC_OK);
	CU_ASSERT_EQUAL(ds->n_rows, rows);
	CU_ASSERT_STRING_EQUAL(ds->feature_names[0], "id");
	for (size_t i = 0; i < rows; i++) {
		const double *x = oc_dataset_row(ds, i);
		char num[32];
		snprintf(num, sizeof num, "%zu.%02zu", i % 977, i % 100);
		if (x[0] != (double)i || x[1] != strtod(num, NULL) ||
		    ds->y[i] != (i % 3 ? 1 : 0))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	oc_dataset_free(&ds);
	unlink(path);
	free(path);

	/* a bad value on the last line */
	len += (size_t)sprintf(buf + len, "1,oops,lo\r\n");
	path = write_temp(buf, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL(oc_csv_read_dataset(path, "quality_grade", &ds, &err), OC_EDATA);
	{
		char want[512];
		snprintf(want, sizeof want, "%s:%zu:2: 'oops' is not a number (column 'v'); every "
		         "column but the label is a numeric feature: if 'v' is not one, drop it "
		         "with --ignore=v or [data] ignore", path, rows + 2);
		CU_ASSERT_STRING_EQUAL(err.msg, want);
	}
	unlink(path);
	free(path);
	free(buf);
}

static void test_put_field(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	oc_csv_put_field(f, "plain");
	putc('|', f);
	oc_csv_put_field(f, "a,b");
	putc('|', f);
	oc_csv_put_field(f, "say \"hi\"");
	putc('|', f);
	oc_csv_put_field(f, "two\nlines");
	putc('|', f);
	oc_csv_put_field(f, " lead");
	putc('|', f);
	oc_csv_put_field(f, "in side");
	putc('|', f);
	oc_csv_put_field(f, "");
	putc('|', f);
	oc_csv_put_field(f, "\xEF\xBB\xBFt");
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\" lead\"|in side||"
	                            "\"\xEF\xBB\xBFt\"");
	free(buf);
}

static CU_TestInfo tests[] = {
	{ "malformed corpus", test_bad_corpus },
	{ "valid odd files", test_good_corpus },
	{ "label first, classes sorted", test_label_first_classes },
	{ "parity data sets round trip", test_fixture_round_trip },
	{ "cannot open", test_cannot_open },
	{ "streaming records and lines", test_streaming },
	{ "large CRLF file across buffers", test_large_crlf },
	{ "minimal quoting", test_put_field },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("csvread", tests);
}
