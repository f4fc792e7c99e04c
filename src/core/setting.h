/* SPDX-License-Identifier: MIT */
/* setting.h - one typed, bounded, documented field of a settings struct.
 *
 * Every configurable value is described once, by a row of a table of
 * struct oc_setting: the INI section and key, the C type and where the
 * field lives (offsetof into the struct the table describes), its bounds,
 * its default as written in the INI file, and one line of documentation.
 * The readers and writers all work from these rows: conf.c (defaults, INI
 * loading, --print-config), the model file (modelfile.c), parameter
 * checking (ml/model.c) and, through --print-config, the man page's key
 * list (tests/docs.sh).  The configuration keys are in conf.c; each
 * classifier's hyperparameters hang on its struct oc_model_ops (ml/model.h).
 *
 * To add a key: add one field to the struct and one row to the table
 * (OC_SETTING_LONG, _DOUBLE, _STRING, _BOOL, _ENUM or _CUSTOM below; a
 * model's rows are OC_PARAM_* of ml/model.h in its own file), and document
 * it in man/opticure.ini.5.in: tests/docs.sh fails until the man page
 * names the key, its default and its range, and tests/test_bounds.c tries
 * its bounds through every reader.  An enumerated key (a solver, a number
 * parser) is an int field and a NULL-terminated list of names:
 *
 *     static const char *const lr_solvers[] = { "lbfgs", "newton-cg", NULL };
 *     OC_PARAM_ENUM("logistic_regression", "solver", lr_solver, lr_solvers,
 *                   "lbfgs", "Optimiser of the loss.", .file_minor = 1),
 *
 * A value that none of the types holds (a list of models, a grid of
 * values) brings its own parse/format pair, struct oc_setting_codec.  A
 * hyperparameter is also a model-file record (numbers as numbers, other
 * types as quoted text): give it the .file_minor of the format version
 * that adds it (and raise OC_MODELFILE_MINOR), so older files still load,
 * with its default. */
#ifndef OC_SETTING_H
#define OC_SETTING_H

#include <stdbool.h>
#include <stddef.h>

enum oc_setting_type {
	OC_SET_LONG,        /* long within [min, max] (integers up to 2^53) */
	OC_SET_DOUBLE,      /* finite double within min, max (see the flags) */
	OC_SET_STRING,      /* char[size] */
	OC_SET_BOOL,        /* bool: true/yes/on/1 or false/no/off/0 */
	OC_SET_ENUM,        /* int: index into names[] */
	OC_SET_CUSTOM,      /* parsed and formatted by codec */
};

/* flags */
#define OC_SET_MIN_OPEN 0x1u    /* DOUBLE: value > min rather than >= min */
#define OC_SET_MAX_OPEN 0x2u    /* DOUBLE: value < max rather than <= max */
#define OC_SET_NONEMPTY 0x4u    /* STRING: "" is refused */
#define OC_SET_SINGLE 0x8u      /* a model's key that takes one value, never a list
                                   for a grid search to try (a seed, a speed setting) */

/* A value type of its own: parse writes the field or returns why not
 * (into msg); format writes the value as the INI file holds it. */
struct oc_setting_codec {
	const char *(*parse)(void *field, const char *text, char *msg, size_t msgsz);
	void (*format)(const void *field, char *out, size_t outsz);
};

struct oc_setting {
	const char *section;        /* INI section: "gradient_boosting" */
	const char *key;            /* INI key: "max_depth" */
	enum oc_setting_type type;
	size_t off, size;           /* offsetof and sizeof the field */
	double min, max;            /* LONG, DOUBLE: bounds (HUGE_VAL: none) */
	const char *def;            /* default, as the INI file spells it */
	const char *doc;            /* one line: --print-config and the man page */
	unsigned flags;
	/* ENUM: the value names, NULL-terminated.  DOUBLE: names[0], if set,
	 * is a word stored as 0 (the SVM's gamma = "scale"). */
	const char *const *names;
	const struct oc_setting_codec *codec;   /* CUSTOM */
	/* Minor version of the model-file format that first stored this key:
	 * a file of an older minor version lacks it and gets the default. */
	int file_minor;
};

