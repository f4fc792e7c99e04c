/* SPDX-License-Identifier: MIT */
/* test_tui.c - the dashboard's state and key table, without a terminal:
 * the curing models trained on the fixture split, slider steps and
 * clamping, the grid typed values round to, numbers never shown as -0,
 * grades at the corners the original rules name, the what-if curve, the
 * key table and help, and text measured by display columns. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline/conf.h"
#include "ml/metrics.h"
#include "io/modelfile.h"
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
	b->n_classes = 2;
	unsigned char *yp = malloc(nte);
	double *p1 = malloc(2 * nte * sizeof *p1);   /* two classes per row */
	for (int m = 0; m < OC_MODEL_COUNT; m++) {
		struct oc_err err;
		struct oc_trained *t = &b->models[b->n_models];
		t->ops = oc_model_registry[m];
		t->state = t->ops->fit(train, &p, &tu_serial, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t->state);
		b->n_models++;
		for (size_t i = 0; i < nte; i++) {
			oc_model_predict_proba(t->ops, t->state, oc_dataset_row(test, i), p1 + 2 * i);
			yp[i] = (unsigned char)oc_model_predict(t->ops, t->state, oc_dataset_row(test, i));
		}
		CU_ASSERT_EQUAL(oc_metrics_compute(test->y, yp, p1, nte, 2, &t->metrics, &err), OC_OK);
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

static void test_grid(void)
{
	char buf[32];
	/* Typed and clicked values go to the grid the arrow keys walk. */
	CU_ASSERT_EQUAL(dash_snap(&d, 0, 75.5), 76);
	CU_ASSERT_EQUAL(dash_snap(&d, 0, 75.4), 75);
	CU_ASSERT_EQUAL(dash_snap(&d, 0, 1e9), 90);
	CU_ASSERT_EQUAL(dash_snap(&d, 2, 18.3), 18.5);

	/* A range from data: crossing zero, both ends off the grid. */
	struct oc_feature_info *f = &d.b->features[2];
	double lo = f->lo, hi = f->hi, step = d.step[2], v = d.value[2];
	f->lo = -1.7;
	f->hi = 1.13;
	d.step[2] = 0.05;
	d.value[2] = -0.3;
	for (int k = 0; k < 6; k++)
		CU_ASSERT(dash_step(&d, 2, 1));
	CU_ASSERT_EQUAL(d.value[2], 0);
	CU_ASSERT_FALSE(signbit(d.value[2]));
	dash_fmt_value(&d, 2, d.value[2], buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "0.00");
	CU_ASSERT(dash_step(&d, 2, 6));
	CU_ASSERT_EQUAL(d.value[2], 0.3);           /* the double nearest 0.3 */
	CU_ASSERT(dash_step(&d, 2, 100));
	CU_ASSERT_EQUAL(d.value[2], 1.13);          /* the end of the range */
	CU_ASSERT(dash_step(&d, 2, -1));
	CU_ASSERT_EQUAL(d.value[2], 1.1);
	CU_ASSERT_EQUAL(dash_snap(&d, 2, 1.12), 1.13);
	CU_ASSERT_EQUAL(dash_snap(&d, 2, -1.69), -1.7);
	CU_ASSERT_FALSE(signbit(dash_snap(&d, 2, -0.0)));
	CU_ASSERT_FALSE(signbit(dash_snap(&d, 2, -0.01)));

	/* Never "-0": not for -0.0, nor for a negative that rounds to zero. */
	dash_fmt_value(&d, 2, -0.0, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "0.00");
	dash_fmt_value(&d, 2, -0.004, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "0.00");
	dash_fmt_value(&d, 2, -0.006, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "-0.01");
	dash_fmt_value(&d, 0, -0.0, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "0");
	f->lo = lo;
	f->hi = hi;
	d.step[2] = step;
	d.value[2] = v;
}

static void test_curve(void)
{
	d.sel = 0;
	d.curve_n = 64;
	dash_recompute(&d);
	CU_ASSERT_EQUAL(d.curve_n, 64);
	CU_ASSERT_EQUAL(d.curve_at, 32);             /* 70 in 50..90 */
	CU_ASSERT(d.curve[d.use][0] < 0.5);
	CU_ASSERT(d.curve[d.use][63] > 0.5);
	/* The threshold sits near the 78 degC rule. */
	int k = 0;
	while (k < 64 && d.curve[d.use][k] < 0.5)
		k++;
	double at = 50 + 40.0 * k / 63;
	CU_ASSERT(at > 75 && at < 81);
	d.curve_n = 100000;                          /* clamped to the buffer */
	dash_recompute(&d);
	CU_ASSERT_EQUAL(d.curve_n, DASH_CURVE_MAX);
	/* The overlay computes every model's curve across the same range. */
	d.curve_n = 64;
	d.overlay = true;
	dash_recompute(&d);
	for (size_t m = 0; m < d.b->n_models; m++) {
		CU_ASSERT(d.curve[m][0] < 0.5);
		CU_ASSERT(d.curve[m][63] > 0.5);
	}
	d.overlay = false;
}

/* Every model, every slider across its whole range: the headline names
 * the model's vote and gives that class's probability, the number the
 * vote row shows for it; the disagreement mark is exactly where the vote
 * is not the most probable class. */
static void test_headline_sweep(void)
{
	int odd = 0, checked = 0;
	int use = d.use;
	for (size_t m = 0; m < d.b->n_models; m++) {
		d.use = (int)m;
		for (size_t i = 0; i < d.b->n_features; i++) {
			const struct oc_feature_info *f = &d.b->features[i];
			double keep = d.value[i];
			for (int k = 0; k <= 80; k++) {
				d.value[i] = f->lo + (f->hi - f->lo) * k / 80;
				dash_recompute(&d);
				int cls = dash_grade(&d, &conf);
				CU_ASSERT_EQUAL(cls, d.vote[m]);
				CU_ASSERT_EQUAL(conf, d.proba[m][cls]);
				double sum = 0;
				int top = 0;
				for (int c = 0; c < d.n_classes; c++) {
					sum += d.proba[m][c];
					if (d.proba[m][c] > d.proba[m][top])
						top = c;
				}
				CU_ASSERT(fabs(sum - 1) < 1e-9);
				CU_ASSERT_EQUAL(dash_most_probable(&d, (int)m), top);
				odd += top != cls;
				checked++;
			}
			d.value[i] = keep;
		}
	}
	d.use = use;
	dash_recompute(&d);
	CU_ASSERT_EQUAL(checked, 4 * 5 * 81);
	/* The SVC's Platt scaling disagrees with its vote somewhere (80 degC
	 * among them), so the check above met that case. */
	CU_ASSERT(odd > 0);
	printf("\n  headline sweep: %d points, %d where vote != most probable\n", checked, odd);
}

static void test_parse(void)
{
	double v = 0;
	char why[256];
	CU_ASSERT(dash_parse_value("7e1", &v, why, sizeof why));
	CU_ASSERT_EQUAL(v, 70);
	CU_ASSERT(dash_parse_value(" 75.5 ", &v, why, sizeof why));
	CU_ASSERT_EQUAL(v, 75.5);
	CU_ASSERT(dash_parse_value("-0.25", &v, why, sizeof why));
	CU_ASSERT_EQUAL(v, -0.25);
	v = 42;
	CU_ASSERT_FALSE(dash_parse_value("1,5", &v, why, sizeof why));
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "'1,5' is not a number: ',' at column 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "decimal separator is '.'"));
	CU_ASSERT_FALSE(dash_parse_value("5-5", &v, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "'-' at column 2"));
	CU_ASSERT_FALSE(dash_parse_value("7x", &v, why, sizeof why));
	CU_ASSERT_FALSE(dash_parse_value("abc", &v, why, sizeof why));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "'a' at column 1"));
	CU_ASSERT_FALSE(dash_parse_value("", &v, why, sizeof why));
	CU_ASSERT_FALSE(dash_parse_value("inf", &v, why, sizeof why));
	CU_ASSERT_FALSE(dash_parse_value("nan", &v, why, sizeof why));
	CU_ASSERT_FALSE(dash_parse_value("1e999", &v, why, sizeof why));
	CU_ASSERT_EQUAL(v, 42);
}

