#!/bin/sh
# multiclass.sh - K classes end to end: --batch on iris (3 classes) and
# digits (10) gives scikit-learn's metrics and a format 1.1 model file,
# --predict writes one p_CLASS column per class with scikit-learn's
# probabilities, the JSON report carries the per-class figures, and the
# synthetic data with [data] grades = 3 adds Reject by its documented rule;
# digits gives the same files at --jobs 1 and 3 as at the default.
. "$top_srcdir/tests/pipeline_lib.sh"
mc=$TESTS_FIXTURES/multiclass

# metrics_equal MODEL_METRICS FIXTURE: every model's row equals the
# fixture's metrics_<m>.txt (accuracy, precision, recall, auc) to 1e-12
# (logistic regression's default lbfgs included).
metrics_equal() {
	for m in lr rf gb svm; do
		tol=1e-12
		awk -F, -v m="$m" -v tol="$tol" '
			NR == FNR { ref[++n] = $2; next }
			$1 == m { for (i = 2; i <= 5; i++) { d = $i - ref[i - 1]; if (d < 0) d = -d
			            if (d > tol) { print m " column " i ": " $i " vs " ref[i - 1] > "/dev/stderr"; bad = 1 } }
			          found = 1 }
			END { exit bad || !found }' FS=' ' "$2/metrics_$m.txt" FS=, "$1" || return 1
	done
}

# --- iris: three classes ---
printf '[data]\nlabel = species\n' >"$cfg"
expect_status 0 "batch on iris" batch "$tmp/iris" --data="$mc/iris/data.csv" --format=json >"$tmp/iris.json"
model="$tmp/iris/bat_curing_pipeline.model"
check "a model of three classes is format 1.2" test "$(head -n 1 "$model")" = "opticure-model 1.2"
check "the classes in scikit-learn's order" grep -qx 'classes "setosa" "versicolor" "virginica"' "$model"
check "model_metrics.csv keeps its header" test \
	"$(head -n 1 "$tmp/iris/model_metrics.csv")" = "Model,Accuracy,Precision,Recall,AUC"
check "metrics equal scikit-learn's (macro one-vs-rest AUC)" \
	metrics_equal "$tmp/iris/model_metrics.csv" "$mc/iris"
if command -v jq >/dev/null 2>&1; then
	check "JSON: three classes, per-class figures and a 3x3 confusion matrix" sh -c 'jq -e "
		(.classes == [\"setosa\", \"versicolor\", \"virginica\"])
		and all(.models[]; (.per_class | length) == 3 and (.confusion | length) == 3
		        and all(.confusion[]; length == 3)
		        and ([.per_class[].support] | add) == 30
		        and ([.confusion[][]] | add) == 30)" "$1" >/dev/null' - "$tmp/iris.json"
	check "JSON: rf's per-class figures are scikit-learn's" sh -c '
		jq -r ".models[] | select(.key == \"rf\") | .per_class[] |
		       \"\(.precision) \(.recall) \(.f1) \(.support) \(.auc)\"" "$1" >"$1.rf"
		grep "^class " "$2" | cut -d" " -f3- | paste -d" " "$1.rf" - | awk "{
			for (i = 1; i <= 5; i++) { d = \$i - \$(i + 5); if (d < 0) d = -d; if (d > 1e-12) bad = 1 } n++ }
			END { exit bad || n != 3 }"' - "$tmp/iris.json" "$mc/iris/metrics_rf.txt"
fi

predict() {
	"$OPTICURE" --config="$cfg" --dir="$1" --predict="$2" --model="$3" </dev/null
}
expect_status 0 "predict iris with rf" predict "$tmp/iris" "$mc/iris/data.csv" rf >"$tmp/iris.csv"
check "header: one p_CLASS column per class, in class order" test "$(head -n 1 "$tmp/iris.csv")" = \
	"sepal_length_(cm),sepal_width_(cm),petal_length_(cm),petal_width_(cm),species,prediction,confidence,p_setosa,p_versicolor,p_virginica"
check "150 rows scored" test "$(wc -l <"$tmp/iris.csv")" -eq 151
# The test rows, in split order, against scikit-learn's predict_proba and
# predict; confidence is the largest probability.
awk -F, 'NR == FNR { want[FNR] = $1 + 2; n = FNR; next } { line[FNR] = $0 }
         END { for (i = 1; i <= n; i++) print line[want[i]] }' "$mc/iris/split_test.txt" "$tmp/iris.csv" >"$tmp/iris.test"
check "rf: test-row probabilities, predictions and confidence are scikit-learn's" sh -c '
	tail -n +2 "$1" | paste -d, "$2" - | paste -d, - "$3" | awk -F, "{
		for (k = 0; k < 3; k++) { d = \$(8 + k) - \$(11 + k); if (d < 0) d = -d; if (d > 1e-12) bad = 1 }
		c = \$8; if (\$9 > c) c = \$9; if (\$10 > c) c = \$10; if (c != \$7) bad = 1
		if (\$6 != \$14) bad = 1; n++ }
		END { exit bad || n != 30 }"' - "$mc/iris/proba_rf.csv" "$tmp/iris.test" "$mc/iris/pred_rf.txt"

# A test file whose label is not a training class is refused at its place.
sed '3s/setosa$/bogus/' "$mc/iris/data.csv" >"$tmp/bad.csv"
expect_status 65 "a test label outside the training classes" batch "$tmp/bad" \
	--data="$mc/iris/data.csv" --test-data="$tmp/bad.csv"
