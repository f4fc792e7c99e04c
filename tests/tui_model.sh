#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_model.sh - -m picks the model the dashboard shows.  A model file
# without that model is refused before the terminal is touched, with the
# line --predict prints and exit 64; a model the file has is used (not the
# best).  Fit times, which the model file leaves out, read n/a with a note
# until a model is trained in the dashboard; training with a configuration
# that leaves the -m model out says so in the status line.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init

# A model file with lr and gb only.
printf '[models]\nenabled = lr, gb\n' >"$TUI_TMP/lrgb.ini"
"$OPTICURE" --batch -q -c "$TUI_TMP/lrgb.ini" -C "$TUI_MODEL_DIR" >/dev/null 2>"$TUI_TMP/batch.err" ||
	{ cat "$TUI_TMP/batch.err" >&2; echo "ERROR: --batch failed" >&2; exit 99; }
printf 'barn_temperature,barn_humidity,leaf_moisture,airflow_rate,curing_time_hours\n70,60,18,15,144\n' \
	>"$TUI_TMP/rows.csv"
"$OPTICURE" -C "$TUI_MODEL_DIR" -m rf --predict "$TUI_TMP/rows.csv" >/dev/null 2>"$TUI_TMP/predict.err"
rc=$?
[ $rc -eq 64 ] || tui_fail "--predict -m rf: exit $rc"

# The dashboard on a terminal, its stderr kept apart.
cat >"$TUI_TMP/dash.sh" <<EOS
#!/bin/sh
"$OPTICURE" -C "$TUI_MODEL_DIR" -m rf 2>"$TUI_TMP/dash.err"; echo "RF rc=\$?"
echo DONE
exec sleep 600
EOS
"$TMUX_BIN" -u -L "$TUI_SOCKET" -f /dev/null new-session -d -x 80 -y 24 \
	"env TERM=screen LC_ALL=C.UTF-8 sh '$TUI_TMP/dash.sh'" || tui_fail "cannot start tmux"
tui_wait "DONE"
tui_screen | grep -F -q "RF rc=64" || tui_fail "dashboard -m rf without rf: not exit 64"
[ "$(wc -l <"$TUI_TMP/dash.err")" -eq 1 ] || tui_fail "not one line: $(cat "$TUI_TMP/dash.err")"
cmp -s "$TUI_TMP/dash.err" "$TUI_TMP/predict.err" ||
	tui_fail "dashboard says '$(cat "$TUI_TMP/dash.err")', --predict '$(cat "$TUI_TMP/predict.err")'"
grep -F -q "has no 'rf' model (it holds: lr gb)" "$TUI_TMP/dash.err" ||
	tui_fail "message: $(cat "$TUI_TMP/dash.err")"
tui_stop

# A model the file has is the one shown, though another is best.
tui_start 80 24 -m lr
tui_wait "model: LR  accuracy"
# Fit times are not in the file.
tui_wait "   n/a   "
tui_wait "n/a: fit times not saved; r retrains"
tui_quit q "after q"

# No model file, -m rf, a configuration without rf: train from the start
# screen; the status line says rf is missing, and the fit times show.
rm -f "$TUI_MODEL_DIR/bat_curing_pipeline.model"
tui_start 80 24 -c "$TUI_TMP/lrgb.ini" -m rf
tui_wait "No model file yet"
tui_keys Enter
tui_wait "trained, but without a 'rf' model ([models] enabled); showing"
tui_wait "PREMIUM"
tui_wait_gone "n/a"
tui_screen | grep -E -q 'LR +([01]\.[0-9]{3} +){4}[0-9]+\.[0-9]{3}' ||
	tui_fail "no fit time after training"
tui_quit q "after q"
exit 0
