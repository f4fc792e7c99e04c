/* SPDX-License-Identifier: MIT */
/* gb.c - Gradient boosting, bit-identical to scikit-learn 1.2.1's
 * GradientBoostingClassifier(n_estimators, learning_rate, max_depth,
 * random_state=seed) with the binomial deviance ("log_loss").
 *
 * Friedman (2001), Greedy function approximation: a gradient boosting
 * machine, Ann. Statist. 29(5); scikit-learn ensemble/_gb.py (fit,
 * _fit_stages, _fit_stage, feature_importances_), ensemble/_gb_losses.py
 * (BinomialDeviance) and _gradient_boosting.pyx (predict_stages).
 * Start: prior log-odds of the positive class (clipped to float32 eps).
 * Each stage fits a Friedman-MSE regression tree to y - expit(F) and
 * replaces each leaf by one Newton step sum(r) / sum(p(1-p)), summed with
 * numpy's pairwise sum over the leaf's rows in ascending order.  One
 * RandomState(seed) draw per tree seeds the splitter, which with all
 * features visited only fixes their visiting order.
 *
 * K > 2 classes: the multinomial deviance (_gb_losses.MultinomialDeviance).
 * F starts at the log of the clipped class priors; each stage fits K trees,
 * tree k to y_k - softmax_k(F) of the stage's start (softmax through
 * scipy's logsumexp: max-shifted exp, numpy sum, log), and each leaf is the
 * Newton step (K-1)/K * sum(r) / sum((y-r)(1-y+r)). */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ml/forest.h"
#include "ml/forest_qs.h"
#include "ml/gb.h"
#include "ml/nplogexp.h"
#include "core/npsum.h"
#include "ml/tree.h"
#include "ml/treeshap.h"
#include "core/rng.h"
#include "core/team.h"

/* The hyperparameters (see setting.h); GB_P_* index them. */
enum { GB_P_N_ESTIMATORS, GB_P_LEARNING_RATE, GB_P_MAX_DEPTH, GB_P_SEED, GB_P_COUNT };
static const struct oc_setting gb_params[GB_P_COUNT] = {
	[GB_P_N_ESTIMATORS] = OC_PARAM_LONG("gradient_boosting", "n_estimators", gb_n_estimators,
	                                    1, 100000, "100", "Number of boosting stages."),
	[GB_P_LEARNING_RATE] = OC_PARAM_DOUBLE("gradient_boosting", "learning_rate",
	                                       gb_learning_rate, 0, HUGE_VAL, OC_SET_MIN_OPEN, "0.1",
	                                       "Shrinkage applied to each stage."),
	[GB_P_MAX_DEPTH] = OC_PARAM_LONG("gradient_boosting", "max_depth", gb_max_depth, 1, 64, "3",
	                                 "Depth of each regression tree."),
	[GB_P_SEED] = OC_PARAM_LONG_SINGLE("gradient_boosting", "seed", gb_seed, 0, 4294967295.0, "123",
	                            "Seed of the feature visiting order."),
};

/* Rows with more features than this take the double-threshold walk. */
#define GB_FLOAT_ROW 64
/* Models with more stages than this walk them one by one. */
#define GB_LEAF_BUF 1024

struct gb_model {
	size_t n_features;
	size_t n_classes;       /* K; K = 2 keeps one tree per stage */
	double init[OC_MAX_CLASSES]; /* F0: the prior log-odds (K = 2) or the
	                                log-priors of the K classes */
	double learning_rate;
	struct oc_forest trees; /* one value per node: leaves hold the Newton step;
	                           K > 2: tree m*K + k is stage m's tree of class k */
	double *importances;
	enum oc_np_kernel kern; /* K > 2: numpy's exp/log the softmax uses (saved) */
	struct oc_qs qs;        /* K = 2: QuickScorer form: used when qs.simd */
};

/* Trees per stage: one for two classes, else one per class. */
static size_t gb_tpc(size_t n_classes)
{
	return n_classes == 2 ? 1 : n_classes;
}

static void gb_free(void *m)
{
	struct gb_model *gb = m;
	if (!gb)
		return;
	oc_forest_free(&gb->trees);
	oc_qs_free(&gb->qs);
	free(gb->importances);
	free(gb);
}

/* Packs the trees for prediction (on failure predictions take the double
 * walk) and, for two classes where the CPU has AVX-512, builds their
 * QuickScorer form (forest_qs.h: boosting's trees, at most max_depth 3 by
 * default, have few leaves).  Its leaf values are lr * value, the very
 * products predict_stages adds, so the sums from F0 are the walk's.  -1
 * only when out of memory. */
