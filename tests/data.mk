## SPDX-License-Identifier: MIT
## tests/data.mk - tests of the data area.
if HAVE_CUNIT
check_PROGRAMS += tests/test_numfmt tests/test_csvread tests/test_gen tests/test_split tests/test_kfold
tests_test_numfmt_SOURCES = tests/test_numfmt.c
tests_test_numfmt_CFLAGS = $(TU_CFLAGS)
tests_test_numfmt_LDADD = $(TU_LIBS)
tests_test_csvread_SOURCES = tests/test_csvread.c
tests_test_csvread_CFLAGS = $(TU_CFLAGS)
tests_test_csvread_LDADD = $(TU_LIBS)
tests_test_gen_SOURCES = tests/test_gen.c
tests_test_gen_CFLAGS = $(TU_CFLAGS)
tests_test_gen_LDADD = $(TU_LIBS)
tests_test_split_SOURCES = tests/test_split.c
tests_test_split_CFLAGS = $(TU_CFLAGS)
tests_test_split_LDADD = $(TU_LIBS)
tests_test_kfold_SOURCES = tests/test_kfold.c
tests_test_kfold_CFLAGS = $(TU_CFLAGS)
tests_test_kfold_LDADD = $(TU_LIBS)
TESTS += tests/test_numfmt tests/test_csvread tests/test_gen tests/test_split tests/test_kfold
check_PROGRAMS += tests/test_curing
tests_test_curing_SOURCES = tests/test_curing.c
tests_test_curing_CFLAGS = $(TU_CFLAGS)
tests_test_curing_LDADD = $(TU_LIBS)
TESTS += tests/test_curing
endif
TESTS += tests/generate.sh
EXTRA_DIST += tests/csv-bad tests/csv-good tests/generate.sh

## bench/csv-read's driver (built by make check, run only by the script)
check_PROGRAMS += bench/csv_read_bench
bench_csv_read_bench_SOURCES = bench/csv_read_bench.c
bench_csv_read_bench_LDADD = $(OC_LIBS)
EXTRA_DIST += bench/csv-read
if HAVE_CUNIT
check_PROGRAMS += tests/test_pdnumber
tests_test_pdnumber_SOURCES = tests/test_pdnumber.c
tests_test_pdnumber_CFLAGS = $(TU_CFLAGS)
tests_test_pdnumber_LDADD = $(TU_LIBS)
TESTS += tests/test_pdnumber
endif
