## src/data.mk - synthetic generator, CSV reading and writing, split, hashing.
src_libopticure_a_SOURCES += \
	src/csvread.h src/csvwrite.h src/numfmt.h src/hash.h src/gen.h src/split.h
