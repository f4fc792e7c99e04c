## SPDX-License-Identifier: MIT
## src/tui/tui.mk - the ncurses dashboard.
src_libopticure_a_SOURCES += \
	src/tui/tui.h \
	src/tui/ui.c \
	src/tui/keys.c \
	src/tui/input.c \
	src/tui/prompt.c \
	src/tui/scroll.c \
	src/tui/theme.c \
	src/tui/dash.c \
	src/tui/train.c \
	src/tui/pane_title.c \
	src/tui/pane_status.c \
	src/tui/pane_sliders.c \
	src/tui/pane_prediction.c \
	src/tui/pane_curve.c \
	src/tui/explain_view.c \
	src/tui/pane_metrics.c \
	src/tui/pane_metrics_cv.c \
	src/tui/pane_help.c \
	src/tui/pane_log.c \
	src/tui/pane_start.c
