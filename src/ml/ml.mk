## src/ml/ml.mk - the classifiers and metrics (no terminal code here).
src_libopticure_a_SOURCES += \
	src/ml/model.c src/ml/model.h src/ml/metrics.h \
	src/ml/lr.h src/ml/rf.h src/ml/gb.h src/ml/svm.h
src_libopticure_a_SOURCES += src/ml/lr.c src/ml/metrics.c
src_libopticure_a_SOURCES += \
	src/ml/npsum.c src/ml/npsum.h \
	src/ml/tree.c src/ml/tree.h \
	src/ml/forest.c src/ml/forest.h \
	src/ml/rf.c src/ml/gb.c
