## SPDX-License-Identifier: MIT
## src/core.mk - errors, configuration, command line, file helpers.
src_libopticure_a_SOURCES += \
	src/status.c src/status.h \
	src/setting.c src/setting.h \
	src/rng.c src/rng.h \
	src/classes.c src/classes.h \
	src/dataset.c src/dataset.h \
	src/modelio.c src/modelio.h
src_libopticure_a_SOURCES += \
	src/atomicio.c src/atomicio.h \
	src/artset.c src/artset.h src/sigguard.c src/sigguard.h src/memlimit.c src/memlimit.h \
	src/conf.c src/conf.h src/cli.c src/cli.h src/cmd.h src/report.c \
	src/cmd_print_config.c
