/* SPDX-License-Identifier: MIT */
/* test_npsum.c - numpy's summation order.  Expected sums were printed by
 * numpy 1.24: np.sum(np.random.RandomState(5).standard_normal(n) * 1e3). */
#include "config.h"

#include <stdlib.h>

#include "core/npsum.h"
#include "core/rng.h"
#include "testutil.h"

static double sum_of(size_t n)
{
	struct oc_rng r;
	double *a = malloc(n * sizeof *a), s;
	oc_rng_seed(&r, 5);
	for (size_t i = 0; i < n; i++)
		a[i] = oc_rng_gauss(&r) * 1e3;
	s = oc_npsum(a, n);
	free(a);
	return s;
}

static void test_short_and_one_block(void)
{
	CU_ASSERT_EQUAL(sum_of(7), 3071.8949461791613);
	CU_ASSERT_EQUAL(sum_of(100), 9154.664386777675);
	CU_ASSERT_EQUAL(sum_of(8192), 12023.743686543326);
}

static void test_buffered_chunks(void)
{
	/* Past one 8192-value buffer numpy adds chunk sums in order; a single
	 * pairwise pass over everything gives different last bits here. */
	CU_ASSERT_EQUAL(sum_of(8193), 12420.342482530517);
	CU_ASSERT_EQUAL(sum_of(50000), 120941.27342339595);
	CU_ASSERT_EQUAL(sum_of(100000), 377218.81161013205);
}

static CU_TestInfo tests[] = {
	{ "short and one block", test_short_and_one_block },
	{ "buffered chunks", test_buffered_chunks },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("npsum", tests);
}
