#!/bin/sh
# SPDX-License-Identifier: MIT
# cv.sh - cross-validation and grid search end to end: [cv] folds = 0 writes
# what a run without the keys writes; a search over rf and svm writes
# model_cv.csv in ParameterGrid order with scikit-learn's fold scores, the
# chosen settings in the model file (format 1.2) and every fold in the JSON
# report, identically on 1 and 4 threads; the configuration errors (exit
# 78) and the fold-count error (65) and warning.
. "$top_srcdir/tests/pipeline_lib.sh"
fx=$TESTS_FIXTURES

# --- folds = 0: the original run, byte for byte ---
expect_status 0 "default run" batch "$tmp/d" >/dev/null
printf '[cv]\nfolds = 0\nshuffle = true\nseed = 9\n[select]\nby = test_accuracy\n' >"$tmp/off.ini"
expect_status 0 "[cv] folds = 0" "$OPTICURE" --batch --config="$tmp/off.ini" --dir="$tmp/off" -q >/dev/null
check "folds = 0: artifacts byte-identical to a run without [cv]" same_files "$tmp/d" "$tmp/off"
check "folds = 0: no model_cv.csv" test ! -e "$tmp/off/model_cv.csv"
check "folds = 0: model file format 1.1, as without [cv]" test "$(head -n 1 "$tmp/off/bat_curing_pipeline.model")" = "opticure-model 1.1"

# --- A search: rf n_estimators, svm C x gamma, 5 shuffled folds ---
cat >"$tmp/grid.ini" <<'INI'
[cv]
folds = 5
shuffle = true
seed = 7
[select]
by = cv_accuracy
[random_forest]
n_estimators = 10, 50, 100
[svm]
gamma = scale, 0.01
C = 0.1, 1, 10
INI
grid() {
	d=$1
	shift
	"$OPTICURE" --batch --config="$tmp/grid.ini" --dir="$d" "$@" </dev/null
}
expect_status 0 "grid search, --jobs 1" grid "$tmp/g1" -q --jobs=1 >/dev/null
expect_status 0 "grid search, --jobs 4" grid "$tmp/g4" -q --jobs=4 >/dev/null
cv=$tmp/g1/model_cv.csv
check "model_cv.csv written" test -s "$cv"
check "--jobs 1 and --jobs 4: identical artifacts" same_files "$tmp/g1" "$tmp/g4"
check "--jobs 1 and --jobs 4: identical model_cv.csv" cmp -s "$cv" "$tmp/g4/model_cv.csv"
check "model_cv.csv header" test "$(head -n 1 "$cv")" = "Model,Candidate,Fold,Accuracy,Precision,Recall,AUC,Params"
# lr 1 + rf 3 + gb 1 + svm 6 candidates, 5 folds each
check "one row per model, candidate and fold" test "$(($(wc -l <"$cv") - 1))" -eq 55
check "svm candidates in ParameterGrid order (C before gamma, gamma fastest)" test \
	"$(awk -F, '$1 == "svm" && $3 == 0 { printf "%s;", $8 }' "$cv")" = \
	"C=0.1 gamma=scale;C=0.1 gamma=0.01;C=1 gamma=scale;C=1 gamma=0.01;C=10 gamma=scale;C=10 gamma=0.01;"
check "a model without lists has an empty Params field" grep -qx 'lr,0,0,[^,]*,[^,]*,[^,]*,[^,]*,' "$cv"

# same_scores MODEL CANDIDATE REF_MODEL: the candidate's five rows equal
# scikit-learn's cross_validate scores of REF_MODEL on the curing training rows
same_scores() {
	awk -F, -v m="$1" -v c="$2" -v r="$3" '
		NR == FNR { if ($1 == r) { for (i = 3; i <= 6; i++) ref[$2, i] = $i + 0; n++ } next }
		FNR > 1 && $1 == m && $2 == c { for (i = 4; i <= 7; i++) if ($i + 0 != ref[$3, i - 1]) bad = 1; k++ }
		END { exit (bad || k != 5 || n != 5) }' "$fx/cv/scores_curing.csv" "$cv"
}
check "lr fold scores = scikit-learn's cross_validate" same_scores lr 0 lr
check "gb fold scores = scikit-learn's cross_validate" same_scores gb 0 gb
check "rf n_estimators=100 fold scores = scikit-learn's cross_validate" same_scores rf 2 rf
check "rf fold accuracies of every candidate = GridSearchCV's" awk -F, '
	NR == FNR { if (FNR > 1) for (f = 0; f < 5; f++) ref[$1, f] = $(3 + f) + 0; next }
	FNR > 1 && $1 == "rf" { if ($4 + 0 != ref[$2, $3]) bad = 1; k++ }
	END { exit (bad || k != 15) }' "$fx/cv/grid_rf.csv" "$cv"

