/* SPDX-License-Identifier: MIT */
/* cli.c - command-line parsing with getopt_long (see cli.h).
 *
 * Two tables say everything about the command line: opts[] (one row per
 * option) and oc_commands[] (one row per mode: its option, usage line,
 * the options it takes and its entry function).  getopt's tables, the
 * "option not used by this mode" errors and --help are made from them.
 * To add an option: a row in opts[] (and its O_ name), its bit in the
 * takes of the modes that use it, its case in oc_cli_parse, and a line in
 * man/opticure.1.in (tests/docs.sh checks it is there). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/cmd.h"

/* --- The tables --- */

/* The options that are not modes (--help lists them in this order).  An
 * option's index is its bit in a command's takes. */
enum {
	O_CONFIG, O_DIR, O_DATA, O_TEST,
	O_IGNORE,       /* --ignore ([data] ignore) */
	O_SEED, O_ROWS, O_MODEL, O_FORMAT, O_EXPLAIN, O_JOBS,
	O_NO_COLOR, O_ASCII, O_MOUSE, O_QUIET, O_VERBOSE, O_NO_WAIT, O_HELP, O_VERSION, O_COUNT
};
#define B(o) (1u << (o))
#define B_ANY (B(O_HELP) - 1)       /* what a mode may refuse: all but -h, -V */

struct opt_def {
	const char *name;       /* long name */
	int letter;             /* short option, or 0 */
	const char *arg;        /* argument name, NULL for none */
	const char *help;       /* --help text; '\n' continues on the next line */
	const char *key;        /* "section/key" bounding the value and giving
	                           the default --help shows, or NULL */
};

static const struct opt_def opts[O_COUNT] = {
	[O_CONFIG] = { "config", 'c', "FILE", "read FILE instead of searching for opticure.ini", NULL },
	[O_DIR] = { "dir", 'C', "DIR", "artifact directory, made if missing (default:\n[output] dir, .)",
	            NULL },
	[O_DATA] = { "data", 'd', "FILE", "train on the CSV FILE instead of synthetic data", NULL },
	[O_TEST] = { "test-data", 't', "FILE", "evaluate on the CSV FILE instead of a split", NULL },
	/* [data] ignore */
	[O_IGNORE] = { "ignore", 0, "COLS", "drop the comma-separated columns of CSV input\n"
	               "(repeatable; replaces [data] ignore)", NULL },
	[O_SEED] = { "seed", 0, "N", "seed of the synthetic data", "data/seed" },
	[O_ROWS] = { "rows", 0, "N", "rows of synthetic data", "data/rows" },
	[O_MODEL] = { "model", 'm', "NAME", "model to use: lr, rf, gb, svm or best (default)", NULL },
	[O_FORMAT] = { "format", 'f', "FMT", "--batch or --check report: table, csv or json", NULL },
	[O_EXPLAIN] = { "explain", 0, NULL, "--predict: add each row's base value and feature\n"
	                "contributions (shap_<feature> columns)", NULL },
	[O_JOBS] = { "jobs", 'j', "N", "worker threads (default: online CPUs; at most 64\nare used); "
	             "never changes results", NULL },
	[O_NO_COLOR] = { "no-color", 0, NULL, "no colours in the dashboard (also: NO_COLOR)", NULL },
	[O_ASCII] = { "ascii", 0, NULL, "draw with ASCII characters only", NULL },
	[O_MOUSE] = { "mouse", 0, NULL, "enable the mouse in the dashboard", NULL },
	[O_QUIET] = { "quiet", 'q', NULL, "no progress or summary on stderr", NULL },
	[O_VERBOSE] = { "verbose", 'v', NULL, "more detail on stderr (repeatable)", NULL },
	[O_NO_WAIT] = { "no-wait", 0, NULL, "fail at once (exit 75) if another opticure holds\n"
	                "the artifact directory, instead of waiting", NULL },
	[O_HELP] = { "help", 'h', NULL, "display this help and exit", NULL },
	[O_VERSION] = { "version", 'V', NULL, "output version information and exit", NULL },
};

#define B_DATA_SETUP (B(O_CONFIG) | B(O_DIR) | B(O_DATA) | B(O_TEST) | B(O_IGNORE) | B(O_SEED) | \
                      B(O_ROWS))
#define B_CHATTER (B(O_QUIET) | B(O_VERBOSE))

/* The modes, in the order of --help's usage lines.  What a mode takes is
 * all it accepts: anything else given is refused rather than ignored.
 * --print-config takes what changes the configuration it prints. */
