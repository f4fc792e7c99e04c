#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz-replay.sh - every seed and every input a fuzzer once found wrong
# (tests/fuzz-regress/KIND/) goes through its harness again, in this build:
# a crash, a sanitizer report or a broken invariant (the harness aborts)
# fails the test.
. "$top_srcdir/tests/lib.sh"
for kind in ini csv model; do
	out=$("$top_builddir/tests/replay_$kind" "$top_srcdir/fuzz/seeds/$kind" \
		"$top_srcdir/tests/fuzz-regress/$kind" 2>&1)
	status=$?
	check "replay $kind: $(printf '%s' "$out" | tail -n 1)" test "$status" -eq 0
	[ "$status" -eq 0 ] || printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
done
tu_done
