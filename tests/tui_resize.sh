#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_resize.sh - below 80x24 the "terminal too small" notice replaces the
# panes, and going back restores them; a sweep of sizes does not crash;
# while the notice shows no key acts on the hidden panes (the same screen
# comes back), Ctrl-L repaints and q still quits.
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

# Keys pressed under the notice change nothing: not the slider, the
# selection, the focus, the model, the help, and no training starts.
tui_resize 70 20
tui_wait "terminal too small (70x20, need 80x24)"
tui_resize 80 24
tui_wait "PREMIUM"
tui_wait "r:retrain"
before=$(tui_screen)
tui_resize 70 20
tui_wait "terminal too small (70x20, need 80x24)"
tui_keys j l l Tab m r Enter 5 '?' End PPage C-l
tui_wait "terminal too small (70x20, need 80x24)"
tui_resize 80 24
tui_wait "PREMIUM"
if ! tui_poll '[ "$(tui_screen)" = "$before" ]'; then
	printf '%s\n' "$before" >"$TUI_TMP/before"
	tui_screen >"$TUI_TMP/after"
	diff -u "$TUI_TMP/before" "$TUI_TMP/after" >&2
	tui_fail "keys acted while the terminal was too small"
fi

tui_resize 70 20
tui_wait "terminal too small (70x20, need 80x24)"
tui_quit q "after q"
exit 0
