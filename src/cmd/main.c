/* SPDX-License-Identifier: MIT */
/* main.c - opticure: parse options, load the configuration, run a mode
 * (its row of oc_commands). */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/artset.h"
#include "cmd/cli.h"
#include "cmd/cmd.h"
#include "pipeline/conf.h"
#include "core/numfmt.h"

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
	/* In every mode, the dashboard's retrain included: a file-size limit
	 * is a write error (EFBIG, exit 74), never a kill that leaves a
	 * temporary and the terminal in raw mode. */
	signal(SIGXFSZ, SIG_IGN);

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

	/* Before anything else in the artifact directory: a commit a killed
	 * run left unfinished is completed or rolled back. */
	if (cli.mode != OC_MODE_PRINT_CONFIG && (rc = oc_cmd_recover(&cli, &cfg)))
		return rc;

	return oc_commands[cli.mode].run(&cli, &cfg);
}