check "the unknown label is named with its line" grep -q "bad.csv:3:.*'bogus'.*not a class" "$tmp/stderr"

# --- digits: ten classes, 64 features ---
printf '[data]\nlabel = digit\n' >"$cfg"
expect_status 0 "batch on digits" batch "$tmp/digits" --data="$mc/digits/data.csv" >/dev/null
check "ten classes in the model file" grep -qx 'classes "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"' \
	"$tmp/digits/bat_curing_pipeline.model"
check "digits: metrics equal scikit-learn's" metrics_equal "$tmp/digits/model_metrics.csv" "$mc/digits"
# Ten classes share the threads differently (a boosting stage's ten trees,
# the multinomial loss's rows and features, the SVMs' pairs): the same
# files at one thread and at three.
for j in 1 3; do
	expect_status 0 "batch on digits, --jobs $j" batch "$tmp/digits-j$j" \
		--data="$mc/digits/data.csv" --jobs=$j >/dev/null
	for f in bat_curing_pipeline.model model_metrics.csv; do
		check "digits: $f at --jobs $j equals the default's" \
			cmp "$tmp/digits/$f" "$tmp/digits-j$j/$f"
	done
done
expect_status 0 "predict digits with svm" predict "$tmp/digits" "$mc/digits/data.csv" svm >"$tmp/digits.csv"
check "ten probability columns that sum to 1" awk -F, '
	NR == 1 { if ($NF != "p_9" || $(NF - 9) != "p_0") bad = 1; next }
	{ s = 0; for (i = NF - 9; i <= NF; i++) s += $i; if (s < 1 - 1e-9 || s > 1 + 1e-9) bad = 1; n++ }
	END { exit bad || n != 1797 }' "$tmp/digits.csv"

# --- the synthetic data with three grades ---
printf '[data]\ngrades = 3\n' >"$cfg"
expect_status 0 "generate three grades" "$OPTICURE" --generate --config="$cfg" --dir="$tmp/g3" --quiet
check "Premium, Reject and Standard rows" sh -c \
	'test "$(cut -d, -f6 "$1" | tail -n +2 | sort -u | tr "\n" " ")" = "Premium Reject Standard "' \
	- "$tmp/g3/curing_data.csv"
# The rule on the rounded values, away from the thresholds (the rule sees
# the values before their rounding to 2 decimals).
check "Reject iff temperature > 82 or humidity < 40, else the original rule" awk -F, '
	NR == 1 { next }
	{ t = $1; h = $2; near = (t > 81.99 && t < 82.01) || (t > 77.99 && t < 78.01) ||
	                         (h > 39.99 && h < 40.01) || (h > 44.99 && h < 45.01)
	  want = (t > 82 || h < 40) ? "Reject" : (t > 78 || h < 45) ? "Standard" : "Premium"
	  if (!near && $6 != want) bad = 1; n++; if ($6 == "Reject") r++ }
	END { exit bad || n != 500 || r == 0 }' "$tmp/g3/curing_data.csv"
check "the sensor values are those of the two-grade data" sh -c '
	"$1" --generate --config=/dev/null --dir="$2/g2" --quiet </dev/null &&
	cut -d, -f1-5 "$2/g2/curing_data.csv" | cmp -s - "$3"' - "$OPTICURE" "$tmp" \
	"$(cut -d, -f1-5 "$tmp/g3/curing_data.csv" >"$tmp/g3.x"; echo "$tmp/g3.x")"
check "the metadata lists the three grades" grep -q '"Reject"' "$tmp/g3/curing_data_metadata.json"
expect_status 0 "batch on three grades" batch "$tmp/b3" >/dev/null
check "a three-grade model" grep -qx 'classes "Premium" "Reject" "Standard"' \
	"$tmp/b3/bat_curing_pipeline.model"
printf '[data]\ngrades = 4\n' >"$cfg"
expect_status 78 "grades = 4 is a configuration error" batch "$tmp/b4"
check "the error names the key" grep -q "grades" "$tmp/stderr"

# --- the class limit: 256 classes train, a 257th is refused by name ---
awk 'BEGIN { print "x,y"; for (i = 0; i < 514; i++) printf("%d,c%03d\n", i, i % 256) }' \
	>"$tmp/k256.csv"
printf '[data]\nlabel = y\n[split]\ntest_ratio = 0.5\n[models]\nenabled = rf\n' >"$cfg"
expect_status 0 "256 classes train" "$OPTICURE" --batch -q --config="$cfg" -d "$tmp/k256.csv" \
	-C "$tmp/k256"
check "256 class names in the model file" awk '
	$1 == "classes" { exit (NF - 1 == 256) ? 0 : 1 }' "$tmp/k256/bat_curing_pipeline.model"
{ cat "$tmp/k256.csv"; echo "514,extra"; } >"$tmp/k257.csv"
expect_status 65 "a 257th class is refused" "$OPTICURE" --batch -q --config="$cfg" \
	-d "$tmp/k257.csv" -C "$tmp/k257"
check "the refusal names the line, the 257th label and the limit" \
	grep -q "k257.csv:516:2: a 257th label in column 'y' (.*'extra'): .* at most 256 grades" \
	"$tmp/stderr"

tu_done
