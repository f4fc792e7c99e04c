#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_cv.sh - the dashboard with cross-validation: the metrics pane shows
# each model's mean and standard deviation over the folds under the test
# metrics, the parameters a grid search chose and what the best was chosen
# by; training shows the cross-validation's fits, folds and candidates.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init

cat >"$TUI_TMP/grid.ini" <<'INI'
[cv]
folds = 5
shuffle = true
seed = 7
[select]
by = cv_accuracy
[random_forest]
n_estimators = 10, 50, 100
INI
"$OPTICURE" --batch -q -c "$TUI_TMP/grid.ini" -C "$TUI_MODEL_DIR" >/dev/null 2>"$TUI_TMP/batch.err" ||
	{ cat "$TUI_TMP/batch.err" >&2; echo "ERROR: --batch failed" >&2; exit 99; }

tui_start 120 50 -c "$TUI_TMP/grid.ini"
tui_wait "* best: top cv_accuracy, first of ties"
tui_wait "CV 5 folds shuffled: mean, ± std"
# rf's mean over the folds of the chosen candidate (n_estimators=50)
tui_wait "rf    0.993 0.993 0.993 1.000"
tui_wait "  ±   0.010 0.010 0.010 0.001"
tui_wait "rf   n_estimators=50"
tui_quit q "after q"

# Training from the start screen: a grid slow enough to be seen in the cv
# stage (3000 rows, 6 SVM candidates).
rm -f "$TUI_MODEL_DIR/bat_curing_pipeline.model"
printf '[data]\nrows = 3000\n[cv]\nfolds = 3\n[svm]\nC = 0.5, 1, 2\ngamma = scale, 0.05\n' \
	>"$TUI_TMP/slow.ini"
tui_start 120 50 -c "$TUI_TMP/slow.ini"
tui_wait "No model file yet"
tui_keys Enter
tui_wait "fits (3 folds x 9 candidates)"
tui_wait "CV 3 folds: mean, ± std"
tui_wait "svm  C="
tui_quit q "after training, q"
echo "PASS"