const struct oc_command oc_commands[OC_N_COMMANDS] = {
	[OC_MODE_DASHBOARD] = {
		NULL, NULL, "the dashboard", "interactive dashboard", NULL,
		B_ANY & ~(B(O_FORMAT) | B(O_EXPLAIN)), oc_cmd_dashboard },
	[OC_MODE_BATCH] = {
		"batch", NULL, "--batch", "run the pipeline without a terminal",
		"generate/load, split, train, evaluate, write artifacts",
		B_DATA_SETUP | B(O_FORMAT) | B(O_JOBS) | B_CHATTER | B(O_NO_WAIT), oc_cmd_batch },
	[OC_MODE_PREDICT] = {
		"predict", "FILE", "--predict", "score FILE with the saved model, CSV to stdout",
		"score every row of the CSV FILE (needs a trained model);\n"
		"- reads standard input: a filter, rows out as they come",
		B(O_CONFIG) | B(O_DIR) | B(O_MODEL) | B(O_EXPLAIN) | B(O_JOBS) | B_CHATTER |
		B(O_NO_WAIT),
		oc_cmd_predict },
	[OC_MODE_GENERATE] = {
		"generate", NULL, "--generate", "only write the synthetic data set",
		"write curing_data.csv and its metadata only",
		B(O_CONFIG) | B(O_DIR) | B(O_SEED) | B(O_ROWS) | B(O_JOBS) | B_CHATTER | B(O_NO_WAIT),
		oc_cmd_generate },
	[OC_MODE_PRINT_CONFIG] = {
		"print-config", NULL, "--print-config", "print the configuration as INI",
		"print the effective configuration as an INI file",
		B_DATA_SETUP | B(O_NO_COLOR) | B(O_MOUSE) | B_CHATTER, oc_cmd_print_config },
	[OC_MODE_CHECK] = {
		"check", "FILE", "--check", "compare FILE with the training data",
		"drift of the CSV FILE against the training data;\nexit 1 when a feature passes "
		"[monitor] psi_alert",
		B(O_CONFIG) | B(O_DIR) | B(O_FORMAT) | B(O_JOBS) | B_CHATTER, oc_cmd_check },
};

/* getopt_long's value of a mode option, of a long-only option, and of
 * any option. */
#define MODE_ID(m) (256 + (int)(m))
#define LONG_ONLY(o) (512 + (o))
#define OPT_ID(o) (opts[o].letter ? opts[o].letter : LONG_ONLY(o))

static const char *const format_names[OC_FORMAT_COUNT] = { "auto", "table", "csv", "json" };

/* --- Parsing --- */

static int usage_error(FILE *err, const char *fmt, const char *arg) __attribute__((format(printf, 2, 0)));
static int usage_error(FILE *err, const char *fmt, const char *arg)
{
	fputs(PACKAGE ": ", err);
	fprintf(err, fmt, arg);
	fputs("\nTry '" PACKAGE " --help' for more information.\n", err);
	return OC_EUSAGE;
}

/* Whole-string integer in [min, max]. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int set_mode(struct oc_cli *cli, enum oc_mode m, FILE *err)
{
	if (cli->mode != OC_MODE_DASHBOARD && cli->mode != m) {
		char both[64];
		snprintf(both, sizeof both, "%s and %s", oc_commands[cli->mode].name,
		         oc_commands[m].name);
		return usage_error(err, "%s cannot be used together", both);
	}
	cli->mode = m;
	return OC_OK;
}

/* Refuses the first option of given that mode has no use for, naming the
 * modes that do use it. */
static int check_given(enum oc_mode mode, unsigned given, FILE *err)
{
	unsigned bad = given & ~oc_commands[mode].takes;
	char msg[256];
	size_t n = 0;
	int o = 0, users = 0, k = 0;
	if (!bad)
		return OC_OK;
	while (!(bad & B(o)))
		o++;
	for (int m = 0; m < OC_N_COMMANDS; m++)
		users += (oc_commands[m].takes & B(o)) != 0;
	n += (size_t)snprintf(msg, sizeof msg, "option '--%s' cannot be used with %s (only with ",
	                      opts[o].name, oc_commands[mode].name);
	for (int m = 0; m < OC_N_COMMANDS && n < sizeof msg; m++) {
		if (!(oc_commands[m].takes & B(o)))
			continue;
		k++;
		n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s",
		                      k == 1 ? "" : k == users ? " or " : ", ", oc_commands[m].name);
	}
	if (n < sizeof msg)
		snprintf(msg + n, sizeof msg - n, ")");
	return usage_error(err, "%s", msg);
}

/* getopt_long's tables from both lists: the long options (terminated by
 * a zero row) and the short-option string. */
