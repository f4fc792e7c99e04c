/* SPDX-License-Identifier: MIT */
/* csvread.c - strict, streaming CSV input on libcsv (see csvread.h).
 *
 * RFC 4180 (Shafranovich, 2005) with the usual leniencies: LF or CR line
 * ends, a UTF-8 byte-order mark, no final line end.  libcsv does the
 * quoting; it does not count lines, so the input is fed to it one physical
 * line at a time (each piece ends at the first CR or LF), which also means
 * a csv_parse call completes at most one record.  Fields are not trimmed
 * (libcsv's default strips blanks, which would change column names). */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "data/csvread.h"
#include "core/hash.h"
#include "data/input.h"
#include "core/numfmt.h"

#define READ_BUF (1u << 20)

struct oc_csv_reader {
	int fd;
	char *path;
	struct oc_sha256 *sha;  /* every byte read, when asked for */
	struct csv_parser parser;
	unsigned char *buf;
	size_t len, pos;
	int eof, started, finished;
	int can_block;          /* a pipe, FIFO or terminal: reads may wait */
	int status;             /* sticky error status, OC_OK while healthy */
	int libcsv_only;        /* no plain-line splitting (oc_csv_libcsv_only) */

	long line;              /* physical line of the next byte fed */
	int prev_cr;            /* the last byte fed was a CR */
	int lf_after_cr;        /* the piece being fed is the LF of a CRLF */
	int in_record;
	long rec_line, field_line;
	size_t line_len;        /* bytes of the current physical line fed so far */

	/* the record being assembled: NUL-terminated fields in one arena */
	char *arena;
	size_t arena_len, arena_cap;
	size_t *off;            /* nf + 1 offsets into arena */
	long *fline;            /* line each field starts on */
	char **fields;
	size_t nf, f_cap;
	int rec_done;
	int cb_error;           /* 1: out of memory, 2: NUL byte, 3: field too long,
	                         * 4: too many fields */
	long cb_line;
	size_t cb_col;
};

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Array p of *cap elements enlarged (doubling) to hold need; NULL when out
 * of memory (p is then still valid).  *cap is updated on success. */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *q;
	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return NULL;
		n *= 2;
	}
	q = realloc(p, n * elem);
	if (q)
		*cap = n;
	return q;
}

/* Room for need fields in off, fline and fields (one capacity for all). */
static int grow_fields(struct oc_csv_reader *r, size_t need)
{
	size_t c0 = r->f_cap, c1 = r->f_cap, c2 = r->f_cap;
	void *p;
	if (need <= r->f_cap)
		return 0;
	if (!(p = grow(r->off, &c0, need, sizeof *r->off)))
		return -1;
	r->off = p;
	if (!(p = grow(r->fline, &c1, need, sizeof *r->fline)))
		return -1;
	r->fline = p;
	if (!(p = grow(r->fields, &c2, need, sizeof *r->fields)))
		return -1;
	r->fields = p;
	r->f_cap = c0;
	return 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct oc_csv_reader *r = data;
	if (r->cb_error)
		return;
	if (len > OC_CSV_MAX_FIELD || r->nf >= OC_CSV_MAX_COLUMNS) {
		r->cb_error = len > OC_CSV_MAX_FIELD ? 3 : 4;
		r->cb_line = r->field_line;
		r->cb_col = r->nf + 1;
		return;
	}
	{
		char *a = grow(r->arena, &r->arena_cap, r->arena_len + len + 1, 1);
		if (a)
			r->arena = a;
		if (!a || grow_fields(r, r->nf + 2)) {
			r->cb_error = 1;
			return;
		}
	}
	if (len && memchr(s, '\0', len)) {
		r->cb_error = 2;
		r->cb_line = r->field_line;
		r->cb_col = r->nf + 1;
		return;
	}
	r->off[r->nf] = r->arena_len;
	r->fline[r->nf] = r->field_line;
	if (len)
		memcpy(r->arena + r->arena_len, s, len);
	r->arena_len += len;
	r->arena[r->arena_len++] = '\0';
	r->nf++;
	/* The next field starts where this one's delimiter is. */
	r->field_line = r->line;
}

static void on_record(int c, void *data)
{
	struct oc_csv_reader *r = data;
	r->in_record = 0;
	if (r->cb_error)
		return;
	/* With CSV_REPALL_NL libcsv reports every empty line, including the LF
	 * that completes a CRLF: that one is not a line of its own. */
	if (r->nf == 0 && c == '\n' && r->lf_after_cr)
		return;
	r->rec_done = 1;
}

