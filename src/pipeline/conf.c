/* SPDX-License-Identifier: MIT */
/* conf.c - defaults, INI loading (inih), search order, validation and the
 * commented INI rendering that etc/opticure.ini is made of (see conf.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "pipeline/conf.h"
#include "data/csvread.h"
#include "data/curing.h"
#include "data/input.h"
#include "ml/cv.h"
#include "core/numfmt.h"

#ifndef OC_SYSCONFDIR
#define OC_SYSCONFDIR "/etc"
#endif

/* Longest physical line accepted (inih reads lines into a fixed buffer),
 * and the largest file read: the shipped file is 2 KiB, and a bound keeps
 * --config=/dev/zero or a huge file from exhausting memory or time. */
#define OC_INI_MAX_LINE 199
#define OC_INI_MAX_BYTES (1L << 20)

/* --- The keys --- */

#define CONF_LONG(sec, k, F, mn, mx, d, doc) \
	OC_SETTING_LONG(struct oc_config, sec, k, F, mn, mx, d, doc)
#define CONF_DOUBLE(sec, k, F, mn, mx, fl, d, doc) \
	OC_SETTING_DOUBLE(struct oc_config, sec, k, F, mn, mx, fl, d, doc)
#define CONF_STRING(sec, k, F, fl, d, doc) OC_SETTING_STRING(struct oc_config, sec, k, F, fl, d, doc)

static const char *const color_names[OC_COLOR_COUNT + 1] = { "auto", "always", "never", NULL };
/* [cv] folds: 0, or 2 to OC_CV_MAX_FOLDS (one fold is no cross-validation). */
static const char *folds_parse(void *field, const char *value, char *msg, size_t msgsz)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(value, &end, 10);
	if (!*value || *end || errno)
		return snprintf(msg, msgsz, "'%s' is not an integer", value), msg;
	if (v < 0 || v > OC_CV_MAX_FOLDS)
		return snprintf(msg, msgsz, "%ld is out of range (0, or 2 to %d)", v, OC_CV_MAX_FOLDS),
		       msg;
	if (v == 1)
		return snprintf(msg, msgsz, "1 fold is no cross-validation: 0 (none) or 2 to %d",
		                OC_CV_MAX_FOLDS), msg;
	*(long *)field = v;
	return NULL;
}

static void folds_format(const void *field, char *out, size_t outsz)
{
	snprintf(out, outsz, "%ld", *(const long *)field);
}

static const struct oc_setting_codec folds_codec = { folds_parse, folds_format };

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* [models] enabled: a comma-separated subset of the registry's keys. */
static const char *models_parse(void *field, const char *value, char *msg, size_t msgsz)
{
	bool en[OC_MODEL_COUNT] = { false };
	char buf[256], *tok, *save = NULL;
	int any = 0;
	if (strlen(value) >= sizeof buf)
		return snprintf(msg, msgsz, "value too long"), msg;
	strcpy(buf, value);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *t = trim(tok);
		int m = oc_model_find(t);
		if (m < 0)
			return snprintf(msg, msgsz, "unknown model '%s' (lr, rf, gb, svm)", t), msg;
		if (en[m])
			return snprintf(msg, msgsz, "model '%s' listed twice", t), msg;
		en[m] = true;
		any = 1;
	}
	if (!any)
		return snprintf(msg, msgsz, "at least one model must be enabled"), msg;
	memcpy(field, en, sizeof en);
	return NULL;
}

static void models_format(const void *field, char *out, size_t outsz)
{
	const bool *en = field;
	size_t n = 0;
	out[0] = '\0';
	for (int m = 0; m < OC_MODEL_COUNT; m++)
		if (en[m])
			n += (size_t)snprintf(out + n, outsz > n ? outsz - n : 0, "%s%s", n ? ", " : "",
			                      oc_model_registry[m]->key);
}

static const struct oc_setting_codec models_codec = { models_parse, models_format };

/* The keys of the configuration, in the order --print-config shows them;
 * each model's section (its ops->params) comes between the two lists.
 * Defaults are those of the original pipeline.  To add a key, see
 * setting.h. */
