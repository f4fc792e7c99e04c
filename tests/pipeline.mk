## SPDX-License-Identifier: MIT
## tests/pipeline.mk - tests of the pipeline area.
if HAVE_CUNIT
check_PROGRAMS += tests/test_modelfile
tests_test_modelfile_SOURCES = tests/test_modelfile.c
tests_test_modelfile_CFLAGS = $(TU_CFLAGS)
tests_test_modelfile_LDADD = $(TU_LIBS)
TESTS += tests/test_modelfile
check_PROGRAMS += tests/test_modelcheck
tests_test_modelcheck_SOURCES = tests/test_modelcheck.c
tests_test_modelcheck_CFLAGS = $(TU_CFLAGS)
tests_test_modelcheck_LDADD = $(TU_LIBS)
TESTS += tests/test_modelcheck
check_PROGRAMS += tests/test_fidelity
tests_test_fidelity_SOURCES = tests/test_fidelity.c
tests_test_fidelity_CFLAGS = $(TU_CFLAGS)
tests_test_fidelity_LDADD = $(TU_LIBS)
TESTS += tests/test_fidelity
endif
TESTS += tests/explain.sh tests/batch.sh tests/predict.sh tests/interrupt.sh tests/messages.sh \
	tests/numpy-simd.sh tests/multiclass.sh tests/fidelity.sh tests/columns.sh
EXTRA_DIST += tests/explain.sh tests/batch.sh tests/predict.sh tests/interrupt.sh tests/messages.sh \
	tests/numpy-simd.sh tests/multiclass.sh tests/fidelity.sh tests/columns.sh \
	tests/pipeline_lib.sh
