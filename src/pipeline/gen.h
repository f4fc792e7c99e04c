/* SPDX-License-Identifier: MIT */
/* gen.h - the original synthetic curing-data generator, draw for draw.
 *
 * RandomState(seed); the columns of the curing schema (curing.h), each
 * drawn whole from its distribution in turn; the label by the schema's
 * rule on the unrounded values (Standard if temperature > 78 or humidity
 * < 45, else Premium); then every value rounded to 2 decimals as
 * numpy.round does.
 *
 * Three grades (an extension of the original rule, same draws): Reject if
 * temperature > 82 or humidity < 40, else the two-grade rule. */
#ifndef OC_GEN_H
#define OC_GEN_H

#include <stdint.h>

#include "data/dataset.h"
#include "io/artset.h"
#include "core/status.h"

/* Grades the generator can label with: 2 (the original) or 3. */
#define OC_GEN_MIN_GRADES 2
#define OC_GEN_MAX_GRADES 3

/* Generates rows samples of grades grades; *out owned by the caller. */
int oc_generate(long rows, uint32_t seed, int grades, struct oc_dataset **out,
                struct oc_err *err);

/* The two files' text, rendered in memory (malloc'd). */
struct oc_gen_text {
	char *csv, *meta;
	size_t csv_len, meta_len;
	char csv_sha256[65];    /* of csv, lowercase hex */
};

/* Generates rows samples and renders curing_data.csv and its metadata into
 * *out (free with oc_gen_text_free); writes nothing.  If ds_out is non-NULL
 * it receives the data set. */
int oc_generate_render(long rows, uint32_t seed, int grades, struct oc_gen_text *out,
                       struct oc_dataset **ds_out, struct oc_err *err);

/* Frees the text of t; NULL-safe members, t itself is not freed. */
void oc_gen_text_free(struct oc_gen_text *t);

/* Generates and writes dir/curing_data.csv and dir/curing_data_metadata.json
 * as one artifact set (artset.h), waiting for the directory's lock as lk
 * says (NULL: wait).  grades is 2 or 3.  If ds_out is non-NULL it receives
 * the data set. */
int oc_generate_write(const char *dir, long rows, uint32_t seed, int grades,
                      const struct oc_lock_opts *lk, struct oc_dataset **ds_out,
                      struct oc_err *err);

#endif
