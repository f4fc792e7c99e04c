/* SPDX-License-Identifier: MIT */
/* test_csvread.c - the CSV reader: the malformed corpus (tests/csv-bad:
 * NAME.csv must fail with the status and message of NAME.expected, FILE
 * written as @FILE@), the odd-but-valid files (tests/csv-good: NAME.csv
 * read and written back must equal NAME.out), the parity data sets read and
 * written back byte for byte, line numbers, and reads across buffer ends. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
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

/* --- the reader's own splitting of plain lines against libcsv --- */

/* Reproducible draws: a failure can be replayed. */
static uint64_t draw_state = 88172645463325252ULL;
static uint64_t draw(void)
{
	return tu_xorshift(&draw_state);
}

/* A file of mostly plain lines of `cols` fields, with every kind of line
 * the fast path must leave to libcsv mixed in.  Valid: quoted fields
 * (with doubled quotes, commas, line ends), CRLF and lone CR line ends,
 * blanks and tabs.  Invalid, at the rate of about one line in `bad`: a
 * bare quote, NUL, a field or a line over the limit (or just at it), more
 * fields than the limit (or exactly as many), a blank line (also as the
 * lone empty field of a one-column file), a record of another width.  Each ends the file for the readers, so they come rarely
 * in the long files, whose records straddle the 1 MiB read buffer at many
 * places.  The last line may lack its end. */
static size_t make_mixed(char *buf, size_t cap, size_t cols, size_t lines, unsigned bad)
{
	size_t len = 0;
	static const char alphabet[] = "ab19.-e \t";
	for (size_t l = 0; l < lines && len + OC_CSV_MAX_LINE + 8192 < cap; l++) {
		unsigned kind = (unsigned)(draw() % bad), style = (unsigned)(draw() % 100);
		size_t nf = kind == 1 ? 1 + draw() % (cols + 2) : cols;
		if (kind == 2) {
			/* a field just over, or just at, the field limit */
			size_t w = OC_CSV_MAX_FIELD + (draw() % 2);
			memset(buf + len, 'x', w);
			len += w;
		} else if (kind == 3) {
			/* more fields than the limit, or exactly as many */
			size_t k = OC_CSV_MAX_COLUMNS + (draw() % 2);
			for (size_t i = 1; i < k; i++)
				buf[len++] = ',';
		} else if (kind == 4 && draw() % 4 == 0) {
			/* a line over the line limit, or at it */
			size_t w = OC_CSV_MAX_LINE + (draw() % 2);
			for (size_t i = 0; i < w; i++)
				buf[len++] = i % 1000 == 999 ? ',' : 'y';
		} else if (kind != 5) {     /* 5: a blank line */
			for (size_t f = 0; f < nf; f++) {
				/* a lone empty field would be a blank line */
				size_t w = draw() % 9 + (nf == 1 && kind != 7);
				if (f)
					buf[len++] = ',';
				if (style < 10 && f == nf / 2) {
					/* a quoted field, sometimes over two lines */
					const char *q = draw() % 2 ? "\"q,\"\"x\"" : "\"multi\nline\r\n\"";
					memcpy(buf + len, q, strlen(q));
					len += strlen(q);
					continue;
				}
				for (size_t i = 0; i < w; i++)
					buf[len++] = alphabet[draw() % (sizeof alphabet - 1)];
				if (kind == 6 && f == nf / 2)
					buf[len++] = draw() % 2 ? '"' : '\0';
			}
		}
		if (l + 1 < lines || draw() % 2) {
			if (style >= 95)
				buf[len++] = '\r';
			if (style < 95 || style >= 98)
				buf[len++] = '\n';
		}
	}
	return len;
}

/* One record of each reader is the same: status, fields, their bytes and
 * lines, the record's line, and the message. */
static int same_record(int st1, int st2, struct oc_csv_reader *a, struct oc_csv_reader *b,
                       char **f1, char **f2, size_t n1, size_t n2, long l1, long l2,
                       const struct oc_err *e1, const struct oc_err *e2)
{
	if (st1 != st2)
		return 0;
	if (st1 != 1)
		return st1 == 0 || strcmp(e1->msg, e2->msg) == 0;
	if (n1 != n2 || l1 != l2)
		return 0;
	for (size_t k = 0; k < n1; k++) {
		size_t len = oc_csv_field_len(a, k);
		if (len != oc_csv_field_len(b, k) || memcmp(f1[k], f2[k], len + 1) != 0 ||
		    oc_csv_field_line(a, k) != oc_csv_field_line(b, k))
			return 0;
		/* back to back, each with its NUL (csvread.h) */
		if (k && f1[k] != f1[k - 1] + oc_csv_field_len(a, k - 1) + 1)
			return 0;
	}
	return 1;
}

/* Reads path record by record with the fast path and with libcsv alone;
 * the number of records that differ (0 when the two agree throughout). */
