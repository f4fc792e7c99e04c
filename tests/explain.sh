#!/bin/sh
# SPDX-License-Identifier: MIT
# explain.sh - `--predict --explain` and `--check` end to end: the
# contributions add up to each model's own output row by row, never depend
# on --jobs, are refused where they cannot be given; rows outside the
# training range are reported; --check flags a shifted feature and only it,
# passes a fresh sample of the training distribution, gates CI with exit 1,
# and refuses a model file that has no training profile; a three-class
# model explains each row's predicted class and takes --check.
. "$top_srcdir/tests/pipeline_lib.sh"

expect_status 0 "batch" batch "$tmp/a" >/dev/null
data="$tmp/a/curing_data.csv"
run() {
	"$OPTICURE" --config="$cfg" --dir="$tmp/a" "$@" </dev/null
}

# Local accuracy on every row: base + sum(shap) = p_Standard (rf, svm) or
# its log-odds (lr, gb), to 1e-9 (the printed values are shortest repr).
for m in lr rf gb svm; do
	expect_status 0 "$m: --predict --explain" run --predict="$data" --explain -m "$m" >"$tmp/$m.csv"
	check "$m: 500 rows and a header" test "$(wc -l <"$tmp/$m.csv")" -eq 501
	check "$m: header ends with base and one shap_ column per feature" test \
		"$(head -n 1 "$tmp/$m.csv" | cut -d, -f7-)" = \
		"prediction,confidence,p_Premium,p_Standard,base,shap_barn_temperature,shap_barn_humidity,shap_leaf_moisture,shap_airflow_rate,shap_curing_time_hours"
	check "$m: base + contributions = the model's output on every row" awk -F, -v m="$m" '
		NR > 1 { s = $11; for (i = 12; i <= 16; i++) s += $i
		         out = $10; if (m == "lr" || m == "gb") out = log($10 / $9)
		         d = s - out; if (d < 0) d = -d; if (d > 1e-9) bad++ ; n++ }
		END { exit !(n == 500 && !bad) }' "$tmp/$m.csv"
	run --predict="$data" -m "$m" >"$tmp/$m.plain"
	check "$m: the usual columns are unchanged by --explain" sh -c \
		'cut -d, -f1-10 "$1" | cmp -s - "$2"' - "$tmp/$m.csv" "$tmp/$m.plain"
done
expect_status 0 "--explain -j 4" run --predict="$data" --explain -m svm -j 4 >"$tmp/svm4.csv"
expect_status 0 "--explain -j 1" run --predict="$data" --explain -m svm -j 1 >"$tmp/svm1.csv"
check "--explain output independent of --jobs" cmp -s "$tmp/svm1.csv" "$tmp/svm4.csv"
expect_status 64 "--explain without --predict" run --batch --explain
check_match "--explain without --predict names the option" "$(cat "$tmp/stderr")" "'--explain' cannot be used with --batch"

# Out-of-range rows: counted per feature on stderr, never silently.
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next } { $1 = $1 + 8; print }' "$data" >"$tmp/shift.csv"
expect_status 0 "--predict of a shifted file" run --predict="$tmp/shift.csv" >/dev/null
check_match "rows outside the training range are counted" "$(cat "$tmp/stderr")" \
	"warning: .*shift.csv: [0-9]+ rows? with barn_temperature outside the training range \[53.79, 89.26\]"
head -n 2 "$data" >"$tmp/one.csv"
expect_status 0 "--predict of an in-range row" run --predict="$tmp/one.csv" >/dev/null
check "no warning for rows inside the training range" test ! -s "$tmp/stderr"

# --check: the temperature shifted by +8 C is flagged, and nothing else.
expect_status 1 "--check of the shifted file exits 1" run --check="$tmp/shift.csv" -f json >"$tmp/shift.json"
check_match "barn_temperature alerts with PSI > 0.25" "$(cat "$tmp/shift.json")" \
	'"feature": "barn_temperature", "psi": (0\.2[5-9]|0\.[3-9]|[1-9])[0-9.e+-]*, "out_of_range": [0-9]+, "mean_shift_sd": 1\.[0-9]+, "status": "alert"'
check "every other feature is ok" test "$(grep -c '"status": "ok"' "$tmp/shift.json")" -eq 4
check_match "overall status alert" "$(cat "$tmp/shift.json")" '^  "status": "alert",$'
check_match "with the label column, every model's metrics on the file" "$(cat "$tmp/shift.json")" \
	'\{"model": "svm", "accuracy": [0-9.e-]+, "precision"'
check_match "the drift is said on stderr" "$(cat "$tmp/stderr")" "drift past \[monitor\] psi_alert = 0.25"
expect_status 0 "a fresh sample of the training distribution" sh -c \
	'"$1" --generate --config="$2" --dir="$3/fresh" --seed=7 -q </dev/null &&
	 "$1" --config="$2" --dir="$3/a" --check "$3/fresh/curing_data.csv" -f csv </dev/null >"$3/fresh.csv"' \
	- "$OPTICURE" "$cfg" "$tmp"
check "csv: a header and one row per feature, all ok" test \
	"$(head -n 1 "$tmp/fresh.csv"),$(grep -c ',ok$' "$tmp/fresh.csv")" = "feature,psi,out_of_range,mean_shift_sd,status,5"
