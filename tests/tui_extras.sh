#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_extras.sh - what users of such tools reach for, and the what-if curve
# a person can read: D puts every slider back to its default; e appends the
# inputs as a CSV row that --predict scores; the temperature deviation is
# coloured past the 78 °C rule; a model file rewritten by another run is
# noticed and R reloads it; the curve has its unit on the axis, a legend
# for the current value and the optimum, a P = 0.5 line, o overlays every
# model; TERM=linux gets half blocks instead of Braille; on a large
# terminal the votes sit beside the full model names.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

restart() {
	tui_stop
	tui_start "$@"
}

# The export goes to the current directory: the wrapper's.
mkdir "$TUI_TMP/cwd"
cd "$TUI_TMP/cwd" || exit 99
tui_start 80 24
tui_wait "PREMIUM"
tui_wait "now 70 °C"
tui_wait "optimum"
tui_wait "P=0.5"
tui_wait "90 °C│"
tui_wait "0.5│┄┄┄"
tui_keys Down Down 1 9 . 5 Enter Up Up
tui_wait "19.5 %"
tui_keys End
tui_wait "STANDARD"
tui_keys e
tui_wait "inputs appended to ./opticure-inputs.csv"
tui_keys D
tui_wait "every slider back to its default"
tui_wait "70 °C"
tui_wait "18.0 %"
tui_wait "PREMIUM"
tui_keys e
tui_wait "inputs appended"
[ "$(cat opticure-inputs.csv)" = "barn_temperature,barn_humidity,leaf_moisture,airflow_rate,curing_time_hours
90.0,60.0,19.5,15.0,144.0
70.0,60.0,18.0,15.0,144.0" ] || tui_fail "export: $(cat opticure-inputs.csv)"
"$OPTICURE" --predict=opticure-inputs.csv -C "$TUI_MODEL_DIR" >pred.csv 2>pred.err ||
	tui_fail "--predict refused the export: $(cat pred.err)"
[ "$(wc -l <pred.csv)" -eq 3 ] || tui_fail "--predict: $(cat pred.csv)"

# The deviation: green at 70, yellow (the Standard colour) past 78.
coloured() { "$TMUX_BIN" -L "$TUI_SOCKET" capture-pane -p -e | grep -F "Temp $1" | grep -c "$(printf '\033')\[[0-9;]*3$2m$3"; }
tui_keys q
tui_exit_status >/dev/null
TUI_ENV="TERM=screen-256color" restart 80 24
tui_wait "Temp 70.0"
[ "$(coloured 70.0 2 '+0.0')" -ge 1 ] || tui_fail "deviation at 70 not green"
tui_keys 7 8 Enter
tui_wait "Temp 78.0"
[ "$(coloured 78.0 2 '+8.0')" -ge 1 ] || tui_fail "deviation at 78 not green"
tui_keys Right
tui_wait "Temp 79.0"
[ "$(coloured 79.0 3 '+9.0')" -ge 1 ] || tui_fail "deviation at 79 not yellow"

# o overlays every model's curve.
tui_keys o
tui_wait "(all; rf bold)"
tui_wait "dim: lr gb svm"
tui_keys o
tui_wait_gone "(all;"
tui_wait_gone "dim:"

# Another run rewrites the model file: noticed, reloaded with R.
"$OPTICURE" --batch -q -C "$TUI_MODEL_DIR" --rows=600 || tui_fail "--batch"
tui_wait "changed on disk (another run wrote it): R reloads it"
tui_keys R
tui_wait "reloaded $TUI_MODEL_DIR/bat_curing_pipeline.model"
tui_quit q "after q"

# The Linux console: no Braille (U+2800..U+28FF: bytes e2 a0-a3).
TUI_ENV="TERM=linux" restart 80 24
tui_wait "PREMIUM"
tui_wait "P=0.5"
tui_screen | LC_ALL=C grep -q "$(printf '\342[\240-\243]')" && tui_fail "Braille on TERM=linux"
tui_screen | grep -q "[▀▄]" || tui_fail "no half blocks on TERM=linux"
tui_keys q
tui_exit_status >/dev/null

# 200 columns: full names, the votes right after the longest of them.
restart 200 50
tui_wait "PREMIUM"
tui_wait "Support Vector Machine  Premium"
tui_wait "Random Forest           Premium"
tui_quit q "after q"
exit 0
