#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_screens.sh - 80x24 snapshots of each pane (focused in turn), the
# help screen and the ASCII fallback, compared with tests/screens/*.txt
# after masking what changes from run to run (training time, fit times,
# the temporary directory the help screen names).
# OC_UPDATE_SCREENS=1 rewrites the expected files instead.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

screens="${top_srcdir:-.}/tests/screens"
failed=0

mask() {
	sed -E -e 's/trained [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/trained YYYY-MM-DD HH:MM/' \
	       -e 's/((LR|RF|GB|SVM)\*? *( [01]\.[0-9]{3}){4})[ 0-9.]{6}/\1 fit_s/' \
	       -e 's|/[^ ]*opticure-tui\.[A-Za-z0-9]*/|TMPDIR/|g'
}

# The pattern a test waits for can show before the rest of the frame is
# drawn (a busy machine caught the sliders screen with its last lines still
# blank): the screen is compared until it matches, at most TUI_TIMEOUT
# seconds, and the last capture is the one shown when it never does.
snap() {
	name=$1
	if [ -n "$OC_UPDATE_SCREENS" ]; then
		tui_screen | mask >"$TUI_TMP/$name.txt"
		cp "$TUI_TMP/$name.txt" "$screens/$name.txt"
		echo "updated $name"
		return
	fi
	TUI_SNAP=$name
	tui_poll 'tui_screen | mask >"$TUI_TMP/$TUI_SNAP.txt"; cmp -s "$screens/$TUI_SNAP.txt" "$TUI_TMP/$TUI_SNAP.txt"' &&
		return
	diff -u "$screens/$name.txt" "$TUI_TMP/$name.txt"
	echo "FAIL: screen $name differs" >&2
	failed=1
}

tui_start 80 24
tui_wait "[Sliders]"
tui_wait "PREMIUM"
snap sliders
tui_keys Tab
tui_wait "[Prediction]"
snap prediction
tui_keys Tab
tui_wait "[What-if]"
snap curve
tui_keys Tab
tui_wait "[Metrics]"
snap metrics
tui_keys '?'
tui_wait "[Help]"
snap help
tui_keys Escape
tui_wait_gone "[Help]"
tui_keys q
tui_exit_status >/dev/null
tui_stop

tui_start 80 24 --ascii
tui_wait "+-[Sliders]"
tui_keys End
tui_wait "STANDARD"
snap ascii
tui_keys q
tui_exit_status >/dev/null

# Colour by default; none with NO_COLOR set (non-empty) or --no-color.
for how in colour no_color_env no_color_opt; do
	tui_stop
	case $how in
	colour) TUI_ENV="TERM=screen-256color" tui_start 80 24 ;;
	no_color_env) TUI_ENV="TERM=screen-256color NO_COLOR=1" tui_start 80 24 ;;
	no_color_opt) TUI_ENV="TERM=screen-256color" tui_start 80 24 --no-color ;;
	esac
	tui_wait "PREMIUM"
	n=$(tui_colours)
	case $how in
	colour) [ "$n" -gt 0 ] || tui_fail "no colours by default" ;;
	*) [ "$n" -eq 0 ] || tui_fail "$n colour escapes with $how" ;;
	esac
	tui_keys q
	tui_exit_status >/dev/null
done
exit $failed
