#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_retrain.sh - r trains in the background and writes nothing: every
# artifact stays byte-identical while the new models wait beside the
# current ones in the metrics pane; a second r says "already training";
# c (or Esc) cancels a run; k keeps the new models for this session only
# (the title says UNSAVED); d discards them; w replaces the artifacts
# through the pipeline's transaction and the status line names the files.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init
tui_train

sums() { (cd "$TUI_MODEL_DIR" && cksum curing_data.csv curing_data_metadata.json model_metrics.csv bat_curing_pipeline.model); }
same() { [ "$(sums)" = "$before" ] || tui_fail "$1: an artifact changed"; }
before=$(sums)

# --rows makes the new set differ from the committed one (and a run long
# enough to be cancelled by a key sent after it started).
tui_start 80 24 --rows=3000
tui_wait "PREMIUM"
tui_keys r r
tui_wait "already training (c or Esc cancels)"
tui_keys c
tui_wait "training cancelled; the artifacts are unchanged"
same "cancel"
# the first cancel's message is still shown: wait for the run to replace
# it, or the wait below would match it before Esc has acted
tui_keys r
tui_wait_gone "training cancelled; the artifacts are unchanged"
tui_keys Escape
tui_wait "training cancelled; the artifacts are unchanged"
same "Esc"

# The new models: current and new scores side by side, nothing written.
tui_keys r
tui_wait "new models: best"
tui_wait "w:replace artifacts"
tui_wait "Test-set scores, current then new"
tui_wait " new  "
same "trained"
tui_keys r
tui_wait "new models are waiting: w, k or d first"
same "r while waiting"
tui_keys d
tui_wait "new models discarded; the current ones stay in use"
tui_wait_gone " new  "
same "discard"

tui_keys r
tui_wait "w:replace artifacts"
tui_keys k
tui_wait "new models in use for this session only; the artifacts are unchanged"
tui_wait "UNSAVED, kept for this session"
same "keep"

# The message log has them all, in full.
tui_keys L
tui_wait "[Messages]"
tui_wait "already training (c or Esc cancels)"
tui_wait "new models discarded"
tui_keys Escape
tui_wait_gone "[Messages]"

tui_keys r
tui_wait "w:replace artifacts"
same "before w"
tui_keys w
tui_wait "replaced in "
tui_wait "curing_data.csv"
tui_wait "curing_data_metadata.json model_metrics.csv bat_curing_pipeline.model"
tui_wait_gone "UNSAVED"
[ "$(sums)" != "$before" ] || tui_fail "w wrote nothing"
rows=$(($(wc -l <"$TUI_MODEL_DIR/curing_data.csv") - 1))
[ "$rows" -eq 3000 ] || tui_fail "the data written has $rows rows, not 3000"
# What was written is what --batch writes for the same settings.
mkdir "$TUI_TMP/ref"
"$OPTICURE" --batch -q -C "$TUI_TMP/ref" --rows=3000 || tui_fail "--batch"
for f in curing_data.csv curing_data_metadata.json model_metrics.csv bat_curing_pipeline.model; do
	cmp -s "$TUI_TMP/ref/$f" "$TUI_MODEL_DIR/$f" || tui_fail "$f differs from --batch's"
done
tui_quit q "after q"
exit 0
