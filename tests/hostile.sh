#!/bin/sh
# SPDX-License-Identifier: MIT
# hostile.sh - files written to attack: terminal escapes in messages, JSON
# that must stay valid UTF-8, INI files that would be silently misread.
. "$top_srcdir/tests/pipeline_lib.sh"
ESC=$(printf '\033')
BEL=$(printf '\007')

# no_raw_controls FILE: FILE holds no ESC, BEL or other C0 control but LF.
no_raw_controls() {
	! LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$1"
}

# --- terminal escapes from files are escaped in messages ---
printf '[data]\n%s]0;PWNED%s%s[2J = 3\n' "$ESC" "$BEL" "$ESC" >"$tmp/esc.ini"
expect_status 78 "INI key with terminal escapes" "$OPTICURE" --print-config --config="$tmp/esc.ini"
check "INI key with escapes: no raw control byte on stderr" no_raw_controls "$tmp/stderr"
check_match "INI key with escapes: shown escaped, with FILE:LINE" "$(cat "$tmp/stderr")" \
	'esc\.ini:2: \[data\] \\x1b\]0'
printf '[data]\nsource = x%s[2Jy\n' "$ESC" >"$tmp/esc2.ini"
expect_status 66 "a data path with an escape, from the INI file" \
	"$OPTICURE" --batch --config="$tmp/esc2.ini" --dir="$tmp/e2" </dev/null
check "data path with an escape: no raw control byte on stderr" no_raw_controls "$tmp/stderr"
printf 'a,b,quality_grade\n1,2,Premium\n1,%s]0;X%s,Standard\n' "$ESC" "$BEL" >"$tmp/esc.csv"
expect_status 65 "a CSV field with escapes" batch "$tmp/e3" --data="$tmp/esc.csv"
check "CSV field with escapes: no raw control byte on stderr" no_raw_controls "$tmp/stderr"
# Invalid UTF-8 and C1 controls are escaped; valid UTF-8 is kept.
printf '[data]\n\302\233x\377 = 1\n[d\303\251] \n' >"$tmp/c1.ini"
expect_status 78 "INI key with a C1 control and a byte that is not UTF-8" \
	"$OPTICURE" --print-config --config="$tmp/c1.ini"
check_match "C1 and invalid bytes escaped, UTF-8 kept" "$(cat "$tmp/stderr")" \
	'\\xc2\\x9bx\\xff'
check_match "valid UTF-8 kept in messages" "$(cat "$tmp/stderr")" "unknown section \[dé\]"

# --- JSON is valid UTF-8 whatever the bytes of paths and class names ---
bad=$(printf 'out\377dir')
expect_status 0 "--format json with a non-UTF-8 -C path" \
	batch "$tmp/$bad" --format=json --rows=60 >"$tmp/bad.json"
check "JSON with a non-UTF-8 path: valid UTF-8" iconv -f UTF-8 -t UTF-8 "$tmp/bad.json" -o /dev/null
check "JSON with a non-UTF-8 path: byte written as \\udcff" grep -q 'out\\udcffdir' "$tmp/bad.json"
{
	printf 'x,quality_grade\n'
	i=0
	while [ $i -lt 40 ]; do
		printf '%d,Pr\351mium\n%d,St\303\244ndard\n' $i $((i + 100))
		i=$((i + 1))
	done
} >"$tmp/latin1.csv"
expect_status 0 "--format json with a Latin-1 class name" \
	batch "$tmp/j" --data="$tmp/latin1.csv" --format=json >"$tmp/cls.json"
check "JSON with a Latin-1 class name: valid UTF-8" iconv -f UTF-8 -t UTF-8 "$tmp/cls.json" -o /dev/null
check "JSON: the Latin-1 byte as \\udce9, the UTF-8 name kept" \
	sh -c 'grep -q "Pr\\\\udce9mium" "$1" && grep -q "Ständard" "$1"' - "$tmp/cls.json"
if command -v jq >/dev/null 2>&1; then
	check "JSON with odd bytes parses (jq)" jq -e . "$tmp/bad.json" "$tmp/cls.json"
fi

