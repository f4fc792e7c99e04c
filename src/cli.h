/* cli.h - command-line options (getopt_long) and the run modes they select. */
#ifndef OC_CLI_H
#define OC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "conf.h"
#include "status.h"

enum oc_mode {
	OC_MODE_DASHBOARD,      /* no mode option: the interactive dashboard */
	OC_MODE_BATCH,          /* --batch */
	OC_MODE_PREDICT,        /* --predict=FILE */
	OC_MODE_GENERATE,       /* --generate */
	OC_MODE_PRINT_CONFIG,   /* --print-config */
	OC_MODE_HELP,           /* --help */
	OC_MODE_VERSION,        /* --version */
	OC_MODE_COUNT
};

enum oc_format { OC_FORMAT_AUTO, OC_FORMAT_TABLE, OC_FORMAT_CSV, OC_FORMAT_JSON, OC_FORMAT_COUNT };

#define OC_MODEL_BEST (-1)

struct oc_cli {
	enum oc_mode mode;
	const char *config_path;    /* -c; NULL to search */
	const char *predict_path;   /* --predict */
	const char *dir;            /* -C; NULL keeps [output] dir */
	const char *data;           /* -d; NULL keeps [data] source */
	const char *test_data;      /* -t */
	char ignore[OC_PATH_MAX];   /* --ignore: columns to drop, "" keeps [data] ignore */
	long seed;   bool has_seed; /* --seed: [data] seed */
	long rows;   bool has_rows; /* --rows: [data] rows */
	int model;                  /* -m: OC_MODEL_* or OC_MODEL_BEST */
	enum oc_format format;      /* -f */
	int jobs;                   /* -j; 0 = online CPUs */
	bool no_color, ascii, mouse;
	bool quiet;
	int verbose;                /* count of -v */
};

/* Parses argv.  On a usage error writes "opticure: ..." and the
 * "Try 'opticure --help'" line to err and returns OC_EUSAGE. */
int oc_cli_parse(int argc, char **argv, struct oc_cli *cli, FILE *err);

/* Applies command-line overrides (seed, rows, data, dir, jobs, mouse, ...)
 * on top of a loaded configuration. */
void oc_cli_apply(const struct oc_cli *cli, struct oc_config *cfg);

/* Writes the --help text. */
void oc_cli_help(FILE *out);

/* Writes the --version text. */
void oc_cli_version(FILE *out);

#endif