model=$tmp/g1/bat_curing_pipeline.model
check "model file format 1.2" test "$(head -n 1 "$model")" = "opticure-model 1.2"
check "model file: the chosen n_estimators (GridSearchCV's best_params_)" grep -qx 'rf_n_estimators 50' "$model"
check "model file: the cross-validation settings" grep -qx 'cv 5 1 7' "$model"
check "model file: rf's chosen candidate" grep -qx 'cv_chosen "n_estimators=50"' "$model"
check "model file: rf's candidates" sh -c 'grep -A3 "cv_chosen \"n_estimators=50\"" "$1" | grep -qx "cv_candidates 3"' - "$model"
expect_status 0 "--predict reads the 1.2 model file" "$OPTICURE" --predict="$tmp/g1/curing_data.csv" \
	--dir="$tmp/g1" --config="$cfg" >"$tmp/pred.csv"
check "--predict scored every row" test "$(wc -l <"$tmp/pred.csv")" -eq 501

expect_status 0 "grid search report" grid "$tmp/g1" >"$tmp/report.txt"
check_match "report: mean ± std and the chosen parameters" "$(cat "$tmp/report.txt")" '^  rf +0\.9925 ± 0\.0100 .* 3  n_estimators=50$'
check_match "report: the criterion and the tie rule" "$(cat "$tmp/report.txt")" 'chosen by cv_accuracy; of equal scores the first in model order'
check_match "progress names the folds and fits" "$(cat "$tmp/stderr")" '^opticure: cv: 55 fits \(5 folds x 11 candidates\), stratified and shuffled$'
expect_status 0 "grid search, --format json" grid "$tmp/g1" -q --format=json >"$tmp/report.json"
if command -v jq >/dev/null 2>&1; then
	check "--format json carries every fold" jq -e \
		'.select_by == "cv_accuracy" and .cv.folds == 5 and .cv.shuffle == true
		 and (.cv.models | length) == 4 and .cv.models[1].chosen == "n_estimators=50"
		 and (.cv.models[3].candidates | length) == 6
		 and ([.cv.models[].candidates[].folds | length] | all(. == 5))
		 and .cv.models[1].candidates[1].mean.accuracy == 0.9925
		 and (.artifacts | length) == 5' "$tmp/report.json" >/dev/null
fi

# a run without cross-validation takes the earlier model_cv.csv away
expect_status 0 "run without cross-validation in the same directory" batch "$tmp/g1" >/dev/null
check "the earlier model_cv.csv is removed" test ! -e "$cv"
check "and the rest is the default run's" same_files "$tmp/g1" "$tmp/d"

# --- [select] by: the criterion decides (balanced data set, 5 folds) ---
best_by() {
	printf '[data]\nsource = %s\nlabel = label\n[models]\nenabled = %s\n[cv]\nfolds = 5\n[select]\nby = %s\n' \
		"$fx/balanced/data.csv" "$1" "$2" >"$tmp/by.ini"
	"$OPTICURE" --batch -q -c "$tmp/by.ini" -C "$tmp/by" --format=csv >/dev/null 2>"$tmp/stderr" &&
		sed -n '/^model /{N;s/^model \([a-z]*\)\nbest 1$/\1/p}' "$tmp/by/bat_curing_pipeline.model"
}
# test accuracy: lr .729, rf .604, gb .667, svm .688; mean cv accuracy: lr .672,
# rf .615, gb .594, svm .657; mean cv AUC: lr .716, rf .655, gb .641, svm .727
check "by test_accuracy: lr" test "$(best_by "lr, rf, gb, svm" test_accuracy)" = lr
check "by cv_auc: svm" test "$(best_by "lr, rf, gb, svm" cv_auc)" = svm
check "rf and gb by test_accuracy: gb" test "$(best_by "rf, gb" test_accuracy)" = gb
check "rf and gb by cv_accuracy: rf" test "$(best_by "rf, gb" cv_accuracy)" = rf
check "the model file records the criterion" grep -qx 'select_by cv_accuracy' "$tmp/by/bat_curing_pipeline.model"

# --print-config writes the lists back, and reads them again
expect_status 0 "--print-config with lists" "$OPTICURE" --print-config -c "$tmp/grid.ini" >"$tmp/printed.ini"
check "--print-config: the lists as written" sh -c 'grep -qx "n_estimators = 10, 50, 100" "$1" &&
	grep -qx "gamma = scale, 0.01" "$1" && grep -qx "C = 0.1, 1, 10" "$1" && grep -qx "folds = 5" "$1"' - "$tmp/printed.ini"
