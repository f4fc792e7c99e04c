/* SPDX-License-Identifier: MIT */
/* test_rf.c - random forest parity with scikit-learn 1.2.1 on the fixtures. */
#include "config.h"

#include <string.h>

#include "ml/rf.h"
#include "testutil.h"
#include "treeparity.h"

static void test_parity_curing(void) { tp_check_parity(&oc_rf_ops, "curing"); }
static void test_parity_wide(void) { tp_check_parity(&oc_rf_ops, "wide"); }
static void test_parity_balanced(void) { tp_check_parity(&oc_rf_ops, "balanced"); }
static void test_jobs_curing(void) { tp_check_jobs_invariance(&oc_rf_ops, "curing"); }
static void test_jobs_wide(void) { tp_check_jobs_invariance(&oc_rf_ops, "wide"); }
static void test_save_load(void) { tp_check_save_load(&oc_rf_ops, "curing"); }
static void test_cancel(void) { tp_check_cancel(&oc_rf_ops, "balanced"); }

static void test_check_params(void)
{
	struct oc_model_params p;
	tp_default_params(&p);
	CU_ASSERT_PTR_NULL(oc_model_check(&oc_rf_ops, &p, NULL));
	p.rf_n_estimators = 0;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_rf_ops, &p, NULL));
	tp_default_params(&p);
	p.rf_seed = -1;
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_rf_ops, &p, NULL));
	tp_default_params(&p);
	CU_ASSERT_PTR_NOT_NULL(oc_model_check(&oc_rf_ops, &p, &(struct oc_fit_ctx){ 0, NULL, 0 }));
	CU_ASSERT_STRING_EQUAL(oc_rf_ops.key, "rf");
	CU_ASSERT_STRING_EQUAL(oc_rf_ops.title, "Random Forest");
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
	return tu_run_suite("rf", tests);
}
