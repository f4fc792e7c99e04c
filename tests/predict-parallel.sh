#!/bin/sh
# SPDX-License-Identifier: MIT
# predict-parallel.sh - README's "Scoring at scale" commands: GNU parallel
# splitting a CSV into blocks (each with the header, --header :), one
# `opticure --predict=-` per block, blocks joined in order (--keep-order)
# with the header once, give the bytes of a single --predict run, with
# --pipe (a stream) and --pipe-part (a file); a bad row in one block makes
# the whole command fail.  Skipped (77) without GNU parallel.
. "$top_srcdir/tests/pipeline_lib.sh"

command -v parallel >/dev/null 2>&1 || { echo "# SKIP: GNU parallel not installed"; exit 77; }
[ -x /bin/bash ] || { echo "# SKIP: the commands run their jobs with bash"; exit 77; }
parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
	{ echo "# SKIP: parallel is not GNU parallel"; exit 77; }
export HOME="$tmp"      # parallel's ~/.parallel (citation notice, state)
export PATH="$(dirname "$OPTICURE"):$PATH"

expect_status 0 "batch" batch "$tmp/m" >/dev/null
expect_status 0 "generate 40,000 rows" "$OPTICURE" --generate --config="$cfg" --rows=40000 \
	--seed=5 --dir="$tmp/g" --quiet </dev/null
big="$tmp/g/curing_data.csv"
expect_status 0 "one --predict run" opticure --config="$cfg" --predict="$big" -C "$tmp/m" \
	</dev/null >"$tmp/one.csv"

# The job: score the block, keep the header of the first block only; its
# messages go to descriptor 3, which parallel's caller points at its own
# standard error (3>&2), past parallel's per-job buffering.
job='set -o pipefail; opticure --config='"$cfg"' --predict=- -C '"$tmp/m"' -j 1 2>&3 | tail -n +$(({#} > 1 ? 2 : 1))'

expect_status 0 "parallel --pipe, 256 KiB blocks, 2 jobs" sh -c \
	'PARALLEL_SHELL=/bin/bash parallel --will-cite --pipe --header : --keep-order --block 256k -j 2 \
		--halt now,fail=1 --joblog "$1" "$2" <"$3" >"$4" 3>&2' - "$tmp/pipe.log" "$job" "$big" \
	"$tmp/pipe.csv"
blocks=$(($(wc -l <"$tmp/pipe.log") - 1))
check "--pipe: several blocks ($blocks)" test "$blocks" -ge 4
check "--pipe: the single run's bytes" cmp -s "$tmp/one.csv" "$tmp/pipe.csv"

expect_status 0 "parallel --pipe-part, 3 jobs" sh -c \
	'PARALLEL_SHELL=/bin/bash parallel --will-cite --pipe-part -a "$1" --header : --keep-order \
		--block 200k -j 3 --halt now,fail=1 "$2" >"$3" 3>&2' - "$big" "$job" "$tmp/part.csv"
check "--pipe-part: the single run's bytes" cmp -s "$tmp/one.csv" "$tmp/part.csv"

# A bad value in row 30,000: the command fails, and says where, every
# time.  When parallel stops at the failed block it drops the buffered
# output of the blocks it stops, and with --keep-order the failed block's
# own messages wait behind them: without 2>&3 the message was lost in 3
# of 60 runs.  Twenty runs, so a lost message shows.
awk -F, -v OFS=, 'NR == 30001 { $1 = "warm" } { print }' "$big" >"$tmp/bad.csv"
fails=0 told=0
for run in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	if PARALLEL_SHELL=/bin/bash parallel --will-cite --pipe --header : --keep-order --block 256k \
		-j 2 --halt now,fail=1 "$job" <"$tmp/bad.csv" >/dev/null 2>"$tmp/bad.err" 3>&2; then
		:
	else
		fails=$((fails + 1))
	fi
	grep -Eq -- "-:[0-9]+:1: 'warm' in column 'barn_temperature' is not a number" "$tmp/bad.err" &&
		told=$((told + 1))
done
check "a bad row in one block: parallel fails ($fails of 20 runs)" test "$fails" -eq 20
check "the block's error names the value ($told of 20 runs)" test "$told" -eq 20

tu_done
