#!/bin/sh
# memory.sh - memory bounded by design: --predict of a 1,024-column file
# stays under 512 MiB peak RSS at -j 1 and at -j 1024 (at most 64 threads
# are used), with the same output; measured by /usr/bin/time (skipped
# where it is missing or the build is sanitized, whose shadow memory
# would be counted).
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

tu_done
