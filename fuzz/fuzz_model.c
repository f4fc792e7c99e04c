/* fuzz_model.c - libFuzzer harness for the model-file loader: any bytes
 * give a bundle that predicts, or OC_EDATA with a message. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz_file.h"
#include "modelfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oc_bundle *b = NULL;
	struct oc_err err;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path), rc;
	if (fd < 0)
		return 0;
	oc_err_clear(&err);
	rc = oc_bundle_load(path, &b, &err);
	close(fd);
	if (rc == OC_OK) {
		/* A loaded bundle must be usable: predict one row per model. */
		double row[256] = { 0 }, p[2];
		if (!b || b->n_models == 0)
			abort();
		if (b->n_features <= 256)
			for (size_t m = 0; m < b->n_models; m++)
				b->models[m].ops->predict_proba(b->models[m].state, row, p);
		oc_bundle_free(&b);
	} else if (rc != OC_EDATA || !err.msg[0] || b) {
		abort();
	}
	return 0;
}