/* Row builders: S is the struct the table describes, F the field.  Any
 * further arguments are designators for the rest of the row, such as
 * ".file_minor = 1" for a model-file key added in format 1.1. */
#define OC_SETTING_(S, sec, k, t, F, mn, mx, d, doc_, fl, nm, cd, ...) \
	{ .section = sec, .key = k, .type = t, .off = offsetof(S, F), \
	  .size = sizeof(((S *)0)->F), .min = mn, .max = mx, .def = d, .doc = doc_, .flags = fl, \
	  .names = nm, .codec = cd, __VA_ARGS__ }
#define OC_SETTING_LONG(S, sec, k, F, mn, mx, d, doc_, ...) \
	OC_SETTING_(S, sec, k, OC_SET_LONG, F, mn, mx, d, doc_, 0, NULL, NULL, __VA_ARGS__)
#define OC_SETTING_DOUBLE(S, sec, k, F, mn, mx, fl, d, doc_, ...) \
	OC_SETTING_(S, sec, k, OC_SET_DOUBLE, F, mn, mx, d, doc_, fl, NULL, NULL, __VA_ARGS__)
#define OC_SETTING_STRING(S, sec, k, F, fl, d, doc_, ...) \
	OC_SETTING_(S, sec, k, OC_SET_STRING, F, 0, 0, d, doc_, fl, NULL, NULL, __VA_ARGS__)
#define OC_SETTING_BOOL(S, sec, k, F, d, doc_, ...) \
	OC_SETTING_(S, sec, k, OC_SET_BOOL, F, 0, 1, d, doc_, 0, NULL, NULL, __VA_ARGS__)
#define OC_SETTING_ENUM(S, sec, k, F, names_, d, doc_, ...) \
	OC_SETTING_(S, sec, k, OC_SET_ENUM, F, 0, 0, d, doc_, 0, names_, NULL, __VA_ARGS__)
#define OC_SETTING_CUSTOM(S, sec, k, F, codec_, d, doc_, ...) \
	OC_SETTING_(S, sec, k, OC_SET_CUSTOM, F, 0, 0, d, doc_, 0, NULL, codec_, __VA_ARGS__)

/* Parses text (an INI value) into the field of s in base.  Returns NULL,
 * or a message (in msg) saying why the value was refused; the field is
 * then unchanged. */
const char *oc_setting_parse(const struct oc_setting *s, void *base, const char *text,
                             char *msg, size_t msgsz);

/* Writes the field of s in base as the INI file spells it. */
void oc_setting_format(const struct oc_setting *s, const void *base, char *out, size_t outsz);

/* True when a LONG or DOUBLE value is within the bounds of s (for a
 * DOUBLE with a word, 0 is). */
bool oc_setting_in_range(const struct oc_setting *s, double v);

/* Checks the field of s in base (a value set by code or read from a model
 * file): NULL, or "VALUE is outside RANGE" in msg. */
const char *oc_setting_check(const struct oc_setting *s, const void *base, char *msg,
                             size_t msgsz);

/* The bounds of s as documented: "1 to 64", "> 0", "> 0 and < 1",
 * "scale or > 0"; "" for a type without numeric bounds. */
const char *oc_setting_range(const struct oc_setting *s, char *out, size_t outsz);

/* Pointers to the field of s in base. */
static inline void *oc_setting_field(const struct oc_setting *s, void *base)
{
	return (char *)base + s->off;
}
static inline const void *oc_setting_cfield(const struct oc_setting *s, const void *base)
{
	return (const char *)base + s->off;
}

/* NULL when the row is well-formed (field size matching the type, default
 * within bounds), else what is wrong; for the tests. */
const char *oc_setting_lint(const struct oc_setting *s, char *msg, size_t msgsz);

#endif
