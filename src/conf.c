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

#include "conf.h"
#include "numfmt.h"

#ifndef OC_SYSCONFDIR
#define OC_SYSCONFDIR "/etc"
#endif

/* Longest physical line accepted (inih reads lines into a fixed buffer),
 * and the largest file read: the shipped file is 2 KiB, and a bound keeps
 * --config=/dev/zero or a huge file from exhausting memory or time. */
#define OC_INI_MAX_LINE 199
#define OC_INI_MAX_BYTES (1L << 20)

enum key_type { T_INT, T_REAL, T_POSREAL, T_RATIO, T_STR, T_BOOL, T_COLOR, T_GAMMA, T_MODELS };

/* The one table of keys.  X(section, key, type, default, field, min, max, doc)
 * min/max bound T_INT values.  Defaults are those of the original pipeline. */
#define OC_CONFIG_KEYS(X) \
	X("data", "rows", T_INT, "500", data_rows, 1, 100000000, \
	  "Rows of synthetic data to generate.") \
	X("data", "seed", T_INT, "42", data_seed, 0, 4294967295L, \
	  "Seed of the synthetic data generator (numpy RandomState).") \
	X("data", "grades", T_INT, "2", data_grades, 2, 3, \
	  "Grades of the synthetic data: 2 (Premium, Standard) or 3 (adds Reject).") \
	X("data", "label", T_STR, "quality_grade", label, 0, 0, \
	  "Name of the class column in CSV input.") \
	X("data", "source", T_STR, "synthetic", source, 0, 0, \
	  "\"synthetic\" to generate the curing data, or the path of a CSV file.") \
	X("data", "test_data", T_STR, "", test_data, 0, 0, \
	  "Optional CSV of test rows; when set, no split is made.") \
	X("split", "test_ratio", T_RATIO, "0.2", test_ratio, 0, 0, \
	  "Fraction of rows held out for testing, strictly between 0 and 1.") \
	X("split", "seed", T_INT, "123", split_seed, 0, 4294967295L, \
	  "Seed of the stratified split.") \
	X("models", "enabled", T_MODELS, "lr, rf, gb, svm", enabled, 0, 0, \
	  "Classifiers to train, a comma-separated subset of lr, rf, gb, svm.") \
	X("logistic_regression", "C", T_POSREAL, "1.0", model.lr_C, 0, 0, \
	  "Inverse strength of the L2 penalty (> 0).") \
	X("logistic_regression", "max_iter", T_INT, "1000", model.lr_max_iter, 1, 100000000, \
	  "Iteration limit of the solver.") \
	X("random_forest", "n_estimators", T_INT, "100", model.rf_n_estimators, 1, 100000, \
	  "Number of trees.") \
	X("random_forest", "seed", T_INT, "123", model.rf_seed, 0, 4294967295L, \
	  "Seed of the bootstrap samples and feature draws.") \
	X("gradient_boosting", "n_estimators", T_INT, "100", model.gb_n_estimators, 1, 100000, \
	  "Number of boosting stages.") \
	X("gradient_boosting", "learning_rate", T_POSREAL, "0.1", model.gb_learning_rate, 0, 0, \
	  "Shrinkage applied to each stage (> 0).") \
	X("gradient_boosting", "max_depth", T_INT, "3", model.gb_max_depth, 1, 64, \
	  "Depth of each regression tree.") \
	X("gradient_boosting", "seed", T_INT, "123", model.gb_seed, 0, 4294967295L, \
	  "Seed of the feature visiting order.") \
	X("svm", "C", T_POSREAL, "1.0", model.svm_C, 0, 0, \
	  "Box constraint of the RBF support vector classifier (> 0).") \
	X("svm", "gamma", T_GAMMA, "scale", model.svm_gamma, 0, 0, \
	  "RBF kernel width: \"scale\" (1 / (features * variance of X)) or a number > 0.") \
	X("svm", "seed", T_INT, "123", model.svm_seed, 0, 4294967295L, \
	  "Seed of the Platt-scaling cross-validation folds.") \
	X("svm", "cache_mb", T_INT, "64", model.svm_cache_mb, 1, 65536, \
	  "Kernel cache in MiB, shared by the SVM solvers that run at once (speed only, never results).") \
	X("output", "dir", T_STR, ".", output_dir, 0, 0, \
	  "Directory the artifacts are written to.") \
	X("dashboard", "optimal_temperature", T_REAL, "70", optimal_temperature, 0, 0, \
	  "Reference barn temperature in deg C for the deviation shown.") \
	X("dashboard", "mouse", T_BOOL, "false", mouse, 0, 0, \
	  "Enable mouse clicks and wheel in the dashboard.") \
	X("dashboard", "color", T_COLOR, "auto", color, 0, 0, \
	  "Colours: auto (when the terminal has them and NO_COLOR is unset), always or never.")