# --- INI lines that would be silently misread ---
printf '[data]\rrows = 7\r' >"$tmp/cr.ini"
expect_status 78 "CR-only line ends" "$OPTICURE" --print-config --config="$tmp/cr.ini"
check_match "CR-only line ends: FILE:LINE and why" "$(cat "$tmp/stderr")" \
	"cr\.ini:1: carriage return inside a line"
printf '[data]\r\nrows = 7\r\n' >"$tmp/crlf.ini"
expect_status 0 "CRLF line ends are fine" "$OPTICURE" --print-config --config="$tmp/crlf.ini" >"$tmp/out"
check "CRLF: the setting applies" grep -q '^rows = 7$' "$tmp/out"
printf '[split]\ntest_ratio = 0.3\n[data] rows = 7\n' >"$tmp/junk.ini"
expect_status 78 "text after a section header" "$OPTICURE" --print-config --config="$tmp/junk.ini"
check_match "text after ']': FILE:LINE and why" "$(cat "$tmp/stderr")" \
	"junk\.ini:3: text after the section header"
printf '[data] ; the data\nrows = 7\n' >"$tmp/cmt.ini"
expect_status 0 "a comment after a section header is fine" \
	"$OPTICURE" --print-config --config="$tmp/cmt.ini" >"$tmp/out"
check "comment after ']': the setting applies" grep -q '^rows = 7$' "$tmp/out"

# --- item 15: numbers at and beyond the limits, one wording everywhere ---
"$OPTICURE" --generate --config="$cfg" --dir="$tmp/n" --rows=200 --quiet </dev/null
# file_with V: the generated data with V as the first feature of row 3.
file_with() {
	awk -F, -v v="$1" 'BEGIN { OFS = "," } NR == 3 { $1 = v } { print }' \
		"$tmp/n/curing_data.csv" >"$tmp/v.csv"
}
file_with 3.4028235e38
expect_status 0 "3.4028235e38 (FLT_MAX as written) is accepted for training" \
	batch "$tmp/v1" --data="$tmp/v.csv" >/dev/null
expect_status 0 "3.4028235e38 is accepted by --predict" \
	"$OPTICURE" --predict="$tmp/v.csv" --config="$cfg" --dir="$tmp/v1" </dev/null >"$tmp/out"
for v in 3.4028236e38 1e309 -1e309; do
	file_with "$v"
	expect_status 65 "$v in training data" batch "$tmp/v2" --data="$tmp/v.csv" >/dev/null
	check_match "$v in training data: value too large" "$(cat "$tmp/stderr")" \
		"v\.csv:3:1: value too large"
	expect_status 65 "$v in --predict input" \
		"$OPTICURE" --predict="$tmp/v.csv" --config="$cfg" --dir="$tmp/v1" </dev/null >/dev/null
	check_match "$v in --predict input: value too large" "$(cat "$tmp/stderr")" \
		"v\.csv:3:1: value too large"
done
file_with inf
expect_status 65 "inf in --predict input" \
	"$OPTICURE" --predict="$tmp/v.csv" --config="$cfg" --dir="$tmp/v1" </dev/null >/dev/null
check_match "inf: not a finite number, in both modes' words" "$(cat "$tmp/stderr")" \
	"not a finite number"
printf '[logistic_regression]\nC = 4.9e-324\n' >"$tmp/tinyc.ini"
expect_status 78 "[logistic_regression] C = 4.9e-324" \
	"$OPTICURE" --batch --config="$tmp/tinyc.ini" --dir="$tmp/c" --quiet </dev/null
check_match "C = 4.9e-324: names the key" "$(cat "$tmp/stderr")" \
	"tinyc\.ini:2: \[logistic_regression\] C: 4\.9e-324 must be at least 5\.6e-309"
printf '[logistic_regression]\nC = 1e-300\n[models]\nenabled = lr\n' >"$tmp/smallc.ini"
expect_status 0 "[logistic_regression] C = 1e-300 trains" \
	"$OPTICURE" --batch --config="$tmp/smallc.ini" --dir="$tmp/c2" --quiet </dev/null >/dev/null

tu_done
