## SPDX-License-Identifier: MIT
## tests/cv.mk - tests of cross-validation and grid search.
if HAVE_CUNIT
check_PROGRAMS += tests/test_cv
tests_test_cv_SOURCES = tests/test_cv.c
tests_test_cv_CFLAGS = $(TU_CFLAGS)
tests_test_cv_LDADD = $(TU_LIBS)
TESTS += tests/test_cv
endif
TESTS += tests/cv.sh
EXTRA_DIST += tests/cv.sh
TESTS += tests/tui_cv.sh
EXTRA_DIST += tests/tui_cv.sh
