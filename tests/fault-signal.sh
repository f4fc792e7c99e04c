#!/bin/sh
# SPDX-License-Identifier: MIT
# fault-signal.sh - SIGINT and SIGTERM while the artifacts are written.
# (interrupt.sh covers training.)  Before the renames a signal cancels the
# run: exit 128+N, the previous set unchanged; during the renames it is held
# back until the set is complete: exit 128+N, the new set.  Never a mixed
# set, never a temporary left.
#   Placed exactly with strace's fault injection, where strace works: the
#   signal is raised on entry to the Nth fsync (each temporary is fsync'd
#   before any rename: the old set must stay) or to a renameat: the first
#   is the commit journal's (the commit point), then the four artifacts';
#   from the first on, the new set must be completed.
#   Timed by the progress line "write:" of a run whose model (3000 trees,
#   1.2 MB) takes a while to render: the signal nearly always lands before
#   the renames, but as a race either complete set is accepted there.
. "$top_srcdir/tests/fault_lib.sh"
make_sets
printf '[random_forest]\nn_estimators = 3000\n[models]\nenabled = rf\n' >"$tmp/big.ini"
mkfifo "$tmp/progress" || exit 99

# --- on the progress line ---
for sig in INT TERM; do
	restore_old "$tmp/a"
	signal_at_progress "$sig" "write: " "$tmp/big.ini" "$tmp/a"
	check "SIG$sig at 'write:': progress line seen" test "$seen" = yes
	check "SIG$sig at 'write:': exit 128+signal ($status)" test "$status" -gt 128
	check_match "SIG$sig at 'write:': reported" "$(cat "$tmp/rest")" "interrupted"
	state=$(set_state "$tmp/a")
	check "SIG$sig at 'write:': a complete set, old or new (found: $state)" \
		test "$state" = old -o "$state" = new
	check "SIG$sig at 'write:': no temporaries left" no_temporaries "$tmp/a"
done

# --- exactly placed, with strace ---
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
	# LeakSanitizer cannot run under ptrace (the other checks still do).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
	# inject SIG SYSCALL N WANT: the signal on entry to the Nth SYSCALL.
	inject() {
		restore_old "$tmp/a"
		strace -f -qq -y -o "$tmp/strace" -e trace=fsync,renameat \
			-e inject="$2:signal=SIG$1:when=$3" \
			"$OPTICURE" --batch --config="$cfg" --dir="$tmp/a" --quiet </dev/null >/dev/null \
			2>"$tmp/stderr"
		status=$?
		what="SIG$1 at $2 #$3"
		# The signal came right after the intended call, a temporary's
		# fsync; or, raised at a rename, only once the renames were done.
		if [ "$2" = fsync ]; then
			hit=$(awk '/--- SIG/ { print prev; exit } { prev = $0 }' "$tmp/strace")
		else
			hit=$(awk '/--- SIG/ { print n " renames before the signal"; exit }
			           / renameat\(/ { n++ }' "$tmp/strace")
		fi
		check_match "$what: injected where meant" "$hit" \
			"^[0-9]+ +fsync\\(.*\\.tmp\\.|^5 renames before"
		check "$what: exit 128+signal ($status)" test "$status" -gt 128
		check_state "$what" "$tmp/a" "$4"
	}
	# The four temporaries are fsync'd in order: data, metadata, metrics, model.
	for n in 1 2 3 4; do
		inject TERM fsync $n old
	done
	inject INT fsync 4 old
	inject TERM renameat 1 new
	inject INT renameat 1 new
	inject TERM renameat 3 new
	# An I/O error on the model's fsync: exit 74, nothing renamed.
	restore_old "$tmp/a"
	strace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:error=EIO:when=4 \
		"$OPTICURE" --batch --config="$cfg" --dir="$tmp/a" --quiet </dev/null >/dev/null \
		2>"$tmp/stderr"
	status=$?
	check "EIO on the model's fsync: exit 74 ($status)" test "$status" -eq 74
	check_match "EIO on the model's fsync: says why" "$(cat "$tmp/stderr")" "Input/output error"
	check_state "EIO on the model's fsync" "$tmp/a" old
else
	note "SKIP strace sub-cases: strace missing or not permitted (ptrace)"
fi

tu_done