expect_status 0 "table report" run --check="$data" >"$tmp/table.txt"
check_match "table: a row per feature" "$(cat "$tmp/table.txt")" '^  barn_temperature +[0-9.]+ +[0-9]+ +[-+][0-9.]+ +ok$'
printf '[monitor]\npsi_warn = 0.3\npsi_alert = 0.2\n' >"$tmp/bad.ini"
expect_status 78 "psi_alert not above psi_warn" "$OPTICURE" --config="$tmp/bad.ini" --dir="$tmp/a" --check="$data"
printf '[monitor]\npsi_alert = 5\n' >"$tmp/lax.ini"
expect_status 0 "a higher psi_alert passes the shifted file" "$OPTICURE" --config="$tmp/lax.ini" \
	--dir="$tmp/a" --check="$tmp/shift.csv" -f csv >/dev/null
expect_status 66 "--check of a missing file" run --check="$tmp/nope.csv"
expect_status 65 "--check of a file without the model's columns" sh -c \
	'printf "a,b\n1,2\n" >"$1/ab.csv"; "$2" --config="$3" --dir="$1/a" --check="$1/ab.csv" </dev/null' \
	- "$tmp" "$OPTICURE" "$cfg"

# A format 1.0 model file (no profile, no covers): loads and predicts, but
# --check and gradient boosting's explanations say why they cannot.
mkdir "$tmp/old"
awk '/^opticure-model / { print "opticure-model 1.0"; next }
     /^(profile|fprofile|background|gb_cover|lr_solver|numpy_simd|crc32) / { next } { print }' \
	"$tmp/a/bat_curing_pipeline.model" >"$tmp/old/body"
crc=$(gzip -c <"$tmp/old/body" | tail -c 8 | od -An -tx1 -N4 | awk '{ print $4 $3 $2 $1 }')
{ cat "$tmp/old/body"; echo "crc32 $crc"; } >"$tmp/old/bat_curing_pipeline.model"
oldrun() {
	"$OPTICURE" --config="$cfg" --dir="$tmp/old" "$@" </dev/null
}
expect_status 0 "a 1.0 model file still predicts" oldrun --predict="$data" -m gb >"$tmp/old.csv"
check "and gives the same predictions" cmp -s "$tmp/old.csv" "$tmp/gb.plain"
expect_status 65 "--check with a 1.0 model file" oldrun --check="$data"
check_match "says to retrain" "$(cat "$tmp/stderr")" "format 1.0.*retrain"
expect_status 65 "gb --explain with a 1.0 model file" oldrun --predict="$data" -m gb --explain
check_match "says why" "$(cat "$tmp/stderr")" "predates explanations"

# Three classes (iris): each row is explained for its predicted class.  The
# batch model is scikit-learn's on the fixture's split, so the test rows'
# base and contributions equal the brute-force reference of
# tests/fixtures/explain/iris to 1e-9, and base + sum(shap) is the
# probability of the predicted class (the p_<prediction> column) for rf and
# the SVM.  --check takes the three-class model file like any other.
mc=$TESTS_FIXTURES/multiclass/iris
ref=$TESTS_FIXTURES/explain/iris
printf '[data]\nlabel = species\n' >"$tmp/iris.ini"
irun() {
	"$OPTICURE" --config="$tmp/iris.ini" --dir="$tmp/iris" "$@" </dev/null
}
expect_status 0 "batch on iris" irun --batch --quiet --data="$mc/data.csv"
for m in lr rf gb svm; do
	f=$m
	[ "$m" = lr ] && f=lr_lbfgs
	expect_status 0 "iris $m: --predict --explain" irun --predict="$mc/data.csv" --explain -m "$m" >"$tmp/iris_$m.csv"
	check "iris $m: p_ columns of the three classes, then base and a shap_ column per feature" test \
		"$(head -n 1 "$tmp/iris_$m.csv" | cut -d, -f6-)" = \
		"prediction,confidence,p_setosa,p_versicolor,p_virginica,base,shap_sepal_length_(cm),shap_sepal_width_(cm),shap_petal_length_(cm),shap_petal_width_(cm)"
	check "iris $m: the test rows' explanations are the brute-force reference's" awk -F, '
		FILENAME == ARGV[1] { row[FNR] = $1 + 2; n = FNR; next }
		FILENAME == ARGV[2] { want[FNR] = $0; next }
		{ line[FNR] = $0 }
		END { for (r = 1; r <= n; r++) {
		        split(line[row[r]], a, ","); split(want[r], b, " ")
		        for (i = 1; i <= 5; i++) { d = a[10 + i] - b[i]; if (d < 0) d = -d; if (d > 1e-9) bad++ } }
		      exit bad || n != 30 }' "$ref/rows.txt" "$ref/explain_$f.txt" "$tmp/iris_$m.csv"
	[ "$m" = rf ] || [ "$m" = svm ] || continue
	check "iris $m: base + contributions = p_<prediction> on every row" awk -F, '
		NR == 1 { for (i = 8; i <= 10; i++) col[substr($i, 3)] = i; next }
		{ s = $11; for (i = 12; i <= 15; i++) s += $i
		  d = s - $(col[$6]); if (d < 0) d = -d; if (d > 1e-9) bad++; n++
		  seen[$6] = 1 }
		END { exit bad || n != 150 || length(seen) != 3 }' "$tmp/iris_$m.csv"
done
expect_status 0 "--check of iris against its three-class model" irun --check="$mc/data.csv" -f json >"$tmp/iris.json"
check_match "--check: every iris feature ok, and every model's metrics on the file" \
	"$(grep -c '"status": "ok"' "$tmp/iris.json") $(grep -c '{"model": ' "$tmp/iris.json")" '^5 4$'
tu_done
