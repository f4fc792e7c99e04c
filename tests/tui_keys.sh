#!/bin/sh
# tui_keys.sh - the dashboard's keys at 80x24: the default state is Premium,
# temperature to the top and humidity to the bottom give Standard, a typed
# value is applied, m changes the model named in the title, the metrics pane
# scrolls, help opens and closes, q exits 0 with the terminal restored.
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

# Humidity to the bottom.
tui_keys Down
tui_wait "▶ barn_humidity"
tui_wait "P(Standard) vs barn_humidity"
tui_keys Home
tui_wait "STANDARD"
tui_keys 6 0 Enter
tui_wait "PREMIUM"

# m cycles the model named in the title.
model_of() { tui_screen | sed -n '1s/ *trained .*//p'; }
first=$(model_of)
[ -n "$first" ] || tui_fail "no model in the title"
tui_keys m
tui_poll '[ "$(model_of)" != "$first" ]' || tui_fail "m did not change the model ($first)"
second=$(model_of)
echo "m: $first -> $second"

# The metrics pane scrolls to its end (legend, up arrow) and back.
tui_keys Tab Tab Tab
tui_wait "[Metrics]"
# (the scroll arrows sit in the last column, against the frame)
tui_wait "▼│"
tui_keys G
tui_wait "* best: highest accuracy"
tui_wait "▲│"
tui_wait_gone "▼│"
tui_keys g
tui_wait_gone "* best: highest accuracy"
tui_wait_gone "▲│"
tui_keys C-f
tui_wait "▲│"
tui_keys C-b
tui_wait_gone "▲│"
tui_keys j
tui_wait "▲│"
tui_keys k
tui_wait_gone "▲│"

# Help comes from the key table; Esc closes it.
tui_keys '?'
tui_wait "show this help"
tui_wait "type an exact value"
tui_keys Escape
tui_wait_gone "show this help"
tui_wait "[Metrics]"
tui_keys F1
tui_wait "show this help"

tui_keys q
status=$(tui_exit_status)
[ "$status" = "rc=0 stty=same" ] || tui_fail "after q: $status"
exit 0
