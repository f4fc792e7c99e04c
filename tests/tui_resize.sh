#!/bin/sh
# tui_resize.sh - below 80x24 the "terminal too small" notice replaces the
# panes, and going back restores them; a sweep of sizes does not crash; q
# still quits while the notice shows.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train
tui_start 80 24

tui_wait "PREMIUM"
tui_resize 60 15
tui_wait "terminal too small (60x15, need 80x24)"
tui_wait_gone "PREMIUM"
tui_resize 80 24
tui_wait "PREMIUM"
tui_wait "Metrics"
tui_wait_gone "terminal too small"

for size in 1x1 20x5 79x24 80x23 300x100 81x25 120x40 80x24; do
	tui_resize "${size%x*}" "${size#*x}"
	case $size in
	79x24|80x23|1x1|20x5) ;;
	*) tui_wait "Metrics" ;;
	esac
done
tui_wait "PREMIUM"
tui_wait "What-if"

tui_resize 70 20
tui_wait "terminal too small (70x20, need 80x24)"
tui_keys q
status=$(tui_exit_status)
[ "$status" = "rc=0 stty=same" ] || tui_fail "after q: $status"
exit 0