struct oc_csv_reader *oc_csv_open(const char *path, struct oc_err *err)
{
	struct oc_csv_reader *r;
	int fd = oc_input_open(path, NULL, OC_INPUT_ANY, err);
	if (fd < 0)
		return NULL;
	r = calloc(1, sizeof *r);
	if (!r || !(r->path = strdup(path)) || !(r->buf = calloc(READ_BUF + 16, 1)) ||
	    csv_init(&r->parser, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
		close(fd);
		if (r) {
			free(r->path);
			free(r->buf);
			free(r);
		}
		oc_err_set(err, OC_EINTERNAL, "%s: out of memory", path);
		return NULL;
	}
	csv_set_space_func(&r->parser, no_space);
	csv_set_blk_size(&r->parser, 4096);
	r->fd = fd;
	r->line = 1;
	{
		struct stat st;
		r->can_block = fstat(fd, &st) != 0 || !S_ISREG(st.st_mode);
	}
	return r;
}

int oc_csv_hash_input(struct oc_csv_reader *r)
{
	if (r->started || r->sha)
		return r->sha ? 0 : -1;
	if (!(r->sha = malloc(sizeof *r->sha)))
		return -1;
	oc_sha256_init(r->sha);
	return 0;
}

void oc_csv_sha256(const struct oc_csv_reader *r, char hex[65])
{
	struct oc_sha256 s = *r->sha;
	unsigned char d[32];
	oc_sha256_final(&s, d);
	oc_hex(d, 32, hex);
}

const char *oc_csv_path(const struct oc_csv_reader *r)
{
	return r->path;
}

void oc_csv_close(struct oc_csv_reader **pr)
{
	struct oc_csv_reader *r;
	if (!pr || !(r = *pr))
		return;
	if (r->fd >= 0)
		close(r->fd);
	free(r->sha);
	csv_free(&r->parser);
	free(r->path);
	free(r->buf);
	free(r->arena);
	free(r->off);
	free(r->fline);
	free(r->fields);
	free(r);
	*pr = NULL;
}

long oc_csv_field_line(const struct oc_csv_reader *r, size_t i)
{
	return i < r->nf ? r->fline[i] : r->rec_line;
}

size_t oc_csv_field_len(const struct oc_csv_reader *r, size_t i)
{
	return r->off[i + 1] - r->off[i] - 1;
}

static int fail(struct oc_csv_reader *r, struct oc_err *err, int status, long line, size_t col,
                const char *what)
{
	if (line > 0)
		oc_err_set(err, status, "%s:%ld:%zu: %s", r->path, line, col, what);
	else
		oc_err_set(err, status, "%s: %s", r->path, what);
	r->status = status;
	return status;
}

/* Fills the buffer; on the first read also skips a UTF-8 BOM. */
static int refill(struct oc_csv_reader *r, struct oc_err *err)
{
	ssize_t n;
	r->pos = r->len = 0;
	do {
		n = read(r->fd, r->buf + r->len, READ_BUF - r->len);
		/* Only a handled signal interrupts a read (the program's handlers
		 * do not restart calls): the run is being stopped. */
		if (n < 0 && errno == EINTR)
			return fail(r, err, OC_ECANCELED, 0, 0, "interrupted while reading");
		if (n < 0) {
			char what[256];
			snprintf(what, sizeof what, "read error: %s", strerror(errno));
			return fail(r, err, OC_EIO, 0, 0, what);
		}
		if (r->sha && n > 0)
			oc_sha256_update(r->sha, r->buf + r->len, (size_t)n);
		r->len += (size_t)n;
		/* Keep reading until the BOM test has three bytes to look at. */
	} while (n > 0 && !r->started && r->len < 3);
	if (n == 0 && r->len == 0)
		r->eof = 1;
	if (!r->started) {
		r->started = 1;
		if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
			r->pos = 3;
	}
	return OC_OK;
}

static int callback_failure(struct oc_csv_reader *r, struct oc_err *err)
{
	char what[128];
	if (r->cb_error == 2)
		return fail(r, err, OC_EDATA, r->cb_line, r->cb_col, "NUL byte in field");
	if (r->cb_error == 3) {
		snprintf(what, sizeof what, "field longer than %d bytes (the limit)", OC_CSV_MAX_FIELD);
		return fail(r, err, OC_EDATA, r->cb_line, r->cb_col, what);
	}
	if (r->cb_error == 4) {
		snprintf(what, sizeof what, "more than %d fields in a record (the limit)",
		         OC_CSV_MAX_COLUMNS);
		return fail(r, err, OC_EDATA, r->cb_line, r->cb_col, what);
	}
	return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
}

/* Bit i set in *comma where p[i] is a comma, in *other where it is a
 * quote, CR or NUL, for i < 16. */
#if defined(__SSE2__)
static void marks16(const char *p, unsigned *comma, unsigned *other)
{
	__m128i v = _mm_loadu_si128((const void *)p);
	*comma = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
	*other = (unsigned)_mm_movemask_epi8(
		_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
		                          _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
		             _mm_cmpeq_epi8(v, _mm_setzero_si128())));
}
#else
static void marks16(const char *p, unsigned *comma, unsigned *other)
{
	*comma = *other = 0;
	for (unsigned i = 0; i < 16; i++) {
		*comma |= (unsigned)(p[i] == ',') << i;
		*other |= (unsigned)(p[i] == '"' || p[i] == '\r' || p[i] == '\0') << i;
	}
}
#endif

/* Whether line s[0, len) is plain: no quote, CR or NUL, at most
 * max_fields fields, none over OC_CSV_MAX_FIELD bytes.  If so, 1 with the
 * number of fields in *nf and the offset of field k (k >= 1) in start[k]
 * (field k - 1 ends at its comma, start[k] - 1).  s is read 16 bytes at a
 * time, up to 15 past the line end: the buffer has 16 bytes more than it
 * reads into (oc_csv_open), so those are always there. */
static int scan_plain(const char *s, size_t len, size_t max_fields, size_t *start, size_t *nf)
{
	size_t n = 1, from = 0;
	if (len > OC_CSV_MAX_LINE)
		return 0;
	for (size_t i = 0; i < len; i += 16) {
		unsigned comma, other, live = len - i >= 16 ? 0xFFFFu : (1u << (len - i)) - 1;
		marks16(s + i, &comma, &other);
		if (other & live)
			return 0;
		for (comma &= live; comma; comma &= comma - 1) {
			size_t p = i + (size_t)__builtin_ctz(comma);
			if (p - from > OC_CSV_MAX_FIELD || n == max_fields)
				return 0;
			from = p + 1;
			start[n++] = from;
		}
	}
	if (len - from > OC_CSV_MAX_FIELD)
		return 0;
	*nf = n;
	return 1;
}

