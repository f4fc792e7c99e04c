/* SPDX-License-Identifier: MIT */
/* classes.c - class labels as pandas types them and numpy orders them
 * (see classes.h).  The syntax checks follow pandas 1.5's tokenizer
 * (str_to_int64, str_to_uint64, xstrtod, to_boolean) and parsers.pyx
 * (_try_int64, _try_uint64, _try_double, _try_bool_flex). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data/classes.h"
#include "core/numfmt.h"

static const char *const type_names[OC_CLASS_TYPE_COUNT] = {
	"object", "int64", "uint64", "float64", "bool",
};

const char *oc_class_type_name(enum oc_class_type t)
{
	return (unsigned)t < OC_CLASS_TYPE_COUNT ? type_names[t] : "?";
}

int oc_class_type_find(const char *name)
{
	for (int t = 0; t < OC_CLASS_TYPE_COUNT; t++)
		if (strcmp(type_names[t], name) == 0)
			return t;
	return -1;
}

/* pandas.io.parsers' STR_NA_VALUES (pandas 1.5). */
static const char *const missing[] = {
	"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
	"1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null",
};

int oc_class_is_missing(const char *s, size_t len)
{
	for (size_t k = 0; k < sizeof missing / sizeof missing[0]; k++)
		if (strlen(missing[k]) == len && memcmp(missing[k], s, len) == 0)
			return 1;
	return 0;
}

/* pandas' isspace_ascii */
static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

enum { NUM_OK, NUM_INVALID, NUM_OVERFLOW };

/* Integer syntax: blanks, optional sign, digits, blanks.  Sets *neg and
 * the magnitude *mag (NUM_OVERFLOW beyond 2^64-1). */
static int parse_integer(const char *s, size_t len, int *neg, uint64_t *mag)
{
	size_t i = 0;
	uint64_t m = 0;
	int over = 0;
	while (i < len && blank(s[i]))
		i++;
	*neg = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		*neg = s[i++] == '-';
	if (i == len || !digit(s[i]))
		return NUM_INVALID;
	for (; i < len && digit(s[i]); i++) {
		unsigned dgt = (unsigned)(s[i] - '0');
		if (m > (UINT64_MAX - dgt) / 10)
			over = 1;
		m = m * 10 + dgt;
	}
	while (i < len && blank(s[i]))
		i++;
	if (i != len)
		return NUM_INVALID;
	*mag = m;
	return over ? NUM_OVERFLOW : NUM_OK;
}

static int parse_int64(const char *s, size_t len, int64_t *v)
{
	int neg, rc;
	uint64_t m;
	if ((rc = parse_integer(s, len, &neg, &m)) != NUM_OK)
		return rc;
	if (neg ? m > (uint64_t)INT64_MAX + 1 : m > (uint64_t)INT64_MAX)
		return NUM_OVERFLOW;
	*v = neg ? (int64_t)(0 - m) : (int64_t)m;
	return NUM_OK;
}

static int parse_uint64(const char *s, size_t len, uint64_t *v)
{
	int neg, rc;
	uint64_t m;
	if ((rc = parse_integer(s, len, &neg, &m)) != NUM_OK)
		return rc;
	if (neg && m)
		return NUM_INVALID;
	*v = m;
	return NUM_OK;
}

/* Decimal syntax as pandas' xstrtod takes it: blanks, sign, digits with at
 * most one '.', at least one digit, an optional exponent with digits,
 * blanks; or (without blanks) inf / infinity with an optional sign, any
 * case.  The value is the correctly rounded one. */
static int parse_float(const char *s, size_t len, double *v)
{
	char buf[4096 + 1];
	size_t i = 0, start, end, nd = 0;
	const char *t = s;
	if (len && (*t == '+' || *t == '-'))
		t++;
	if ((size_t)(s + len - t) == 3 || (size_t)(s + len - t) == 8) {
		size_t n = (size_t)(s + len - t);
		if (strncasecmp(t, "infinity", n) == 0 && (n == 8 || n == 3)) {
			*v = *s == '-' ? -HUGE_VAL : HUGE_VAL;
			return NUM_OK;
		}
	}
	while (i < len && blank(s[i]))
		i++;
	start = i;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && digit(s[i]); i++)
		nd++;
	if (i < len && s[i] == '.')
		for (i++; i < len && digit(s[i]); i++)
			nd++;
	if (!nd)
		return NUM_INVALID;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1, ed = 0;
		if (j < len && (s[j] == '-' || s[j] == '+'))
			j++;
		for (; j < len && digit(s[j]); j++)
			ed++;
		if (ed)
			i = j;
	}
	end = i;
	while (i < len && blank(s[i]))
		i++;
	if (i != len || end - start >= sizeof buf)
		return NUM_INVALID;
	memcpy(buf, s + start, end - start);
	buf[end - start] = '\0';
	errno = 0;
	*v = strtod(buf, NULL);
	return NUM_OK;
}

static int parse_bool(const char *s, size_t len, int64_t *v)
{
	if (len == 4 && strncasecmp(s, "true", 4) == 0)
		*v = 1;
	else if (len == 5 && strncasecmp(s, "false", 5) == 0)
		*v = 0;
	else
		return NUM_INVALID;
	return NUM_OK;
}

