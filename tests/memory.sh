#!/bin/sh
# SPDX-License-Identifier: MIT
# memory.sh - memory bounded by design:
#   --predict of a 1,024-column file stays under 512 MiB peak RSS at -j 1
#   and at -j 1024 (at most 64 threads are used), with the same output;
#   measured by /usr/bin/time (skipped where it is missing or the build is
#   sanitized, whose shadow memory would be counted);
#   --batch and --generate refuse --rows they cannot hold (under ulimit -v)
#   before allocating, naming the setting;
#   a random forest whose model file would pass 100 MiB stops growing as
#   soon as that is known (exit 73, naming the setting), not after its
#   last tree.
. "$top_srcdir/tests/pipeline_lib.sh"

# 60 training rows and 6,000 rows to score, 1,023 features + the label.
awk 'BEGIN { srand(1); printf "quality_grade"; for (j = 1; j < 1024; j++) printf ",f%d", j
	print ""; for (i = 0; i < 60; i++) { printf (i % 2 ? "Premium" : "Standard")
	for (j = 1; j < 1024; j++) printf ",%d", int(rand() * 10); print "" } }' >"$tmp/train.csv"
awk 'BEGIN { srand(2); printf "quality_grade"; for (j = 1; j < 1024; j++) printf ",f%d", j
	print ""; for (i = 0; i < 6000; i++) { printf "Premium"
	for (j = 1; j < 1024; j++) printf ",%d", int(rand() * 10); print "" } }' >"$tmp/score.csv"
printf '[models]\nenabled = lr\n' >"$tmp/lr.ini"
expect_status 0 "train on 1,023 features" "$OPTICURE" --batch --config="$tmp/lr.ini" \
	--data="$tmp/train.csv" --dir="$tmp/m" --quiet </dev/null >/dev/null

rss_ok() {   # rss_ok FILE: the peak RSS /usr/bin/time wrote is at most 512 MiB
	kb=$(tail -n 1 "$1")
	echo "# peak RSS $kb KiB"
	[ "$kb" -le $((512 * 1024)) ]
}
if [ -x /usr/bin/time ] && [ "${OC_SANITIZED:-no}" != yes ]; then
	for j in 1 1024; do
		expect_status 0 "--predict of 1,024 columns, -j $j" /usr/bin/time -o "$tmp/rss$j" -f %M \
			"$OPTICURE" --predict="$tmp/score.csv" --config="$tmp/lr.ini" --dir="$tmp/m" \
			--jobs=$j </dev/null >"$tmp/out$j"
		check "--predict of 1,024 columns, -j $j: peak RSS at most 512 MiB" rss_ok "$tmp/rss$j"
	done
	check "-j 1 and -j 1024 score the same" cmp -s "$tmp/out1" "$tmp/out1024"
	check "every row scored" test "$(wc -l <"$tmp/out1")" -eq 6001
else
	echo "# SKIP RSS checks: /usr/bin/time missing or a sanitized build"
fi

# --- --rows beyond what the run may use: refused up front ---
if [ "${OC_SANITIZED:-no}" != yes ]; then
	for mode in batch generate; do
		( ulimit -v 1048576 2>/dev/null || exit 77
		  exec "$OPTICURE" --$mode --config="$tmp/lr.ini" --dir="$tmp/r$mode" --rows=20000000 \
			--jobs=1 --quiet </dev/null >/dev/null ) 2>"$tmp/stderr"
		st=$?
		if [ $st -eq 77 ]; then echo "# SKIP ulimit -v"; break; fi
		check "--$mode --rows=20000000 under ulimit -v 1 GiB: exit 78 ($st)" test $st -eq 78
		check_match "--$mode: names the setting and the sizes" "$(cat "$tmp/stderr")" \
			"\\[data\\] rows = 20000000 \\(--rows\\) needs about [0-9]+ MiB, more than the [0-9]+ MiB"
		check "--$mode: nothing written" test ! -e "$tmp/r$mode/curing_data.csv"
	done
fi

# --- a forest too large to write stops early ---
awk 'BEGIN { srand(3); print "a,b,c,quality_grade"
	for (i = 0; i < 4000; i++) printf "%.6f,%.6f,%.6f,%s\n", rand(), rand(), rand(),
		(rand() < 0.5 ? "Premium" : "Standard") }' >"$tmp/noisy.csv"
printf '[random_forest]\nn_estimators = 100000\n[models]\nenabled = rf\n' >"$tmp/huge.ini"
expect_status 73 "100,000 trees on 4,000 noisy rows" "$OPTICURE" --batch --config="$tmp/huge.ini" \
	--data="$tmp/noisy.csv" --dir="$tmp/h" --quiet </dev/null
check_match "too large a forest: names the setting" "$(cat "$tmp/stderr")" \
	"larger than 100 MiB after [0-9]+ of the 100000 trees \\(\\[random_forest\\] n_estimators\\)"
done_trees=$(sed -n 's/.* after \([0-9]*\) of .*/\1/p' "$tmp/stderr")
check "too large a forest: stopped early ($done_trees of 100000 trees)" \
	test "${done_trees:-100000}" -lt 10000
check "too large a forest: nothing written" test ! -e "$tmp/h/bat_curing_pipeline.model"

tu_done
