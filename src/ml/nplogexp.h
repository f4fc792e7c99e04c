/* SPDX-License-Identifier: MIT */
/* nplogexp.h - numpy's float64 np.log / np.exp as scikit-learn gets them.
 *
 * numpy 1.24 computes float64 log and exp with its own AVX-512 loops on CPUs
 * that have them, and with the C library's log/exp elsewhere; the results
 * differ by one ulp on about a fifth of arguments.  This file reproduces
 * every variant bit for bit on any CPU, in scalar C (fma() where the vector
 * code fuses).  Call oc_np_log/oc_np_exp wherever scikit-learn calls
 * np.log / np.exp; where it calls libm (scipy's expit, libsvm, the Cython
 * losses) call log()/exp() directly. */
#ifndef OC_ML_NPLOGEXP_H
#define OC_ML_NPLOGEXP_H

#include <stdbool.h>

/* The [fidelity] numpy_simd setting. */
enum oc_numpy_simd {
	OC_NUMPY_SIMD_BASELINE,  /* the C library's log/exp: numpy without AVX-512 */
	OC_NUMPY_SIMD_AUTO,      /* what numpy chooses on this CPU */
	OC_NUMPY_SIMD_AVX512F,   /* numpy on AVX-512 CPUs (AVX512_SKX loops), anywhere */
	OC_NUMPY_SIMD_COUNT
};

/* Setting names in enum order: "baseline", "auto", "avx512f". */
extern const char *const oc_numpy_simd_names[OC_NUMPY_SIMD_COUNT + 1];

/* The code numpy 1.24 runs for float64 log/exp.  numpy's dispatcher takes
 * the highest target the CPU has: AVX512_SKX (AVX512F, CD, BW, DQ, VL)
 * calls Intel's SVML (__svml_log8/__svml_exp8); AVX512F alone (Xeon Phi)
 * runs numpy's own Tang kernels; anything else calls the C library. */
enum oc_np_kernel { OC_NP_LIBM, OC_NP_AVX512F, OC_NP_AVX512_SKX, OC_NP_KERNEL_COUNT };

/* Kernel names in enum order: "libm", "avx512f", "avx512_skx". */
extern const char *const oc_np_kernel_names[OC_NP_KERNEL_COUNT];

/* The kernel numpy's runtime dispatch picks on this CPU, honouring
 * numpy's NPY_DISABLE_CPU_FEATURES environment variable as numpy does. */
enum oc_np_kernel oc_np_kernel_of_cpu(void);

/* The kernel a setting runs: baseline -> libm, avx512f -> avx512_skx,
 * auto -> oc_np_kernel_of_cpu(). */
enum oc_np_kernel oc_np_kernel_for(enum oc_numpy_simd mode);

/* np.log / np.exp of one float64 under a kernel. */
double oc_np_log(enum oc_np_kernel k, double x);
double oc_np_exp(enum oc_np_kernel k, double x);

#endif
