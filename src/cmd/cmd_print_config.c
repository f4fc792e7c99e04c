/* SPDX-License-Identifier: MIT */
/* cmd_print_config.c - --print-config: the effective configuration,
 * rendered by oc_config_format (the format of etc/opticure.ini). */
#include "config.h"

#include <stdio.h>

#include "cmd/cmd.h"

int oc_cmd_print_config(const struct oc_cli *cli, const struct oc_config *cfg)
{
	static char buf[1 << 16];
	int n = oc_config_format(cfg, buf, sizeof buf);
	(void)cli;
	if (n < 0) {
		fputs(PACKAGE ": configuration too large to print\n", stderr);
		return OC_EINTERNAL;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	return oc_finish_stdout();
}
