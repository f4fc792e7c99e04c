#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_term.sh - the dashboard refuses what it cannot drive: stdin or stdout
# not a terminal (exit 64), TERM unset, unknown or dumb (exit 69, one line,
# no escape bytes).
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init

msg="opticure: not a terminal (use --batch)"
"$OPTICURE" -C "$TUI_MODEL_DIR" </dev/null >"$TUI_TMP/out" 2>"$TUI_TMP/err"
rc=$?
[ $rc -eq 64 ] || tui_fail "stdin and stdout not terminals: exit $rc"
[ "$(cat "$TUI_TMP/err")" = "$msg" ] || tui_fail "message: $(cat "$TUI_TMP/err")"
[ -s "$TUI_TMP/out" ] && tui_fail "wrote to stdout"

# One of the two a terminal is not enough: run inside tmux.
cat >"$TUI_TMP/half.sh" <<EOS
#!/bin/sh
echo x | "$OPTICURE" -C "$TUI_MODEL_DIR" 2>"$TUI_TMP/err1"; echo "IN rc=\$?"
"$OPTICURE" -C "$TUI_MODEL_DIR" >"$TUI_TMP/out2" 2>"$TUI_TMP/err2"; echo "OUT rc=\$?"
env -u TERM "$OPTICURE" -C "$TUI_MODEL_DIR" 2>"$TUI_TMP/err3"; echo "UNSET rc=\$?"
TERM=no-such-terminal-xyz "$OPTICURE" -C "$TUI_MODEL_DIR" 2>"$TUI_TMP/err4"; echo "UNKNOWN rc=\$?"
TERM=dumb "$OPTICURE" -C "$TUI_MODEL_DIR" 2>"$TUI_TMP/err5"; echo "DUMB rc=\$?"
echo DONE
exec sleep 600
EOS
"$TMUX_BIN" -u -L "$TUI_SOCKET" -f /dev/null new-session -d -x 80 -y 24 "sh '$TUI_TMP/half.sh'" ||
	tui_fail "cannot start tmux"
tui_wait "DONE"
screen=$(tui_screen)
for want in "IN rc=64" "OUT rc=64" "UNSET rc=69" "UNKNOWN rc=69" "DUMB rc=69"; do
	echo "$screen" | grep -q -F "$want" || tui_fail "expected $want"
done
for f in err1 err2; do
	[ "$(cat "$TUI_TMP/$f")" = "$msg" ] || tui_fail "$f: $(cat "$TUI_TMP/$f")"
done
for f in err3 err4 err5; do
	[ "$(wc -l <"$TUI_TMP/$f")" -eq 1 ] || tui_fail "$f is not one line: $(cat "$TUI_TMP/$f")"
	grep -q -e '--batch' "$TUI_TMP/$f" || tui_fail "$f does not suggest --batch"
done
grep -q "dumb" "$TUI_TMP/err5" || tui_fail "err5 does not name TERM"
grep -q "no-such-terminal-xyz" "$TUI_TMP/err4" || tui_fail "err4 does not name TERM"

# No escape byte reaches the terminal with TERM=dumb (raw bytes via script(1)).
if command -v script >/dev/null 2>&1; then
	TERM=dumb script -q -e -c "'$OPTICURE' -C '$TUI_MODEL_DIR'" "$TUI_TMP/typescript" \
		</dev/null >/dev/null 2>&1
	rc=$?
	[ $rc -eq 69 ] || tui_fail "TERM=dumb under script: exit $rc"
	esc=$(printf '\033')
	# script(1) adds its own header and trailer lines; look at the program's bytes.
	sed -e '/^Script started/d' -e '/^Script done/d' "$TUI_TMP/typescript" >"$TUI_TMP/bytes"
	if grep -q "$esc" "$TUI_TMP/bytes"; then
		od -c "$TUI_TMP/bytes" >&2
		tui_fail "TERM=dumb wrote escape bytes"
	fi
	grep -q "dumb" "$TUI_TMP/bytes" || tui_fail "TERM=dumb: no message on the terminal"
fi
exit 0
