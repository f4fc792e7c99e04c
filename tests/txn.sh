#!/bin/sh
# SPDX-License-Identifier: MIT
# txn.sh - the artifact-set transaction (man opticure, FILES): the
# directory holds the complete previous set or the complete new set.
#   A rename that fails mid-commit (injected with strace) puts the renamed
#   files back: exit 73, the previous set, nothing left behind.
#   SIGKILL at each rename of the commit: the next run (any mode), before
#   anything else, completes the set; killed before the commit point, it
#   removes what the killed run left and the previous set stays.
#   An immutable artifact (chattr +i) and another user's artifact in a
#   sticky directory: exit 73, the previous set, not a partial one.
#   The lock: --no-wait exits 75 while another process holds the
#   directory; without it the run says it waits and completes afterwards.
#   The previous files' mode and group are kept; the umask is applied.
#   100 concurrent pairs of --batch into one directory: never a mixed set.
# Skipped where the machine refuses: strace (ptrace), chattr (the file
# system), a second user (setpriv), flock(1) missing; each says so.
. "$top_srcdir/tests/fault_lib.sh"
make_sets

have_strace=no
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
	have_strace=yes
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
fi

# --- a rename that fails after others succeeded: rolled back ---
if [ $have_strace = yes ]; then
	# renameat #1 is the journal's, #2..#5 the artifacts' (data first).
	for n in 3 4 5; do
		restore_old "$tmp/a"
		strace -f -qq -o /dev/null -e trace=renameat -e inject=renameat:error=EPERM:when=$n \
			"$OPTICURE" --batch --config="$cfg" --dir="$tmp/a" --quiet </dev/null >/dev/null \
			2>"$tmp/stderr"
		st=$?
		check "EPERM on rename #$((n - 1)) of 4: exit 73 ($st)" test "$st" -eq 73
		check_match "EPERM on rename #$((n - 1)): says the previous set stays" \
			"$(cat "$tmp/stderr")" "Operation not permitted; previous artifacts left unchanged"
		check_state "EPERM on rename #$((n - 1))" "$tmp/a" old
	done
	restore_old "$tmp/g"
	strace -f -qq -o /dev/null -e trace=renameat -e inject=renameat:error=EPERM:when=3 \
		"$OPTICURE" --generate --config="$small" --dir="$tmp/g" --seed=9 --quiet </dev/null \
		2>"$tmp/stderr"
	st=$?
	check "--generate: EPERM on the metadata's rename: exit 73 ($st)" test "$st" -eq 73
	check "--generate: the previous data kept" cmp -s "$tmp/g/curing_data.csv" "$tmp/old/curing_data.csv"
	check "--generate: the previous metadata kept" \
		cmp -s "$tmp/g/curing_data_metadata.json" "$tmp/old/curing_data_metadata.json"
	check "--generate: nothing left behind" no_temporaries "$tmp/g"

	# --- SIGKILL during the commit, then another run ---
	for n in 2 3 4 5; do
		restore_old "$tmp/k"
		strace -f -qq -o /dev/null -e trace=renameat -e inject=renameat:signal=SIGKILL:when=$n \
			"$OPTICURE" --batch --config="$cfg" --dir="$tmp/k" --quiet </dev/null >/dev/null \
			2>/dev/null
		st=$?
		check "SIGKILL at rename #$((n - 1)) of 4: killed ($st)" test "$st" -eq 137
		check "SIGKILL at rename #$((n - 1)): the journal is left" test -f "$tmp/k/.opticure-commit"
		# The next run, whatever it does (here: --predict of a missing
		# file, exit 66), first completes the set.
		"$OPTICURE" --predict="$tmp/missing.csv" --config="$cfg" --dir="$tmp/k" \
			</dev/null >/dev/null 2>"$tmp/stderr"
		st=$?
		check "after SIGKILL at rename #$((n - 1)): next run goes on (exit 66: $st)" test "$st" -eq 66
		check_match "after SIGKILL at rename #$((n - 1)): says it completed the set" \
			"$(cat "$tmp/stderr")" "completed the artifact set a killed run was committing"
		check_state "after SIGKILL at rename #$((n - 1)) and a run" "$tmp/k" new
	done
	# Killed at the journal's rename (before the commit point).
	restore_old "$tmp/k"
	strace -f -qq -o /dev/null -e trace=renameat -e inject=renameat:signal=SIGKILL:when=1 \
		"$OPTICURE" --batch --config="$cfg" --dir="$tmp/k" --quiet </dev/null >/dev/null 2>/dev/null
	check "SIGKILL before the commit point: temporaries were left" \
		test -n "$(find "$tmp/k" -name '*.tmp.*')"
	"$OPTICURE" --generate --config="$cfg" --dir="$tmp/k" --rows=60 --quiet </dev/null 2>/dev/null
	check "SIGKILL before the commit point: the next --generate writes its pair" \
		test "$(wc -l <"$tmp/k/curing_data.csv")" -eq 61
	check "SIGKILL before the commit point: the rest is the previous set" \
		cmp -s "$tmp/k/bat_curing_pipeline.model" "$tmp/old/bat_curing_pipeline.model"
	check "SIGKILL before the commit point: strays removed" no_temporaries "$tmp/k"

	# Killed mid-commit, and one rename the recovery cannot make (the
	# model's name now taken by a directory): the previous set comes back.
	restore_old "$tmp/r"
	strace -f -qq -o /dev/null -e trace=renameat -e inject=renameat:signal=SIGKILL:when=3 \
		"$OPTICURE" --batch --config="$cfg" --dir="$tmp/r" --quiet </dev/null >/dev/null 2>/dev/null
	rm "$tmp/r/bat_curing_pipeline.model" && mkdir "$tmp/r/bat_curing_pipeline.model" &&
		: >"$tmp/r/bat_curing_pipeline.model/x"
	"$OPTICURE" --predict="$tmp/missing.csv" --config="$cfg" --dir="$tmp/r" </dev/null \
		>/dev/null 2>"$tmp/stderr"
	check_match "recovery that cannot complete: says it restored" "$(cat "$tmp/stderr")" \
		"restored the previous artifact set"
	st=""
	for f in curing_data.csv curing_data_metadata.json model_metrics.csv; do
		cmp -s "$tmp/r/$f" "$tmp/old/$f" && st="${st}o" || st="${st}x"
	done
	check "recovery that cannot complete: data, metadata, metrics are the previous ($st)" \
		test "$st" = ooo
	check "recovery that cannot complete: nothing left behind" no_temporaries "$tmp/r"
