/* SPDX-License-Identifier: MIT */
/* cli.h - command-line options (getopt_long) and the run modes they select. */
#ifndef OC_CLI_H
#define OC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "pipeline/conf.h"
#include "core/status.h"

/* The modes: the commands (oc_commands, one row each), then --help and
 * --version, which print and exit before any configuration is read. */
enum oc_mode {
	OC_MODE_DASHBOARD,      /* no mode option: the interactive dashboard */
	OC_MODE_BATCH,          /* --batch */
	OC_MODE_PREDICT,        /* --predict=FILE */
	OC_MODE_GENERATE,       /* --generate */
	OC_MODE_PRINT_CONFIG,   /* --print-config */
	OC_MODE_CHECK,          /* --check=FILE */
	OC_MODE_HELP,           /* --help */
	OC_MODE_VERSION,        /* --version */
	OC_MODE_COUNT
};
#define OC_N_COMMANDS OC_MODE_HELP

enum oc_format { OC_FORMAT_AUTO, OC_FORMAT_TABLE, OC_FORMAT_CSV, OC_FORMAT_JSON, OC_FORMAT_COUNT };

#define OC_MODEL_BEST (-1)

/* Threads used at most, whatever --jobs says (1..1024 is accepted): more
 * would only cost memory (each thread has its working set). */
#define OC_JOBS_MAX 64

struct oc_cli {
	enum oc_mode mode;
	const char *config_path;    /* -c; NULL to search */
	const char *predict_path;   /* --predict */
	const char *check_path;     /* --check */
	bool explain;               /* --explain (with --predict) */
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
	bool no_wait;               /* --no-wait: a locked artifact directory fails (75) */
	int verbose;                /* count of -v */
};

/* One mode: how it is chosen, how --help shows it, the options it takes
 * and where it starts.  To add a mode: an OC_MODE_ value before
 * OC_MODE_HELP, a row in oc_commands (cli.c), its entry function (cmd.h),
 * and its lines in man/opticure.1.in. */
struct oc_command {
	const char *option;     /* long option choosing it ("batch"); NULL: none */
	const char *arg;        /* its argument ("FILE" of --predict=FILE), or NULL */
	const char *name;       /* in messages: "--batch", "the dashboard" */
	const char *usage;      /* --help's usage line */
	const char *help;       /* --help's line under "Modes:"; NULL: none */
	unsigned takes;         /* the options it accepts (bits of cli.c's opts[]) */
	/* Runs the mode with the effective configuration; returns the
	 * process exit status. */
	int (*run)(const struct oc_cli *cli, const struct oc_config *cfg);
};

extern const struct oc_command oc_commands[OC_N_COMMANDS];

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