static size_t compare_next(const char *path)
{
	struct oc_err e1, e2;
	struct oc_csv_reader *a = oc_csv_open(path, &e1), *b = oc_csv_open(path, &e2);
	size_t bad = 0;
	if (!a || !b)
		return 1;
	oc_csv_libcsv_only(b);
	for (;;) {
		char **f1 = NULL, **f2 = NULL;
		size_t n1 = 0, n2 = 0;
		long l1 = 0, l2 = 0;
		oc_err_clear(&e1);
		oc_err_clear(&e2);
		int st1 = oc_csv_next(a, &f1, &n1, &l1, &e1);
		int st2 = oc_csv_next(b, &f2, &n2, &l2, &e2);
		if (!same_record(st1, st2, a, b, f1, f2, n1, n2, l1, l2, &e1, &e2))
			bad++;
		if (st1 != 1 || st2 != 1)
			break;
	}
	if (oc_csv_unterminated(a) != oc_csv_unterminated(b))
		bad++;
	oc_csv_close(&a);
	oc_csv_close(&b);
	return bad;
}

/* Reads path as --predict does, rows in bulk where they are plain and one
 * by one elsewhere, against libcsv alone row by row: the rows' fields and
 * lines, and the error that ends the file, must agree.  The number of
 * differences. */
static size_t taken_in_bulk;
static size_t compare_rows(const char *path, size_t max_rows, size_t cap)
{
	struct oc_err e1, e2;
	struct oc_csv_reader *a = oc_csv_open(path, &e1), *b = oc_csv_open(path, &e2);
	size_t bad = 0, ncols = 0, *off = NULL;
	char *dst = malloc(cap + 1), **f;
	long line;
	if (!a || !b || !dst)
		return 1;
	oc_csv_libcsv_only(b);
	oc_err_clear(&e1);
	oc_err_clear(&e2);
	/* the header */
	if (oc_csv_next(a, &f, &ncols, &line, &e1) != 1 ||
	    oc_csv_next(b, &f, &ncols, &line, &e2) != 1 || ncols == 0)
		goto out;
	off = malloc(max_rows * ncols * sizeof *off);
	for (;;) {
		size_t used, got = oc_csv_plain_rows(a, ncols, max_rows, dst, cap, &used, off, &line);
		char **f1, **f2;
		long l1, l2;
		int st1, st2;
		if (got > max_rows || used > cap) {
			bad++;
			goto out;
		}
		for (size_t i = 0; i < got; i++) {
			size_t end = i + 1 < got ? off[(i + 1) * ncols] : used;
			if (oc_csv_next_row(b, ncols, &f2, &l2, &e2) != 1 || l2 != line + (long)i) {
				bad++;
				goto out;
			}
			for (size_t k = 0; k < ncols; k++) {
				size_t len = (k + 1 < ncols ? off[i * ncols + k + 1] : end) - off[i * ncols + k] - 1;
				if (len != oc_csv_field_len(b, k) ||
				    memcmp(dst + off[i * ncols + k], f2[k], len + 1) != 0 ||
				    oc_csv_field_line(b, k) != l2)
					bad++;
			}
		}
		taken_in_bulk += got;
		if (got)
			continue;
		st1 = oc_csv_next_row(a, ncols, &f1, &l1, &e1);
		st2 = oc_csv_next_row(b, ncols, &f2, &l2, &e2);
		if (!same_record(st1, st2, a, b, f1, f2, st1 == 1 ? ncols : 0, st2 == 1 ? ncols : 0,
		                 l1, l2, &e1, &e2))
			bad++;
		if (st1 != 1 || st2 != 1)
			break;
	}
out:
	free(off);
	free(dst);
	oc_csv_close(&a);
	oc_csv_close(&b);
	return bad;
}

/* Plain lines split by the reader itself (oc_csv_next and, in bulk,
 * oc_csv_plain_rows) give what libcsv gives for every byte: the same
 * records, fields, lines and errors, on 600 small files of mixed lines
 * and 4 of several MiB whose records straddle the read buffer.  Also
 * checks that the bulk path did take most rows. */
static void test_plain_lines(void)
{
	size_t cap = 8u << 20, diff_next = 0, diff_rows = 0;
	char *buf = malloc(cap), *path;
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	for (int k = 0; k < 604; k++) {
		size_t cols = 1 + draw() % 7;
		size_t len = k < 600 ? make_mixed(buf, cap, cols, 1 + draw() % 60, 40)
		                     : make_mixed(buf, cap, cols, 150000, 100000000);
		path = write_temp(buf, len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(path);
		diff_next += compare_next(path);
		/* bulk takes of 1, 3 or 4096 rows, into room for one short
		 * line up to plenty */
		diff_rows += compare_rows(path, k % 3 == 0 ? 1 : k % 3 == 1 ? 3 : 4096,
		                          k % 5 == 0 ? 24 : 1 << 16);
		unlink(path);
		free(path);
	}
	printf("\n  %zu rows taken in bulk\n", taken_in_bulk);
	CU_ASSERT(taken_in_bulk > 400000);
	CU_ASSERT_EQUAL(diff_next, 0);
	CU_ASSERT_EQUAL(diff_rows, 0);
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
	{ "plain lines split as libcsv splits them", test_plain_lines },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("csvread", tests);
}
