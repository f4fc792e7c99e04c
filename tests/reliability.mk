## tests/reliability.mk - limits, fault injection on the real binary, fuzz
## regressions and valgrind (issue: reliability).
if HAVE_CUNIT
check_PROGRAMS += tests/test_limits
tests_test_limits_SOURCES = tests/test_limits.c
tests_test_limits_CFLAGS = $(TU_CFLAGS)
tests_test_limits_LDADD = $(TU_LIBS)
TESTS += tests/test_limits
endif

AM_TESTS_ENVIRONMENT += export OC_SANITIZED='$(OC_SANITIZED)';
TESTS += tests/fault-dir.sh tests/fault-disk.sh tests/fault-signal.sh tests/fault-input.sh \
	tests/valgrind.sh
EXTRA_DIST += tests/fault_lib.sh tests/fault-dir.sh tests/fault-disk.sh tests/fault-signal.sh \
	tests/fault-input.sh tests/valgrind.sh
