/* SPDX-License-Identifier: MIT */
/* pdnumber.h - decimal text to double as pandas 1.5 reads CSV files.
 *
 * pandas.read_csv's default C parser (float_precision=None) converts with
 * precise_xstrtod (pandas/_libs/src/parser/tokenizer.c): at most 17
 * significant digits accumulated in a double, times or divided by a table
 * power of ten.  Not correctly rounded: about one full-precision value in
 * eight comes out a few ulps away from strtod's.  The original pipeline
 * trains on these values, so by default opticure reads data as pandas does
 * ([data] number_parser, numfmt.h). */
#ifndef OC_PDNUMBER_H
#define OC_PDNUMBER_H

/* Converts the decimal number at [s, end): optional sign, digits with an
 * optional '.', optional e/E exponent -- text already checked to be one
 * decimal number and nothing else.  Returns 0 with *out set; -2 where
 * pandas reports ERANGE (exponent above 308, or an infinite result); -1
 * for an exponent of more than 17 digits, which pandas leaves unread. */
int oc_pandas_xstrtod(const char *s, const char *end, double *out);

#endif