/* scan_plain, and if the line is plain, its fields copied to dst as libcsv's
 * callbacks put them: back to back, each ended by a NUL (len + 1 bytes). */
static int split_plain(const char *s, size_t len, size_t max_fields, char *dst, size_t *start,
                       size_t *nf)
{
	start[0] = 0;
	if (!scan_plain(s, len, max_fields, start, nf))
		return 0;
	memcpy(dst, s, len);
	dst[len] = '\0';
	for (size_t k = 1; k < *nf; k++)
		dst[start[k] - 1] = '\0';
	return 1;
}

/* Whether the reader is at the start of a line that begins a record, where
 * a plain line may be split without libcsv: no record or CRLF half fed,
 * no error. */
static int at_plain_start(const struct oc_csv_reader *r)
{
	return !r->status && !r->in_record && !r->prev_cr && !r->libcsv_only && r->line_len == 0;
}

/* A whole plain line (scan_plain) at the start of a record: split at its
 * commas here, as libcsv would split it (in strict mode with CSV_REPALL_NL
 * and no blank trimming, such a line is its fields between commas, and an
 * empty line a record of no fields), without feeding libcsv byte by byte,
 * into the arena (split_plain).  0 (nothing done) for any other line,
 * which libcsv then parses, so every error still comes from one place. */
static int plain_line(struct oc_csv_reader *r, const char *s, size_t len)
{
	size_t nf = 0;
	char *a;
	if (len > 0) {
		if (len > OC_CSV_MAX_LINE || !(a = grow(r->arena, &r->arena_cap, len + 1, 1)) ||
		    grow_fields(r, (len < OC_CSV_MAX_COLUMNS ? len : OC_CSV_MAX_COLUMNS) + 2))
			return 0;
		r->arena = a;
		if (!split_plain(s, len, OC_CSV_MAX_COLUMNS, a, r->off, &nf))
			return 0;
		for (size_t k = 0; k < nf; k++)
			r->fline[k] = r->line;
	}
	r->nf = nf;
	r->arena_len = len ? len + 1 : 0;
	r->rec_line = r->field_line = r->line;
	r->pos += len + 1;
	r->line++;
	r->rec_done = 1;
	return 1;
}

size_t oc_csv_plain_rows(struct oc_csv_reader *r, size_t ncols, size_t max_rows, char *dst,
                         size_t cap, size_t *used, size_t *off, long *line)
{
	size_t n = 0, t = 0;
	*used = 0;
	*line = r->line;
	if (!at_plain_start(r) || ncols == 0)
		return 0;
	while (n < max_rows) {
		const char *seg = (const char *)r->buf + r->pos;
		const char *nl = memchr(seg, '\n', r->len - r->pos);
		size_t len, nf, *o = off + n * ncols;
		if (!nl)
			break;
		len = (size_t)(nl - seg);
		/* (a line of other width is copied but not taken) */
		if (len == 0 || len + 1 > cap - t || !split_plain(seg, len, ncols, dst + t, o, &nf) ||
		    nf != ncols)
			break;
		for (size_t k = 0; k < ncols; k++)
			o[k] += t;
		t += len + 1;
		r->pos += len + 1;
		r->line++;
		n++;
	}
	*used = t;
	return n;
}

void oc_csv_libcsv_only(struct oc_csv_reader *r)
{
	r->libcsv_only = 1;
}

int oc_csv_next(struct oc_csv_reader *r, char ***fields, size_t *n, long *line,
                struct oc_err *err)
{
	if (r->status)
		return r->status;
	r->nf = 0;
	r->arena_len = 0;
	r->rec_done = 0;
	while (!r->rec_done) {
		const unsigned char *seg, *end, *cr, *nl;
		size_t seglen, used;
		unsigned char last;

		if (r->pos == r->len) {
			if (r->eof) {
				if (r->finished)
					return 0;
				r->finished = 1;
				if (csv_fini(&r->parser, on_field, on_record, r) != 0)
					return fail(r, err, OC_EDATA, oc_csv_field_line(r, r->nf), r->nf + 1,
					            "quoted field not closed before the end of the file");
				if (r->cb_error)
					return callback_failure(r, err);
				continue;
			}
			if (refill(r, err) != OC_OK)
				return r->status;
			continue;
		}

		seg = r->buf + r->pos;
		end = r->buf + r->len;
		nl = memchr(seg, '\n', (size_t)(end - seg));
		if (nl && at_plain_start(r) && plain_line(r, (const char *)seg, (size_t)(nl - seg)))
			break;
		cr = memchr(seg, '\r', (size_t)((nl ? nl : end) - seg));
		seglen = cr ? (size_t)(cr - seg) + 1 : nl ? (size_t)(nl - seg) + 1 : (size_t)(end - seg);
		r->lf_after_cr = seg[0] == '\n' && r->prev_cr;
		/* Bounded before libcsv sees the bytes: it would buffer any
		 * length.  The line end itself does not count. */
		last = seg[seglen - 1];
		r->line_len += seglen - (last == '\r' || last == '\n');
		if (r->line_len > OC_CSV_MAX_LINE) {
			char what[128];
			snprintf(what, sizeof what, "line longer than %d bytes (the limit)",
			         OC_CSV_MAX_LINE);
			return fail(r, err, OC_EDATA, r->line, r->nf + 1, what);
		}
		if (!r->in_record) {
			r->in_record = 1;
			r->rec_line = r->field_line = r->line;
		}
		used = csv_parse(&r->parser, seg, seglen, on_field, on_record, r);
		if (r->cb_error)
			return callback_failure(r, err);
		if (used < seglen) {
			if (csv_error(&r->parser) != CSV_EPARSE)
				return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
			return fail(r, err, OC_EDATA, r->line, r->nf + 1,
			            r->parser.quoted ? "unexpected text after a closing quote"
			                             : "quote inside an unquoted field");
		}
		/* A quoted field can span lines: bound what libcsv holds. */
		if (r->parser.entry_pos > OC_CSV_MAX_FIELD) {
			char what[128];
			snprintf(what, sizeof what, "field longer than %d bytes (the limit)",
			         OC_CSV_MAX_FIELD);
			return fail(r, err, OC_EDATA, r->field_line, r->nf + 1, what);
		}
		r->pos += seglen;
		if (last == '\r' || last == '\n')
			r->line_len = 0;
		if (last == '\r' || (last == '\n' && !r->lf_after_cr))
			r->line++;
		r->prev_cr = last == '\r';
	}
	if (grow_fields(r, r->nf + 1))
		return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
	r->off[r->nf] = r->arena_len;
	for (size_t i = 0; i < r->nf; i++)
		r->fields[i] = r->arena + r->off[i];
	r->fields[r->nf] = NULL;
	*fields = r->fields;
	*n = r->nf;
	*line = r->rec_line;
	return 1;
}

