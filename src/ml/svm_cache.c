/* SPDX-License-Identifier: MIT */
/* svm_cache.c - libsvm's kernel cache: columns of the float32 matrix Q kept
 * in least-recently-used order within a byte budget (Chang and Lin, LIBSVM,
 * ACM TIST 2, 2011; class Cache of scikit-learn 1.2's svm.cpp).  A column
 * may hold only its first len rows (the active set); swaps of rows follow
 * the solver's shrinking, dropping columns too short to hold both rows. */
#include "config.h"

#include <stdlib.h>

#include "ml/svm_impl.h"

int oc_svm_cache_init(struct oc_svm_cache *c, int l, long bytes)
{
	c->head = calloc((size_t)l, sizeof *c->head);
	if (!c->head)
		return -1;
	c->size = bytes / (long)sizeof(float);
	c->size -= (long)((size_t)l * sizeof(struct oc_svm_cache_head) / sizeof(float));
	if (c->size < 2 * (long)l)
		c->size = 2 * (long)l;      /* room for two columns at least */
	c->lru.next = c->lru.prev = &c->lru;
	return 0;
}

void oc_svm_cache_free(struct oc_svm_cache *c)
{
	if (!c->head)
		return;
	for (struct oc_svm_cache_head *h = c->lru.next; h != &c->lru; h = h->next)
		free(h->data);
	free(c->head);
	c->head = NULL;
}

static void lru_delete(struct oc_svm_cache_head *h)
{
	h->prev->next = h->next;
	h->next->prev = h->prev;
}

static void lru_insert(struct oc_svm_cache *c, struct oc_svm_cache_head *h)
{
	h->next = &c->lru;
	h->prev = c->lru.prev;
	h->prev->next = h;
	h->next->prev = h;
}

int oc_svm_cache_get(struct oc_svm_cache *c, int index, float **data, int len)
{
	struct oc_svm_cache_head *h = &c->head[index];
	int more;
	if (h->len)
		lru_delete(h);
	more = len - h->len;
	if (more > 0) {
		float *nd;
		while (c->size < more) {
			struct oc_svm_cache_head *old = c->lru.next;
			lru_delete(old);
			free(old->data);
			c->size += old->len;
			old->data = NULL;
			old->len = 0;
		}
		nd = realloc(h->data, sizeof(float) * (size_t)len);
		if (!nd) {
			if (h->len)
				lru_insert(c, h);
			return -1;
		}
		h->data = nd;
		c->size -= more;
		more = h->len;
		h->len = len;
		len = more;
	}
	lru_insert(c, h);
	*data = h->data;
	return len;
}

void oc_svm_cache_swap(struct oc_svm_cache *c, int i, int j)
{
	struct oc_svm_cache_head *hi = &c->head[i], *hj = &c->head[j];
	float *td;
	int tl;
	if (i == j)
		return;
	if (hi->len)
		lru_delete(hi);
	if (hj->len)
		lru_delete(hj);
	td = hi->data; hi->data = hj->data; hj->data = td;
	tl = hi->len; hi->len = hj->len; hj->len = tl;
	if (hi->len)
		lru_insert(c, hi);
	if (hj->len)
		lru_insert(c, hj);
	if (i > j) {
		tl = i; i = j; j = tl;
	}
	for (struct oc_svm_cache_head *h = c->lru.next; h != &c->lru;) {
		struct oc_svm_cache_head *next = h->next;
		if (h->len > i) {
			if (h->len > j) {
				float t = h->data[i];
				h->data[i] = h->data[j];
				h->data[j] = t;
			} else {
				/* the column cannot hold both: drop it */
				lru_delete(h);
				free(h->data);
				c->size += h->len;
				h->data = NULL;
				h->len = 0;
			}
		}
		h = next;
	}
}
