/* SPDX-License-Identifier: MIT */
/* rf.c - Random forest, bit-identical to scikit-learn 1.2.1's
 * RandomForestClassifier(n_estimators, random_state=seed) with the defaults
 * (gini, max_features="sqrt", bootstrap, fully grown trees).
 *
 * Breiman (2001), Random Forests, Machine Learning 45:5-32; scikit-learn
 * ensemble/_forest.py (BaseForest.fit, _parallel_build_trees,
 * _generate_sample_indices, predict_proba, feature_importances_) and
 * ensemble/_base.py (_set_random_states).  Tree t's seed is the t-th draw
 * RandomState(seed).randint(2^31-1); a fresh RandomState(seed_t) draws the
 * bootstrap (weights = draw counts) and another fresh one the splitter
 * state.  Trees only depend on their own seed, so they are built by a pool
 * of threads and the result never depends on the number of threads. */
#include "config.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ml/forest.h"
#include "ml/forest_qs.h"
#include "core/npsum.h"
#include "ml/rf.h"
#include "ml/tree.h"
#include "ml/treeshap.h"
#include "core/rng.h"

/* The hyperparameters (see setting.h); RF_P_* index them. */
enum { RF_P_N_ESTIMATORS, RF_P_SEED, RF_P_COUNT };
static const struct oc_setting rf_params[RF_P_COUNT] = {
	[RF_P_N_ESTIMATORS] = OC_PARAM_LONG("random_forest", "n_estimators", rf_n_estimators, 1,
	                                    100000, "100", "Number of trees."),
	[RF_P_SEED] = OC_PARAM_LONG_SINGLE("random_forest", "seed", rf_seed, 0, 4294967295.0, "123",
	                            "Seed of the bootstrap samples and feature draws."),
};
#define RF_MAX_NODES 100000000UL

struct rf_model {
	size_t n_features, n_classes;
	struct oc_forest trees;  /* values: weighted count of each class (as saved) */
	double *proba;           /* per node: the K counts / their numpy sum */
	double *importances;
	struct oc_qs qs;         /* QuickScorer form: used when qs.simd */
};

static void rf_free(void *m)
{
	struct rf_model *rf = m;
	if (!rf)
		return;
	oc_forest_free(&rf->trees);
	oc_qs_free(&rf->qs);
	free(rf->proba);
	free(rf->importances);
	free(rf);
}

/* Per-node class fractions, as DecisionTreeClassifier.predict_proba
 * normalises the stored counts. */
static int rf_make_proba(struct rf_model *rf)
{
	size_t n = rf->trees.n_nodes, K = rf->n_classes;
	rf->proba = malloc((n ? n : 1) * K * sizeof *rf->proba);
	if (!rf->proba)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const double *c = rf->trees.value + K * i;
		double z = oc_npsum(c, K);
		if (z == 0.0)
			z = 1.0;
		for (size_t k = 0; k < K; k++)
			rf->proba[K * i + k] = c[k] / z;
	}
	if (oc_forest_pack(&rf->trees) < 0)
		return -1;
	/* Scoring many rows compares them with every node where the CPU has
	 * AVX-512 and the trees are small (forest_qs.h); else it walks. */
	if (oc_qs_usable()) {
		if (oc_qs_build(&rf->qs, &rf->trees, rf->n_features, rf->proba, K) < 0)
			return -1;
	}
	return 0;
}

/* --- fitting --- */

struct rf_job {
	const struct oc_tree_data *data;     /* y and xcol; w is per worker */
	const uint32_t *seeds;
	size_t n_trees, max_features;
	struct oc_tree *trees;
	double *imp;                          /* n_trees * n_features */
	atomic_size_t next;
	atomic_int failed;                    /* 1 = out of memory, 2 = cancelled,
	                                         3 = model file too large */
	const atomic_int *cancel;
	atomic_size_t nodes, done;            /* of the trees built so far */
	size_t max_nodes;                     /* 0: no limit */
};

