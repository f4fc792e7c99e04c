/* SPDX-License-Identifier: MIT */
/* model.h - the one interface behind which all classifiers sit.
 *
 * Shaped like LIBSVM's API: check the parameters, fit a data set, score
 * rows, save/load the learned state, free.  The pipeline, the model file
 * and the dashboard only ever call through struct oc_model_ops, so adding a
 * classifier means adding one ops table (with its hyperparameter table) to
 * oc_model_registry (model.c).  Evaluation, the dashboard and --predict all
 * score through ops->score_rows (oc_model_score_rows and the one-row forms
 * below), so they cannot disagree.
 * Nothing under src/ml/ prints, exits or touches the terminal. */
#ifndef OC_MODEL_H
#define OC_MODEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "data/dataset.h"
#include "core/setting.h"
#include "ml/nplogexp.h"
#include "core/status.h"

struct oc_mwriter;
struct oc_mreader;

/* How logistic regression is solved: scikit-learn's lbfgs reproduced bit
 * for bit, or Newton's method to the exact optimum lbfgs approaches. */
enum oc_lr_solver { OC_LR_LBFGS, OC_LR_NEWTON, OC_LR_SOLVER_COUNT };

/* Training settings of every model.  Each model's fields are described
 * by the table on its ops (ops->params: INI section and key, bounds,
 * default, doc), which the configuration, the model file and
 * oc_model_check all read: a field here needs a row there. */
struct oc_model_params {
	/* logistic regression */
	double lr_C;                /* inverse L2 strength */
	long lr_max_iter;           /* iteration cap */
	enum oc_lr_solver lr_solver;
	/* random forest */
	long rf_n_estimators;       /* trees */
	long rf_seed;               /* RandomState seed of the forest */
	/* gradient boosting */
	long gb_n_estimators;       /* boosting stages */
	double gb_learning_rate;    /* shrinkage */
	long gb_max_depth;          /* depth of each regression tree */
	long gb_seed;               /* RandomState seed (feature visit order) */
	/* support vector classifier */
	double svm_C;               /* box constraint */
	double svm_gamma;           /* RBF width; 0 means "scale": 1/(d*var(X)) */
	long svm_seed;              /* seed of libsvm's Platt folds */
	long svm_cache_mb;          /* kernel cache, MiB: the total of the
	                               solvers that run at once */
	/* [fidelity]: numpy's log/exp where scikit-learn calls them (nplogexp.h) */
	enum oc_numpy_simd numpy_simd;
};

/* A row of a model's hyperparameter table (see setting.h). */
#define OC_PARAM_LONG(sec, k, F, mn, mx, d, doc, ...) \
	OC_SETTING_LONG(struct oc_model_params, sec, k, F, mn, mx, d, doc, __VA_ARGS__)
/* A LONG row that takes one value, never a grid-search list (OC_SET_SINGLE). */
#define OC_PARAM_LONG_SINGLE(sec, k, F, mn, mx, d, doc, ...) \
	OC_SETTING_(struct oc_model_params, sec, k, OC_SET_LONG, F, mn, mx, d, doc, OC_SET_SINGLE, \
	            NULL, NULL, __VA_ARGS__)
#define OC_PARAM_DOUBLE(sec, k, F, mn, mx, fl, d, doc, ...) \
	OC_SETTING_DOUBLE(struct oc_model_params, sec, k, F, mn, mx, fl, d, doc, __VA_ARGS__)
#define OC_PARAM_ENUM(sec, k, F, names, d, doc, ...) \
	OC_SETTING_ENUM(struct oc_model_params, sec, k, F, names, d, doc, __VA_ARGS__)
#define OC_PARAM_STRING(sec, k, F, fl, d, doc, ...) \
	OC_SETTING_STRING(struct oc_model_params, sec, k, F, fl, d, doc, __VA_ARGS__)

/* How a fit runs, as opposed to what it learns: never part of a model,
 * never saved, never changes a result. */
