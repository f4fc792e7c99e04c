## src/pipeline.mk - pipeline stages, model file, batch report, scoring.
src_libopticure_a_SOURCES += \
	src/modelfile.c src/modelfile.h \
	src/pipeline.c src/pipeline.h \
	src/cmdio.c src/cmdio.h \
	src/cmd_batch.c src/cmd_predict.c