static void getopt_tables(struct option *lo, char *so)
{
	size_t n = 0, k = 0;
	so[k++] = ':';
	for (int m = 0; m < OC_N_COMMANDS; m++)
		if (oc_commands[m].option)
			lo[n++] = (struct option){ oc_commands[m].option,
			                           oc_commands[m].arg ? required_argument : no_argument,
			                           NULL, MODE_ID(m) };
	for (int o = 0; o < O_COUNT; o++) {
		lo[n++] = (struct option){ opts[o].name, opts[o].arg ? required_argument : no_argument,
		                           NULL, OPT_ID(o) };
		if (opts[o].letter) {
			so[k++] = (char)opts[o].letter;
			if (opts[o].arg)
				so[k++] = ':';
		}
	}
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	so[k] = '\0';
}

/* The configuration key an option sets (opts[o].key). */
static const struct oc_setting *opt_key(int o)
{
	char section[32];
	const char *slash = strchr(opts[o].key, '/');
	snprintf(section, sizeof section, "%.*s", (int)(slash - opts[o].key), opts[o].key);
	return oc_config_key(section, slash + 1);
}

/* --seed, --rows: an integer within the bounds of their key. */
static int parse_key_option(int o, const char *arg, long *out, FILE *err)
{
	const struct oc_setting *s = opt_key(o);
	char fmt[160];
	if (parse_long(arg, (long)s->min, (long)s->max, out) == 0)
		return OC_OK;
	snprintf(fmt, sizeof fmt, "invalid --%s '%%s' (an integer from %ld to %ld)", opts[o].name,
	         (long)s->min, (long)s->max);
	return usage_error(err, fmt, arg);
}

