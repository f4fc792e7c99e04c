#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_mouse.sh - the mouse stays off unless asked for (no mouse reporting,
# so the terminal's own selection keeps working); with --mouse a click on a
# slider's track sets its value and the wheel scrolls the metrics pane.
# Mouse events are sent in the X10 encoding (ESC [ M b x y, each byte offset
# by 32) that the test terminal type, screen, declares.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

mouse_flag() { "$TMUX_BIN" -L "$TUI_SOCKET" display-message -p '#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}'; }
# byte N: the character with code N.
byte() { printf "\\$(printf %03o "$1")"; }
# mouse BUTTON COL ROW (1-based screen cells): one X10 mouse report.
mouse() { tui_keys -l "$(printf '\033[M')$(byte $((32 + $1)))$(byte $((32 + $2)))$(byte $((32 + $3)))"; }
click() { mouse 0 "$1" "$2"; mouse 3 "$1" "$2"; }   # press, release
wheel_down() { mouse 65 "$1" "$2"; }

# Without --mouse: the dashboard never turns mouse reporting on.
tui_start 80 24
tui_wait "PREMIUM"
[ "$(mouse_flag)" = "000" ] || tui_fail "mouse reporting on without --mouse ($(mouse_flag))"
tui_keys q
tui_exit_status >/dev/null
"$TMUX_BIN" -L "$TUI_SOCKET" kill-server 2>/dev/null

# With --mouse: reporting is on, and a click near the right end of the
# temperature track (row 4) sets a high temperature: Standard.
tui_start 80 24 --mouse
tui_wait "PREMIUM"
[ "$(mouse_flag)" != "000" ] || tui_fail "--mouse did not turn mouse reporting on"
click 34 4
tui_wait "STANDARD"
tui_screen | grep -q 'barn_temperature *\(8[0-9]\|90\) °C' || tui_fail "click did not set a high temperature"

# The wheel over the metrics pane scrolls it: the first rows go out of view.
tui_wait "LR    0."
i=0
while [ $i -lt 12 ]; do wheel_down 60 20; i=$((i + 1)); done
tui_wait_gone "LR    0."

tui_keys q
st=$(tui_exit_status)
case "$st" in
rc=0\ stty=same) echo "ok - mouse: $st" ;;
*) tui_fail "exit after mouse use: $st" ;;
esac
