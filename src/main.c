/* main.c - opticure: parse options, load the configuration, run a mode. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "artset.h"
#include "cli.h"
#include "cmd.h"
#include "conf.h"

static int print_config(const struct oc_config *cfg)
{
	static char buf[1 << 16];
	int n = oc_config_format(cfg, buf, sizeof buf);
	if (n < 0) {
		fputs(PACKAGE ": configuration too large to print\n", stderr);
		return OC_EINTERNAL;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	return oc_finish_stdout();
}

int main(int argc, char **argv)
{
	struct oc_cli cli;
	struct oc_config cfg;
	struct oc_err err;
	char path[OC_PATH_MAX];
	int rc;

	/* Messages and the dashboard follow the user's locale (UTF-8 line
	 * drawing); numbers are always written and read with '.'. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");

	/* Read once, before any thread: new artifacts get 0666 less it. */
	oc_artset_init_umask();

	rc = oc_cli_parse(argc, argv, &cli, stderr);
	if (rc)
		return rc;
	if (cli.mode == OC_MODE_HELP) {
		oc_cli_help(stdout);
		return oc_finish_stdout();
	}
	if (cli.mode == OC_MODE_VERSION) {
		oc_cli_version(stdout);
		return oc_finish_stdout();
	}

	oc_err_clear(&err);
	oc_config_defaults(&cfg);
	rc = oc_config_find(cli.config_path, path, sizeof path, &err);
	if (!rc && path[0])
		rc = oc_config_load_file(&cfg, path, &err);
	if (rc)
		return oc_report_error(&err);
	oc_cli_apply(&cli, &cfg);
	rc = oc_config_validate(&cfg, &err);
	if (rc)
		return oc_report_error(&err);
	if (cli.verbose)
		fprintf(stderr, PACKAGE ": configuration: %s\n", path[0] ? path : "built-in defaults");

	/* Before anything else in the artifact directory: a commit a killed
	 * run left unfinished is completed or rolled back. */
	if (cli.mode != OC_MODE_PRINT_CONFIG && (rc = oc_cmd_recover(&cli, &cfg)))
		return rc;

	switch (cli.mode) {
	case OC_MODE_BATCH:
		return oc_cmd_batch(&cli, &cfg);
	case OC_MODE_PREDICT:
		return oc_cmd_predict(&cli, &cfg);
	case OC_MODE_GENERATE:
		return oc_cmd_generate(&cli, &cfg);
	case OC_MODE_PRINT_CONFIG:
		return print_config(&cfg);
	case OC_MODE_DASHBOARD:
		return oc_cmd_dashboard(&cli, &cfg);
	case OC_MODE_HELP:
	case OC_MODE_VERSION:
	case OC_MODE_COUNT:
		break;
	}
	return OC_EINTERNAL;
}
