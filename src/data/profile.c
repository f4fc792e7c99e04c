/* SPDX-License-Identifier: MIT */
/* profile.c - the training profile (see profile.h). */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/npsum.h"
#include "data/profile.h"
#include "data/split.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* np.percentile(sorted, q) with the default "linear" method as numpy 1.24
 * computes it (lib/function_base.py: _quantile, _compute_virtual_index,
 * _lerp): virtual index n*q + (1 - q) - 1 with q = pct / 100, and the
 * interpolation taken from the upper neighbour when its weight >= 0.5. */
static double percentile(const double *sorted, size_t n, double pct)
{
	double q = pct / 100.0;
	double v = (double)n * q + (1.0 + q * (1.0 - 1.0 - 1.0)) - 1.0;
	double lo = floor(v), t = v - lo;
	size_t i = lo < 0.0 ? 0 : (size_t)lo;
	size_t j = i + 1 < n ? i + 1 : n - 1;
	if (i > n - 1)
		i = n - 1;
	double a = sorted[i], b = sorted[j], d = b - a;
	return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

size_t oc_profile_bin(const struct oc_feature_profile *f, double x)
{
	size_t k = 0;
	while (k < OC_PROFILE_BINS - 1 && x > f->edge[k])
		k++;
	return k;
}

double oc_profile_psi(const struct oc_feature_profile *f, const double got[OC_PROFILE_BINS])
{
	double psi = 0.0;
	for (size_t k = 0; k < OC_PROFILE_BINS; k++) {
		double a = got[k] > OC_PROFILE_PSI_FLOOR ? got[k] : OC_PROFILE_PSI_FLOOR;
		double e = f->frac[k] > OC_PROFILE_PSI_FLOOR ? f->frac[k] : OC_PROFILE_PSI_FLOOR;
		psi += (a - e) * log(a / e);
	}
	return psi;
}

void oc_profile_free(struct oc_profile **pp)
{
	if (!pp || !*pp)
		return;
	free((*pp)->f);
	free((*pp)->background);
	free(*pp);
	*pp = NULL;
}

static struct oc_profile *profile_new(size_t nf, size_t nbg)
{
	struct oc_profile *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->n_features = nf;
	p->n_background = nbg;
	p->f = calloc(nf ? nf : 1, sizeof *p->f);
	size_t nv = nbg * nf;
	p->background = malloc((nv ? nv : 1) * sizeof *p->background);
	if (!p->f || !p->background)
		oc_profile_free(&p);
	return p;
}

/* The rows of the background sample (see profile.h); *idx malloc'd. */
static size_t background_rows(const struct oc_dataset *train, uint32_t seed, size_t **idx)
{
	size_t n = train->n_rows;
	struct oc_err e;
	oc_err_clear(&e);
	if (n > OC_PROFILE_MAX_BACKGROUND &&
	    oc_split_sample(train, OC_PROFILE_MAX_BACKGROUND, seed, idx, &e) == OC_OK)
		return OC_PROFILE_MAX_BACKGROUND;
	/* At most 100 rows, or a class too small for a stratified draw: the
	 * first rows, in training order. */
	size_t k = n < OC_PROFILE_MAX_BACKGROUND ? n : OC_PROFILE_MAX_BACKGROUND;
	*idx = malloc((k ? k : 1) * sizeof **idx);
	if (!*idx)
		return 0;
	for (size_t i = 0; i < k; i++)
		(*idx)[i] = i;
	return k;
}

struct oc_profile *oc_profile_compute(const struct oc_dataset *train, uint32_t seed,
                                      struct oc_err *err)
{
	size_t n = train->n_rows, nf = train->n_features, *idx = NULL;
	size_t nbg = background_rows(train, seed, &idx);
	struct oc_profile *p = idx ? profile_new(nf, nbg) : NULL;
	double *col = malloc((n ? n : 1) * sizeof *col);
	if (!p || !col || n == 0) {
		free(idx);
		free(col);
		oc_profile_free(&p);
		oc_err_set(err, n ? OC_EINTERNAL : OC_EDATA,
		           n ? "out of memory for the training profile" : "no training rows");
		return NULL;
	}
	p->n_rows = n;
	for (size_t b = 0; b < nbg; b++)
		memcpy(p->background + b * nf, oc_dataset_row(train, idx[b]), nf * sizeof(double));
	free(idx);
	for (size_t j = 0; j < nf; j++) {
		struct oc_feature_profile *f = &p->f[j];
		for (size_t i = 0; i < n; i++)
			col[i] = train->x[i * nf + j];
		/* np.mean and np.std (ddof 0): pairwise sums, as numpy adds */
		f->mean = oc_npsum(col, n) / (double)n;
		for (size_t i = 0; i < n; i++)
			col[i] = (col[i] - f->mean) * (col[i] - f->mean);
		f->std = sqrt(oc_npsum(col, n) / (double)n);
		for (size_t i = 0; i < n; i++)
			col[i] = train->x[i * nf + j];
		qsort(col, n, sizeof *col, cmp_double);
		f->min = col[0];
		f->max = col[n - 1];
		for (size_t k = 0; k < OC_PROFILE_BINS - 1; k++)
			f->edge[k] = percentile(col, n, (double)(10 * (k + 1)));
		size_t cnt[OC_PROFILE_BINS] = { 0 };
		for (size_t i = 0; i < n; i++)
			cnt[oc_profile_bin(f, col[i])]++;
		for (size_t k = 0; k < OC_PROFILE_BINS; k++)
			f->frac[k] = (double)cnt[k] / (double)n;
	}
	free(col);
	return p;
}

void oc_profile_save(const struct oc_profile *p, struct oc_mwriter *w)
{
	oc_mw_printf(w, "profile %zu %zu\n", p->n_rows, p->n_background);
	for (size_t j = 0; j < p->n_features; j++) {
		const struct oc_feature_profile *f = &p->f[j];
		double v[4 + 2 * OC_PROFILE_BINS - 1] = { f->min, f->max, f->mean, f->std };
		memcpy(v + 4, f->edge, sizeof f->edge);
		memcpy(v + 4 + OC_PROFILE_BINS - 1, f->frac, sizeof f->frac);
		oc_mw_doubles(w, "fprofile", v, sizeof v / sizeof v[0]);
	}
	for (size_t b = 0; b < p->n_background; b++)
		oc_mw_doubles(w, "background", p->background + b * p->n_features, p->n_features);
}

struct oc_profile *oc_profile_load(struct oc_mreader *r, size_t n_features, struct oc_err *err)
{
	long rows, nbg;
	if (oc_mr_line(r, "profile", 2, err) ||
	    oc_mr_get_long(r, 1, 1, LONG_MAX, &rows, err) ||
	    oc_mr_get_long(r, 2, 0, OC_PROFILE_MAX_BACKGROUND, &nbg, err))
		return NULL;
	if (nbg > rows) {
		oc_mr_error(r, err, "'profile': %ld background rows out of %ld", nbg, rows);
		return NULL;
	}
	struct oc_profile *p = profile_new(n_features, (size_t)nbg);
	if (!p) {
		oc_err_set(err, OC_EINTERNAL, "out of memory");
		return NULL;
	}
	p->n_rows = (size_t)rows;
	for (size_t j = 0; j < n_features; j++) {
		struct oc_feature_profile *f = &p->f[j];
		double v[4 + 2 * OC_PROFILE_BINS - 1], sum = 0.0;
		if (oc_mr_doubles(r, "fprofile", v, sizeof v / sizeof v[0], err))
			goto fail;
		f->min = v[0];
		f->max = v[1];
		f->mean = v[2];
		f->std = v[3];
		memcpy(f->edge, v + 4, sizeof f->edge);
		memcpy(f->frac, v + 4 + OC_PROFILE_BINS - 1, sizeof f->frac);
		/* the mean of rounded values may stray past a bound by rounding */
		if (!(f->min <= f->max) || !(f->mean >= f->min - 1e-9 * fabs(f->min)) ||
		    !(f->mean <= f->max + 1e-9 * fabs(f->max)) || !(f->std >= 0.0)) {
			oc_mr_error(r, err, "'fprofile': need min <= mean <= max and std >= 0");
			goto fail;
		}
		for (size_t k = 0; k < OC_PROFILE_BINS - 1; k++)
			if (!(f->edge[k] >= (k ? f->edge[k - 1] : f->min)) || !(f->edge[k] <= f->max)) {
				oc_mr_error(r, err, "'fprofile': decile edges out of order");
				goto fail;
			}
		for (size_t k = 0; k < OC_PROFILE_BINS; k++) {
			if (!(f->frac[k] >= 0.0 && f->frac[k] <= 1.0)) {
				oc_mr_error(r, err, "'fprofile': bin share outside [0, 1]");
				goto fail;
			}
			sum += f->frac[k];
		}
		if (fabs(sum - 1.0) > 1e-9) {
			oc_mr_error(r, err, "'fprofile': bin shares add up to %.17g, not 1", sum);
			goto fail;
		}
	}
	for (size_t b = 0; b < p->n_background; b++)
		if (oc_mr_doubles(r, "background", p->background + b * n_features, n_features, err))
			goto fail;
	return p;
fail:
	oc_profile_free(&p);
	return NULL;
}