else
	note "SKIP rename-failure and SIGKILL sub-cases: strace missing or not permitted (ptrace)"
fi

# --- an artifact a rename cannot replace: immutable ---
restore_old "$tmp/i"
if command -v chattr >/dev/null 2>&1 && chattr +i "$tmp/i/model_metrics.csv" 2>/dev/null; then
	expect_status 73 "immutable model_metrics.csv" batch "$tmp/i" >/dev/null
	check_match "immutable: names the file" "$(cat "$tmp/stderr")" "model_metrics\.csv: Operation not permitted"
	chattr -i "$tmp/i/model_metrics.csv"
	check_state "immutable model_metrics.csv" "$tmp/i" old
else
	note "SKIP immutable sub-case: chattr +i refused here"
fi

# --- another user's artifact in a sticky directory ---
run_as=""
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$OPTICURE" --version >/dev/null 2>&1; then
	run_as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$run_as" ]; then
	chmod 755 "$tmp" "$tmp/old" "$tmp/new" && chmod 644 "$cfg"
	restore_old "$tmp/s"
	chmod 1777 "$tmp/s"
	# nobody's own copy of every artifact but the metrics, root's.
	for f in curing_data.csv curing_data_metadata.json bat_curing_pipeline.model; do
		chown 65534:65534 "$tmp/s/$f"
	done
	expect_status 73 "sticky directory, another user's model_metrics.csv" \
		$run_as "$OPTICURE" --batch --config="$cfg" --dir="$tmp/s" --quiet </dev/null >/dev/null
	check_state "sticky directory" "$tmp/s" old
else
	note "SKIP sticky-directory sub-case: not root, or cannot run as nobody (setpriv)"
fi

