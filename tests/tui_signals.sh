#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_signals.sh - SIGINT, SIGTERM, SIGHUP and SIGQUIT (and Ctrl-C), and
# the other signals whose default is to terminate (SIGUSR1, SIGUSR2,
# SIGALRM, SIGPIPE, SIGVTALRM, a real-time signal), end the dashboard with
# the terminal modes restored (stty -g unchanged) and the signal's status,
# as do SIGABRT and SIGSEGV (abort paths); SIGXFSZ is ignored (a file
# limit is a write error, never the end of the dashboard);
# a lost terminal ends it instead of leaving it spinning.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

signum() { kill -l "$1" 2>/dev/null || case $1 in INT) echo 2;; QUIT) echo 3;; TERM) echo 15;; HUP) echo 1;; esac; }

# (ABRT and SEGV: a fault's handler restores the modes and dies of it;
# no core file wanted)
ulimit -c 0 2>/dev/null
for sig in INT TERM HUP QUIT USR1 USR2 ALRM PIPE VTALRM RTMIN ABRT SEGV; do
	signum "$sig" | grep -q '^[0-9][0-9]*$' || { echo "no SIG$sig here"; continue; }
	tui_start 80 24
	tui_wait "PREMIUM"
	pid=$(tui_pid)
	kill -s "$sig" "$pid" || tui_fail "kill -$sig"
	status=$(tui_exit_status)
	want="rc=$((128 + $(signum $sig))) stty=same"
	[ "$status" = "$want" ] || tui_fail "SIG$sig: $status, want $want"
	tui_stop
done

# SIGXFSZ: ignored; the keys typed after it still work, q exits 0.
tui_start 80 24
tui_wait "PREMIUM"
pid=$(tui_pid)
kill -s XFSZ "$pid" || tui_fail "kill -XFSZ"
tui_wait "[Sliders]"
tui_keys End
tui_wait "STANDARD"
tui_keys q
status=$(tui_exit_status)
[ "$status" = "rc=0 stty=same" ] || tui_fail "SIGXFSZ then q: $status, want rc=0 stty=same"
tui_stop

tui_start 80 24
tui_wait "PREMIUM"
tui_quit C-c "Ctrl-C" "rc=130 stty=same"

# Ctrl-Z and fg from an interactive shell: back in raw mode, redrawn, and
# the terminal is unchanged after q.
if command -v bash >/dev/null 2>&1; then
	"$TMUX_BIN" -u -L "$TUI_SOCKET" -f /dev/null new-session -d -x 80 -y 24 \
		"env PS1='$ ' TERM=screen LC_ALL=C.UTF-8 bash --norc --noprofile -i" || tui_fail "tmux"
	tui_wait '$'
	tui_keys "stty -g >'$TUI_TMP/stty.before'; '$OPTICURE' -C '$TUI_MODEL_DIR'" Enter
	tui_wait "PREMIUM"
	tui_keys C-z
	tui_wait "Stopped"
	tui_wait_gone "PREMIUM"
	tui_keys "fg" Enter
	tui_wait "PREMIUM"
	tui_wait "[Sliders]"
	tui_keys End
	tui_wait "STANDARD"
	tui_keys C-l
	tui_wait "STANDARD"
	tui_keys q
	tui_wait_gone "STANDARD"
	# The typed line holds neither result word; only the output does.
	tui_keys "echo STTY-\$(stty -g | cmp -s - '$TUI_TMP/stty.before' && echo SAME || echo CHANGED)" Enter
	tui_poll 'tui_screen | grep -q -e STTY-SAME -e STTY-CHANGED' || tui_fail "no stty result"
	tui_screen | grep -q "STTY-SAME" || tui_fail "stty changed after Ctrl-Z, fg and q"
	tui_stop
fi

# The terminal goes away: the program must exit, not spin.
tui_start 80 24
tui_wait "PREMIUM"
pid=$(tui_pid)
"$TMUX_BIN" -L "$TUI_SOCKET" kill-server
TUI_PID=$pid
TUI_TIMEOUT=2 tui_poll '! kill -0 "$TUI_PID" 2>/dev/null || [ "$(ps -o stat= -p "$TUI_PID")" = Z ]' ||
	{ kill -9 "$pid"; echo "FAIL: still running after the terminal went away" >&2; exit 1; }
exit 0
