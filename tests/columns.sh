#!/bin/sh
# SPDX-License-Identifier: MIT
# columns.sh - what users hand it, answered helpfully: --ignore and
# [data] ignore drop identifier, site and text columns (training and test
# files) and give the same models as a file without them; a pandas index
# column (unnamed, first) is explained and dropped as 'Unnamed: 0'; a
# column of words suggests --ignore; a missing label column names
# [data] label; a name to ignore that the data lack, or the label itself,
# is refused.
. "$top_srcdir/tests/pipeline_lib.sh"
data=$TESTS_FIXTURES/curing/data.csv

# The curing data as pandas' to_csv() writes it with its index, plus an
# identifier and a site column.
awk -F, -v OFS=, 'NR == 1 { print "", "id", $0, "site"; next }
	{ print NR - 2, sprintf("B-%04d", NR - 1), $0, (NR % 2 ? "Barn A" : "Barn B") }' \
	"$data" >"$tmp/extra.csv"

expect_status 0 "the plain data" batch "$tmp/plain" --data="$data" >/dev/null

expect_status 65 "an index column without a name" batch "$tmp/x" --data="$tmp/extra.csv" >/dev/null
check_match "... is explained, with the way to drop it" "$(cat "$tmp/stderr")" \
	"extra\\.csv:1:1: the first column has no name: it is the row index pandas' to_csv\\(\\) writes \\(unless index=False\\); drop it with --ignore='Unnamed: 0' or \\[data\\] ignore = Unnamed: 0$"

expect_status 65 "a column of identifiers" \
	batch "$tmp/x" --data="$tmp/extra.csv" --ignore='Unnamed: 0' >/dev/null
check_match "... suggests --ignore" "$(cat "$tmp/stderr")" \
	"extra\\.csv:2:2: 'B-0001' is not a number \\(column 'id'\\); every column but the label is a numeric feature: if 'id' is not one, drop it with --ignore=id or \\[data\\] ignore$"

# identifiers that look like numbers in the first rows
awk -F, -v OFS=, 'NR == 1 { print "batch", $0; next } { print (NR < 50 ? 1000 + NR : "A" NR), $0 }' \
	"$data" >"$tmp/late.csv"
expect_status 65 "a column of identifiers, words from row 50 on" \
	batch "$tmp/x" --data="$tmp/late.csv" >/dev/null
check_match "... suggests --ignore too" "$(cat "$tmp/stderr")" \
	"late\\.csv:50:1: 'A50' is not a number \\(column 'batch'\\); every column but the label is a numeric feature: if 'batch' is not one, drop it with --ignore=batch or \\[data\\] ignore$"

expect_status 0 "--ignore, given twice, drops the three columns" \
	batch "$tmp/ign" --data="$tmp/extra.csv" --ignore='Unnamed: 0' --ignore='id, site' >/dev/null
check "... the same metrics as without them" \
	cmp -s "$tmp/plain/model_metrics.csv" "$tmp/ign/model_metrics.csv"
check "... the same features in the model" sh -c \
	"[ \"\$(grep '^feature ' '$tmp/plain/bat_curing_pipeline.model')\" = \"\$(grep '^feature ' '$tmp/ign/bat_curing_pipeline.model')\" ]"

printf '[data]\nignore = site,Unnamed: 0 , id\n' >"$cfg"
expect_status 0 "[data] ignore does the same" batch "$tmp/ini" --data="$tmp/extra.csv" >/dev/null
check "... the same metrics" cmp -s "$tmp/plain/model_metrics.csv" "$tmp/ini/model_metrics.csv"
expect_status 0 "... also in a --test-data file, which may lack a listed column" \
	batch "$tmp/tst" --data="$tmp/extra.csv" --test-data="$data" >/dev/null
expect_status 0 "--print-config shows the list" "$OPTICURE" --print-config --config="$cfg" \
	--ignore=a --ignore=b >"$tmp/pc.ini"
check "... --ignore replaces [data] ignore" grep -qx 'ignore = a, b' "$tmp/pc.ini"
: >"$cfg"

expect_status 65 "a column to ignore that the data lack" \
	batch "$tmp/x" --data="$data" --ignore=sit >/dev/null
check_match "... is named, with the header" "$(cat "$tmp/stderr")" \
	"data\\.csv:1:1: no column 'sit' to ignore \\(--ignore or \\[data\\] ignore\\); the header has 'barn_temperature', "
expect_status 78 "ignoring the label column" batch "$tmp/x" --data="$data" --ignore=quality_grade
check_match "... is a configuration error" "$(cat "$tmp/stderr")" \
	"\\[data\\] ignore \\(or --ignore\\) lists the label column 'quality_grade' \\(\\[data\\] label\\)$"
expect_status 64 "--ignore with --predict" "$OPTICURE" --predict="$data" --ignore=id

printf '[data]\nlabel = grade\n' >"$cfg"
expect_status 65 "a missing label column" batch "$tmp/x" --data="$data" >/dev/null
check_match "... names [data] label and the columns there are" "$(cat "$tmp/stderr")" \
	"data\\.csv:1:1: no label column 'grade' in the header; \\[data\\] label names the class column \\(the header has 'barn_temperature', 'barn_humidity', 'leaf_moisture', 'airflow_rate', 'curing_time_hours', 'quality_grade'\\)$"
tu_done
