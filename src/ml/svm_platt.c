/* SPDX-License-Identifier: MIT */
/* svm_platt.c - probability outputs of the SVC: Platt scaling fitted by
 * 5-fold cross-validation, and pairwise coupling.
 *
 * J. Platt, "Probabilistic outputs for support vector machines", 2000, with
 * the Newton method of H.-T. Lin, C.-J. Lin and R. C. Weng, "A note on
 * Platt's probabilistic outputs for support vector machines", Machine
 * Learning 68, 2007; coupling by method 2 of T.-F. Wu, C.-J. Lin and
 * R. C. Weng, "Probability estimates for multi-class classification by
 * pairwise coupling", JMLR 5, 2004.
 *
 * Ported from scikit-learn 1.2's libsvm (svm_binary_svc_probability,
 * sigmoid_train, sigmoid_predict, multiclass_probability) with its random
 * folds: std::mt19937 seeded once, Lemire's bounded integers (newrand.h).
 * The folds are independent, so they run on a small thread pool; each
 * writes only its own rows, and the sigmoid is fitted after all joined,
 * which keeps the result independent of the number of threads. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ml/svm_impl.h"
#include "core/rng.h"

/* newrand.h's bounded_rand_int: Lemire's multiply-shift with rejection. */
static uint32_t bounded_rand_int(struct oc_rng *mt, uint32_t range)
{
	uint32_t x = oc_rng_u32(mt);
	uint64_t m = (uint64_t)x * range;
	uint32_t lo = (uint32_t)m;
	if (lo < range) {
		uint32_t t = -range;
		if (t >= range) {
			t -= range;
			if (t >= range)
				t %= range;
		}
		while (lo < t) {
			x = oc_rng_u32(mt);
			m = (uint64_t)x * range;
			lo = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

/* Platt's objective at (A, B): the cross-entropy of the sigmoid against
 * the regularised targets hi and lo, in libsvm's overflow-safe form. */
static double sigmoid_objective(size_t l, const double *dec, const double *labels, double hi,
                                double lo, double A, double B)
{
	double f = 0.0;
	for (size_t i = 0; i < l; i++) {
		double t = labels[i] > 0 ? hi : lo;
		double fApB = dec[i] * A + B;
		if (fApB >= 0)
			f += t * fApB + log(1 + exp(-fApB));
		else
			f += (t - 1) * fApB + log(1 + exp(fApB));
	}
	return f;
}

void oc_svm_sigmoid_train(size_t l, const double *dec, const double *labels,
                          double *a, double *b)
{
	double prior1 = 0, prior0 = 0;
	const int max_iter = 100;
	const double min_step = 1e-10, sigma = 1e-12, eps = 1e-5;
	double hi, lo, A, B, fval;
	int iter;

	for (size_t i = 0; i < l; i++) {
		if (labels[i] > 0)
			prior1 += 1;
		else
			prior0 += 1;
	}
	hi = (prior1 + 1.0) / (prior1 + 2.0);
	lo = 1 / (prior0 + 2.0);
	A = 0.0;
	B = log((prior0 + 1.0) / (prior1 + 1.0));
	fval = sigmoid_objective(l, dec, labels, hi, lo, A, B);
	for (iter = 0; iter < max_iter; iter++) {
		/* gradient and Hessian, H' = H + sigma I keeps it positive definite */
		double h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0;
		double det, dA, dB, gd, stepsize;
		for (size_t i = 0; i < l; i++) {
			double t = labels[i] > 0 ? hi : lo;
			double fApB = dec[i] * A + B, p, q, d1, d2;
			if (fApB >= 0) {
				p = exp(-fApB) / (1.0 + exp(-fApB));
				q = 1.0 / (1.0 + exp(-fApB));
			} else {
				p = 1.0 / (1.0 + exp(fApB));
				q = exp(fApB) / (1.0 + exp(fApB));
			}
			d2 = p * q;
			h11 += dec[i] * dec[i] * d2;
			h22 += d2;
			h21 += dec[i] * d2;
			d1 = t - p;
			g1 += dec[i] * d1;
			g2 += d1;
		}
		if (fabs(g1) < eps && fabs(g2) < eps)
			break;

		/* Newton direction -inv(H') g, then backtracking */
		det = h11 * h22 - h21 * h21;
		dA = -(h22 * g1 - h21 * g2) / det;
		dB = -(-h21 * g1 + h11 * g2) / det;
		gd = g1 * dA + g2 * dB;
		stepsize = 1;
		while (stepsize >= min_step) {
			double newA = A + stepsize * dA, newB = B + stepsize * dB;
			double newf = sigmoid_objective(l, dec, labels, hi, lo, newA, newB);
			if (newf < fval + 0.0001 * stepsize * gd) {
				A = newA;
				B = newB;
				fval = newf;
				break;
			}
			stepsize = stepsize / 2.0;
		}
		if (stepsize < min_step)
			break;  /* line search failed: keep the last point, as libsvm */
	}
	*a = A;
	*b = B;
}

double oc_svm_sigmoid_predict(double dec, double a, double b)
{
	double fApB = dec * a + b;
	/* 1-p is used later: avoid cancellation */
	if (fApB >= 0)
		return exp(-fApB) / (1.0 + exp(-fApB));
	return 1.0 / (1 + exp(fApB));
}

void oc_svm_couple(int k, const double *r, double *p, double *work)
{
	const int max_iter = k > 100 ? k : 100;
	const double eps = 0.005 / k;
	double *Q = work, *Qp = work + (size_t)k * (size_t)k, pQp;

	for (int t = 0; t < k; t++) {
		double *Qt = Q + (size_t)t * (size_t)k;
		p[t] = 1.0 / k;
		Qt[t] = 0;
		for (int j = 0; j < t; j++) {
			Qt[t] += r[(size_t)j * (size_t)k + (size_t)t] * r[(size_t)j * (size_t)k + (size_t)t];
			Qt[j] = Q[(size_t)j * (size_t)k + (size_t)t];
		}
		for (int j = t + 1; j < k; j++) {
			Qt[t] += r[(size_t)j * (size_t)k + (size_t)t] * r[(size_t)j * (size_t)k + (size_t)t];
			Qt[j] = -r[(size_t)j * (size_t)k + (size_t)t] * r[(size_t)t * (size_t)k + (size_t)j];
		}
	}
	for (int iter = 0; iter < max_iter; iter++) {
		double max_error = 0;
		/* recompute Qp and pQp each round for accuracy */
		pQp = 0;
		for (int t = 0; t < k; t++) {
			const double *Qt = Q + (size_t)t * (size_t)k;
			Qp[t] = 0;
			for (int j = 0; j < k; j++)
				Qp[t] += Qt[j] * p[j];
			pQp += p[t] * Qp[t];
		}
		for (int t = 0; t < k; t++) {
			double error = fabs(Qp[t] - pQp);
			if (error > max_error)
				max_error = error;
		}
		if (max_error < eps)
			break;
		for (int t = 0; t < k; t++) {
			const double *Qt = Q + (size_t)t * (size_t)k;
			double diff = (-Qp[t] + pQp) / Qt[t];
			p[t] += diff;
			pQp = (pQp + diff * (diff * Qt[t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
			for (int j = 0; j < k; j++) {
				Qp[j] = (Qp[j] + diff * Qt[j]) / (1 + diff);
				p[j] /= (1 + diff);
			}
		}
	}
}

/* --- The team: idle threads help running solvers fill kernel columns --- */

/* Ranges shorter than this are not worth a hand-over. */
#define TEAM_CHUNK 512

struct team_job {
	void (*fn)(void *arg, int lo, int hi);
	void *arg;
	int end;
	atomic_int next;            /* first row not yet claimed */
	int refs;                   /* helpers inside (under the team's mutex) */
};

struct oc_svm_team {
	pthread_mutex_t mu;
	pthread_cond_t wake;        /* a job was posted, or quit */
	pthread_cond_t released;    /* a helper left a job */
	atomic_int idle;            /* threads waiting to help */
	struct team_job *jobs[OC_SVM_FOLDS + 1];   /* posted, one per solver */
	int quit;
};

/* Claims and runs chunks of job until none is left. */
static void team_run(struct team_job *job)
{
	for (;;) {
		int lo = atomic_fetch_add(&job->next, TEAM_CHUNK);
		if (lo >= job->end)
			return;
		job->fn(job->arg, lo, job->end - lo < TEAM_CHUNK ? job->end : lo + TEAM_CHUNK);
	}
}

void oc_svm_team_for(struct oc_svm_team *team, void (*fn)(void *arg, int lo, int hi),
                     void *arg, int begin, int end)
{
	struct team_job job;
	int slot = -1;

	if (!team || end - begin < 2 * TEAM_CHUNK || atomic_load(&team->idle) == 0) {
		fn(arg, begin, end);
		return;
	}
	job.fn = fn;
	job.arg = arg;
	job.end = end;
	atomic_init(&job.next, begin);
	job.refs = 0;
	pthread_mutex_lock(&team->mu);
	for (int k = 0; k <= OC_SVM_FOLDS && slot < 0; k++)
		if (!team->jobs[k])
			slot = k;
	team->jobs[slot] = &job;    /* at most one job per running solver */
	pthread_cond_broadcast(&team->wake);
	pthread_mutex_unlock(&team->mu);

	team_run(&job);

	/* every chunk is claimed; wait for the helpers still running one */
	pthread_mutex_lock(&team->mu);
	team->jobs[slot] = NULL;
	while (job.refs)
		pthread_cond_wait(&team->released, &team->mu);
	pthread_mutex_unlock(&team->mu);
}

/* An idle thread's loop: helps posted jobs until the team quits. */
static void team_help(struct oc_svm_team *team)
{
	pthread_mutex_lock(&team->mu);
	atomic_fetch_add(&team->idle, 1);
	while (!team->quit) {
		struct team_job *job = NULL;
		for (int k = 0; k <= OC_SVM_FOLDS && !job; k++)
			if (team->jobs[k] && atomic_load(&team->jobs[k]->next) < team->jobs[k]->end)
				job = team->jobs[k];
		if (!job) {
			pthread_cond_wait(&team->wake, &team->mu);
			continue;
		}
		job->refs++;
		pthread_mutex_unlock(&team->mu);
		team_run(job);
		pthread_mutex_lock(&team->mu);
		if (--job->refs == 0)
			pthread_cond_broadcast(&team->released);
	}
	atomic_fetch_sub(&team->idle, 1);
	pthread_mutex_unlock(&team->mu);
}

/* --- Cross-validation --- */

struct cv {
	const struct oc_svm_problem *prob;  /* the caller's problem (class labels),
	                                     * with this solver's cache share */
	struct oc_svm_problem sub;          /* what prob points to */
	const double **gx;                  /* rows grouped as libsvm's svm_train */
	double *gy;                         /* +1 for the first label, else -1 */
	size_t *perm;                       /* random fold order over grouped rows */
	double *dec;                        /* cross-validated decision values */
	struct oc_svm_fn *full;             /* NULL: no final-model task */
	atomic_int trained;                 /* a fold trained a model */
	int n_tasks;
	atomic_int next;
	int left;                           /* tasks not finished (under team.mu) */
	struct oc_svm_team team;
	int *status;                        /* per task */
	struct oc_err *errs;                /* per task */
};

/* Fold k: train on the other folds (svm_train regroups their labels,
 * -1 first) and store the held-out decision values, signed so that
 * positive means +1. */
static int run_fold(struct cv *cv, int k, struct oc_err *err)
{
	const struct oc_svm_problem *prob = cv->prob;
	size_t l = prob->l, begin = (size_t)k * l / OC_SVM_FOLDS;
	size_t end = (size_t)(k + 1) * l / OC_SVM_FOLDS, n = l - (end - begin), m = 0;
	size_t p_count = 0, n_count = 0;
	struct oc_svm_problem sub = *prob;
	struct oc_svm_fn fn;
	const double **sx = malloc((n ? n : 1) * sizeof *sx);
	double *sy = malloc((n ? n : 1) * sizeof *sy);
	int rc = OC_OK;

	if (!sx || !sy) {
		rc = oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
		goto out;
	}
	for (size_t j = 0; j < l; j++) {
		if (j == begin)
			j = end;
		if (j >= l)
			break;
		sx[m] = cv->gx[cv->perm[j]];
		sy[m++] = cv->gy[cv->perm[j]];
	}
	for (size_t j = 0; j < m; j++) {
		if (sy[j] > 0)
			p_count++;
		else
			n_count++;
	}
	if (p_count == 0 || n_count == 0) {
		double v = p_count ? 1 : n_count ? -1 : 0;
		for (size_t j = begin; j < end; j++)
			cv->dec[cv->perm[j]] = v;
		goto out;
	}
	sub.l = m;
	sub.x = sx;
	sub.y = sy;
	atomic_store(&cv->trained, 1);
	rc = oc_svm_train_fn(&sub, &fn, err);
	if (rc)
		goto out;
	for (size_t j = begin; j < end; j++) {
		const double *row = cv->gx[cv->perm[j]];
		double v = oc_svm_fn_value(fn.sv, fn.coef, fn.n_sv, prob->d, prob->gamma,
		                           fn.rho, row);
		cv->dec[cv->perm[j]] = v * fn.label0;
	}
	oc_svm_fn_free(&fn);
out:
	free(sx);
	free(sy);
	return rc;
}

static int run_task(struct cv *cv, int t)
{
	if (cv->full) {
		if (t == 0)     /* the largest job first */
			return oc_svm_train_fn(cv->prob, cv->full, &cv->errs[t]);
		t--;
	}
	return run_fold(cv, t, &cv->errs[cv->full ? t + 1 : t]);
}

/* Runs tasks while there are any, then helps the solvers still running. */
static void *worker(void *arg)
{
	struct cv *cv = arg;
	for (;;) {
		int t = atomic_fetch_add(&cv->next, 1);
		if (t >= cv->n_tasks)
			break;
		cv->status[t] = run_task(cv, t);
		pthread_mutex_lock(&cv->team.mu);
		if (--cv->left == 0) {
			cv->team.quit = 1;
			pthread_cond_broadcast(&cv->team.wake);
		}
		pthread_mutex_unlock(&cv->team.mu);
	}
	team_help(&cv->team);
	return NULL;
}

int oc_svm_platt_cv(const struct oc_svm_problem *prob, struct oc_rng *mt, uint32_t seed,
                    int n_jobs, double *prob_a, double *prob_b, struct oc_svm_fn *full,
                    struct oc_err *err)
{
	size_t l = prob->l, k = 0;
	struct cv cv;
	pthread_t th[OC_SVM_FOLDS + 1];
	int n_threads, started = 0, rc = OC_OK;
	double lab0;

	memset(&cv, 0, sizeof cv);
	if (full)
		memset(full, 0, sizeof *full);
	if (l == 0 || l > (size_t)INT32_MAX)
		return oc_err_set(err, OC_EDATA, "SVM: %zu training rows is out of range", l);
	cv.prob = prob;
	cv.full = full;
	cv.n_tasks = OC_SVM_FOLDS + (full != NULL);
	atomic_init(&cv.next, 0);
	atomic_init(&cv.trained, 0);
	cv.gx = malloc(l * sizeof *cv.gx);
	cv.gy = malloc(l * sizeof *cv.gy);
	cv.perm = malloc(l * sizeof *cv.perm);
	cv.dec = malloc(l * sizeof *cv.dec);
	cv.status = calloc((size_t)cv.n_tasks, sizeof *cv.status);
	cv.errs = calloc((size_t)cv.n_tasks, sizeof *cv.errs);
	if (!cv.gx || !cv.gy || !cv.perm || !cv.dec || !cv.status || !cv.errs) {
		rc = oc_err_set(err, OC_EINTERNAL, "SVM: out of memory");
		goto out;
	}

	/* svm_train's grouping: the smaller label's rows (+1) first */
	lab0 = (int)prob->y[0];
	for (size_t i = 1; i < l; i++)
		if ((int)prob->y[i] < lab0)
			lab0 = (int)prob->y[i];
	for (size_t i = 0; i < l; i++)
		if ((int)prob->y[i] == lab0) {
			cv.gx[k] = prob->x[i];
			cv.gy[k++] = +1;
		}
	for (size_t i = 0; i < l; i++)
		if ((int)prob->y[i] != lab0) {
			cv.gx[k] = prob->x[i];
			cv.gy[k++] = -1;
		}

	/* the random shuffle of svm_binary_svc_probability */
	for (size_t i = 0; i < l; i++)
		cv.perm[i] = i;
	for (size_t i = 0; i < l; i++) {
		size_t j = i + bounded_rand_int(mt, (uint32_t)(l - i)), t = cv.perm[i];
		cv.perm[i] = cv.perm[j];
		cv.perm[j] = t;
	}

	n_threads = n_jobs < 1 ? 1 : n_jobs > cv.n_tasks ? cv.n_tasks : n_jobs;
	/* the cache budget is shared by the solvers that run at once; it
	 * changes speed only (a libsvm cache always keeps two columns) */
	cv.sub = *prob;
	cv.sub.cache_bytes = prob->cache_bytes / n_threads;
	cv.sub.team = n_threads > 1 ? &cv.team : NULL;
	cv.prob = &cv.sub;
	cv.left = cv.n_tasks;
	pthread_mutex_init(&cv.team.mu, NULL);
	pthread_cond_init(&cv.team.wake, NULL);
	pthread_cond_init(&cv.team.released, NULL);
	atomic_init(&cv.team.idle, 0);
	for (int t = 1; t < n_threads; t++) {
		if (pthread_create(&th[started], NULL, worker, &cv) != 0)
			break;      /* fewer helpers; the calling thread still runs all */
		started++;
	}
	if (!started)
		cv.sub.team = NULL;     /* nobody to help: no hand-overs */
	worker(&cv);
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&cv.team.mu);
	pthread_cond_destroy(&cv.team.wake);
	pthread_cond_destroy(&cv.team.released);

	for (int t = 0; t < cv.n_tasks; t++)
		if (cv.status[t] && (rc == OC_OK || cv.status[t] != OC_ECANCELED)) {
			/* report a real failure before a cancellation */
			rc = cv.status[t];
			if (err)
				*err = cv.errs[t];
			if (rc != OC_ECANCELED)
				break;
		}
	/* each fold's svm_train call set_seed(seed) again, and nothing drew
	 * after it: the next pair of classes shuffles from a fresh state */
	if (atomic_load(&cv.trained))
		oc_rng_seed(mt, seed);
	if (rc == OC_OK)
		oc_svm_sigmoid_train(l, cv.dec, cv.gy, prob_a, prob_b);
	else if (full)
		oc_svm_fn_free(full);
out:
	free(cv.gx);
	free(cv.gy);
	free(cv.perm);
	free(cv.dec);
	free(cv.status);
	free(cv.errs);
	return rc;
}
