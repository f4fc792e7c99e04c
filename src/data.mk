## src/data.mk - synthetic generator, CSV reading and writing, split, hashing.
src_libopticure_a_SOURCES += \
	src/hash.c src/hash.h \
	src/csvread.h src/csvwrite.h src/numfmt.h src/gen.h src/split.h
