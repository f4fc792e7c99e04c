## SPDX-License-Identifier: MIT
## src/data.mk - synthetic generator, CSV reading and writing, split, hashing.
src_libopticure_a_SOURCES += \
	src/hash.c src/hash.h \
	src/numfmt.c src/numfmt.h \
	src/input.c src/input.h \
	src/pdnumber.c src/pdnumber.h \
	src/csvread.c src/csvread.h \
	src/csvwrite.c src/csvwrite.h \
	src/curing.c src/curing.h \
	src/gen.c src/gen.h \
	src/split.c src/split.h \
	src/kfold.c src/kfold.h \
	src/profile.c src/profile.h \
	src/drift.c src/drift.h \
	src/cmd_generate.c
