## tests/ml.mk - tests of the ml area.
if HAVE_CUNIT
check_PROGRAMS += tests/test_svm
tests_test_svm_SOURCES = tests/test_svm.c
tests_test_svm_CFLAGS = $(TU_CFLAGS)
tests_test_svm_LDADD = $(TU_LIBS)
TESTS += tests/test_svm
endif