static int gb_pack(struct gb_model *gb)
{
	const struct oc_forest *f = &gb->trees;
	double *scaled;
	int rc;
	if (oc_forest_pack(&gb->trees) < 0)
		return 0;
	if (gb->n_classes != 2 || !oc_qs_usable())
		return 0;
	if (!(scaled = malloc((f->n_nodes ? f->n_nodes : 1) * sizeof *scaled)))
		return -1;
	for (size_t i = 0; i < f->n_nodes; i++)
		scaled[i] = gb->learning_rate * f->value[i];
	rc = oc_qs_build(&gb->qs, f, gb->n_features, scaled, 1);
	free(scaled);
	return rc < 0 ? -1 : 0;
}

/* scipy.special.expit for doubles: scipy calls the C library's exp */
static double expit(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

/* softmax of one row of K raw predictions, as
 * np.nan_to_num(np.exp(raw - scipy.special.logsumexp(raw, axis=1)[:, None])):
 * logsumexp = log(np.sum(exp(raw - max))) + max (max set to 0 unless
 * finite), with numpy's exp and log of kernel kern (nplogexp.h); tmp has
 * room for K values. */
static double logsumexp(enum oc_np_kernel kern, const double *raw, size_t K, double *tmp)
{
	double mx = raw[0];
	for (size_t k = 1; k < K && !isnan(mx); k++)
		if (raw[k] > mx || isnan(raw[k]))
			mx = raw[k];
	if (!isfinite(mx))
		mx = 0.0;
	for (size_t k = 0; k < K; k++)
		tmp[k] = oc_np_exp(kern, raw[k] - mx);
	return oc_np_log(kern, oc_npsum(tmp, K)) + mx;
}

/* np.nan_to_num for the values exp can give: NaN -> 0, +inf -> DBL_MAX */
static double nan_to_num(double x)
{
	if (isnan(x))
		return 0.0;
	if (x == HUGE_VAL)
		return DBL_MAX;
	return x;
}

static void softmax(enum oc_np_kernel kern, const double *raw, size_t K, double *proba)
{
	double tmp[OC_MAX_CLASSES];
	double lse = logsumexp(kern, raw, K, tmp);
	for (size_t k = 0; k < K; k++)
		proba[k] = nan_to_num(oc_np_exp(kern, raw[k] - lse));
}

/* BinomialDeviance.get_init_raw_predictions on DummyClassifier("prior"):
 * np.log, so numpy's log for the CPU in question (nplogexp.h). */
static double prior_log_odds(size_t n1, size_t n, enum oc_numpy_simd simd)
{
	const double eps = 0x1p-23;     /* np.finfo(np.float32).eps */
	double p = (double)n1 / ((double)(n - n1) + (double)n1);
	if (p < eps)
		p = eps;
	if (p > 1.0 - eps)
		p = 1.0 - eps;
	return oc_np_log(oc_np_kernel_for(simd), p / (1.0 - p));
}

/* What one tree's fit writes: its residuals, the Newton step's sums and
 * its rows' leaves (one per worker thread). */
struct gb_slot {
	double *y, *r, *num, *den;
	size_t *leaf_of, *order;
};

struct gb_work {
	float *xcol;
	uint32_t *presort;      /* rows sorted by each feature, for every tree */
	struct oc_tree_memo *memo;  /* the roots' sorts, shared by the stages */
	double *w, *raw;
	double *raw_k, *lse;    /* K > 2: n * K raw predictions, n logsumexps */
	double *imp_sum;
	struct gb_slot *slot;   /* n_slots: one per part of team */
	size_t n_slots;
	struct oc_team *team;   /* K > 2 with --jobs > 1: a stage's workers */
	struct oc_tree *stage;  /* K > 2: the stage's K trees, */
	double *stage_imp;      /* their importances (K * n_features) */
};

static int gb_slot_alloc(struct gb_slot *s, size_t n)
{
	s->y = malloc(n * sizeof *s->y);
	s->r = malloc(n * sizeof *s->r);
	s->num = malloc(n * sizeof *s->num);
	s->den = malloc(n * sizeof *s->den);
	s->leaf_of = malloc(n * sizeof *s->leaf_of);
	s->order = malloc(n * sizeof *s->order);
	return s->y && s->r && s->num && s->den && s->leaf_of && s->order ? 0 : -1;
}

static void gb_work_free(struct gb_work *k)
{
	oc_team_free(k->team);
	free(k->xcol);
	free(k->presort);
	oc_tree_memo_free(k->memo);
	free(k->w);
	free(k->raw);
	free(k->imp_sum);
	free(k->raw_k);
	free(k->lse);
	for (size_t i = 0; k->slot && i < k->n_slots; i++) {
		struct gb_slot *s = &k->slot[i];
		free(s->y);
		free(s->r);
		free(s->num);
		free(s->den);
		free(s->leaf_of);
		free(s->order);
	}
	free(k->slot);
	free(k->stage);
	free(k->stage_imp);
}

/* _update_terminal_regions: Newton step per leaf (the numerator times
 * factor), then raw[i * stride] += lr * value for every row i */
static int gb_newton_leaves(struct oc_tree *t, const float *xcol, struct gb_slot *k, size_t n,
                            double lr, double factor, double *raw, size_t stride)
{
	size_t nn = t->n_nodes;
	size_t *start = calloc(nn + 1, sizeof *start);
	if (!start)
		return -1;
	for (size_t i = 0; i < n; i++) {
		k->leaf_of[i] = oc_tree_apply_col(t->nodes, xcol, n, i);
		start[k->leaf_of[i] + 1]++;
	}
	for (size_t j = 0; j < nn; j++)
		start[j + 1] += start[j];
	/* bucket the rows by leaf, each bucket in ascending row order */
	for (size_t i = 0; i < n; i++)
		k->order[start[k->leaf_of[i]]++] = i;
	for (size_t j = nn; j > 0; j--)
		start[j] = start[j - 1];
	start[0] = 0;

	for (size_t j = 0; j < nn; j++) {
		if (t->nodes[j].left != OC_TREE_LEAF)
			continue;
		size_t a = start[j], m = start[j + 1] - a;
		for (size_t q = 0; q < m; q++) {
			size_t i = k->order[a + q];
			double y = k->y[i], r = k->r[i];
			k->num[q] = 1.0 * r;
			k->den[q] = 1.0 * (y - r) * (1.0 - y + r);
		}
		double num = oc_npsum(k->num, m), den = oc_npsum(k->den, m);
		if (factor != 1.0)
			num *= factor;
		t->value[j] = fabs(den) < 1e-150 ? 0.0 : num / den;
	}
	for (size_t i = 0; i < n; i++)
		raw[i * stride] += lr * t->value[k->leaf_of[i]];
	free(start);
	return 0;
}

/* MultinomialDeviance.get_init_raw_predictions on DummyClassifier("prior"):
 * log of the class priors count/n, clipped to [eps, 1-eps] */
static void prior_log_probs(enum oc_np_kernel kern, const size_t *counts, size_t K, size_t n,
                            double *init)
{
	const double eps = 0x1p-23;     /* np.finfo(np.float32).eps */
	for (size_t k = 0; k < K; k++) {
		double p = (double)counts[k] / (double)n;
		if (p < eps)
			p = eps;
		if (p > 1.0 - eps)
			p = 1.0 - eps;
		init[k] = oc_np_log(kern, p);
	}
}

/* One tree of a stage, for class c (K > 2) or the only one (K = 2): fits
 * the residuals s->r, sets its leaves, updates the raw predictions (raw[i *
 * stride]) and, for a tree that split, its importances in imp. */
static int gb_grow(const struct gb_work *k, struct gb_slot *s, size_t n, size_t nf,
                   const struct oc_model_params *p, uint32_t seed, double factor, double *raw,
                   size_t stride, struct oc_tree *tree, double *imp)
{
	struct oc_tree_data data = { k->xcol, n, nf, s->r, k->w, 0, k->presort, k->memo };
	struct oc_tree_params tp = {
		.criterion = OC_TREE_FRIEDMAN_MSE,
		.max_features = nf,
		.max_depth = p->gb_max_depth,
		.seed = seed,
	};
	memset(tree, 0, sizeof *tree);
	if (oc_tree_build(&data, &tp, tree) < 0)
		return -1;
	if (gb_newton_leaves(tree, k->xcol, s, n, p->gb_learning_rate, factor, raw, stride) < 0) {
		oc_tree_free(tree);
		return -1;
	}
	if (tree->n_nodes > 1)
		oc_tree_importances(tree, nf, 0, imp);
	return 0;
}

/* Adds a grown tree to the model, in stage order: numpy's axis-0 mean of
 * feature_importances_ adds the trees that split, one after the other. */
static int gb_keep(struct gb_model *gb, struct gb_work *k, struct oc_tree *tree,
                   const double *imp, size_t nf, size_t *used)
{
	int rc = 0;
	if (tree->n_nodes > 1) {
		for (size_t f = 0; f < nf; f++)
			k->imp_sum[f] += imp[f];
		(*used)++;
	}
	if (oc_forest_append(&gb->trees, tree) < 0)
		rc = -1;
	oc_tree_free(tree);
	return rc;
}

/* One multinomial stage: its K trees are independent of each other (each
 * fits its class's residuals at the stage's start and moves only its own
 * column of raw), so they grow on the worker threads, each from the seed
 * drawn for it in class order. */
struct gb_stage {
	struct gb_work *k;
	const struct oc_dataset *ds;
	const struct oc_model_params *p;
	enum oc_np_kernel kern;
	size_t n, nf, K;
	double factor;
	uint32_t seed[OC_MAX_CLASSES];
	atomic_size_t next;
	atomic_int failed;
};

/* Part `part` of a stage on the team: slot `part`'s buffers, the classes
 * taken one at a time from the stage's counter. */
static void gb_stage_part(void *arg, int part, int n_parts)
{
	struct gb_stage *st = arg;
	struct gb_work *k = st->k;
	struct gb_slot *s = &k->slot[part];
	const size_t n = st->n, K = st->K;
	size_t c;
	(void)n_parts;
	while (!atomic_load(&st->failed) && (c = atomic_fetch_add(&st->next, 1)) < K) {
		for (size_t i = 0; i < n; i++) {
			s->y[i] = st->ds->y[i] == c;
			s->r[i] = s->y[i] - nan_to_num(oc_np_exp(st->kern, k->raw_k[i * K + c] -
			                                                     k->lse[i]));
		}
		if (gb_grow(k, s, n, st->nf, st->p, st->seed[c], st->factor, k->raw + c, K,
		            &k->stage[c], k->stage_imp + c * st->nf) < 0)
			atomic_store(&st->failed, 1);
	}
}

/* Grows the stage's K trees on the team (the caller's thread among its
 * parts; one slot per part); 0, or -1 when out of memory (every tree of
 * the stage freed). */
static int gb_stage_grow(struct gb_stage *st, struct oc_team *team)
{
	struct gb_work *k = st->k;
	atomic_init(&st->next, 0);
	atomic_init(&st->failed, 0);
	memset(k->stage, 0, st->K * sizeof *k->stage);
	oc_team_run(team, gb_stage_part, st);
	if (atomic_load(&st->failed)) {
		for (size_t c = 0; c < st->K; c++)
			oc_tree_free(&k->stage[c]);
		return -1;
	}
	return 0;
}

static void *gb_fit(const struct oc_dataset *ds, const struct oc_model_params *p,
                    const struct oc_fit_ctx *ctx, struct oc_err *err)
{
	size_t n = ds->n_rows, nf = ds->n_features, K = ds->n_classes;
	size_t counts[OC_MAX_CLASSES];
	if (n < 1 || nf < 1) {
		oc_err_set(err, OC_EDATA, "gradient boosting: the training set is empty");
		return NULL;
	}
	if (K < 2 || K > OC_MAX_CLASSES) {
		oc_err_set(err, OC_EDATA, "gradient boosting: %zu classes; 2 to %d are supported", K,
		           OC_MAX_CLASSES);
		return NULL;
	}
	oc_dataset_class_counts(ds, counts);
	for (size_t c = 0; c < K; c++)
		if (counts[c] == n) {
			oc_err_set(err, OC_EDATA, "gradient boosting: the training set holds only class '%s'",
			           ds->class_names[c] ? ds->class_names[c] : "?");
			return NULL;
		}

	struct gb_model *gb = calloc(1, sizeof *gb);
	struct gb_work k = { 0 };
	size_t used = 0;
	int status = OC_EINTERNAL;

	if (gb) {
		oc_forest_init(&gb->trees, 1);
		gb->trees.keep_cover = 1;       /* for explanations */
	}
	k.xcol = oc_tree_xcol(ds->x, n, nf);
	if (k.xcol)
		k.presort = oc_tree_presort(k.xcol, n, nf);   /* NULL: trees sort alone */
	k.memo = oc_tree_memo_new(n, nf);                 /* NULL: no memo */
	k.w = malloc(n * sizeof *k.w);
	k.raw = malloc(n * K * sizeof *k.raw);
	k.imp_sum = calloc(nf, sizeof *k.imp_sum);
	/* K > 2: a slot per worker thread, at most one per class */
	k.n_slots = K == 2 ? 1 : (size_t)ctx->n_jobs < K ? (size_t)ctx->n_jobs : K;
	if (k.n_slots > 1)
		k.team = oc_team_new((int)k.n_slots);     /* NULL: the caller alone */
	k.n_slots = (size_t)oc_team_parts(k.team);
	k.slot = calloc(k.n_slots, sizeof *k.slot);
	k.stage = calloc(gb_tpc(K), sizeof *k.stage);
	k.stage_imp = malloc(gb_tpc(K) * nf * sizeof *k.stage_imp);
	if (K > 2) {
		k.raw_k = malloc(n * K * sizeof *k.raw_k);
		k.lse = malloc(n * sizeof *k.lse);
	}
	if (!gb || !k.xcol || !k.w || !k.raw || !k.imp_sum || !k.slot || !k.stage ||
	    !k.stage_imp || (K > 2 && (!k.raw_k || !k.lse)))
		goto out;
	for (size_t i = 0; i < k.n_slots; i++)
		if (gb_slot_alloc(&k.slot[i], n) < 0)
			goto out;
	gb->n_features = nf;
	gb->n_classes = K;
	gb->learning_rate = p->gb_learning_rate;
	gb->kern = oc_np_kernel_for(p->numpy_simd);
	if (K == 2)
		gb->init[0] = prior_log_odds(counts[1], n, p->numpy_simd);
	else
		prior_log_probs(gb->kern, counts, K, n, gb->init);
	gb->importances = calloc(nf, sizeof *gb->importances);
	if (!gb->importances)
		goto out;
	for (size_t i = 0; i < n; i++) {
		k.slot[0].y[i] = ds->y[i];
		k.w[i] = 1.0;
		if (K == 2)
			k.raw[i] = gb->init[0];
		else
			memcpy(k.raw + i * K, gb->init, K * sizeof *k.raw);
	}

	struct oc_rng rng;
	oc_rng_seed(&rng, (uint32_t)p->gb_seed);
	/* _fit_stage's (K-1)/K, a Python float division */
	const double factor = K == 2 ? 1.0 : (double)(K - 1) / (double)K;
	struct gb_stage stage = {
		.k = &k, .ds = ds, .p = p, .kern = gb->kern, .n = n, .nf = nf, .K = K,
		.factor = factor,
	};
	for (long m = 0; m < p->gb_n_estimators; m++) {
		if (ctx->cancel && *ctx->cancel) {
			status = OC_ECANCELED;
			goto out;
		}
		if (K == 2) {
			struct gb_slot *s = &k.slot[0];
			for (size_t i = 0; i < n; i++)
				s->r[i] = s->y[i] - expit(k.raw[i]);
			uint32_t seed = (uint32_t)oc_rng_randint(&rng, 0, 0x7FFFFFFF);
			if (gb_grow(&k, s, n, nf, p, seed, factor, k.raw, 1, &k.stage[0],
			            k.stage_imp) < 0 ||
			    gb_keep(gb, &k, &k.stage[0], k.stage_imp, nf, &used) < 0)
				goto out;
		} else {
			/* the gradients of all K trees are taken at the stage's start */
			double tmp[OC_MAX_CLASSES];
			memcpy(k.raw_k, k.raw, n * K * sizeof *k.raw);
			for (size_t i = 0; i < n; i++)
				k.lse[i] = logsumexp(gb->kern, k.raw_k + i * K, K, tmp);
			for (size_t c = 0; c < K; c++)
				stage.seed[c] = (uint32_t)oc_rng_randint(&rng, 0, 0x7FFFFFFF);
			if (gb_stage_grow(&stage, k.team) < 0)
				goto out;
			for (size_t c = 0; c < K; c++)
				if (gb_keep(gb, &k, &k.stage[c], k.stage_imp + c * nf, nf, &used) < 0) {
					while (++c < K)
						oc_tree_free(&k.stage[c]);
					goto out;
				}
		}
		/* stop as soon as the file is known to pass the limit */
		if (ctx->max_file_bytes &&
		    gb->trees.n_nodes > ctx->max_file_bytes / OC_MODEL_NODE_MIN_BYTES) {
			status = OC_ECANTCREAT;
			oc_err_set(err, OC_ECANTCREAT, "gradient boosting: the model file would be "
			           "larger than %zu MiB after %ld of the %ld stages "
			           "([gradient_boosting] n_estimators, max_depth); train fewer stages, "
			           "shallower trees or on fewer rows", ctx->max_file_bytes >> 20, m + 1,
			           p->gb_n_estimators);
			goto out;
		}
	}
	if (used) {
		for (size_t f = 0; f < nf; f++)
			gb->importances[f] = k.imp_sum[f] / (double)used;
		double z = oc_npsum(gb->importances, nf);
		if (z > 0.0)
			for (size_t f = 0; f < nf; f++)
				gb->importances[f] /= z;
	}
	status = OC_OK;
out:
	gb_work_free(&k);
	if (status != OC_OK) {
		gb_free(gb);
		if (status == OC_ECANCELED)
			oc_err_set(err, OC_ECANCELED, "gradient boosting: training interrupted");
		else if (status != OC_ECANTCREAT)
			oc_err_set(err, OC_EINTERNAL, "gradient boosting: out of memory");
		return NULL;
	}
	if (gb_pack(gb) < 0) {
		gb_free(gb);
		oc_err_set(err, OC_EINTERNAL, "gradient boosting: out of memory");
		return NULL;
	}
	return gb;
}

/* predict_stages: raw[k] = F0[k], then += lr * value of each tree of class
 * k, stage by stage (tree t belongs to class t mod the trees per stage) */
/* raw from the leaf of every tree (predict_stages' sums, in stage order) */
static void gb_raw_leaves(const struct gb_model *gb, const uint32_t *leaf, double *raw)
{
	const struct oc_forest *f = &gb->trees;
	const size_t tpc = gb_tpc(gb->n_classes);
	memcpy(raw, gb->init, tpc * sizeof *raw);
	if (tpc == 1) {
		double r = raw[0];
		for (size_t t = 0; t < f->n_trees; t++)
			r += gb->learning_rate * f->value[leaf[t]];
		raw[0] = r;
		return;
	}
	for (size_t t = 0; t < f->n_trees; t++)
		raw[t % tpc] += gb->learning_rate * f->value[leaf[t]];
}

/* 1 when rows take the float32 walk of oc_forest_leaves_f */
static int gb_float_walk(const struct gb_model *gb)
{
	return gb->n_features <= GB_FLOAT_ROW && gb->trees.n_trees <= GB_LEAF_BUF &&
	       gb->trees.fnodes;
}

static void gb_raw(const struct gb_model *gb, const double *row, double *raw)
{
	const struct oc_forest *f = &gb->trees;
	const size_t tpc = gb_tpc(gb->n_classes);
	if (gb_float_walk(gb)) {
		float xf[GB_FLOAT_ROW];
		uint32_t leaf[GB_LEAF_BUF];
		for (size_t j = 0; j < gb->n_features; j++)
			xf[j] = (float)row[j];
		oc_forest_leaves_f(f, xf, leaf);
		gb_raw_leaves(gb, leaf, raw);
		return;
	}
	memcpy(raw, gb->init, tpc * sizeof *raw);
	for (size_t t = 0; t < f->n_trees; t++)
		raw[t % tpc] += gb->learning_rate * f->value[oc_forest_leaf(f, t, row)];
}

/* predict_proba from the raw predictions; returns the class */
static int gb_proba_of_raw(const struct gb_model *gb, const double *raw, double *proba)
{
	if (gb->n_classes == 2) {
		proba[1] = expit(raw[0]);
		proba[0] = 1.0 - proba[1];
	} else {
		softmax(gb->kern, raw, gb->n_classes, proba);
	}
	return oc_argmax(proba, gb->n_classes);
}

static int gb_score(const void *m, const double *row, double *proba)
{
	const struct gb_model *gb = m;
	double raw[OC_MAX_CLASSES];
	gb_raw(gb, row, raw);
	return gb_proba_of_raw(gb, raw, proba);
}

/* Two classes with small trees on AVX-512: 16 rows at a time by
 * QuickScorer (gb_pack); else rows two at a time through
 * oc_forest_leaves_f2 (twice the walks in flight); each row's sums as
 * gb_score makes them. */
static void gb_score_rows(const void *m, const double *rows, size_t n, int *cls, double *proba)
{
	const struct gb_model *gb = m;
	const size_t d = gb->n_features, K = gb->n_classes;
	size_t i = 0;
	if (gb->qs.simd) {
		double raw[OC_QS_ROWS];
		for (; i + OC_QS_ROWS <= n; i += OC_QS_ROWS) {
			oc_qs_sum16(&gb->qs, rows + i * d, gb->init, raw, NULL);
			for (size_t r = 0; r < OC_QS_ROWS; r++)
				cls[i + r] = gb_proba_of_raw(gb, raw + r, proba + K * (i + r));
		}
	}
	if (gb_float_walk(gb)) {
		float xa[GB_FLOAT_ROW], xb[GB_FLOAT_ROW];
		uint32_t la[GB_LEAF_BUF], lb[GB_LEAF_BUF];
		double raw[OC_MAX_CLASSES];
		for (; i + 2 <= n; i += 2) {
			const double *ra = rows + i * d, *rb = ra + d;
			for (size_t j = 0; j < d; j++) {
				xa[j] = (float)ra[j];
				xb[j] = (float)rb[j];
			}
			oc_forest_leaves_f2(&gb->trees, xa, xb, la, lb);
			gb_raw_leaves(gb, la, raw);
			cls[i] = gb_proba_of_raw(gb, raw, proba + K * i);
			gb_raw_leaves(gb, lb, raw);
			cls[i + 1] = gb_proba_of_raw(gb, raw, proba + K * (i + 1));
		}
	}
	if (i < n)
		oc_model_rows_each(m, d, K, rows + i * d, n - i, cls + i, proba + K * i, gb_score);
}

static size_t gb_n_classes(const void *m)
{
	return ((const struct gb_model *)m)->n_classes;
}

static int gb_importances(const void *m, double *out)
{
	const struct gb_model *gb = m;
	memcpy(out, gb->importances, gb->n_features * sizeof *out);
	return 1;
}

static int gb_save(const void *m, struct oc_mwriter *w, struct oc_err *err)
{
	const struct gb_model *gb = m;
	const size_t tpc = gb_tpc(gb->n_classes);
	if (tpc == 1)
		oc_mw_double(w, "gb_init", gb->init[0]);
	else
		oc_mw_doubles(w, "gb_init", gb->init, tpc);
	if (tpc > 1)
		oc_mw_printf(w, "gb_np_kernel %s\n", oc_np_kernel_names[gb->kern]);
	oc_mw_double(w, "gb_learning_rate", gb->learning_rate);
	oc_mw_long(w, "gb_stages", (long)(gb->trees.n_trees / tpc));
	oc_mw_doubles(w, "gb_importances", gb->importances, gb->n_features);
	for (size_t t = 0; t < gb->trees.n_trees; t++) {
		oc_forest_save_tree(&gb->trees, t, "gb_tree", w);
		if (gb->trees.cover)
			oc_forest_save_cover(&gb->trees, t, "gb_cover", w);
	}
	if (w->failed)
		return oc_err_set(err, OC_EINTERNAL, "gradient boosting: out of memory while saving");
	return OC_OK;
}

static void *gb_load(struct oc_mreader *r, size_t n_features, size_t n_classes,
                     struct oc_err *err)
{
	struct gb_model *gb = calloc(1, sizeof *gb);
	size_t max_depth, max_nodes;
	double bound;
	long n_stages;
	if (!gb) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		return NULL;
	}
	oc_forest_init(&gb->trees, 1);
	gb->n_features = n_features;
	gb->n_classes = n_classes;
	const size_t tpc = gb_tpc(n_classes);
	gb->importances = malloc((n_features ? n_features : 1) * sizeof *gb->importances);
	if (!gb->importances) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	if (n_features < 1) {
		oc_mr_error(r, err, "gradient boosting needs at least one feature");
		goto fail;
	}
	if (n_classes < 2 || n_classes > OC_MAX_CLASSES) {
		oc_mr_error(r, err, "gradient boosting: %zu classes; 2 to %d are supported",
		            n_classes, OC_MAX_CLASSES);
		goto fail;
	}
	if (tpc == 1 ? oc_mr_double(r, "gb_init", &gb->init[0], err)
	             : oc_mr_doubles(r, "gb_init", gb->init, tpc, err))
		goto fail;
	if (tpc > 1) {
		int k = 0;
		if (oc_mr_line(r, "gb_np_kernel", 1, err))
			goto fail;
		while (k < OC_NP_KERNEL_COUNT && strcmp(r->tok[1], oc_np_kernel_names[k]) != 0)
			k++;
		if (k == OC_NP_KERNEL_COUNT) {
			oc_mr_error(r, err, "gb_np_kernel: unknown '%.32s' (libm, avx512f or avx512_skx)",
			            r->tok[1]);
			goto fail;
		}
		gb->kern = (enum oc_np_kernel)k;
	}
	if (oc_mr_double(r, "gb_learning_rate", &gb->learning_rate, err))
		goto fail;
	if (!oc_setting_in_range(&gb_params[GB_P_LEARNING_RATE], gb->learning_rate)) {
		oc_mr_error(r, err, "gb_learning_rate must be positive");
		goto fail;
	}
	if (oc_mr_long(r, "gb_stages", 1, (long)gb_params[GB_P_N_ESTIMATORS].max, &n_stages, err) ||
	    oc_mr_doubles(r, "gb_importances", gb->importances, n_features, err))
		goto fail;
	/* Any finite value: importances are sums of impurity decreases, and
	 * scikit-learn's (which fit reproduces bit for bit) can round to a
	 * tiny negative number such as -2.36e-17. */
	/* Training limits, from the hyperparameter table: trees at most
	 * max_depth's largest value deep, and no more nodes than such a tree
	 * or the training rows (2n - 1) allow, so a forged chain of nodes
	 * cannot make scoring slow. */
	max_depth = (size_t)gb_params[GB_P_MAX_DEPTH].max;
	max_nodes = (size_t)1 << 24;
	if (max_depth < 23)
		max_nodes = ((size_t)2 << max_depth) - 1;
	if (r->n_train && 2 * r->n_train - 1 < max_nodes)
		max_nodes = 2 * r->n_train - 1;
	bound = 0.0;
	for (size_t c = 0; c < tpc; c++)
		if (fabs(gb->init[c]) > bound)
			bound = fabs(gb->init[c]);
	for (long t = 0; t < n_stages * (long)tpc; t++) {
		char next[16];
		double big = 0.0;
		size_t first = gb->trees.n_nodes;
		if (oc_forest_load_tree(&gb->trees, "gb_tree", n_features, max_nodes, max_depth, r,
		                        err))
			goto fail;
		for (size_t i = first; i < gb->trees.n_nodes; i++)
			if (fabs(gb->trees.value[i]) > big)
				big = fabs(gb->trees.value[i]);
		bound += gb->learning_rate * big;
		/* Node covers (for explanations) since format 1.1, after every tree
		 * or after none: a model read from a 1.0 file is written without. */
		int has = oc_mr_peek(r, next, sizeof next) && strcmp(next, "gb_cover") == 0;
		if (t == 0 && has && r->minor >= 1 && oc_forest_keep_cover(&gb->trees) < 0) {
			oc_err_set(err, OC_EINTERNAL, "out of memory");
			goto fail;
		}
		if (has != gb->trees.keep_cover) {
			r->line++;
			oc_mr_error(r, err, has ? "gb_cover: not expected here" : "expected 'gb_cover'");
			goto fail;
		}
		if (has && oc_forest_load_cover(&gb->trees, "gb_cover", r, err))
			goto fail;
	}
	if (gb_pack(gb) < 0) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		goto fail;
	}
	return gb;
