/* SPDX-License-Identifier: MIT */
/* test_limits.c - the stated input limits (opticure(1), LIMITS) are
 * enforced with a located OC_EDATA/OC_ECONFIG message naming the limit,
 * and values at the limit are still accepted: CSV line length, field
 * length (plain and quoted across lines), column count, data rows and
 * values; INI line length and file size (an endless stream included);
 * model-file size, refused before reading. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/conf.h"
#include "data/csvread.h"
#include "io/modelfile.h"
#include "testutil.h"

static char tmpdir[] = "/tmp/oc-limits.XXXXXX";

static const char *tmp_path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	return p;
}

/* Writes len bytes of text to tmpdir/name; returns the path (static). */
static const char *put(const char *name, const char *text, size_t len)
{
	const char *p = tmp_path(name);
	FILE *f = fopen(p, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(text, 1, len, f), len);
	fclose(f);
	return p;
}

/* Reads path as a data set; status, message in err. */
static int read_csv(const char *path, size_t max_rows, size_t max_values, struct oc_err *err)
{
	struct oc_dataset *ds = NULL;
	int st;
	oc_err_clear(err);
	st = oc_csv_read_dataset_max(path, "y", max_rows, max_values, &ds, err);
	if (st == OC_OK) {
		CU_ASSERT_PTR_NOT_NULL(ds);
		oc_dataset_free(&ds);
	} else {
		CU_ASSERT_PTR_NULL(ds);
	}
	return st;
}

static int has(const struct oc_err *err, const char *what)
{
	if (strstr(err->msg, what))
		return 1;
	fprintf(stderr, "\n  expected '%s' in: %s\n", what, err->msg);
	return 0;
}

/* "x,y\n1,A\n2," + a label of n bytes, quoted or not. */
static char *row_with_field(size_t n, int quoted, size_t *len)
{
	char *s = malloc(n + 64);
	size_t k = 0;
	k += (size_t)sprintf(s, "x,y\n1,A\n2,");
	if (quoted)
		s[k++] = '"';
	memset(s + k, 'B', n);
	k += n;
	if (quoted)
		s[k++] = '"';
	s[k++] = '\n';
	*len = k;
	return s;
}

static void test_csv_field(void)
{
	struct oc_err e;
	size_t len;
	char *s = row_with_field(OC_CSV_MAX_FIELD, 0, &len);
	CU_ASSERT_EQUAL(read_csv(put("f-ok.csv", s, len), 0, 0, &e), OC_OK);
	free(s);
	s = row_with_field(OC_CSV_MAX_FIELD + 1, 0, &len);
	CU_ASSERT_EQUAL(read_csv(put("f-long.csv", s, len), 0, 0, &e), OC_EDATA);
	CU_ASSERT_TRUE(has(&e, "f-long.csv:3:2: field longer than 4096 bytes (the limit)"));
	free(s);
	s = row_with_field(OC_CSV_MAX_FIELD + 1, 1, &len);
	CU_ASSERT_EQUAL(read_csv(put("f-quoted.csv", s, len), 0, 0, &e), OC_EDATA);
	CU_ASSERT_TRUE(has(&e, ":3:2: field longer than 4096 bytes"));
	free(s);
	/* A quoted field of short lines: bounded while it is still open. */
	{
		size_t n = 3 * OC_CSV_MAX_FIELD, k;
		s = malloc(n + 64);
		k = (size_t)sprintf(s, "x,y\n\"");
		for (size_t i = 0; i < n; i += 2) {
			s[k++] = '1';
			s[k++] = '\n';
		}
		k += (size_t)sprintf(s + k, "\",A\n");
		CU_ASSERT_EQUAL(read_csv(put("f-lines.csv", s, k), 0, 0, &e), OC_EDATA);
		CU_ASSERT_TRUE(has(&e, "f-lines.csv:2:1: field longer than 4096 bytes"));
		free(s);
	}
}