expect_status 0 "the printed configuration reads back" "$OPTICURE" --print-config -c "$tmp/printed.ini" >"$tmp/printed2.ini"
# (line 2 names the file the values came from)
tail -n +3 "$tmp/printed.ini" >"$tmp/printed.body"
tail -n +3 "$tmp/printed2.ini" >"$tmp/printed2.body"
check "and prints the same" cmp -s "$tmp/printed.body" "$tmp/printed2.body"

# --- Interrupted during the cross-validation: the previous set stays ---
mkdir "$tmp/old" && cp "$tmp/g1"/* "$tmp/old/"
printf '[cv]\nfolds = 5\n[random_forest]\nn_estimators = 5000, 20000\n' >"$tmp/slow.ini"
mkfifo "$tmp/progress" || exit 99
signal_at_progress INT "cv: " "$tmp/slow.ini" "$tmp/g1"
check "SIGINT during cv: the cv progress line came first" test "$seen" = yes
check "SIGINT during cv: exit 130" test "$status" -eq 130
check "SIGINT during cv: previous artifacts intact" same_files "$tmp/g1" "$tmp/old"
check "SIGINT during cv: no model_cv.csv appeared" test ! -e "$tmp/g1/model_cv.csv"
check "SIGINT during cv: no temporaries" no_temporaries "$tmp/g1"

# --- Configuration errors: exit 78 naming the key ---
conf_error() {
	printf "$2" >"$tmp/bad.ini"
	expect_status 78 "$1" "$OPTICURE" --batch --config="$tmp/bad.ini" --dir="$tmp/bad" -q
	check_match "$1: names $3" "$(cat "$tmp/stderr")" "$3"
}
conf_error "a list without cross-validation" '[svm]\nC = 0.1, 1\n' '\[svm\] C: a list of values is searched by cross-validation'
conf_error "a list on a seed" '[cv]\nfolds = 3\n[random_forest]\nseed = 1, 2\n' 'bad.ini:4: \[random_forest\] seed: takes one value, not a list'
conf_error "a list on the row count" '[cv]\nfolds = 3\n[data]\nrows = 100, 200\n' '\[data\] rows: takes one value, not a list'
conf_error "a list with a bad value" '[cv]\nfolds = 3\n[svm]\nC = 1, -2\n' '\[svm\] C: -2 must be greater than 0'
conf_error "a repeated list value" '[cv]\nfolds = 3\n[svm]\nC = 1, 1\n' "\\[svm\\] C: '1' is listed twice"
conf_error "one fold" '[cv]\nfolds = 1\n' '\[cv\] folds: 1 fold is no cross-validation'
conf_error "selection by cv_auc without folds" '[select]\nby = cv_auc\n' '\[select\] by: cv_auc needs cross-validation'
conf_error "an unknown criterion" '[select]\nby = best\n' "\\[select\\] by: 'best' is not one of"
check "no artifact after a configuration error" test ! -e "$tmp/bad"

# --- More folds than class rows ---
# 20 rows, 4 of class B: the training part holds 13 A and 3 B
awk 'BEGIN { print "x,y,label"; for (i = 0; i < 20; i++) printf "%d,%d,%s\n", i, (i * 7) % 5, (i % 5 == 4) ? "B" : "A" }' >"$tmp/small.csv"
printf '[cv]\nfolds = %s\n[data]\nsource = %s\nlabel = label\n' 14 "$tmp/small.csv" >"$tmp/k14.ini"
expect_status 65 "more folds than the rows of every class" "$OPTICURE" --batch --config="$tmp/k14.ini" --dir="$tmp/k14" -q
check_match "the error names the classes and their rows" "$(cat "$tmp/stderr")" "14 folds are more than the training rows of every class: '(A' \\(13 rows\\), 'B' \\(3 rows\\)|B' \\(3 rows\\), 'A' \\(13 rows\\))"
printf '[cv]\nfolds = %s\n[data]\nsource = %s\nlabel = label\n' 4 "$tmp/small.csv" >"$tmp/k4.ini"
expect_status 0 "more folds than the rows of the smallest class" "$OPTICURE" --batch --config="$tmp/k4.ini" --dir="$tmp/k4" >/dev/null
check_match "scikit-learn's warning" "$(cat "$tmp/stderr")" '^opticure: warning: \[cv\] folds = 4: The least populated class in y has only 3 members, which is less than n_splits=4\.$'
check "a fold without class B has empty precision, recall and AUC" grep -Eq '^lr,0,[0-9],[0-9.]+,,,,$' "$tmp/k4/model_cv.csv"
tu_done
