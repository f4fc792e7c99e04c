#!/bin/sh
# SPDX-License-Identifier: MIT
# valgrind.sh - the run modes under valgrind's memcheck: no invalid access,
# no uninitialised value used, no leak (definite, indirect or possible),
# with threads (-j 2), on the success paths and on error exits.  Skipped
# without valgrind, and in sanitizer or fuzzing builds (valgrind cannot run
# ASan binaries).
. "$top_srcdir/tests/fault_lib.sh"

if [ "${OC_SANITIZED:-no}" = yes ]; then
	echo "1..0 # SKIP sanitizer build"; exit 77
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind not installed"; exit 77
fi

# vg WANT NAME ARGS...: opticure ARGS under memcheck exits WANT (99 is
# memcheck's own verdict), with an empty configuration.
vg() {
	want=$1 what=$2
	shift 2
	expect_status "$want" "valgrind: $what" valgrind -q --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		"$OPTICURE" --config="$cfg" "$@" </dev/null
	grep -q '^==[0-9]*==' "$tmp/stderr" && sed -n '/^==[0-9]*==/p' "$tmp/stderr" | head -n 30
}

vg 0 "--batch (500 rows, four models, 2 threads)" --batch --dir="$tmp/a" --jobs=2 --quiet >/dev/null
mkdir "$tmp/g"
vg 0 "--generate" --generate --dir="$tmp/g" --quiet >/dev/null
for m in best lr rf gb svm; do
	vg 0 "--predict --model=$m" --predict="$tmp/a/curing_data.csv" --dir="$tmp/a" --model="$m" \
		>"$tmp/pred.csv"
done
check "--predict wrote every row" test "$(wc -l <"$tmp/pred.csv")" -eq 501
# Error exits free what they allocated too.
printf 'a,quality_grade\n1,A\nx,B\n' >"$tmp/bad.csv"
vg 65 "--batch on a malformed CSV" --batch --data="$tmp/bad.csv" --dir="$tmp/b" --quiet >/dev/null
vg 65 "--predict on a malformed CSV" --predict="$tmp/bad.csv" --dir="$tmp/a" >/dev/null
head -c 500 "$tmp/a/bat_curing_pipeline.model" >"$tmp/a/short.model"
mkdir "$tmp/t" && cp "$tmp/a/short.model" "$tmp/t/bat_curing_pipeline.model"
vg 65 "--predict with a truncated model" --predict="$tmp/a/curing_data.csv" --dir="$tmp/t" >/dev/null
: >"$tmp/plain"
vg 73 "--batch into an unwritable place" --batch --dir="$tmp/plain/x" --quiet >/dev/null
printf '[data]\nrows = x\n[s]\n' >"$tmp/bad.ini"
expect_status 78 "valgrind: a bad INI file" valgrind -q --leak-check=full \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	"$OPTICURE" --batch --config="$tmp/bad.ini" --dir="$tmp/b" --quiet </dev/null >/dev/null

tu_done
