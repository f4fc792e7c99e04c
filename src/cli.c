/* cli.c - command-line parsing with getopt_long (see cli.h). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_BATCH = 256, OPT_PREDICT, OPT_GENERATE, OPT_SEED, OPT_ROWS, OPT_NO_COLOR,
	OPT_ASCII, OPT_MOUSE, OPT_PRINT_CONFIG,
	OPT_IGNORE,     /* --ignore ([data] ignore) */
};

static const struct option long_opts[] = {
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "predict", required_argument, NULL, OPT_PREDICT },
	{ "generate", no_argument, NULL, OPT_GENERATE },
	{ "print-config", no_argument, NULL, OPT_PRINT_CONFIG },
	{ "config", required_argument, NULL, 'c' },
	{ "dir", required_argument, NULL, 'C' },
	{ "data", required_argument, NULL, 'd' },
	{ "test-data", required_argument, NULL, 't' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "model", required_argument, NULL, 'm' },
	{ "format", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "mouse", no_argument, NULL, OPT_MOUSE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "ignore", required_argument, NULL, OPT_IGNORE },     /* [data] ignore */
	{ NULL, 0, NULL, 0 },
};

static const char *const format_names[OC_FORMAT_COUNT] = { "auto", "table", "csv", "json" };

/* The options that take effect only in some modes, one bit each. */
enum {
	G_CONFIG = 1 << 0, G_DIR = 1 << 1, G_DATA = 1 << 2, G_TEST = 1 << 3, G_SEED = 1 << 4,
	G_ROWS = 1 << 5, G_MODEL = 1 << 6, G_FORMAT = 1 << 7, G_JOBS = 1 << 8,
	G_NO_COLOR = 1 << 9, G_ASCII = 1 << 10, G_MOUSE = 1 << 11, G_QUIET = 1 << 12,
	G_VERBOSE = 1 << 13,
	G_IGNORE = 1 << 14,     /* --ignore ([data] ignore) */
	G_ALL = (1 << 15) - 1,
};

static const char *const given_names[] = {
	"--config", "--dir", "--data", "--test-data", "--seed", "--rows", "--model", "--format",
	"--jobs", "--no-color", "--ascii", "--mouse", "--quiet", "--verbose",
	"--ignore",
};

#define G_DATA_SETUP (G_CONFIG | G_DIR | G_DATA | G_TEST | G_SEED | G_ROWS | G_IGNORE)

/* What each mode uses; anything else given is refused rather than ignored.
 * --print-config takes what changes the configuration it prints. */
static const unsigned mode_takes[OC_MODE_COUNT] = {
	[OC_MODE_DASHBOARD] = G_ALL & ~G_FORMAT,
	[OC_MODE_BATCH] = G_DATA_SETUP | G_FORMAT | G_JOBS | G_QUIET | G_VERBOSE,
	[OC_MODE_PREDICT] = G_CONFIG | G_DIR | G_MODEL | G_JOBS | G_QUIET | G_VERBOSE,
	[OC_MODE_GENERATE] = G_CONFIG | G_DIR | G_SEED | G_ROWS | G_JOBS | G_QUIET | G_VERBOSE,
	[OC_MODE_PRINT_CONFIG] = G_DATA_SETUP | G_NO_COLOR | G_MOUSE | G_QUIET | G_VERBOSE,
	[OC_MODE_HELP] = G_ALL,
	[OC_MODE_VERSION] = G_ALL,
};

static const char *const mode_names[OC_MODE_COUNT] = {
	"the dashboard", "--batch", "--predict", "--generate", "--print-config", "--help",
	"--version",
};

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
	static const char *const names[OC_MODE_COUNT] = {
		"", "--batch", "--predict", "--generate", "--print-config", "--help", "--version",
	};
	if (cli->mode != OC_MODE_DASHBOARD && cli->mode != m) {
		char both[64];
		snprintf(both, sizeof both, "%s and %s", names[cli->mode], names[m]);
		return usage_error(err, "%s cannot be used together", both);
	}
	cli->mode = m;
	return OC_OK;
}

/* Refuses the first option of given that mode has no use for, naming the
 * modes that do use it. */