# --- modes and groups kept; new files follow the umask ---
restore_old "$tmp/m"
chmod 600 "$tmp/m"/*
chmod 640 "$tmp/m/model_metrics.csv"
grp=$(id -g)
if [ "$(id -u)" -eq 0 ]; then grp=65534; chgrp "$grp" "$tmp/m/model_metrics.csv"; fi
expect_status 0 "run over mode-600 artifacts" batch "$tmp/m" >/dev/null
check "mode 600 kept" test "$(stat -c %a "$tmp/m/bat_curing_pipeline.model" "$tmp/m/curing_data.csv" | sort -u)" = 600
check "mode 640 and the group kept" test "$(stat -c %a:%g "$tmp/m/model_metrics.csv")" = "640:$grp"
expect_status 0 "--batch into a new directory under umask 077" sh -c \
	'umask 077 && exec "$1" --batch --config="$2" --dir="$3" --quiet </dev/null >/dev/null' \
	- "$OPTICURE" "$small" "$tmp/u"
check "new artifacts: 0666 less the umask" test "$(stat -c %a "$tmp/u"/* | sort -u)" = 600

# --- the lock ---
if command -v flock >/dev/null 2>&1; then
	restore_old "$tmp/l"
	# flock -o: the lock stays with flock(1), not with the command's children.
	expect_status 75 "--no-wait while another process holds the directory" \
		flock -o "$tmp/l" "$OPTICURE" --batch --config="$cfg" --dir="$tmp/l" --no-wait </dev/null
	check_match "--no-wait: says why" "$(cat "$tmp/stderr")" "in use by another opticure"
	check_state "--no-wait" "$tmp/l" old
	expect_status 75 "--generate --no-wait while held" \
		flock -o "$tmp/l" "$OPTICURE" --generate --config="$cfg" --dir="$tmp/l" --no-wait </dev/null
	# Waiting: the holder keeps the lock until the run says it waits.
	mkfifo "$tmp/ready" "$tmp/go"
	flock -o "$tmp/l" sh -c 'echo locked >"$1"; read -r x <"$2"' - "$tmp/ready" "$tmp/go" &
	holder=$!
	read -r x <"$tmp/ready"
	# (timeout: a run that never says it waits must not hang the suite)
	{ timeout 120 "$OPTICURE" --batch --config="$cfg" --dir="$tmp/l" </dev/null 2>&1 >/dev/null
	  echo $? >"$tmp/wst"; } |
		while IFS= read -r line; do
			case $line in *waiting*) printf '%s\n' "$line" >"$tmp/waitline"; echo go >"$tmp/go" ;; esac
		done
	[ -f "$tmp/waitline" ] || echo go >"$tmp/go"
	wait $holder
	check_match "a second run says it waits" "$(cat "$tmp/waitline" 2>/dev/null)" \
		"waiting for .*l: another opticure is using it"
	check "the waiting run completes (exit $(cat "$tmp/wst"))" test "$(cat "$tmp/wst")" -eq 0
	check_state "after waiting" "$tmp/l" new
else
	note "SKIP lock sub-cases: flock(1) missing"
fi

# --- 100 concurrent pairs into one directory ---
pc="$tmp/pair.ini"
printf '[data]\nrows = 60\n[models]\nenabled = lr\n' >"$pc"
"$OPTICURE" --batch --config="$pc" --dir="$tmp/p1" --seed=1 --quiet </dev/null >/dev/null &&
"$OPTICURE" --batch --config="$pc" --dir="$tmp/p2" --seed=2 --quiet </dev/null >/dev/null ||
	{ echo "Bail out! cannot make the pair references"; exit 99; }
mixed=0 failed=0
i=0
while [ $i -lt 100 ]; do
	"$OPTICURE" --batch --config="$pc" --dir="$tmp/p" --seed=1 --quiet </dev/null >/dev/null &
	a=$!
	"$OPTICURE" --batch --config="$pc" --dir="$tmp/p" --seed=2 --quiet </dev/null >/dev/null &
	b=$!
	wait $a || failed=$((failed + 1))
	wait $b || failed=$((failed + 1))
	s1="" s2=""
	for f in $ARTIFACTS; do
		cmp -s "$tmp/p/$f" "$tmp/p1/$f" && s1="${s1}1"
		cmp -s "$tmp/p/$f" "$tmp/p2/$f" && s2="${s2}2"
	done
	[ "$s1" = 1111 ] || [ "$s2" = 2222 ] || mixed=$((mixed + 1))
	i=$((i + 1))
done
check "100 concurrent pairs: every run succeeded ($failed failed)" test $failed -eq 0
check "100 concurrent pairs: 0 mixed sets ($mixed)" test $mixed -eq 0
check "100 concurrent pairs: nothing left behind" no_temporaries "$tmp/p"

tu_done