struct key_def {
	const char *section, *key;
	enum key_type type;
	const char *def;
	size_t off, size;
	long min, max;
	const char *doc;
};

#define KEY_ROW(sec, k, t, d, field, mn, mx, doc) \
	{ sec, k, t, d, offsetof(struct oc_config, field), sizeof(((struct oc_config *)0)->field), mn, mx, doc },
static const struct key_def keys[] = { OC_CONFIG_KEYS(KEY_ROW) };
#undef KEY_ROW
#define N_KEYS (sizeof keys / sizeof keys[0])

static const char *const color_names[OC_COLOR_COUNT] = { "auto", "always", "never" };

/* --- Value parsing --- */

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

/* Parses value into the field of key k; NULL or a message. */
static const char *set_value(struct oc_config *cfg, const struct key_def *k, const char *value,
                             char *msg, size_t msgsz)
{
	void *field = (char *)cfg + k->off;
	char *end;
	double d;
	switch (k->type) {
	case T_INT: {
		long v;
		errno = 0;
		v = strtol(value, &end, 10);
		if (!*value || *end || errno)
			return snprintf(msg, msgsz, "'%s' is not an integer", value), msg;
		if (v < k->min || v > k->max) {
			if (k->min == 0 && v < 0)
				snprintf(msg, msgsz, "%ld is negative", v);
			else
				snprintf(msg, msgsz, "%ld is out of range (%ld to %ld)", v, k->min, k->max);
			return msg;
		}
		*(long *)field = v;
		return NULL;
	}
	case T_REAL:
	case T_POSREAL:
	case T_RATIO:
		if (oc_parse_double(value, &d) != 0)
			return snprintf(msg, msgsz, "'%s' is not a number", value), msg;
		if (k->type == T_POSREAL && !(d > 0))
			return snprintf(msg, msgsz, "%s must be greater than 0", value), msg;
		if (k->type == T_RATIO && !(d > 0 && d < 1))
			return snprintf(msg, msgsz, "%s is outside (0, 1)", value), msg;
		*(double *)field = d;
		return NULL;
	case T_GAMMA:
		if (strcmp(value, "scale") == 0) {
			*(double *)field = 0.0;
			return NULL;
		}
		if (oc_parse_double(value, &d) != 0 || !(d > 0))
			return snprintf(msg, msgsz, "'%s' is neither \"scale\" nor a number > 0", value), msg;
		*(double *)field = d;
		return NULL;
	case T_STR:
		if (strlen(value) >= k->size)
			return snprintf(msg, msgsz, "value too long (at most %zu bytes)", k->size - 1), msg;
		if (!*value && (strcmp(k->key, "label") == 0 || strcmp(k->key, "source") == 0 ||
		                strcmp(k->key, "dir") == 0))
			return snprintf(msg, msgsz, "value must not be empty"), msg;
		/* "key=;x" would be read as ";x" but written back (--print-config)
		 * as "key = ;x", which reads as a comment: refuse the ambiguity. */
		if (*value == ';')
			return snprintf(msg, msgsz, "value must not start with ';' (a comment)"), msg;
		strcpy((char *)field, value);
		return NULL;
	case T_BOOL:
		if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") || !strcasecmp(value, "on") ||
		    !strcmp(value, "1"))
			*(bool *)field = true;
		else if (!strcasecmp(value, "false") || !strcasecmp(value, "no") ||
		         !strcasecmp(value, "off") || !strcmp(value, "0"))
			*(bool *)field = false;
		else
			return snprintf(msg, msgsz, "'%s' is not a boolean (true or false)", value), msg;
		return NULL;
	case T_COLOR:
		for (int c = 0; c < OC_COLOR_COUNT; c++)
			if (strcmp(value, color_names[c]) == 0) {
				*(enum oc_color_mode *)field = (enum oc_color_mode)c;
				return NULL;
			}
		return snprintf(msg, msgsz, "'%s' is not one of auto, always, never", value), msg;
	case T_MODELS: {
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
	}
	return "internal: unknown key type";
}

void oc_config_defaults(struct oc_config *cfg)
{
	char msg[128];
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < N_KEYS; i++)
		set_value(cfg, &keys[i], keys[i].def, msg, sizeof msg);
	cfg->model.n_jobs = 1;
	cfg->model.cancel = NULL;
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
	bool seen[N_KEYS];
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

