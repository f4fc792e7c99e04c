#!/bin/sh
# SPDX-License-Identifier: MIT
# docs.sh - the man pages are lint-clean, and they cannot drift from the
# program: every long option of --help is in opticure(1), every INI key
# with its default is in opticure.ini(5).
set -u
. "${top_srcdir:-.}/tests/lib.sh"

man1="$top_builddir/man/opticure.1"
man5="$top_builddir/man/opticure.ini.5"

if [ -n "${GROFF_BIN:-}" ]; then
  for m in "$top_builddir"/man/*.[0-9]; do
    w=$("$GROFF_BIN" -man -ww -z "$m" 2>&1)
    check "groff clean: $(basename "$m")" [ -z "$w" ]
  done
else
  echo "# groff not found: lint skipped"
fi
if [ -n "${MANDOC_BIN:-}" ]; then
  for m in "$top_builddir"/man/*.[0-9]; do
    w=$("$MANDOC_BIN" -Tlint -W warning "$m" 2>&1)
    check "mandoc -Tlint clean: $(basename "$m")" [ -z "$w" ]
    [ -z "$w" ] || printf '%s\n' "$w" | head -n 20
  done
else
  echo "# mandoc not found: mandoc lint skipped"
fi
for m in "$top_builddir"/man/*.[0-9]; do
  check "$(basename "$m") has a date, not a placeholder" \
    grep -Eq '^\.TH [^ ]+ [0-9] "[0-9]{4}-[0-9]{2}-[0-9]{2}"' "$m"
done

for opt in $("$OPTICURE" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
  check "opticure.1 documents $opt" grep -q -e "$esc" -e "$opt" "$man1"
done

# Every exit status --help lists (it is made from OC_STATUS_TABLE) has its
# entry in opticure(1)'s EXIT STATUS.
statuses=$("$OPTICURE" --help | sed -n '/^Exit status:/,/^$/p' | tr ' ' '\n' | grep -x '[0-9][0-9]*')
check "--help lists exit statuses" [ -n "$statuses" ]
for st in $statuses; do
  check "opticure.1 documents exit status $st" grep -qx ".B $st" "$man1"
done

# Keys and defaults, as the program itself renders them.
tu_tmp; tmp=$TU_TMP
"$OPTICURE" --print-config -c /dev/null > "$tmp/defaults.ini"
check "print-config exit 0" [ -s "$tmp/defaults.ini" ]
# The text of a key's entry in opticure.ini.5: the lines after ".B KEY = ..."
# in section SECTION up to the next entry, joined, roff escapes undone.
man_entry() {
  awk -v sec=".SS $1" -v key=".B $2 =" '
    /^\.S[SH]/ { in_sec = ($0 == sec); grab = 0; next }
    /^\.TP/ { grab = 0; next }
    in_sec && index($0, key) == 1 { grab = 1; next }
    grab { gsub(/\\-/, "-"); gsub(/^\.[A-Z]+ /, ""); printf "%s ", $0 }
  ' "$man5"
}

section=""; range=""
while IFS= read -r line; do
  case "$line" in
    \[*\]) section=$line
           check "opticure.ini.5 has section $section" grep -qF ".SS $section" "$man5" ;;
    # The key's bounds, from the table: "; Doc (1 to 64)."
    \;*\)\.) range=${line%).}; range=${range##*(} ;;
    \;*|"") ;;
    *) check "opticure.ini.5 documents $section $line" grep -qxF ".B $line" "$man5"
       if [ -n "$range" ]; then
         key=${line%% =*}
         check "opticure.ini.5 gives $section $key its range ($range)" \
           eval 'man_entry "$section" "$key" | grep -qF -- "$range"'
       fi
       range="" ;;
  esac
done < "$tmp/defaults.ini"

tu_done
