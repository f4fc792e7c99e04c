/* SPDX-License-Identifier: MIT */
/* classes.h - class labels typed, ordered and named as the original
 * pipeline gets them: pandas.read_csv infers the label column's type,
 * scikit-learn orders the classes with np.unique on that type, and the
 * names shown are str() of those numpy values.
 *
 * The column's type (pandas 1.5's C parser, tried in this order on every
 * value, none of them missing):
 *   int64    all integers: optional blanks, sign, decimal digits, blanks
 *            (" 2", "+2" and "007" are 2, 2 and 7);
 *   uint64   when the first value that is not an int64 overflows it and all
 *            values are integers from 0 to 2^64-1 (otherwise: strings);
 *   float64  all decimal numbers (with "inf", "infinity", signs, any case);
 *   bool     all true/false in any case ("True", "FALSE", "tRuE");
 *   object   anything else: the strings as written.
 * np.unique orders numbers by value, False before True, strings by code
 * point (UTF-8 byte order).  Values equal as numbers are one class ("2" and
 * "2.0" in a float64 column); its name is that of its first spelling's
 * value.  scikit-learn refuses float64 labels that are not whole numbers
 * within the int64 range (it takes them for a regression target).
 * Nothing here prints; any number of classes. */
#ifndef OC_CLASSES_H
#define OC_CLASSES_H

#include <stddef.h>
#include <stdint.h>

enum oc_class_type {
	OC_CLASS_STR,           /* pandas object column; the default */
	OC_CLASS_INT64,
	OC_CLASS_UINT64,
	OC_CLASS_FLOAT64,
	OC_CLASS_BOOL,
	OC_CLASS_TYPE_COUNT
};

/* numpy's name of the type ("object", "int64", "uint64", "float64",
 * "bool"), and back (-1 for an unknown name). */
const char *oc_class_type_name(enum oc_class_type t);
int oc_class_type_find(const char *name);

struct oc_class_value {
	enum oc_class_type type;
	int64_t i;              /* OC_CLASS_INT64, OC_CLASS_BOOL (0 or 1) */
	uint64_t u;             /* OC_CLASS_UINT64 */
	double d;               /* OC_CLASS_FLOAT64 */
	const char *s;          /* OC_CLASS_STR: the bytes (not copied) */
	size_t len;
};

/* 1 when s[0..len) is one of pandas' default missing-value spellings
 * ("", "NA", "nan", "NULL", "#N/A", ...): pandas reads NaN there. */
int oc_class_is_missing(const char *s, size_t len);

/* The type pandas gives a column whose distinct values are spell[k] (len[k]
 * bytes) for k < n, in order of first appearance. */
enum oc_class_type oc_class_infer(const char *const *spell, const size_t *len, size_t n);

/* The value of s[0..len) in a column of type t: 0, or -1 when s is no
 * value of that type. */
int oc_class_parse(enum oc_class_type t, const char *s, size_t len, struct oc_class_value *v);

/* np.unique's order of two values of the same type: <0, 0 or >0. */
int oc_class_cmp(const struct oc_class_value *a, const struct oc_class_value *b);

/* Why scikit-learn refuses v as a class label, or NULL. */
const char *oc_class_unusable(const struct oc_class_value *v);

/* v as pandas and numpy print it (str() of the value): "2", "2.0",
 * "1e+16", "True", or the string itself.  malloc'd; NULL when out of
 * memory. */
char *oc_class_name(const struct oc_class_value *v);

/* 1 when the label s[0..len) of another file (--test-data) is the class
 * named name, compared by value in a column of type t: in a numeric
 * column any number of the same value ("2", "2.0", "2e0"), in a bool
 * column any spelling of the same truth value, else the same bytes. */
int oc_class_matches(enum oc_class_type t, const char *name, const char *s, size_t len);

#endif
