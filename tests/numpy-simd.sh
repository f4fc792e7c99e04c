#!/bin/sh
# SPDX-License-Identifier: MIT
# numpy-simd.sh - [fidelity] numpy_simd end to end on
# tests/fixtures/numpy-simd/gb: scikit-learn 1.2.1 run on an AVX-512 Xeon
# (avx512f/) and with numpy's AVX-512 loops disabled (baseline/), where
# gradient boosting's prior log-odds differ by one ulp and its probabilities
# by up to 0.011.  With the matching setting, on any CPU, every model's
# test-row probabilities and metrics equal scikit-learn's; the model file
# and the JSON report say which setting and which numpy kernel ran.
. "$top_srcdir/tests/pipeline_lib.sh"
fx=$TESTS_FIXTURES/numpy-simd/gb

# run MODE: batch on the fixture into $tmp/MODE with [fidelity] numpy_simd = MODE
run() {
	printf '[data]\nlabel = grade\n[fidelity]\nnumpy_simd = %s\n' "$1" >"$tmp/$1.ini"
	"$OPTICURE" --batch --config="$tmp/$1.ini" --data="$fx/data.csv" --dir="$tmp/$1" \
		--quiet --format=json </dev/null >"$tmp/$1.json"
}

# within TOL FILE1 FILE2: numeric CSV files (header skipped, first column
# compared as text) agree to TOL; prints the largest difference.
within() {
	awk -F, -v tol="$1" '
		NR == FNR { for (i = 1; i <= NF; i++) a[FNR, i] = $i; n = FNR; next }
		FNR > 1 { for (i = 1; i <= NF; i++) {
			if ((FNR, i) in a == 0) { bad = 1; continue }
			if ($i ~ /^[a-z]/) { if ($i != a[FNR, i]) bad = 1; continue }
			d = $i - a[FNR, i]; if (d < 0) d = -d; if (d > max) max = d } }
		END { printf "max |d| %.3g\n", max; exit bad || max > tol || FNR != n }' "$2" "$3"
}

for mode in baseline avx512f; do
	ref=$fx/$mode
	expect_status 0 "$mode: batch" run "$mode"
	kernel=libm
	[ "$mode" = avx512f ] && kernel=avx512_skx
	check "$mode: model file records the setting and the kernel" \
		grep -qx "numpy_simd $mode $kernel" "$tmp/$mode/bat_curing_pipeline.model"
	check "$mode: JSON report records them" sh -c \
		'grep -q "\"numpy_simd\": \"$1\"" "$2" && grep -q "\"numpy_kernel\": \"$3\"" "$2"' \
		- "$mode" "$tmp/$mode.json" "$kernel"
	check "$mode: metrics equal scikit-learn's (1e-12)" within 1e-12 \
		"$ref/model_metrics.csv" "$tmp/$mode/model_metrics.csv"
	# the test rows in split order, scored by each model
	awk -F, 'NR == FNR { want[FNR] = $1 + 2; n = FNR; next } { line[FNR] = $0 }
	         FNR == 1 { print } END { for (i = 1; i <= n; i++) print line[want[i]] }' \
		"$ref/split_test.txt" "$fx/data.csv" >"$tmp/$mode.test.csv"
	for m in lr rf gb svm; do
		expect_status 0 "$mode: --predict -m $m" "$OPTICURE" --config="$tmp/$mode.ini" \
			--dir="$tmp/$mode" --predict="$tmp/$mode.test.csv" --model="$m" \
			</dev/null >"$tmp/$mode.$m.out"
		awk -F, -v OFS=, '{ print $(NF - 1), $NF }' "$tmp/$mode.$m.out" >"$tmp/$mode.$m.p"
		# logistic regression is solved to the exact optimum, where
		# scikit-learn's lbfgs stops early (README, Parity): 5.4e-5 here
		tol=1e-12
		[ "$m" = lr ] && tol=1e-4
		check "$mode: $m test-row probabilities equal scikit-learn's ($tol)" within "$tol" \
			"$ref/proba_$m.csv" "$tmp/$mode.$m.p"
	done
done
check "the two settings give different gradient boosting probabilities" sh -c \
	'! cmp -s "$1" "$2"' - "$tmp/baseline.gb.p" "$tmp/avx512f.gb.p"

# auto: numpy's choice on this CPU, recorded; its results are those of the
# kernel it names (the fixtures cover libm and avx512_skx)
expect_status 0 "auto: batch" run auto
kernel=$(awk '$1 == "numpy_simd" { print $3 }' "$tmp/auto/bat_curing_pipeline.model")
check_match "auto: a kernel is recorded ($kernel)" "$kernel" '^(libm|avx512f|avx512_skx)$'
case $kernel in
libm) same=baseline ;;
avx512_skx) same=avx512f ;;
*) same= ;;
esac
if [ -n "$same" ]; then
	check "auto: the same artifacts as $same but for the numpy_simd line" sh -c '
		strip() { grep -v "^numpy_simd \|^crc32 " "$1"; }
		cmp -s "$1/model_metrics.csv" "$2/model_metrics.csv" &&
		strip "$1/bat_curing_pipeline.model" >"$1.m" && strip "$2/bat_curing_pipeline.model" >"$2.m" &&
		cmp -s "$1.m" "$2.m"' - "$tmp/auto" "$tmp/$same"
fi
# numpy's NPY_DISABLE_CPU_FEATURES: with the AVX-512 groups hidden numpy
# uses the C library whatever the CPU, and so does auto
export NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
expect_status 0 "auto with numpy's AVX-512 loops disabled: batch" run auto
unset NPY_DISABLE_CPU_FEATURES
check "auto with them disabled: the C library, as baseline" sh -c '
	grep -qx "numpy_simd auto libm" "$1/bat_curing_pipeline.model" &&
	cmp -s "$1/model_metrics.csv" "$2/model_metrics.csv"' - "$tmp/auto" "$tmp/baseline"
tu_done
