## src/ml/ml.mk - the classifiers and metrics (no terminal code here).
src_libopticure_a_SOURCES += \
	src/ml/model.c src/ml/model.h src/ml/metrics.h \
	src/ml/lr.h src/ml/rf.h src/ml/gb.h src/ml/svm.h
src_libopticure_a_SOURCES += src/ml/lr.c src/ml/metrics.c
src_libopticure_a_SOURCES += \
	src/ml/svm.c src/ml/svm_impl.h src/ml/svm_solver.c src/ml/svm_cache.c \
	src/ml/svm_platt.c