static void *rf_worker(void *arg)
{
	struct rf_job *job = arg;
	const struct oc_tree_data *d = job->data;
	double *w = malloc((d->n_rows ? d->n_rows : 1) * sizeof *w);
	if (!w) {
		atomic_store(&job->failed, 1);
		return NULL;
	}
	for (;;) {
		if (atomic_load(&job->failed))
			break;
		if (job->cancel && *job->cancel) {
			atomic_store(&job->failed, 2);
			break;
		}
		size_t t = atomic_fetch_add(&job->next, 1);
		if (t >= job->n_trees)
			break;

		struct oc_rng rng;
		oc_rng_seed(&rng, job->seeds[t]);
		memset(w, 0, d->n_rows * sizeof *w);
		for (size_t k = 0; k < d->n_rows; k++)
			w[(size_t)oc_rng_randint(&rng, 0, (int64_t)d->n_rows)] += 1.0;

		oc_rng_seed(&rng, job->seeds[t]);
		struct oc_tree_params tp = {
			.criterion = OC_TREE_GINI,
			.max_features = job->max_features,
			.max_depth = LONG_MAX,
			.seed = (uint32_t)oc_rng_randint(&rng, 0, 0x7FFFFFFF),
		};
		struct oc_tree_data td = *d;
		td.w = w;
		if (oc_tree_build(&td, &tp, &job->trees[t]) < 0) {
			atomic_store(&job->failed, 1);
			break;
		}
		oc_tree_importances(&job->trees[t], d->n_features, 1, job->imp + t * d->n_features);
		atomic_fetch_add(&job->done, 1);
		/* The file size is known to pass the limit as soon as the
		 * trees built so far do: stop then, not after the last tree. */
		if (job->max_nodes &&
		    atomic_fetch_add(&job->nodes, job->trees[t].n_nodes) + job->trees[t].n_nodes >
		    job->max_nodes) {
			atomic_store(&job->failed, 3);
			break;
		}
	}
	free(w);
	return NULL;
}

/* Forest importances: mean over trees with more than one node (numpy's
 * axis-0 mean adds the rows in order), divided by its numpy sum. */
static void rf_forest_importances(const struct oc_tree *trees, const double *imp,
                                  size_t n_trees, size_t nf, double *out)
{
	size_t used = 0;
	memset(out, 0, nf * sizeof *out);
	for (size_t t = 0; t < n_trees; t++) {
		if (trees[t].n_nodes <= 1)
			continue;
		for (size_t f = 0; f < nf; f++)
			out[f] += imp[t * nf + f];
		used++;
	}
	if (!used)
		return;
	for (size_t f = 0; f < nf; f++)
		out[f] /= (double)used;
	double z = oc_npsum(out, nf);
	if (z > 0.0)
		for (size_t f = 0; f < nf; f++)
			out[f] /= z;
}