enum oc_class_type oc_class_infer(const char *const *spell, const size_t *len, size_t n)
{
	size_t k;
	int64_t i;
	uint64_t u;
	double d;
	int rc = NUM_OK;
	/* int64, or uint64 when the first failure is an overflow */
	for (k = 0; k < n && rc == NUM_OK; k++)
		rc = parse_int64(spell[k], len[k], &i);
	if (rc == NUM_OK)
		return OC_CLASS_INT64;
	if (rc == NUM_OVERFLOW) {
		/* pandas' _try_uint64: a negative value, or one beyond 2^64-1,
		 * makes the column strings; other junk sends it on to float64 */
		int negative = 0;
		for (k = 0, rc = NUM_OK; k < n && rc == NUM_OK; k++) {
			size_t b = 0;
			while (b < len[k] && blank(spell[k][b]))
				b++;
			if (b < len[k] && spell[k][b] == '-')
				negative = 1;
			else
				rc = parse_uint64(spell[k], len[k], &u);
		}
		if (rc == NUM_OVERFLOW || (rc == NUM_OK && negative))
			return OC_CLASS_STR;
		if (rc == NUM_OK)
			return OC_CLASS_UINT64;
	}
	for (k = 0; k < n; k++)
		if (parse_float(spell[k], len[k], &d) != NUM_OK)
			break;
	if (k == n)
		return OC_CLASS_FLOAT64;
	for (k = 0; k < n; k++)
		if (parse_bool(spell[k], len[k], &i) != NUM_OK)
			return OC_CLASS_STR;
	return OC_CLASS_BOOL;
}

int oc_class_parse(enum oc_class_type t, const char *s, size_t len, struct oc_class_value *v)
{
	int rc = NUM_INVALID;
	memset(v, 0, sizeof *v);
	v->type = t;
	switch (t) {
	case OC_CLASS_STR:
		v->s = s;
		v->len = len;
		rc = NUM_OK;
		break;
	case OC_CLASS_INT64: rc = parse_int64(s, len, &v->i); break;
	case OC_CLASS_UINT64: rc = parse_uint64(s, len, &v->u); break;
	case OC_CLASS_FLOAT64: rc = parse_float(s, len, &v->d); break;
	case OC_CLASS_BOOL: rc = parse_bool(s, len, &v->i); break;
	default: break;
	}
	return rc == NUM_OK ? 0 : -1;
}

int oc_class_cmp(const struct oc_class_value *a, const struct oc_class_value *b)
{
	switch (a->type) {
	case OC_CLASS_INT64:
	case OC_CLASS_BOOL:
		return (a->i > b->i) - (a->i < b->i);
	case OC_CLASS_UINT64:
		return (a->u > b->u) - (a->u < b->u);
	case OC_CLASS_FLOAT64:
		return (a->d > b->d) - (a->d < b->d);
	default: {
		size_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->s, b->s, n);
		return c ? c : (a->len > b->len) - (a->len < b->len);
	}
	}
}

const char *oc_class_unusable(const struct oc_class_value *v)
{
	if (v->type != OC_CLASS_FLOAT64)
		return NULL;
	if (!isfinite(v->d))
		return "is not finite";
	if (v->d != floor(v->d))
		return "is not a whole number";
	/* type_of_target compares y with y.astype(int): beyond int64 the cast
	 * gives another number */
	if (!(v->d >= -9223372036854775808.0 && v->d < 9223372036854775808.0))
		return "is beyond the int64 range";
	return NULL;
}

char *oc_class_name(const struct oc_class_value *v)
{
	char buf[64], *out;
	switch (v->type) {
	case OC_CLASS_INT64: snprintf(buf, sizeof buf, "%lld", (long long)v->i); break;
	case OC_CLASS_UINT64: snprintf(buf, sizeof buf, "%llu", (unsigned long long)v->u); break;
	case OC_CLASS_BOOL: snprintf(buf, sizeof buf, "%s", v->i ? "True" : "False"); break;
	case OC_CLASS_FLOAT64:
		if (isinf(v->d))
			snprintf(buf, sizeof buf, "%s", v->d < 0 ? "-inf" : "inf");
		else
			oc_fmt_repr(v->d, buf, sizeof buf);
		break;
	default:
		if (!(out = malloc(v->len + 1)))
			return NULL;
		memcpy(out, v->s, v->len);
		out[v->len] = '\0';
		return out;
	}
	return strdup(buf);
}

/* A label of a numeric column as a number: an integer when it is one,
 * else a decimal. */
struct number {
	int is_int, neg;
	uint64_t mag;
	double d;
};

static int parse_number(const char *s, size_t len, struct number *n)
{
	memset(n, 0, sizeof *n);
	if (parse_integer(s, len, &n->neg, &n->mag) == NUM_OK) {
		n->is_int = 1;
		if (n->mag == 0)
			n->neg = 0;
		return 0;
	}
	return parse_float(s, len, &n->d) == NUM_OK ? 0 : -1;
}

static double number_value(const struct number *n)
{
	return n->is_int ? (n->neg ? -(double)n->mag : (double)n->mag) : n->d;
}

int oc_class_matches(enum oc_class_type t, const char *name, const char *s, size_t len)
{
	struct number a, b;
	int64_t x, y;
	switch (t) {
	case OC_CLASS_INT64:
	case OC_CLASS_UINT64:
	case OC_CLASS_FLOAT64:
		if (parse_number(name, strlen(name), &a) || parse_number(s, len, &b))
			return 0;
		/* integers exactly; otherwise as numpy compares them, in float64 */
		if (a.is_int && b.is_int)
			return a.neg == b.neg && a.mag == b.mag;
		return number_value(&a) == number_value(&b);
	case OC_CLASS_BOOL:
		return !parse_bool(name, strlen(name), &x) && !parse_bool(s, len, &y) && x == y;
	default:
		return strlen(name) == len && memcmp(name, s, len) == 0;
	}
}
