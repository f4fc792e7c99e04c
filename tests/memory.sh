#!/bin/sh
# SPDX-License-Identifier: MIT
# memory.sh - memory bounded by design:
#   --predict of a 1,024-column file stays under 512 MiB peak RSS at -j 1
#   and at -j 1024 (at most 64 threads are used), with the same output;
#   measured by /usr/bin/time (skipped where it is missing or the build is
#   sanitized, whose shadow memory would be counted);
#   --batch refuses --rows it cannot hold (under ulimit -v) before
#   allocating, naming the setting;
#   --generate streams: its peak RSS at 2,000,000 rows is that of 10,000
#   rows (within 2 MiB), and the 2,000,000 rows are the original
#   generator's byte for byte (SHA-256 from tests/fixtures/regen.py);
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

# --- --batch: --rows beyond what the run may use, refused up front ---
if [ "${OC_SANITIZED:-no}" != yes ]; then
	( ulimit -v 1048576 2>/dev/null || exit 77
	  exec "$OPTICURE" --batch --config="$tmp/lr.ini" --dir="$tmp/rbatch" --rows=20000000 \
		--jobs=1 --quiet </dev/null >/dev/null ) 2>"$tmp/stderr"
	st=$?
	if [ $st -eq 77 ]; then
		echo "# SKIP ulimit -v"
	else
		check "--batch --rows=20000000 under ulimit -v 1 GiB: exit 78 ($st)" test $st -eq 78
		check_match "--batch: names the setting and the sizes" "$(cat "$tmp/stderr")" \
			"\\[data\\] rows = 20000000 \\(--rows\\) needs about [0-9]+ MiB, more than the [0-9]+ MiB"
		check "--batch: nothing written" test ! -e "$tmp/rbatch/curing_data.csv"
	fi
fi

# --- --generate: constant memory, whatever --rows ---
if [ -x /usr/bin/time ] && [ "${OC_SANITIZED:-no}" != yes ]; then
	for n in 10000 2000000; do
		expect_status 0 "--generate --rows=$n" /usr/bin/time -o "$tmp/grss$n" -f %M \
			"$OPTICURE" --generate --rows=$n --seed=11 --dir="$tmp/g$n" --quiet </dev/null
	done
	small=$(tail -n 1 "$tmp/grss10000")
	large=$(tail -n 1 "$tmp/grss2000000")
	echo "# --generate peak RSS: $small KiB at 10,000 rows, $large KiB at 2,000,000"
	check "--generate: peak RSS at 2,000,000 rows ($large KiB) within 2 MiB of 10,000 rows'" \
		test "$large" -le $((small + 2048))
	want=$(awk '$1 == 2000000 && $2 == 11 { print $3 }' "$TESTS_FIXTURES/generator/sha256.txt")
	got=$(sha256sum "$tmp/g2000000/curing_data.csv" | cut -d' ' -f1)
	check "--generate --rows=2000000 --seed=11: the original generator's file" \
		test -n "$want" -a "$got" = "$want"
	check_match "--generate: metadata of 2,000,000 rows with the CSV's hash" \
		"$(tr -d '\n' <"$tmp/g2000000/curing_data_metadata.json")" \
		"\"total_records\": 2000000,.*\"data_sha256\": \"$want\""
	rm -rf "$tmp/g2000000"
else
	echo "# SKIP --generate RSS check: /usr/bin/time missing or a sanitized build"
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
