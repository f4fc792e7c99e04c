/* SPDX-License-Identifier: MIT */
/* fuzz_ini.c - libFuzzer harness for the INI loader: any bytes must give
 * OC_OK or OC_ECONFIG with a message, never a crash, leak or hang.  A file
 * that loads must also validate (or say why not), and round-trip: what
 * --print-config renders from it loads again to the same rendering. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/conf.h"

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
	if (oc_config_defaults(&cfg) != OC_OK) {
		fclose(fp);
		return 0;
	}
	oc_err_clear(&err);
	rc = oc_config_load_stream(&cfg, fp, "fuzz.ini", &err);
	fclose(fp);
	if (rc != OC_OK && rc != OC_ECONFIG)
		abort();
	if (rc == OC_ECONFIG && err.msg[0] == '\0')
		abort();
	if (rc == OC_OK) {
		static char text[2][32768];
		struct oc_config again;
		int n;
		oc_err_clear(&err);
		rc = oc_config_validate(&cfg, &err);
		if (rc != OC_OK && !err.msg[0])
			abort();
		n = oc_config_format(&cfg, text[0], sizeof text[0]);
		if (n < 0)
			abort();
		fp = fmemopen(text[0], (size_t)n, "r");
		if (!fp || oc_config_defaults(&again) != OC_OK) {
			if (fp)
				fclose(fp);
			oc_config_free(&cfg);
			return 0;
		}
		oc_err_clear(&err);
		rc = oc_config_load_stream(&again, fp, "fuzz.ini", &err);  /* same name: the header cites it */
		fclose(fp);
		if (rc != OC_OK || oc_config_format(&again, text[1], sizeof text[1]) != n ||
		    memcmp(text[0], text[1], (size_t)n) != 0)
			abort();
		oc_config_free(&again);
	}
	oc_config_free(&cfg);
	return 0;
}
