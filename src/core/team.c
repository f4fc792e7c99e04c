/* SPDX-License-Identifier: MIT */
/* team.c - see team.h.  One mutex, a round counter the threads wait on and
 * a count of parts still running the caller waits on. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/team.h"

struct member {
	struct oc_team *t;
	int part;
	pthread_t tid;
};

struct oc_team {
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned long round;        /* incremented by each oc_team_run */
	int running;                /* parts of this round not yet returned */
	int quit;
	int n_parts;                /* threads started + 1 */
	void (*fn)(void *arg, int part, int n_parts);
	void *arg;
	struct member *m;           /* n_parts - 1 */
};

static void *member_main(void *p)
{
	struct member *me = p;
	struct oc_team *t = me->t;
	unsigned long seen = 0;
	pthread_mutex_lock(&t->mu);
	for (;;) {
		while (t->round == seen && !t->quit)
			pthread_cond_wait(&t->go, &t->mu);
		if (t->quit)
			break;
		seen = t->round;
		pthread_mutex_unlock(&t->mu);
		t->fn(t->arg, me->part, t->n_parts);
		pthread_mutex_lock(&t->mu);
		if (--t->running == 0)
			pthread_cond_signal(&t->done);
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

struct oc_team *oc_team_new(int n_parts)
{
	if (n_parts < 2)
		return NULL;
	struct oc_team *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->m = calloc((size_t)n_parts - 1, sizeof *t->m);
	if (!t->m || pthread_mutex_init(&t->mu, NULL) != 0) {
		free(t->m);
		free(t);
		return NULL;
	}
	pthread_cond_init(&t->go, NULL);
	pthread_cond_init(&t->done, NULL);
	t->n_parts = 1;
	for (int i = 0; i < n_parts - 1; i++) {
		t->m[i].t = t;
		t->m[i].part = i + 1;
		if (pthread_create(&t->m[i].tid, NULL, member_main, &t->m[i]) != 0)
			break;
		t->n_parts++;
	}
	if (t->n_parts < 2) {
		oc_team_free(t);
		return NULL;
	}
	return t;
}

int oc_team_parts(const struct oc_team *t)
{
	return t ? t->n_parts : 1;
}

void oc_team_run(struct oc_team *t, void (*fn)(void *arg, int part, int n_parts), void *arg)
{
	if (!t) {
		fn(arg, 0, 1);
		return;
	}
	pthread_mutex_lock(&t->mu);
	t->fn = fn;
	t->arg = arg;
	t->running = t->n_parts - 1;
	t->round++;
	pthread_cond_broadcast(&t->go);
	pthread_mutex_unlock(&t->mu);
	fn(arg, 0, t->n_parts);
	pthread_mutex_lock(&t->mu);
	while (t->running > 0)
		pthread_cond_wait(&t->done, &t->mu);
	pthread_mutex_unlock(&t->mu);
}

void oc_team_free(struct oc_team *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->quit = 1;
	pthread_cond_broadcast(&t->go);
	pthread_mutex_unlock(&t->mu);
	for (int i = 0; i < t->n_parts - 1; i++)
		pthread_join(t->m[i].tid, NULL);
	pthread_cond_destroy(&t->go);
	pthread_cond_destroy(&t->done);
	pthread_mutex_destroy(&t->mu);
	free(t->m);
	free(t);
}
