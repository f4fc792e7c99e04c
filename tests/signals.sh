#!/bin/sh
# SPDX-License-Identifier: MIT
# signals.sh - one signal guard for every mode that writes: SIGINT, SIGTERM,
# SIGHUP and SIGQUIT while --batch or --generate writes end the run with
# 128+N and the previous files, no temporary; a file-size limit (ulimit -f,
# with SIGXFSZ left at its default, which would kill) is an I/O error,
# exit 74, the previous set kept.  Signals are placed exactly with strace's
# fault injection (skipped where ptrace is refused).
. "$top_srcdir/tests/fault_lib.sh"
make_sets

# --- ulimit -f with SIGXFSZ at its default disposition ---
for mode in batch generate; do
	restore_old "$tmp/f"
	(
		trap - XFSZ
		ulimit -f 8 || exit 77
		exec "$OPTICURE" --$mode --config="$cfg" --dir="$tmp/f" --quiet </dev/null >/dev/null
	) 2>"$tmp/stderr"
	st=$?
	if [ $st -eq 77 ]; then
		note "SKIP ulimit -f ($mode): not available"
		continue
	fi
	check "--$mode over ulimit -f: exit 74, not killed by SIGXFSZ ($st)" test $st -eq 74
	check_match "--$mode over ulimit -f: says why" "$(cat "$tmp/stderr")" "File too large"
	check_state "--$mode over ulimit -f" "$tmp/f" old
done

have_strace=no
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
	have_strace=yes
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
	# sig_at SIG N MODE: SIG on entry to the Nth fsync (a temporary's).
	sig_at() {
		restore_old "$tmp/s"
		strace -f -qq -o /dev/null -e trace=fsync -e inject="fsync:signal=SIG$1:when=$2" \
			"$OPTICURE" --$3 --config="$cfg" --dir="$tmp/s" --quiet </dev/null >/dev/null \
			2>"$tmp/stderr"
		st=$?
	}
	for sig in INT TERM HUP QUIT; do
		case $sig in INT) n=2 ;; TERM) n=15 ;; HUP) n=1 ;; QUIT) n=3 ;; esac
		sig_at $sig 2 batch
		check "--batch, SIG$sig while writing: exit $((128 + n)) ($st)" test $st -eq $((128 + n))
		check_state "--batch, SIG$sig while writing" "$tmp/s" old
		sig_at $sig 1 generate
		check "--generate, SIG$sig while writing: exit $((128 + n)) ($st)" test $st -eq $((128 + n))
		check_match "--generate, SIG$sig: says the previous files stay" "$(cat "$tmp/stderr")" \
			"interrupted .*previous files left unchanged"
		check_state "--generate, SIG$sig while writing" "$tmp/s" old
	done
else
	note "SKIP strace sub-cases: strace missing or not permitted (ptrace)"
fi

# --- --predict: a signal (here on opening its FIFO input) ends it, 128+N ---
if [ "$have_strace" = yes ]; then
	mkfifo "$tmp/in"
	head -n 100 "$tmp/new/curing_data.csv" >"$tmp/in" &
	strace -f -qq -o /dev/null -e trace=poll -e inject=poll:signal=SIGTERM:when=1 \
		"$OPTICURE" --predict="$tmp/in" --config="$cfg" --dir="$tmp/new" </dev/null \
		>"$tmp/pout" 2>"$tmp/stderr"
	st=$?
	wait
	check "--predict, SIGTERM: exit 143 ($st)" test $st -eq 143
	check_match "--predict, SIGTERM: says the output is incomplete" "$(cat "$tmp/stderr")" \
		"interrupted .*output is incomplete"
fi

tu_done
