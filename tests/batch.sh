#!/bin/sh
# SPDX-License-Identifier: MIT
# batch.sh - `opticure --batch` end to end: the four artifacts with the
# original headers and values, reproducibility across runs and thread
# counts, the report formats, a stdout write error, and a separate test file.
. "$top_srcdir/tests/pipeline_lib.sh"
fx=$TESTS_FIXTURES
esc=$(printf '\033')

# --- Fresh directory, defaults: the original pipeline ---
expect_status 0 "batch in a fresh directory" batch "$tmp/a" >"$tmp/a.out"
for f in curing_data.csv curing_data_metadata.json model_metrics.csv bat_curing_pipeline.model; do
	check "artifact $f written" test -s "$tmp/a/$f"
done
check "no output on stderr with --quiet" test ! -s "$tmp/stderr"
check "no escape bytes in the report" sh -c '! grep -q "$1" "$2"' - "$esc" "$tmp/a.out"
check "curing_data.csv is the original generator's" cmp -s "$tmp/a/curing_data.csv" "$fx/curing/data.csv"
check "model_metrics.csv header" test "$(head -n 1 "$tmp/a/model_metrics.csv")" = "Model,Accuracy,Precision,Recall,AUC"
check "model_metrics.csv matches scikit-learn" near_metrics "$tmp/a/model_metrics.csv" "$fx/curing/model_metrics.csv"
# pandas writes floats as Python's repr
check "model_metrics.csv numbers in repr form" grep -qx 'rf,1.0,1.0,1.0,1.0' "$tmp/a/model_metrics.csv"
check "svm row as the original writes it" grep -qx 'svm,0.93,0.8649000000000001,0.93,0.9754224270353303' "$tmp/a/model_metrics.csv"
check "model file magic line" test "$(head -n 1 "$tmp/a/bat_curing_pipeline.model")" = "opticure-model 1.1"
check "model file checksum line" sh -c 'tail -n 1 "$1" | grep -Eqx "crc32 [0-9a-f]{8}"' - "$tmp/a/bat_curing_pipeline.model"
check "model file holds all four models, rf best" sh -c \
	'test "$(grep -c "^model " "$1")" = 4 && grep -A1 "^model rf$" "$1" | grep -qx "best 1"' - "$tmp/a/bat_curing_pipeline.model"
check "metadata records 500 rows" grep -q '"total_records": 500' "$tmp/a/curing_data_metadata.json"
check "table report marks the best model" grep -Eq '^\* rf ' "$tmp/a.out"
check "no temporaries left" no_temporaries "$tmp/a"