static void *rf_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                    const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	if (ds->n_rows < 1 || ds->n_features < 1) {
		oc_err_set(err, OC_EDATA, "random forest: the training set is empty");
		return NULL;
	}
	if (ds->n_classes < 2 || ds->n_classes > OC_MAX_CLASSES) {
		oc_err_set(err, OC_EDATA, "random forest: %zu classes; 2 to %d are supported",
		           ds->n_classes, OC_MAX_CLASSES);
		return NULL;
	}

	size_t n = ds->n_rows, nf = ds->n_features, n_trees = (size_t)p->rf_n_estimators;
	struct rf_model *rf = calloc(1, sizeof *rf);
	float *xcol = oc_tree_xcol(ds->x, n, nf);
	uint32_t *presort = NULL;
	double *y = malloc(n * sizeof *y);
	uint32_t *seeds = malloc(n_trees * sizeof *seeds);
	struct oc_tree *trees = calloc(n_trees, sizeof *trees);
	double *imp = malloc(n_trees * nf * sizeof *imp);
	size_t n_threads = (size_t)ctx->n_jobs < n_trees ? (size_t)ctx->n_jobs : n_trees;
	pthread_t *tid = calloc(n_threads, sizeof *tid);
	int status = OC_EINTERNAL;

	if (rf)
		oc_forest_init(&rf->trees, (int)ds->n_classes);
	if (!rf || !xcol || !y || !seeds || !trees || !imp || !tid)
		goto out;
	rf->n_features = nf;
	rf->n_classes = ds->n_classes;
	for (size_t i = 0; i < n; i++)
		y[i] = ds->y[i];

	struct oc_rng frng;
	oc_rng_seed(&frng, (uint32_t)p->rf_seed);
	for (size_t t = 0; t < n_trees; t++)
		seeds[t] = (uint32_t)oc_rng_randint(&frng, 0, 2147483647);

	/* one sort of the rows by each feature serves every tree (NULL: each
	 * tree sorts its own) */
	presort = oc_tree_presort(xcol, n, nf);
	struct oc_tree_data data = { xcol, n, nf, y, NULL, ds->n_classes, presort, NULL };
	size_t max_features = (size_t)sqrt((double)nf);
	struct rf_job job = {
		.data = &data, .seeds = seeds, .n_trees = n_trees,
		.max_features = max_features < 1 ? 1 : max_features,
		.trees = trees, .imp = imp, .cancel = ctx->cancel,
	};
	atomic_init(&job.next, 0);
	atomic_init(&job.failed, 0);
	atomic_init(&job.nodes, 0);
	atomic_init(&job.done, 0);
	job.max_nodes = ctx->max_file_bytes / OC_MODEL_NODE_MIN_BYTES;

	size_t started = 0;
	if (n_threads == 1) {
		rf_worker(&job);
	} else {
		for (; started < n_threads; started++)
			if (pthread_create(&tid[started], NULL, rf_worker, &job) != 0)
				break;
		if (started == 0)
			rf_worker(&job);
		for (size_t k = 0; k < started; k++)
			pthread_join(tid[k], NULL);
	}
	if (atomic_load(&job.failed) == 2) {
		status = OC_ECANCELED;
		goto out;
	}
	if (atomic_load(&job.failed) == 3) {
		status = OC_ECANTCREAT;
		oc_err_set(err, OC_ECANTCREAT, "random forest: the model file would be larger than "
		           "%zu MiB after %zu of the %zu trees ([random_forest] n_estimators); train "
		           "fewer trees or on fewer rows", ctx->max_file_bytes >> 20,
		           atomic_load(&job.done), n_trees);
		goto out;
	}
	if (atomic_load(&job.failed))
		goto out;

	rf->importances = malloc(nf * sizeof *rf->importances);
	if (!rf->importances)
		goto out;
	rf_forest_importances(trees, imp, n_trees, nf, rf->importances);
	for (size_t t = 0; t < n_trees; t++)
		if (oc_forest_append(&rf->trees, &trees[t]) < 0)
			goto out;
	if (rf_make_proba(rf) < 0)
		goto out;
	status = OC_OK;
out:
	if (trees)
		for (size_t t = 0; t < n_trees; t++)
			oc_tree_free(&trees[t]);
	free(trees);
	free(imp);
	free(seeds);
	free(y);
	free(xcol);
	free(presort);
	free(tid);
	if (status != OC_OK) {
		rf_free(rf);
		if (status == OC_ECANCELED)
			oc_err_set(err, OC_ECANCELED, "random forest: training interrupted");
		else if (status != OC_ECANTCREAT)
			oc_err_set(err, OC_EINTERNAL, "random forest: out of memory");
		return NULL;
	}
	return rf;
}

/* --- prediction --- */

/* Rows with more features than this take the double-threshold walk. */
#define RF_FLOAT_ROW 64
/* Forests with more trees than this walk them one by one. */
#define RF_LEAF_BUF 1024

/* ForestClassifier.predict_proba from the leaf of each tree: zeros, += each
 * tree's class fractions in tree order, then /= the number of trees. */
static void rf_average(const struct rf_model *rf, const uint32_t *leaf, double *proba)
{
	const size_t K = rf->n_classes, n_trees = rf->trees.n_trees;
	/* the sums in locals: proba may alias nothing the compiler can see,
	 * but through memory each += waits for the store before it */
	if (K == 2) {
		double p0 = 0.0, p1 = 0.0;
		for (size_t t = 0; t < n_trees; t++) {
			const double *p = rf->proba + 2 * (size_t)leaf[t];
			p0 += p[0];
			p1 += p[1];
		}
		proba[0] = p0 / (double)n_trees;
		proba[1] = p1 / (double)n_trees;
		return;
	}
	double acc[OC_MAX_CLASSES];
	for (size_t k = 0; k < K; k++)
		acc[k] = 0.0;
	for (size_t t = 0; t < n_trees; t++) {
		const double *p = rf->proba + K * (size_t)leaf[t];
		for (size_t k = 0; k < K; k++)
			acc[k] += p[k];
	}
	for (size_t k = 0; k < K; k++)
		proba[k] = acc[k] / (double)n_trees;
}

