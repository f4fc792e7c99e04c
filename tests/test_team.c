/* SPDX-License-Identifier: MIT */
/* test_team.c - core/team.h: every part of every round runs exactly once,
 * on a thread of its own, and its writes are seen when the round returns. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/team.h"
#include "testutil.h"

#define ROUNDS 2000

struct tally {
	int n_parts;
	long runs[8];           /* per part: rounds run */
	pthread_t who[8];       /* per part: the thread of the last round */
	int bad_parts;          /* calls with an unexpected n_parts */
};

static void count(void *arg, int part, int n_parts)
{
	struct tally *t = arg;
	if (n_parts != t->n_parts || part < 0 || part >= n_parts) {
		__atomic_add_fetch(&t->bad_parts, 1, __ATOMIC_RELAXED);
		return;
	}
	t->runs[part]++;        /* one writer per part: no race if parts run once */
	t->who[part] = pthread_self();
}

static void test_rounds(void)
{
	for (int n = 2; n <= 4; n++) {
		struct oc_team *team = oc_team_new(n);
		struct tally t = { .n_parts = n };
		CU_ASSERT_PTR_NOT_NULL_FATAL(team);
		CU_ASSERT_EQUAL(oc_team_parts(team), n);
		for (int r = 0; r < ROUNDS; r++) {
			oc_team_run(team, count, &t);
			/* seen right after the round: every part ran once more */
			for (int p = 0; p < n; p++)
				CU_ASSERT_EQUAL_FATAL(t.runs[p], r + 1);
		}
		CU_ASSERT_EQUAL(t.bad_parts, 0);
		CU_ASSERT(pthread_equal(t.who[0], pthread_self()));
		for (int p = 1; p < n; p++) {
			CU_ASSERT(!pthread_equal(t.who[p], pthread_self()));
			for (int q = 1; q < p; q++)
				CU_ASSERT(!pthread_equal(t.who[p], t.who[q]));
		}
		oc_team_free(team);
	}
}

static void test_no_team(void)
{
	struct tally t = { .n_parts = 1 };
	CU_ASSERT_PTR_NULL(oc_team_new(1));
	CU_ASSERT_PTR_NULL(oc_team_new(0));
	CU_ASSERT_EQUAL(oc_team_parts(NULL), 1);
	oc_team_run(NULL, count, &t);
	CU_ASSERT_EQUAL(t.runs[0], 1);
	CU_ASSERT(pthread_equal(t.who[0], pthread_self()));
	oc_team_free(NULL);
}

static CU_TestInfo tests[] = {
	{ "every part once per round, on its own thread", test_rounds },
	{ "one part: the caller alone", test_no_team },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("team", tests);
}
