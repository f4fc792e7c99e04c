/* model.h - the one interface behind which all classifiers sit.
 *
 * Shaped like LIBSVM's API: check the parameters, fit a data set, predict
 * one row, save/load the learned state, free.  The pipeline, the model file
 * and the dashboard only ever call through struct oc_model_ops, so adding a
 * classifier means adding one ops table to oc_model_registry (model.c).
 * Nothing under src/ml/ prints, exits or touches the terminal. */
#ifndef OC_MODEL_H
#define OC_MODEL_H

#include <stdatomic.h>
#include <stddef.h>

#include "dataset.h"
#include "status.h"

struct oc_mwriter;
struct oc_mreader;

/* Training settings of every model, filled from the [sections] of the INI
 * file (conf.c holds the one table of defaults: oc_config_defaults()). */
struct oc_model_params {
	/* logistic regression */
	double lr_C;                /* inverse L2 strength, > 0 */
	long lr_max_iter;           /* iteration cap, >= 1 */
	/* random forest */
	long rf_n_estimators;       /* trees, >= 1 */
	long rf_seed;               /* RandomState seed of the forest */
	/* gradient boosting */
	long gb_n_estimators;       /* boosting stages, >= 1 */
	double gb_learning_rate;    /* shrinkage, > 0 */
	long gb_max_depth;          /* depth of each regression tree, >= 1 */
	long gb_seed;               /* RandomState seed (feature visit order) */
	/* support vector classifier */
	double svm_C;               /* box constraint, > 0 */
	double svm_gamma;           /* RBF width; <= 0 means "scale": 1/(d*var(X)) */
	long svm_seed;              /* seed of libsvm's Platt folds */
	long svm_cache_mb;          /* kernel cache, MiB, >= 1: the total of the
	                               solvers that run at once */
	/* limits */
	size_t max_file_bytes;      /* 0: none; else tree fits stop (OC_ECANTCREAT) as soon
	                               as their model file is known to be larger */
	/* execution */
	int n_jobs;                 /* worker threads, >= 1; never changes results */
	const atomic_int *cancel; /* if non-NULL and *cancel != 0, fit stops early
	                               and fails with OC_ECANCELED */
};

/* The fewest bytes a tree node takes in the model file ("node -1 0 -1 -1
 * 1\n"): nodes times this is a lower bound of a forest's file size, so a
 * fit stopped by max_file_bytes could never have been written. */
#define OC_MODEL_NODE_MIN_BYTES 16

struct oc_model_ops {
	const char *key;    /* short name used on the command line and in files: "lr" */
	const char *title;  /* human name: "Logistic Regression" */

	/* NULL when p is usable by this model, else a static message. */
	const char *(*check_params)(const struct oc_model_params *p);

	/* Trains on ds.  Returns the model state, or NULL with err set. */
	void *(*fit)(const struct oc_dataset *ds, const struct oc_model_params *p,
	             struct oc_err *err);

	/* Class probabilities of one row (n_features values): proba[0] for
	 * class 0, proba[1] for class 1, exactly as scikit-learn's predict_proba. */
	void (*predict_proba)(const void *m, const double *row, double proba[2]);

	/* Predicted class index (0 or 1) exactly as scikit-learn's predict,
	 * which for the SVC is not always the larger probability. */
	int (*predict)(const void *m, const double *row);

	/* Writes feature importances (n_features values summing to 1) and
	 * returns 1, or returns 0 where the model defines none.  May be NULL. */
	int (*importances)(const void *m, double *out);

	/* Writes the learned state as model-file lines; returns OC_OK or an
	 * error status with err set. */
	int (*save)(const void *m, struct oc_mwriter *w, struct oc_err *err);

	/* Reads what save wrote, checking every count and index against
	 * n_features and the file's own sizes.  NULL with err set on failure. */
	void *(*load)(struct oc_mreader *r, size_t n_features, struct oc_err *err);

	void (*free)(void *m);

	/* Optional (NULL: predict, then predict_proba): both results of one
	 * row in one pass, identical to the two calls; returns the class. */
	int (*score)(const void *m, const double *row, double proba[2]);
	/* Optional (NULL: score row by row): classes cls[i] and probabilities
	 * proba[2i], proba[2i+1] of n rows (row i at rows + i * n_features),
	 * identical to n calls of score; lets a model interleave rows. */
	void (*score_rows)(const void *m, const double *rows, size_t n, int *cls,
	                   double *proba);

	/* Optional (NULL: the model never has one): why m may fall short of
	 * what its settings ask for (a solver that hit its iteration limit),
	 * one line, or NULL.  Lives as long as m; a loaded model keeps the
	 * warning it was saved with.  Callers show it without knowing the kind. */
	const char *(*warning)(const void *m);
};

/* Predicted class and probabilities of one row through ops->score, or
 * predict and predict_proba where a model has no score. */
int oc_model_score(const struct oc_model_ops *ops, const void *m, const double *row,
                   double proba[2]);

/* oc_model_score of n rows of n_features values each (row i at
 * rows + i * n_features) through ops->score_rows where a model has one. */
void oc_model_score_rows(const struct oc_model_ops *ops, const void *m, const double *rows,
                         size_t n, size_t n_features, int *cls, double *proba);

enum oc_model_kind { OC_MODEL_LR, OC_MODEL_RF, OC_MODEL_GB, OC_MODEL_SVM, OC_MODEL_COUNT };

/* The classifiers in pipeline order (lr, rf, gb, svm). */
extern const struct oc_model_ops *const oc_model_registry[OC_MODEL_COUNT];

/* Index of the model called key ("lr", "rf", "gb", "svm"), or -1. */
int oc_model_find(const char *key);

#endif
