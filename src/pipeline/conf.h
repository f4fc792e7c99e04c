/* SPDX-License-Identifier: MIT */
/* conf.h - the effective configuration: built-in defaults, then the INI
 * file (inih), then command-line overrides.
 *
 * Tables of struct oc_setting (setting.h) list every key with its section,
 * type, bounds, default and documentation: conf.c's own keys and each
 * model's hyperparameters (ops->params).  The loader, `opticure
 * --print-config` (which produces etc/opticure.ini) and the man page's
 * test all derive from them. */
#ifndef OC_CONF_H
#define OC_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ml/grid.h"
#include "ml/search.h"
#include "ml/model.h"
#include "core/setting.h"
#include "core/numfmt.h"
#include "core/status.h"

#define OC_PATH_MAX 4096
#define OC_NAME_MAX 256

enum oc_color_mode { OC_COLOR_AUTO, OC_COLOR_ALWAYS, OC_COLOR_NEVER, OC_COLOR_COUNT };

struct oc_config {
	/* [data] */
	long data_rows;                 /* rows of synthetic data, >= 1 */
	long data_seed;                 /* generator seed, 0 .. 2^32-1 */
	long data_grades;               /* synthetic grades, 2 or 3 */
	char label[OC_NAME_MAX];        /* name of the label column */
	char ignore[OC_PATH_MAX];       /* [data] ignore: columns to drop, comma-separated */
	char source[OC_PATH_MAX];       /* "synthetic" or the path of a CSV file */
	char test_data[OC_PATH_MAX];    /* separate test CSV, "" for a split */
	enum oc_number_parser number_parser;    /* how data values are converted */
	/* [split] */
	double test_ratio;              /* in (0, 1) */
	long split_seed;
	/* [models] */
	bool enabled[OC_MODEL_COUNT];   /* which classifiers the pipeline trains */
	/* [cv] */
	long cv_folds;                  /* 0: no cross-validation, else 2 .. OC_CV_MAX_FOLDS */
	bool cv_shuffle;
	long cv_seed;                   /* RandomState seed of the shuffle */
	/* [select] */
	enum oc_select_by select_by;    /* an int-sized enum (OC_SET_ENUM) */
	/* [logistic_regression] [random_forest] [gradient_boosting] [svm] */
	struct oc_model_params model;   /* the first value of a list */
	struct oc_grid grid;            /* keys given lists: searched by cross-validation */
	/* [output] */
	char output_dir[OC_PATH_MAX];
	/* [monitor] */
	double psi_warn, psi_alert;     /* --check thresholds, warn < alert */
	/* [dashboard] */
	double optimal_temperature;     /* reference for the temperature deviation, deg C */
	bool mouse;
	enum oc_color_mode color;       /* an int-sized enum (OC_SET_ENUM) */

	/* Not configuration-file keys: how this process runs. */
	int n_jobs;                     /* worker threads; < 1: one per online CPU */

	char loaded_from[OC_PATH_MAX];  /* file the values came from, "" for defaults */
	/* The path keys whose value was read from that file (not a default,
	 * not overridden by an option): relative, they are resolved against the
	 * current directory, and messages say where such a path came from. */
	struct {
		bool source, test_data, output_dir;
	} from_file;
};

/* Fills cfg with the built-in defaults (the original pipeline's settings). */
void oc_config_defaults(struct oc_config *cfg);

/* True when cfg->source names the synthetic generator. */
bool oc_config_is_synthetic(const struct oc_config *cfg);

/* Loads path over the values already in cfg.  Every bad line is reported
 * as "FILE:LINE: message", one per line of err->msg; returns OC_OK,
 * OC_ECONFIG (bad content), or OC_ECONFIG for an unreadable file. */
int oc_config_load_file(struct oc_config *cfg, const char *path, struct oc_err *err);

/* The same, reading an open stream; name is used in messages. */
int oc_config_load_stream(struct oc_config *cfg, FILE *fp, const char *name, struct oc_err *err);

/* Finds the configuration file: explicit (must exist), else
 * $XDG_CONFIG_HOME/opticure/opticure.ini (default ~/.config/...), each of
 * $XDG_CONFIG_DIRS (default /etc/xdg) + /opticure/opticure.ini, then
 * SYSCONFDIR/opticure.ini.  Writes the path into out (empty when none
 * exists, i.e. built-in defaults) and returns OC_OK, or OC_ECONFIG when
 * explicit is given but cannot be read. */
int oc_config_find(const char *explicit_path, char *out, size_t outsz, struct oc_err *err);

enum oc_conf_path { OC_CONF_SOURCE, OC_CONF_TEST_DATA, OC_CONF_OUTPUT_DIR };

/* A path key's value as messages show it: "PATH (from [SECTION] KEY in
 * FILE)" when it was read from the configuration file, else PATH.  Writes
 * into buf (cut to size) and returns it. */
const char *oc_config_path_shown(const struct oc_config *cfg, enum oc_conf_path which, char *buf,
                                 size_t size);

/* The oc_grid_set_fn of the configuration: text into model's key,
 * through the row of the model's hyperparameter table. */
const char *oc_config_set_model_key(struct oc_model_params *p, int model, const char *key,
                                    const char *text, char *msg, size_t msgsz);

/* Checks each enabled model's hyperparameters (oc_model_check), and that
 * lists and cross-validated selection have [cv] folds >= 2. */
int oc_config_validate(const struct oc_config *cfg, struct oc_err *err);

/* Writes cfg as a fully commented INI file (the format of etc/opticure.ini)
 * to buf; returns the text length or -1 when buf is too small. */
int oc_config_format(const struct oc_config *cfg, char *buf, size_t bufsz);

/* Most keys there can be (the model tables and conf.c's own). */
#define OC_CONFIG_MAX_KEYS 128

/* The rows of every key in --print-config order: stores up to max of them
 * in rows and returns how many there are. */
size_t oc_config_keys(const struct oc_setting **rows, size_t max);

/* The row of [section] key, or NULL. */
const struct oc_setting *oc_config_key(const char *section, const char *key);

#endif
