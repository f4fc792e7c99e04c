#!/bin/sh
# SPDX-License-Identifier: MIT
# predict.sh - `opticure --predict` end to end: every row scored, the test
# rows with scikit-learn's probabilities and the batch run's accuracy,
# columns found by name, clear errors for missing columns, bad values, a
# missing or corrupted model file.
. "$top_srcdir/tests/pipeline_lib.sh"
fx=$TESTS_FIXTURES/curing

expect_status 0 "batch" batch "$tmp/a" >/dev/null
data="$tmp/a/curing_data.csv"
predict() {
	"$OPTICURE" --config="$cfg" --dir="$tmp/a" --predict="$@" </dev/null
}

expect_status 0 "predict the training data" predict "$data" >"$tmp/best.csv"
check "500 rows and a header" test "$(wc -l <"$tmp/best.csv")" -eq 501
check "header: input columns, prediction, confidence, class probabilities" test \
	"$(head -n 1 "$tmp/best.csv")" = \
	"barn_temperature,barn_humidity,leaf_moisture,airflow_rate,curing_time_hours,quality_grade,prediction,confidence,p_Premium,p_Standard"
check "input columns passed through" sh -c 'cut -d, -f1-6 "$1" | cmp -s - "$2"' - "$tmp/best.csv" "$data"

# test_rows MODEL OUT: columns prediction..p_Standard of the test rows, in
# split order.
test_rows() {
	awk -F, 'NR == FNR { want[FNR] = $1 + 2; n = FNR; next } { line[FNR] = $0 }
	         END { for (i = 1; i <= n; i++) print line[want[i]] }' "$fx/split_test.txt" "$1"
}

for m in lr rf gb svm; do
	expect_status 0 "--model $m" predict "$data" --model="$m" >"$tmp/$m.csv"
	test_rows "$tmp/$m.csv" >"$tmp/$m.test"
	tol=1e-12
	[ "$m" = lr ] && tol=1e-4
	# probabilities of both classes against scikit-learn's predict_proba
	check "$m: test-row probabilities match scikit-learn (tol $tol)" awk -F, -v tol="$tol" '
		NR == FNR { if (FNR > 1) { p0[FNR - 1] = $1; p1[FNR - 1] = $2 } next }
		{ d0 = $9 - p0[FNR]; d1 = $10 - p1[FNR]; if (d0 < 0) d0 = -d0; if (d1 < 0) d1 = -d1
		  if (d0 > tol || d1 > tol) bad = 1
		  c = ($9 > $10) ? $9 : $10; if (c != $8) bad = 1
		  n++ }
		END { exit bad || n != 100 }' "$fx/proba_$m.csv" "$tmp/$m.test"
	# the accuracy of the scored test rows is the batch run's
	acc=$(awk -F, '{ ok += ($6 == $7); n++ } END { printf "%.17g", ok / n }' "$tmp/$m.test")
	ref=$(awk -F, -v m="$m" '$1 == m { print $2 }' "$tmp/a/model_metrics.csv")
	check "$m: accuracy of the scored test rows is the batch run's ($acc)" \
		awk -v a="$acc" -v b="$ref" 'BEGIN { exit !(a == b) }'
done
check "--model best is rf here" cmp -s "$tmp/best.csv" "$tmp/rf.csv"

# Columns in another order, an extra column, no label.
awk -F, -v OFS=, '{ print $5, "x" NR, $3, $1, $4, $2 }' "$data" | sed '1s/^\([^,]*\),x1,/\1,note,/' >"$tmp/shuffled.csv"
expect_status 0 "columns by name in any order" predict "$tmp/shuffled.csv" --model=svm >"$tmp/shuffled.out"
cut -d, -f7- "$tmp/svm.csv" >"$tmp/svm.scores"
cut -d, -f7- "$tmp/shuffled.out" >"$tmp/shuffled.scores"
check "same scores whatever the column order" cmp -s "$tmp/svm.scores" "$tmp/shuffled.scores"

# Errors.
cut -d, -f1,2,4- "$data" >"$tmp/noleaf.csv"
expect_status 65 "missing feature column" predict "$tmp/noleaf.csv"
check "the missing column is named" grep -q "leaf_moisture" "$tmp/stderr"
sed '3s/^\([^,]*\),[^,]*,/\1,abc,/' "$data" >"$tmp/bad.csv"
expect_status 65 "bad value" predict "$tmp/bad.csv" >/dev/null
check "bad value located as FILE:LINE:COLUMN" grep -q "bad.csv:3:2:" "$tmp/stderr"
# Blank lines: at the end of the file they are no rows (pandas reads such
# files); before more data they are an error, located as --data locates it.
{ cat "$data"; printf '\n\n'; } >"$tmp/trailing.csv"
expect_status 0 "trailing blank lines are accepted" predict "$tmp/trailing.csv" >"$tmp/trailing.out"
check "trailing blank lines: 500 rows scored" test "$(wc -l <"$tmp/trailing.out")" -eq 501
{ head -n 3 "$data"; echo; sed -n '4,5p' "$data"; } >"$tmp/gap.csv"
expect_status 65 "a blank line before more data" predict "$tmp/gap.csv" >/dev/null
check_match "blank line: FILE:LINE:COLUMN as for --data" "$(cat "$tmp/stderr")" \
	'gap\.csv:4:1: blank line \(expected 6 fields\)$'
