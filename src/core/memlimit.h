/* SPDX-License-Identifier: MIT */
/* memlimit.h - how much memory a run may count on, so that a data set it
 * cannot hold is refused before anything is allocated. */
#ifndef OC_MEMLIMIT_H
#define OC_MEMLIMIT_H

#include <stddef.h>

#include "core/status.h"

/* Bytes one synthetic row costs a --batch run at its peak (the values,
 * their float32 copy, the split's copies and the rendered CSV text), and
 * a --generate run (the values and the text): measured, rounded up. */
#define OC_SYNTH_ROW_BYTES_BATCH 192
#define OC_SYNTH_ROW_BYTES_GENERATE 128

/* The smaller of the physical memory and the address-space and data
 * limits (ulimit -v, -d); SIZE_MAX when unknown. */
size_t oc_mem_limit(void);

/* OC_OK when rows synthetic rows at row_bytes each fit in oc_mem_limit();
 * else OC_ECONFIG with a message naming the setting and both sizes. */
int oc_check_rows_fit(long rows, size_t row_bytes, struct oc_err *err);

#endif