static const struct oc_setting keys_before_models[] = {
	CONF_LONG("data", "rows", data_rows, 1, 100000000, "500",
	          "Rows of synthetic data to generate."),
	CONF_LONG("data", "seed", data_seed, 0, 4294967295.0, "42",
	          "Seed of the synthetic data generator, with numpy RandomState semantics."),
	CONF_LONG("data", "grades", data_grades, 2, 3, "2",
	          "Grades of the synthetic data: 2, Premium and Standard, or 3, which adds Reject."),
	CONF_STRING("data", "label", label, OC_SET_NONEMPTY, OC_CURING_LABEL,
	            "Name of the class column in CSV input."),
	/* -- [data] ignore (dropping columns of CSV input) -- */
	CONF_STRING("data", "ignore", ignore, 0, "",
	            "Columns of CSV input to drop, separated by commas (identifiers, sites, text; "
	            "\"Unnamed: 0\" for the index column pandas' to_csv() writes)."),
	/* -- end of [data] ignore -- */
	CONF_STRING("data", "source", source, OC_SET_NONEMPTY, "synthetic",
	            "\"synthetic\" to generate the curing data, or the path of a CSV file."),
	CONF_STRING("data", "test_data", test_data, 0, "",
	            "Optional CSV of test rows; when set, no split is made."),
	/* fidelity: number conversion of CSV data (numfmt.h) */
	OC_SETTING_ENUM(struct oc_config, "data", "number_parser", number_parser,
	                oc_number_parser_names, "pandas",
	                "How CSV numbers are read: pandas (as pandas.read_csv, what the original "
	                "trained on) or exact (correctly rounded)."),
	CONF_DOUBLE("split", "test_ratio", test_ratio, 0, 1, OC_SET_MIN_OPEN | OC_SET_MAX_OPEN, "0.2",
	            "Fraction of rows held out for testing."),
	CONF_LONG("split", "seed", split_seed, 0, 4294967295.0, "123",
	          "Seed of the stratified split."),
	OC_SETTING_CUSTOM(struct oc_config, "cv", "folds", cv_folds, &folds_codec, "0",
	                  "Stratified cross-validation folds of the training rows: 0 (none) or 2 to 100."),
	OC_SETTING_BOOL(struct oc_config, "cv", "shuffle", cv_shuffle, "false",
	                "Shuffle within each class before cutting the folds."),
	CONF_LONG("cv", "seed", cv_seed, 0, 4294967295.0, "123",
	          "Seed of the fold shuffle, used when shuffle is true."),
	OC_SETTING_ENUM(struct oc_config, "select", "by", select_by, oc_select_names, "test_accuracy",
	                "Best model by test_accuracy, cv_accuracy or cv_auc (mean over the folds)."),
	OC_SETTING_CUSTOM(struct oc_config, "models", "enabled", enabled, &models_codec,
	                  "lr, rf, gb, svm",
	                  "Classifiers to train, a comma-separated subset of lr, rf, gb, svm."),
};

static const struct oc_setting keys_after_models[] = {
	/* fidelity: numpy's log/exp (ml/nplogexp.h), used inside the fits */
	OC_SETTING_ENUM(struct oc_config, "fidelity", "numpy_simd", model.numpy_simd,
	                oc_numpy_simd_names, "baseline",
	                "numpy's log/exp: baseline is the C library's (numpy on any CPU without "
	                "AVX-512), auto does as numpy on this CPU, avx512f as numpy on AVX-512 CPUs."),
	CONF_STRING("output", "dir", output_dir, OC_SET_NONEMPTY, ".",
	            "Directory the artifacts are written to."),
	CONF_DOUBLE("monitor", "psi_warn", psi_warn, 0, HUGE_VAL, OC_SET_MIN_OPEN, "0.1",
	            "--check: a feature whose population stability index exceeds this is 'warn'."),
	CONF_DOUBLE("monitor", "psi_alert", psi_alert, 0, HUGE_VAL, OC_SET_MIN_OPEN, "0.25",
	            "--check: above this 'alert', and --check exits 1; must exceed psi_warn."),
	CONF_DOUBLE("dashboard", "optimal_temperature", optimal_temperature, -HUGE_VAL, HUGE_VAL, 0,
	            OC_CURING_STR(OC_CURING_OPTIMAL_TEMPERATURE),
	            "Reference barn temperature in deg C for the deviation shown."),
	OC_SETTING_BOOL(struct oc_config, "dashboard", "mouse", mouse, "false",
	                "Enable mouse clicks and wheel in the dashboard."),
	OC_SETTING_ENUM(struct oc_config, "dashboard", "color", color, color_names, "auto",
	                "Colours: auto (when the terminal has them and NO_COLOR is unset), "
	                "always or never."),
};