static void test_reset(void)
{
	dash_set(&d, 0, 85);
	dash_set(&d, 3, 6);
	CU_ASSERT(dash_reset(&d));
	for (size_t i = 0; i < d.b->n_features; i++)
		CU_ASSERT_EQUAL(d.value[i], d.b->features[i].def);
	CU_ASSERT_FALSE(dash_reset(&d));
}

static void test_export(void)
{
	char path[] = "/tmp/opticure-export-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	struct oc_err err;
	dash_set(&d, 2, 18.5);
	CU_ASSERT_EQUAL(dash_export_row(&d, path, &err), OC_OK);
	dash_set(&d, 0, 81);
	CU_ASSERT_EQUAL(dash_export_row(&d, path, &err), OC_OK);
	char *text = tu_slurp(path, NULL);
	CU_ASSERT_STRING_EQUAL(text, "barn_temperature,barn_humidity,leaf_moisture,airflow_rate,"
	                       "curing_time_hours\n70.0,60.0,18.5,15.0,144.0\n81.0,60.0,18.5,15.0,144.0\n");
	free(text);
	/* A file with other columns is not appended to. */
	FILE *f = fopen(path, "w");
	fputs("a,b\n1,2\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(dash_export_row(&d, path, &err), OC_EDATA);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not appended"));
	unlink(path);
	dash_reset(&d);
}

