/* fuzz_ini.c - libFuzzer harness for the INI loader: any bytes must give
 * OC_OK or OC_ECONFIG with a message, never a crash, leak or hang. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oc_config cfg;
	struct oc_err err;
	FILE *fp;
	int rc;
	if (size == 0)
		return 0;
	fp = fmemopen((void *)data, size, "r");
	if (!fp)
		return 0;
	oc_config_defaults(&cfg);
	oc_err_clear(&err);
	rc = oc_config_load_stream(&cfg, fp, "fuzz.ini", &err);
	fclose(fp);
	if (rc != OC_OK && rc != OC_ECONFIG)
		abort();
	if (rc == OC_ECONFIG && err.msg[0] == '\0')
		abort();
	return 0;
}
