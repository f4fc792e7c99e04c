#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_nomodel.sh - without a model file the dashboard offers to train one
# (Enter), shows the progress and then the panes; a model file that does
# not load shows the loader's message and the way out.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init

printf 'not a model\n' >"$TUI_MODEL_DIR/bat_curing_pipeline.model"
tui_start 80 24
tui_wait "could not be loaded"
tui_wait "bat_curing_pipeline.model"
tui_wait "or q to quit"
tui_quit q "after q"

rm -f "$TUI_MODEL_DIR/bat_curing_pipeline.model"
tui_start 80 24
tui_wait "No model file yet"
tui_wait "Press Enter to train one"
tui_keys Enter
tui_wait "PREMIUM"
tui_wait "trained: best"
[ -f "$TUI_MODEL_DIR/bat_curing_pipeline.model" ] || tui_fail "no model file written"

# r retrains in the background and then asks (tui_retrain.sh has more).
tui_keys r
tui_wait "new models: best"
tui_wait "d:discard"
tui_keys d
tui_wait "new models discarded"
tui_quit q "after q"
exit 0
