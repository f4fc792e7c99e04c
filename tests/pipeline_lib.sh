# SPDX-License-Identifier: MIT
# pipeline_lib.sh - shared by the end-to-end tests of --batch and --predict
# (sourced, not run), on top of lib.sh.  Needs $OPTICURE and $TESTS_FIXTURES
# from `make check`.

: "${OPTICURE:?run through make check}"
: "${TESTS_FIXTURES:?run through make check}"

. "$top_srcdir/tests/lib.sh"

unset TERM
export LC_ALL=C
tu_tmp
tmp=$TU_TMP
# An explicit, empty configuration: no user or system file can interfere.
cfg="$tmp/opticure.ini"
: > "$cfg"

# expect_status WANT DESCRIPTION COMMAND...: runs the command (stderr into
# $tmp/stderr) and checks its exit status.  The result line goes to stderr
# because callers redirect the command's stdout.
expect_status() {
	want=$1 desc=$2
	shift 2
	"$@" 2>"$tmp/stderr"
	got=$?
	tu_count=$((tu_count + 1))
	if [ "$got" -eq "$want" ]; then
		echo "ok $tu_count - $desc (exit $got)" >&2
	else
		echo "not ok $tu_count - $desc: exit $got, expected $want; stderr:" >&2
		sed 's/^/#   /' "$tmp/stderr" >&2
		tu_failed=$((tu_failed + 1))
	fi
}

# batch DIR [OPTIONS...]: a quiet batch run into DIR, stdin from /dev/null.
batch() {
	d=$1
	shift
	"$OPTICURE" --batch --config="$cfg" --dir="$d" --quiet "$@" </dev/null
}

# same_files DIR1 DIR2: the four artifacts are byte-identical.
same_files() {
	for f in curing_data.csv curing_data_metadata.json model_metrics.csv \
	         bat_curing_pipeline.model; do
		cmp -s "$1/$f" "$2/$f" || { echo "  $f differs" >&2; return 1; }
	done
}

# no_temporaries DIR: no leftover temporary artifacts.
no_temporaries() {
	[ -z "$(find "$1" \( -name '*.tmp.*' -o -name '.opticure-*' \) -print)" ]
}

# near_metrics FILE REFERENCE: every metric within 1e-12 of the reference.
near_metrics() {
	awk -F, 'NR == FNR { for (i = 2; i <= NF; i++) ref[FNR, i] = $i; name[FNR] = $1; n = FNR; next }
	         FNR == 1 { if ($0 != "Model,Accuracy,Precision,Recall,AUC") bad = 1; next }
	         { if ($1 != name[FNR]) bad = 1
	           tol = 1e-12
	           for (i = 2; i <= 5; i++) { d = $i - ref[FNR, i]; if (d < 0) d = -d
	             if (d > tol) { print "  " $1 " column " i ": " $i " vs " ref[FNR, i] > "/dev/stderr"; bad = 1 } }
	           rows++ }
	         END { exit (bad || rows != n - 1) }' "$2" "$1"
}

# signal_at_progress SIG PATTERN CONFIG DIR [OPTIONS...]: runs a batch with
# CONFIG into DIR, its stderr through the FIFO $tmp/progress (made by the
# caller), and sends SIG as soon as a progress line contains PATTERN: timed
# by the run itself, never by sleeping.  Sets seen (yes/no) and status; the
# rest of stderr goes to $tmp/rest.  $guard, when set, is a command the
# batch runs under (e.g. "timeout --foreground 600", which passes the
# signal on once; without --foreground it is sent twice).
signal_at_progress() {
	sig=$1 pat=$2 conf=$3 dir=$4
	shift 4
	$guard "$OPTICURE" --batch --config="$conf" --dir="$dir" "$@" \
		</dev/null >/dev/null 2>"$tmp/progress" &
	pid=$!
	seen=no
	exec 3<"$tmp/progress"
	while IFS= read -r line <&3; do
		case $line in
		*"$pat"*) seen=yes; kill -s "$sig" "$pid"; break ;;
		esac
	done
	cat <&3 >"$tmp/rest"
	exec 3<&-
	wait "$pid"
	status=$?
}
