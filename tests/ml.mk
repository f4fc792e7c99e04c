## tests/ml.mk - tests of the ml area.
if HAVE_CUNIT
check_PROGRAMS += tests/test_lr
tests_test_lr_SOURCES = tests/test_lr.c
tests_test_lr_CFLAGS = $(TU_CFLAGS)
tests_test_lr_LDADD = $(TU_LIBS)
TESTS += tests/test_lr
endif
