#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_input.sh - key input on any terminal: with TERM=xterm-256color inside
# tmux (whose End is ESC [ 4 ~, which that entry does not know) End, Home
# and Shift-arrows move the slider and open no prompt; unknown CSI and SS3
# sequences are dropped whole, never typed; the value prompt shows its own
# keys and the whole input with a cursor, takes only a whole number
# (7e1 is 70; 1,5, 5-5 and letters are refused with the reason, the value
# kept), and Esc or q close it; q quits with the terminal restored.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

hex() { "$TMUX_BIN" -L "$TUI_SOCKET" send-keys -H "$@" || tui_fail "send-keys -H $*"; }

for term in xterm-256color screen; do
	tui_stop
	TUI_ENV="TERM=$term" tui_start 80 24
	tui_wait "PREMIUM"
	tui_wait "[Sliders]"
	tui_keys End
	tui_wait "90 °C"
	tui_wait "STANDARD"
	tui_keys Home
	tui_wait "50 °C"
	tui_keys S-Right
	tui_wait "60 °C"
	tui_keys S-Left
	tui_wait "50 °C"
	# The sequences themselves, as PuTTY and the VT220 send them.
	hex 1b 5b 34 7e          # ESC [ 4 ~  End
	tui_wait "90 °C"
	hex 1b 5b 31 7e          # ESC [ 1 ~  Home
	tui_wait "50 °C"
	hex 1b 5b 31 3b 35 43    # ESC [ 1 ; 5 C  Ctrl-Right: x10 like Shift-Right
	tui_wait "60 °C"
	# Unknown ones: a CSI with parameters, an SS3, a private CSI; then a
	# marker key that must be the next thing to happen.
	hex 1b 5b 39 39 3b 37 7e       # ESC [ 99 ; 7 ~
	hex 1b 4f 35 58                # ESC O 5 X (SS3 with a parameter byte)
	hex 1b 5b 3f 32 30 30 34 68    # ESC [ ? 2004 h
	tui_keys Right
	tui_wait "61 °C"
	tui_screen | grep -F -q "Enter:set" && tui_fail "$term: a sequence opened the prompt"
	tui_screen | grep -F -q "(50..90 °C):" && tui_fail "$term: digits of a sequence were typed"
	tui_keys q
	status=$(tui_exit_status)
	[ "$status" = "rc=0 stty=same" ] || tui_fail "$term: after q: $status"
done

tui_stop
tui_start 80 24
tui_wait "PREMIUM"

# The prompt: its own key bar, the label with the range and unit, the
# whole input; q and Esc close it with the value kept.
tui_keys 8
tui_wait "barn_temperature (50..90 °C): 8"
tui_wait "Enter:set  Esc:cancel"
tui_screen | grep -F -q "Tab:pane" && tui_fail "the main key bar shows while the prompt is open"
# The cursor is the reverse-video cell: after Left it is on the 5.
tui_keys 5 Left
tui_wait "(50..90 °C): 85"
"$TMUX_BIN" -L "$TUI_SOCKET" capture-pane -p -e | grep -F "(50..90 °C): " |
	grep -q "$(printf '\033')\[[0-9;]*7[0-9;]*m5" || tui_fail "no cursor on the 5"
tui_keys Escape
tui_wait_gone "Enter:set"
tui_wait "70 °C"
tui_keys 8 5 q
tui_wait_gone "Enter:set"
tui_wait "70 °C"
# Every typed character is shown, m, Tab and ? included, and the
# verdict names what is wrong.
tui_keys 1 , 5 Enter
tui_wait "'1,5' is not a number: ',' at column 2 (the decimal separator is '.');"
tui_wait "70 °C"
tui_keys 5 - 5 Enter
tui_wait "'5-5' is not a number: '-' at column 2; value unchanged"
tui_keys 7 m x Enter
tui_wait "'7mx' is not a number: 'm' at column 2; value unchanged"
tui_wait "70 °C"
tui_keys 7 5 Enter
tui_wait "75 °C"
tui_keys 7 e 1 Enter
tui_wait "70 °C"
# A long input is shown whole (31 characters) with the cursor moving in it.
tui_keys 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
tui_wait ": 1234567890123456789012345678901"
tui_keys Home Delete End BSpace Left 9
tui_wait ": 234567890123456789012345678990"
tui_keys Escape
tui_wait_gone "Enter:set"
tui_wait "70 °C"
tui_quit q "after q"
exit 0