struct oc_fit_ctx {
	int n_jobs;                 /* worker threads, >= 1 */
	const atomic_int *cancel;   /* if non-NULL and *cancel != 0, fit stops early
	                               and fails with OC_ECANCELED */
	size_t max_file_bytes;      /* 0: none; else tree fits stop (OC_ECANTCREAT) as soon
	                               as their model file is known to be larger */
};

/* The fewest bytes a tree node takes in the model file ("node -1 0 -1 -1
 * 1\n"): nodes times this is a lower bound of a forest's file size, so a
 * fit stopped by max_file_bytes could never have been written. */
#define OC_MODEL_NODE_MIN_BYTES 16

/* What an explanation is computed against (see explain below). */
struct oc_explain_in {
	int cls;                    /* class whose output is explained */
	const double *mean;         /* training mean of each feature, or NULL */
	const double *background;   /* background rows (row-major), or NULL */
	size_t n_background;
};

/* Most features an interventional (all-coalitions) explanation takes:
 * 2^12 coalitions times the background rows per explained row. */
#define OC_EXPLAIN_MAX_COALITION_FEATURES 12

struct oc_model_ops {
	const char *key;    /* short name used on the command line and in files: "lr" */
	const char *title;  /* human name: "Logistic Regression" */

	/* The hyperparameters of this model: fields of struct oc_model_params,
	 * in the order of --print-config and the model file (whose record for
	 * a key is named KEY_key: "gb_max_depth"). */
	const struct oc_setting *params;
	size_t n_params;

	/* Optional (NULL: none): rules across keys that the table's bounds
	 * cannot say; NULL when p is usable, else a static message. */
	const char *(*check)(const struct oc_model_params *p);

	/* Trains on ds with hyperparameters p within the bounds of the table
	 * (oc_model_fit checks them first).  Returns the model state, or NULL
	 * with err set. */
	void *(*fit)(const struct oc_dataset *ds, const struct oc_model_params *p,
	             const struct oc_fit_ctx *ctx, struct oc_err *err);

	/* True when fitting train uses one thread whatever ctx->n_jobs
	 * (gradient boosting's stages are sequential, and with two classes a
	 * stage is one tree): the pipeline may then run it on a thread of its
	 * own beside the other models' fits.  NULL: never. */
	bool (*fits_beside)(const struct oc_dataset *train);

	/* Number of classes K (2..OC_MAX_CLASSES) of a fitted or loaded model:
	 * the width of every probability row below. */
	size_t (*n_classes)(const void *m);

	/* The one scoring entry: classes and probabilities of n rows of
	 * n_features values (row i at rows + i * n_features).  cls[i] is the
	 * class index exactly as scikit-learn's predict (for the SVC not
	 * always the most probable class); proba[i * K + c] the probability
	 * of class c < K = n_classes(m) exactly as predict_proba.  A model may
	 * interleave rows; oc_model_rows_each scores them one by one. */
	void (*score_rows)(const void *m, const double *rows, size_t n, int *cls,
	                   double *proba);

	/* Writes feature importances (n_features values summing to 1) and
	 * returns 1, or returns 0 where the model defines none.  May be NULL. */
	int (*importances)(const void *m, double *out);

	/* Writes the learned state as model-file lines; returns OC_OK or an
	 * error status with err set. */
	int (*save)(const void *m, struct oc_mwriter *w, struct oc_err *err);

	/* Reads what save wrote for a model of n_features features and
	 * n_classes classes (from the file's header), checking every count and
	 * index against them and the file's own sizes.  NULL with err set on failure. */
	void *(*load)(struct oc_mreader *r, size_t n_features, size_t n_classes,
	              struct oc_err *err);

	void (*free)(void *m);

	/* Optional (NULL: the model never has one): why m may fall short of
	 * what its settings ask for (a solver that hit its iteration limit),
	 * one line, or NULL.  Lives as long as m; a loaded model keeps the
	 * warning it was saved with.  Callers show it without knowing the kind. */
	const char *(*warning)(const void *m);

