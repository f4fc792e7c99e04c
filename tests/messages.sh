#!/bin/sh
# SPDX-License-Identifier: MIT
# messages.sh - input the pipeline cannot use is refused with a message that
# says what is wrong, where (FILE:LINE:COLUMN, or the data source) and what
# to do about it; input it can use is not refused:
#   a test set of one class (a split too small, a --test-data file);
#   --test-data with an unknown class, a missing column, blank lines, a value
#   beyond float32; a split of too few rows; a directory as --config;
#   relative paths from the configuration file (resolved against the
#   current directory, and named with where they came from); singular and
#   plural.
. "$top_srcdir/tests/pipeline_lib.sh"
fx=$TESTS_FIXTURES/curing
data=$fx/data.csv

# refused WANT NAME ERE COMMAND...: exit WANT and a stderr line matching ERE.
refused() {
	want=$1 what=$2 pat=$3
	shift 3
	expect_status "$want" "$what" "$@" >/dev/null
	check_match "$what: message" "$(cat "$tmp/stderr")" "$pat"
}

# --- A test set of one class: ROC AUC is undefined, a clear error ---
refused 65 "--rows=100: the test split holds only Premium rows" \
	"^opticure: synthetic data \\(100 rows, seed 42\\): all 20 test rows are of class 'Premium' after the split \\(test ratio 0\\.2\\), so ROC AUC is undefined; use more rows \\(--rows\\), a larger \\[split\\] test_ratio, or --test-data with rows of both grades$" \
	batch "$tmp/r100" --rows=100
check "--rows=100: nothing written" test ! -e "$tmp/r100/bat_curing_pipeline.model"
{ head -n 1 "$data"; grep ',Standard$' "$data" | head -n 5; } >"$tmp/std.csv"
refused 65 "--test-data of one class" \
	"^opticure: .*std\\.csv: all 5 test rows are of class 'Standard', so ROC AUC is undefined; the --test-data file needs rows of both grades \\('Premium' and 'Standard'\\)$" \
	batch "$tmp/t" --test-data="$tmp/std.csv"
{ head -n 1 "$data"; grep ',Standard$' "$data" | head -n 1; } >"$tmp/std1.csv"
refused 65 "--test-data of one row" "std1\\.csv: the only test row is of class 'Standard'" \
	batch "$tmp/t" --test-data="$tmp/std1.csv"

# --- --test-data: each problem located ---
sed '4s/,Premium$/,Prime/' "$data" >"$tmp/other.csv"
refused 65 "--test-data with an unknown class" \
	"other\\.csv:4:6: label 'Prime' in column 'quality_grade' is not a class of the training data \\('Premium' or 'Standard'\\)$" \
	batch "$tmp/t" --test-data="$tmp/other.csv"
cut -d, -f1,2,4- "$data" >"$tmp/noleaf.csv"
refused 65 "--test-data without a column" "noleaf\\.csv:1: missing column 'leaf_moisture'" \
	batch "$tmp/t" --test-data="$tmp/noleaf.csv"
mkdir -p "$tmp/m" && cp "$tmp/other.csv" "$tmp/m/x.csv"
expect_status 0 "a model for --predict" batch "$tmp/m" >/dev/null
refused 65 "--predict without a column: the same form" "noleaf\\.csv:1: missing column 'leaf_moisture'" \
	"$OPTICURE" --config="$cfg" --dir="$tmp/m" --predict="$tmp/noleaf.csv"
{ cat "$data"; printf '\n\n'; } >"$tmp/trailing.csv"
expect_status 0 "--data and --test-data ending in blank lines" \
	batch "$tmp/tb" --data="$tmp/trailing.csv" --test-data="$tmp/trailing.csv" >/dev/null
check_match "trailing blank lines are no rows" "$(batch "$tmp/tb" --data="$tmp/trailing.csv" --format=json)" \
	'"rows": 500,'
{ head -n 3 "$data"; echo; sed -n '4,$p' "$data"; } >"$tmp/gap.csv"
refused 65 "--test-data with a blank line before more rows" "gap\\.csv:4:1: blank line \\(expected 6 fields\\)$" \
	batch "$tmp/t" --test-data="$tmp/gap.csv"
