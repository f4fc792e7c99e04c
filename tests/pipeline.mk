## tests/pipeline.mk - tests of the pipeline area.
if HAVE_CUNIT
check_PROGRAMS += tests/test_modelfile
tests_test_modelfile_SOURCES = tests/test_modelfile.c
tests_test_modelfile_CFLAGS = $(TU_CFLAGS)
tests_test_modelfile_LDADD = $(TU_LIBS)
TESTS += tests/test_modelfile
endif
TESTS += tests/explain.sh tests/batch.sh tests/predict.sh tests/interrupt.sh tests/messages.sh \
	tests/numpy-simd.sh tests/multiclass.sh
EXTRA_DIST += tests/explain.sh tests/batch.sh tests/predict.sh tests/interrupt.sh tests/messages.sh \
	tests/numpy-simd.sh tests/multiclass.sh \
	tests/pipeline_lib.sh
