/* numfmt.h - numbers as text, locale-independent.
 *
 * oc_fmt_repr gives the shortest decimal string that reads back to the same
 * double, in Python's repr() style (what pandas writes into CSV files):
 * "67.0", "0.93", "1e-05", "1.5e+16"; so our CSV files are byte-identical
 * to the original pipeline's. */
#ifndef OC_NUMFMT_H
#define OC_NUMFMT_H

#include <stddef.h>

/* Writes the repr of v into buf (at least 32 bytes); returns the length. */
int oc_fmt_repr(double v, char *buf, size_t bufsz);

/* Parses a whole string as a finite double (C locale, no surrounding junk
 * except leading/trailing blanks).  Returns 0 on success, -1 otherwise. */
int oc_parse_double(const char *s, double *out);

/* Like oc_parse_double on the len bytes at s (no NUL needed).  Returns 0,
 * -1 when the text is not a decimal number (hex, junk, empty), or -2 when
 * it is one but not finite ("inf", "nan", "1e999"). */
int oc_parse_number(const char *s, size_t len, double *out);

#endif
