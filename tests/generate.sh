#!/bin/sh
# SPDX-License-Identifier: MIT
# generate.sh - `opticure --generate` writes the original generator's
# curing_data.csv byte for byte (issue 3 acceptance) and metadata whose
# data_sha256 is the CSV's; a second run leaves both files unchanged.
set -u
: "${OPTICURE:?}" "${TESTS_FIXTURES:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oc-generate.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
gen() { # ROWS SEED
	rm -f "$tmp/curing_data.csv" "$tmp/curing_data_metadata.json"
	"$OPTICURE" --generate --rows="$1" --seed="$2" -C "$tmp" -q
	st=$?
	if [ "$st" -ne 0 ]; then
		echo "FAIL: --generate --rows=$1 --seed=$2 exited $st"
		fail=1
		return 1
	fi
}
check_cmp() { # ROWS SEED FIXTURE
	gen "$1" "$2" || return
	if cmp "$tmp/curing_data.csv" "$TESTS_FIXTURES/$3"; then
		echo "ok: rows $1 seed $2 = $3"
	else
		echo "FAIL: rows $1 seed $2 differs from $3"
		fail=1
	fi
}
check_cmp 500 42 curing/data.csv
check_cmp 2001 7 generator/rows2001_seed7.csv
check_cmp 1 0 generator/rows1_seed0.csv

gen 100000 123 && {
	want=$(awk '$1 == 100000 && $2 == 123 { print $3 }' "$TESTS_FIXTURES/generator/sha256.txt")
	got=$(sha256sum "$tmp/curing_data.csv" | cut -d' ' -f1)
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		echo "ok: rows 100000 seed 123 sha256"
	else
		echo "FAIL: rows 100000 seed 123 sha256 $got, want $want"
		fail=1
	fi
	grep -q "\"data_sha256\": \"$got\"" "$tmp/curing_data_metadata.json" ||
		{ echo "FAIL: metadata data_sha256"; fail=1; }
}

# Unchanged settings rewrite identical files (no wall-clock time inside).
gen 500 42 && cp "$tmp/curing_data_metadata.json" "$tmp/meta.1" &&
	gen 500 42 && {
	cmp "$tmp/meta.1" "$tmp/curing_data_metadata.json" ||
		{ echo "FAIL: metadata changed between runs"; fail=1; }
}
exit $fail