static int check_given(enum oc_mode mode, unsigned given, FILE *err)
{
	unsigned bad = given & ~mode_takes[mode];
	char msg[256];
	size_t n = 0;
	int bit = 0, users = 0, k = 0;
	if (!bad)
		return OC_OK;
	while (!(bad & (1u << bit)))
		bit++;
	for (int m = 0; m < OC_MODE_HELP; m++)
		users += (mode_takes[m] >> bit) & 1;
	n += (size_t)snprintf(msg, sizeof msg, "option '%s' cannot be used with %s (only with ",
	                      given_names[bit], mode_names[mode]);
	for (int m = 0; m < OC_MODE_HELP && n < sizeof msg; m++) {
		if (!((mode_takes[m] >> bit) & 1))
			continue;
		k++;
		n += (size_t)snprintf(msg + n, sizeof msg - n, "%s%s",
		                      k == 1 ? "" : k == users ? " or " : ", ", mode_names[m]);
	}
	if (n < sizeof msg)
		snprintf(msg + n, sizeof msg - n, ")");
	return usage_error(err, "%s", msg);
}

int oc_cli_parse(int argc, char **argv, struct oc_cli *cli, FILE *err)
{
	unsigned given = 0;
	int c, rc;
	long v;
	bool help = false, version = false;
	memset(cli, 0, sizeof *cli);
	cli->mode = OC_MODE_DASHBOARD;
	cli->model = OC_MODEL_BEST;
	cli->format = OC_FORMAT_AUTO;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:C:d:t:m:f:j:qvhV", long_opts, NULL)) != -1) {
		rc = OC_OK;
		switch (c) {
		case OPT_BATCH: rc = set_mode(cli, OC_MODE_BATCH, err); break;
		case OPT_PREDICT:
			rc = set_mode(cli, OC_MODE_PREDICT, err);
			cli->predict_path = optarg;
			break;
		case OPT_GENERATE: rc = set_mode(cli, OC_MODE_GENERATE, err); break;
		case OPT_PRINT_CONFIG: rc = set_mode(cli, OC_MODE_PRINT_CONFIG, err); break;
		case 'c': cli->config_path = optarg; given |= G_CONFIG; break;
		case 'C':
			given |= G_DIR;
			if (!*optarg)
				return usage_error(err, "%s", "invalid --dir '' (an empty directory name)");
			cli->dir = optarg;
			break;
		case 'd': cli->data = optarg; given |= G_DATA; break;
		case 't': cli->test_data = optarg; given |= G_TEST; break;
		case OPT_SEED:
			given |= G_SEED;
			if (parse_long(optarg, 0, 4294967295L, &cli->seed))
				return usage_error(err, "invalid --seed '%s' (an integer from 0 to 4294967295)", optarg);
			cli->has_seed = true;
			break;
		case OPT_ROWS:
			given |= G_ROWS;
			if (parse_long(optarg, 1, 100000000L, &cli->rows))
				return usage_error(err, "invalid --rows '%s' (an integer from 1 to 100000000)", optarg);
			cli->has_rows = true;
			break;
		case 'm':
			given |= G_MODEL;
			if (strcmp(optarg, "best") == 0) {
				cli->model = OC_MODEL_BEST;
			} else if ((cli->model = oc_model_find(optarg)) < 0) {
				return usage_error(err, "invalid --model '%s' (lr, rf, gb, svm or best)", optarg);
			}
			break;
		case 'f': {
			int f;
			given |= G_FORMAT;
			for (f = OC_FORMAT_TABLE; f < OC_FORMAT_COUNT; f++)
				if (strcmp(optarg, format_names[f]) == 0)
					break;
			if (f == OC_FORMAT_COUNT)
				return usage_error(err, "invalid --format '%s' (table, csv or json)", optarg);
			cli->format = (enum oc_format)f;
			break;
		}
		case 'j':
			given |= G_JOBS;
			if (parse_long(optarg, 1, 1024, &v))
				return usage_error(err, "invalid --jobs '%s' (an integer from 1 to 1024)", optarg);
			cli->jobs = (int)v;
			break;
		case OPT_NO_COLOR: cli->no_color = true; given |= G_NO_COLOR; break;
		case OPT_ASCII: cli->ascii = true; given |= G_ASCII; break;
		case OPT_MOUSE: cli->mouse = true; given |= G_MOUSE; break;
		case 'q': cli->quiet = true; given |= G_QUIET; break;
		case 'v': cli->verbose++; given |= G_VERBOSE; break;
		case 'h': help = true; break;
		case 'V': version = true; break;
		case OPT_IGNORE: {
			/* [data] ignore: repeated options add to the list */
			size_t n = strlen(cli->ignore), len = strlen(optarg);
			given |= G_IGNORE;
			if (n + 2 + len >= sizeof cli->ignore)
				return usage_error(err, "%s", "--ignore: the list of columns is too long");
			if (n) {
				memcpy(cli->ignore + n, ", ", 2);
				n += 2;
			}
			memcpy(cli->ignore + n, optarg, len + 1);
			break;
		}
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
		if (rc)
			return rc;
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
	return check_given(cli->mode, given, err);
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

void oc_cli_apply(const struct oc_cli *cli, struct oc_config *cfg)
{
	if (cli->has_seed)
		cfg->data_seed = cli->seed;
	if (cli->has_rows)
		cfg->data_rows = cli->rows;
	if (cli->data) {
		snprintf(cfg->source, sizeof cfg->source, "%s", cli->data);
		cfg->from_file.source = false;
	}
	if (cli->test_data) {
		snprintf(cfg->test_data, sizeof cfg->test_data, "%s", cli->test_data);
		cfg->from_file.test_data = false;
	}
	if (cli->ignore[0])     /* --ignore replaces [data] ignore */
		snprintf(cfg->ignore, sizeof cfg->ignore, "%s", cli->ignore);
	if (cli->dir) {
		snprintf(cfg->output_dir, sizeof cfg->output_dir, "%s", cli->dir);
		cfg->from_file.output_dir = false;
	}
	if (cli->mouse)
		cfg->mouse = true;
	if (cli->no_color)
		cfg->color = OC_COLOR_NEVER;
	cfg->model.n_jobs = cli->jobs > 0 ? cli->jobs : online_cpus();
}

void oc_cli_help(FILE *out)
{
	fputs(
"Usage: " PACKAGE " [OPTION]...                 interactive dashboard\n"
"  or:  " PACKAGE " --batch [OPTION]...         run the pipeline without a terminal\n"
"  or:  " PACKAGE " --predict=FILE [OPTION]...  score FILE with the saved model, CSV to stdout\n"
"  or:  " PACKAGE " --generate [OPTION]...      only write the synthetic data set\n"
"Predict the quality grade of tobacco-curing batches: generate or load sensor\n"
"data, train four classifiers (lr, rf, gb, svm), keep the best, and explore it.\n"
"\n"
"Modes:\n"
"      --batch              generate/load, split, train, evaluate, write artifacts\n"
"      --predict=FILE       score every row of the CSV FILE (needs a trained model)\n"
"      --generate           write curing_data.csv and its metadata only\n"
"      --print-config       print the effective configuration as an INI file\n"
"\n"
"Options:\n"
"  -c, --config=FILE        read FILE instead of searching for opticure.ini\n"
"  -C, --dir=DIR            artifact directory, made if missing (default:\n"
"                           [output] dir, .)\n"
"  -d, --data=FILE          train on the CSV FILE instead of synthetic data\n"
"  -t, --test-data=FILE     evaluate on the CSV FILE instead of a split\n"
"      --ignore=COLS        drop the comma-separated columns of CSV input\n"
"                           (repeatable; replaces [data] ignore)\n"
"      --seed=N             seed of the synthetic data (default 42)\n"
"      --rows=N             rows of synthetic data (default 500)\n"
"  -m, --model=NAME         model to use: lr, rf, gb, svm or best (default)\n"
"  -f, --format=FMT         batch report: table, csv or json\n"
"  -j, --jobs=N             worker threads (default: online CPUs); never\n"
"                           changes results\n"
"      --no-color           no colours in the dashboard (also: NO_COLOR)\n"
"      --ascii              draw with ASCII characters only\n"
"      --mouse              enable the mouse in the dashboard\n"
"  -q, --quiet              no progress or summary on stderr\n"
"  -v, --verbose            more detail on stderr (repeatable)\n"
"  -h, --help               display this help and exit\n"
"  -V, --version            output version information and exit\n"
"An option a mode has no use for is refused (--batch: -c -C -d -t --ignore\n"
"--seed --rows -f -j -q -v; --predict: -c -C -m -j -q -v; --generate: -c -C\n"
"--seed --rows -j -q -v; --print-config: -c -C -d -t --ignore --seed --rows\n"
"--no-color --mouse -q -v; the dashboard: all but -f).\n"
"\n"
"Exit status: 0 ok, 64 usage, 65 bad data, 66 missing input, 69 unusable\n"
"terminal, 70 internal error, 73 cannot create output, 74 I/O error,\n"
"78 configuration error, 128+N ended by signal N (130 for Ctrl-C).\n"
"\n"
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
