#!/bin/sh
# SPDX-License-Identifier: MIT
# fidelity.sh - classes as pandas and numpy give them, end to end: integer
# labels 2 and 10 are classes [2, 10] in the model file, the metrics and the
# p_ columns of --predict; --test-data labels are compared by value ("2.0"
# is class 2 of an int64 column); bool labels are False and True.
. "$top_srcdir/tests/pipeline_lib.sh"
fx=$TESTS_FIXTURES/realdata
printf '[data]\nlabel = diagnosis\n' >"$cfg"

expect_status 0 "breast cancer with labels 2 and 10" batch "$tmp/c" --data="$fx/cancer/data.csv" -j 2 >/dev/null
m=$tmp/c/bat_curing_pipeline.model
check "model file: classes 2 before 10" grep -qx 'classes "2" "10"' "$m"
check "model file: class type int64, format 1.2" \
	sh -c "grep -qx 'class_type int64' '$m' && head -n 1 '$m' | grep -qx 'opticure-model 1.2'"

expect_status 0 "--format=json" batch "$tmp/cj" --data="$fx/cancer/data.csv" -f json >"$tmp/c.json"
check "JSON report: classes and their type" sh -c \
	"grep -qx '  \"classes\": \\[\"2\", \"10\"\\],' '$tmp/c.json' && grep -qx '  \"class_type\": \"int64\",' '$tmp/c.json'"

# --predict: p_ columns in class order, predictions named as pandas prints them
head -n 6 "$fx/cancer/data.csv" >"$tmp/five.csv"
expect_status 0 "--predict with the cancer model" \
	"$OPTICURE" --predict="$tmp/five.csv" --config="$cfg" --dir="$tmp/c" >"$tmp/pred.csv"
check_match "--predict header: p_2 then p_10" "$(head -n 1 "$tmp/pred.csv")" \
	',diagnosis,prediction,confidence,p_2,p_10$'
check "--predict: every prediction is 2 or 10" \
	sh -c "tail -n +2 '$tmp/pred.csv' | awk -F, '{ print \$(NF-3) }' | grep -qvx -e 2 -e 10 && exit 1 || exit 0"

# --test-data: labels compared by value; 2.0 and 1e1 are the classes 2 and 10
awk -F, -v OFS=, 'NR == 1 || NR % 5 == 0' "$fx/cancer/data.csv" >"$tmp/test-int.csv"
awk -F, -v OFS=, 'NR > 1 { $NF = ($NF == 2) ? "2.0" : "1e1" } { print }' "$tmp/test-int.csv" \
	>"$tmp/test-float.csv"
expect_status 0 "--test-data with integer labels" \
	batch "$tmp/ti" --data="$fx/cancer/data.csv" --test-data="$tmp/test-int.csv" >/dev/null
expect_status 0 "--test-data with the same labels as 2.0 and 1e1" \
	batch "$tmp/tf" --data="$fx/cancer/data.csv" --test-data="$tmp/test-float.csv" >/dev/null
check "the same metrics whatever the labels' spelling" \
	cmp -s "$tmp/ti/model_metrics.csv" "$tmp/tf/model_metrics.csv"
awk -F, -v OFS=, 'NR == 3 { $NF = "3" } { print }' "$tmp/test-int.csv" >"$tmp/test-3.csv"
expect_status 65 "--test-data with a label of neither class" \
	batch "$tmp/t3" --data="$fx/cancer/data.csv" --test-data="$tmp/test-3.csv" >/dev/null
check_match "... named at its line and column, with the classes" "$(cat "$tmp/stderr")" \
	"test-3\\.csv:3:31: label '3' in column 'diagnosis' is not a class of the training data \\('2' or '10'\\)$"

# bool labels
printf '[data]\nlabel = passed\n[models]\nenabled = rf\n' >"$cfg"
expect_status 0 "True/False labels" batch "$tmp/b" --data="$fx/scales/data.csv" >/dev/null
head -n 3 "$fx/scales/data.csv" >"$tmp/two.csv"
expect_status 0 "--predict with the bool model" \
	"$OPTICURE" --predict="$tmp/two.csv" --config="$cfg" --dir="$tmp/b" >"$tmp/predb.csv"
check_match "--predict header: p_False then p_True" "$(head -n 1 "$tmp/predb.csv")" \
	',passed,prediction,confidence,p_False,p_True$'
tu_done
