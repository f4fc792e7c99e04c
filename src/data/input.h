/* SPDX-License-Identifier: MIT */
/* input.h - opening an input so that nothing can make opticure hang.
 *
 * Every input (--data, --test-data, --predict, --config, the model file)
 * is opened without blocking: a FIFO or a pipe is read only once (the
 * data's SHA-256 is computed while it is parsed), and a FIFO that nobody
 * writes to within OC_INPUT_FIFO_WAIT_MS is refused (OC_ENOINPUT) instead
 * of waited for forever.  "-" is standard input. */
#ifndef OC_INPUT_H
#define OC_INPUT_H

#include "core/status.h"

/* How long a FIFO may stay without a writer (and without data). */
#define OC_INPUT_FIFO_WAIT_MS 5000

enum oc_input_kind {
	OC_INPUT_ANY,           /* a regular file, FIFO, pipe, device or "-" */
	OC_INPUT_REGULAR,       /* a regular file only (the model file) */
};

/* Opens path (or standard input for "-" when kind is OC_INPUT_ANY) for
 * blocking reads and returns the descriptor, or -1 with err set:
 * OC_ENOINPUT for a missing or unreadable file, a directory, a FIFO
 * without a writer, or anything but a regular file when kind says so.
 * Messages read "PATH: why" with shown (path when NULL) as PATH. */
int oc_input_open(const char *path, const char *shown, enum oc_input_kind kind,
                  struct oc_err *err);

#endif
