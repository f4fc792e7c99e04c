/* SPDX-License-Identifier: MIT */
/* csvwrite.h - CSV output: fields quoted only where RFC 4180 needs it
 * (libcsv's writers always quote, so writing is done here). */
#ifndef OC_CSVWRITE_H
#define OC_CSVWRITE_H

#include <stdio.h>

#include "data/dataset.h"

/* Writes s as one CSV field: quoted (with "" doubling) only when it holds
 * a comma, a quote, CR, LF, a leading/trailing space or tab, or starts with
 * U+FEFF (a byte-order mark to a reader).  Returns 0 or EOF. */
int oc_csv_put_field(FILE *f, const char *s);

/* Same as oc_csv_put_field for the len bytes at s (no NUL inside), into
 * dst, which has room for 2 * len + 2 bytes; returns the end of the text. */
char *oc_csv_format_field(char *dst, const char *s, size_t len);

/* Writes ds with a header row (feature names, then the label name) and one
 * row per sample, values in shortest round-trip form (numfmt.h) and the
 * class name last, '\n' line ends.  Returns 0, or EOF on a write error. */
int oc_csv_write_dataset(FILE *f, const struct oc_dataset *ds);

#endif
