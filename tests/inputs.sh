#!/bin/sh
# SPDX-License-Identifier: MIT
# inputs.sh - every input is read once and nothing makes opticure hang:
#   --data from a pipe (<(...)), from standard input (-) and from a FIFO
#   written once trains, and the model records the SHA-256 of exactly the
#   bytes trained on;
#   a FIFO nobody writes to, as --data, --test-data, --config, --predict or
#   the model file, is refused within seconds (exit 66, named);
#   the model file must be a regular file (a directory, a FIFO: 66);
#   a path longer than the system's limit is refused, never cut short.
. "$top_srcdir/tests/pipeline_lib.sh"

"$OPTICURE" --generate --config="$cfg" --dir="$tmp/g" --rows=300 --quiet </dev/null ||
	{ echo "Bail out! cannot generate data"; exit 99; }
data="$tmp/g/curing_data.csv"
data_sum=$(sha256sum "$data" | cut -d' ' -f1)
model_sha() {
	sed -n 's/^data_sha256 //p' "$1/bat_curing_pipeline.model"
}

# --- pipes, standard input, FIFOs as --data: read once, hashed as read ---
expect_status 0 "--data from a pipe" sh -c \
	'cat "$1" | "$2" --batch --config="$3" --dir="$4" --quiet --data=/dev/stdin >/dev/null' \
	- "$data" "$OPTICURE" "$cfg" "$tmp/p"
check "pipe: data_sha256 is the data's ($(model_sha "$tmp/p") = $data_sum)" test "$(model_sha "$tmp/p")" = "$data_sum"
expect_status 0 "--data=- (standard input)" sh -c \
	'"$2" --batch --config="$3" --dir="$4" --quiet --data=- <"$1" >/dev/null' \
	- "$data" "$OPTICURE" "$cfg" "$tmp/s"
check "standard input: data_sha256 is the data's" test "$(model_sha "$tmp/s")" = "$data_sum"
mkfifo "$tmp/fifo"
cat "$data" >"$tmp/fifo" &
expect_status 0 "--data from a FIFO written once" batch "$tmp/f" --data="$tmp/fifo" >/dev/null
wait
check "FIFO: data_sha256 is the data's" test "$(model_sha "$tmp/f")" = "$data_sum"
check "FIFO: the model scores the same as from the file" sh -c \
	'"$1" --batch --config="$2" --dir="$3" --quiet --data="$4" >/dev/null &&
	 cmp -s "$3/bat_curing_pipeline.model" "$5/bat_curing_pipeline.model"' \
	- "$OPTICURE" "$cfg" "$tmp/r" "$data" "$tmp/f"

# --- FIFOs nobody writes to: refused, named, exit 66 (run side by side) ---
mkfifo "$tmp/silent"
"$OPTICURE" --batch --config="$cfg" --dir="$tmp/x1" --data="$tmp/silent" </dev/null \
	>/dev/null 2>"$tmp/e1" &
p1=$!
"$OPTICURE" --batch --config="$cfg" --dir="$tmp/x2" --data="$data" --test-data="$tmp/silent" \
	</dev/null >/dev/null 2>"$tmp/e2" &
p2=$!
"$OPTICURE" --batch --config="$tmp/silent" --dir="$tmp/x3" </dev/null >/dev/null 2>"$tmp/e3" &
p3=$!
"$OPTICURE" --predict="$tmp/silent" --config="$cfg" --dir="$tmp/r" </dev/null >/dev/null 2>"$tmp/e4" &
p4=$!
mkdir "$tmp/fm" && mkfifo "$tmp/fm/bat_curing_pipeline.model"
"$OPTICURE" --predict="$data" --config="$cfg" --dir="$tmp/fm" </dev/null >/dev/null 2>"$tmp/e5" &
p5=$!
for what in "1 --data" "2 --test-data" "3 --config" "4 --predict"; do
	set -- $what
	eval "wait \$p$1"
	st=$?
	check "FIFO without a writer as $2: exit 66 ($st)" test "$st" -eq 66
	check_match "FIFO without a writer as $2: named" "$(cat "$tmp/e$1")" \
		"silent: a FIFO nothing was written to within 5 seconds"
done
wait $p5
st=$?
check "FIFO as the model file: exit 66 ($st)" test "$st" -eq 66
check_match "FIFO as the model file: not a regular file" "$(cat "$tmp/e5")" \
	"bat_curing_pipeline\.model: cannot open: not a regular file"
mkdir -p "$tmp/dm/bat_curing_pipeline.model"
expect_status 66 "a directory as the model file" \
	"$OPTICURE" --predict="$data" --config="$cfg" --dir="$tmp/dm" </dev/null
check_match "directory as the model file: says so" "$(cat "$tmp/stderr")" "Is a directory"

# --- a path over the system's limit: refused, not truncated ---
long="$tmp/d"
while [ ${#long} -lt 4090 ]; do long="$long/x"; done
cp "$data" "$tmp/d.csv" 2>/dev/null
expect_status 64 "--data of 4099 bytes" batch "$tmp/l" --data="$long/f.new" >/dev/null
check_match "overlong path: says why" "$(cat "$tmp/stderr")" "path longer than 4095 bytes"
check "overlong path: nothing written" test ! -e "$tmp/l"
expect_status 64 "--dir of 4099 bytes" batch "$long/outdir" >/dev/null

tu_done
