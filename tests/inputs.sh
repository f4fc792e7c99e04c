#!/bin/sh
# SPDX-License-Identifier: MIT
# inputs.sh - every input is read once and nothing makes opticure hang:
#   --data from a pipe (<(...)), from standard input (-) and from a FIFO
#   written once trains, and the model records the SHA-256 of exactly the
#   bytes trained on;
#   a FIFO nobody writes to, as --data, --test-data, --config, --predict or
#   the model file, is refused within seconds (exit 66, named);
#   the model file must be a regular file (a directory, a FIFO: 66);
#   a path longer than the system's limit, or with a name longer than its
#   NAME_MAX, is refused with the system's message (66 as --data, 73 as
#   --dir), never cut short; a directory more than 4096 bytes deep works
#   through relative paths.
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

# --- a path over the system's limit: the system's error, not truncated ---
long="$tmp/d"
while [ ${#long} -lt 4090 ]; do long="$long/x"; done
expect_status 66 "--data of 4099 bytes" batch "$tmp/l" --data="$long/f.new" >/dev/null
check_match "overlong --data: the system's message, whole" "$(cat "$tmp/stderr")" \
	"/x/x/f\\.new: cannot open: File name too long"
check "overlong path: nothing written" test -z "$(ls -A "$tmp/l" 2>/dev/null)"
expect_status 73 "--dir of 4099 bytes" batch "$long/outdir" >/dev/null
check_match "overlong --dir: the system's message, whole" "$(cat "$tmp/stderr")" \
	"cannot create directory .*/x/x/outdir: File name too long"
# --print-config opens nothing: a 10,000-byte --dir is printed whole
while [ ${#long} -lt 10000 ]; do long="$long/x"; done
"$OPTICURE" --print-config --config="$cfg" --dir="$long" </dev/null >"$tmp/printed" 2>"$tmp/stderr"
check "--print-config --dir of ${#long} bytes: exit 0 ($?)" test $? -eq 0
check "--print-config: the whole path" grep -qxF "dir = $long" "$tmp/printed"
name=$(printf '%0300d' 0)   # one name of 300 bytes, beyond NAME_MAX (255)
expect_status 66 "--data with a 300-byte name" batch "$tmp/l" --data="$tmp/$name.csv" >/dev/null
check_match "300-byte name as --data: the system's message" "$(cat "$tmp/stderr")" \
	"$name\\.csv: cannot open: File name too long"
expect_status 73 "--dir with a 300-byte name" batch "$tmp/$name" >/dev/null
check_match "300-byte name as --dir: the system's message" "$(cat "$tmp/stderr")" \
	"cannot create directory .*$name: File name too long"
expect_status 73 "--generate --dir with a 300-byte name" "$OPTICURE" --generate \
	--config="$cfg" --dir="$tmp/$name" --quiet </dev/null
expect_status 66 "--test-data with a 300-byte name" batch "$tmp/l" --test-data="$tmp/$name" \
	>/dev/null
check_match "300-byte name as --test-data: the system's message" "$(cat "$tmp/stderr")" \
	"$name: cannot open: File name too long"
expect_status 66 "--predict with a 300-byte name" "$OPTICURE" --predict="$tmp/$name" \
	--config="$cfg" --dir="$tmp/f" </dev/null >/dev/null
check_match "300-byte name as --predict: the system's message" "$(cat "$tmp/stderr")" \
	"$name: cannot open: File name too long"
expect_status 78 "--config with a 300-byte name" "$OPTICURE" --batch --config="$tmp/$name" \
	--dir="$tmp/l" --quiet </dev/null
check_match "300-byte name as --config: the system's message" "$(cat "$tmp/stderr")" \
	"$name: File name too long"

# --- deeper than PATH_MAX: 21 names of 200 bytes, reached step by step ---
comp=$(printf '%0200d' 1)
(
	cd "$tmp" && mkdir deep && cd deep || exit 1
	i=0
	while [ $i -lt 21 ]; do mkdir "$comp" && cd "$comp" || exit 1; i=$((i + 1)); done
	cp "$data" data.csv || exit 1
	echo "depth: ${#PWD} bytes" >&2
	[ ${#PWD} -gt 4096 ] || exit 1
	"$OPTICURE" --batch --config="$cfg" -d data.csv -C out --quiet </dev/null >/dev/null &&
		"$OPTICURE" --predict=data.csv --config="$cfg" -C out </dev/null >predicted.csv &&
		"$OPTICURE" --generate --config="$cfg" -C gen --rows=300 --quiet </dev/null &&
		cmp -s data.csv gen/curing_data.csv &&
		[ "$(sed -n 's/^data_sha256 //p' out/bat_curing_pipeline.model)" = "$data_sum" ] &&
		[ "$(wc -l <predicted.csv)" -eq 301 ]
) 2>"$tmp/stderr"
check "a directory deeper than 4096 bytes: -d and -C by relative paths train, score and generate" \
	test $? -eq 0
sed 's/^/# /' "$tmp/stderr"

tu_done
