/* SPDX-License-Identifier: MIT */
/* csvread.h - strict CSV input on top of libcsv (RFC 4180 quoting, CRLF,
 * UTF-8 BOM, missing final newline), streaming record by record.
 * Every rejection names FILE:LINE:COLUMN (LINE: physical line, from 1;
 * COLUMN: field number, from 1); nothing is skipped silently.  Fields are
 * taken as written: no blanks are trimmed. */
#ifndef OC_CSVREAD_H
#define OC_CSVREAD_H

#include <stddef.h>

#include "data/dataset.h"
#include "core/status.h"

/* Limits (documented in opticure(1), LIMITS).  Each one gives OC_EDATA
 * with FILE:LINE:COLUMN and the limit, never a crash or an unbounded
 * allocation: the reader's memory stays below a few MiB per record. */
#define OC_CSV_MAX_LINE   1048576       /* bytes in one physical line, line end excluded */
#define OC_CSV_MAX_FIELD  4096          /* bytes in one field (after unquoting) */
#define OC_CSV_MAX_COLUMNS 1024         /* fields in one record */
/* oc_csv_read_dataset only: data rows, and values (rows x feature
 * columns, 8 bytes each in memory). */
#define OC_CSV_MAX_ROWS   10000000L
#define OC_CSV_MAX_VALUES 50000000L

struct oc_csv_reader;

/* Opens path for streaming ("-" is not special).  NULL with OC_ENOINPUT
 * when it cannot be opened. */
struct oc_csv_reader *oc_csv_open(const char *path, struct oc_err *err);

/* Reads the next record.  Returns 1 with *fields (n NUL-terminated strings,
 * valid until the next call) and *line (the physical line the record starts
 * on), 0 at end of file, or an error status (OC_EDATA, OC_EIO) with err set.
 * A blank line is a record of n == 0 fields.  Errors are sticky. */
int oc_csv_next(struct oc_csv_reader *r, char ***fields, size_t *n, long *line,
                struct oc_err *err);

/* Reads the next data record of a file whose header has ncols fields:
 * returns 1 with exactly ncols fields, or 0 at the end of the file, which
 * may follow blank lines (exported files often end so; they are no rows).
 * A blank line followed by more data, or a record of another width, is
 * OC_EDATA "FILE:LINE:COLUMN: ..." (other failures as oc_csv_next). */
int oc_csv_next_row(struct oc_csv_reader *r, size_t ncols, char ***fields, long *line,
                    struct oc_err *err);

/* Plain records in bulk, for a file whose header has ncols fields: takes
 * the lines already read into memory, from the start of a record, while
 * each is a whole line of exactly ncols fields with no quote, CR or NUL
 * (within every limit) and its text fits: at most max_rows of them and cap
 * bytes of text.  Each line's fields go to dst as oc_csv_next gives them
 * (back to back, each followed by its NUL; *used bytes in all), the offset
 * of field k of row i (from dst) to off[i * ncols + k].  Returns the number
 * of rows taken; they are on consecutive lines from *line.  0 when the
 * next line is not such a line, or not yet in memory: oc_csv_next_row then
 * reads it (and says what is wrong with it).  Never reads or waits. */
size_t oc_csv_plain_rows(struct oc_csv_reader *r, size_t ncols, size_t max_rows, char *dst,
                         size_t cap, size_t *used, size_t *off, long *line);

/* For a reader that streams records as they come (--predict as a filter):
 * 1 when the next physical line is complete in memory, the input has
 * ended or failed, or the input is a regular file, so that reading the
 * next record will not wait for a writer; 0 when it would (a pipe or FIFO
 * whose writer has not sent a whole line yet).  Reads what the writer has
 * already sent, never waits.  (A quoted field spanning lines may still
 * make the next record wait for its closing line.) */
int oc_csv_line_ready(struct oc_csv_reader *r);

/* After the end of the input: 1 when its last line had no line end (a
 * file written so, or a stream cut short). */
int oc_csv_unterminated(const struct oc_csv_reader *r);

/* Feature values must stay finite in float32, since tree models work in
 * float32 as scikit-learn does (it refuses what becomes infinite there):
 * |x| below OC_CSV_OVER_ABS, the halfway point between FLT_MAX and 2^128,
 * which rounds to infinity.  So 3.4028235e38 (FLT_MAX as written) is
 * accepted and anything that rounds above it is "value too large". */
#define OC_CSV_OVER_ABS 0x1.ffffffp127
#define OC_CSV_MAX_ABS_STR "3.4028235e38"
#define oc_csv_too_large(x) (fabs(x) >= OC_CSV_OVER_ABS)

