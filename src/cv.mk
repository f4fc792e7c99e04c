## SPDX-License-Identifier: MIT
## src/cv.mk - cross-validation folds, scores and grid search.
src_libopticure_a_SOURCES += \
	src/cv.c src/cv.h
src_libopticure_a_SOURCES += src/grid.c src/grid.h
src_libopticure_a_SOURCES += src/search.c src/search.h
src_libopticure_a_SOURCES += src/modelfile_cv.c src/modelfile_cv.h
