/* SPDX-License-Identifier: MIT */
/* test_gb.c - gradient boosting parity with scikit-learn 1.2.1 on the fixtures. */
#include "config.h"

#include <string.h>

#include "ml/gb.h"
#include "testutil.h"
#include "treeparity.h"

static void test_parity_curing(void) { tp_check_parity(&oc_gb_ops, "curing"); }
static void test_parity_wide(void) { tp_check_parity(&oc_gb_ops, "wide"); }
static void test_parity_balanced(void) { tp_check_parity(&oc_gb_ops, "balanced"); }
static void test_jobs_curing(void) { tp_check_jobs_invariance(&oc_gb_ops, "curing"); }
static void test_jobs_wide(void) { tp_check_jobs_invariance(&oc_gb_ops, "wide"); }
static void test_save_load(void) { tp_check_save_load(&oc_gb_ops, "curing"); }
static void test_cancel(void) { tp_check_cancel(&oc_gb_ops, "balanced"); }

static void test_check_params(void)
{
	struct oc_model_params p;
	tp_default_params(&p);
	CU_ASSERT_PTR_NULL(oc_model_check(&oc_gb_ops, &p, NULL));
	p.gb_n_estimators = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_gb_ops, &p, NULL));
	tp_default_params(&p);
	p.gb_seed = -1;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_gb_ops, &p, NULL));
	tp_default_params(&p);
	p.gb_learning_rate = 0.0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_gb_ops, &p, NULL));
	tp_default_params(&p);
	p.gb_max_depth = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_gb_ops, &p, NULL));
	CU_ASSERT_STRING_EQUAL(oc_gb_ops.key, "gb");
	CU_ASSERT_STRING_EQUAL(oc_gb_ops.title, "Gradient Boosting");
}

static CU_TestInfo tests[] = {
	{ "parity curing", test_parity_curing },
	{ "parity wide", test_parity_wide },
	{ "parity balanced", test_parity_balanced },
	{ "n_jobs 1 == 4 (curing)", test_jobs_curing },
	{ "n_jobs 1 == 4 (wide)", test_jobs_wide },
	{ "save/load round trip and corrupt files", test_save_load },
	{ "cancel", test_cancel },
	{ "check_params", test_check_params },
	CU_TEST_INFO_NULL,
};

int main(void)
{
	return tu_run_suite("gb", tests);
}
