/* SPDX-License-Identifier: MIT */
/* cpu.h - which optional instruction sets the fast paths may use.
 *
 * Every fast path gives the same bits as the code it replaces, so this only
 * decides speed.  OPTICURE_DISABLE_CPU_FEATURES (names separated by blanks
 * or commas, any case, as numpy's NPY_DISABLE_CPU_FEATURES) makes features
 * count as absent: that is how the other paths are run and compared on one
 * machine. */
#ifndef OC_CORE_CPU_H
#define OC_CORE_CPU_H

#include <stdbool.h>

/* True when the CPU has every feature in names ("avx2", "avx2 fma") and
 * OPTICURE_DISABLE_CPU_FEATURES names none of them.  Only "avx2", "fma",
 * "avx512f" and "avx512vl" are known; any other name is false.  Always
 * false off x86-64. */
bool oc_cpu_has(const char *names);

/* True when the environment variable var lists name (names separated by
 * blanks or commas, any case): the form of OPTICURE_DISABLE_CPU_FEATURES
 * and numpy's NPY_DISABLE_CPU_FEATURES. */
bool oc_cpu_env_lists(const char *var, const char *name);

#endif
