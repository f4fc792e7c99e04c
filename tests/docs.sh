#!/bin/sh
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

# Keys and defaults, as the program itself renders them.
tu_tmp; tmp=$TU_TMP
"$OPTICURE" --print-config -c /dev/null > "$tmp/defaults.ini"
check "print-config exit 0" [ -s "$tmp/defaults.ini" ]
section=""
while IFS= read -r line; do
  case "$line" in
    \[*\]) section=$line
           check "opticure.ini.5 has section $section" grep -qF ".SS $section" "$man5" ;;
    \;*|"") ;;
    *) check "opticure.ini.5 documents $section $line" grep -qxF ".B $line" "$man5" ;;
  esac
done < "$tmp/defaults.ini"

tu_done
