#!/bin/sh
# SPDX-License-Identifier: MIT
# cpu-paths.sh - the fast paths for AVX2 and FMA (the SVM's kernel columns
# four at a time, glibc's exp four at a time) and for AVX-512 and AVX2
# (the trees' partition from comparison masks) change no bit: a batch run
# and --predict with OPTICURE_DISABLE_CPU_FEATURES=avx2,fma,avx512f, which
# takes the SSE2 loops, exp() one value at a time and scikit-learn's
# partition loop, and a batch run with avx512f off (AVX2's partition) and
# the forest's and boosting's --predict with it off (the walk instead of
# QuickScorer),
# write the same files as a run with every path this CPU has, on two-class
# curing data and on ten classes (digits: one-vs-one SVMs and boosting).
. "$top_srcdir/tests/pipeline_lib.sh"

# both NAME [OPTIONS...]: a batch run into $tmp/NAME-fast and, with the
# features disabled, into $tmp/NAME-slow; their model and metrics compared
both() {
	set_name=$1
	shift
	expect_status 0 "$set_name: batch" batch "$tmp/$set_name-fast" "$@" >/dev/null
	expect_status 0 "$set_name: batch without AVX2, FMA and AVX-512" \
		env OPTICURE_DISABLE_CPU_FEATURES=avx2,fma,avx512f \
		"$OPTICURE" --batch --config="$cfg" --dir="$tmp/$set_name-slow" --quiet "$@" \
		</dev/null >/dev/null
	# AVX2 without AVX-512: the trees' four-lane partition
	expect_status 0 "$set_name: batch without AVX-512" \
		env OPTICURE_DISABLE_CPU_FEATURES=avx512f \
		"$OPTICURE" --batch --config="$cfg" --dir="$tmp/$set_name-avx2" --quiet "$@" \
		</dev/null >/dev/null
	for f in model_metrics.csv bat_curing_pipeline.model; do
		check "$set_name: $f byte-identical" cmp "$tmp/$set_name-fast/$f" "$tmp/$set_name-slow/$f"
		check "$set_name: $f byte-identical without AVX-512" \
			cmp "$tmp/$set_name-fast/$f" "$tmp/$set_name-avx2/$f"
	done
}

printf '[data]\nrows = 3000\n' >"$cfg"
both curing
data=$tmp/curing-fast/curing_data.csv
expect_status 0 "curing: predict" "$OPTICURE" --predict "$data" --dir="$tmp/curing-fast" \
	--model=svm >"$tmp/fast.csv"
expect_status 0 "curing: predict without AVX2 and FMA" env OPTICURE_DISABLE_CPU_FEATURES=AVX2,FMA \
	"$OPTICURE" --predict "$data" --dir="$tmp/curing-fast" --model=svm >"$tmp/slow.csv"
check "curing: svm predictions byte-identical" cmp "$tmp/fast.csv" "$tmp/slow.csv"
check "curing: 3000 rows scored" test "$(wc -l <"$tmp/fast.csv")" -eq 3001

# The default model's forest (500 rows: trees of at most 32 leaves) and
# both boostings (depth 3) score with QuickScorer on AVX-512, the 3,000-row
# forest (bigger trees) walks; all must match the walk, which avx512f off
# takes for all.
printf '' >"$cfg"
expect_status 0 "default: batch" batch "$tmp/default" >/dev/null
for set in default curing-fast; do
	for m in rf gb; do
		expect_status 0 "$set: $m predict" "$OPTICURE" --predict "$data" --dir="$tmp/$set" \
			--model=$m >"$tmp/$m-fast.csv"
		expect_status 0 "$set: $m predict without AVX-512" \
			env OPTICURE_DISABLE_CPU_FEATURES=avx512f \
			"$OPTICURE" --predict "$data" --dir="$tmp/$set" --model=$m >"$tmp/$m-walk.csv"
		check "$set: $m predictions byte-identical" cmp "$tmp/$m-fast.csv" "$tmp/$m-walk.csv"
	done
done

printf '[data]\nlabel = digit\n[models]\nenabled = svm, gb\n[gradient_boosting]\nn_estimators = 20\n' >"$cfg"
both digits --data="$TESTS_FIXTURES/multiclass/digits/data.csv"

tu_done
