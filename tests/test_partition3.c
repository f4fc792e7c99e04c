/* SPDX-License-Identifier: MIT */
/* test_partition3.c - the 3-way partition of the trees' introsort
 * (partition3.c): the plain loop and the AVX-512 and AVX2 forms leave
 * every element where scikit-learn's loop does.  That loop is written out
 * here as _splitter.pyx has it, on two arrays (values and rows).  The
 * draws are made of few distinct values, so that the elements equal to
 * the pivot, whose order is the queue of partition3.c's step 3, are many;
 * lengths cross every multiple of eight, and the values include signed
 * zeros, infinities and NaN (which compares neither below nor above);
 * half the arrays come with their values in order, as the trees'
 * presorted sorts pass them, for the counts by bisection. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpu.h"
#include "ml/partition3.h"
#include "testutil.h"

static uint64_t state = 0x9e3779b97f4a7c15u;

static size_t pick(size_t n)
{
	return (size_t)(tu_xorshift(&state) >> 11) % n;
}

/* scikit-learn 1.2 _splitter.pyx: swap, and introsort's partition on Xf
 * and samples */
static void swap(float *Xf, uint32_t *samples, size_t i, size_t j)
{
	float tx = Xf[i];
	Xf[i] = Xf[j];
	Xf[j] = tx;
	uint32_t ts = samples[i];
	samples[i] = samples[j];
	samples[j] = ts;
}

static void reference(float *Xf, uint32_t *samples, size_t n, float pivot, size_t *lo,
                      size_t *hi)
{
	size_t i = 0, l = 0, r = n;
	while (i < r) {
		if (Xf[i] < pivot) {
			swap(Xf, samples, i, l);
			i += 1;
			l += 1;
		} else if (Xf[i] > pivot) {
			r -= 1;
			swap(Xf, samples, i, r);
		} else {
			i += 1;
		}
	}
	*lo = l;
	*hi = r;
}

/* introsort's median3 (the pivot it partitions around) */
static float median3(const float *x, size_t n)
{
	float a = x[0], b = x[n / 2], c = x[n - 1];
	if (a < b) {
		if (b < c)
			return b;
		else if (a < c)
			return c;
		return a;
	} else if (b < c) {
		if (a < c)
			return a;
		return c;
	}
	return b;
}

struct tally {
	long arrays, differ, with_queue;
};

static void fill(float *x, size_t n)
{
	static const float odd[] = { 0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1e-45f, -1e-45f };
	size_t k = 1 + pick(pick(4) ? 12 : n);   /* distinct values: mostly few */
	int kind = (int)pick(8);
	for (size_t i = 0; i < n; i++) {
		size_t v = pick(k);
		if (kind == 0 && pick(6) == 0)
			x[i] = odd[pick(sizeof odd / sizeof *odd)];
		else if (kind == 1)
			x[i] = (float)v * 0.01f + 20.0f;    /* two-decimal sensor values */
		else
			x[i] = (float)v - (float)(k / 2);
	}
}

/* One array through the reference and fn; counts a difference in the
 * permutation or the bounds. */
static int by_value(const void *p, const void *q)
{
	float u = ((const struct oc_kv *)p)->x, v = ((const struct oc_kv *)q)->x;
	return (u > v) - (u < v);
}

static void one(oc_partition3_fn *fn, size_t n, float *x, struct oc_kv *a, uint32_t *s,
                struct oc_kv *sorted, struct oc_kv *scratch, struct tally *t)
{
	fill(x, n);
	float pivot;
	switch (pick(4)) {
	case 0:
		pivot = x[pick(n)];
		break;
	case 1:
		pivot = (float)pick(8) - 3.5f;          /* often no element equal */
		break;
	default:
		pivot = median3(x, n);
		break;
	}
	for (size_t i = 0; i < n; i++) {
		a[i].x = x[i];
		a[i].s = (uint32_t)i;
		s[i] = (uint32_t)i;
	}
	/* half the time the caller knows the values in order (no NaN), as
	 * the trees' presorted sorts do */
	int has_nan = isnan(pivot);
	for (size_t i = 0; i < n; i++)
		has_nan |= isnan(x[i]);
	int with_sorted = !has_nan && pick(2);
	if (with_sorted) {
		memcpy(sorted, a, n * sizeof *a);
		qsort(sorted, n, sizeof *sorted, by_value);
	}
	size_t lo, hi, flo, fhi;
	reference(x, s, n, pivot, &lo, &hi);
	fn(a, n, pivot, with_sorted ? sorted : NULL, &flo, &fhi, scratch);
	int same = lo == flo && hi == fhi;
	for (size_t i = 0; i < n && same; i++)
		same = a[i].s == s[i] && memcmp(&a[i].x, &x[i], sizeof x[i]) == 0;
	t->arrays++;
	t->differ += !same;
	t->with_queue += hi - lo >= 2 && lo > 0;
}

