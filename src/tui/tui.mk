## src/tui/tui.mk - the ncurses dashboard.
src_libopticure_a_SOURCES +=