static int parse(int argc, char **argv, struct oc_cli *cli, FILE *err)
{
	struct option long_opts[OC_N_COMMANDS + O_COUNT + 1];
	char short_opts[2 * O_COUNT + 2];
	unsigned given = 0;
	int c, rc;
	long v;
	bool help = false, version = false;
	getopt_tables(long_opts, short_opts);
	memset(cli, 0, sizeof *cli);
	cli->mode = OC_MODE_DASHBOARD;
	cli->model = OC_MODEL_BEST;
	cli->format = OC_FORMAT_AUTO;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		if (c >= MODE_ID(0) && c < MODE_ID(OC_N_COMMANDS)) {
			if ((rc = set_mode(cli, (enum oc_mode)(c - MODE_ID(0)), err)))
				return rc;
			if (cli->mode == OC_MODE_CHECK)
				cli->check_path = optarg;
			else if (oc_commands[cli->mode].arg)
				cli->predict_path = optarg;
			continue;
		}
		for (int o = 0; o < O_COUNT; o++)
			if (c == OPT_ID(o))
				given |= B(o);
		switch (c) {
		case 'c': cli->config_path = optarg; break;
		case 'C':
			if (!*optarg)
				return usage_error(err, "%s", "invalid --dir '' (an empty directory name)");
			cli->dir = optarg;
			break;
		case 'd': cli->data = optarg; break;
		case 't': cli->test_data = optarg; break;
		case LONG_ONLY(O_IGNORE): {
			/* [data] ignore: repeated options add to the list */
			size_t n = cli->ignore ? strlen(cli->ignore) : 0, len = strlen(optarg);
			char *list = realloc(cli->ignore, n + 2 + len + 1);
			if (!list) {
				fputs(PACKAGE ": out of memory\n", err);
				return OC_EINTERNAL;
			}
			cli->ignore = list;
			if (n) {
				memcpy(cli->ignore + n, ", ", 2);
				n += 2;
			}
			memcpy(cli->ignore + n, optarg, len + 1);
			break;
		}
		case LONG_ONLY(O_SEED):
			if ((rc = parse_key_option(O_SEED, optarg, &cli->seed, err)))
				return rc;
			cli->has_seed = true;
			break;
		case LONG_ONLY(O_ROWS):
			if ((rc = parse_key_option(O_ROWS, optarg, &cli->rows, err)))
				return rc;
			cli->has_rows = true;
			break;
		case 'm':
			if (strcmp(optarg, "best") == 0) {
				cli->model = OC_MODEL_BEST;
			} else if ((cli->model = oc_model_find(optarg)) < 0) {
				return usage_error(err, "invalid --model '%s' (lr, rf, gb, svm or best)", optarg);
			}
			break;
		case 'f': {
			int f;
			for (f = OC_FORMAT_TABLE; f < OC_FORMAT_COUNT; f++)
				if (strcmp(optarg, format_names[f]) == 0)
					break;
			if (f == OC_FORMAT_COUNT)
				return usage_error(err, "invalid --format '%s' (table, csv or json)", optarg);
			cli->format = (enum oc_format)f;
			break;
		}
		case 'j':
			if (parse_long(optarg, 1, 1024, &v))
				return usage_error(err, "invalid --jobs '%s' (an integer from 1 to 1024)", optarg);
			cli->jobs = (int)v;
			break;
		case LONG_ONLY(O_EXPLAIN): cli->explain = true; break;
		case LONG_ONLY(O_NO_COLOR): cli->no_color = true; break;
		case LONG_ONLY(O_ASCII): cli->ascii = true; break;
		case LONG_ONLY(O_MOUSE): cli->mouse = true; break;
		case 'q': cli->quiet = true; break;
		case LONG_ONLY(O_NO_WAIT): cli->no_wait = true; break;
		case 'v': cli->verbose++; break;
		case 'h': help = true; break;
		case 'V': version = true; break;
		case ':':
			if (optopt >= 256 || optopt == 0)
				return usage_error(err, "option '%s' requires an argument", argv[optind - 1]);
			{
				char o[3] = { '-', (char)optopt, '\0' };
				return usage_error(err, "option '%s' requires an argument", o);
			}
		case '?':
		default:
			if (optopt && optopt < 256) {
				char o[3] = { '-', (char)optopt, '\0' };
				return usage_error(err, "invalid option '%s'", o);
			}
			return usage_error(err, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	/* GNU: --help and --version win over everything else on the line. */
	if (help) {
		cli->mode = OC_MODE_HELP;
		return OC_OK;
	}
	if (version) {
		cli->mode = OC_MODE_VERSION;
		return OC_OK;
	}
	if (optind < argc)
		return usage_error(err, "unexpected argument '%s'", argv[optind]);
	if (cli->quiet && cli->verbose)
		return usage_error(err, "%s", "--quiet and --verbose cannot be used together");
	return check_given(cli->mode, given & B_ANY, err);
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > OC_JOBS_MAX ? OC_JOBS_MAX : (int)n;
}

int oc_cli_parse(int argc, char **argv, struct oc_cli *cli, FILE *err)
{
	int rc = parse(argc, argv, cli, err);
	if (rc)
		oc_cli_free(cli);
	return rc;
}

void oc_cli_free(struct oc_cli *cli)
{
	free(cli->ignore);
	cli->ignore = NULL;
}

int oc_cli_apply(const struct oc_cli *cli, struct oc_config *cfg)
{
	if (cli->has_seed)
		cfg->data_seed = cli->seed;
	if (cli->has_rows)
		cfg->data_rows = cli->rows;
	if (cli->data) {
		if (oc_config_set_text(&cfg->source, cli->data))
			return OC_EINTERNAL;
		cfg->from_file.source = false;
	}
	/* --ignore replaces [data] ignore */
	if (cli->ignore && *cli->ignore && oc_config_set_text(&cfg->ignore, cli->ignore))
		return OC_EINTERNAL;
	if (cli->test_data) {
		if (oc_config_set_text(&cfg->test_data, cli->test_data))
			return OC_EINTERNAL;
		cfg->from_file.test_data = false;
	}
	if (cli->dir) {
		if (oc_config_set_text(&cfg->output_dir, cli->dir))
			return OC_EINTERNAL;
		cfg->from_file.output_dir = false;
	}
	if (cli->mouse)
		cfg->mouse = true;
	if (cli->no_color)
		cfg->color = OC_COLOR_NEVER;
	cfg->n_jobs = cli->jobs > OC_JOBS_MAX ? OC_JOBS_MAX : cli->jobs > 0 ? cli->jobs
	              : online_cpus();
	return OC_OK;
}

/* --- --help, made from the tables --- */

/* Writes words (separated by single spaces) filled into lines of at most
 * 79 columns. */
static void put_filled(FILE *out, const char *words)
{
	size_t col = 0;
	while (*words) {
		size_t len = strcspn(words, " ");
		if (col && col + 1 + len > 79) {
			fputc('\n', out);
			col = 0;
		} else if (col) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)len, words);
		col += len;
		words += len;
		words += *words == ' ';
	}
	fputc('\n', out);
}

/* An option's line: "  -c, --config=FILE        text", the text from
 * column 27 and continued there after each '\n'. */
static void put_option(FILE *out, int letter, const char *name, const char *arg,
                       const char *help, const char *def)
{
	char left[40];
	snprintf(left, sizeof left, "--%s%s%s", name, arg ? "=" : "", arg ? arg : "");
	if (letter)
		fprintf(out, "  -%c, %-21s", letter, left);
	else
		fprintf(out, "      %-21s", left);
	for (const char *p = help; *p; p++)
		if (*p == '\n')
			fputs("\n                           ", out);
		else
			fputc(*p, out);
	if (def)
		fprintf(out, " (default %s)", def);
	fputc('\n', out);
}

