# pipeline_lib.sh - shared by the end-to-end tests of --batch and --predict
# (sourced, not run).  Needs $OPTICURE and $TESTS_FIXTURES from `make check`.

: "${OPTICURE:?run through make check}"
: "${TESTS_FIXTURES:?run through make check}"

# Skip (77) until the program has its run modes (a build without the
# command line cannot run these tests).
"$OPTICURE" --help 2>/dev/null | grep -q -- '--batch' || {
	echo "SKIP: $OPTICURE has no --batch mode" >&2
	exit 77
}

unset TERM
export LC_ALL=C
tmp=$(mktemp -d "${TMPDIR:-/tmp}/opticure-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
# An explicit, empty configuration: no user or system file can interfere.
cfg="$tmp/opticure.ini"
: > "$cfg"
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# Messages go to stderr: callers may redirect a checked command's stdout.
pass() {
	echo "ok: $*" >&2
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# expect_status WANT DESCRIPTION COMMAND...: runs the command, stderr into
# $tmp/stderr, and checks its exit status.
expect_status() {
	want=$1 desc=$2
	shift 2
	"$@" 2>"$tmp/stderr"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass "$desc (exit $got)"
	else
		fail "$desc: exit $got, expected $want; stderr: $(cat "$tmp/stderr")"
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
	[ -z "$(find "$1" -name '*.tmp.*' -print)" ]
}

# near_metrics FILE REFERENCE: every metric within 1e-12 of the reference
# (logistic regression within 1e-4: the optimiser stops differently).
near_metrics() {
	awk -F, 'NR == FNR { for (i = 2; i <= NF; i++) ref[FNR, i] = $i; name[FNR] = $1; n = FNR; next }
	         FNR == 1 { if ($0 != "Model,Accuracy,Precision,Recall,AUC") bad = 1; next }
	         { if ($1 != name[FNR]) bad = 1
	           tol = ($1 == "lr") ? 1e-4 : 1e-12
	           for (i = 2; i <= 5; i++) { d = $i - ref[FNR, i]; if (d < 0) d = -d
	             if (d > tol) { print "  " $1 " column " i ": " $i " vs " ref[FNR, i] > "/dev/stderr"; bad = 1 } }
	           rows++ }
	         END { exit (bad || rows != n - 1) }' "$2" "$1"
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	exit 0
}