static void run(oc_partition3_fn *fn)
{
	const size_t cap = 100000;
	float *x = malloc(cap * sizeof *x);
	uint32_t *s = malloc(cap * sizeof *s);
	struct oc_kv *a = malloc(cap * sizeof *a), *sorted = malloc(cap * sizeof *sorted);
	struct oc_kv *scratch = calloc(oc_partition3_scratch(cap), sizeof *scratch);
	CU_ASSERT_FATAL(x && s && a && sorted && scratch);
	struct tally t = { 0, 0, 0 };
	for (size_t n = 1; n <= 300; n++)        /* every length past the blocks */
		for (int rep = 0; rep < 300; rep++)
			one(fn, n, x, a, s, sorted, scratch, &t);
	for (int rep = 0; rep < 20000; rep++)
		one(fn, 1 + pick(5000), x, a, s, sorted, scratch, &t);
	for (int rep = 0; rep < 20; rep++)
		one(fn, cap - pick(16), x, a, s, sorted, scratch, &t);
	if (t.differ)
		fprintf(stderr, "[%ld of %ld arrays differ] ", t.differ, t.arrays);
	CU_ASSERT_EQUAL(t.differ, 0);
	/* the queue of equal elements was exercised, not only the easy cases */
	CU_ASSERT(t.with_queue > t.arrays / 4);
	free(x);
	free(s);
	free(a);
	free(sorted);
	free(scratch);
}

static void test_plain(void)
{
	run(oc_partition3_plain);
}

/* A fast form where this CPU has its features (else the test says so
 * and runs the plain loop, which is what the trees use then). */
static void run_if(const char *features, oc_partition3_fn *fn)
{
	if (!oc_cpu_has(features)) {
		fprintf(stderr, "[no %s here: the plain loop again] ", features);
		fn = oc_partition3_plain;
	}
	run(fn);
}

static void test_avx512(void)
{
	run_if("avx512f avx512vl", oc_partition3_avx512);
}

static void test_avx2(void)
{
	run_if("avx2", oc_partition3_avx2);
}

/* The trees take AVX-512, else AVX2, else the plain loop, and
 * OPTICURE_DISABLE_CPU_FEATURES steps down the list. */
static void test_pick(void)
{
	const char *env = getenv("OPTICURE_DISABLE_CPU_FEATURES");
	char *saved = env ? strdup(env) : NULL;
	unsetenv("OPTICURE_DISABLE_CPU_FEATURES");
	int f512 = oc_cpu_has("avx512f avx512vl"), f2 = oc_cpu_has("avx2");
	CU_ASSERT(oc_partition3_pick() == (f512 ? oc_partition3_avx512
	                                   : f2  ? oc_partition3_avx2 : oc_partition3_plain));
	setenv("OPTICURE_DISABLE_CPU_FEATURES", "avx512vl", 1);
	CU_ASSERT(oc_partition3_pick() == (f2 ? oc_partition3_avx2 : oc_partition3_plain));
	setenv("OPTICURE_DISABLE_CPU_FEATURES", "AVX512F, avx2", 1);
	CU_ASSERT(oc_partition3_pick() == oc_partition3_plain);
	if (saved)
		setenv("OPTICURE_DISABLE_CPU_FEATURES", saved, 1);
	else
		unsetenv("OPTICURE_DISABLE_CPU_FEATURES");
	free(saved);
}

static CU_TestInfo tests[] = {
	{ "plain loop: scikit-learn's permutation", test_plain },
	{ "AVX-512 form: scikit-learn's permutation", test_avx512 },
	{ "AVX2 form: scikit-learn's permutation", test_avx2 },
	{ "the form picked for this CPU", test_pick },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("partition3", tests);
}