int oc_csv_next_row(struct oc_csv_reader *r, size_t ncols, char ***fields, long *line,
                    struct oc_err *err)
{
	char **f, what[128];
	size_t n;
	long l, blank = 0;
	int st;
	/* A blank line is only an error once data follows it, as for pandas. */
	while ((st = oc_csv_next(r, &f, &n, &l, err)) == 1 && n == 0)
		if (!blank)
			blank = l;
	if (st != 1)
		return st;
	if (blank) {
		snprintf(what, sizeof what, "blank line (expected %zu field%s)", ncols,
		         ncols == 1 ? "" : "s");
		return fail(r, err, OC_EDATA, blank, 1, what);
	}
	if (n != ncols) {
		snprintf(what, sizeof what, "too %s fields: %zu, expected %zu",
		         n < ncols ? "few" : "many", n, ncols);
		return fail(r, err, OC_EDATA, l, (n < ncols ? n : ncols) + 1, what);
	}
	*fields = f;
	*line = l;
	return 1;
}

int oc_csv_line_ready(struct oc_csv_reader *r)
{
	if (!r->can_block || r->status || r->eof || !r->started)
		return 1;
	for (;;) {
		struct pollfd p = { r->fd, POLLIN, 0 };
		ssize_t n;
		if (memchr(r->buf + r->pos, '\n', r->len - r->pos) ||
		    memchr(r->buf + r->pos, '\r', r->len - r->pos))
			return 1;
		/* No line end buffered: take what the writer has already sent
		 * (behind the unread bytes), never waiting for more. */
		if (poll(&p, 1, 0) <= 0)
			return 0;
		if (r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
			r->len -= r->pos;
			r->pos = 0;
		}
		if (r->len == READ_BUF)
			return 1;       /* a line this long: the parser refuses it */
		n = read(r->fd, r->buf + r->len, READ_BUF - r->len);
		if (n <= 0)
			return 1;       /* end of input or a failure: the next read says */
		if (r->sha)
			oc_sha256_update(r->sha, r->buf + r->len, (size_t)n);
		r->len += (size_t)n;
	}
}

int oc_csv_unterminated(const struct oc_csv_reader *r)
{
	return r->eof && r->line_len > 0;
}

/* 'text' for messages: control bytes escaped, long values cut short. */
static void show(char *dst, size_t dstsz, const char *s, size_t len)
{
	size_t n = 0, lim = 40;
	dst[n++] = '\'';
	for (size_t i = 0; i < len && n + 8 < dstsz; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i == lim) {
			n += (size_t)snprintf(dst + n, dstsz - n, "...");
			break;
		}
		if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\')
			n += (size_t)snprintf(dst + n, dstsz - n, "\\x%02x", c);
		else
			dst[n++] = (char)c;
	}
	dst[n++] = '\'';
	dst[n] = '\0';
}

/* Everything oc_csv_read_dataset builds, freed in one place. */
struct rd {
	struct oc_csv_reader *r;
	char **names;           /* header fields ("Unnamed: J" for an empty one, as pandas) */
	size_t ncols;
	size_t label_col;
	const char *ignore;     /* columns to drop (oc_csv_list_has), or NULL */
	int ignore_must_exist;  /* 1: a listed name absent from the header is an error */
	unsigned char *skip;    /* ncols: 1 for a dropped column */
	size_t nfeat;           /* feature columns: not the label, not dropped */
	/* Distinct label spellings in order of first appearance, with the line
	 * of each first one; while reading, y holds spelling indices (or the
	 * class index when the classes are given). */
	char **spell;
	size_t *spell_len;
	long *spell_line;
	size_t nspell, spell_cap;
	double *x;
	unsigned char *y;
	size_t rows, cap;
	size_t max_rows;        /* limits: data rows, and rows x features */
	size_t max_values;
	const char *const *classes;     /* the accepted classes, or NULL: any */
	size_t n_classes;
	enum oc_class_type class_type;  /* of the accepted classes */
	long after_header;      /* line after the header, for "no data rows" */
};

static void rd_free(struct rd *d)
{
	if (d->names)
		for (size_t j = 0; j < d->ncols; j++)
			free(d->names[j]);
	free(d->names);
	free(d->skip);
	for (size_t k = 0; k < d->nspell; k++)
		free(d->spell[k]);
	free(d->spell);
	free(d->spell_len);
	free(d->spell_line);
	free(d->x);
	free(d->y);
	oc_csv_close(&d->r);
}

