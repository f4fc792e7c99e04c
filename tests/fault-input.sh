#!/bin/sh
# SPDX-License-Identifier: MIT
# fault-input.sh - hostile input files through the real binary: each is
# refused with its exit status and a message, never a crash (no status
# above 128), never a hang, never an artifact changed.
#   INI files (exit 78): overlong lines, binary garbage, duplicate keys,
#   1,000 sections, an endless file (/dev/zero), a file over 1 MiB.
#   The model file (exit 65): truncated at every byte offset of a small
#   model, each byte flipped, over the 100 MiB limit (sparse, not read).
#   CSV input (exit 65): a field, a line and a record over the limits.
. "$top_srcdir/tests/fault_lib.sh"

# expect_refusal WANT NAME PATTERN COMMAND...: exit WANT, and PATTERN on stderr.
expect_refusal() {
	want=$1 what=$2 pat=$3
	shift 3
	expect_status "$want" "$what" "$@" >/dev/null
	check_match "$what: message" "$(cat "$tmp/stderr")" "$pat"
}

# --- INI files ---
ini() { "$OPTICURE" --print-config --config="$1" </dev/null; }
{ printf '[data]\nlabel = '; head -c 100000 /dev/zero | tr '\0' x; printf '\n'; } >"$tmp/long.ini"
expect_refusal 78 "INI: 100 000-character line" "long.ini:2: line too long" ini "$tmp/long.ini"
awk 'BEGIN { srand(7); for (i = 0; i < 8192; i++) printf "%c", int(rand() * 256) }' \
	</dev/null >"$tmp/garbage.ini"
expect_refusal 78 "INI: binary garbage" "garbage.ini:[0-9]+: " ini "$tmp/garbage.ini"
printf '[data]\nrows = 10\nrows = 20\n' >"$tmp/dup.ini"
expect_refusal 78 "INI: duplicate key" "dup.ini:3: \\[data\\] rows: duplicate key" ini "$tmp/dup.ini"
printf '[data]\nrows = 10\n[data]\nrows = 20\n' >"$tmp/dupsec.ini"
expect_refusal 78 "INI: duplicate key in a repeated section" "dupsec.ini:4: .*duplicate key" \
	ini "$tmp/dupsec.ini"
printf '[output]\ndir=;x\n' >"$tmp/semi.ini"
expect_refusal 78 "INI: a value starting with ';' (found by fuzzing)" \
	"semi.ini:2: \\[output\\] dir: value must not start with ';'" ini "$tmp/semi.ini"
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "[s%d]\nk = v\n", i }' </dev/null >"$tmp/1000.ini"
expect_refusal 78 "INI: 1,000 sections" "more errors not shown" ini "$tmp/1000.ini"
awk 'BEGIN { print "[data]"; for (i = 0; i < 1000; i++) print "[data]" }' </dev/null >"$tmp/1000d.ini"
expect_status 0 "INI: 1,000 repeats of a known section are harmless" ini "$tmp/1000d.ini" >/dev/null
expect_refusal 78 "INI: endless file (/dev/zero)" "file larger than 1048576 bytes" ini /dev/zero
awk 'BEGIN { for (i = 0; i < 50000; i++) print "; comment line number " i }' </dev/null >"$tmp/big.ini"
expect_refusal 78 "INI: file over 1 MiB" "big.ini:[0-9]+: file larger than 1048576 bytes" \
	ini "$tmp/big.ini"
make_sets
restore_old "$tmp/a"
expect_refusal 78 "INI: --batch refuses a hostile file" "garbage.ini" \
	batch "$tmp/a" --config="$tmp/garbage.ini"
check_state "INI: --batch refuses a hostile file" "$tmp/a" old

# --- the model file ---
printf '[data]\nrows = 40\n[models]\nenabled = lr\n' >"$tmp/lr.ini"
"$OPTICURE" --batch --config="$tmp/lr.ini" --dir="$tmp/m0" --quiet </dev/null >/dev/null || exit 99
model="$tmp/m0/bat_curing_pipeline.model"
size=$(wc -c <"$model")
mkdir "$tmp/m"
cp "$tmp/m0/curing_data.csv" "$tmp/rows.csv"
predict() { "$OPTICURE" --predict="$tmp/rows.csv" --config="$cfg" --dir="$tmp/m" </dev/null; }
cp "$model" "$tmp/m/"
expect_status 0 "model: the whole file predicts" predict >/dev/null
bad=0 i=0
while [ "$i" -lt "$size" ]; do
	head -c "$i" "$model" >"$tmp/m/bat_curing_pipeline.model"
	predict >/dev/null 2>"$tmp/stderr"
	st=$?
	if [ "$st" -ne 65 ] || ! grep -q "bat_curing_pipeline.model" "$tmp/stderr"; then
		bad=$((bad + 1))
		[ "$bad" -le 5 ] && echo "# cut at $i: exit $st: $(head -n 1 "$tmp/stderr")"
	fi
	i=$((i + 1))
done
check "model: truncated at each of $size offsets, exit 65 with a message ($bad wrong)" test "$bad" -eq 0
# One byte changed, at every 7th offset: the checksum (or the magic) catches it.
bad=0 i=0 n=0
while [ "$i" -lt "$size" ]; do
	{ head -c "$i" "$model"; printf '\001'; tail -c +$((i + 2)) "$model"; } \
		>"$tmp/m/bat_curing_pipeline.model"
	predict >/dev/null 2>"$tmp/stderr"
	st=$?
	[ "$st" -eq 65 ] || { bad=$((bad + 1)); echo "# byte $i changed: exit $st"; }
	i=$((i + 7)) n=$((n + 1))
done
check "model: a changed byte at $n offsets, exit 65 ($bad wrong)" test "$bad" -eq 0
: >"$tmp/m/bat_curing_pipeline.model"
truncate -s $((100 * 1024 * 1024 + 1)) "$tmp/m/bat_curing_pipeline.model" || exit 99
expect_refusal 65 "model: over 100 MiB (sparse)" "larger than 100 MiB, the limit for a model file" \
	predict

# --- CSV input over the limits ---
csv_refused() {
	expect_refusal 65 "CSV: $1" "$2" batch "$tmp/c" --data="$tmp/in.csv"
}
{ printf 'x,grade\n1,A\n2,'; head -c 5000 /dev/zero | tr '\0' B; printf '\n'; } >"$tmp/in.csv"
printf '[data]\nlabel = grade\n' >"$cfg"
csv_refused "a 5000-byte field" "in.csv:3:2: field longer than 4096 bytes"
awk 'BEGIN { printf "y"; for (i = 0; i < 1100; i++) printf ",c%d", i; print "" }' </dev/null >"$tmp/in.csv"
csv_refused "1,101 columns" "in.csv:1:1025: more than 1024 fields"
awk 'BEGIN { printf "grade"; for (i = 0; i < 300; i++) printf ",c%d", i; print "";
             s = sprintf("%04000d", 1); printf "A"; for (i = 0; i < 300; i++) printf ",%s", s; print "" }' \
	</dev/null >"$tmp/in.csv"
csv_refused "a 1.2 MB line" "in.csv:2:[0-9]+: line longer than 1048576 bytes"
: >"$cfg"

tu_done