	/* Optional (NULL: the model has no iterative solver): the iterations
	 * its solver used (scikit-learn's n_iter_). */
	long (*iterations)(const void *m);
	/* Optional (NULL: not explainable): exact Shapley contributions of
	 * row's features to the model's explained output for class in->cls,
	 * phi[n_features], and the base value, so that *base + sum(phi) is the
	 * output (local accuracy).  OC_OK, or an error status with err set
	 * when this model cannot explain (e.g. too many features for an
	 * all-coalitions computation, or a model file without the covers). */
	int (*explain)(const void *m, const double *row, const struct oc_explain_in *in,
	               double *phi, double *base, struct oc_err *err);
	/* What explain explains for two classes: "probability" or "log-odds". */
	const char *explain_output;
	/* The same for K > 2 classes where it differs (NULL: explain_output):
	 * a class's raw score or decision value is no log-odds.  Callers read
	 * both through oc_explain_output. */
	const char *explain_output_multi;
};

/* The class whose output explain explains for a row the model predicts as
 * class predicted: for two classes always the second (scikit-learn's
 * predict_proba[:, 1] and decision_function), for K > 2 the predicted one. */
static inline int oc_explain_class(size_t n_classes, int predicted)
{
	return n_classes == 2 ? 1 : predicted;
}

/* What ops's explain explains for a model of n_classes classes ("probability",
 * "log-odds", "raw score", "decision value"); never NULL. */
const char *oc_explain_output(const struct oc_model_ops *ops, size_t n_classes);

/* Scoring, all through ops->score_rows (see there): n rows; one row's
 * class and probabilities (returns the class); its class alone
 * (scikit-learn's predict); its probabilities alone (predict_proba).
 * Probability rows hold ops->n_classes(m) values; OC_MAX_CLASSES always
 * suffice for one row. */
void oc_model_score_rows(const struct oc_model_ops *ops, const void *m, const double *rows,
                         size_t n, int *cls, double *proba);
int oc_model_score(const struct oc_model_ops *ops, const void *m, const double *row,
                   double *proba);
int oc_model_predict(const struct oc_model_ops *ops, const void *m, const double *row);
void oc_model_predict_proba(const struct oc_model_ops *ops, const void *m, const double *row,
                            double *proba);

/* score_rows for a model that scores one row at a time: score_row on
 * each of n rows of n_features values, n_classes probabilities each. */
void oc_model_rows_each(const void *m, size_t n_features, size_t n_classes, const double *rows,
                        size_t n, int *cls, double *proba,
                        int (*score_row)(const void *m, const double *row, double *proba));

/* np.argmax of n values: the index of the first of the largest (the
 * class scikit-learn's predict gives from probabilities or scores). */
static inline int oc_argmax(const double *p, size_t n)
{
	size_t best = 0;
	for (size_t k = 1; k < n; k++)
		if (p[k] > p[best])
			best = k;
	return (int)best;
}

enum oc_model_kind { OC_MODEL_LR, OC_MODEL_RF, OC_MODEL_GB, OC_MODEL_SVM, OC_MODEL_COUNT };

/* The classifiers in pipeline order (lr, rf, gb, svm). */
extern const struct oc_model_ops *const oc_model_registry[OC_MODEL_COUNT];

/* Index of the model called key ("lr", "rf", "gb", "svm"), or -1. */
int oc_model_find(const char *key);

/* NULL when p is within ops's table (and its check) and ctx (may be NULL)
 * is usable, else a one-line message naming the key; the message lives
 * until the calling thread's next call. */
const char *oc_model_check(const struct oc_model_ops *ops, const struct oc_model_params *p,
                           const struct oc_fit_ctx *ctx);

/* Checks p and ctx (oc_model_check), then trains: the one way to call
 * ops->fit with values that did not come through the tables' readers. */
void *oc_model_fit(const struct oc_model_ops *ops, const struct oc_dataset *ds,
                   const struct oc_model_params *p, const struct oc_fit_ctx *ctx,
                   struct oc_err *err);

/* Every model's defaults, from the tables. */
void oc_model_params_defaults(struct oc_model_params *p);

/* The row of ops's table called key ("max_depth"); NULL if none. */
const struct oc_setting *oc_model_param(const struct oc_model_ops *ops, const char *key);

#endif