const char *oc_csv_list_next(const char *p, const char **name, size_t *len)
{
	const char *e;
	if (!p)
		return NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			return NULL;
		e = p + strcspn(p, ",");
		*name = p;
		*len = (size_t)(e - p);
		while (*len && (p[*len - 1] == ' ' || p[*len - 1] == '\t'))
			(*len)--;
		return e;
	}
}

int oc_csv_list_has(const char *list, const char *name)
{
	const char *t;
	size_t n, len = strlen(name);
	for (const char *p = oc_csv_list_next(list, &t, &n); p; p = oc_csv_list_next(p, &t, &n))
		if (n == len && memcmp(t, name, n) == 0)
			return 1;
	return 0;
}

/* How --ignore is shown for a column name: quoted for the shell unless
 * plain. */
static void ignore_option(char *dst, size_t dstsz, const char *name)
{
	int plain = *name != '\0';
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.' || *p == '-'))
			plain = 0;
	if (plain || strchr(name, '\''))
		snprintf(dst, dstsz, "--ignore=%.100s", name);
	else
		snprintf(dst, dstsz, "--ignore='%.100s'", name);
}

/* "'a', 'b', 'c'" (at most 8 names) for messages. */
static void show_header(char *dst, size_t dstsz, char *const *names, size_t n)
{
	size_t o = 0;
	dst[0] = '\0';
	for (size_t j = 0; j < n && j < 8 && o + 1 < dstsz; j++) {
		char a[160];
		show(a, sizeof a, names[j], strlen(names[j]));
		o += (size_t)snprintf(dst + o, dstsz - o, "%s%s", j ? ", " : "", a);
	}
	if (n > 8 && o + 1 < dstsz)
		snprintf(dst + o, dstsz - o, ", ... (%zu columns)", n);
}

static int rd_header(struct rd *d, const char *label, long *hline, struct oc_err *err)
{
	struct oc_csv_reader *r = d->r;
	char **f, a[160], what[1400], opt[160], cols[1100];
	size_t n, nskip = 0;
	long line;
	int st = oc_csv_next(r, &f, &n, &line, err);
	if (st == 0)
		return fail(r, err, OC_EDATA, 1, 1, "empty file: a header row is required");
	if (st != 1)
		return st;
	*hline = line;
	/* r->line is the line after the header, unless it had no line end. */
	d->after_header = r->line > line ? r->line : line + 1;
	if (n == 0)
		return fail(r, err, OC_EDATA, line, 1, "empty header line");
	d->names = calloc(n, sizeof *d->names);
	d->skip = calloc(n, 1);
	if (!d->names || !d->skip)
		return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
	d->ncols = n;
	d->label_col = n;
	for (size_t j = 0; j < n; j++) {
		size_t len = oc_csv_field_len(r, j);
		char unnamed[40];
		const char *name = f[j];
		if (len == 0) {
			/* pandas names it so; that is how it can be ignored */
			snprintf(unnamed, sizeof unnamed, "Unnamed: %zu", j);
			name = unnamed;
			len = strlen(name);
		}
		for (size_t k = 0; k < j; k++) {
			if (strcmp(d->names[k], name) == 0) {
				show(a, sizeof a, name, len);
				snprintf(what, sizeof what, "duplicate column name %s (also column %zu)", a,
				         k + 1);
				return fail(r, err, OC_EDATA, oc_csv_field_line(r, j), j + 1, what);
			}
		}
		if (!(d->names[j] = strdup(name)))
			return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
		d->skip[j] = (unsigned char)oc_csv_list_has(d->ignore, name);
		nskip += d->skip[j];
		if (name == unnamed && !d->skip[j]) {
			ignore_option(opt, sizeof opt, name);
			if (j == 0)
				snprintf(what, sizeof what, "the first column has no name: it is the row "
				         "index pandas' to_csv() writes (unless index=False); drop it with "
				         "%s or [data] ignore = %s", opt, name);
			else
				snprintf(what, sizeof what, "column %zu has no name (pandas calls it '%s'); "
				         "name it, or drop it with %s or [data] ignore = %s", j + 1, name,
				         opt, name);
			return fail(r, err, OC_EDATA, oc_csv_field_line(r, j), j + 1, what);
		}
		if (strcmp(name, label) == 0)
			d->label_col = j;
	}
	show(a, sizeof a, label, strlen(label));
	if (d->label_col == n) {
		show_header(cols, sizeof cols, d->names, n);
		snprintf(what, sizeof what, "no label column %s in the header; [data] label names "
		         "the class column (the header has %s)", a, cols);
		return fail(r, err, OC_EDATA, line, 1, what);
	}
	if (d->skip[d->label_col]) {
		snprintf(what, sizeof what, "the label column %s is also to be ignored "
		         "(--ignore or [data] ignore)", a);
		return fail(r, err, OC_EDATA, line, d->label_col + 1, what);
	}
	if (d->ignore_must_exist) {
		const char *t;
		size_t tl;
		for (const char *p = oc_csv_list_next(d->ignore, &t, &tl); p;
		     p = oc_csv_list_next(p, &t, &tl)) {
			size_t j;
			for (j = 0; j < n; j++)
				if (strlen(d->names[j]) == tl && memcmp(d->names[j], t, tl) == 0)
					break;
			if (j < n)
				continue;
			show(a, sizeof a, t, tl);
			show_header(cols, sizeof cols, d->names, n);
			snprintf(what, sizeof what, "no column %s to ignore (--ignore or [data] "
			         "ignore); the header has %s", a, cols);
			return fail(r, err, OC_EDATA, line, 1, what);
		}
	}
	d->nfeat = n - 1 - nskip;
	if (d->nfeat == 0) {
		snprintf(what, sizeof what, "no feature columns besides the label column %s%s", a,
		         nskip ? " and the ignored ones" : "");
		return fail(r, err, OC_EDATA, line, 1, what);
	}
	return OC_OK;
}

