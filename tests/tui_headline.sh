#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_headline.sh - the headline never names one class with another's
# probability: with the SVC (whose vote comes from its decision function
# and whose probabilities come from Platt scaling) every temperature of the
# slider's range is typed in, and at each the headline's class is the SVM
# row's vote and its confidence that class's probability in the row; where
# they disagree with the larger probability the row is marked '!' and a
# line says why.  tests/test_tui.c sweeps every model x slider the same way.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train
tui_start 80 24 -m svm
tui_wait "PREMIUM"

odd=0
t=50
while [ $t -le 90 ]; do
	tui_keys $(echo $t | sed 's/./& /g') Enter
	# values outside the training range (53.79 to 89.26) are marked '!'
	if [ $t -lt 54 ] || [ $t -gt 89 ]; then
		tui_wait "barn_temperature            ! $t °C"
	else
		tui_wait "barn_temperature              $t °C"
	fi
	tui_wait "Temp $t.0"
	scr=$(tui_screen)
	head=$(printf '%s\n' "$scr" | sed -n 's/.*│ \([A-Z]*\)  \([0-9.]*\)% confidence.*/\1 \2/p')
	row=$(printf '%s\n' "$scr" | sed -n 's/.*▶ SVM  \(!*\) *\([A-Za-z]*\) *\([0-9.]*\) *\([0-9.]*\) *│$/\1 \2 \3 \4/p')
	[ -n "$head" ] && [ -n "$row" ] || tui_fail "at $t: no headline ('$head') or SVM row ('$row')"
	set -- $row
	if [ "$1" = "!" ]; then mark=1; shift; else mark=0; fi
	vote=$1 p0=$2 p1=$3
	set -- $head
	cls=$1 conf=$2
	[ "$cls" = "$(echo "$vote" | tr a-z A-Z)" ] || tui_fail "at $t: headline $cls, vote $vote"
	case $vote in
	Premium) p=$p0 ;;
	*) p=$p1 ;;
	esac
	# conf (one decimal, percent) is p (three decimals) to within rounding
	awk -v c="$conf" -v p="$p" 'BEGIN { d = c - 100 * p; exit !(d <= 0.05 + 1e-9 && d >= -0.05 - 1e-9) }' ||
		tui_fail "at $t: confidence $conf% but P($vote) = $p"
	big=$(awk -v a="$p0" -v b="$p1" 'BEGIN { print (a >= b) ? "Premium" : "Standard" }')
	if [ "$big" != "$vote" ] && [ "$p0" != "$p1" ]; then
		[ $mark = 1 ] || tui_fail "at $t: vote $vote, larger P $big, no '!'"
		printf '%s\n' "$scr" | grep -F -q "! SVM: vote by decision fn, P by Platt" ||
			tui_fail "at $t: no reason line"
		odd=$((odd + 1))
	fi
	t=$((t + 1))
done
echo "temperatures where the SVM's vote is not its most probable class: $odd"
[ $odd -gt 0 ] || tui_fail "the sweep never met a disagreement (80 °C is one)"
tui_quit q "after q"
exit 0
