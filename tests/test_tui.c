/* test_tui.c - the dashboard's state and key table, without a terminal:
 * the curing models trained on the fixture split, slider steps and
 * clamping, grades at the corners the original rules name, the what-if
 * curve, and the time one slider step takes to recompute everything. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ml/metrics.h"
#include "modelfile.h"
#include "testutil.h"
#include "tui/tui.h"

static struct oc_config cfg;
static struct dash d;

/* The four default models trained on the curing fixture's split, with the
 * original dashboard's slider ranges. */
static struct oc_bundle *curing_bundle(void)
{
	static const struct { const char *unit; double lo, hi, def; } ranges[] = {
		{ "°C", 50, 90, 70 }, { "%", 20, 100, 60 }, { "%", 10, 30, 18 },
		{ "CFM", 5, 25, 15 }, { "h", 48, 240, 144 },
	};
	struct oc_model_params p;
	tu_default_params(&p);
	struct oc_dataset *ds = tu_load_fixture_dataset("curing");
	char *ptr = tu_fixture("curing/split_train.txt"), *pte = tu_fixture("curing/split_test.txt");
	size_t ntr, nte;
	size_t *tr = tu_read_indices(ptr, &ntr), *te = tu_read_indices(pte, &nte);
	CU_ASSERT_FATAL(ds && tr && te && ds->n_features == 5);
	struct oc_dataset *train = oc_dataset_subset(ds, tr, ntr), *test = oc_dataset_subset(ds, te, nte);
	struct oc_bundle *b = calloc(1, sizeof *b);
	CU_ASSERT_FATAL(train && test && b);
	b->n_features = 5;
	b->features = calloc(5, sizeof *b->features);
	for (size_t i = 0; i < 5; i++) {
		b->features[i].name = strdup(ds->feature_names[i]);
		b->features[i].unit = strdup(ranges[i].unit);
		b->features[i].lo = ranges[i].lo;
		b->features[i].hi = ranges[i].hi;
		b->features[i].def = ranges[i].def;
	}
	b->class_names[0] = strdup(ds->class_names[0]);
	b->class_names[1] = strdup(ds->class_names[1]);
	unsigned char *yp = malloc(nte);
	double *p1 = malloc(nte * sizeof *p1);
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		struct oc_err err;
		struct oc_trained *t = &b->models[b->n_models];
		t->ops = oc_model_registry[m];
		t->state = t->ops->fit(train, &p, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t->state);
		b->n_models++;
		for (size_t i = 0; i < nte; i++) {
			double pr[2];
			t->ops->predict_proba(t->state, oc_dataset_row(test, i), pr);
			p1[i] = pr[1];
			yp[i] = (unsigned char)t->ops->predict(t->state, oc_dataset_row(test, i));
		}
		CU_ASSERT_EQUAL(oc_metrics_compute(test->y, yp, p1, nte, &t->metrics, &err), OC_OK);
		if (t->metrics.accuracy > b->models[b->best].metrics.accuracy)
			b->best = m;
	}
	free(yp);
	free(p1);
	free(tr);
	free(te);
	free(ptr);
	free(pte);
	oc_dataset_free(&ds);
	oc_dataset_free(&train);
	oc_dataset_free(&test);
	return b;
}

static int setup(void)
{
	memset(&cfg, 0, sizeof cfg);
	cfg.optimal_temperature = 70;
	memset(&d, 0, sizeof d);
	d.cfg = &cfg;
	d.want_model = -1;
	d.curve_n = 64;
	snprintf(d.model_path, sizeof d.model_path, "/nonexistent/%s", OC_MODEL_FILE);
	return dash_adopt(&d, curing_bundle()) == OC_OK ? 0 : 1;
}

static double conf;

static void test_defaults(void)
{
	CU_ASSERT_EQUAL_FATAL(setup(), 0);
	CU_ASSERT_EQUAL(d.state, DASH_READY);
	CU_ASSERT_EQUAL(d.use, 1);      /* rf: first with the highest accuracy */
	CU_ASSERT_EQUAL(d.temp_idx, 0);
	CU_ASSERT_EQUAL(d.value[0], 70);
	CU_ASSERT_EQUAL(d.value[1], 60);
	CU_ASSERT_EQUAL(d.value[2], 18);
	CU_ASSERT_EQUAL(d.step[0], 1);
	CU_ASSERT_EQUAL(d.step[1], 2);
	CU_ASSERT_EQUAL(d.step[2], 0.5);
	CU_ASSERT_EQUAL(dash_grade(&d, &conf), 0);   /* Premium */
	CU_ASSERT(conf > 0.5 && conf <= 1);
	for (size_t m = 0; m < d.b->n_models; m++)
		CU_ASSERT_EQUAL(d.vote[m], 0);
}

