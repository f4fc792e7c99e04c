## tests/reliability.mk - limits, fault injection on the real binary, fuzz
## regressions and valgrind (issue: reliability).
if HAVE_CUNIT
check_PROGRAMS += tests/test_limits
tests_test_limits_SOURCES = tests/test_limits.c
tests_test_limits_CFLAGS = $(TU_CFLAGS)
tests_test_limits_LDADD = $(TU_LIBS)
TESTS += tests/test_limits
endif