/* "'a', 'b' or 'c'" for messages (last: " or " or ", "). */
static void show_list(char *dst, size_t dstsz, const char *const *v, const size_t *len, size_t n,
                      const char *last)
{
	size_t o = 0;
	dst[0] = '\0';
	for (size_t k = 0; k < n && o + 1 < dstsz; k++) {
		char a[160];
		show(a, sizeof a, v[k], len ? len[k] : strlen(v[k]));
		o += (size_t)snprintf(dst + o, dstsz - o, "%s%s",
		                      k == 0 ? "" : k + 1 == n ? last : ", ", a);
	}
}

/* Most distinct spellings of labels kept while reading (they are told
 * apart by value only at the end, when the column's type is known). */
#define MAX_SPELLINGS OC_MAX_CLASSES   /* y holds a spelling index while reading */

/* The class index (classes given) or spelling index of a label. */
static int rd_label(struct rd *d, const char *s, size_t len, long line, struct oc_err *err)
{
	char what[1200], a[160], col[160], list[800];
	if (!d->classes)
		for (size_t k = 0; k < d->nspell; k++)
			if (d->spell_len[k] == len && memcmp(d->spell[k], s, len) == 0)
				return (int)k;
	show(col, sizeof col, d->names[d->label_col], strlen(d->names[d->label_col]));
	if (len == 0) {
		snprintf(what, sizeof what, "empty label in column %s", col);
		return -fail(d->r, err, OC_EDATA, line, d->label_col + 1, what);
	}
	if (oc_class_is_missing(s, len)) {
		show(a, sizeof a, s, len);
		snprintf(what, sizeof what, "label %s in column %s is a missing value (pandas reads "
		         "it as NaN, which scikit-learn refuses as a class)", a, col);
		return -fail(d->r, err, OC_EDATA, line, d->label_col + 1, what);
	}
	if (d->classes) {
		for (size_t k = 0; k < d->n_classes; k++)
			if (oc_class_matches(d->class_type, d->classes[k], s, len))
				return (int)k;
		show(a, sizeof a, s, len);
		if (d->n_classes <= 6) {
			show_list(list, sizeof list, d->classes, NULL, d->n_classes, " or ");
		} else {
			/* many classes: the first and the last */
			const char *const ends[2] = { d->classes[0], d->classes[d->n_classes - 1] };
			show_list(list, sizeof list, ends, NULL, 2, ", ..., or ");
		}
		snprintf(what, sizeof what, "label %s in column %s is not a class of the training "
		         "data (%s)", a, col, list);
		return -fail(d->r, err, OC_EDATA, line, d->label_col + 1, what);
	}
	if (d->nspell == MAX_SPELLINGS) {
		char b[160], c[160];
		show(a, sizeof a, d->spell[0], d->spell_len[0]);
		show(b, sizeof b, d->spell[1], d->spell_len[1]);
		show(c, sizeof c, s, len);
		snprintf(what, sizeof what,
		         "a %dth label in column %s (%s, %s, ..., %s): opticure classifies at "
		         "most %d grades", MAX_SPELLINGS + 1, col, a, b, c, OC_MAX_CLASSES);
		return -fail(d->r, err, OC_EDATA, line, d->label_col + 1, what);
	}
	if (d->nspell == d->spell_cap) {
		size_t cap = d->spell_cap ? 2 * d->spell_cap : 4;
		char **sp = realloc(d->spell, cap * sizeof *sp);
		size_t *sl;
		long *ln;
		if (sp)
			d->spell = sp;
		sl = sp ? realloc(d->spell_len, cap * sizeof *sl) : NULL;
		if (sl)
			d->spell_len = sl;
		ln = sl ? realloc(d->spell_line, cap * sizeof *ln) : NULL;
		if (!ln)
			return -fail(d->r, err, OC_EINTERNAL, 0, 0, "out of memory");
		d->spell_line = ln;
		d->spell_cap = cap;
	}
	if (!(d->spell[d->nspell] = malloc(len + 1)))
		return -fail(d->r, err, OC_EINTERNAL, 0, 0, "out of memory");
	memcpy(d->spell[d->nspell], s, len + 1);
	d->spell_len[d->nspell] = len;
	d->spell_line[d->nspell] = line;
	return (int)d->nspell++;
}

/* Turns the spellings read into classes, as pandas and scikit-learn see
 * them (classes.h): the column's type, one class per value, np.unique's
 * order, pandas' names; y becomes class indices. */
