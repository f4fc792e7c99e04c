## SPDX-License-Identifier: MIT
## src/pipeline.mk - pipeline stages, model file, batch report, scoring.
src_libopticure_a_SOURCES += \
	src/modelfile.c src/modelfile.h src/modelcheck.c \
	src/pipeline.c src/pipeline.h \
	src/cmd_batch.c src/cmd_predict.c src/cmd_check.c src/cmd_model.c src/cmd_model.h