#define N_ROWS(a) (sizeof a / sizeof a[0])

/* A key and the offset in struct oc_config of the struct its row describes. */
struct key {
	const struct oc_setting *s;
	size_t base;
};

#define MAX_KEYS OC_CONFIG_MAX_KEYS

static void add_key(struct key *k, size_t *n, const struct oc_setting *s, size_t base)
{
	if (*n < MAX_KEYS)
		k[(*n)++] = (struct key){ s, base };
}

/* Every key in --print-config order; returns how many (test_bounds checks
 * that they fit in MAX_KEYS). */
static size_t all_keys(struct key k[MAX_KEYS])
{
	size_t n = 0;
	for (size_t i = 0; i < N_ROWS(keys_before_models); i++)
		add_key(k, &n, &keys_before_models[i], 0);
	for (int m = 0; m < OC_MODEL_COUNT; m++)
		for (size_t i = 0; i < oc_model_registry[m]->n_params; i++)
			add_key(k, &n, &oc_model_registry[m]->params[i], offsetof(struct oc_config, model));
	for (size_t i = 0; i < N_ROWS(keys_after_models); i++)
		add_key(k, &n, &keys_after_models[i], 0);
	return n;
}

static void *key_base(struct oc_config *cfg, const struct key *k)
{
	return (char *)cfg + k->base;
}

static const void *key_cbase(const struct oc_config *cfg, const struct key *k)
{
	return (const char *)cfg + k->base;
}

size_t oc_config_keys(const struct oc_setting **rows, size_t max)
{
	struct key k[MAX_KEYS];
	size_t n = all_keys(k);
	for (size_t i = 0; i < n && i < max; i++)
		rows[i] = k[i].s;
	return n;
}

const struct oc_setting *oc_config_key(const char *section, const char *key)
{
	struct key k[MAX_KEYS];
	size_t n = all_keys(k);
	for (size_t i = 0; i < n; i++)
		if (strcmp(k[i].s->section, section) == 0 && strcmp(k[i].s->key, key) == 0)
			return k[i].s;
	return NULL;
}

void oc_config_defaults(struct oc_config *cfg)
{
	struct key k[MAX_KEYS];
	size_t n = all_keys(k);
	char msg[128];
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < n; i++)
		oc_setting_parse(k[i].s, key_base(cfg, &k[i]), k[i].s->def, msg, sizeof msg);
	cfg->n_jobs = 1;
}

/* The model whose hyperparameter table holds row s, or -1. */
static int row_model(const struct oc_setting *s)
{
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		const struct oc_model_ops *ops = oc_model_registry[m];
		if (s >= ops->params && s < ops->params + ops->n_params)
			return m;
	}
	return -1;
}

/* Keys that can take a list of values to search: a model's hyperparameters
 * that change what it learns.  Rows marked OC_SET_SINGLE (seeds, which only
 * pick one of equally good random draws; the SVM's cache size, speed only)
 * take one value. */
static bool searchable(const struct oc_setting *s)
{
	return row_model(s) >= 0 && !(s->flags & OC_SET_SINGLE);
}

const char *oc_config_set_model_key(struct oc_model_params *p, int model, const char *key,
                                    const char *text, char *msg, size_t msgsz)
{
	const struct oc_setting *s = oc_model_param(oc_model_registry[model], key);
	if (!s)
		return snprintf(msg, msgsz, "unknown key"), msg;
	return oc_setting_parse(s, p, text, msg, msgsz);
}

