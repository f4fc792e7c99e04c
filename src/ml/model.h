/* model.h - the one interface behind which all classifiers sit.
 *
 * Shaped like LIBSVM's API: check the parameters, fit a data set, predict
 * one row, save/load the learned state, free.  The pipeline, the model file
 * and the dashboard only ever call through struct oc_model_ops, so adding a
 * classifier means adding one ops table to oc_model_registry (model.c).
 * Nothing under src/ml/ prints, exits or touches the terminal. */
#ifndef OC_MODEL_H
#define OC_MODEL_H

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
	/* execution */
	int n_jobs;                 /* worker threads, >= 1; never changes results */
	const volatile int *cancel; /* if non-NULL and *cancel != 0, fit stops early
	                               and fails with OC_ECANCELED */
};

struct oc_model_ops {
	const char *key;    /* short name used on the command line and in files: "lr" */
	const char *title;  /* human name: "Logistic Regression" */

	/* NULL when p is usable by this model, else a static message. */
	const char *(*check_params)(const struct oc_model_params *p);

	/* Trains on ds.  Returns the model state, or NULL with err set. */
	void *(*fit)(const struct oc_dataset *ds, const struct oc_model_params *p,
	             struct oc_err *err);

	/* Number of classes K (2..OC_MAX_CLASSES) of a fitted or loaded model:
	 * the width of every probability array below. */
	size_t (*n_classes)(const void *m);

	/* Class probabilities of one row (n_features values): proba[k] for
	 * class k < K, exactly as scikit-learn's predict_proba. */
	void (*predict_proba)(const void *m, const double *row, double *proba);

	/* Predicted class index (0..K-1) exactly as scikit-learn's predict,
	 * which for the SVC is not always the larger probability. */
	int (*predict)(const void *m, const double *row);

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

	/* Optional (NULL: predict, then predict_proba): both results of one
	 * row in one pass, identical to the two calls; returns the class. */
	int (*score)(const void *m, const double *row, double *proba);
	/* Optional (NULL: score row by row): classes cls[i] and probabilities
	 * proba[K i .. K i + K - 1] of n rows (row i at rows + i * n_features),
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
                   double *proba);

/* oc_model_score of n rows of n_features values each (row i at
 * rows + i * n_features, its K probabilities at proba + i * K) through
 * ops->score_rows where a model has one. */
void oc_model_score_rows(const struct oc_model_ops *ops, const void *m, const double *rows,
                         size_t n, size_t n_features, int *cls, double *proba);

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

#endif
