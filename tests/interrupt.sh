#!/bin/sh
# SPDX-License-Identifier: MIT
# interrupt.sh - a batch run killed during training exits non-zero and leaves
# the previous artifacts intact with no temporary files.  The kill is timed
# by the run's own progress line, not by sleeping.
. "$top_srcdir/tests/pipeline_lib.sh"

expect_status 0 "first run" batch "$tmp/a" >/dev/null
mkdir "$tmp/old" && cp "$tmp/a"/* "$tmp/old/"
# A forest big enough that training is still running when the signal lands.
printf '[random_forest]\nn_estimators = 20000\n' >"$tmp/slow.ini"
mkfifo "$tmp/progress" || exit 99

for sig in TERM INT; do
	signal_at_progress "$sig" "train: rf" "$tmp/slow.ini" "$tmp/a"
	check "SIG$sig: progress line seen before the signal" test "$seen" = yes
	check "SIG$sig: non-zero exit ($status)" test "$status" -gt 128
	check "SIG$sig: reported on stderr" grep -q "interrupted" "$tmp/rest"
	check "SIG$sig: previous artifacts intact" same_files "$tmp/a" "$tmp/old"
	check "SIG$sig: no temporaries left" no_temporaries "$tmp/a"
done

tu_done
