/* SPDX-License-Identifier: MIT */
/* gen.c - the original synthetic curing-data generator (see gen.h), and
 * its CSV and JSON metadata files.
 *
 * Reproduces generate_data.py: numpy legacy RandomState draws one whole
 * column per call (so a Box-Muller value kept at the end of one normal
 * column is the first value of the next), the quality rule on unrounded
 * values, then numpy.round(x, 2) = rint(x * 100) / 100.  The metadata is
 * json.dump(meta, indent=2) of the original keys, plus the CSV's SHA-256;
 * a timestamp only from SOURCE_DATE_EPOCH (reproducible-builds.org), so an
 * unchanged run rewrites identical files. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/artset.h"
#include "data/csvwrite.h"
#include "data/curing.h"
#include "pipeline/gen.h"
#include "core/hash.h"
#include "core/rng.h"

#define NCOLS OC_CURING_COLUMNS

int oc_generate(long rows, uint32_t seed, int grades, struct oc_dataset **out,
                struct oc_err *err)
{
	const char *const *names = grades == 3 ? oc_curing_grades3 : oc_curing_grades;
	struct oc_rng rng;
	int std = 0, rej = 0;   /* the row is Standard, Reject by the schema's rule */
	struct oc_dataset *ds;
	double *x;
	size_t n;

	*out = NULL;
	if (rows < 1)
		return oc_err_set(err, OC_ECONFIG, "rows must be at least 1 (got %ld)", rows);
	if (grades < OC_GEN_MIN_GRADES || grades > OC_GEN_MAX_GRADES)
		return oc_err_set(err, OC_ECONFIG, "grades must be 2 or 3 (got %d)", grades);
	n = (size_t)rows;
	ds = oc_dataset_new(n, NCOLS);
	if (!ds)
		return oc_err_set(err, OC_EINTERNAL, "out of memory for %ld rows", rows);
	for (int j = 0; j < NCOLS; j++)
		if (!(ds->feature_names[j] = strdup(oc_curing_columns[j].name)))
			goto nomem;
	if (!(ds->label_name = strdup(OC_CURING_LABEL)))
		goto nomem;
	ds->n_classes = (size_t)grades;
	for (int k = 0; k < grades; k++)
		if (!(ds->class_names[k] = strdup(names[k])))
			goto nomem;

	x = ds->x;
	oc_rng_seed(&rng, seed);
	for (int j = 0; j < NCOLS; j++) {
		const struct oc_curing_column *c = &oc_curing_columns[j];
		for (size_t i = 0; i < n; i++)
			x[i * NCOLS + (size_t)j] = c->draw == OC_DRAW_NORMAL
			                           ? oc_rng_normal(&rng, c->a, c->b)
			                           : oc_rng_uniform(&rng, c->a, c->b);
	}
	for (size_t i = 0; i < n * NCOLS; i++) {
		const struct oc_curing_column *c = &oc_curing_columns[i % NCOLS];
		if (i % NCOLS == 0)
			std = rej = 0;
		std |= x[i] > c->standard_above || x[i] < c->standard_below;
		rej |= x[i] > c->reject_above || x[i] < c->reject_below;
		if (i % NCOLS == NCOLS - 1)
			ds->y[i / NCOLS] = grades == 2 ? std : rej ? 1 : std ? 2 : 0;
		x[i] = rint(x[i] * 100.0) / 100.0;
	}
	oc_dataset_update_ranges(ds);
	*out = ds;
	return OC_OK;
nomem:
	oc_dataset_free(&ds);
	return oc_err_set(err, OC_EINTERNAL, "out of memory");
}

/* JSON string (the names are ASCII; escapes as json.dump would). */
static void put_json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

/* "YYYY-MM-DDTHH:MM:SSZ" from $SOURCE_DATE_EPOCH into buf; 0 when unset,
 * 1 when set, -1 when malformed. */
static int source_date(char *buf, size_t bufsz)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;
	time_t t;
	struct tm tm;
	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || (long long)(t = (time_t)v) != v || !gmtime_r(&t, &tm))
		return -1;
	strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 1;
}

