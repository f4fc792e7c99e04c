/* SPDX-License-Identifier: MIT */
/* libmexp.h - the C library's exp() over many values at once, bit for bit.
 *
 * libsvm's RBF kernel calls exp() once per kernel value, and in an SVM fit
 * half the time went into those calls (the wrapper, the PLT and glibc's
 * scalar code).  glibc 2.28 and later (Debian 12 has 2.36) compute exp
 * with one algorithm (Szabolcs Nagy's, sysdeps/ieee754/dbl-64/e_exp.c:
 * 2^(k/128) from a table times a degree-5 polynomial of the remainder),
 * compiled three times and chosen by the CPU: with FMA where the CPU has
 * FMA and AVX2, else without.  oc_exp_many runs the FMA build's exact
 * operations four values at a time with AVX2, on CPUs where glibc runs that
 * build, and calls exp() everywhere else and for every argument outside
 * the fast path's range (|x| < 2^-54, |x| >= 512, inf, nan).
 *
 * Before its first use it compares itself with exp() on probe arguments,
 * some of which the FMA and non-FMA builds round differently; if any
 * differs (another C library, glibc told by GLIBC_TUNABLES to avoid FMA)
 * it calls exp() for good.  So its results are always exp()'s.
 * OPTICURE_DISABLE_CPU_FEATURES naming avx2 or fma (core/cpu.h) makes it
 * call exp() too. */
#ifndef OC_ML_LIBMEXP_H
#define OC_ML_LIBMEXP_H

#include <stddef.h>

/* y[i] = exp(x[i]) for i < n; y may be x. */
void oc_exp_many(const double *x, double *y, size_t n);

/* How oc_exp_many computes: "avx2-fma" (glibc's FMA build, four at a
 * time) or "libm" (exp() one by one). */
const char *oc_exp_many_path(void);

#endif
