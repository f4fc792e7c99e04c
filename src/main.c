/* main.c - opticure: parse options, load the configuration, run a mode
 * (its row of oc_commands). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "conf.h"
#include "numfmt.h"

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
	/* data values are read as [data] number_parser says, everywhere */
	oc_set_number_parser(cfg.number_parser);

	return oc_commands[cli.mode].run(&cli, &cfg);
}