static void test_csv_line(void)
{
	struct oc_err e;
	/* 300 fields of 3999 bytes: within the field and column limits, over
	 * the line limit, which fires before the line is held in memory. */
	size_t k;
	char *s = malloc(300 * 4000 + 64);
	k = (size_t)sprintf(s, "x,y\n");
	for (int j = 0; j < 300; j++) {
		memset(s + k, '1', 3999);
		k += 3999;
		s[k++] = ',';
	}
	s[k - 1] = '\n';
	CU_ASSERT_EQUAL(read_csv(put("line.csv", s, k), 0, 0, &e), OC_EDATA);
	CU_ASSERT_TRUE(has(&e, "line.csv:2:"));
	CU_ASSERT_TRUE(has(&e, ": line longer than 1048576 bytes (the limit)"));
	free(s);
}

static void test_csv_columns(void)
{
	struct oc_err e;
	char *s = malloc(16 * (OC_CSV_MAX_COLUMNS + 2)), *p;
	for (int extra = 0; extra < 2; extra++) {
		size_t ncol = OC_CSV_MAX_COLUMNS + (size_t)extra;
		p = s;
		for (size_t j = 0; j + 1 < ncol; j++)
			p += sprintf(p, "c%zu,", j);
		p += sprintf(p, "y\n");
		for (int r = 0; r < 2; r++) {
			for (size_t j = 0; j + 1 < ncol; j++)
				p += sprintf(p, "%d,", r);
			p += sprintf(p, "%c\n", 'A' + r);
		}
		if (!extra) {
			CU_ASSERT_EQUAL(read_csv(put("cols-ok.csv", s, (size_t)(p - s)), 0, 0, &e), OC_OK);
		} else {
			CU_ASSERT_EQUAL(read_csv(put("cols.csv", s, (size_t)(p - s)), 0, 0, &e), OC_EDATA);
			CU_ASSERT_TRUE(has(&e, "cols.csv:1:1025: more than 1024 fields in a record"));
		}
	}
	free(s);
}

static void test_csv_rows_values(void)
{
	struct oc_err e;
	const char *p = put("rows.csv", "a,b,y\n1,2,A\n3,4,B\n5,6,A\n", 24);
	CU_ASSERT_EQUAL(read_csv(p, 3, 0, &e), OC_OK);
	CU_ASSERT_EQUAL(read_csv(p, 2, 0, &e), OC_EDATA);
	CU_ASSERT_TRUE(has(&e, "rows.csv:4:1: more than 2 data rows (the limit)"));
	CU_ASSERT_EQUAL(read_csv(p, 0, 6, &e), OC_OK);
	CU_ASSERT_EQUAL(read_csv(p, 0, 5, &e), OC_EDATA);
	CU_ASSERT_TRUE(has(&e, "rows.csv:4:1: more than 5 values, rows x 2 feature columns"));
	/* The defaults are the documented ones. */
	CU_ASSERT_EQUAL(OC_CSV_MAX_ROWS, 10000000L);
	CU_ASSERT_EQUAL(OC_CSV_MAX_VALUES, 50000000L);
}

static int load_ini(const char *text, size_t len, struct oc_err *e)
{
	struct oc_config c;
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	oc_config_defaults(&c);
	oc_err_clear(e);
	rc = oc_config_load_stream(&c, f, "t.ini", e);
	fclose(f);
	return rc;
}

static void test_ini_line(void)
{
	char line[400];
	struct oc_err e;
	/* 199 characters before the line end (LF or CRLF) are accepted. */
	for (int crlf = 0; crlf < 2; crlf++) {
		int n = sprintf(line, "[data]\nlabel = ");
		memset(line + n, 'x', 199 - 8);
		n += 199 - 8;
		n += sprintf(line + n, crlf ? "\r\n" : "\n");
		CU_ASSERT_EQUAL(load_ini(line, (size_t)n, &e), OC_OK);
		/* one more is not */
		n = sprintf(line, "[data]\nlabel = ");
		memset(line + n, 'x', 200 - 8);
		n += 200 - 8;
		n += sprintf(line + n, crlf ? "\r\n" : "\n");
		CU_ASSERT_EQUAL(load_ini(line, (size_t)n, &e), OC_ECONFIG);
		CU_ASSERT_TRUE(has(&e, "t.ini:2: line too long (more than 199 characters)"));
	}
}

