/* SPDX-License-Identifier: MIT */
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

/* Writes v as printf's "%.17g" in the C locale (17 significant digits,
 * correctly rounded, trailing zeros dropped: reads back bit for bit) into
 * buf (at least 32 bytes); returns the length.  Same bytes as snprintf,
 * several times faster where it can prove them (see numfmt.c). */
int oc_fmt_g17(double v, char *buf, size_t bufsz);

/* Parses a whole string as a finite double (C locale, no surrounding junk
 * except leading/trailing blanks).  Returns 0 on success, -1 otherwise. */
int oc_parse_double(const char *s, double *out);

/* Like oc_parse_double on the len bytes at s (no NUL needed).  Returns 0,
 * -1 when the text is not a decimal number (hex, junk, empty), -2 for
 * "inf" and "nan", or -3 for a decimal number too large for a double
 * ("1e999"). */
int oc_parse_number(const char *s, size_t len, double *out);

/* How values in data files (training, test and --predict CSV input) are
 * converted: [data] number_parser.  pandas: as pandas 1.5's read_csv
 * (pdnumber.h), what the original pipeline trains on; exact: correctly
 * rounded, as strtod. */
enum oc_number_parser { OC_NUMBER_PANDAS, OC_NUMBER_EXACT, OC_NUMBER_PARSER_COUNT };

/* Setting names in enum order: "pandas", "exact". */
extern const char *const oc_number_parser_names[OC_NUMBER_PARSER_COUNT + 1];

/* Chooses the conversion of oc_parse_data_number for the whole process
 * (like LC_NUMERIC): call once, before any thread reads data.  The
 * default is OC_NUMBER_PANDAS. */
void oc_set_number_parser(enum oc_number_parser p);

/* oc_parse_number for a value of a data file, converted as the process's
 * number parser says: the same texts are accepted either way; -2 also
 * where pandas reports an out-of-range exponent of zero ("0e400"), -3 for
 * a number beyond the doubles ("1e309"). */
int oc_parse_data_number(const char *s, size_t len, double *out);

#endif
