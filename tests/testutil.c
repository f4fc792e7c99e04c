/* SPDX-License-Identifier: MIT */
/* testutil.c - shared test helpers (see testutil.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "pipeline/conf.h"
#include "testutil.h"

char *tu_fixture(const char *rel)
{
	const char *base = getenv("TESTS_FIXTURES");
	char *p;
	if (!base || !*base)
		base = "tests/fixtures";
	p = malloc(strlen(base) + strlen(rel) + 2);
	if (p)
		sprintf(p, "%s/%s", base, rel);
	return p;
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

double *tu_read_doubles(const char *path, size_t *n)
{
	char *text = tu_slurp(path, NULL), *p, *end;
	double *v = NULL;
	size_t cap = 0;
	*n = 0;
	if (!text)
		return NULL;
	for (p = text;;) {
		double x = strtod(p, &end);
		if (end == p)
			break;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(v, cap * sizeof *v);
		}
		v[(*n)++] = x;
		p = end;
	}
	free(text);
	return v;
}

size_t *tu_read_indices(const char *path, size_t *n)
{
	double *d = tu_read_doubles(path, n);
	size_t *ix;
	if (!d)
		return NULL;
	ix = malloc((*n ? *n : 1) * sizeof *ix);
	for (size_t i = 0; i < *n; i++)
		ix[i] = (size_t)d[i];
	free(d);
	return ix;
}

double *tu_read_csv_doubles(const char *path, size_t *rows, size_t *cols)
{
	char *text = tu_slurp(path, NULL), *p, *end;
	double *v = NULL;
	size_t n = 0, cap = 0;
	*rows = *cols = 0;
	if (!text)
		return NULL;
	p = strchr(text, '\n');
	if (!p) {
		free(text);
		return NULL;
	}
	*cols = 1;
	for (char *q = text; q < p; q++)
		*cols += *q == ',';
	while (*p) {
		double x = strtod(p, &end);
		if (end == p) {
			p++;    /* separators: ',' and line ends */
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof *v);
		}
		v[n++] = x;
		p = end;
	}
	free(text);
	*rows = n / *cols;
	return v;
}

/* Splits one CSV record at *pp into fields (quotes honoured). */
static size_t parse_record(char **pp, char ***fields)
{
	char *p = *pp, *o;
	size_t n = 0, cap = 8;
	*fields = malloc(cap * sizeof **fields);
	for (;;) {
		char *start = o = p;
		if (n == cap)
			*fields = realloc(*fields, (cap *= 2) * sizeof **fields);
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '"' && p[1] == '"') {
					*o++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
		} else {
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				*o++ = *p++;
		}
		(*fields)[n++] = start;
		if (*p == ',') {
			*o = '\0';
			p++;
			continue;
		}
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
		*o = '\0';
		break;
	}
	*pp = p;
	return n;
}

/* NAME/classes.txt, when the fixture has one: the class names in
 * scikit-learn's classes_ order, one per line.  Sets the classes and the
 * labels of ds from it and frees labels[]; returns -1 (nothing done) when
 * the file does not exist. */
static int load_classes(const char *name, struct oc_dataset *ds, char **labels, size_t rows)
{
	char rel[256], *path, *text, *line, *save = NULL;
	size_t k = 0;
	snprintf(rel, sizeof rel, "%s/classes.txt", name);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	free(path);
	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		CU_ASSERT_FATAL(k < OC_MAX_CLASSES);
		ds->class_names[k++] = strdup(line);
	}
	free(text);
	ds->n_classes = k;
	for (size_t i = 0; i < rows; i++) {
		size_t c = 0;
		while (c < k && strcmp(labels[i], ds->class_names[c]) != 0)
			c++;
		CU_ASSERT_FATAL(c < k);
		ds->y[i] = (unsigned char)c;
		free(labels[i]);
	}
	return 0;
}

