#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_warning.sh - a model's training warning (here logistic regression
# stopped by max_iter) is kept in the model file and shown at the end of the
# metrics table, as --batch prints it on stderr.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
printf '[logistic_regression]\nmax_iter = 1\n' >"$TUI_TMP/mi.ini"
"$OPTICURE" --batch -q -c "$TUI_TMP/mi.ini" -C "$TUI_MODEL_DIR" >/dev/null 2>"$TUI_TMP/batch.err" ||
	{ cat "$TUI_TMP/batch.err" >&2; exit 99; }
tui_start 80 24 -c "'$TUI_TMP/mi.ini'"
tui_wait "[Sliders]"
tui_keys Tab Tab Tab
tui_wait "[Metrics]"
tui_keys G
tui_wait "LR warning:"
tui_wait "increase max_iter"
tui_keys q
st=$(tui_exit_status)
case "$st" in
rc=0\ stty=same) echo "ok - warning shown; $st" ;;
*) tui_fail "exit: $st" ;;
esac
