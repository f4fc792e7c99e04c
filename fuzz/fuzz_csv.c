/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c - libFuzzer harness for the strict CSV reader: any bytes give
 * a data set or an OC_EDATA error with a message, never a crash or leak.
 * A data set that loads must round-trip: written by oc_csv_write_dataset
 * and read again with the exact parser, it is the same data set, bit for
 * bit.  The first read uses [data] number_parser's default, pandas', which
 * is not correctly rounded past 17 digits (pandas 1.5 reads
 * 2123456789012345678901234567890 as 2.1234567890123455e+30, and that
 * value's shortest %.17g back as ...52e+30), so only the exact parser can
 * promise the round trip. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <string.h>

#include "data/csvread.h"
#include "data/csvwrite.h"
#include "core/numfmt.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same(const struct oc_dataset *a, const struct oc_dataset *b)
{
	if (a->n_rows != b->n_rows || a->n_features != b->n_features ||
	    strcmp(a->label_name, b->label_name) != 0 ||
	    a->n_classes != b->n_classes ||
	    memcmp(a->x, b->x, a->n_rows * a->n_features * sizeof *a->x) != 0 ||
	    memcmp(a->y, b->y, a->n_rows) != 0)
		abort();
	for (size_t j = 0; j < a->n_features; j++)
		if (strcmp(a->feature_names[j], b->feature_names[j]) != 0)
			abort();
	for (size_t k = 0; k < a->n_classes; k++)
		if (strcmp(a->class_names[k], b->class_names[k]) != 0)
			abort();
}

static void round_trip(const struct oc_dataset *ds)
{
	struct oc_dataset *again = NULL;
	struct oc_err err;
	char *text = NULL, path[64];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int fd, rc;
	if (!f)
		return;
	if (oc_csv_write_dataset(f, ds) != 0)
		abort();
	fclose(f);
	fd = fuzz_file(text, len, path, sizeof path);
	free(text);
	if (fd < 0)
		return;
	oc_err_clear(&err);
	oc_set_number_parser(OC_NUMBER_EXACT);
	rc = oc_csv_read_dataset(path, ds->label_name, &again, &err);
	oc_set_number_parser(OC_NUMBER_PANDAS);
	close(fd);
	/* Only the limits may refuse what was read (a label column moved last
	 * can lengthen no line, so they cannot either). */
	if (rc != OC_OK)
		abort();
	same(ds, again);
	oc_dataset_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oc_dataset *ds = NULL;
	struct oc_err err;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path), rc;
	if (fd < 0)
		return 0;
	oc_err_clear(&err);
	rc = oc_csv_read_dataset(path, "quality_grade", &ds, &err);
	close(fd);
	if (rc == OC_OK) {
		if (!ds || ds->n_rows == 0 || ds->n_features == 0)
			abort();
		round_trip(ds);
		oc_dataset_free(&ds);
	} else if (rc != OC_EDATA || !err.msg[0] || ds) {
		abort();
	}
	return 0;
}
