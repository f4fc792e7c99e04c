/* SPDX-License-Identifier: MIT */
/* modelio.h - the line primitives of the model file, shared by every model.
 *
 * A model file is text: one record per line, "key value value ...", values
 * separated by one space, doubles as %.17g (read back bit for bit), strings
 * double-quoted with C escapes.  Each model's save/load (ml/<model>.c) uses
 * only these calls; modelfile.c adds the magic line, header and checksum.
 * The reader checks each line's key and value count and each value's range,
 * and reports "FILE:LINE: message" through struct oc_err. */
#ifndef OC_MODELIO_H
#define OC_MODELIO_H

struct oc_model_params;

#include <stddef.h>

#include "core/status.h"

/* --- Writer: appends lines to a growing buffer --- */

struct oc_mwriter {
	char *buf;      /* NUL-terminated text written so far */
	size_t len, cap;
	int failed;     /* set once an allocation failed; later calls do nothing */
};

void oc_mw_init(struct oc_mwriter *w);
void oc_mw_free(struct oc_mwriter *w);
/* Appends formatted text as is (callers end lines with '\n'). */
void oc_mw_printf(struct oc_mwriter *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the n bytes at s as they are. */
void oc_mw_write(struct oc_mwriter *w, const char *s, size_t n);
/* Appends " %.17g" of v (numfmt.h's exact fast formatter). */
void oc_mw_g17(struct oc_mwriter *w, double v);
/* A space and v in decimal (what " %ld" prints), without printf. */
void oc_mw_int(struct oc_mwriter *w, long v);
/* "key v\n" */
void oc_mw_long(struct oc_mwriter *w, const char *key, long v);
/* "key %.17g\n" */
void oc_mw_double(struct oc_mwriter *w, const char *key, double v);
/* "key v0 v1 ... v(n-1)\n" (%.17g each) */
void oc_mw_doubles(struct oc_mwriter *w, const char *key, const double *v, size_t n);
/* "key v0 ... v(n-1)\n" */
void oc_mw_longs(struct oc_mwriter *w, const char *key, const long *v, size_t n);
/* "key \"escaped\"\n" */
void oc_mw_str(struct oc_mwriter *w, const char *key, const char *s);
/* Appends s as one quoted, escaped token (no newline). */
void oc_mw_quoted(struct oc_mwriter *w, const char *s);

/* --- Reader: walks the lines of a NUL-terminated buffer --- */

#define OC_MR_MAXTOK 4096

struct oc_mreader {
	const char *file;   /* name used in messages */
	char *buf;          /* the text (modified in place while tokenising) */
	size_t pos, len;
	long line;          /* number of the line last read (1-based) */
	size_t ntok;        /* tokens on the current line, key included */
	char **tok;         /* tok[0] is the key */
	size_t tokcap;
	int minor;          /* the file's format minor version (records added
	                       in later minor versions are read only then);
	                       INT_MAX, the newest, unless the caller sets it */
	/* the bundle's training settings and rows, once read (else NULL, 0):
	 * model loaders refuse what that training could not have produced */
	const struct oc_model_params *params;
	size_t n_train;
};

/* Starts reading buf[0..len) (the buffer must stay alive; it is modified).
 * first_line is the number of buf's first line in the file. */
void oc_mr_init(struct oc_mreader *r, const char *file, char *buf, size_t len, long first_line);
void oc_mr_free(struct oc_mreader *r);

/* Key of the next line without consuming it, into out (empty at the end).
 * Returns 0 when there is no next line. */
int oc_mr_peek(const struct oc_mreader *r, char *out, size_t outsz);

/* Reads the next line, requires its key to be `key` and it to hold exactly
 * nvalues values (or any number with nvalues == (size_t)-1).  OC_OK or
 * OC_EDATA with "FILE:LINE: ..." in err. */
int oc_mr_line(struct oc_mreader *r, const char *key, size_t nvalues, struct oc_err *err);

/* Value i (1-based: token 0 is the key) of the current line. */
int oc_mr_get_long(struct oc_mreader *r, size_t i, long min, long max, long *v, struct oc_err *err);
/* Rejects NaN and infinities. */
int oc_mr_get_double(struct oc_mreader *r, size_t i, double *v, struct oc_err *err);
/* Unquotes a string value; *out is malloc'd, owned by the caller. */
int oc_mr_get_str(struct oc_mreader *r, size_t i, char **out, struct oc_err *err);

/* One-line conveniences: "key v" and "key v0 ... v(n-1)". */
int oc_mr_long(struct oc_mreader *r, const char *key, long min, long max, long *v, struct oc_err *err);
int oc_mr_double(struct oc_mreader *r, const char *key, double *v, struct oc_err *err);
int oc_mr_doubles(struct oc_mreader *r, const char *key, double *v, size_t n, struct oc_err *err);
int oc_mr_longs(struct oc_mreader *r, const char *key, long *v, size_t n, long min, long max, struct oc_err *err);
int oc_mr_str(struct oc_mreader *r, const char *key, char **out, struct oc_err *err);

/* Sets err to "FILE:LINE: message" for the current line. */
int oc_mr_error(struct oc_mreader *r, struct oc_err *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