/* "An option a mode has no use for is refused (--batch: -c -C ...; the
 * dashboard: all but -f).": what each mode takes, or what it does not
 * when that list is much shorter. */
static void put_takes(FILE *out)
{
	char text[1024];
	size_t n = (size_t)snprintf(text, sizeof text, "An option a mode has no use for is refused (");
	for (int i = 1; i <= OC_N_COMMANDS && n < sizeof text; i++) {
		int m = i % OC_N_COMMANDS;      /* the dashboard last */
		unsigned shown = oc_commands[m].takes;
		int refused = 0;
		for (int o = 0; o < O_HELP; o++)
			refused += !(shown & B(o));
		n += (size_t)snprintf(text + n, sizeof text - n, "%s:%s", oc_commands[m].name,
		                      refused <= 2 ? " all but" : "");
		if (refused <= 2)
			shown = B_ANY & ~shown;
		for (int o = 0; o < O_HELP && n < sizeof text; o++)
			if (shown & B(o))
				n += (size_t)(opts[o].letter
				              ? snprintf(text + n, sizeof text - n, " -%c", opts[o].letter)
				              : snprintf(text + n, sizeof text - n, " --%s", opts[o].name));
		if (n < sizeof text)
			n += (size_t)snprintf(text + n, sizeof text - n, "%s", m ? "; " : ").");
	}
	put_filled(out, text);
}

/* "Exit status: 0 success, 64 usage error, ...", from OC_STATUS_TABLE;
 * the cancelled status is the shell's for SIGINT. */
static void put_statuses(FILE *out)
{
	char text[1024];
	size_t n = (size_t)snprintf(text, sizeof text, "Exit status:");
#define OC_X(name, value, desc) \
	if (value != OC_ECANCELED && n < sizeof text) \
		n += (size_t)snprintf(text + n, sizeof text - n, " %d %s,", value, desc);
	OC_STATUS_TABLE(OC_X)
#undef OC_X
	if (n < sizeof text)
		snprintf(text + n, sizeof text - n, " 128+N ended by signal N (%d for Ctrl-C).",
		         OC_ECANCELED);
	put_filled(out, text);
}

void oc_cli_help(FILE *out)
{
	for (int m = 0; m < OC_N_COMMANDS; m++) {
		const struct oc_command *c = &oc_commands[m];
		char synopsis[64];
		snprintf(synopsis, sizeof synopsis, "%s%s%s%s%s[OPTION]...", c->option ? "--" : "",
		         c->option ? c->option : "", c->arg ? "=" : "", c->arg ? c->arg : "",
		         c->option ? " " : "");
		fprintf(out, "%s" PACKAGE " %-28s%s\n", m ? "  or:  " : "Usage: ", synopsis, c->usage);
	}
	fputs("Predict the quality grade of tobacco-curing batches: generate or load sensor\n"
	      "data, train four classifiers (lr, rf, gb, svm), keep the best, and explore it.\n"
	      "\nModes:\n", out);
	for (int m = 0; m < OC_N_COMMANDS; m++)
		if (oc_commands[m].option)
			put_option(out, 0, oc_commands[m].option, oc_commands[m].arg, oc_commands[m].help,
			           NULL);
	fputs("\nOptions:\n", out);
	for (int o = 0; o < O_COUNT; o++)
		put_option(out, opts[o].letter, opts[o].name, opts[o].arg, opts[o].help,
		           opts[o].key ? opt_key(o)->def : NULL);
	put_takes(out);
	fputc('\n', out);
	put_statuses(out);
	fputs("\n"
"Configuration: --config FILE, else $XDG_CONFIG_HOME/opticure/opticure.ini,\n"
"$XDG_CONFIG_DIRS/opticure/opticure.ini, " OC_SYSCONFDIR "/opticure.ini; see opticure.ini(5).\n"
"\n"
"Report bugs to: " PACKAGE_BUGREPORT "\n"
PACKAGE_NAME " home page: <" PACKAGE_URL ">\n", out);
}

void oc_cli_version(FILE *out)
{
	fputs(PACKAGE " (" PACKAGE_NAME ") " PACKAGE_VERSION "\n"
	      "Copyright (C) 2026 the opticure authors.\n"
	      "License: MIT <https://opensource.org/licenses/MIT>.\n"
	      "This is free software: you are free to change and redistribute it.\n"
	      "There is NO WARRANTY, to the extent permitted by law.\n", out);
}