static int rd_classes(struct rd *d, struct oc_dataset *ds, long hline, struct oc_err *err)
{
	const size_t n = d->nspell;
	const size_t lc = d->label_col;
	char what[1200], a[160], col[160];
	struct oc_class_value *val = malloc((n ? n : 1) * sizeof *val);
	size_t *cls = malloc((n ? n : 1) * sizeof *cls), *rep = malloc((n ? n : 1) * sizeof *rep);
	size_t k, c, n_classes = 0;
	unsigned char rank[MAX_SPELLINGS];
	int st = OC_OK;
	enum oc_class_type type;

	show(col, sizeof col, ds->label_name, strlen(ds->label_name));
	if (!val || !cls || !rep) {
		st = fail(d->r, err, OC_EINTERNAL, 0, 0, "out of memory");
		goto out;
	}
	type = oc_class_infer((const char *const *)d->spell, d->spell_len, n);
	for (k = 0; k < n; k++) {
		const char *why;
		oc_class_parse(type, d->spell[k], d->spell_len[k], &val[k]);
		if ((why = oc_class_unusable(&val[k]))) {
			show(a, sizeof a, d->spell[k], d->spell_len[k]);
			snprintf(what, sizeof what, "label %s in column %s %s: in a column of numbers "
			         "(%s, as pandas reads it) scikit-learn takes that for a regression "
			         "target, not classes", a, col, why, oc_class_type_name(type));
			st = fail(d->r, err, OC_EDATA, d->spell_line[k], lc + 1, what);
			goto out;
		}
		for (c = 0; c < n_classes; c++)
			if (oc_class_cmp(&val[rep[c]], &val[k]) == 0)
				break;
		if (c == n_classes)
			rep[n_classes++] = k;
		cls[k] = c;
	}
	if (n_classes < 2) {
		show(a, sizeof a, d->spell[0], d->spell_len[0]);
		snprintf(what, sizeof what, "only one label in column %s: %s (two are needed)", col, a);
		st = fail(d->r, err, OC_EDATA, hline, lc + 1, what);
		goto out;
	}
	/* np.unique's order: sort the classes' first spellings by value */
	for (size_t i = 1; i < n_classes; i++)
		for (size_t j = i; j > 0 && oc_class_cmp(&val[rep[j - 1]], &val[rep[j]]) > 0; j--) {
			size_t t = rep[j];
			rep[j] = rep[j - 1];
			rep[j - 1] = t;
		}
	for (c = 0; c < n_classes; c++) {
		for (k = 0; k < n; k++)
			if (oc_class_cmp(&val[k], &val[rep[c]]) == 0)
				rank[k] = (unsigned char)c;
		if (!(ds->class_names[c] = oc_class_name(&val[rep[c]]))) {
			st = fail(d->r, err, OC_EINTERNAL, 0, 0, "out of memory");
			goto out;
		}
	}
	for (size_t i = 0; i < ds->n_rows; i++)
		ds->y[i] = rank[ds->y[i]];
	ds->class_type = type;
	ds->n_classes = n_classes;
out:
	free(val);
	free(cls);
	free(rep);
	return st;
}

/* 1 when s holds a letter no spelling of a number has (a malformed number
 * such as "2,5" or "0x1p3" gets no advice to drop its column). */
static int wordy(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) &&
		    !strchr("eExXpP", s[i]))
			return 1;
	return 0;
}

static int rd_value_error(struct rd *d, const char *s, size_t len, int why, size_t j, long line,
                          struct oc_err *err)
{
	char what[900], a[160], col[160];
	size_t i = 0;
	show(col, sizeof col, d->names[j], strlen(d->names[j]));
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	show(a, sizeof a, s, len);
	if (i == len)
		snprintf(what, sizeof what, "empty value in column %s", col);
	else if (why == -3)
		snprintf(what, sizeof what, "value too large (|x| > %s): %s in column %s",
		         OC_CSV_MAX_ABS_STR, a, col);
	else if (why == -2)
		snprintf(what, sizeof what, "%s is not a finite number (column %s)", a, col);
	else if (wordy(s, len)) {
		/* words: most likely a column of names, sites or identifiers
		 * (whose first rows may look like numbers), not a feature */
		char opt[160];
		ignore_option(opt, sizeof opt, d->names[j]);
		snprintf(what, sizeof what, "%s is not a number (column %s); every column but the "
		         "label is a numeric feature: if %s is not one, drop it with %s or "
		         "[data] ignore", a, col, col, opt);
	} else
		snprintf(what, sizeof what, "%s is not a number (column %s)", a, col);
	return fail(d->r, err, OC_EDATA, line, j + 1, what);
}

static int rd_rows(struct rd *d, struct oc_err *err)
{
	struct oc_csv_reader *r = d->r;
	const size_t nfeat = d->nfeat, lc = d->label_col;
	const size_t n = d->ncols;
	char **f, what[128];
	long line;
	int st;
	while ((st = oc_csv_next_row(r, n, &f, &line, err)) == 1) {
		double *row;
		int k;
		if (d->rows >= d->max_rows || (d->rows + 1) > d->max_values / nfeat) {
			if (d->rows >= d->max_rows)
				snprintf(what, sizeof what, "more than %zu data rows (the limit)",
				         d->max_rows);
			else
				snprintf(what, sizeof what, "more than %zu values, rows x %zu feature "
				         "columns (the limit)", d->max_values, nfeat);
			return fail(r, err, OC_EDATA, line, 1, what);
		}
		if (d->rows == d->cap) {
			/* Grow by half: geometric, yet well below twice the payload;
			 * never beyond the limits. */
			size_t cap = d->cap ? d->cap + d->cap / 2 : 1024, lim = d->max_values / nfeat;
			void *p;
			if (lim > d->max_rows)
				lim = d->max_rows;
			if (cap > lim)
				cap = lim;
			if (cap > SIZE_MAX / sizeof(double) / nfeat)
				return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
			if (!(p = realloc(d->x, cap * nfeat * sizeof *d->x)))
				return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
			d->x = p;
			if (!(p = realloc(d->y, cap)))
				return fail(r, err, OC_EINTERNAL, 0, 0, "out of memory");
			d->y = p;
			d->cap = cap;
		}
		row = d->x + d->rows * nfeat;
		for (size_t j = 0, o = 0; j < n; j++) {
			size_t len = oc_csv_field_len(r, j);
			int why;
			if (j == lc || d->skip[j])
				continue;
			why = oc_parse_data_number(f[j], len, &row[o]);
			if (why == 0 && oc_csv_too_large(row[o]))
				why = -3;
			o++;
			if (why != 0)
				return rd_value_error(d, f[j], len, why, j, oc_csv_field_line(r, j), err);
		}
		k = rd_label(d, f[lc], oc_csv_field_len(r, lc), oc_csv_field_line(r, lc), err);
		if (k < 0)
			return -k;
		d->y[d->rows++] = (unsigned char)k;
	}
	return st;
}

