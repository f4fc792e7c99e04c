## SPDX-License-Identifier: MIT
## src/ml/ml.mk - the classifiers and metrics (no terminal code here).
src_libopticure_a_SOURCES += \
	src/ml/model.c src/ml/model.h \
	src/ml/metrics.c src/ml/metrics.h \
	src/ml/npsum.c src/ml/npsum.h \
	src/ml/nplogexp.c src/ml/nplogexp.h src/ml/nplogexp_tables.h \
	src/ml/lr.c src/ml/lr.h \
	src/ml/refblas.c src/ml/refblas.h \
	src/ml/lbfgsb.c src/ml/lbfgsb.h \
	src/ml/linloss.c src/ml/linloss.h \
	src/ml/tree.c src/ml/tree.h \
	src/ml/forest.c src/ml/forest.h \
	src/ml/treeshap.c src/ml/treeshap.h \
	src/ml/explain.c src/ml/explain.h \
	src/ml/rf.c src/ml/rf.h \
	src/ml/gb.c src/ml/gb.h \
	src/ml/svm.c src/ml/svm.h src/ml/svm_impl.h \
	src/ml/svm_solver.c src/ml/svm_cache.c src/ml/svm_platt.c