/* Physical line on which field i of the last record starts (differs from
 * the record's line only after a quoted field spanning lines). */
long oc_csv_field_line(const struct oc_csv_reader *r, size_t i);

/* Length in bytes of field i of the last record.  The record's fields
 * lie back to back in one buffer, each followed by its NUL: fields[0]
 * starts the n fields' text, of sum(len + 1) bytes. */
size_t oc_csv_field_len(const struct oc_csv_reader *r, size_t i);

/* Makes r feed every byte to libcsv, as it does for lines with quotes, CR
 * or NUL, instead of splitting plain lines itself (the two give the same
 * records, lines and errors; for tests that compare them). */
void oc_csv_libcsv_only(struct oc_csv_reader *r);

/* Asks r to hash every byte it reads (before the first read); 0, or -1
 * when out of memory or too late. */
int oc_csv_hash_input(struct oc_csv_reader *r);

/* The SHA-256 (hex) of the bytes r has read so far (after
 * oc_csv_hash_input). */
void oc_csv_sha256(const struct oc_csv_reader *r, char hex[65]);

/* The path given to oc_csv_open (for messages). */
const char *oc_csv_path(const struct oc_csv_reader *r);

void oc_csv_close(struct oc_csv_reader **r);

/* Reads a whole labelled data set: header row required; `label` names the
 * class column, every other column is a numeric feature.  The label
 * column is typed, its classes ordered and named as pandas and numpy do
 * (classes.h); two to OC_MAX_CLASSES (256) classes are required.  A
 * missing label (pandas' NA spellings) or a float label scikit-learn would
 * refuse is OC_EDATA at its FILE:LINE:COLUMN.
 * Blank lines at the end of the file are ignored; a value with
 * |x| too large for float32 (oc_csv_too_large) is OC_EDATA.
 * OC_ENOINPUT when the file cannot be opened, OC_EDATA with
 * "FILE:LINE:COLUMN: message" for anything malformed (OC_EIO on a read
 * error, OC_EINTERNAL when out of memory).  Memory: the doubles, one byte
 * per row and the 1 MiB read buffer. */
int oc_csv_read_dataset(const char *path, const char *label, struct oc_dataset **out,
                        struct oc_err *err);

/* The same, also giving the SHA-256 (hex) of every byte of the file as
 * read: a pipe or FIFO is read once. */
int oc_csv_read_dataset_sha(const char *path, const char *label, const char *ignore,
                            struct oc_dataset **out, char sha[65], struct oc_err *err);

/* The same with other row and value limits (for tests; 0 = the default).
 * More rows than max_rows, or more than max_values values, is OC_EDATA. */
int oc_csv_read_dataset_max(const char *path, const char *label, size_t max_rows,
                            size_t max_values, struct oc_dataset **out, struct oc_err *err);

/* The same for rows to be scored against known classes (a test file):
 * labels are compared by value in a column of the training data's type
 * (oc_class_matches: "2.0" is class "2" of an int64 column); the classes
 * (n_classes names, in order) become the data set's class names and type;
 * a label outside them is OC_EDATA at its FILE:LINE:COLUMN.  Rows of one
 * class only are accepted (the caller decides whether that is enough). */
int oc_csv_read_dataset_classes(const char *path, const char *label, const char *ignore,
                                enum oc_class_type type, const char *const *classes,
                                size_t n_classes, struct oc_dataset **out, struct oc_err *err);

/* --- Dropping columns ([data] ignore, --ignore) --- */

/* oc_csv_read_dataset without the columns named in ignore (a list as
 * oc_csv_list_next reads it; NULL or "" for none): they are neither read
 * nor checked.  A listed name the header lacks, or the label listed, is
 * OC_EDATA (oc_csv_read_dataset_classes, for a test file, skips a listed
 * name it lacks).  A column with an empty name is called "Unnamed: J" (J
 * from 0), as pandas calls it, and can be ignored by that name; otherwise
 * it is OC_EDATA, and for the first column the message says it is the row
 * index pandas' to_csv() writes. */
int oc_csv_read_dataset_ignore(const char *path, const char *label, const char *ignore,
                               struct oc_dataset **out, struct oc_err *err);

/* The next name of a comma-separated list (blanks around each name
 * dropped, empty names skipped): sets *name and *len and returns where to
 * continue, or NULL at the end (list may be NULL). */
const char *oc_csv_list_next(const char *list, const char **name, size_t *len);

/* 1 when name is in the list. */
int oc_csv_list_has(const char *list, const char *name);

#endif
