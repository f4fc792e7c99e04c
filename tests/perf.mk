## SPDX-License-Identifier: MIT
## tests/perf.mk - tests of the performance work (fast paths equal their
## exact references) and the benchmark's drivers.
if HAVE_CUNIT
check_PROGRAMS += tests/test_numfmt_fast
## numfmt.c a second time with its fast paths off and its functions renamed,
## as the reference the fast paths are checked against
tests_test_numfmt_fast_SOURCES = tests/test_numfmt_fast.c src/numfmt.c
tests_test_numfmt_fast_CPPFLAGS = $(AM_CPPFLAGS) -DOC_NO_FAST_PATH \
	-Doc_fmt_repr=oc_fmt_repr_exact \
	-Doc_parse_number=oc_parse_number_exact -Doc_parse_double=oc_parse_double_exact \
	-Doc_parse_data_number=oc_parse_data_number_exact \
	-Doc_set_number_parser=oc_set_number_parser_exact \
	-Doc_number_parser_names=oc_number_parser_names_exact
tests_test_numfmt_fast_CFLAGS = $(TU_CFLAGS)
tests_test_numfmt_fast_LDADD = $(TU_LIBS)
TESTS += tests/test_numfmt_fast
endif

## bench/run's in-process driver (built by make check, run only by bench/run)
check_PROGRAMS += bench/model_bench
bench_model_bench_SOURCES = bench/model_bench.c
bench_model_bench_LDADD = $(OC_LIBS)
EXTRA_DIST += bench/run bench/reference.py

## --predict as a streaming filter, and scoring split across processes
TESTS += tests/predict-stream.sh tests/predict-parallel.sh
EXTRA_DIST += tests/predict-stream.sh tests/predict-parallel.sh
## bench/run -s: the scaling picture and the figures it was drawn from
EXTRA_DIST += bench/scaling.sh bench/scaling.md bench/scaling.dat bench/scaling.svg
