#!/bin/sh
# SPDX-License-Identifier: MIT
# predict-stream.sh - `opticure --predict=-` as a streaming filter:
#   standard input to standard output gives the file mode's bytes, at every
#   --jobs, for two and three classes, and however the writer splits its
#   writes (7-byte writes through dd make the reader wait mid-line
#   thousands of times);
#   rows come out while the writer is still writing: the test holds a FIFO
#   open, writes a header, two rows and half of a third, and reads the
#   header and both scored rows from the output before it writes anything
#   else (a 60 s timeout turns a filter that waits for the end of its
#   input into a failure, not a hang; nothing sleeps);
#   input cut short by head -c: inside a row, exit 65 naming the line, the
#   rows before it written; inside the last value, the row is scored and a
#   warning says the last line has no line end;
#   peak RSS (/usr/bin/time) is the same for 100,000 and 2,000,000 rows
#   streamed through a pipe.
. "$top_srcdir/tests/pipeline_lib.sh"

expect_status 0 "batch" batch "$tmp/a" >/dev/null
data="$tmp/a/curing_data.csv"
predict() {     # predict INPUT [OPTIONS...]
	in=$1
	shift
	"$OPTICURE" --config="$cfg" --dir="$tmp/a" --predict="$in" "$@"
}

# --- the same bytes as the file mode ---
expect_status 0 "--predict=FILE" predict "$data" -j 1 </dev/null >"$tmp/file.csv"
for j in 1 2 3; do
	expect_status 0 "--predict=- -j $j" predict - -j $j <"$data" >"$tmp/stdin$j.csv"
	check "standard input, -j $j: the file mode's output" cmp -s "$tmp/file.csv" "$tmp/stdin$j.csv"
done
expect_status 0 "--predict - (separate argument) from a pipe" sh -c \
	'cat "$1" | "$2" --config="$3" --dir="$4" --predict - >"$5"' - "$data" "$OPTICURE" "$cfg" \
	"$tmp/a" "$tmp/pipe.csv"
check "from a pipe: the file mode's output" cmp -s "$tmp/file.csv" "$tmp/pipe.csv"

# three classes (one p_CLASS column each): the same bytes too
printf '[data]\ngrades = 3\n' >"$tmp/k3.ini"
expect_status 0 "batch, three classes" "$OPTICURE" --batch --config="$tmp/k3.ini" --dir="$tmp/k3" \
	--quiet </dev/null >/dev/null
expect_status 0 "three classes: --predict=FILE" "$OPTICURE" --config="$tmp/k3.ini" --dir="$tmp/k3" \
	--predict="$tmp/k3/curing_data.csv" -j 1 </dev/null >"$tmp/k3file.csv"
check "three classes: three probability columns" \
	sh -c 'head -n 1 "$1" | grep -q ",prediction,confidence,p_Premium,p_Reject,p_Standard$"' - \
	"$tmp/k3file.csv"
expect_status 0 "three classes: --predict=- in 7-byte writes, -j 2" sh -c \
	'dd if="$1" obs=7 status=none | "$2" --config="$3" --dir="$4" --predict=- -j 2 >"$5"' \
	- "$tmp/k3/curing_data.csv" "$OPTICURE" "$tmp/k3.ini" "$tmp/k3" "$tmp/k3stdin.csv"
check "three classes: standard input gives the file mode's output" \
	cmp -s "$tmp/k3file.csv" "$tmp/k3stdin.csv"

# 30,000 rows: many chunks, written 7 bytes at a time
expect_status 0 "generate 30,000 rows" "$OPTICURE" --generate --config="$cfg" --rows=30000 \
	--seed=11 --dir="$tmp/g" --quiet </dev/null
big="$tmp/g/curing_data.csv"
expect_status 0 "--predict of 30,000 rows, file" predict "$big" -j 2 </dev/null >"$tmp/bigfile.csv"
for j in 1 2; do
	expect_status 0 "30,000 rows in 7-byte writes, -j $j" sh -c \
		'dd if="$1" obs=7 status=none | "$2" --config="$3" --dir="$4" --predict=- -j "$5" >"$6"' \
		- "$big" "$OPTICURE" "$cfg" "$tmp/a" "$j" "$tmp/bigdd$j.csv"
	check "7-byte writes, -j $j: the file mode's output" cmp -s "$tmp/bigfile.csv" "$tmp/bigdd$j.csv"
done
check "30,000 rows and the header" test "$(wc -l <"$tmp/bigfile.csv")" -eq 30001

