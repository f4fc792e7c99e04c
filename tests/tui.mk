## SPDX-License-Identifier: MIT
## tests/tui.mk - tests of the dashboard: scripts that drive the real binary
## in tmux (skipped with 77 without tmux), and unit tests of its state.
TUI_CASES = \
	tests/tui_term.sh \
	tests/tui_keys.sh \
	tests/tui_input.sh \
	tests/tui_headline.sh \
	tests/tui_explain.sh \
	tests/tui_retrain.sh \
	tests/tui_extras.sh \
	tests/tui_resize.sh \
	tests/tui_signals.sh \
	tests/tui_nomodel.sh \
	tests/tui_screens.sh \
	tests/tui_mouse.sh \
	tests/tui_warning.sh \
	tests/tui_text.sh \
	tests/tui_model.sh \
	tests/tui_multiclass.sh
TESTS += $(TUI_CASES)
EXTRA_DIST += $(TUI_CASES) \
	tests/tui-lib.sh \
	tests/screens

if HAVE_CUNIT
check_PROGRAMS += tests/test_tui
tests_test_tui_SOURCES = tests/test_tui.c
tests_test_tui_CFLAGS = $(TU_CFLAGS)
tests_test_tui_LDADD = $(TU_LIBS)
TESTS += tests/test_tui
endif