static void test_ini_size(void)
{
	struct oc_err e;
	size_t n = (1u << 20) + 10, k = 0;
	char *s = malloc(n);
	/* Comment lines up to just past 1 MiB. */
	while (k + 40 < n) {
		memset(s + k, ';', 39);
		s[k + 39] = '\n';
		k += 40;
	}
	while (k < n)
		s[k++] = '\n';
	CU_ASSERT_EQUAL(load_ini(s, n, &e), OC_ECONFIG);
	CU_ASSERT_TRUE(has(&e, "file larger than 1048576 bytes (the limit)"));
	CU_ASSERT_EQUAL(load_ini(s, 1u << 20, &e), OC_OK);
	free(s);
	/* An endless file of zeros: one NUL line would grow forever. */
	{
		struct oc_config c;
		oc_config_defaults(&c);
		oc_err_clear(&e);
		CU_ASSERT_EQUAL(oc_config_load_file(&c, "/dev/zero", &e), OC_ECONFIG);
		CU_ASSERT_TRUE(has(&e, "/dev/zero:1: file larger than 1048576 bytes"));
	}
}

static void test_model_size(void)
{
	struct oc_bundle *b = (struct oc_bundle *)1;
	struct oc_err e;
	const char *p = tmp_path("huge.model");
	FILE *f = fopen(p, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("opticure-model 1.0\n", f);
	fclose(f);
	/* Sparse: the size alone must refuse it, nothing is read. */
	CU_ASSERT_EQUAL(truncate(p, OC_MODELFILE_MAX_BYTES + 1), 0);
	oc_err_clear(&e);
	CU_ASSERT_EQUAL(oc_bundle_load(p, &b, &e), OC_EDATA);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_TRUE(has(&e, "huge.model: larger than 100 MiB, the limit for a model file"));
	/* At the limit it is read, and fails for what it holds. */
	CU_ASSERT_EQUAL(truncate(p, OC_MODELFILE_MAX_BYTES), 0);
	oc_err_clear(&e);
	CU_ASSERT_EQUAL(oc_bundle_load(p, &b, &e), OC_EDATA);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_PTR_NULL(strstr(e.msg, "the limit for a model file"));
	unlink(p);
}

/* num appears in text as a whole number. */
static int states(const char *text, long num)
{
	char d[32];
	size_t n = (size_t)snprintf(d, sizeof d, "%ld", num);
	for (const char *p = strstr(text, d); p; p = strstr(p + 1, d))
		if ((p == text || p[-1] < '0' || p[-1] > '9') && (p[n] < '0' || p[n] > '9'))
			return 1;
	return 0;
}

/* The man pages state the limits the code enforces. */
static void test_documented(void)
{
	char *p1 = tu_fixture("../../man/opticure.1.in"), *p5 = tu_fixture("../../man/opticure.ini.5.in");
	char *man1 = tu_slurp(p1, NULL), *man5 = tu_slurp(p5, NULL);
	const long lim[] = { OC_CSV_MAX_LINE, OC_CSV_MAX_FIELD, OC_CSV_MAX_COLUMNS, OC_CSV_MAX_ROWS,
	                     OC_CSV_MAX_VALUES, OC_MODELFILE_MAX_BYTES, 199, 1048576 };
	CU_ASSERT_PTR_NOT_NULL_FATAL(man1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(man5);
	CU_ASSERT_PTR_NOT_NULL(strstr(man1, ".SH LIMITS"));
	for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
		if (!states(man1, lim[i]))
			fprintf(stderr, "\n  opticure.1 does not state %ld\n", lim[i]);
		CU_ASSERT_TRUE(states(man1, lim[i]));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(man5, "at most 199 characters"));
	CU_ASSERT_PTR_NOT_NULL(strstr(man5, "at most 1048576 bytes"));
	free(man1);
	free(man5);
	free(p1);
	free(p5);
}

static CU_TestInfo tests[] = {
	{ "CSV field length", test_csv_field },
	{ "CSV line length", test_csv_line },
	{ "CSV column count", test_csv_columns },
	{ "CSV rows and values", test_csv_rows_values },
	{ "INI line length", test_ini_line },
	{ "INI file size", test_ini_size },
	{ "model file size", test_model_size },
	{ "limits documented", test_documented },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	char cmd[300];
	int rc;
	if (!mkdtemp(tmpdir))
		return 99;
	rc = tu_run_suite("limits", tests);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
