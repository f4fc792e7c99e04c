#!/bin/sh
# fault-dir.sh - an artifact directory that cannot be written fails the run
# with exit 73 and changes nothing.  Root ignores permission bits, so each
# way is tried where it applies:
#   a --dir below a regular file (ENOTDIR), always;
#   a directory without write permission, when not root, or as root by
#   running the binary as nobody (setpriv) when that user can reach it;
#   a read-only tmpfs, in a private mount namespace, when one can be made.
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
