/* SPDX-License-Identifier: MIT */
/* cmd_print_config.c - --print-config: the effective configuration,
 * rendered by oc_config_format (the format of etc/opticure.ini). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"

int oc_cmd_print_config(const struct oc_cli *cli, const struct oc_config *cfg)
{
	size_t size = 1 << 14;
	char *buf = NULL;
	int n = -1;
	(void)cli;
	/* paths are of any length: grow until the text fits */
	while (n < 0 && size <= ((size_t)1 << 30)) {
		char *b = realloc(buf, size *= 2);
		if (!b)
			break;
		buf = b;
		n = oc_config_format(cfg, buf, size);
	}
	if (n < 0) {
		free(buf);
		fputs(PACKAGE ": out of memory\n", stderr);
		return OC_EINTERNAL;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	free(buf);
	return oc_finish_stdout();
}
