/* SPDX-License-Identifier: MIT */
/* testutil.h - helpers shared by the CUnit test programs. */
#ifndef OC_TESTUTIL_H
#define OC_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <CUnit/CUnit.h>

#include "data/dataset.h"
#include "ml/model.h"

/* Path of a file under tests/fixtures (malloc'd).  Uses $TESTS_FIXTURES,
 * set by `make check`, else "tests/fixtures". */
char *tu_fixture(const char *rel);

/* Whole file as a NUL-terminated malloc'd buffer (*len without the NUL);
 * NULL if it cannot be read. */
char *tu_slurp(const char *path, size_t *len);

/* Whitespace-separated numbers of a file (malloc'd, *n of them). */
double *tu_read_doubles(const char *path, size_t *n);

/* Whitespace-separated non-negative integers (malloc'd). */
size_t *tu_read_indices(const char *path, size_t *n);

/* Numeric CSV with one header row: rows*cols values, row-major (malloc'd). */
double *tu_read_csv_doubles(const char *path, size_t *rows, size_t *cols);

/* Loads tests/fixtures/NAME/data.csv, label in the last column, with a
 * minimal independent CSV parser (quotes allowed): classes in the order of
 * NAME/classes.txt where the fixture has one, else two classes sorted. */
struct oc_dataset *tu_load_fixture_dataset(const char *name);

/* A fixture data set (tu_load_fixture_dataset) and its training and test
 * rows from NAME/split_train.txt and NAME/split_test.txt.  Returns 0, or
 * -1 with whatever was loaded freed. */
struct tu_split {
	struct oc_dataset *all, *train, *test;
};
int tu_load_split(const char *name, struct tu_split *s);
void tu_free_split(struct tu_split *s);

/* The default training settings from the models' tables (scikit-learn's
 * defaults). */
void tu_default_params(struct oc_model_params *p);

/* Marsaglia's xorshift64 (13, 7, 17): advances *state (nonzero) and
 * returns it; the test programs' reproducible draws. */
uint64_t tu_xorshift(uint64_t *state);

/* One worker thread, no cancel flag. */
extern const struct oc_fit_ctx tu_serial;

/* tests/fixtures/NAME/pred_MODEL.txt (one class name per line) as class
 * indices of ds; NULL unless it holds exactly n known names (malloc'd). */
unsigned char *tu_read_pred(const char *name, const char *model, const struct oc_dataset *ds,
                            size_t n);

/* Largest |a[i]-b[i]|. */
double tu_max_abs_diff(const double *a, const double *b, size_t n);

/* Registers one suite with the given tests (NULL-terminated name/function
 * pairs in a CU_TestInfo array) and runs everything; returns the exit
 * status for main (0 when all passed, 1 otherwise). */
int tu_run_suite(const char *suite, CU_TestInfo *tests);

#define TU_ASSERT_NEAR(a, b, tol) CU_ASSERT_DOUBLE_EQUAL((a), (b), (tol))

#endif
