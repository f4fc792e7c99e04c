/* SPDX-License-Identifier: MIT */
/* fuzz_model.c - libFuzzer harness for the model-file loader: any bytes
 * give a bundle that predicts, or OC_EDATA with a message.
 *
 * Each input is tried twice: as it is, through oc_bundle_load (file
 * reading, framing, checksum), and with its checksum line replaced by the
 * right one, through oc_bundle_parse.  Without the second pass nearly every
 * mutation would stop at the CRC-32 check and the parsers behind it (the
 * header records, each model's loader) would never see fuzzed text.
 * A bundle that loads must predict, and round-trip: written again it
 * gives text that loads and writes back to the same bytes. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_file.h"
#include "core/hash.h"
#include "io/modelfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct oc_bundle *b)
{
	struct oc_mwriter w[2];
	struct oc_bundle *again = NULL;
	struct oc_err err;
	char *copy;
	oc_mw_init(&w[0]);
	oc_mw_init(&w[1]);
	oc_err_clear(&err);
	if (oc_bundle_format(b, &w[0], &err) != OC_OK)
		abort();
	if (!(copy = malloc(w[0].len + 1)))
		abort();
	memcpy(copy, w[0].buf, w[0].len);
	copy[w[0].len] = '\0';
	if (oc_bundle_parse("again.model", copy, w[0].len, &again, &err) != OC_OK ||
	    oc_bundle_format(again, &w[1], &err) != OC_OK || w[0].len != w[1].len ||
	    memcmp(w[0].buf, w[1].buf, w[0].len) != 0)
		abort();
	free(copy);
	oc_bundle_free(&again);
	oc_mw_free(&w[0]);
	oc_mw_free(&w[1]);
}

static void check(int rc, struct oc_bundle *b, const struct oc_err *err)
{
	if (rc == OC_OK) {
		/* A loaded bundle must be usable: predict one row per model. */
		double row[256] = { 0 }, p[2];
		if (!b || b->n_models == 0)
			abort();
		if (b->n_features <= 256)
			for (size_t m = 0; m < b->n_models; m++)
				oc_model_predict_proba(b->models[m].ops, b->models[m].state, row, p);
		round_trip(b);
		oc_bundle_free(&b);
	} else if (rc != OC_EDATA || !err->msg[0] || b) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oc_bundle *b = NULL;
	struct oc_err err;
	char path[64], *buf;
	size_t body;
	int fd = fuzz_file(data, size, path, sizeof path), rc;
	if (fd < 0)
		return 0;
	oc_err_clear(&err);
	rc = oc_bundle_load(path, &b, &err);
	close(fd);
	check(rc, b, &err);

	/* The body: everything before the last line when that line is a
	 * checksum, else the whole input (which then must end in a newline). */
	body = size;
	if (size && data[size - 1] == '\n') {
		size_t last = size - 1;
		while (last > 0 && data[last - 1] != '\n')
			last--;
		if (size - last >= 6 && memcmp(data + last, "crc32 ", 6) == 0)
			body = last;
	} else if (size) {
		return 0;
	}
	if (!(buf = malloc(body + 16)))
		return 0;
	memcpy(buf, data, body);
	body += (size_t)snprintf(buf + body, 16, "crc32 %08lx\n",
	                         (unsigned long)oc_crc32(0, data, body));
	b = NULL;
	oc_err_clear(&err);
	rc = oc_bundle_parse("fuzz.model", buf, body, &b, &err);
	check(rc, b, &err);
	free(buf);
	return 0;
}