static bool section_known(const char *name, size_t len)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (strlen(keys[i].section) == len && memcmp(keys[i].section, name, len) == 0)
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
	if (c->line == 1 && n >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
		memmove(c->buf, c->buf + 3, (size_t)n - 2);
	s = trim(c->buf);
	if (*s && *s != ';' && *s != '#') {
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close == s + 1) {
				load_error(c, "malformed section header");
				goto blank;
			}
			/* Unknown sections are reported here, on their own line,
			 * once; the handler then ignores their keys. */
			if (!section_known(s + 1, (size_t)(close - s - 1)))
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
	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(keys[i].section, section) != 0)
			continue;
		in_known_section = true;
		if (strcmp(keys[i].key, name) != 0)
			continue;
		if (c->seen[i]) {
			load_error(c, "[%s] %s: duplicate key", section, name);
			return 1;
		}
		c->seen[i] = true;
		const char *why = set_value(c->cfg, &keys[i], value, msg, sizeof msg);
		if (why)
			load_error(c, "[%s] %s: %s", section, name, why);
		else
			mark_from_file(c->cfg, keys[i].off);
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
	int rc;
	if (is_directory(path))
		return oc_err_set(err, OC_ECONFIG, "%s: %s", path, strerror(EISDIR));
	fp = fopen(path, "r");
	if (!fp)
		return oc_err_set(err, OC_ECONFIG, "%s: %s", path, strerror(errno));
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
		FILE *f;
		if (is_directory(explicit_path))
			return oc_err_set(err, OC_ECONFIG, "%s: %s", explicit_path, strerror(EISDIR));
		f = fopen(explicit_path, "r");
		if (!f)
			return oc_err_set(err, OC_ECONFIG, "%s: %s", explicit_path, strerror(errno));
		fclose(f);
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
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		const char *why;
		if (!cfg->enabled[m])
			continue;
		why = oc_model_registry[m]->check_params(&cfg->model);
		if (why)
			rc = oc_err_append(err, OC_ECONFIG, "%s: %s",
			                   cfg->loaded_from[0] ? cfg->loaded_from : "configuration", why);
	}
	return rc;
}

/* --- Rendering --- */

static void format_value(const struct oc_config *cfg, const struct key_def *k, char *out, size_t outsz)
{
	const void *field = (const char *)cfg + k->off;
	switch (k->type) {
	case T_INT:
		snprintf(out, outsz, "%ld", *(const long *)field);
		return;
	case T_REAL:
	case T_POSREAL:
	case T_RATIO:
		oc_fmt_repr(*(const double *)field, out, outsz);
		return;
	case T_GAMMA:
		if (*(const double *)field <= 0)
			snprintf(out, outsz, "scale");
		else
			oc_fmt_repr(*(const double *)field, out, outsz);
		return;
	case T_STR:
		snprintf(out, outsz, "%s", (const char *)field);
		return;
	case T_BOOL:
		snprintf(out, outsz, "%s", *(const bool *)field ? "true" : "false");
		return;
	case T_COLOR:
		snprintf(out, outsz, "%s", color_names[*(const enum oc_color_mode *)field]);
		return;
	case T_MODELS: {
		const bool *en = field;
		size_t n = 0;
		out[0] = '\0';
		for (int m = 0; m < OC_MODEL_COUNT; m++)
			if (en[m])
				n += (size_t)snprintf(out + n, outsz > n ? outsz - n : 0, "%s%s",
				                      n ? ", " : "", oc_model_registry[m]->key);
		return;
	}
	}
}

int oc_config_format(const struct oc_config *cfg, char *buf, size_t bufsz)
{
	size_t n = 0;
	const char *section = NULL;
	char val[OC_PATH_MAX + 32];
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
	for (size_t i = 0; i < N_KEYS; i++) {
		if (!section || strcmp(section, keys[i].section) != 0) {
			section = keys[i].section;
			PUT("\n[%s]\n", section);
		}
		format_value(cfg, &keys[i], val, sizeof val);
		PUT("; %s\n%s =%s%s\n", keys[i].doc, keys[i].key, val[0] ? " " : "", val);
	}
#undef PUT
	if (n >= bufsz)
		return -1;
	return (int)n;
}

void oc_config_each_key(void (*fn)(const char *section, const char *key, const char *def,
                                   const char *doc, void *ctx), void *ctx)
{
	for (size_t i = 0; i < N_KEYS; i++)
		fn(keys[i].section, keys[i].key, keys[i].def, keys[i].doc, ctx);
}