/* The metrics pane drawn into an off-screen window: a fit of minutes gets
 * a wider Fit s column instead of running into the AUC, and each section
 * has its own header. */
static void test_metrics_columns(void)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	CU_ASSERT_FATAL(out && in);
	SCREEN *scr = newterm("vt100", out, in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scr);
	struct glyphs save = ui_g;
	ui_g.utf8 = false;
	theme_init(false);
	WINDOW *w = newwin(40, 38, 0, 0);
	void *self = calloc(1, pane_metrics_ops.size);
	struct pane_ctx pc;
	memset(&pc, 0, sizeof pc);
	pc.d = &d;
	d.timed = true;
	d.b->models[0].fit_seconds = 13.57;
	d.b->models[3].fit_seconds = 1234.5;
	pane_metrics_ops.draw(self, &pc, w, 40, 38);
	char line[32], *lr = NULL, *svm = NULL, *head = NULL;
	static char rows[40][64];
	bool per_class = false, confusion = false;
	for (int y = 0; y < 40; y++) {
		mvwinnstr(w, y, 0, rows[y], 38);
		if (strncmp(rows[y], "LR ", 3) == 0 && !lr)
			lr = rows[y];
		if (strncmp(rows[y], "SVM ", 4) == 0 && !svm)
			svm = rows[y];
		if (strncmp(rows[y], "Model", 5) == 0)
			head = rows[y];
		per_class |= strncmp(rows[y], "Per class", 9) == 0;
		confusion |= strncmp(rows[y], "Confusion", 9) == 0;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(lr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(svm);
	CU_ASSERT_PTR_NOT_NULL_FATAL(head);
	CU_ASSERT(per_class && confusion);
	snprintf(line, sizeof line, "%.3f", d.b->models[0].metrics.auc);
	/* "0.932 13.57": the AUC and the fit time apart, numbers right-aligned
	 * under their headers. */
	char want[96];
	snprintf(want, sizeof want, "%s 13.57", line);
	CU_ASSERT_PTR_NOT_NULL(strstr(lr, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(svm, " 1234"));
	CU_ASSERT_EQUAL(strstr(head, "Fit s") - head + 5, strstr(svm, "1234") - svm + 4);
	CU_ASSERT_EQUAL(strstr(head, "AUC") - head + 3, strstr(lr, line) - lr + 5);
	d.timed = false;
	d.b->models[0].fit_seconds = d.b->models[3].fit_seconds = 0;
	free(self);
	delwin(w);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	ui_g = save;
}

static void test_keys(void)
{
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, 'h'), ACT_DEC);
	/* h only ever steps left: nothing where there is no slider to step. */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_METRICS, 'h'), ACT_NONE);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PREDICTION, 'h'), ACT_NONE);
	/* htop and ncdu: F10, q, Q quit; Esc and q close help and prompts. */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_METRICS, KEY_F(10)), ACT_QUIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, 'Q'), ACT_QUIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PROMPT, 'q'), ACT_ABORT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PROMPT, 27), ACT_ABORT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PROMPT, '\n'), ACT_ACCEPT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PROMPT, 'm'), ACT_NONE);  /* typed, not a command */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, KEY_F(10)), ACT_QUIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_NOMODEL, 27), ACT_CANCEL);   /* never quits */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_CHOICE, 'w'), ACT_REPLACE);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_CHOICE, 'k'), ACT_KEEP);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_CHOICE, 'd'), ACT_DISCARD);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_CHOICE, 'r'), ACT_NONE);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_METRICS, 'G'), ACT_LAST);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, KEY_F(1)), ACT_HELP);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, '7'), ACT_DIGIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_PREDICTION, 'q'), ACT_QUIT);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, 'q'), ACT_CLOSE);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, 27), ACT_CLOSE);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_HELP, 'm'), ACT_NONE);   /* modal */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_NOMODEL, '\n'), ACT_TRAIN);
	/* PgUp is the larger value, as on any slider. */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, KEY_PPAGE), ACT_INC10);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_SLIDERS, KEY_NPAGE), ACT_DEC10);
	/* The What-if pane steps the slider with the Sliders pane's keys. */
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_CURVE, 'h'), ACT_DEC);
	CU_ASSERT_EQUAL(keys_lookup(UI_CTX_CURVE, 'l'), ACT_INC);

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
	/* A global key a pane takes over says where, on its own line: here
	 * only c (the what-if pane's next class), and help is ? and F1 only. */
	int noted = 0, help = 0;
	for (int i = 0; i < n; i++) {
		noted += strstr(lines[i], ": not in ") != NULL;
		help += strstr(lines[i], "? F1 ") && strstr(lines[i], "show this help");
	}
	CU_ASSERT_EQUAL(noted, 1);
	CU_ASSERT_EQUAL(help, 1);
	char bar[256];
	keys_bar(UI_CTX_SLIDERS, bar, sizeof bar);
	CU_ASSERT(strstr(bar, "q:quit") && strstr(bar, "?:help") && strstr(bar, "h/l:step"));
	CU_ASSERT(strlen(bar) <= 78);
	keys_bar(UI_CTX_METRICS, bar, sizeof bar);
	CU_ASSERT(strstr(bar, "PgUp/PgDn:page") != NULL);
	CU_ASSERT(strlen(bar) <= 78);
	/* While a prompt is open the bar offers the prompt's keys only. */
	keys_bar(UI_CTX_PROMPT, bar, sizeof bar);
	CU_ASSERT_STRING_EQUAL(bar, "Enter:set  Esc:cancel");
	keys_bar(UI_CTX_CHOICE, bar, sizeof bar);
	CU_ASSERT(strstr(bar, "w:replace artifacts") && strstr(bar, "k:keep unsaved")
	          && strstr(bar, "d:discard"));
}

