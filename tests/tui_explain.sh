#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_explain.sh - the explain view of the real dashboard: x shows why the
# model in use gives its grade (a signed contribution per feature, base ->
# output) and the nearest slider value per feature that gives another
# grade; at the default row the random forest says Premium and that
# Standard comes at barn_temperature >= 79 °C, at 85 °C it says Standard
# and names barn_temperature for Premium; a slider outside the training
# range is marked '!'; on a 200-column terminal the view stands beside the
# curve without x.  With three grades the view explains the grade shown
# (its probability, or gradient boosting's raw score of it).
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train
tui_start 80 24
tui_wait "PREMIUM"
tui_keys x
tui_wait "Why Premium (rf, probability"
tui_wait "What would change it:"
tui_wait "Standard if barn_temperature >= 79 °C"
scr=$(tui_screen)
# the largest contribution first: barn_temperature's, negative (towards
# Premium), drawn left of the bar's centre
printf '%s\n' "$scr" | grep -A1 'base +0.075' | tail -n 1 | grep -q 'barn_tempera.*█│.*-0\.0' ||
	tui_fail "barn_temperature is not the first, negative contribution"
# 85 °C: Standard, and the hint names barn_temperature for Premium
tui_keys 8 5 Enter
tui_wait "STANDARD"
tui_wait "Why Standard"
tui_wait "Premium if barn_temperature <= 78 °C"
printf '%s\n' "$(tui_screen)" | grep -A1 'base +0.075' | tail -n 1 | grep -q '│█.*+0\.' ||
	tui_fail "at 85 °C barn_temperature's contribution is not the first, positive one"
# 90 °C is above the training maximum (89.26): marked in the sliders and
# in the view
tui_keys 9 0 Enter
tui_wait "barn_temperature            ! 90 °C"
tui_wait "!barn_tempera"
# x again: the curve is back
tui_keys x
tui_wait "P(Standard) vs barn_temperature"
tui_quit q "after q"

# A wide terminal shows both without x.
tui_cleanup
tui_init
tui_train
tui_start 200 50
tui_wait "PREMIUM"
tui_wait "P(Standard) vs barn_temperature (rf)"
tui_wait "Why Premium (rf, probability of Standard)"
tui_wait "Standard if barn_humidity <= 44 % (-8)"
tui_keys q

# Three grades ([data] grades = 3) at 80x24: the view explains the grade
# shown, by its own output, and base + contributions reach the model's
# probability of that grade in the vote table.
tui_cleanup
tui_init
printf '[data]\ngrades = 3\n' >"$TUI_TMP/g3.ini"
"$OPTICURE" --batch -q -c "$TUI_TMP/g3.ini" -C "$TUI_MODEL_DIR" >/dev/null 2>"$TUI_TMP/batch.err" ||
	{ cat "$TUI_TMP/batch.err" >&2; echo "ERROR: --batch failed" >&2; exit 99; }
# reaches_vote MODEL GRADE: the output the bars reach ("base ... -> OUT")
# is MODEL's probability of GRADE, its vote, in the model table.
reaches_vote() {
	scr=$(tui_screen)
	out=$(printf '%s\n' "$scr" | sed -n 's/.*base [-+][0-9.]*  ->  +\([0-9.]*\) .*/\1/p')
	[ -n "$out" ] && printf '%s\n' "$scr" | grep -E -q "$1 +$2 +$out " ||
		tui_fail "three grades: the explanation does not reach $1's P($2) (${out:-no output})"
}
tui_start 80 24 -c "$TUI_TMP/g3.ini" -m rf
tui_wait "PREMIUM"
tui_keys x
tui_wait "Why Premium (rf, probability)"
tui_wait "Standard if barn_temperature >= 79 °C"
reaches_vote RF Premium
# 85 °C: the forest says Standard and explains Standard
tui_keys 8 5 Enter
tui_wait "STANDARD"
tui_wait "Why Standard (rf, probability)"
tui_wait "Premium if barn_temperature <= 78 °C"
reaches_vote RF Standard
# gradient boosting says Reject there and explains Reject's raw score
tui_keys m
tui_wait "Why Reject (gb, raw score)"
tui_wait "Standard if barn_temperature <= 81 °C"
tui_quit q "three grades: after q"
exit 0