expect_status 65 "--data: the same blank line" batch "$tmp/g" --data="$tmp/gap.csv"
check_match "--data: the same message" "$(cat "$tmp/stderr")" \
	'gap\.csv:4:1: blank line \(expected 6 fields\)$'
{ head -n 2 "$data"; echo "1,2,3,4,5"; } >"$tmp/short.csv"
expect_status 65 "a short record" predict "$tmp/short.csv" >/dev/null
check_match "short record: FILE:LINE:COLUMN and the counts" "$(cat "$tmp/stderr")" \
	'short\.csv:3:6: too few fields: 5, expected 6$'
# Values beyond float32 (scikit-learn refuses them for its trees).
sed '3s/^[^,]*,/&-1.7e308/; 3s/,-1.7e308[^,]*,/,-1.7e308,/' "$data" >"$tmp/huge.csv"
expect_status 65 "a value beyond float32" predict "$tmp/huge.csv" >/dev/null
check_match "value too large: FILE:LINE:COLUMN" "$(cat "$tmp/stderr")" \
	"huge\.csv:3:2: value too large \(\|x\| > 3\.4028235e38\): '-1\.7e308' in column 'barn_humidity'"
# An input column named like an output column would make a duplicate header.
for name in prediction confidence p_Standard; do
	awk -F, -v OFS=, -v n="$name" '{ print $1, (NR == 1 ? n : "x"), $2, $3, $4, $5, $6 }' \
		"$data" >"$tmp/clash.csv"
	expect_status 65 "input column '$name'" predict "$tmp/clash.csv" >"$tmp/clash.out"
	check_match "input column '$name': FILE:1:COLUMN" "$(cat "$tmp/stderr")" \
		"clash\.csv:1:2: input column '$name' clashes with an output column"
	check "input column '$name': nothing on stdout" test ! -s "$tmp/clash.out"
done
expect_status 66 "missing input file" predict "$tmp/none.csv"
expect_status 66 "no model file" "$OPTICURE" --config="$cfg" --dir="$tmp/empty" --predict="$data"
check "the message tells how to train" grep -q -- "--batch" "$tmp/stderr"
if [ -w /dev/full ]; then
	expect_status 74 "stdout write error (/dev/full)" predict "$data" >/dev/full
fi

# One corrupted byte in the model file: exit 65 with a line number.
mkdir "$tmp/c"
cp "$tmp/a/bat_curing_pipeline.model" "$tmp/c/"
size=$(wc -c <"$tmp/c/bat_curing_pipeline.model")
for off in 40 $((size / 2)) $((size - 30)); do
	cp "$tmp/a/bat_curing_pipeline.model" "$tmp/c/bat_curing_pipeline.model"
	printf '#' | dd of="$tmp/c/bat_curing_pipeline.model" bs=1 seek="$off" conv=notrunc 2>/dev/null
	expect_status 65 "model corrupted at byte $off" "$OPTICURE" --config="$cfg" --dir="$tmp/c" --predict="$data"
	check "corruption at byte $off reported with a line number" grep -Eq 'bat_curing_pipeline.model:[0-9]+:' "$tmp/stderr"
done
head -c $((size / 3)) "$tmp/a/bat_curing_pipeline.model" >"$tmp/c/bat_curing_pipeline.model"
expect_status 65 "truncated model file" "$OPTICURE" --config="$cfg" --dir="$tmp/c" --predict="$data"

# Line ends converted to CR LF (a text-mode transfer) are named as such.
sed 's/$/\r/' "$tmp/a/bat_curing_pipeline.model" >"$tmp/c/bat_curing_pipeline.model"
expect_status 65 "model file with CR LF line ends" "$OPTICURE" --config="$cfg" --dir="$tmp/c" --predict="$data"
check_match "CR LF named, with the file and line" "$(cat "$tmp/stderr")" \
	'c/bat_curing_pipeline\.model:1: lines end in CR LF \(converted by a text-mode transfer\?\); the model file must keep LF line ends$'

# Column names that need quoting come back quoted the same way.
w=$TESTS_FIXTURES/wide
printf '[data]\nlabel = grade\n' >"$cfg"
expect_status 0 "batch on the wide fixture" batch "$tmp/w" --data="$w/data.csv" >/dev/null
"$OPTICURE" --config="$cfg" --dir="$tmp/w" --predict="$w/data.csv" </dev/null >"$tmp/wide.out"
check "quoted column names re-quoted" test "$(head -n 1 "$tmp/wide.out")" = \
	"$(head -n 1 "$w/data.csv"),prediction,confidence,p_accept,p_reject"
check "wide: every row scored" test "$(wc -l <"$tmp/wide.out")" -eq "$(wc -l <"$w/data.csv")"

tu_done
