#!/bin/sh
# SPDX-License-Identifier: MIT
# fault-dir.sh - an artifact directory that cannot be written fails the run
# with exit 73 and changes nothing.  Root ignores permission bits, so each
# way is tried where it applies:
#   a --dir below a regular file (ENOTDIR), always;
#   a directory without write permission, when not root, or as root by
#   running the binary as nobody (setpriv) when that user can reach it;
#   a read-only tmpfs, in a private mount namespace, when one can be made;
#   an artifact name taken by a directory or a FIFO: checked before the
#   first rename, so no file of the previous set is replaced.
# A --dir that does not exist yet is made with its parents (mkdir -p), in
# every mode that writes.
. "$top_srcdir/tests/fault_lib.sh"
make_sets

# Outside the mount namespace, as the user the suite runs as.
if [ -z "${OC_MOUNT_NS:-}" ]; then
	# --- below a regular file ---
	: >"$tmp/plain"
	expect_status 73 "--dir below a regular file" batch "$tmp/plain/out" >/dev/null
	check_match "--dir below a regular file: says why" "$(cat "$tmp/stderr")" "Not a directory"
	expect_status 73 "--generate below a regular file" \
		"$OPTICURE" --generate --config="$cfg" --dir="$tmp/plain/out" --quiet </dev/null
	check "below a regular file: the file is untouched" test ! -s "$tmp/plain"

	# --- an artifact name taken by something a rename cannot replace ---
	restore_old "$tmp/t"
	rm "$tmp/t/bat_curing_pipeline.model" && mkdir "$tmp/t/bat_curing_pipeline.model"
	expect_status 73 "model file name taken by a directory" batch "$tmp/t" >/dev/null
	check_match "directory target: says which and why" "$(cat "$tmp/stderr")" \
		"cannot replace .*t/bat_curing_pipeline\.model: Is a directory"
	rmdir "$tmp/t/bat_curing_pipeline.model" && cp "$tmp/old/bat_curing_pipeline.model" "$tmp/t/"
	check_state "directory target" "$tmp/t" old
	if command -v mkfifo >/dev/null 2>&1; then
		rm "$tmp/t/model_metrics.csv" && mkfifo "$tmp/t/model_metrics.csv"
		expect_status 73 "model_metrics.csv name taken by a FIFO" batch "$tmp/t" >/dev/null
		check_match "FIFO target: says why" "$(cat "$tmp/stderr")" "model_metrics\.csv: not a regular file"
		rm "$tmp/t/model_metrics.csv" && cp "$tmp/old/model_metrics.csv" "$tmp/t/"
		check_state "FIFO target" "$tmp/t" old
	fi
	restore_old "$tmp/g"
	rm "$tmp/g/curing_data_metadata.json" && mkdir "$tmp/g/curing_data_metadata.json"
	expect_status 73 "--generate: metadata name taken by a directory" \
		"$OPTICURE" --generate --config="$cfg" --dir="$tmp/g" --quiet </dev/null
	check "--generate: the previous curing_data.csv is kept" \
		cmp -s "$tmp/g/curing_data.csv" "$tmp/old/curing_data.csv"
	check "--generate: no temporaries left" no_temporaries "$tmp/g"

	# --- a --dir that does not exist yet: made with its parents ---
	expect_status 0 "--batch -C a/b/c" batch "$tmp/p1/a/b" >/dev/null
	check "--batch -C a/b/c: artifacts written" test -s "$tmp/p1/a/b/bat_curing_pipeline.model"
	expect_status 0 "--generate -C a/b/c (umask 027)" sh -c \
		'umask 027 && exec "$1" --generate --config="$2" --dir="$3" --quiet </dev/null' \
		- "$OPTICURE" "$cfg" "$tmp/p2/a/b"
	check "--generate -C a/b/c: data written" test -s "$tmp/p2/a/b/curing_data.csv"
	check "new directories have mode 0777 less the umask" \
		test "$(stat -c %a "$tmp/p2" "$tmp/p2/a" "$tmp/p2/a/b" | sort -u)" = 750
	mkdir "$tmp/cwd"
	expect_status 64 "-C '' is a usage error" sh -c \
		'cd "$1" && exec "$2" --generate --config="$3" -C "" </dev/null' - "$tmp/cwd" "$OPTICURE" "$cfg"
	check "-C '': nothing written" test -z "$(ls "$tmp/cwd")"
	check_match "-C '': says why" "$(cat "$tmp/stderr")" "invalid --dir ''"

	# --- no write permission ---
	run_as=""
	if [ "$(id -u)" -ne 0 ]; then
		run_as=" "
	elif command -v setpriv >/dev/null 2>&1; then
		chmod 755 "$tmp" "$tmp/old" "$tmp/new"
		chmod 644 "$cfg"
		if setpriv --reuid=65534 --regid=65534 --clear-groups "$OPTICURE" --version \
			>/dev/null 2>&1; then
			run_as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		fi
	fi
	if [ -n "$run_as" ]; then
		restore_old "$tmp/ro"
		chmod 555 "$tmp/ro"
		# shellcheck disable=SC2086
		expect_status 73 "directory without write permission" \
			$run_as "$OPTICURE" --batch --config="$cfg" --dir="$tmp/ro" --quiet </dev/null >/dev/null
		check_match "no write permission: says why" "$(cat "$tmp/stderr")" "Permission denied"
		chmod 755 "$tmp/ro"
		check_state "no write permission" "$tmp/ro" old
	else
		note "SKIP permission sub-case: running as root and cannot run the binary as nobody"
	fi
fi

enter_mount_ns
# --- a read-only file system: a read-only bind of a populated tmpfs (a
# plain remount,ro is refused in a user namespace) ---
if [ "$can_mount" = yes ]; then
	mkdir "$tmp/mnt" "$tmp/ro"
	mount -t tmpfs -o size=1m tmpfs "$tmp/mnt" || exit 99
	restore_old "$tmp/mnt/a"
	mount --bind "$tmp/mnt" "$tmp/ro" && mount -o remount,bind,ro "$tmp/ro" || exit 99
	expect_status 73 "read-only file system" batch "$tmp/ro/a" >/dev/null
	check_match "read-only file system: says why" "$(cat "$tmp/stderr")" "Read-only file system"
	check_state "read-only file system" "$tmp/ro/a" old
	expect_status 73 "read-only file system, --generate" \
		"$OPTICURE" --generate --config="$cfg" --dir="$tmp/ro/a" --quiet </dev/null
	check_state "read-only file system, --generate" "$tmp/ro/a" old
	umount "$tmp/ro"
	umount "$tmp/mnt"
else
	note "SKIP read-only sub-case: cannot mount a tmpfs here (no unshare or no privilege)"
fi

tu_done
