#!/bin/sh
# SPDX-License-Identifier: MIT
# layers.sh - src/ keeps its layers (CONTRIBUTING.md, "Where things live"):
# a file includes headers of its own folder and of the folders before it in
# the order core, data, ml, io, pipeline, then cmd and tui (one layer: the
# dashboard is one of the modes); every source file is in a layer's folder,
# and every include of a project header names its folder.
set -u
. "${top_srcdir:-.}/tests/lib.sh"

src="$top_srcdir/src"
rank() {
  case $1 in
  core) echo 1 ;; data) echo 2 ;; ml) echo 3 ;; io) echo 4 ;; pipeline) echo 5 ;;
  cmd | tui) echo 6 ;; *) echo 0 ;;
  esac
}

stray=$(find "$src" -maxdepth 1 -name '*.[ch]' | sed "s|^$src/||")
check "no source file outside a layer's folder${stray:+: $stray}" [ -z "$stray" ]

upward="" bare="" files=0
for f in "$src"/*/*.[ch]; do
  files=$((files + 1))
  layer=$(basename "$(dirname "$f")")
  mine=$(rank "$layer")
  if [ "$mine" -eq 0 ]; then
    upward="$upward ${f#"$src"/}(unknown folder)"
    continue
  fi
  for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
    case $inc in
    config.h) continue ;;
    */*) ;;
    *) [ -e "$src/$layer/$inc" ] || [ -e "$src/$inc" ] && bare="$bare ${f#"$src"/}:$inc"
       continue ;;
    esac
    theirs=$(rank "${inc%%/*}")
    [ "$theirs" -gt "$mine" ] && upward="$upward ${f#"$src"/}:$inc"
  done
done
check "files read ($files)" [ "$files" -gt 100 ]
check "no include of a later layer${upward:+:$upward}" [ -z "$upward" ]
check "project headers included by folder${bare:+:$bare}" [ -z "$bare" ]

tu_done
