/* SPDX-License-Identifier: MIT */
/* test_rng.c - numpy RandomState parity of the MT19937 stream.
 * Expected values were printed by numpy 1.24 (np.random.RandomState). */
#include "config.h"

#include <math.h>

#include "core/rng.h"
#include "testutil.h"

static void test_randint_check_value(void)
{
	struct oc_rng r;
	oc_rng_seed(&r, 123);
	CU_ASSERT_EQUAL(oc_rng_randint(&r, 0, 2147483647), 843828734);
}

static void test_first_u32(void)
{
	struct oc_rng r;
	/* RandomState(5489).randint(0, 2**32, dtype=np.uint64): the canonical
	 * first MT19937 output of seed 5489. */
	oc_rng_seed(&r, 5489);
	CU_ASSERT_EQUAL(oc_rng_u32(&r), 3499211612U);
}

static void test_random_sample(void)
{
	struct oc_rng r;
	/* RandomState(42).random_sample(2) */
	oc_rng_seed(&r, 42);
	CU_ASSERT_EQUAL(oc_rng_double(&r), 0.3745401188473625);
	CU_ASSERT_EQUAL(oc_rng_double(&r), 0.9507143064099162);
}

static void test_normal_and_kept_value(void)
{
	struct oc_rng r;
	/* RandomState(42).normal(70, 5, 3) */
	oc_rng_seed(&r, 42);
	CU_ASSERT_EQUAL(oc_rng_normal(&r, 70, 5), 72.48357076505616);
	CU_ASSERT_EQUAL(oc_rng_normal(&r, 70, 5), 69.30867849414408);
	CU_ASSERT_EQUAL(oc_rng_normal(&r, 70, 5), 73.23844269050346);
}

static void test_permutation(void)
{
	struct oc_rng r;
	size_t p[10];
	/* RandomState(0).permutation(10) = [2 8 4 9 1 6 7 3 0 5] */
	static const size_t want[10] = { 2, 8, 4, 9, 1, 6, 7, 3, 0, 5 };
	oc_rng_seed(&r, 0);
	oc_rng_permutation(&r, p, 10);
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(p[i], want[i]);
}

static CU_TestInfo tests[] = {
	{ "randint check value", test_randint_check_value },
	{ "first output", test_first_u32 },
	{ "random_sample", test_random_sample },
	{ "normal keeps second value", test_normal_and_kept_value },
	{ "permutation", test_permutation },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("rng", tests);
}