bool oc_config_is_synthetic(const struct oc_config *cfg)
{
	return strcmp(cfg->source, "synthetic") == 0;
}

/* --- Loading --- */

struct load_ctx {
	struct oc_config *cfg;
	const char *path;
	FILE *fp;
	long line;              /* physical line last handed to inih */
	long bytes;             /* bytes read so far */
	bool too_big;           /* stopped at OC_INI_MAX_BYTES */
	char buf[OC_INI_MAX_LINE + 3];  /* the line, cut after OC_INI_MAX_LINE + 2 bytes */
	struct key keys[MAX_KEYS];
	size_t n_keys;
	bool seen[MAX_KEYS];
	int errors;
	struct oc_err *err;
};

#define OC_CONFIG_MAX_ERRORS 50

static void load_error(struct load_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void load_error(struct load_ctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	c->errors++;
	if (c->errors > OC_CONFIG_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	oc_err_append(c->err, OC_ECONFIG, "%s:%ld: %s", c->path, c->line, msg);
}

static bool section_known(const struct load_ctx *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->n_keys; i++)
		if (strlen(c->keys[i].s->section) == len && memcmp(c->keys[i].s->section, name, len) == 0)
			return true;
	return false;
}

/* inih reader: hands inih one physical line at a time so the handler knows
 * the line number, and rejects what inih would silently misread (overlong
 * lines, lines that are neither comment, section nor key = value, NUL). */
/* Reads one physical line, newline included, into c->buf: at most
 * OC_INI_MAX_LINE + 2 bytes (a longest line and its CRLF) are kept and the rest is skipped, so a line of
 * any length costs no memory.  Returns its full length, -1 at the end of
 * the file or past OC_INI_MAX_BYTES; *nul is set when it holds a NUL. */
static long read_line(struct load_ctx *c, bool *nul)
{
	long n = 0;
	int ch;
	*nul = false;
	while ((ch = getc(c->fp)) != EOF) {
		if (++c->bytes > OC_INI_MAX_BYTES) {
			c->too_big = true;
			return -1;
		}
		if (ch == '\0')
			*nul = true;
		if (n < OC_INI_MAX_LINE + 2)
			c->buf[n] = (char)ch;
		n++;
		if (ch == '\n')
			break;
	}
	c->buf[n < OC_INI_MAX_LINE + 2 ? n : OC_INI_MAX_LINE + 2] = '\0';
	return n ? n : -1;
}

static char *conf_reader(char *str, int num, void *stream)
{
	struct load_ctx *c = stream;
	bool nul;
	long n = read_line(c, &nul), len;
	char *s;
	if (n < 0)
		return NULL;
	c->line++;
	if (nul) {
		load_error(c, "NUL byte in line");
		goto blank;
	}
	/* The limit counts the characters before the line end (LF or CRLF). */
	len = n;
	if (len <= OC_INI_MAX_LINE + 2 && len && c->buf[len - 1] == '\n') {
		len--;
		if (len && c->buf[len - 1] == '\r')
			len--;
	}
	if (len > OC_INI_MAX_LINE || len >= num) {
		load_error(c, "line too long (more than %d characters)", OC_INI_MAX_LINE);
		goto blank;
	}
	/* A CR anywhere but before the LF: a file with CR-only line ends (old
	 * Mac) reads as one line, whose settings would be silently lost. */
	if (memchr(c->buf, '\r', (size_t)len)) {
		load_error(c, "carriage return inside a line (line ends must be LF or CRLF)");
		goto blank;
	}
	if (c->line == 1 && n >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
		memmove(c->buf, c->buf + 3, (size_t)n - 2);
	s = trim(c->buf);
	if (*s && *s != ';' && *s != '#') {
		if (*s == '[') {
			char *close = strchr(s, ']'), *after;
			if (!close || close == s + 1) {
				load_error(c, "malformed section header");
				goto blank;
			}
			/* inih drops what follows ']': only a comment may. */
			after = close + 1 + strspn(close + 1, " \t");
			if (*after && *after != ';' && *after != '#') {
				load_error(c, "text after the section header ']' (a key = value "
				           "goes on a line of its own)");
				goto blank;
			}
			/* Unknown sections are reported here, on their own line,
			 * once; the handler then ignores their keys. */
			if (!section_known(c, s + 1, (size_t)(close - s - 1)))
				load_error(c, "unknown section [%.*s]", (int)(close - s - 1), s + 1);
		} else if (!strchr(s, '=') && !strchr(s, ':')) {
			load_error(c, "expected 'key = value'");
			goto blank;
		}
	}
	/* Leading blanks removed: an indented line is never an inih
	 * continuation line, which would silently join two values. */
	snprintf(str, (size_t)num, "%s", s);
	return str;
blank:
	snprintf(str, (size_t)num, "\n");
	return str;
}

static void mark_from_file(struct oc_config *cfg, size_t off)
{
	if (off == offsetof(struct oc_config, source))
		cfg->from_file.source = true;
	else if (off == offsetof(struct oc_config, test_data))
		cfg->from_file.test_data = true;
	else if (off == offsetof(struct oc_config, output_dir))
		cfg->from_file.output_dir = true;
}

static int conf_handler(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *c = user;
	char msg[256];
	bool in_known_section = false;
	if (!name)  /* section start (INI_CALL_HANDLER_ON_NEW_SECTION builds) */
		return 1;
	for (size_t i = 0; i < c->n_keys; i++) {
		const struct key *k = &c->keys[i];
		if (strcmp(k->s->section, section) != 0)
			continue;
		in_known_section = true;
		if (strcmp(k->s->key, name) != 0)
			continue;
		if (c->seen[i]) {
			load_error(c, "[%s] %s: duplicate key", section, name);
			return 1;
		}
		c->seen[i] = true;
		const char *why;
		if (oc_grid_is_list(value) && k->s->type != OC_SET_STRING &&
		    k->s->type != OC_SET_CUSTOM) {
			if (!searchable(k->s))
				load_error(c, "[%s] %s: takes one value, not a list (lists are for the "
				           "hyperparameters a grid search tries)", section, name);
			else if ((why = oc_grid_add(&c->cfg->grid, row_model(k->s), name, value,
			                            &c->cfg->model, oc_config_set_model_key, msg,
			                            sizeof msg)))
				load_error(c, "[%s] %s: %s", section, name, why);
			return 1;
		}
		why = oc_setting_parse(k->s, key_base(c->cfg, k), value, msg, sizeof msg);
		if (why)
			load_error(c, "[%s] %s: %s", section, name, why);
		else
			mark_from_file(c->cfg, k->base + k->s->off);
		return 1;
	}
	if (!*section)
		load_error(c, "%s: key outside any [section]", name);
	else if (in_known_section)
		load_error(c, "[%s] %s: unknown key", section, name);
	return 1;
}

int oc_config_load_stream(struct oc_config *cfg, FILE *fp, const char *name, struct oc_err *err)
{
	struct load_ctx c;
	int rc;
	memset(&c, 0, sizeof c);
	c.cfg = cfg;
	c.path = name;
	c.err = err;
	c.fp = fp;
	c.n_keys = all_keys(c.keys);
	rc = ini_parse_stream(conf_reader, &c, conf_handler, &c);
	if (ferror(c.fp))
		load_error(&c, "read error: %s", strerror(errno));
	if (c.too_big) {
		c.line++;
		load_error(&c, "file larger than %ld bytes (the limit); not read further",
		           OC_INI_MAX_BYTES);
	}
	if (rc < 0)
		return oc_err_append(err, OC_EINTERNAL, "%s: out of memory", name);
	if (rc > 0 && c.errors == 0) {
		c.line = rc;
		load_error(&c, "syntax error");
	}
	if (c.errors > OC_CONFIG_MAX_ERRORS)
		oc_err_append(err, OC_ECONFIG, "%s: %d more error%s not shown", name,
		              c.errors - OC_CONFIG_MAX_ERRORS,
		              c.errors - OC_CONFIG_MAX_ERRORS == 1 ? "" : "s");
	if (c.errors)
		return OC_ECONFIG;
	snprintf(cfg->loaded_from, sizeof cfg->loaded_from, "%s", name);
	return OC_OK;
}

/* A directory opens for reading but every read fails: name it as such. */
static bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int oc_config_load_file(struct oc_config *cfg, const char *path, struct oc_err *err)
{
	FILE *fp;
	int rc, fd;
	if (is_directory(path))
		return oc_err_set(err, OC_ECONFIG, "%s: %s", path, strerror(EISDIR));
	/* Never blocks: a FIFO nobody writes to is refused (66). */
	fd = oc_input_open(path, NULL, OC_INPUT_ANY, err);
	if (fd < 0)
		return err ? err->status : OC_ENOINPUT;
	if (!(fp = fdopen(fd, "r"))) {
		close(fd);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	rc = oc_config_load_stream(cfg, fp, path, err);
	fclose(fp);
	return rc;
}

/* --- Search order --- */

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

static bool try_candidate(const char *dir, const char *suffix, char *out, size_t outsz)
{
	int n;
	if (!dir || !*dir || dir[0] != '/')   /* XDG: relative paths are ignored */
		return false;
	n = snprintf(out, outsz, "%s%s", dir, suffix);
	return n > 0 && (size_t)n < outsz && readable(out);
}

int oc_config_find(const char *explicit_path, char *out, size_t outsz, struct oc_err *err)
{
	const char *xdg_home = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *dirs = getenv("XDG_CONFIG_DIRS");
	char buf[OC_PATH_MAX];
	if (explicit_path) {
		if (is_directory(explicit_path))
			return oc_err_set(err, OC_ECONFIG, "%s: %s", explicit_path, strerror(EISDIR));
		/* Looked at, not opened: a FIFO is read once, by the loader. */
		if (access(explicit_path, R_OK) != 0)
			return oc_err_set(err, OC_ECONFIG, "%s: %s", explicit_path, strerror(errno));
		snprintf(out, outsz, "%s", explicit_path);
		return OC_OK;
	}
	if (xdg_home && *xdg_home) {
		if (try_candidate(xdg_home, "/opticure/opticure.ini", out, outsz))
			return OC_OK;
	} else if (home && *home) {
		snprintf(buf, sizeof buf, "%s/.config", home);
		if (try_candidate(buf, "/opticure/opticure.ini", out, outsz))
			return OC_OK;
	}
	if (!dirs || !*dirs)
		dirs = "/etc/xdg";
	while (*dirs) {
		size_t len = strcspn(dirs, ":");
		if (len < sizeof buf) {
			memcpy(buf, dirs, len);
			buf[len] = '\0';
			if (try_candidate(buf, "/opticure/opticure.ini", out, outsz))
				return OC_OK;
		}
		dirs += len;
		if (*dirs == ':')
			dirs++;
	}
	if (try_candidate(OC_SYSCONFDIR, "/opticure.ini", out, outsz))
		return OC_OK;
	if (outsz)
		out[0] = '\0';
	return OC_OK;
}

const char *oc_config_path_shown(const struct oc_config *cfg, enum oc_conf_path which, char *buf,
                                 size_t size)
{
	static const char *const key[] = { "[data] source", "[data] test_data", "[output] dir" };
	const char *path = which == OC_CONF_SOURCE ? cfg->source
	                   : which == OC_CONF_TEST_DATA ? cfg->test_data : cfg->output_dir;
	bool from = which == OC_CONF_SOURCE ? cfg->from_file.source
	            : which == OC_CONF_TEST_DATA ? cfg->from_file.test_data : cfg->from_file.output_dir;
	if (from && cfg->loaded_from[0])
		snprintf(buf, size, "%s (from %s in %s)", path, key[which], cfg->loaded_from);
	else
		snprintf(buf, size, "%s", path);
	return buf;
}

int oc_config_validate(const struct oc_config *cfg, struct oc_err *err)
{
	int rc = OC_OK;
	const char *where = cfg->loaded_from[0] ? cfg->loaded_from : "configuration";
	if (cfg->cv_folds == 0) {
		for (size_t i = 0; i < cfg->grid.n_axes; i++)
			rc = oc_err_append(err, OC_ECONFIG, "%s: [%s] %s: a list of values is searched "
			                   "by cross-validation, which is off ([cv] folds = 0); set "
			                   "[cv] folds to 2 or more, or give one value", where,
			                   oc_model_registry[cfg->grid.axes[i].model]->params[0].section,
			                   cfg->grid.axes[i].key);
		if (cfg->select_by != OC_SELECT_TEST_ACCURACY)
			rc = oc_err_append(err, OC_ECONFIG, "%s: [select] by: %s needs cross-validation, "
			                   "which is off ([cv] folds = 0)", where,
			                   oc_select_names[cfg->select_by]);
	}
	if (!(cfg->psi_alert > cfg->psi_warn))
		rc = oc_err_append(err, OC_ECONFIG, "%s: [monitor] psi_alert (%g) must be greater than "
		                   "psi_warn (%g)", cfg->loaded_from[0] ? cfg->loaded_from : "configuration",
		                   cfg->psi_alert, cfg->psi_warn);
	/* [data] ignore */
	if (oc_csv_list_has(cfg->ignore, cfg->label))
		rc = oc_err_append(err, OC_ECONFIG, "%s: [data] ignore (or --ignore) lists the label "
		                   "column '%s' ([data] label)",
		                   cfg->loaded_from[0] ? cfg->loaded_from : "configuration", cfg->label);
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		const char *why;
		if (!cfg->enabled[m])
			continue;
		why = oc_model_check(oc_model_registry[m], &cfg->model, NULL);
		if (why)
			rc = oc_err_append(err, OC_ECONFIG, "%s: %s",
			                   cfg->loaded_from[0] ? cfg->loaded_from : "configuration", why);
	}
	return rc;
}

/* --- Rendering --- */

/* The comment line of a key: its doc with its range, "Number of trees
 * (1 to 100000)." (tests/docs.sh finds the range in the man page). */
static void doc_line(const struct oc_setting *s, char *out, size_t outsz)
{
	char range[64];
	size_t len = strlen(s->doc);
	if (!*oc_setting_range(s, range, sizeof range)) {
		snprintf(out, outsz, "%s", s->doc);
		return;
	}
	if (len && s->doc[len - 1] == '.')
		len--;
	snprintf(out, outsz, "%.*s (%s).", (int)len, s->doc, range);
}

int oc_config_format(const struct oc_config *cfg, char *buf, size_t bufsz)
{
	size_t n = 0;
	const char *section = NULL;
	char val[OC_PATH_MAX + 32], doc[512];
	struct key keys[MAX_KEYS];
	size_t n_keys = all_keys(keys);
#define PUT(...) do { \
		int w_ = snprintf(buf + n, n < bufsz ? bufsz - n : 0, __VA_ARGS__); \
		if (w_ < 0) return -1; \
		n += (size_t)w_; \
	} while (0)
	PUT("; opticure.ini - configuration of opticure(1); see opticure.ini(5).\n");
	if (cfg->loaded_from[0])
		PUT("; Values in effect: built-in defaults, then %s, then options.\n", cfg->loaded_from);
	else
		PUT("; Every key is shown with its built-in default.\n");
	PUT("; Lines starting with ';' are comments; command-line options override\n");
	PUT("; these values.\n");
	for (size_t i = 0; i < n_keys; i++) {
		const struct oc_setting *s = keys[i].s;
		if (!section || strcmp(section, s->section) != 0) {
			section = s->section;
			PUT("\n[%s]\n", section);
		}
		const struct oc_grid_axis *axis = row_model(s) >= 0
			? oc_grid_find(&cfg->grid, row_model(s), s->key) : NULL;
		if (axis)
			oc_grid_format(axis, val, sizeof val);
		else
			oc_setting_format(s, key_cbase(cfg, &keys[i]), val, sizeof val);
		doc_line(s, doc, sizeof doc);
		PUT("; %s\n%s =%s%s\n", doc, s->key, val[0] ? " " : "", val);
	}
#undef PUT
	if (n >= bufsz)
		return -1;
	return (int)n;
}
