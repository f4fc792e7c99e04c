#!/bin/sh
# SPDX-License-Identifier: MIT
# interrupt.sh - a batch run killed during training (two classes, and a
# ten-class fit on threads) exits non-zero and leaves the previous artifacts
# intact with no temporary files.  The kill is timed
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

# A ten-class fit: gradient boosting grows each stage's ten trees on the
# --jobs threads of one team (core/team.h) and looks for the signal before
# every stage.  Left alone, 100,000 stages on digits would run for most of
# an hour: the stop must come from the signal.  `timeout` only keeps a
# broken cancel from hanging the suite; its own end would show as exit 124.
digits="$TESTS_FIXTURES/multiclass/digits/data.csv"
digits_ini() {
	printf '[data]\nlabel = digit\nsource = %s\n[models]\nenabled = gb\n' "$digits"
	printf '[gradient_boosting]\nn_estimators = %s\n' "$1"
}
digits_ini 3 >"$tmp/digits.ini"
expect_status 0 "ten classes: first run" "$OPTICURE" --batch --config="$tmp/digits.ini" \
	--dir="$tmp/d" --quiet </dev/null >/dev/null
mkdir "$tmp/dold" && cp "$tmp/d"/* "$tmp/dold/"
digits_ini 100000 >"$tmp/digits.ini"
# --foreground: without it timeout passes the signal to the run and then
# to its whole process group, so the run gets it twice, and a second
# signal ends opticure at once, by design, without its message (seen in
# 3 of 18 runs of this test side by side).
guard="timeout --foreground 900"
for sig in TERM INT; do
	signal_at_progress "$sig" "train: gb" "$tmp/digits.ini" "$tmp/d" --jobs=2
	check "ten classes, SIG$sig: progress line seen before the signal" test "$seen" = yes
	check "ten classes, SIG$sig: stopped by the signal ($status)" test "$status" -gt 128
	check "ten classes, SIG$sig: reported on stderr" grep -q "interrupted" "$tmp/rest"
	check "ten classes, SIG$sig: the fit did not finish" sh -c '! grep -q "evaluate: gb" "$1"' - "$tmp/rest"
	# a CSV source: the run writes the model and the metrics, no data
	check "ten classes, SIG$sig: previous artifacts intact" sh -c 'cmp "$1/$3" "$2/$3" && cmp "$1/$4" "$2/$4"' - \
		"$tmp/d" "$tmp/dold" bat_curing_pipeline.model model_metrics.csv
	check "ten classes, SIG$sig: no temporaries left" no_temporaries "$tmp/d"
done
guard=

tu_done