struct oc_dataset *tu_load_fixture_dataset(const char *name)
{
	char rel[256], *path, *text, *p, **f;
	size_t ncol, rows = 0, d;
	struct oc_dataset *ds;
	snprintf(rel, sizeof rel, "%s/data.csv", name);
	path = tu_fixture(rel);
	text = tu_slurp(path, NULL);
	free(path);
	if (!text)
		return NULL;
	for (p = text; *p; p++)
		rows += *p == '\n';
	rows -= 1;
	p = text;
	ncol = parse_record(&p, &f);
	d = ncol - 1;
	ds = oc_dataset_new(rows, d);
	for (size_t j = 0; j < d; j++)
		ds->feature_names[j] = strdup(f[j]);
	ds->label_name = strdup(f[d]);
	free(f);
	char **labels = calloc(rows ? rows : 1, sizeof *labels);
	for (size_t i = 0; i < rows; i++) {
		size_t k = parse_record(&p, &f);
		CU_ASSERT_EQUAL_FATAL(k, ncol);
		for (size_t j = 0; j < d; j++)
			ds->x[i * d + j] = strtod(f[j], NULL);
		labels[i] = strdup(f[d]);
		free(f);
	}
	if (load_classes(name, ds, labels, rows) == 0) {
		free(labels);
		free(text);
		oc_dataset_update_ranges(ds);
		return ds;
	}
	ds->class_names[0] = strdup(labels[0]);
	for (size_t i = 0; i < rows; i++)
		if (strcmp(labels[i], ds->class_names[0]) != 0) {
			ds->class_names[1] = strdup(labels[i]);
			break;
		}
	if (strcmp(ds->class_names[0], ds->class_names[1]) > 0) {
		char *t = ds->class_names[0];
		ds->class_names[0] = ds->class_names[1];
		ds->class_names[1] = t;
	}
	for (size_t i = 0; i < rows; i++) {
		ds->y[i] = strcmp(labels[i], ds->class_names[1]) == 0;
		free(labels[i]);
	}
	free(labels);
	free(text);
	oc_dataset_update_ranges(ds);
	return ds;
}

void tu_default_params(struct oc_model_params *p)
{
	struct oc_config cfg;
	oc_config_defaults(&cfg);
	*p = cfg.model;
	oc_config_free(&cfg);
}

const struct oc_fit_ctx tu_serial = { 1, NULL, 0 };

uint64_t tu_xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

int tu_load_split(const char *name, struct tu_split *s)
{
	char rel[256], *p;
	size_t ntr = 0, nte = 0, *tr, *te;
	memset(s, 0, sizeof *s);
	s->all = tu_load_fixture_dataset(name);
	if (!s->all)
		return -1;
	snprintf(rel, sizeof rel, "%s/split_train.txt", name);
	p = tu_fixture(rel);
	tr = tu_read_indices(p, &ntr);
	free(p);
	snprintf(rel, sizeof rel, "%s/split_test.txt", name);
	p = tu_fixture(rel);
	te = tu_read_indices(p, &nte);
	free(p);
	if (tr && te) {
		s->train = oc_dataset_subset(s->all, tr, ntr);
		s->test = oc_dataset_subset(s->all, te, nte);
	}
	free(tr);
	free(te);
	if (s->train && s->test)
		return 0;
	tu_free_split(s);
	return -1;
}

void tu_free_split(struct tu_split *s)
{
	oc_dataset_free(&s->all);
	oc_dataset_free(&s->train);
	oc_dataset_free(&s->test);
}

unsigned char *tu_read_pred(const char *name, const char *model, const struct oc_dataset *ds,
                            size_t n)
{
	char rel[256], *p, *text, *line, *save = NULL;
	unsigned char *y = malloc(n ? n : 1);
	size_t i = 0;
	snprintf(rel, sizeof rel, "%s/pred_%s.txt", name, model);
	p = tu_fixture(rel);
	text = tu_slurp(p, NULL);
	free(p);
	if (!text || !y) {
		free(text);
		free(y);
		return NULL;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int c = strcmp(line, ds->class_names[0]) == 0 ? 0
		      : strcmp(line, ds->class_names[1]) == 0 ? 1 : -1;
		if (c < 0 || i >= n)
			break;
		y[i++] = (unsigned char)c;
	}
	free(text);
	if (i != n) {
		free(y);
		return NULL;
	}
	return y;
}

double tu_max_abs_diff(const double *a, const double *b, size_t n)
{
	double m = 0.0;
	for (size_t i = 0; i < n; i++) {
		double d = fabs(a[i] - b[i]);
		if (d > m || isnan(d))
			m = isnan(d) ? (double)INFINITY : d;
	}
	return m;
}

int tu_run_suite(const char *suite, CU_TestInfo *tests)
{
	CU_SuiteInfo suites[] = { { suite, NULL, NULL, NULL, NULL, tests }, CU_SUITE_INFO_NULL };
	unsigned failed;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 99;
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		CU_cleanup_registry();
		return 99;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