static void rf_predict_proba(const void *m, const double *row, double *proba)
{
	const struct rf_model *rf = m;
	const struct oc_forest *f = &rf->trees;
	if (rf->n_features <= RF_FLOAT_ROW && f->n_trees <= RF_LEAF_BUF) {
		float xf[RF_FLOAT_ROW];
		uint32_t leaf[RF_LEAF_BUF];
		for (size_t j = 0; j < rf->n_features; j++)
			xf[j] = (float)row[j];
		oc_forest_leaves_f(f, xf, leaf);
		rf_average(rf, leaf, proba);
		return;
	}
	const size_t K = rf->n_classes;
	for (size_t k = 0; k < K; k++)
		proba[k] = 0.0;
	for (size_t t = 0; t < f->n_trees; t++) {
		const double *p = rf->proba + K * oc_forest_leaf(f, t, row);
		for (size_t k = 0; k < K; k++)
			proba[k] += p[k];
	}
	for (size_t k = 0; k < K; k++)
		proba[k] /= (double)f->n_trees;
}

static int rf_score(const void *m, const double *row, double *proba)
{
	const struct rf_model *rf = m;
	rf_predict_proba(m, row, proba);
	return oc_argmax(proba, rf->n_classes);
}

/* rf_score of n rows, two at a time: their tree walks interleave, which
 * hides load latency; the sums are those of one row. */
static void rf_score_rows(const void *m, const double *rows, size_t n, int *cls,
                          double *proba)
{
	const struct rf_model *rf = m;
	const struct oc_forest *f = &rf->trees;
	const size_t d = rf->n_features, K = rf->n_classes;
	size_t i = 0;
	if (rf->qs.simd) {
		double sum[OC_QS_ROWS * OC_QS_MAX_VALUES];
		for (; i + OC_QS_ROWS <= n; i += OC_QS_ROWS) {
			oc_qs_sum16(&rf->qs, rows + i * d, NULL, sum, NULL);
			/* as rf_average divides its sums */
			for (size_t r = 0; r < OC_QS_ROWS; r++) {
				double *p = proba + K * (i + r);
				for (size_t k = 0; k < K; k++)
					p[k] = sum[r * K + k] / (double)f->n_trees;
				cls[i + r] = oc_argmax(p, K);
			}
		}
	}
	if (d <= RF_FLOAT_ROW && f->n_trees <= RF_LEAF_BUF) {
		float xa[RF_FLOAT_ROW], xb[RF_FLOAT_ROW];
		uint32_t la[RF_LEAF_BUF], lb[RF_LEAF_BUF];
		for (; i + 2 <= n; i += 2) {
			const double *ra = rows + i * d, *rb = ra + d;
			for (size_t j = 0; j < d; j++) {
				xa[j] = (float)ra[j];
				xb[j] = (float)rb[j];
			}
			oc_forest_leaves_f2(f, xa, xb, la, lb);
			rf_average(rf, la, proba + K * i);
			rf_average(rf, lb, proba + K * (i + 1));
			cls[i] = oc_argmax(proba + K * i, K);
			cls[i + 1] = oc_argmax(proba + K * (i + 1), K);
		}
	}
	for (; i < n; i++)
		cls[i] = rf_score(m, rows + i * d, proba + K * i);
}

static size_t rf_n_classes(const void *m)
{
	return ((const struct rf_model *)m)->n_classes;
}

static int rf_importances(const void *m, double *out)
{
	const struct rf_model *rf = m;
	memcpy(out, rf->importances, rf->n_features * sizeof *out);
	return 1;
}

/* --- model file --- */

static int rf_save(const void *m, struct oc_mwriter *w, struct oc_err *err)
{
	const struct rf_model *rf = m;
	oc_mw_long(w, "rf_trees", (long)rf->trees.n_trees);
	oc_mw_doubles(w, "rf_importances", rf->importances, rf->n_features);
	for (size_t t = 0; t < rf->trees.n_trees; t++)
		oc_forest_save_tree(&rf->trees, t, "rf_tree", w);
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "random forest: out of memory while saving");
	return OC_OK;
}

