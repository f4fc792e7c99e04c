## src/cv.mk - cross-validation folds, scores and grid search.
src_libopticure_a_SOURCES += \
	src/cv.c src/cv.h
