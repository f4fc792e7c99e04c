## SPDX-License-Identifier: MIT
## tests/ml.mk - tests of the ml area.
if HAVE_CUNIT
check_PROGRAMS += tests/test_lr tests/test_metrics
tests_test_lr_SOURCES = tests/test_lr.c
tests_test_lr_CFLAGS = $(TU_CFLAGS)
tests_test_lr_LDADD = $(TU_LIBS)
tests_test_metrics_SOURCES = tests/test_metrics.c
tests_test_metrics_CFLAGS = $(TU_CFLAGS)
tests_test_metrics_LDADD = $(TU_LIBS)
TESTS += tests/test_lr tests/test_metrics
check_PROGRAMS += tests/test_lbfgs
tests_test_lbfgs_SOURCES = tests/test_lbfgs.c
tests_test_lbfgs_CFLAGS = $(TU_CFLAGS)
tests_test_lbfgs_LDADD = $(TU_LIBS)
TESTS += tests/test_lbfgs
check_PROGRAMS += tests/test_svm
tests_test_svm_SOURCES = tests/test_svm.c
tests_test_svm_CFLAGS = $(TU_CFLAGS)
tests_test_svm_LDADD = $(TU_LIBS)
TESTS += tests/test_svm
check_PROGRAMS += tests/test_rf tests/test_gb
tests_test_rf_SOURCES = tests/test_rf.c tests/treeparity.c tests/treeparity.h
tests_test_rf_CFLAGS = $(TU_CFLAGS)
tests_test_rf_LDADD = $(TU_LIBS)
tests_test_gb_SOURCES = tests/test_gb.c tests/treeparity.c tests/treeparity.h
tests_test_gb_CFLAGS = $(TU_CFLAGS)
tests_test_gb_LDADD = $(TU_LIBS)
TESTS += tests/test_rf tests/test_gb
check_PROGRAMS += tests/test_npsum
tests_test_npsum_SOURCES = tests/test_npsum.c
tests_test_npsum_CFLAGS = $(TU_CFLAGS)
tests_test_npsum_LDADD = $(TU_LIBS)
TESTS += tests/test_npsum
endif
if HAVE_CUNIT
check_PROGRAMS += tests/test_multiclass
tests_test_multiclass_SOURCES = tests/test_multiclass.c
tests_test_multiclass_CFLAGS = $(TU_CFLAGS)
tests_test_multiclass_LDADD = $(TU_LIBS)
TESTS += tests/test_multiclass
check_PROGRAMS += tests/test_nplogexp
tests_test_nplogexp_SOURCES = tests/test_nplogexp.c
tests_test_nplogexp_CFLAGS = $(TU_CFLAGS)
tests_test_nplogexp_LDADD = $(TU_LIBS)
TESTS += tests/test_nplogexp
endif

if HAVE_CUNIT
check_PROGRAMS += tests/test_explain
tests_test_explain_SOURCES = tests/test_explain.c
tests_test_explain_CFLAGS = $(TU_CFLAGS)
tests_test_explain_LDADD = $(TU_LIBS)
TESTS += tests/test_explain
endif