static int read_dataset(const char *path, const char *label, const char *ignore,
                        size_t max_rows, size_t max_values, const char *const *classes,
                        size_t n_classes, enum oc_class_type class_type,
                        struct oc_dataset **out, char *sha, struct oc_err *err);

int oc_csv_read_dataset(const char *path, const char *label, struct oc_dataset **out,
                        struct oc_err *err)
{
	return oc_csv_read_dataset_max(path, label, 0, 0, out, err);
}

int oc_csv_read_dataset_sha(const char *path, const char *label, const char *ignore,
                            struct oc_dataset **out, char sha[65], struct oc_err *err)
{
	return read_dataset(path, label, ignore, 0, 0, NULL, 0, OC_CLASS_STR, out, sha, err);
}

static int read_dataset(const char *path, const char *label, const char *ignore,
                        size_t max_rows, size_t max_values, const char *const *classes,
                        size_t n_classes, enum oc_class_type class_type,
                        struct oc_dataset **out, char *sha, struct oc_err *err)
{
	struct rd d = { 0 };
	struct oc_dataset *ds = NULL;
	long hline = 1;
	int st;

	*out = NULL;
	d.max_rows = max_rows ? max_rows : (size_t)OC_CSV_MAX_ROWS;
	d.max_values = max_values ? max_values : (size_t)OC_CSV_MAX_VALUES;
	d.ignore = ignore;
	/* a name listed for the training data must be there (a typo would
	 * silently keep the column); a test file may lack it */
	d.ignore_must_exist = classes == NULL;
	d.classes = classes;
	d.n_classes = n_classes;
	d.class_type = class_type;
	if (!(d.r = oc_csv_open(path, err)))
		return err ? err->status : OC_ENOINPUT;
	if (sha && oc_csv_hash_input(d.r) != 0) {
		st = oc_err_set(err, OC_EINTERNAL, "%s: out of memory", path);
		goto done;
	}
	if ((st = rd_header(&d, label, &hline, err)) != OC_OK || (st = rd_rows(&d, err)) != OC_OK)
		goto done;
	if (d.rows == 0) {
		st = fail(d.r, err, OC_EDATA, d.after_header, 1, "no data rows after the header");
		goto done;
	}
	ds = calloc(1, sizeof *ds);
	if (!ds)
		goto nomem;
	ds->n_rows = d.rows;
	ds->n_features = d.nfeat;
	/* Shrink to the rows read; realloc may move, never loses data. */
	{
		void *p = realloc(d.x, d.rows * ds->n_features * sizeof *d.x);
		if (p)
			d.x = p;
		p = realloc(d.y, d.rows);
		if (p)
			d.y = p;
	}
	ds->x = d.x;
	ds->y = d.y;
	d.x = NULL;
	d.y = NULL;
	ds->feature_names = calloc(ds->n_features, sizeof *ds->feature_names);
	ds->fmin = malloc(ds->n_features * sizeof *ds->fmin);
	ds->fmax = malloc(ds->n_features * sizeof *ds->fmax);
	ds->label_name = d.names[d.label_col];
	d.names[d.label_col] = NULL;
	if (!ds->feature_names || !ds->fmin || !ds->fmax)
		goto nomem;
	for (size_t j = 0, o = 0; j < d.ncols; j++) {
		if (j == d.label_col || d.skip[j])
			continue;
		ds->feature_names[o++] = d.names[j];
		d.names[j] = NULL;
	}
	if (classes) {
		ds->n_classes = n_classes;
		for (size_t c = 0; c < n_classes; c++)
			if (!(ds->class_names[c] = strdup(classes[c])))
				goto nomem;
		ds->class_type = class_type;
	} else if ((st = rd_classes(&d, ds, hline, err)) != OC_OK) {
		oc_dataset_free(&ds);
		goto done;
	}
	oc_dataset_update_ranges(ds);
	if (sha)
		oc_csv_sha256(d.r, sha);
	*out = ds;
	st = OC_OK;
	goto done;
nomem:
	st = oc_err_set(err, OC_EINTERNAL, "%s: out of memory", path);
	oc_dataset_free(&ds);
done:
	rd_free(&d);
	return st;
}

int oc_csv_read_dataset_max(const char *path, const char *label, size_t max_rows,
                            size_t max_values, struct oc_dataset **out, struct oc_err *err)
{
	return read_dataset(path, label, NULL, max_rows, max_values, NULL, 0, OC_CLASS_STR, out,
	                    NULL, err);
}

int oc_csv_read_dataset_ignore(const char *path, const char *label, const char *ignore,
                               struct oc_dataset **out, struct oc_err *err)
{
	return read_dataset(path, label, ignore, 0, 0, NULL, 0, OC_CLASS_STR, out, NULL, err);
}

int oc_csv_read_dataset_classes(const char *path, const char *label, const char *ignore,
                                enum oc_class_type type, const char *const *classes,
                                size_t n_classes, struct oc_dataset **out, struct oc_err *err)
{
	return read_dataset(path, label, ignore, 0, 0, classes, n_classes, type, out, NULL,
	                    err);
}
