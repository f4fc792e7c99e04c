/* SPDX-License-Identifier: MIT */
/* csvwrite.c - RFC 4180 output with minimal quoting, as pandas' to_csv
 * writes (csv.QUOTE_MINIMAL); see csvwrite.h. */
#include "config.h"

#include <string.h>

#include "data/csvwrite.h"
#include "core/numfmt.h"

static int needs_quotes(const char *s)
{
	size_t n = strlen(s);
	/* A leading U+FEFF would be taken for the byte-order mark, and
	 * dropped, when the field starts the file: quoted, it is kept. */
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return 1;
	if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

int oc_csv_put_field(FILE *f, const char *s)
{
	if (!needs_quotes(s))
		return fputs(s, f) < 0 ? EOF : 0;
	if (putc('"', f) == EOF)
		return EOF;
	for (; *s; s++) {
		if (*s == '"' && putc('"', f) == EOF)
			return EOF;
		if (putc(*s, f) == EOF)
			return EOF;
	}
	return putc('"', f) == EOF ? EOF : 0;
}

char *oc_csv_format_field(char *dst, const char *s, size_t len)
{
	int quote = len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t');
	if (!quote)
		for (size_t i = 0; i < len; i++)
			if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') {
				quote = 1;
				break;
			}
	if (!quote) {
		memcpy(dst, s, len);
		return dst + len;
	}
	*dst++ = '"';
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			*dst++ = '"';
		*dst++ = s[i];
	}
	*dst++ = '"';
	return dst;
}

int oc_csv_write_dataset(FILE *f, const struct oc_dataset *ds)
{
	char num[40];
	for (size_t j = 0; j < ds->n_features; j++) {
		if (oc_csv_put_field(f, ds->feature_names[j]) || putc(',', f) == EOF)
			return EOF;
	}
	if (oc_csv_put_field(f, ds->label_name) || putc('\n', f) == EOF)
		return EOF;
	for (size_t i = 0; i < ds->n_rows; i++) {
		const double *row = oc_dataset_row(ds, i);
		for (size_t j = 0; j < ds->n_features; j++) {
			int n = oc_fmt_repr(row[j], num, sizeof num);
			num[n] = ',';
			if (fwrite(num, 1, (size_t)n + 1, f) != (size_t)n + 1)
				return EOF;
		}
		if (oc_csv_put_field(f, ds->class_names[ds->y[i]]) || putc('\n', f) == EOF)
			return EOF;
	}
	return ferror(f) ? EOF : 0;
}
