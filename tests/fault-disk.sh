#!/bin/sh
# SPDX-License-Identifier: MIT
# fault-disk.sh - a full disk fails the run with exit 74, leaves the
# previous artifacts exactly as they were and no temporary files.  Three
# ways to fill it, each tried when the machine allows:
#   a small tmpfs (in a private mount namespace), filled to leave every
#   amount of free space from 0 to the size of a new set, page by page, so
#   the failure lands on each artifact in turn (and on their fsync);
#   RLIMIT_FSIZE (ulimit -f, SIGXFSZ ignored): the model may not grow;
#   /dev/full as standard output of --predict, --batch and --print-config.
. "$top_srcdir/tests/fault_lib.sh"
enter_mount_ns
make_sets

# --- a small tmpfs ---
if [ "$can_mount" = yes ]; then
	mnt="$tmp/mnt"
	mkdir "$mnt"
	mount -t tmpfs -o size=512k tmpfs "$mnt" || exit 99
	n74=0 n0=0 pages=0 bad=0
	while [ "$pages" -le 64 ] && [ "$n0" -lt 2 ]; do
		rm -f "$mnt/fill"
		restore_old "$mnt/a"
		# Fill up, then give back exactly $pages pages.
		dd if=/dev/zero of="$mnt/fill" bs=4096 2>/dev/null
		size=$(wc -c <"$mnt/fill")
		truncate -s $((size - pages * 4096)) "$mnt/fill" 2>/dev/null ||
			{ dd if=/dev/zero of="$mnt/fill" bs=4096 count=$((size / 4096 - pages)) 2>/dev/null; }
		batch "$mnt/a" >/dev/null 2>"$tmp/stderr"
		status=$?
		state=$(set_state "$mnt/a")
		case $status:$state in
		74:old) n74=$((n74 + 1))
			grep -q "No space left on device" "$tmp/stderr" || bad=$((bad + 1)) ;;
		0:new) n0=$((n0 + 1)) ;;
		*) bad=$((bad + 1)); echo "# $pages free pages: exit $status, set $state"
		   sed 's/^/#   /' "$tmp/stderr" ;;
		esac
		no_temporaries "$mnt/a" || { bad=$((bad + 1)); echo "# $pages free pages: temporaries left"; }
		pages=$((pages + 1))
	done
	note "tmpfs: $n74 runs failed with exit 74 and the old set, $n0 succeeded, over $pages fill levels"
	check "tmpfs: every run either exit 74 with the old set or exit 0 with the new one" test "$bad" -eq 0
	check "tmpfs: a full disk was hit ($n74 times)" test "$n74" -ge 10
	check "tmpfs: with room enough the run succeeds" test "$n0" -ge 1
	# --predict writing its CSV into the full file system.
	rm -f "$mnt/fill"
	dd if=/dev/zero of="$mnt/fill" bs=4096 2>/dev/null
	expect_status 74 "tmpfs: --predict onto a full disk" \
		"$OPTICURE" --predict="$tmp/new/curing_data.csv" --config="$cfg" --dir="$tmp/new" \
		</dev/null >"$mnt/predictions.csv"
	check_match "tmpfs: --predict says why" "$(cat "$tmp/stderr")" "No space left on device"
	umount "$mnt"
else
	note "SKIP tmpfs sub-case: cannot mount a tmpfs here (no unshare or no privilege)"
fi

# --- RLIMIT_FSIZE: 40 blocks (20 or 40 KiB by the shell's unit) hold the
# data set but not the 78 KiB model. ---
restore_old "$tmp/a"
(
	trap '' XFSZ
	ulimit -f 40 || exit 77
	exec "$OPTICURE" --batch --config="$cfg" --dir="$tmp/a" --quiet </dev/null >/dev/null
) 2>"$tmp/stderr"
status=$?
if [ "$status" -eq 77 ]; then
	note "SKIP ulimit sub-case: ulimit -f not available"
else
	check "ulimit -f: exit 74 (got $status)" test "$status" -eq 74
	check_match "ulimit -f: says why" "$(cat "$tmp/stderr")" "File too large"
	check_state "ulimit -f" "$tmp/a" old
fi

# --- /dev/full as standard output ---
if [ -w /dev/full ]; then
	expect_status 74 "/dev/full: --predict" "$OPTICURE" --predict="$tmp/new/curing_data.csv" \
		--config="$cfg" --dir="$tmp/new" </dev/null >/dev/full
	check_match "/dev/full: --predict says why" "$(cat "$tmp/stderr")" "No space left on device"
	restore_old "$tmp/b"
	expect_status 74 "/dev/full: --batch report" batch "$tmp/b" --format=csv >/dev/full
	# The report comes after the artifacts: they are complete and new.
	check_state "/dev/full: --batch report" "$tmp/b" new
	expect_status 74 "/dev/full: --print-config" "$OPTICURE" --print-config --config="$cfg" >/dev/full
else
	note "SKIP /dev/full sub-case: no writable /dev/full"
fi

tu_done
