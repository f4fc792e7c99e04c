## SPDX-License-Identifier: MIT
## tests/core.mk - tests of errors, RNG, configuration, command line, file helpers.
if HAVE_CUNIT
check_LIBRARIES = tests/libtestutil.a
tests_libtestutil_a_SOURCES = tests/testutil.c tests/testutil.h
tests_libtestutil_a_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
TU_LIBS = tests/libtestutil.a $(OC_LIBS) $(CUNIT_LIBS)
TU_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)

check_PROGRAMS += tests/test_rng
tests_test_rng_SOURCES = tests/test_rng.c
tests_test_rng_CFLAGS = $(TU_CFLAGS)
tests_test_rng_LDADD = $(TU_LIBS)
TESTS += tests/test_rng
endif
EXTRA_DIST += tests/fixtures

if HAVE_CUNIT
check_PROGRAMS += tests/test_hash
tests_test_hash_SOURCES = tests/test_hash.c
tests_test_hash_CFLAGS = $(TU_CFLAGS)
tests_test_hash_LDADD = $(TU_LIBS)
TESTS += tests/test_hash
endif

if HAVE_CUNIT
check_PROGRAMS += tests/test_conf
tests_test_conf_SOURCES = tests/test_conf.c
tests_test_conf_CFLAGS = $(TU_CFLAGS)
tests_test_conf_LDADD = $(TU_LIBS)
TESTS += tests/test_conf
check_PROGRAMS += tests/test_bounds
tests_test_bounds_SOURCES = tests/test_bounds.c
tests_test_bounds_CFLAGS = $(TU_CFLAGS)
tests_test_bounds_LDADD = $(TU_LIBS)
TESTS += tests/test_bounds
endif
TESTS += tests/cli.sh tests/docs.sh
EXTRA_DIST += tests/lib.sh tests/cli.sh tests/docs.sh

TESTS += tests/completion.sh
EXTRA_DIST += tests/completion.sh