fail:
	gb_free(gb);
	return NULL;
}

/* Path-dependent TreeSHAP of the raw score decision_function gives: for
 * K = 2 the log-odds init + lr * sum(trees) of the second class (the
 * first's are their negatives), for K > 2 class k's column init_k + lr *
 * sum of its trees (tree m*K + k of stage m). */
static int gb_explain(const void *m, const double *row, const struct oc_explain_in *in,
                      double *phi, double *base, struct oc_err *err)
{
	const struct gb_model *gb = m;
	const struct oc_forest *f = &gb->trees;
	const size_t tpc = gb_tpc(gb->n_classes), k = tpc == 1 ? 0 : (size_t)in->cls;
	struct oc_shap_work w = { 0 };
	double e = 0.0;
	if (in->cls < 0 || (size_t)in->cls >= gb->n_classes)
		return oc_err_set(err, OC_EINTERNAL, "gradient boosting: no class %d to explain",
		                  in->cls);
	if (!f->cover)
		return oc_err_set(err, OC_EDATA, "gradient boosting: the model file predates "
		                  "explanations (format 1.0 stores no node covers); retrain");
	memset(phi, 0, gb->n_features * sizeof *phi);
	for (size_t t = k; t < f->n_trees; t += tpc) {
		size_t a = f->root[t], b = t + 1 < f->n_trees ? f->root[t + 1] : f->n_nodes;
		struct oc_shap_tree st = {
			.nodes = f->nodes + a, .n_nodes = b - a, .value = f->value + a, .stride = 1,
			.cover = f->cover + a, .cover_stride = 1,
			.depth = f->depth ? f->depth[t] : 0,
		};
		double et = oc_treeshap(&st, row, gb->learning_rate, phi, &w);
		if (et != et) {
			oc_shap_work_free(&w);
			return oc_err_set(err, OC_EINTERNAL, "out of memory");
		}
		e += gb->learning_rate * et;
	}
	oc_shap_work_free(&w);
	*base = gb->init[k] + e;
	if (tpc == 1 && in->cls == 0) {
		for (size_t j = 0; j < gb->n_features; j++)
			phi[j] = -phi[j];
		*base = -*base;
	}
	return OC_OK;
}

/* K > 2: a stage's K trees grow on the fit's threads */
static bool gb_fits_beside(const struct oc_dataset *train)
{
	return train->n_classes == 2;
}

/* decision_function of one row: K raw scores, or one (the log-odds of the
 * second class) for two classes. */
void oc_gb_decision(const void *m, const double *row, double *raw)
{
	gb_raw(m, row, raw);
}

const struct oc_model_ops oc_gb_ops = {
	.key = "gb", .title = "Gradient Boosting", .params = gb_params, .n_params = GB_P_COUNT,
	.fit = gb_fit, .fits_beside = gb_fits_beside, .n_classes = gb_n_classes,
	.score_rows = gb_score_rows, .importances = gb_importances, .explain = gb_explain,
	.explain_output = "log-odds", .explain_output_multi = "raw score", .save = gb_save,
	.load = gb_load, .free = gb_free,
};
