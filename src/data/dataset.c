/* SPDX-License-Identifier: MIT */
/* dataset.c - data set allocation and subsets (see dataset.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "data/dataset.h"

struct oc_dataset *oc_dataset_new(size_t n_rows, size_t n_features)
{
	struct oc_dataset *ds = calloc(1, sizeof *ds);
	if (!ds)
		return NULL;
	ds->n_rows = n_rows;
	ds->n_features = n_features;
	ds->n_classes = 2;
	if (n_features && n_rows > ((size_t)-1) / sizeof(double) / n_features)
		goto fail;
	ds->feature_names = calloc(n_features ? n_features : 1, sizeof *ds->feature_names);
	ds->x = calloc((n_rows && n_features) ? n_rows * n_features : 1, sizeof *ds->x);
	ds->y = calloc(n_rows ? n_rows : 1, 1);
	ds->fmin = calloc(n_features ? n_features : 1, sizeof *ds->fmin);
	ds->fmax = calloc(n_features ? n_features : 1, sizeof *ds->fmax);
	if (ds->feature_names && ds->x && ds->y && ds->fmin && ds->fmax)
		return ds;
fail:
	oc_dataset_free(&ds);
	return NULL;
}

void oc_dataset_free(struct oc_dataset **pds)
{
	struct oc_dataset *ds;
	if (!pds || !(ds = *pds))
		return;
	if (ds->feature_names)
		for (size_t j = 0; j < ds->n_features; j++)
			free(ds->feature_names[j]);
	free(ds->feature_names);
	free(ds->label_name);
	for (size_t k = 0; k < OC_MAX_CLASSES; k++)
		free(ds->class_names[k]);
	free(ds->x);
	free(ds->y);
	free(ds->fmin);
	free(ds->fmax);
	free(ds);
	*pds = NULL;
}

void oc_dataset_update_ranges(struct oc_dataset *ds)
{
	for (size_t j = 0; j < ds->n_features; j++) {
		ds->fmin[j] = ds->n_rows ? ds->x[j] : 0.0;
		ds->fmax[j] = ds->fmin[j];
	}
	for (size_t i = 1; i < ds->n_rows; i++) {
		const double *row = oc_dataset_row(ds, i);
		for (size_t j = 0; j < ds->n_features; j++) {
			if (row[j] < ds->fmin[j])
				ds->fmin[j] = row[j];
			if (row[j] > ds->fmax[j])
				ds->fmax[j] = row[j];
		}
	}
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;
	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

struct oc_dataset *oc_dataset_subset(const struct oc_dataset *ds, const size_t *idx, size_t n)
{
	struct oc_dataset *sub = oc_dataset_new(n, ds->n_features);
	int failed = 0;
	size_t d = ds->n_features;
	if (!sub)
		return NULL;
	for (size_t j = 0; j < d; j++)
		sub->feature_names[j] = dup_or_null(ds->feature_names[j], &failed);
	sub->label_name = dup_or_null(ds->label_name, &failed);
	sub->n_classes = ds->n_classes;
	for (size_t k = 0; k < ds->n_classes; k++)
		sub->class_names[k] = dup_or_null(ds->class_names[k], &failed);
	sub->class_type = ds->class_type;
	if (failed) {
		oc_dataset_free(&sub);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(sub->x + i * d, ds->x + idx[i] * d, d * sizeof *ds->x);
		sub->y[i] = ds->y[idx[i]];
	}
	oc_dataset_update_ranges(sub);
	return sub;
}

size_t oc_dataset_count_positive(const struct oc_dataset *ds)
{
	size_t n = 0;
	for (size_t i = 0; i < ds->n_rows; i++)
		n += ds->y[i] == 1;
	return n;
}

void oc_dataset_class_counts(const struct oc_dataset *ds, size_t *counts)
{
	memset(counts, 0, ds->n_classes * sizeof *counts);
	for (size_t i = 0; i < ds->n_rows; i++)
		counts[ds->y[i]]++;
}
