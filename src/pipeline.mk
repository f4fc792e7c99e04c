## src/pipeline.mk - pipeline stages, model file, batch report, scoring.
src_libopticure_a_SOURCES += \
	src/modelfile.h src/pipeline.h
