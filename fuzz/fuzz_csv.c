/* fuzz_csv.c - libFuzzer harness for the strict CSV reader: any bytes give
 * a data set or an OC_EDATA error with a message, never a crash or leak. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "csvread.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		oc_dataset_free(&ds);
	} else if (rc != OC_EDATA || !err.msg[0] || ds) {
		abort();
	}
	return 0;
}
