#!/bin/sh
# SPDX-License-Identifier: MIT
# cli.sh - the command-line contract of the real binary: --help, --version,
# usage errors, configuration errors and their exit statuses.
set -u
. "${top_srcdir:-.}/tests/lib.sh"

tu_tmp; out=$TU_TMP
cd "$out" || exit 99
export XDG_CONFIG_HOME="$out/nohome" XDG_CONFIG_DIRS="$out/nodirs"

# --version: GNU form, version from configure, stdout, exit 0.
v=$("$OPTICURE" --version); rc=$?
check "version exit 0" [ "$rc" -eq 0 ]
first=$(printf '%s\n' "$v" | head -n1)
check_match "version line" "$first" '^opticure \(opticure\) [0-9]+\.[0-9]+\.[0-9]+$'

# --help: stdout, exit 0, ends with bug-report and home-page lines.
h=$("$OPTICURE" --help 2>/dev/null); rc=$?
check "help exit 0" [ "$rc" -eq 0 ]
check_match "help usage" "$h" '^Usage: opticure'
check_match "help bug line" "$(printf '%s\n' "$h" | tail -n2 | head -n1)" '^Report bugs to: '
check_match "help home page" "$(printf '%s\n' "$h" | tail -n1)" 'home page: <'
"$OPTICURE" --help --batch >/dev/null; check "help with batch exit 0" [ $? -eq 0 ]

# A write error on stdout is reported (exit 74).
if [ -w /dev/full ]; then
  "$OPTICURE" --help >/dev/full 2>err.txt; rc=$?
  check "help >/dev/full exits 74" [ "$rc" -eq 74 ]
  check_match "write error message" "$(cat err.txt)" 'write error'
fi

# Usage errors: exit 64 with the Try line on stderr, nothing on stdout.
for args in "--bogus" "-x" "--batch --generate" "--seed=-1" "--rows=0" "-m xgb" \
            "-f yaml" "-j 0" "stray" "--predict"; do
  # shellcheck disable=SC2086
  "$OPTICURE" $args >stdout.txt 2>stderr.txt; rc=$?
  check "'$args' exits 64" [ "$rc" -eq 64 ]
  check "'$args' prints nothing on stdout" [ ! -s stdout.txt ]
  check_match "'$args' says Try" "$(tail -n1 stderr.txt)" "^Try 'opticure --help' for more information\.$"
done

# An option the chosen mode has no use for is refused, not ignored: exit
# 64, naming the option and the mode.
while IFS='|' read -r args opt mode; do
  # shellcheck disable=SC2086
  "$OPTICURE" $args >stdout.txt 2>stderr.txt; rc=$?
  check "'$args' exits 64" [ "$rc" -eq 64 ]
  check "'$args' prints nothing on stdout" [ ! -s stdout.txt ]
  check_match "'$args' names $opt and $mode" "$(head -n1 stderr.txt)" \
    "^opticure: option '$opt' cannot be used with $mode \\(only with .*\\)$"
done <<'EOF'
--generate -d x.csv|--data|--generate
--generate -t x.csv|--test-data|--generate
--generate -m rf|--model|--generate
--generate -f json|--format|--generate
--generate --mouse|--mouse|--generate
--predict=F -f json|--format|--predict
--predict=F --seed=3|--seed|--predict
--predict=F --rows=3|--rows|--predict
--predict=F -d x.csv|--data|--predict
--predict=F --ascii|--ascii|--predict
--batch -m rf|--model|--batch
--batch --no-color|--no-color|--batch
--batch --ascii|--ascii|--batch
--print-config -f csv|--format|--print-config
--print-config -m rf|--model|--print-config
--print-config -j 2|--jobs|--print-config
--print-config --ascii|--ascii|--print-config
-f csv|--format|the dashboard
EOF
# ... and the options a mode does use are accepted.
"$OPTICURE" --generate -q -C gen -j 2 --seed=3 --rows=20 -c /dev/null; rc=$?
check "--generate takes -c -C --seed --rows -q -j" [ "$rc" -eq 0 ]
p=$("$OPTICURE" --print-config -c /dev/null -C o -d d.csv -t t.csv --seed=3 --rows=9 \
    --no-color --mouse -v 2>/dev/null); rc=$?
check "--print-config takes what changes the configuration" [ "$rc" -eq 0 ]
check_match "--print-config shows -t" "$p" '^test_data = t\.csv$'
check_match "--print-config shows --mouse" "$p" '^mouse = true$'

# Configuration errors: exit 78.
"$OPTICURE" -c missing.ini --batch 2>err.txt; rc=$?
check "missing --config exits 78" [ "$rc" -eq 78 ]
check_match "missing config named" "$(cat err.txt)" 'missing\.ini'

printf '[split]\ntest_ratio = 1.5\n[data]\nbogus = 1\n' > bad.ini
"$OPTICURE" -c bad.ini --batch 2>err.txt; rc=$?
check "bad config exits 78" [ "$rc" -eq 78 ]
check_match "ratio error with line" "$(cat err.txt)" 'bad\.ini:2: \[split\] test_ratio: 1\.5 is outside \(0, 1\)'
check_match "unknown key with line" "$(cat err.txt)" 'bad\.ini:4: \[data\] bogus: unknown key'

# The configuration found through XDG_CONFIG_HOME is used and reported.
mkdir -p "$out/xdg/opticure"
printf '[data]\nrows = 77\n' > "$out/xdg/opticure/opticure.ini"
p=$(XDG_CONFIG_HOME="$out/xdg" "$OPTICURE" --print-config -v 2>err.txt)
check_match "xdg config used" "$p" '^rows = 77$'
check_match "verbose names the file" "$(cat err.txt)" "configuration: $out/xdg/opticure/opticure.ini"
# ... and a command-line option overrides it.
p=$(XDG_CONFIG_HOME="$out/xdg" "$OPTICURE" --print-config --rows=5 --seed=9)
check_match "option overrides file" "$p" '^rows = 5$'
check_match "seed override" "$p" '^seed = 9$'

# With no configuration file, --print-config is the shipped etc/opticure.ini:
# one table feeds the loader, the example file and (see docs.sh) the man page.
"$OPTICURE" --print-config > printed.ini
check "print-config equals etc/opticure.ini" cmp -s printed.ini "$top_srcdir/etc/opticure.ini"

tu_done