static int write_meta(FILE *f, const struct oc_dataset *ds, uint32_t seed, const char *stamp,
                      const char *sha)
{
	size_t count[OC_GEN_MAX_GRADES] = { 0 };
	int order[OC_GEN_MAX_GRADES], ngrades = 0;
	for (size_t i = 0; i < ds->n_rows; i++) {
		if (!count[ds->y[i]])
			order[ngrades++] = ds->y[i];    /* order of first appearance */
		count[ds->y[i]]++;
	}
	fprintf(f, "{\n  \"total_records\": %zu,\n  \"columns\": [\n", ds->n_rows);
	for (size_t j = 0; j < ds->n_features; j++) {
		fputs("    ", f);
		put_json_string(f, ds->feature_names[j]);
		fputs(",\n", f);
	}
	fputs("    ", f);
	put_json_string(f, ds->label_name);
	/* quality_grades: order of first appearance (pandas unique()). */
	fputs("\n  ],\n  \"quality_grades\": [\n", f);
	for (int k = 0; k < ngrades; k++) {
		fputs("    ", f);
		put_json_string(f, ds->class_names[order[k]]);
		fputs(k + 1 < ngrades ? ",\n" : "\n", f);
	}
	/* grade_distribution: value_counts(), by descending count, ties in
	 * order of first appearance (a stable insertion sort). */
	for (int k = 1; k < ngrades; k++) {
		int t = order[k], j = k;
		for (; j > 0 && count[order[j - 1]] < count[t]; j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
	fputs("  ],\n  \"grade_distribution\": {\n", f);
	for (int k = 0; k < ngrades; k++) {
		fputs("    ", f);
		put_json_string(f, ds->class_names[order[k]]);
		fprintf(f, ": %zu%s", count[order[k]], k + 1 < ngrades ? ",\n" : "\n");
	}
	fprintf(f, "  },\n  \"random_seed\": %lu,\n", (unsigned long)seed);
	if (stamp) {
		fputs("  \"generation_timestamp\": ", f);
		put_json_string(f, stamp);
		fputs(",\n", f);
	}
	fputs("  \"data_sha256\": ", f);
	put_json_string(f, sha);
	fputs("\n}", f);
	return ferror(f) ? EOF : 0;
}

/* Writes dir/name atomically. */
int oc_generate_render(long rows, uint32_t seed, int grades, struct oc_gen_text *out,
                       struct oc_dataset **ds_out, struct oc_err *err)
{
	struct oc_dataset *ds = NULL;
	char *csv = NULL, *meta = NULL, sha[65], stamp[64];
	size_t csv_len = 0, meta_len = 0;
	FILE *f;
	int st, has_stamp;

	memset(out, 0, sizeof *out);
	if (ds_out)
		*ds_out = NULL;
	has_stamp = source_date(stamp, sizeof stamp);
	if (has_stamp < 0)
		return oc_err_set(err, OC_ECONFIG,
		                  "SOURCE_DATE_EPOCH is not a number of seconds since 1970: '%s'",
		                  getenv("SOURCE_DATE_EPOCH"));
	if ((st = oc_generate(rows, seed, grades, &ds, err)) != OC_OK)
		return st;

	st = oc_err_set(err, OC_EINTERNAL, "out of memory");
	if (!(f = open_memstream(&csv, &csv_len)))
		goto done;
	if (oc_csv_write_dataset(f, ds) != 0) {
		fclose(f);
		goto done;
	}
	if (fclose(f) != 0)
		goto done;
	oc_sha256_hex(csv, csv_len, sha);
	if (!(f = open_memstream(&meta, &meta_len)))
		goto done;
	if (write_meta(f, ds, seed, has_stamp ? stamp : NULL, sha) != 0) {
		fclose(f);
		goto done;
	}
	if (fclose(f) != 0)
		goto done;
	oc_err_clear(err);
	st = OC_OK;
	out->csv = csv;
	out->csv_len = csv_len;
	out->meta = meta;
	out->meta_len = meta_len;
	memcpy(out->csv_sha256, sha, sizeof sha);
	csv = meta = NULL;
	if (ds_out) {
		*ds_out = ds;
		ds = NULL;
	}
done:
	free(csv);
	free(meta);
	oc_dataset_free(&ds);
	return st;
}

void oc_gen_text_free(struct oc_gen_text *t)
{
	free(t->csv);
	free(t->meta);
	memset(t, 0, sizeof *t);
}

int oc_generate_write(const char *dir, long rows, uint32_t seed, int grades,
                      const struct oc_lock_opts *lk, struct oc_dataset **ds_out,
                      struct oc_err *err)
{
	struct oc_gen_text t;
	struct oc_artset set;
	int st = oc_generate_render(rows, seed, grades, &t, ds_out, err);
	if (st != OC_OK)
		return st;
	/* Both files are synced before either is renamed, as one set. */
	if (!(st = oc_artset_begin(&set, dir, lk, err))) {
		if (!(st = oc_artset_add_buf(&set, OC_GEN_CSV, t.csv, t.csv_len, err)) &&
		    !(st = oc_artset_add_buf(&set, OC_GEN_META, t.meta, t.meta_len, err)) &&
		    !(st = oc_artset_sync(&set, err)) &&
		    !(st = lk && lk->cancel && atomic_load(lk->cancel)
		           ? oc_err_set(err, OC_ECANCELED, "interrupted; previous files left unchanged")
		           : OC_OK))
			st = oc_artset_commit(&set, err);
		oc_artset_end(&set);
	}
	if (st != OC_OK && ds_out)
		oc_dataset_free(ds_out);
	oc_gen_text_free(&t);
	return st;
}