static void *rf_load(struct oc_mreader *r, size_t n_features, size_t n_classes,
                     struct oc_err *err)
{
	struct rf_model *rf = calloc(1, sizeof *rf);
	size_t max_nodes = RF_MAX_NODES, max_depth = RF_MAX_NODES;
	double max_count = DBL_MAX;
	long n_trees;
	if (!rf) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		return NULL;
	}
	oc_forest_init(&rf->trees, (int)n_classes);
	rf->n_features = n_features;
	rf->n_classes = n_classes;
	rf->importances = malloc((n_features ? n_features : 1) * sizeof *rf->importances);
	if (!rf->importances) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	if (n_features < 1) {
		oc_mr_error(r, err, "random forest needs at least one feature");
		goto fail;
	}
	if (n_classes < 2 || n_classes > OC_MAX_CLASSES) {
		oc_mr_error(r, err, "random forest: %zu classes; 2 to %d are supported", n_classes,
		            OC_MAX_CLASSES);
		goto fail;
	}
	if (oc_mr_long(r, "rf_trees", 1, (long)rf_params[RF_P_N_ESTIMATORS].max, &n_trees, err) ||
	    oc_mr_doubles(r, "rf_importances", rf->importances, n_features, err))
		goto fail;
	/* Any finite value: importances are sums of impurity decreases, and
	 * scikit-learn's (which fit reproduces bit for bit) can round to a
	 * tiny negative number such as -2.36e-17. */
	/* Training limits: a tree grown on the n bootstrap draws of the
	 * training rows has at most 2n - 1 nodes, depth n - 1 and class
	 * counts summing to at most n. */
	if (r->n_train) {
		max_nodes = 2 * r->n_train - 1 < max_nodes ? 2 * r->n_train - 1 : max_nodes;
		max_depth = r->n_train - 1;
		max_count = (double)r->n_train;
	}
	for (long t = 0; t < n_trees; t++) {
		size_t first = rf->trees.n_nodes;
		if (oc_forest_load_tree(&rf->trees, "rf_tree", n_features, max_nodes, max_depth, r,
		                        err))
			goto fail;
		for (size_t i = first; i < rf->trees.n_nodes; i++) {
			const double *c = rf->trees.value + n_classes * i;
			double z = 0.0;
			int negative = 0;
			for (size_t k = 0; k < n_classes; k++) {
				negative |= !(c[k] >= 0.0);
				z += c[k];
			}
			if (negative || !(z > 0.0) || z > max_count) {
				oc_mr_error(r, err, "rf_tree %ld: class counts must be >= 0 with a positive "
				            "sum of at most the training rows", t);
				goto fail;
			}
		}
	}
	if (rf_make_proba(rf) < 0) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	return rf;
fail:
	rf_free(rf);
	return NULL;
}

/* Path-dependent TreeSHAP of predict_proba[:, cls] for any number of
 * classes: the mean of the trees' explanations of their normalised leaf
 * counts of class cls, covers the sums of the K counts
 * (weighted_n_node_samples, as shap.TreeExplainer reads them). */
static int rf_explain(const void *m, const double *row, const struct oc_explain_in *in,
                      double *phi, double *base, struct oc_err *err)
{
	const struct rf_model *rf = m;
	const struct oc_forest *f = &rf->trees;
	struct oc_shap_work w = { 0 };
	const size_t K = rf->n_classes;
	double e = 0.0, scale = 1.0 / (double)f->n_trees;
	if (in->cls < 0 || (size_t)in->cls >= K)
		return oc_err_set(err, OC_EINTERNAL, "random forest: no class %d to explain", in->cls);
	memset(phi, 0, rf->n_features * sizeof *phi);
	for (size_t t = 0; t < f->n_trees; t++) {
		size_t a = f->root[t], b = t + 1 < f->n_trees ? f->root[t + 1] : f->n_nodes;
		struct oc_shap_tree st = {
			.nodes = f->nodes + a, .n_nodes = b - a,
			.value = rf->proba + K * a + (size_t)in->cls, .stride = K,
			.cover = f->value + K * a, .cover_stride = K, .cover_is_sum = 1, .cover_n = K,
			.depth = f->depth ? f->depth[t] : 0,
		};
		double et = oc_treeshap(&st, row, scale, phi, &w);
		if (et != et) {
			oc_shap_work_free(&w);
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		}
		e += et;
	}
	oc_shap_work_free(&w);
	*base = e * scale;
	return OC_OK;
}

const struct oc_model_ops oc_rf_ops = {
	.key = "rf", .title = "Random Forest", .params = rf_params, .n_params = RF_P_COUNT,
	.fit = rf_fit, .n_classes = rf_n_classes, .score_rows = rf_score_rows,
	.importances = rf_importances, .explain = rf_explain, .explain_output = "probability",
	.save = rf_save, .load = rf_load, .free = rf_free,
};
