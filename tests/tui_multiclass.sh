#!/bin/sh
# tui_multiclass.sh - the dashboard with more than two classes at 80x24:
# a three-grade model ([data] grades = 3) and a ten-class one (digits).
# The prediction pane shows a bar per class (the most probable first) and
# P(<class>) columns per model; the what-if curve plots one class and c
# steps through them; the metrics pane scrolls through per-class rows and
# the K x K confusion matrix; q leaves the terminal as it was.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init

# scroll_to ERE MAX: j (scroll down) until a line of the screen matches
# ERE, at most MAX times; fails the test when none does.
scroll_to() {
	i=0
	while [ $i -lt "$2" ] && ! tui_screen | grep -E -q "$1"; do
		tui_keys j
		i=$((i + 1))
	done
	tui_screen | grep -E -q "$1" || tui_fail "no line matching /$1/ in the metrics pane"
}

# tui_has TEXT DESCRIPTION: the screen holds TEXT now.
tui_has() {
	tui_screen | grep -F -q -e "$1" || tui_fail "$2: no '$1' on the screen"
}

# --- three grades ---
printf '[data]\ngrades = 3\n' >"$TUI_TMP/g3.ini"
"$OPTICURE" --batch -q -c "$TUI_TMP/g3.ini" -C "$TUI_MODEL_DIR" >/dev/null 2>"$TUI_TMP/batch.err" ||
	{ cat "$TUI_TMP/batch.err" >&2; echo "ERROR: --batch failed" >&2; exit 99; }
tui_start 80 24 -c "$TUI_TMP/g3.ini"
tui_wait "PREMIUM"
# the three classes' bars, Premium (most probable here) first
screen=$(tui_screen)
for c in Premium Reject Standard; do
	printf '%s\n' "$screen" | grep -E -q "│$c +[█▏▎▍▌▋▊▉░]+ +[01]\.[0-9]{3} " ||
		tui_fail "three grades: no bar line for $c"
done
printf '%s\n' "$screen" | grep -A1 -F "confidence" | tail -n 1 | grep -q "│Premium " ||
	tui_fail "three grades: the most probable class is not the first bar"
tui_has "P(Pre) P(Sta) P(Rej)" "three grades: probability columns"
printf '%s\n' "$screen" | grep -E -q "RF +Premium +[01]\.[0-9]{3} +[01]\.[0-9]{3} +[01]\.[0-9]{3}│" ||
	tui_fail "three grades: rf's vote and three probabilities"

# the what-if curve: class 1 (Reject) first, c steps through the classes
tui_keys Tab Tab
tui_wait "[What-if]"
tui_has "P(Reject) vs barn_temperature" "three grades: the curve's first class"
tui_keys c
tui_wait "P(Standard) vs barn_temperature"
tui_keys c
tui_wait "P(Premium) vs barn_temperature"
tui_keys c
tui_wait "P(Reject) vs barn_temperature"

# metrics: three per-class rows per model, then a 3x3 matrix per model
tui_keys Tab
tui_wait "[Metrics]"
scroll_to "│LR +Premium +[01]\.[0-9]{3}" 20
scroll_to "│  Standard +[0-9]+ +[0-9]+ +[0-9]+ " 30
tui_screen | grep -E -q "│(LR|RF\*?|GB\*?|SVM\*?) +Premium +Reject +Standard" ||
	tui_fail "three grades: no confusion header with the three classes"
tui_keys q
[ "$(tui_exit_status)" = "rc=0 stty=same" ] || tui_fail "three grades: exit $(tui_exit_status)"
tui_stop

# --- ten classes, 64 features ---
printf '[data]\nlabel = digit\n' >"$TUI_TMP/d.ini"
rm -rf "$TUI_MODEL_DIR" && mkdir "$TUI_MODEL_DIR"
"$OPTICURE" --batch -q -c "$TUI_TMP/d.ini" -d "$TESTS_FIXTURES/multiclass/digits/data.csv" \
	-C "$TUI_MODEL_DIR" >/dev/null 2>"$TUI_TMP/batch.err" ||
	{ cat "$TUI_TMP/batch.err" >&2; echo "ERROR: --batch on digits failed" >&2; exit 99; }
tui_start 80 24 -c "$TUI_TMP/d.ini"
tui_wait "% confidence"
screen=$(tui_screen)
# as many bars as leave room for the model table (6 at 80x24), largest first
bars=$(printf '%s\n' "$screen" | grep -E -c "││[0-9] +[█▏▎▍▌▋▊▉░]+ +[01]\.[0-9]{3} ")
[ "$bars" -eq 6 ] || tui_fail "ten classes: $bars class bars, expected 6"
printf '%s\n' "$screen" | grep -E -o "││[0-9] +[█▏▎▍▌▋▊▉░]+ +[01]\.[0-9]{3} " |
	awk '{ p = $NF; if (NR > 1 && p > prev) bad = 1; prev = p } END { exit bad }' ||
	tui_fail "ten classes: bars not in decreasing probability"
printf '%s\n' "$screen" | grep -E -q "Vote +P\([0-9]\) +P\([0-9]\) +P\([0-9]\)│" ||
	tui_fail "ten classes: three P(<class>) columns"
tui_keys Tab Tab
tui_wait "[What-if]"
tui_has "P(1) vs pixel_0_0" "ten classes: the curve's first class"
for c in 2 3 4 5 6 7 8 9 0 1; do
	tui_keys c
	tui_wait "P($c) vs pixel_0_0"
done
tui_keys Tab
tui_wait "[Metrics]"
scroll_to "│  9 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+" 120
tui_keys q
[ "$(tui_exit_status)" = "rc=0 stty=same" ] || tui_fail "ten classes: exit $(tui_exit_status)"
echo "PASS: three- and ten-class dashboards"