sed '5s/,[^,]*,Premium$/,3.5e38,Premium/' "$data" >"$tmp/huge.csv"
refused 65 "--test-data with a value beyond float32" \
	"huge\\.csv:5:5: value too large \\(\\|x\\| > 3\\.4028235e38\\): '3\\.5e38' in column 'curing_time_hours'$" \
	batch "$tmp/t" --test-data="$tmp/huge.csv"
refused 65 "--data with a value beyond float32" "huge\\.csv:5:5: value too large" \
	batch "$tmp/t" --data="$tmp/huge.csv"

# --- Split errors name the data source ---
{ head -n 1 "$data"; grep ',Premium$' "$data" | head -n 4; grep ',Standard$' "$data" | head -n 1; } \
	>"$tmp/few.csv"
refused 65 "a split with one row of a class" \
	"^opticure: .*few\\.csv: class 'Standard' has 1 row: a stratified split needs at least 2$" \
	batch "$tmp/t" --data="$tmp/few.csv"
refused 65 "a synthetic split of 3 rows" "^opticure: synthetic data \\(3 rows, seed 42\\): class " \
	batch "$tmp/t" --rows=3

# --- --config naming a directory ---
refused 78 "--config=DIR" "^opticure: $tmp: Is a directory$" \
	"$OPTICURE" --batch --config="$tmp" --dir="$tmp/t"

# --- Relative paths from the configuration file: resolved against the
# current directory, and a file that cannot be opened says where its path
# came from ---
mkdir -p "$tmp/etc" "$tmp/run" && cp "$data" "$tmp/run/rel.csv"
printf '[data]\nsource = rel.csv\n' >"$tmp/etc/src.ini"
refused 66 "[data] source not found" \
	"^opticure: rel\.csv \(from \[data\] source in $tmp/etc/src\.ini\): No such file or directory$" \
	"$OPTICURE" --batch --quiet --config="$tmp/etc/src.ini" --dir="$tmp/t"
expect_status 0 "[data] source relative to the current directory" sh -c \
	'cd "$1" && exec "$2" --batch --quiet --config="$3" --dir=out </dev/null' \
	- "$tmp/run" "$OPTICURE" "$tmp/etc/src.ini" >/dev/null
check "... artifacts written under the current directory" test -s "$tmp/run/out/model_metrics.csv"
refused 66 "-d replaces the key: no origin named" "^opticure: none\.csv: cannot open: " \
	"$OPTICURE" --batch --quiet --config="$tmp/etc/src.ini" --dir="$tmp/t" --data=none.csv
printf '[data]\ntest_data = rel-test.csv\n' >"$tmp/etc/test.ini"
refused 66 "[data] test_data not found" \
	"^opticure: rel-test\.csv \(from \[data\] test_data in $tmp/etc/test\.ini\): No such file or directory$" \
	"$OPTICURE" --batch --quiet --config="$tmp/etc/test.ini" --dir="$tmp/t"
: >"$tmp/plain"
printf '[output]\ndir = %s/plain/out\n' "$tmp" >"$tmp/etc/out.ini"
refused 73 "[output] dir that cannot be made" \
	"cannot create directory $tmp/plain/out \(from \[output\] dir in $tmp/etc/out\.ini\): Not a directory$" \
	"$OPTICURE" --generate --quiet --config="$tmp/etc/out.ini"
printf '[output]\ndir = no-model-here\n' >"$tmp/etc/pred.ini"
refused 66 "--predict: [output] dir named with its origin" \
	"^opticure: the model directory is no-model-here \(from \[output\] dir in $tmp/etc/pred\.ini\)$" \
	"$OPTICURE" --config="$tmp/etc/pred.ini" --predict="$data"

# --- Singular and plural ---
"$OPTICURE" --generate --config="$cfg" --dir="$tmp/g1" --rows=1 --seed=0 2>"$tmp/g1.err"
check_match "--generate --rows=1: '1 row'" "$(cat "$tmp/g1.err")" \
	"^opticure: wrote .*curing_data\\.csv: 1 row \\(Premium 0, Standard 1\\), seed 0$"
"$OPTICURE" --batch --config="$cfg" --dir="$tmp/b1" --rows=1 </dev/null >/dev/null 2>"$tmp/b1.err"
check_match "--batch --rows=1: '1 synthetic row'" "$(cat "$tmp/b1.err")" \
	"^opticure: load: generating 1 synthetic row \\(seed 42\\)$"

tu_done
