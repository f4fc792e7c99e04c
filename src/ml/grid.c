/* SPDX-License-Identifier: MIT */
/* grid.c - hyperparameter lists and ParameterGrid's candidate order.
 *
 * scikit-learn 1.2's ParameterGrid.__iter__ sorts a grid's items by key
 * and walks itertools.product over their value lists: the last key varies
 * fastest.  Candidate c is therefore the mixed-radix number c with the
 * last sorted key as its lowest digit.  Keys are compared with strcmp, as
 * Python compares ASCII strings ("C" before "gamma"). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ml/grid.h"

int oc_grid_is_list(const char *text)
{
	return strchr(text, ',') != NULL;
}

/* Copies s[0..n) without surrounding blanks into out. */
static int trimmed(const char *s, size_t n, char *out, size_t outsz)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= outsz)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

const char *oc_grid_add(struct oc_grid *g, int model, const char *key, const char *text,
                        struct oc_model_params *base, oc_grid_set_fn set, char *msg,
                        size_t msgsz)
{
	struct oc_grid_axis a;
	const char *p = text;
	memset(&a, 0, sizeof a);
	if (g->n_axes == OC_GRID_MAX_AXES)
		return snprintf(msg, msgsz, "more than %d keys with lists", OC_GRID_MAX_AXES), msg;
	if (strlen(key) >= sizeof a.key)
		return snprintf(msg, msgsz, "key too long for a list"), msg;
	a.model = model;
	strcpy(a.key, key);
	for (;;) {
		size_t len = strcspn(p, ",");
		struct oc_model_params scratch = *base;
		char *v;
		const char *why;
		if (a.n_values == OC_GRID_MAX_VALUES)
			return snprintf(msg, msgsz, "a list holds at most %d values", OC_GRID_MAX_VALUES),
			       msg;
		v = a.values[a.n_values];
		if (trimmed(p, len, v, OC_GRID_VALUE_MAX) != 0)
			return snprintf(msg, msgsz, "list value '%.*s' is longer than %d bytes", (int)len,
			                p, OC_GRID_VALUE_MAX - 1), msg;
		if (!*v)
			return snprintf(msg, msgsz, "empty value in the list"), msg;
		for (size_t i = 0; i < a.n_values; i++)
			if (strcmp(a.values[i], v) == 0)
				return snprintf(msg, msgsz, "'%s' is listed twice", v), msg;
		if ((why = set(&scratch, model, key, v, msg, msgsz)))
			return why;
		a.n_values++;
		if (!p[len])
			break;
		p += len + 1;
	}
	if (oc_grid_find(g, model, key))
		return snprintf(msg, msgsz, "duplicate key"), msg;
	set(base, model, key, a.values[0], msg, msgsz);
	g->axes[g->n_axes++] = a;
	return NULL;
}

const struct oc_grid_axis *oc_grid_find(const struct oc_grid *g, int model, const char *key)
{
	for (size_t i = 0; i < g->n_axes; i++)
		if (g->axes[i].model == model && strcmp(g->axes[i].key, key) == 0)
			return &g->axes[i];
	return NULL;
}

/* Axes of model sorted by key: indices into g->axes. */
static size_t sorted_axes(const struct oc_grid *g, int model, size_t idx[OC_GRID_MAX_AXES])
{
	size_t n = 0;
	for (size_t i = 0; i < g->n_axes; i++) {
		size_t j;
		if (g->axes[i].model != model)
			continue;
		for (j = n; j > 0 && strcmp(g->axes[idx[j - 1]].key, g->axes[i].key) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
		n++;
	}
	return n;
}

size_t oc_grid_count(const struct oc_grid *g, int model)
{
	size_t n = 1;
	for (size_t i = 0; i < g->n_axes; i++)
		if (g->axes[i].model == model)
			n *= g->axes[i].n_values;
	return n;
}

int oc_grid_candidate(const struct oc_grid *g, int model, size_t c,
                      const struct oc_model_params *base, oc_grid_set_fn set,
                      struct oc_model_params *out, char *desc, size_t descsz,
                      struct oc_err *err)
{
	size_t idx[OC_GRID_MAX_AXES], n = sorted_axes(g, model, idx), pick[OC_GRID_MAX_AXES];
	size_t used = 0;
	char msg[256];
	*out = *base;
	if (desc && descsz)
		desc[0] = '\0';
	for (size_t i = n; i-- > 0;) {
		const struct oc_grid_axis *a = &g->axes[idx[i]];
		pick[i] = c % a->n_values;
		c /= a->n_values;
	}
	for (size_t i = 0; i < n; i++) {
		const struct oc_grid_axis *a = &g->axes[idx[i]];
		const char *v = a->values[pick[i]];
		int w;
		if (set(out, model, a->key, v, msg, sizeof msg))
			return oc_err_set(err, OC_ECONFIG, "%s = %s: %s", a->key, v, msg);
		if (!desc)
			continue;
		w = snprintf(desc + used, descsz > used ? descsz - used : 0, "%s%s=%s", i ? " " : "",
		             a->key, v);
		if (w > 0)
			used += (size_t)w;
	}
	return OC_OK;
}

void oc_grid_format(const struct oc_grid_axis *a, char *out, size_t outsz)
{
	size_t used = 0;
	if (outsz)
		out[0] = '\0';
	for (size_t i = 0; i < a->n_values; i++) {
		int w = snprintf(out + used, outsz > used ? outsz - used : 0, "%s%s", i ? ", " : "",
		                 a->values[i]);
		if (w > 0)
			used += (size_t)w;
	}
}
