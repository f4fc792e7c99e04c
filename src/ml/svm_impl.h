/* SPDX-License-Identifier: MIT */
/* svm_impl.h - internals shared by svm.c, svm_solver.c and svm_platt.c.
 *
 * Everything here mirrors one piece of scikit-learn 1.2's bundled libsvm
 * (sklearn/svm/src/libsvm/svm.cpp): the C-SVC trainer of one class pair,
 * its decision function, Platt's sigmoid and the pairwise coupling.  Signs
 * are libsvm's: a positive decision value means the first sorted label. */
#ifndef OC_ML_SVM_IMPL_H
#define OC_ML_SVM_IMPL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* libsvm's fixed settings as scikit-learn passes them. */
#define OC_SVM_EPS 1e-3         /* SMO stopping tolerance (tol) */
#define OC_SVM_FOLDS 5          /* Platt cross-validation folds */

/* Threads of one oc_svm_platt_cv that have no task left help the solvers
 * still running fill their kernel columns (svm_platt.c). */
struct oc_svm_team;

/* Calls fn(arg, lo, hi) over disjoint ranges covering [begin, end), on the
 * calling thread and on whatever idle team threads join; returns when all
 * ranges are done.  team NULL (or none idle): fn(arg, begin, end). */
void oc_svm_team_for(struct oc_svm_team *team, void (*fn)(void *arg, int lo, int hi),
                     void *arg, int begin, int end);

/* A C-SVC problem exactly as libsvm's svm_train receives it. */
struct oc_svm_problem {
	size_t l, d;                /* rows, features */
	const double *const *x;     /* l row pointers (d values each) */
	const double *y;            /* l labels; the smaller one becomes +1 */
	double gamma;               /* RBF width */
	double C;                   /* box constraint of both classes */
	long cache_bytes;           /* kernel cache of the solver; oc_svm_platt_cv
	                             * shares it among the solvers run at once */
	const atomic_int *cancel; /* non-NULL and nonzero: stop, OC_ECANCELED */
	struct oc_svm_team *team;   /* NULL, or helpers for the kernel columns */
};

/* One trained binary decision function, libsvm's svm_model for 2 classes:
 * f(x) = sum_k coef[k] exp(-gamma |x - sv[k]|^2) - rho, and f > 0 means
 * label0.  The support vectors keep libsvm's order (label0's rows first). */
struct oc_svm_fn {
	size_t n_sv;
	const double **sv;          /* n_sv row pointers into the problem's rows */
	double *coef;               /* alpha_i * y_i */
	double rho;
	double label0;              /* the smaller label */
};

/* --- Kernel cache (svm_cache.c): libsvm's Cache, columns of Q in LRU order --- */

struct oc_svm_cache_head {
	struct oc_svm_cache_head *prev, *next;     /* circular LRU list */
	float *data;
	int len;                            /* data[0, len) is cached */
};

struct oc_svm_cache {
	long size;                          /* free room, in floats */
	struct oc_svm_cache_head *head;            /* one per column */
	struct oc_svm_cache_head lru;
};

/* Room for bytes of columns of l rows (never less than two columns). */
int oc_svm_cache_init(struct oc_svm_cache *c, int l, long bytes);
/* Frees the columns and the bookkeeping. */
void oc_svm_cache_free(struct oc_svm_cache *c);
/* Column index with room for len values; returns the first position that
 * still needs filling (>= len when all is cached), or -1 when out of memory. */
int oc_svm_cache_get(struct oc_svm_cache *c, int index, float **data, int len);
/* Follows the solver's swap of rows i and j. */
void oc_svm_cache_swap(struct oc_svm_cache *c, int i, int j);

/* svm_train for two classes: groups the rows by label (stable, smaller
 * label first), runs the SMO solver and keeps the nonzero alphas.  Fails
 * with OC_EDATA if prob holds fewer than two distinct labels. */
int oc_svm_train_fn(const struct oc_svm_problem *prob, struct oc_svm_fn *fn,
                    struct oc_err *err);

/* Frees what oc_svm_train_fn allocated (not the rows).  NULL-safe. */
void oc_svm_fn_free(struct oc_svm_fn *fn);

/* libsvm's prediction-form decision value of row (d values):
 * sum_k coef[k] * exp(-gamma * sum_i (row_i - sv_k,i)^2) - rho. */
double oc_svm_fn_value(const double *const *sv, const double *coef, size_t n_sv,
                       size_t d, double gamma, double rho, const double *row);

/* Solves the C-SVC dual of l rows with labels y (+1/-1) by SMO with WSS3
 * and shrinking; writes alpha_i*y_i to coef[0..l-1] and rho.  OC_ECANCELED
 * when *cancel becomes nonzero, OC_EINTERNAL when out of memory. */
int oc_svm_smo(size_t l, size_t d, const double *const *x, const signed char *y,
               double gamma, double Cp, double Cn, long cache_bytes,
               const atomic_int *cancel, double *coef, double *rho,
               struct oc_err *err);

/* oc_svm_smo with the kernel columns filled with team's help (NULL: none);
 * the result is the same bit for bit. */
int oc_svm_smo_team(size_t l, size_t d, const double *const *x, const signed char *y,
                    double gamma, double Cp, double Cn, long cache_bytes,
                    const atomic_int *cancel, struct oc_svm_team *team, double *coef,
                    double *rho, struct oc_err *err);

/* svm_binary_svc_probability: 5-fold cross-validated decision values of
 * prob (labels +1/-1) with folds shuffled by the std::mt19937 mt, then
 * Platt's sigmoid fitted to them.  Every fold that trains a model runs
 * libsvm's svm_train, which reseeds the generator with seed: mt is left
 * as libsvm leaves it for the next pair of classes.  When full is non-NULL
 * the final model of prob is trained as one more task in the same worker
 * pool (it does not depend on the folds).  n_jobs threads; the result
 * never depends on it. */
struct oc_rng;
int oc_svm_platt_cv(const struct oc_svm_problem *prob, struct oc_rng *mt, uint32_t seed,
                    int n_jobs, double *prob_a, double *prob_b, struct oc_svm_fn *full,
                    struct oc_err *err);

/* Lin, Lin and Weng's Newton method for Platt's sigmoid on dec/labels. */
void oc_svm_sigmoid_train(size_t l, const double *dec, const double *labels,
                          double *a, double *b);

/* P(label0) by the fitted sigmoid, in libsvm's cancellation-safe form. */
double oc_svm_sigmoid_predict(double dec, double a, double b);

/* Wu, Lin and Weng's coupling (method 2, libsvm's multiclass_probability)
 * of k classes from the pairwise probabilities r[i*k + j] = P(i | i or j)
 * (i != j); writes p[0..k-1].  work has room for k*k + k doubles. */
void oc_svm_couple(int k, const double *r, double *p, double *work);

/* libsvm's RBF kernel of two rows: exp(-gamma * sum_i (x_i - z_i)^2). */
double oc_svm_kernel(const double *x, const double *z, size_t d, double gamma);

/* out[k] = oc_svm_kernel(row, sv[k], d, gamma) for k < n_sv, the same
 * bits, with the exponentials taken together (oc_exp_many). */
void oc_svm_kernels(const double *row, const double *const *sv, size_t n_sv, size_t d,
                    double gamma, double *out);

#endif
