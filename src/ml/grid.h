/* SPDX-License-Identifier: MIT */
/* grid.h - hyperparameter grids: a model key given a list of values in the
 * configuration ("[svm] C = 0.1, 1, 10"), and their candidates in
 * scikit-learn 1.2's ParameterGrid order (keys sorted, the last varying
 * fastest), as GridSearchCV tries them. */
#ifndef OC_GRID_H
#define OC_GRID_H

#include <stddef.h>

#include "ml/model.h"
#include "core/status.h"

#define OC_GRID_MAX_AXES 16         /* listed keys in one configuration */
#define OC_GRID_MAX_VALUES 32       /* values of one list */
#define OC_GRID_VALUE_MAX 32        /* bytes of one value, NUL included */
#define OC_GRID_KEY_MAX 32
#define OC_GRID_MAX_CANDIDATES 4096 /* candidates of one model */

struct oc_grid_axis {
	int model;                      /* enum oc_model_kind */
	char key[OC_GRID_KEY_MAX];      /* INI key in the model's section: "n_estimators" */
	size_t n_values;
	char values[OC_GRID_MAX_VALUES][OC_GRID_VALUE_MAX];    /* as written, trimmed */
};

struct oc_grid {
	size_t n_axes;
	struct oc_grid_axis axes[OC_GRID_MAX_AXES];
};

/* Writes value text into the field that key of model sets in p: NULL, or
 * why the value is refused (in msg).  The configuration provides it. */
typedef const char *(*oc_grid_set_fn)(struct oc_model_params *p, int model, const char *key,
                                      const char *text, char *msg, size_t msgsz);

/* True when text is a list ("a, b"): a comma outside any value. */
int oc_grid_is_list(const char *text);

/* Adds the list text of key in model's section to g, checking each value
 * with set on a scratch copy of base; the first value is written into
 * *base.  NULL, or why not (in msg): too many values or keys, an empty or
 * repeated value, a value set refuses. */
const char *oc_grid_add(struct oc_grid *g, int model, const char *key, const char *text,
                        struct oc_model_params *base, oc_grid_set_fn set, char *msg,
                        size_t msgsz);

/* The axis of key in model's section, or NULL. */
const struct oc_grid_axis *oc_grid_find(const struct oc_grid *g, int model, const char *key);

/* Number of candidates of model: the product of its lists' lengths (1
 * when it has none). */
size_t oc_grid_count(const struct oc_grid *g, int model);

/* Candidate c (0 .. oc_grid_count - 1) of model, in ParameterGrid order:
 * base with the candidate's values set; its parameters as text, "key=value"
 * in sorted key order separated by spaces ("" without lists), into desc
 * (may be NULL).  base and out may be the same struct. */
int oc_grid_candidate(const struct oc_grid *g, int model, size_t c,
                      const struct oc_model_params *base, oc_grid_set_fn set,
                      struct oc_model_params *out, char *desc, size_t descsz,
                      struct oc_err *err);

/* The list text of axis a as the configuration writes it: "0.1, 1, 10". */
void oc_grid_format(const struct oc_grid_axis *a, char *out, size_t outsz);

#endif
