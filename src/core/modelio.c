/* SPDX-License-Identifier: MIT */
/* modelio.c - model-file line writer and strict line reader (see modelio.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/modelio.h"
#include "core/numfmt.h"

/* --- Writer --- */

void oc_mw_init(struct oc_mwriter *w)
{
	memset(w, 0, sizeof *w);
}

void oc_mw_free(struct oc_mwriter *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

static int mw_reserve(struct oc_mwriter *w, size_t extra)
{
	size_t need;
	char *nb;
	if (w->failed)
		return -1;
	need = w->len + extra + 1;
	if (need <= w->cap)
		return 0;
	size_t cap = w->cap ? w->cap : 4096;
	while (cap < need)
		cap *= 2;
	nb = realloc(w->buf, cap);
	if (!nb) {
		w->failed = 1;
		return -1;
	}
	w->buf = nb;
	w->cap = cap;
	return 0;
}

/* Formats straight into the free space; only when that is too small is
 * the text measured, the buffer grown and the text formatted again. */
static void mw_vprintf(struct oc_mwriter *w, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	if (mw_reserve(w, 64) < 0)
		return;
	va_copy(ap2, ap);
	n = vsnprintf(w->buf + w->len, w->cap - w->len, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		w->failed = 1;
		return;
	}
	if ((size_t)n >= w->cap - w->len) {
		if (mw_reserve(w, (size_t)n) < 0)
			return;
		vsnprintf(w->buf + w->len, (size_t)n + 1, fmt, ap);
	}
	w->len += (size_t)n;
}

void oc_mw_printf(struct oc_mwriter *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mw_vprintf(w, fmt, ap);
	va_end(ap);
}

void oc_mw_write(struct oc_mwriter *w, const char *s, size_t n)
{
	if (mw_reserve(w, n) < 0)
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void oc_mw_g17(struct oc_mwriter *w, double v)
{
	if (mw_reserve(w, 33) < 0)
		return;
	/* printf's exact "%.17g" (reads back bit for bit), the same bytes as
	 * snprintf's: the default model file holds 2,500 numbers, formatted
	 * twice (written, then again from the file read back) after the last
	 * fit, where snprintf's bignum digits took 4 ms of a 26 ms run. */
	w->buf[w->len++] = ' ';
	w->len += (size_t)oc_fmt_g17(v, w->buf + w->len, 33);
}

void oc_mw_int(struct oc_mwriter *w, long v)
{
	char tmp[24];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int n = 0;
	if (mw_reserve(w, 24) < 0)
		return;
	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	w->buf[w->len++] = ' ';
	if (v < 0)
		w->buf[w->len++] = '-';
	while (n)
		w->buf[w->len++] = tmp[--n];
	w->buf[w->len] = '\0';
}

void oc_mw_long(struct oc_mwriter *w, const char *key, long v)
{
	oc_mw_printf(w, "%s %ld\n", key, v);
}

void oc_mw_double(struct oc_mwriter *w, const char *key, double v)
{
	oc_mw_doubles(w, key, &v, 1);
}

void oc_mw_doubles(struct oc_mwriter *w, const char *key, const double *v, size_t n)
{
	oc_mw_write(w, key, strlen(key));
	for (size_t i = 0; i < n; i++)
		oc_mw_g17(w, v[i]);
	oc_mw_write(w, "\n", 1);
}

void oc_mw_longs(struct oc_mwriter *w, const char *key, const long *v, size_t n)
{
	oc_mw_printf(w, "%s", key);
	for (size_t i = 0; i < n; i++)
		oc_mw_printf(w, " %ld", v[i]);
	oc_mw_printf(w, "\n");
}

void oc_mw_quoted(struct oc_mwriter *w, const char *s)
{
	oc_mw_printf(w, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			oc_mw_printf(w, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			oc_mw_printf(w, "\\x%02x", *p);
		else
			oc_mw_printf(w, "%c", *p);
	}
	oc_mw_printf(w, "\"");
}

void oc_mw_str(struct oc_mwriter *w, const char *key, const char *s)
{
	oc_mw_printf(w, "%s ", key);
	oc_mw_quoted(w, s);
	oc_mw_printf(w, "\n");
}

/* --- Reader --- */

void oc_mr_init(struct oc_mreader *r, const char *file, char *buf, size_t len, long first_line)
{
	memset(r, 0, sizeof *r);
	r->file = file;
	r->buf = buf;
	r->len = len;
	r->line = first_line - 1;
	r->minor = INT_MAX;     /* no version line read: the newest format */
}

void oc_mr_free(struct oc_mreader *r)
{
	free(r->tok);
	r->tok = NULL;
	r->tokcap = 0;
}

int oc_mr_error(struct oc_mreader *r, struct oc_err *err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return oc_err_set(err, OC_EDATA, "%s:%ld: %s", r->file, r->line, msg);
}

int oc_mr_peek(const struct oc_mreader *r, char *out, size_t outsz)
{
	size_t i = r->pos, k = 0;
	if (outsz)
		out[0] = '\0';
	if (r->pos >= r->len)
		return 0;
	while (i < r->len && r->buf[i] != ' ' && r->buf[i] != '\n' && k + 1 < outsz)
		out[k++] = r->buf[i++];
	if (outsz)
		out[k] = '\0';
	return 1;
}

/* Splits the next line into tokens: single spaces separate them; a token
 * that starts with '"' runs to the matching unescaped '"'. */
static int mr_split(struct oc_mreader *r, struct oc_err *err)
{
	char *p, *end;
	if (r->pos >= r->len) {
		r->line++;
		return oc_mr_error(r, err, "unexpected end of file");
	}
	p = r->buf + r->pos;
	end = memchr(p, '\n', r->len - r->pos);
	r->line++;
	if (!end)
		return oc_mr_error(r, err, "line not terminated (file truncated?)");
	*end = '\0';
	r->pos = (size_t)(end - r->buf) + 1;
	if (memchr(p, '\0', (size_t)(end - p)))
		return oc_mr_error(r, err, "NUL byte in line");
	r->ntok = 0;
	while (*p) {
		char *start = p;
		if (r->ntok >= OC_MR_MAXTOK)
			return oc_mr_error(r, err, "too many values on one line (limit %d)", OC_MR_MAXTOK);
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p != '"')
				return oc_mr_error(r, err, "unterminated string");
			p++;
		} else {
			while (*p && *p != ' ')
				p++;
		}
		if (p == start)
			return oc_mr_error(r, err, "empty value (two spaces in a row?)");
		if (r->ntok == r->tokcap) {
			size_t cap = r->tokcap ? r->tokcap * 2 : 16;
			char **nt = realloc(r->tok, cap * sizeof *nt);
			if (!nt)
				return oc_err_set(err, OC_EINTERNAL, "out of memory");
			r->tok = nt;
			r->tokcap = cap;
		}
		r->tok[r->ntok++] = start;
		if (*p == ' ') {
			*p++ = '\0';
			if (!*p)
				return oc_mr_error(r, err, "trailing space");
		} else if (*p) {
			return oc_mr_error(r, err, "junk after string");
		}
	}
	if (r->ntok == 0)
		return oc_mr_error(r, err, "empty line");
	return OC_OK;
}

int oc_mr_line(struct oc_mreader *r, const char *key, size_t nvalues, struct oc_err *err)
{
	int rc = mr_split(r, err);
	if (rc)
		return rc;
	if (strcmp(r->tok[0], key) != 0)
		return oc_mr_error(r, err, "expected '%s', found '%.64s'", key, r->tok[0]);
	if (nvalues != (size_t)-1 && r->ntok - 1 != nvalues)
		return oc_mr_error(r, err, "'%s' needs %zu value%s, found %zu", key, nvalues,
		                   nvalues == 1 ? "" : "s", r->ntok - 1);
	return OC_OK;
}

static int mr_need(struct oc_mreader *r, size_t i, struct oc_err *err)
{
	if (i == 0 || i >= r->ntok)
		return oc_mr_error(r, err, "'%s': missing value %zu", r->ntok ? r->tok[0] : "?", i);
	return OC_OK;
}

int oc_mr_get_long(struct oc_mreader *r, size_t i, long min, long max, long *v, struct oc_err *err)
{
	char *end;
	long x;
	if (mr_need(r, i, err))
		return OC_EDATA;
	errno = 0;
	x = strtol(r->tok[i], &end, 10);
	if (errno || end == r->tok[i] || *end)
		return oc_mr_error(r, err, "'%s': '%.32s' is not an integer", r->tok[0], r->tok[i]);
	if (x < min || x > max)
		return oc_mr_error(r, err, "'%s': %ld is out of range [%ld, %ld]", r->tok[0], x, min, max);
	*v = x;
	return OC_OK;
}

int oc_mr_get_double(struct oc_mreader *r, size_t i, double *v, struct oc_err *err)
{
	char *end;
	double x;
	if (mr_need(r, i, err))
		return OC_EDATA;
	errno = 0;
	x = strtod(r->tok[i], &end);
	if (end == r->tok[i] || *end)
		return oc_mr_error(r, err, "'%s': '%.32s' is not a number", r->tok[0], r->tok[i]);
	if (!isfinite(x))
		return oc_mr_error(r, err, "'%s': value %zu is not finite", r->tok[0], i);
	*v = x;
	return OC_OK;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int oc_mr_get_str(struct oc_mreader *r, size_t i, char **out, struct oc_err *err)
{
	const char *s;
	char *d, *o;
	size_t n;
	if (mr_need(r, i, err))
		return OC_EDATA;
	s = r->tok[i];
	n = strlen(s);
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return oc_mr_error(r, err, "'%s': expected a quoted string", r->tok[0]);
	d = o = malloc(n);
	if (!d)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	for (size_t k = 1; k + 1 < n; k++) {
		if (s[k] != '\\') {
			*o++ = s[k];
			continue;
		}
		k++;
		if (s[k] == '\\' || s[k] == '"') {
			*o++ = s[k];
		} else if (s[k] == 'x' && k + 3 < n && hexval(s[k + 1]) >= 0 && hexval(s[k + 2]) >= 0) {
			int c = hexval(s[k + 1]) * 16 + hexval(s[k + 2]);
			if (c == 0) {
				free(d);
				return oc_mr_error(r, err, "'%s': NUL in string", r->tok[0]);
			}
			*o++ = (char)c;
			k += 2;
		} else {
			free(d);
			return oc_mr_error(r, err, "'%s': bad escape in string", r->tok[0]);
		}
	}
	*o = '\0';
	*out = d;
	return OC_OK;
}

int oc_mr_long(struct oc_mreader *r, const char *key, long min, long max, long *v, struct oc_err *err)
{
	int rc = oc_mr_line(r, key, 1, err);
	return rc ? rc : oc_mr_get_long(r, 1, min, max, v, err);
}

int oc_mr_double(struct oc_mreader *r, const char *key, double *v, struct oc_err *err)
{
	int rc = oc_mr_line(r, key, 1, err);
	return rc ? rc : oc_mr_get_double(r, 1, v, err);
}

int oc_mr_doubles(struct oc_mreader *r, const char *key, double *v, size_t n, struct oc_err *err)
{
	int rc = oc_mr_line(r, key, n, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = oc_mr_get_double(r, i + 1, &v[i], err);
	return rc;
}

int oc_mr_longs(struct oc_mreader *r, const char *key, long *v, size_t n, long min, long max, struct oc_err *err)
{
	int rc = oc_mr_line(r, key, n, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = oc_mr_get_long(r, i + 1, min, max, &v[i], err);
	return rc;
}

int oc_mr_str(struct oc_mreader *r, const char *key, char **out, struct oc_err *err)
{
	int rc = oc_mr_line(r, key, 1, err);
	return rc ? rc : oc_mr_get_str(r, 1, out, err);
}