# --- rows come out before the input ends ---
for j in 1 2; do
	rm -f "$tmp/in.fifo" "$tmp/out.fifo"
	mkfifo "$tmp/in.fifo" "$tmp/out.fifo"
	predict - -j $j <"$tmp/in.fifo" >"$tmp/out.fifo" 2>"$tmp/stream.err" &
	pid=$!
	exec 3>"$tmp/in.fifo" 4<"$tmp/out.fifo"
	head -n 3 "$data" >&3
	sed -n 4p "$data" | cut -c 1-9 | tr -d '\n' >&3
	# read(1) takes one byte at a time from a pipe: exactly three lines
	timeout 60 sh -c 'for i in 1 2 3; do IFS= read -r l || exit 1; printf "%s\n" "$l"; done' \
		<&4 >"$tmp/early.csv"
	check "-j $j: header and two rows out while the writer holds the input open" \
		sh -c 'head -n 3 "$1" | cmp -s - "$2"' - "$tmp/file.csv" "$tmp/early.csv"
	sed -n 4p "$data" | cut -c 10- >&3
	sed -n '5,$p' "$data" >&3
	exec 3>&-
	cat <&4 >"$tmp/late.csv"
	exec 4<&-
	wait $pid
	check "-j $j: exit 0 once the writer closes" test $? -eq 0
	check "-j $j: early and late output together are the file mode's" \
		sh -c 'cat "$1" "$2" | cmp -s - "$3"' - "$tmp/early.csv" "$tmp/late.csv" "$tmp/file.csv"
done

# --- input cut short ---
cut_at=$(($(head -n 11 "$data" | wc -c) + 3))        # three bytes into line 12
expect_status 65 "head -c: cut inside a row" sh -c \
	'head -c "$1" "$2" | "$3" --config="$4" --dir="$5" --predict=- >"$6"' \
	- "$cut_at" "$data" "$OPTICURE" "$cfg" "$tmp/a" "$tmp/cut.csv"
check_match "cut inside a row: names line 12 and the missing fields" "$(cat "$tmp/stderr")" \
	"^opticure: -:12:2: too few fields: 1, expected 6$"
check "cut inside a row: the ten rows before it written" \
	sh -c 'head -n 11 "$1" | cmp -s - "$2"' - "$tmp/file.csv" "$tmp/cut.csv"
cut_at=$(($(head -n 11 "$data" | wc -c) - 3))        # inside line 11's last value
expect_status 0 "head -c: cut inside the last value of a row" sh -c \
	'head -c "$1" "$2" | "$3" --config="$4" --dir="$5" --predict=- >"$6"' \
	- "$cut_at" "$data" "$OPTICURE" "$cfg" "$tmp/a" "$tmp/cut2.csv"
check_match "cut inside a value: the warning says the last line has no line end" \
	"$(cat "$tmp/stderr")" \
	"^opticure: warning: -: the last line has no line end; if the input was cut short, its last row is incomplete$"
check "cut inside a value: ten rows scored" test "$(wc -l <"$tmp/cut2.csv")" -eq 11
predict "$data" </dev/null >/dev/null 2>"$tmp/whole.err"
check "a whole file: no such warning" sh -c '! grep -q "no line end" "$1"' - "$tmp/whole.err"

# --- memory: the same peak for 100,000 and 2,000,000 rows ---
if [ -x /usr/bin/time ] && [ "${OC_SANITIZED:-no}" != yes ]; then
	expect_status 0 "generate 100,000 rows" "$OPTICURE" --generate --config="$cfg" \
		--rows=100000 --seed=12 --dir="$tmp/h" --quiet </dev/null
	h="$tmp/h/curing_data.csv"
	# stream N copies of the rows behind one header: rows(N)
	rows() {
		cat "$h"
		i=1
		while [ "$i" -lt "$1" ]; do
			tail -n +2 "$h"
			i=$((i + 1))
		done
	}
	for n in 1 20; do
		rows $n | /usr/bin/time -o "$tmp/rss$n" -f %M "$OPTICURE" --config="$cfg" --dir="$tmp/a" \
			--predict=- -j 2 2>"$tmp/stderr" | wc -l >"$tmp/lines$n"
		echo "# $((n * 100000)) rows: peak RSS $(tail -n 1 "$tmp/rss$n") KiB"
	done
	check "100,000 rows all scored" test "$(cat "$tmp/lines1")" -eq 100001
	check "2,000,000 rows all scored" test "$(cat "$tmp/lines20")" -eq 2000001
	check "peak RSS for 2,000,000 rows within 2 MiB of that for 100,000" \
		test "$(tail -n 1 "$tmp/rss20")" -le $(($(tail -n 1 "$tmp/rss1") + 2048))
else
	echo "# SKIP RSS checks: /usr/bin/time missing or a sanitized build"
fi

tu_done