static void test_corners(void)
{
	/* Standard when temperature > 78 or humidity < 45 (the generator's rule). */
	CU_ASSERT(dash_set(&d, 0, 90));
	dash_recompute(&d);
	CU_ASSERT_EQUAL(dash_grade(&d, &conf), 1);
	dash_set(&d, 0, 70);
	CU_ASSERT(dash_set(&d, 1, 20));
	dash_recompute(&d);
	CU_ASSERT_EQUAL(dash_grade(&d, &conf), 1);
	dash_set(&d, 1, 60);
	dash_recompute(&d);
	CU_ASSERT_EQUAL(dash_grade(&d, &conf), 0);
}

static void test_steps(void)
{
	CU_ASSERT(dash_step(&d, 0, 1));
	CU_ASSERT_EQUAL(d.value[0], 71);
	CU_ASSERT(dash_step(&d, 0, -100));
	CU_ASSERT_EQUAL(d.value[0], 50);
	CU_ASSERT_FALSE(dash_step(&d, 0, -1));       /* already at the bottom */
	CU_ASSERT(dash_set(&d, 0, 1e9));
	CU_ASSERT_EQUAL(d.value[0], 90);
	CU_ASSERT_FALSE(dash_set(&d, 0, 0.0 / 0.0));
	CU_ASSERT(dash_set(&d, 2, 18.3));
	CU_ASSERT(dash_step(&d, 2, 1));              /* snaps to the 0.5 grid */
	CU_ASSERT_EQUAL(d.value[2], 18.5);
	char buf[32];
	dash_fmt_value(&d, 2, d.value[2], buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "18.5");
	dash_fmt_value(&d, 0, d.value[0], buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "90");
	dash_set(&d, 0, 70);
	dash_set(&d, 2, 18);
}

static void test_curve(void)
{
	d.sel = 0;
	d.curve_n = 64;
	dash_recompute(&d);
	CU_ASSERT_EQUAL(d.curve_n, 64);
	CU_ASSERT_EQUAL(d.curve_at, 32);             /* 70 in 50..90 */
	CU_ASSERT(d.curve[0] < 0.5);
	CU_ASSERT(d.curve[63] > 0.5);
	/* The threshold sits near the 78 degC rule. */
	int k = 0;
	while (k < 64 && d.curve[k] < 0.5)
		k++;
	double at = 50 + 40.0 * k / 63;
	CU_ASSERT(at > 75 && at < 81);
	d.curve_n = 100000;                          /* clamped to the buffer */
	dash_recompute(&d);
	CU_ASSERT_EQUAL(d.curve_n, DASH_CURVE_MAX);
	d.curve_n = 64;
}

static void test_keys(void)
{
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, 'h'), ACT_DEC);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_METRICS, 'h'), ACT_HELP);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_METRICS, 'G'), ACT_LAST);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, KEY_F(1)), ACT_HELP);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, '7'), ACT_DIGIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PREDICTION, 'q'), ACT_QUIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, 'q'), ACT_QUIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, 27), ACT_CLOSE);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, 'm'), ACT_NONE);   /* modal */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_NOMODEL, '\n'), ACT_TRAIN);

	static char lines[160][128];
	int n = keys_help_lines(lines, 160);
	CU_ASSERT(n > 20 && n < 160);
	/* Every action with a key appears in the help with its keys. */
	const enum ui_action some[] = { ACT_QUIT, ACT_HELP, ACT_MODEL_NEXT, ACT_RETRAIN, ACT_ENTER,
	                                ACT_PAGE_DOWN, ACT_FOCUS_NEXT, ACT_REPAINT };
	for (size_t a = 0; a < sizeof some / sizeof some[0]; a++) {
		int found = 0;
		for (int i = 0; i < n; i++)
			found |= strstr(lines[i], keys_action_text(some[a])) != NULL;
		CU_ASSERT(found);
	}
	char bar[256];
	keys_bar(UI_CTX_SLIDERS, bar, sizeof bar);
	CU_ASSERT(strstr(bar, "q:quit") && strstr(bar, "?:help") && strstr(bar, "h/l:step"));
	CU_ASSERT(strlen(bar) <= 78);
	keys_bar(UI_CTX_METRICS, bar, sizeof bar);
	CU_ASSERT(strstr(bar, "PgUp/PgDn:page") != NULL);
	CU_ASSERT(strlen(bar) <= 78);
}

static void test_adopt_keeps_values(void)
{
	dash_set(&d, 0, 85);
	d.use = 2;
	CU_ASSERT_EQUAL(dash_adopt(&d, curing_bundle()), OC_OK);
	CU_ASSERT_EQUAL(d.value[0], 85);
	CU_ASSERT_STRING_EQUAL(d.b->models[d.use].ops->key, "gb");
	dash_close(&d);
	CU_ASSERT_PTR_NULL(d.b);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "defaults", test_defaults },
		{ "corners", test_corners },
		{ "steps", test_steps },
		{ "curve", test_curve },
		{ "keys", test_keys },
		{ "adopt keeps values", test_adopt_keeps_values },
		CU_TEST_INFO_NULL,
	};
	return tu_run_suite("tui", tests);
}
