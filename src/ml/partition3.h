/* SPDX-License-Identifier: MIT */
/* partition3.h - scikit-learn's 3-way partition (the step of its introsort,
 * _splitter.pyx), and an AVX-512 form of it that leaves every element where
 * scikit-learn's loop does. */
#ifndef OC_ML_PARTITION3_H
#define OC_ML_PARTITION3_H

#include <stddef.h>
#include <stdint.h>

/* A feature value with its row: sorted together, so one 8-byte move
 * carries both (scikit-learn keeps them in two arrays; the permutation is
 * the same). */
struct oc_kv {
	float x;
	uint32_t s;
};

/* Partitions a[0, n) around pivot: afterwards a[0, *lo) < pivot,
 * a[*lo, *hi) == pivot, a[*hi, n) > pivot.  sorted: the same values in
 * increasing order when the caller has them (no NaN), else NULL; the fast
 * forms then find the counts by bisection instead of a pass.  scratch:
 * oc_partition3_scratch(n) elements, or NULL for the plain loop. */
typedef void oc_partition3_fn(struct oc_kv *a, size_t n, float pivot, const struct oc_kv *sorted,
                              size_t *lo, size_t *hi, struct oc_kv *scratch);

/* scikit-learn's loop, swap for swap (scratch unused). */
oc_partition3_fn oc_partition3_plain;

/* The same permutation from comparison masks (see partition3.c), eight
 * elements at a time with AVX-512F and VL, four with AVX2: only where the
 * CPU has them (off x86-64 both are the plain loop).  Short arrays (under
 * 12 and 24 elements) take the plain loop. */
oc_partition3_fn oc_partition3_avx512;
oc_partition3_fn oc_partition3_avx2;

/* The fastest of the three this CPU has and OPTICURE_DISABLE_CPU_FEATURES
 * leaves (avx512f, avx512vl, avx2). */
oc_partition3_fn *oc_partition3_pick(void);

/* Elements of scratch the fast forms need for n elements (zeroed once:
 * they load full vectors past the live elements). */
size_t oc_partition3_scratch(size_t n);

#endif