# --- Reproducibility ---
mkdir "$tmp/a0" && cp "$tmp/a"/* "$tmp/a0/"
expect_status 0 "second run in the same directory" batch "$tmp/a" >/dev/null
check "second run byte-identical" same_files "$tmp/a" "$tmp/a0"
expect_status 0 "batch --jobs 1" batch "$tmp/j1" --jobs=1 >/dev/null
expect_status 0 "batch --jobs 4" batch "$tmp/j4" --jobs=4 >/dev/null
check "--jobs 1 and the default give identical artifacts" same_files "$tmp/j1" "$tmp/a"
check "--jobs 1 and --jobs 4 give identical artifacts" same_files "$tmp/j1" "$tmp/j4"
expect_status 0 "batch --seed 7" batch "$tmp/s7" --seed=7 >/dev/null
check "another seed gives other data" sh -c '! cmp -s "$1" "$2"' - "$tmp/s7/curing_data.csv" "$tmp/a/curing_data.csv"

# --- Report formats ---
expect_status 0 "--format csv" batch "$tmp/a" --format=csv >"$tmp/report.csv"
check "--format csv is model_metrics.csv" cmp -s "$tmp/report.csv" "$tmp/a/model_metrics.csv"
expect_status 0 "--format json" batch "$tmp/a" --format=json >"$tmp/report.json"
if command -v jq >/dev/null 2>&1; then
	check "--format json parses, with the run's facts" jq -e \
		'.seed == 42 and .rows == 500 and .train_rows == 400 and .test_rows == 100
		 and (.models | length) == 4 and .best == "rf"
		 and ([.models[].key] == ["lr", "rf", "gb", "svm"])
		 and (.models[1].accuracy == 1) and (.models[0].fit_seconds >= 0)
		 and (.artifacts | length) == 4' "$tmp/report.json" >/dev/null
else
	check "--format json has the run's facts (no jq: textual check)" sh -c \
		'grep -q "\"best\": \"rf\"" "$1" && grep -q "\"rows\": 500" "$1" && test "$(tail -c 2 "$1")" = "}"' - "$tmp/report.json"
fi
check "reports leave the artifacts unchanged" same_files "$tmp/a" "$tmp/a0"
if [ -w /dev/full ]; then
	expect_status 74 "stdout write error (/dev/full)" batch "$tmp/a" >/dev/full
	check "the write error is reported" grep -q "write error" "$tmp/stderr"
fi

# --- A model's warning (logistic regression stopped by max_iter) ---
printf '[data]\nrows = 100\n[split]\ntest_ratio = 0.3\n[logistic_regression]\nmax_iter = 1\n[models]\nenabled = lr, svm\n' >"$tmp/mi.ini"
"$OPTICURE" --batch --config="$tmp/mi.ini" --dir="$tmp/mi" --format=json </dev/null \
	>"$tmp/mi.json" 2>"$tmp/mi.err"
check "max_iter = 1: the run succeeds" test -s "$tmp/mi/bat_curing_pipeline.model"
check_match "max_iter = 1: warning on stderr" "$(cat "$tmp/mi.err")" \
	'^opticure: warning: lr: logistic regression did not converge in 1 iteration \(.*\); increase max_iter$'
check "max_iter = 1: one warning line" test "$(grep -c 'warning' "$tmp/mi.err")" -eq 1
check_match "max_iter = 1: JSON carries the warning" "$(cat "$tmp/mi.json")" \
	'"key": "lr", .*"warning": "logistic regression did not converge in 1 iteration \('
check_match "max_iter = 1: JSON warning null for svm" "$(cat "$tmp/mi.json")" \
	'"key": "svm", .*"warning": null'
check_match "max_iter = 1: JSON n_iter of lr" "$(cat "$tmp/mi.json")" '"key": "lr", .*"n_iter": 1, '
check_match "JSON n_iter null for svm" "$(cat "$tmp/mi.json")" '"key": "svm", .*"n_iter": null, '

# --- [logistic_regression] solver ---
# lbfgs (the default) is scikit-learn's fit: 50 iterations on the default
# data, no warning; newton reaches the exact optimum, which on this data
# gives the same metrics row.
check "default solver recorded as lbfgs" grep -qx 'lr_solver lbfgs' "$tmp/a/bat_curing_pipeline.model"
check "lbfgs: scikit-learn's n_iter_ (50) in the model file" grep -qx 'lr_iterations 50' "$tmp/a/bat_curing_pipeline.model"
check "lbfgs: lr row as scikit-learn writes it" grep -qx 'lr,0.93,0.9165625,0.93,0.9324116743471582' "$tmp/a/model_metrics.csv"
printf '[logistic_regression]\nsolver = newton\n[models]\nenabled = lr\n' >"$tmp/nt.ini"
"$OPTICURE" --batch --config="$tmp/nt.ini" --dir="$tmp/nt" --quiet </dev/null >/dev/null 2>"$tmp/nt.err"
check "solver = newton: recorded in the model file" grep -qx 'lr_solver newton' "$tmp/nt/bat_curing_pipeline.model"
check "solver = newton: no warning" test ! -s "$tmp/nt.err"
check "solver = newton: same lr row on the default data" grep -qx 'lr,0.93,0.9165625,0.93,0.9324116743471582' "$tmp/nt/model_metrics.csv"
check "solver = newton: other coefficients than lbfgs" sh -c '! cmp -s "$1" "$2"' - \
	"$tmp/nt/bat_curing_pipeline.model" "$tmp/a/bat_curing_pipeline.model"
printf '[logistic_regression]\nsolver = sag\n' >"$tmp/bad.ini"
expect_status 78 "solver = sag refused" "$OPTICURE" --batch --config="$tmp/bad.ini" --dir="$tmp/bad" </dev/null >/dev/null
check_match "solver = sag: file, line and choices named" "$(cat "$tmp/stderr")" "bad.ini:2: .*solver.*'sag' is not one of lbfgs, newton"
"$OPTICURE" --batch --config="$tmp/mi.ini" --dir="$tmp/mi" --quiet </dev/null >/dev/null 2>"$tmp/mi.err"
check "max_iter = 1 with --quiet: nothing on stderr" test ! -s "$tmp/mi.err"

# --- Progress lines on a non-terminal stderr ---
"$OPTICURE" --batch --config="$cfg" --dir="$tmp/a" </dev/null >/dev/null 2>"$tmp/progress"
check "plain progress lines, one per model" sh -c 'test "$(grep -c "^opticure: train: " "$1")" = 4' - "$tmp/progress"
check "no carriage returns in plain progress" sh -c '! grep -q "$(printf "\r")" "$1"' - "$tmp/progress"

# --- A CSV source with a separate test file (the balanced fixture's split) ---
w="$fx/balanced"
pick_rows() {
	awk 'NR == FNR { want[FNR] = $1 + 2; n = FNR; next } FNR == 1 { hdr = $0 } { line[FNR] = $0 }
	     END { print hdr; for (i = 1; i <= n; i++) print line[want[i]] }' "$1" "$2"
}
pick_rows "$w/split_train.txt" "$w/data.csv" >"$tmp/train.csv"
pick_rows "$w/split_test.txt" "$w/data.csv" >"$tmp/test.csv"
printf '[data]\nlabel = label\n' >"$cfg"
expect_status 0 "--data with --test-data" batch "$tmp/w" --data="$tmp/train.csv" --test-data="$tmp/test.csv" >/dev/null
check "separate test file: metrics match scikit-learn" near_metrics "$tmp/w/model_metrics.csv" "$w/model_metrics.csv"
check "no synthetic data written for a CSV source" test ! -e "$tmp/w/curing_data.csv"
check "model file records the separate test file" grep -qx 'split file' "$tmp/w/bat_curing_pipeline.model"
# test columns in another order are matched by name
awk -F, -v OFS=, '{ print $4, $3, $1, $2 }' "$tmp/test.csv" >"$tmp/test2.csv"
expect_status 0 "test file with its columns in another order" batch "$tmp/w2" --data="$tmp/train.csv" --test-data="$tmp/test2.csv" >/dev/null
check "same model file whatever the test file's column order" cmp -s "$tmp/w/bat_curing_pipeline.model" "$tmp/w2/bat_curing_pipeline.model"
expect_status 66 "missing data file" batch "$tmp/w" --data="$tmp/nonexistent.csv"
: >"$cfg"

tu_done
