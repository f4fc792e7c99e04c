#!/bin/sh
# SPDX-License-Identifier: MIT
# completion.sh - the bash completion offers what the real program takes:
# its options from --help, model names and formats for -m and -f, files
# and directories where paths go; nothing stale.
set -u
. "${top_srcdir:-.}/tests/lib.sh"

command -v bash >/dev/null 2>&1 || { echo "# bash not found"; exit 77; }
comp="$top_srcdir/completion/opticure"

# complete WORDS...: the completions bash would offer for the last word.
complete_words() {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _opticure
           printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$comp" "$@" 2>/dev/null
}

got=$(complete_words "$OPTICURE" --)
for opt in $("$OPTICURE" --help | grep -oE -- '^ +(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*'); do
  check_match "offers $opt" "$got" "^$opt=?\$"
done
check "offers nothing --help lacks" [ "$(printf '%s\n' "$got" | grep -c .)" -eq \
  "$("$OPTICURE" --help | grep -cE -- '^ +(-[a-zA-Z], )?--[a-z]')" ]
check "--mod completes to --model=" [ "$(complete_words "$OPTICURE" --mod)" = "--model=" ]
check "-m offers the models" [ "$(complete_words "$OPTICURE" -m '' | tr '\n' ' ')" = "best gb lr rf svm " ]
check "--model=s offers svm" [ "$(complete_words "$OPTICURE" --model=s)" = "svm" ]
check "-f offers the formats" [ "$(complete_words "$OPTICURE" -f '' | tr '\n' ' ')" = "csv json table " ]

tu_tmp
mkdir "$TU_TMP/subdir" && : > "$TU_TMP/data.csv"
check "-d completes files" [ "$(complete_words "$OPTICURE" -d "$TU_TMP/da")" = "$TU_TMP/data.csv" ]
check "-C completes directories only" [ "$(complete_words "$OPTICURE" -C "$TU_TMP/")" = "$TU_TMP/subdir" ]
check "--predict=F completes files" [ "$(complete_words "$OPTICURE" "--predict=$TU_TMP/d")" = "$TU_TMP/data.csv" ]
tu_done
