# SPDX-License-Identifier: MIT
# lib.sh - helpers for the shell tests (sourced).  Each check prints one
# "ok"/"not ok" line; tu_done exits 1 if any failed.
tu_failed=0
tu_count=0
tu_dirs=""

# tu_tmp: sets TU_TMP to a fresh directory, removed when the test exits.
# (Call it directly, not in $(...): a subshell would run the cleanup.)
tu_tmp() {
  TU_TMP=$(mktemp -d "${TMPDIR:-/tmp}/opticure-test.XXXXXX") || exit 99
  tu_dirs="$tu_dirs $TU_TMP"
  # shellcheck disable=SC2064
  trap "rm -rf $tu_dirs" EXIT
}

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
  name=$1; shift
  tu_count=$((tu_count + 1))
  if "$@"; then
    echo "ok $tu_count - $name"
  else
    echo "not ok $tu_count - $name"
    tu_failed=$((tu_failed + 1))
  fi
}

# check_match NAME TEXT ERE: passes when a line of TEXT matches ERE.
check_match() {
  tu_count=$((tu_count + 1))
  if printf '%s\n' "$2" | grep -Eq -- "$3"; then
    echo "ok $tu_count - $1"
  else
    echo "not ok $tu_count - $1: no line matches /$3/ in:"
    printf '%s\n' "$2" | head -n 20 | sed 's/^/#   /'
    tu_failed=$((tu_failed + 1))
  fi
}

tu_done() {
  echo "$((tu_count - tu_failed)) passed, $tu_failed failed"
  [ "$tu_failed" -eq 0 ]
  exit $?
}
