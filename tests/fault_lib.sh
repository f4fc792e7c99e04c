# SPDX-License-Identifier: MIT
# fault_lib.sh - shared by the fault-injection tests (sourced, not run), on
# top of pipeline_lib.sh.  A fault test makes a "previous" artifact set with
# a small configuration, injects a fault into a default run over it, and
# checks the set is still exactly the previous one (or, where the fault
# lands after the point of no return, exactly the new one), with no
# temporary files left.

. "$top_srcdir/tests/pipeline_lib.sh"
# Results of checks made before enter_mount_ns re-executed the script.
tu_count=${OC_PRE_COUNT:-0}
tu_failed=${OC_PRE_FAILED:-0}

ARTIFACTS="curing_data.csv curing_data_metadata.json model_metrics.csv bat_curing_pipeline.model"
# The previous run: other data and tiny models, so every file differs.
small="$tmp/small.ini"
printf '[data]\nrows = 60\n[random_forest]\nn_estimators = 2\n[gradient_boosting]\nn_estimators = 2\n' >"$small"

# make_sets: $tmp/old (previous set) and $tmp/new (what a default run
# writes), for set_state.
make_sets() {
	"$OPTICURE" --batch --config="$small" --dir="$tmp/old" --quiet </dev/null >/dev/null &&
	batch "$tmp/new" >/dev/null || { echo "Bail out! cannot make the reference sets"; exit 99; }
}

# restore_old DIR: DIR holds exactly the previous set.
restore_old() {
	mkdir -p "$1" && rm -f "$1"/* && cp "$tmp/old"/* "$1"/
}

# set_state DIR: prints old, new, or mixed (anything else).
set_state() {
	st=""
	for f in $ARTIFACTS; do
		if cmp -s "$1/$f" "$tmp/old/$f"; then st="${st}o"
		elif cmp -s "$1/$f" "$tmp/new/$f"; then st="${st}n"
		else st="${st}x"; fi
	done
	case $st in
	oooo) echo old ;;
	nnnn) echo new ;;
	*) echo "mixed($st)" ;;
	esac
}

# check_state NAME DIR WANT: the set in DIR is WANT (old or new) and no
# temporaries are left.
check_state() {
	got=$(set_state "$2")
	check "$1: artifacts are the $3 set (found: $got)" test "$got" = "$3"
	check "$1: no temporaries left" no_temporaries "$2"
}

# note TEXT: a comment line in the log (a skipped sub-case, for instance).
note() {
	echo "# $*"
}

# Runs the calling script again in a private mount namespace where a tmpfs
# can be mounted (root: unshare -m; otherwise a user namespace, unshare -rm)
# and sets can_mount=yes there; carries on without when that is impossible.
# Checks made before the call (outside, e.g. as a non-root user) are
# counted in the final result; code before it must test "$OC_MOUNT_NS".
enter_mount_ns() {
	can_mount=no
	if [ "${OC_MOUNT_NS:-}" = 1 ]; then
		mkdir "$tmp/probe" && mount -t tmpfs -o size=64k tmpfs "$tmp/probe" 2>/dev/null &&
			umount "$tmp/probe" && can_mount=yes
		rmdir "$tmp/probe" 2>/dev/null
		return 0
	fi
	command -v unshare >/dev/null 2>&1 || return 0
	if [ "$(id -u)" -eq 0 ]; then set -- -m; else set -- -r -m; fi
	unshare "$@" true 2>/dev/null || return 0
	rm -rf "$tmp"
	trap - EXIT
	export OC_PRE_COUNT=$tu_count OC_PRE_FAILED=$tu_failed OC_MOUNT_NS=1
	exec unshare "$@" /bin/sh "$0"
}
