#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_keys.sh - the dashboard's keys at 80x24: the default state is Premium,
# temperature to the top and humidity to the bottom give Standard, a typed
# value is applied (rounded to the slider's step, refused out of range, the
# verdict whole in the status line), PgUp steps up, h/l step in the What-if
# pane too, m changes the model named in the title (always "model: ..."),
# the metrics pane scrolls, help opens and closes and says where h is taken
# over, q exits 0 with the terminal restored.
# Conventions of htop and ncdu: q closes the help (slider settings kept),
# h never opens it, F10 and Q quit.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train
tui_start 80 24

tui_wait "PREMIUM"
tui_wait "[Sliders]"

# Temperature (the first slider) to the top of its range, then back.
tui_keys End
tui_wait "STANDARD"
tui_wait "90 °C"
tui_keys Home
tui_wait "PREMIUM"
tui_keys 7 0 Enter
tui_wait "70 °C"
tui_wait "PREMIUM"

# Typed values: out of range is refused with the whole reason; a decimal on
# a whole-degree slider lands on the grid the arrows walk, and says so.
tui_keys 9 9 9 9 Enter
tui_wait "9999 is out of range (50..90); value unchanged"
tui_wait "70 °C"
tui_keys 7 5 . 5 Enter
tui_wait "75.5 rounded to 76 (step 1)"
tui_wait "76 °C"
tui_wait_gone "out of range"
tui_keys Right
tui_wait "77 °C"
tui_wait_gone "rounded to"
tui_keys 7 0 Enter
tui_wait "70 °C"

# PgUp is the larger value, as on any slider; PgDn goes back.
tui_keys PPage
tui_wait "80 °C"
tui_keys NPage
tui_wait "70 °C"

# Humidity to the bottom.
tui_keys Down
tui_wait "▶ barn_humidity"
tui_wait "P(Standard) vs barn_humidity"
tui_keys Home
tui_wait "STANDARD"
tui_keys 6 0 Enter
tui_wait "PREMIUM"

# In the What-if pane h and l step the slider like Left and Right.
tui_keys Up Tab Tab
tui_wait "[What-if]"
tui_keys l
tui_wait "71 °C"
tui_keys h
tui_wait "70 °C"
tui_keys Right
tui_wait "71 °C"
tui_keys Left
tui_wait "70 °C"
tui_wait_gone "show this help"
tui_keys BTab BTab
tui_wait "[Sliders]"
tui_keys Down

# m cycles the model named in the title, which always reads "model: ..."
# (the short key when the long name does not fit).
model_of() { tui_screen | sed -n '1s/ *trained .*//p'; }
first=$(model_of)
[ -n "$first" ] || tui_fail "no model in the title"
prev=$first
for i in 1 2 3 4; do
	case $prev in
	" opticure  model: "*) ;;
	*) tui_fail "title without 'model:': '$prev'" ;;
	esac
	tui_keys m
	tui_poll '[ "$(model_of)" != "$prev" ]' || tui_fail "m did not change the model ($prev)"
	prev=$(model_of)
	echo "m: $prev"
done
[ "$prev" = "$first" ] || tui_fail "four m did not come back to '$first' ('$prev')"

# The metrics pane scrolls to its end (up arrow) and back; each section
# has its own header, which scrolls with it.
tui_keys Tab Tab Tab
tui_wait "[Metrics]"
# (the scroll arrows sit in the last column, against the frame)
tui_wait "▼│"
tui_wait "Scores on the test set"
tui_keys G
tui_wait "SVM               Premium  Standard"
tui_wait "▲│"
tui_wait_gone "▼│"
tui_wait_gone "Scores on the test set"
tui_keys g
tui_wait "Scores on the test set"
tui_wait_gone "▲│"
tui_keys C-f
tui_wait "▲│"
tui_keys C-b
tui_wait_gone "▲│"
tui_keys j
tui_wait "▲│"
tui_keys k
tui_wait_gone "▲│"

# h does not open the help where there is nothing to step.
tui_keys h
tui_keys Tab
tui_wait "[Sliders]"
tui_screen | grep -F -q "[Help]" && tui_fail "h opened the help"
tui_keys BTab
tui_wait "[Metrics]"

# Help comes from the key table; Esc closes it, and so does q (the
# slider settings stay), F1 and ? too.
# It says what the panes and "confidence" are, the version, the model
# file and the artifact directory (the title shows that too).
tui_keys '?'
tui_wait "Model file:         $TUI_MODEL_DIR/bat_curing_pipeline.mo"
tui_wait "Artifact directory: $TUI_MODEL_DIR"
tui_wait "opticure $("$OPTICURE" --version | sed -n '1s/.* //p')"
tui_wait "Confidence"
tui_wait "The probability the model in use gives to the grade it names"
tui_wait "Prediction  the grade of the model in use"
tui_keys -N 20 j
tui_wait "? F1 "
tui_wait "show this help"
tui_keys G
tui_wait "Help screen and message log"
tui_keys Escape
tui_wait_gone "[Help]"
tui_wait "[Metrics]"
tui_keys F1
tui_wait "[Help]"
tui_keys q
tui_wait_gone "[Help]"
tui_wait "[Metrics]"
tui_wait "70 °C"

# F10 quits, as in htop.
tui_quit F10 "after F10"

# Q quits too, even from the help screen.
tui_start 80 24
tui_wait "PREMIUM"
tui_keys F1
tui_wait "[Help]"
tui_quit Q "after Q in the help"
exit 0