static void test_text(void)
{
	static const char duree[] = "dur\xc3\xa9" "e";       /* "duree", e acute */
	static const char premium[] = "Pr\xc3\xa9mium";
	char buf[64];
	struct glyphs save = ui_g;

	/* --ascii or a non-UTF-8 locale: one '?' per character or stray byte. */
	ui_g.utf8 = false;
	CU_ASSERT_EQUAL(ui_width(duree), 5);
	CU_ASSERT_EQUAL(ui_width("\xe9t\xe9"), 3);          /* Latin-1 bytes */
	CU_ASSERT_EQUAL(ui_width("a\tb"), 3);
	ui_fit(buf, sizeof buf, premium, 8, false);
	CU_ASSERT_STRING_EQUAL(buf, "Pr?mium ");
	ui_fit(buf, sizeof buf, premium, 9, true);
	CU_ASSERT_STRING_EQUAL(buf, "  Pr?mium");
	ui_fit(buf, sizeof buf, premium, 3, false);
	CU_ASSERT_STRING_EQUAL(buf, "Pr?");
	CU_ASSERT_EQUAL(ui_prefix(duree, strlen(duree), 4, NULL), 5);   /* never half an e acute */
	CU_ASSERT_EQUAL(ui_prefix(duree, strlen(duree), 3, NULL), 3);

	/* UTF-8: display columns, wide characters count two. */
	if (setlocale(LC_CTYPE, "C.UTF-8")) {
		static const char wide[] = "\xe6\xb9\xbf\xe5\xba\xa6x";  /* two CJK, then x */
		int cols;
		ui_g.utf8 = true;
		CU_ASSERT_EQUAL(ui_width(duree), 5);
		CU_ASSERT_EQUAL(ui_width(wide), 5);
		ui_fit(buf, sizeof buf, premium, 8, false);
		CU_ASSERT_STRING_EQUAL(buf, "Pr\xc3\xa9mium ");
		ui_fit(buf, sizeof buf, wide, 3, false);
		CU_ASSERT_STRING_EQUAL(buf, "\xe6\xb9\xbf ");
		CU_ASSERT_EQUAL(ui_prefix(duree, strlen(duree), 4, &cols), 5);
		CU_ASSERT_EQUAL(cols, 4);
		CU_ASSERT_EQUAL(ui_width("\xffx"), 2);           /* invalid byte: '?' */
		setlocale(LC_CTYPE, "C");
	}
	ui_g = save;
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
		{ "grid", test_grid },
		{ "curve", test_curve },
		{ "headline sweep", test_headline_sweep },
		{ "strict parse", test_parse },
		{ "reset", test_reset },
		{ "export", test_export },
		{ "metrics columns", test_metrics_columns },
		{ "keys", test_keys },
		{ "text", test_text },
		{ "adopt keeps values", test_adopt_keeps_values },
		CU_TEST_INFO_NULL,
	};
	return tu_run_suite("tui", tests);
}
