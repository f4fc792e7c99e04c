/* SPDX-License-Identifier: MIT */
/* ui.c - the dashboard's terminal and event loop (oc_cmd_dashboard).
 *
 * The only file that talks to the terminal as a whole: it checks that
 * there is one, opens it with newterm(), owns the signal handlers, lays the
 * panes out (KEY_RESIZE and the "too small" notice are handled here and
 * nowhere else), turns mouse events into synthetic keys, dispatches keys
 * through the key table and draws each frame with a single doupdate().
 * While idle, input waits a second at a time (to notice a model file
 * another run rewrote); while a model trains, 100 ms (to pick up
 * progress).  A retrain writes nothing until the user chooses: replace the
 * artifacts, keep the new models for this session, or discard them. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <term.h>

#include "cmd/cmd.h"
#include "pipeline/pipeline.h"
#include "tui/tui.h"

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24
#define CTRL_L ('l' & 0x1f)

/* --- Signals --- */

static volatile sig_atomic_t ui_signal;     /* last terminating signal */
static struct termios ui_saved_tio;         /* terminal modes before start */
static bool ui_have_tio;
static volatile sig_atomic_t ui_active;     /* the terminal is in curses mode */
static const char *ui_cnorm;                /* cursor-visible string */

/* Signals that kill by default without a fault: the loop leaves through
 * endwin().  Those of a fault (or abort()) cannot wait for the loop. */
static const int ui_term_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGVTALRM,
	SIGPROF, SIGXCPU, SIGXFSZ,
#ifdef SIGIO
	SIGIO,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};
static const int ui_fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP };
#define N_TERM_SIG (sizeof ui_term_signals / sizeof ui_term_signals[0])
#define N_FATAL_SIG (sizeof ui_fatal_signals / sizeof ui_fatal_signals[0])
#define UI_SIG_MAX 128      /* above SIGRTMAX on every Linux */

static struct sigaction ui_old[UI_SIG_MAX];
static bool ui_caught[UI_SIG_MAX];

/* The loop sees the flag when getch() returns (no SA_RESTART) and leaves
 * through endwin(), so the terminal is restored by the normal path. */
static void ui_on_term_signal(int sig)
{
	ui_signal = sig;
}

/* Only async-signal-safe calls: put the tty modes back, show the cursor,
 * stop mouse reporting, leave the alternate screen. */
static void ui_restore_raw(void)
{
	static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?1049l";
	if (ui_have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_saved_tio);
	if (ui_cnorm)
		(void)!write(STDOUT_FILENO, ui_cnorm, strlen(ui_cnorm));
	(void)!write(STDOUT_FILENO, reset, sizeof reset - 1);
}

/* A fault: restore, then die of the same signal. */
static void ui_on_fatal_signal(int sig)
{
	if (ui_active)
		ui_restore_raw();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* exit() from anywhere while the dashboard runs (a library's abort path):
 * the terminal is put back all the same. */
static void ui_atexit(void)
{
	if (ui_active) {
		ui_active = 0;
		ui_restore_raw();
	}
}

static void ui_catch(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	if (sig <= 0 || sig >= UI_SIG_MAX)
		return;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	if (sigaction(sig, &sa, &ui_old[sig]) == 0)
		ui_caught[sig] = true;
}

static void ui_signals_install(void)
{
	static bool registered;
	for (size_t i = 0; i < N_TERM_SIG; i++)
		ui_catch(ui_term_signals[i], ui_on_term_signal, 0);
	/* The real-time signals terminate by default too. */
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		ui_catch(sig, ui_on_term_signal, 0);
	for (size_t i = 0; i < N_FATAL_SIG; i++)
		ui_catch(ui_fatal_signals[i], ui_on_fatal_signal, SA_RESETHAND);
	if (!registered)
		registered = atexit(ui_atexit) == 0;
}

static void ui_signals_restore(void)
{
	for (int sig = 1; sig < UI_SIG_MAX; sig++)
		if (ui_caught[sig]) {
			sigaction(sig, &ui_old[sig], NULL);
			ui_caught[sig] = false;
		}
}

/* --- Terminal checks --- */

/* Refuses what newterm() would accept but cannot drive: an unset, unknown
 * or hard-copy TERM, or one without cursor addressing (dumb).  Nothing is
 * written to the terminal; the reason goes to stderr as one line. */
static int ui_check_term(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	if (!term || !*term) {
		fputs("opticure: TERM is not set; the dashboard needs a terminal (use --batch)\n", stderr);
		return OC_ETERM;
	}
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		fprintf(stderr, "opticure: unknown terminal type '%s' (use --batch)\n", term);
		return OC_ETERM;
	}
	const char *cup = tigetstr("cup");
	bool usable = cup && cup != (char *)-1 && tigetflag("hc") <= 0 && tigetflag("gn") <= 0;
	const char *cnorm = tigetstr("cnorm");
	static char cnorm_copy[64];
	if (cnorm && cnorm != (char *)-1 && strlen(cnorm) < sizeof cnorm_copy) {
		strcpy(cnorm_copy, cnorm);
		ui_cnorm = cnorm_copy;
	}
	del_curterm(cur_term);
	if (!usable) {
		fprintf(stderr, "opticure: terminal type '%s' cannot address the cursor (use --batch)\n",
		        term);
		return OC_ETERM;
	}
	return OC_OK;
}

/* --- Layout --- */

#define UI_LOG_MAX 100
#define UI_STATUS_MAX_LINES 4   /* lines a long message may take above the key bar */

struct ui_pane {
	const struct pane_ops *ops;
	void *self;             /* the instance's state (ops->size bytes) */
	WINDOW *frame, *body;   /* frame NULL for the title and status lines */
	int y, x, h, w;         /* frame rectangle */
	bool visible;
};

struct ui {
	struct dash d;
	struct pane_ctx pc;
	struct ui_pane panes[PANE_COUNT];
	WINDOW *input;          /* 1x1, never written: getch() on stdscr would
	                           repaint the blank stdscr over the panes */
	int focus;              /* PANE_SLIDERS .. PANE_METRICS */
	bool too_small;
	bool use_mouse;
	struct train *train;
	bool train_defer;       /* the run writes nothing until the user chooses */
	bool cancelling;
	struct oc_bundle *candidate;    /* a deferred run's models, awaiting the choice */
	bool file_noticed;      /* the "model file changed" message was given */
	char progress_what[64];
	char status[DASH_MSG_MAX];
	char start_msg[DASH_MSG_MAX];
	char dir[OC_PATH_MAX + 8];
	char log[UI_LOG_MAX][DASH_MSG_MAX + 16];
	const char *logp[UI_LOG_MAX];
	int log_n;
};

static const struct pane_ops *const ui_pane_ops[PANE_COUNT] = {
	[PANE_SLIDERS] = &pane_sliders_ops,
	[PANE_PREDICTION] = &pane_prediction_ops,
	[PANE_CURVE] = &pane_curve_ops,
	[PANE_METRICS] = &pane_metrics_ops,
	[PANE_TITLE] = &pane_title_ops,
	[PANE_STATUS] = &pane_status_ops,
	[PANE_HELP] = &pane_help_ops,
	[PANE_LOG] = &pane_log_ops,
	[PANE_START] = &pane_start_ops,
};

/* Calls pane p's callback fn when it has one. */
#define PANE_CALL(u, p, fn, ...) \
	((u)->panes[p].ops->fn ? (u)->panes[p].ops->fn((u)->panes[p].self, &(u)->pc, __VA_ARGS__) : 0)

static void ui_windows_free(struct ui *u)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		struct ui_pane *up = &u->panes[p];
		if (up->body)
			delwin(up->body);
		if (up->frame)
			delwin(up->frame);
		up->body = up->frame = NULL;
		up->visible = false;
	}
}

static void ui_place(struct ui *u, int p, int y, int x, int h, int w, bool framed)
{
	struct ui_pane *up = &u->panes[p];
	up->y = y;
	up->x = x;
	up->h = h;
	up->w = w;
	if (framed) {
		up->frame = newwin(h, w, y, x);
		up->body = up->frame ? derwin(up->frame, h - 2, w - 2, 1, 1) : NULL;
	} else {
		up->body = newwin(h, w, y, x);
	}
	up->visible = up->body != NULL;
	if (up->visible && up->ops->resize)
		up->ops->resize(up->self, &u->pc, getmaxy(up->body), getmaxx(up->body));
}

/* Lines the message needs above the key bar: none when it fits beside the
 * bar, else as many as it wraps into (at most UI_STATUS_MAX_LINES). */
static int ui_status_lines(struct ui *u)
{
	char keys[256];
	if (u->pc.prompt.open || !u->status[0])
		return 0;
	keys_bar(u->pc.bar_ctx, keys, sizeof keys);
	if (ui_width(u->status) + 2 + 1 + ui_width(keys) <= COLS)
		return 0;
	int n = ui_wrap_count(u->status, COLS - 2);
	return n > UI_STATUS_MAX_LINES ? UI_STATUS_MAX_LINES : n;
}

/* Lays every pane out for the current size; the top row fits the taller
 * of the sliders and the prediction, the rest goes to the curve and the
 * metrics. */
static void ui_layout(struct ui *u)
{
	int rows = LINES, cols = COLS;
	ui_windows_free(u);
	u->too_small = rows < UI_MIN_LINES || cols < UI_MIN_COLS;
	if (u->too_small)
		return;
	int sl = u->pc.status_lines = ui_status_lines(u);
	ui_place(u, PANE_TITLE, 0, 0, 1, cols, false);
	ui_place(u, PANE_STATUS, rows - 1 - sl, 0, 1 + sl, cols, false);
	int avail = rows - 2 - sl, lw = cols / 2;
	if (u->d.state != DASH_READY) {
		ui_place(u, PANE_START, 1, 0, avail, cols, true);
	} else {
		const struct oc_bundle *b = u->d.b;
		/* Two lines per slider when they fit beside an 8-row bottom. */
		int need_s = 2 * (int)b->n_features + 2;
		if (need_s > avail - 8)
			need_s = (int)b->n_features + 2;
		/* grade, bar, temperature, blank, header, models, the '!' line */
		int need_p = 4 + (u->d.temp_idx >= 0) + (int)b->n_models + 1 + 2;
		int top = need_s > need_p ? need_s : need_p;
		if (top > avail - 8)
			top = avail - 8;
		if (top < 8)
			top = 8;
		ui_place(u, PANE_SLIDERS, 1, 0, top, lw, true);
		ui_place(u, PANE_PREDICTION, 1, lw, top, cols - lw, true);
		ui_place(u, PANE_CURVE, 1 + top, 0, avail - top, lw, true);
		ui_place(u, PANE_METRICS, 1 + top, lw, avail - top, cols - lw, true);
	}
	if (u->pc.help)
		ui_place(u, PANE_HELP, 1, 0, avail, cols, true);
	else if (u->pc.log)
		ui_place(u, PANE_LOG, 1, 0, avail, cols, true);
	if (u->d.state == DASH_READY)
		dash_recompute(&u->d);
}

/* --- Messages --- */

/* Shows a message in the status line until the next key, and keeps it in
 * the session's log (L). */
static void ui_msg(struct ui *u, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ui_msg(struct ui *u, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->status, sizeof u->status, fmt, ap);
	va_end(ap);
	u->pc.status_error = error;
	if (u->log_n == UI_LOG_MAX) {
		memmove(u->log[0], u->log[1], sizeof u->log[0] * (UI_LOG_MAX - 1));
		u->log_n--;
	}
	time_t now = time(NULL);
	struct tm tm;
	char when[16] = "";
	if (localtime_r(&now, &tm))
		strftime(when, sizeof when, "%H:%M:%S ", &tm);
	snprintf(u->log[u->log_n], sizeof u->log[0], "%s%s%s", when, error ? "error: " : "",
	         u->status);
	u->log_n++;
	for (int i = 0; i < u->log_n; i++)
		u->logp[i] = u->log[i];
	u->pc.log_lines = u->logp;
	u->pc.log_n = u->log_n;
}

/* --- Drawing --- */

static void ui_draw_too_small(void)
{
	char msg[80];
	werase(stdscr);
	snprintf(msg, sizeof msg, "terminal too small (%dx%d, need %dx%d)", COLS, LINES,
	         UI_MIN_COLS, UI_MIN_LINES);
	int y = LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0;
	int x = (COLS - (int)strlen(msg)) / 2;
	mvwaddnstr(stdscr, y, x > 0 ? x : 0, msg, COLS);
	const char *hint = "q quits";
	x = (COLS - (int)strlen(hint)) / 2;
	if (y + 1 < LINES)
		mvwaddnstr(stdscr, y + 1, x > 0 ? x : 0, hint, COLS);
	wnoutrefresh(stdscr);
}

static void ui_draw_pane(struct ui *u, int p, bool focused)
{
	struct ui_pane *up = &u->panes[p];
	if (!up->visible)
		return;
	u->pc.focused = focused;
	if (up->frame) {
		werase(up->frame);
		theme_frame(up->frame, up->ops->name, focused);
		wnoutrefresh(up->frame);
	}
	werase(up->body);
	up->ops->draw(up->self, &u->pc, up->body, getmaxy(up->body), getmaxx(up->body));
	wnoutrefresh(up->body);
}

/* The key context the key bar shows. */
static enum ui_ctx ui_bar_ctx(const struct ui *u)
{
	return u->pc.prompt.open ? UI_CTX_PROMPT
	     : u->pc.help || u->pc.log ? UI_CTX_HELP
	     : u->candidate ? UI_CTX_CHOICE
	     : u->d.state != DASH_READY ? UI_CTX_NOMODEL
	     : u->panes[u->focus].ops->ctx;
}

static void ui_draw(struct ui *u)
{
	wnoutrefresh(u->input);
	if (u->too_small) {
		ui_draw_too_small();
		doupdate();
		return;
	}
	u->pc.focus_ctx = u->panes[u->focus].ops->ctx;
	u->pc.bar_ctx = ui_bar_ctx(u);
	/* A message (e.g. "already training") goes before the progress text. */
	u->pc.status = u->status[0] || !u->train || u->candidate ? u->status : u->progress_what;
	u->pc.start_msg = u->start_msg;
	for (int p = 0; p < PANE_COUNT; p++)
		if (p != PANE_HELP && p != PANE_LOG)
			ui_draw_pane(u, p, p == u->focus && !u->pc.help && !u->pc.log);
	if (u->pc.help)
		ui_draw_pane(u, PANE_HELP, true);
	else if (u->pc.log)
		ui_draw_pane(u, PANE_LOG, true);
	doupdate();
}

/* --- Mouse --- */

/* The one place mouse events become keys: the wheel scrolls the pane under
 * the pointer, a click focuses it and becomes UI_KEY_CLICK with the
 * position kept in pane_ctx.  Returns ERR for events that mean nothing. */
static int ui_mouse_key(struct ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || u->too_small)
		return ERR;
	int key = (ev.bstate & BUTTON4_PRESSED) ? UI_KEY_WHEEL_UP
	        : (ev.bstate & BUTTON5_PRESSED) ? UI_KEY_WHEEL_DN
	        : (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) ? UI_KEY_CLICK : ERR;
	bool modal = u->pc.help || u->pc.log;
	if (key == ERR || modal || u->d.state != DASH_READY || u->pc.prompt.open || u->candidate)
		return modal && key != UI_KEY_CLICK ? key : ERR;
	for (int p = 0; p < PANE_FOCUSABLE; p++) {
		struct ui_pane *up = &u->panes[p];
		if (!up->visible || ev.y < up->y || ev.y >= up->y + up->h || ev.x < up->x
		    || ev.x >= up->x + up->w)
			continue;
		u->focus = p;
		u->pc.click_y = ev.y - up->y - 1;
		u->pc.click_x = ev.x - up->x - 1;
		return key;
	}
	return ERR;
}

/* --- Training --- */

/* Starts a run: a retrain (a model is shown) writes nothing until the
 * user chooses; the first model, asked for on the start screen, is
 * written as that screen says. */
static void ui_train_start(struct ui *u)
{
	struct oc_err err;
	if (u->train) {
		ui_msg(u, false, u->candidate ? "new models are waiting: w, k or d first"
		                              : "already training (c or Esc cancels)");
		return;
	}
	oc_err_clear(&err);
	u->train_defer = u->d.state == DASH_READY;
	u->cancelling = false;
	u->train = train_start(u->d.cfg, u->train_defer, &err);
	u->start_msg[0] = '\0';
	if (!u->train)
		ui_msg(u, true, "%s", err.msg);
	else
		snprintf(u->progress_what, sizeof u->progress_what, "starting");
	u->pc.progress = u->train ? 0 : -1;
}

/* Adopts bundle b (owned) as the models in use; false when out of memory. */
static bool ui_adopt(struct ui *u, struct oc_bundle *b)
{
	if (dash_adopt(&u->d, b) != OC_OK) {
		ui_msg(u, true, "out of memory loading the new model");
		return false;
	}
	u->d.timed = true;
	if (u->d.want_missing)
		/* -m named a model the configuration does not train. */
		ui_msg(u, true, "trained, but without a '%s' model ([models] enabled); showing %s",
		       oc_model_registry[u->d.want_model]->key, u->d.b->models[u->d.use].ops->key);
	return true;
}

/* Picks up progress; on completion offers the choice (retrain) or adopts
 * the new model (first training).  Returns true when something on screen
 * changed. */
static bool ui_train_poll(struct ui *u)
{
	if (!u->train || u->candidate)
		return false;
	if (!train_finished(u->train)) {
		double done;
		char what[64];
		train_progress(u->train, &done, what, sizeof what);
		if (u->cancelling)
			snprintf(what, sizeof what, "cancelling");
		bool changed = done != u->pc.progress || strcmp(what, u->progress_what) != 0;
		u->pc.progress = done;
		snprintf(u->progress_what, sizeof u->progress_what, "%s", what);
		return changed;
	}
	struct oc_err err;
	struct oc_bundle *b = NULL;
	oc_err_clear(&err);
	int st = train_join(u->train, &b, &err);
	u->pc.progress = -1;
	if (st == OC_OK && u->train_defer && u->d.state == DASH_READY) {
		/* Nothing written yet: the user decides. */
		u->candidate = b;
		u->pc.candidate = b;
		u->pc.candidate_timed = true;
		const struct oc_trained *t = &b->models[b->best];
		ui_msg(u, false, "new models: best %s, accuracy %.3f (see Metrics); w replaces the "
		       "artifacts, k keeps them unsaved, d discards", t->ops->title, t->metrics.accuracy);
		return true;
	}
	train_free(&u->train);
	if (st == OC_OK) {
		if (ui_adopt(u, b)) {
			u->d.unsaved = false;
			if (!u->d.want_missing) {
				const struct oc_trained *t = &u->d.b->models[u->d.b->best];
				ui_msg(u, false, "trained: best %s, accuracy %.3f; written to %s", t->ops->title,
				       t->metrics.accuracy, u->dir);
			}
		}
		ui_layout(u);
	} else if (st == OC_ECANCELED) {
		ui_msg(u, false, "training cancelled; the artifacts are unchanged");
	} else {
		/* First line in the bar; the whole message on the start screen. */
		snprintf(u->start_msg, sizeof u->start_msg, "Training failed: %s", err.msg);
		ui_msg(u, true, "training failed: %s", err.msg);
	}
	return true;
}

/* The choice after a retrain. */
static int ui_choose(struct ui *u, enum ui_action a)
{
	struct oc_err err;
	char names[256];
	struct oc_bundle *b = u->candidate;
	switch (a) {
	case ACT_REPLACE:
		oc_err_clear(&err);
		if (train_commit(u->train, b, names, sizeof names, &err) != OC_OK) {
			/* Nothing replaced: the choice stays open. */
			ui_msg(u, true, "%s; nothing replaced (k keeps the new models unsaved, d discards)",
			       err.msg);
			return UI_HANDLED | UI_REDRAW;
		}
		break;
	case ACT_KEEP:
		break;
	case ACT_DISCARD:
		oc_bundle_free(&u->candidate);
		u->pc.candidate = NULL;
		train_free(&u->train);
		ui_msg(u, false, "new models discarded; the current ones stay in use");
		return UI_HANDLED | UI_REDRAW | UI_RESIZE;
	case ACT_QUIT:
		return UI_QUIT;
	default:
		ui_msg(u, false, "new models are waiting: w, k or d first (w replaces the artifacts, "
		       "k keeps the new models unsaved, d discards them)");
		return UI_HANDLED | UI_REDRAW;
	}
	u->candidate = NULL;
	u->pc.candidate = NULL;
	train_free(&u->train);
	if (!ui_adopt(u, b))
		return UI_HANDLED | UI_REDRAW;
	u->d.unsaved = a == ACT_KEEP;
	if (a == ACT_REPLACE) {
		dash_stat_model(&u->d);
		u->file_noticed = false;
		if (!u->d.want_missing)
			ui_msg(u, false, "replaced in %s: %s", u->dir, names);
	} else if (!u->d.want_missing) {
		ui_msg(u, false, "new models in use for this session only; the artifacts are unchanged");
	}
	return UI_HANDLED | UI_REDRAW | UI_RESIZE | UI_RECOMPUTE;
}

/* --- Keys --- */

static int ui_global_action(struct ui *u, enum ui_action a)
{
	struct dash *d = &u->d;
	struct oc_err err;
	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_HELP:
		u->pc.help = true;
		u->panes[PANE_HELP].ops->init(u->panes[PANE_HELP].self, &u->pc);
		return UI_HANDLED | UI_RESIZE;
	case ACT_LOG:
		u->pc.log = true;
		u->panes[PANE_LOG].ops->init(u->panes[PANE_LOG].self, &u->pc);
		return UI_HANDLED | UI_RESIZE;
	case ACT_FOCUS_NEXT:
		u->focus = (u->focus + 1) % PANE_FOCUSABLE;
		return UI_HANDLED | UI_REDRAW;
	case ACT_FOCUS_PREV:
		u->focus = (u->focus + PANE_FOCUSABLE - 1) % PANE_FOCUSABLE;
		return UI_HANDLED | UI_REDRAW;
	case ACT_MODEL_NEXT:
		d->use = (d->use + 1) % (int)d->b->n_models;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_RETRAIN:
	case ACT_TRAIN:
		ui_train_start(u);
		return UI_HANDLED | UI_REDRAW;
	case ACT_CANCEL:
		if (!u->train)
			return UI_HANDLED;
		train_cancel(u->train);
		u->cancelling = true;
		return UI_HANDLED | UI_REDRAW;
	case ACT_RESET:
		if (dash_reset(d))
			ui_msg(u, false, "every slider back to its default");
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_EXPORT: {
		static const char path[] = "opticure-inputs.csv";
		oc_err_clear(&err);
		if (dash_export_row(d, path, &err) == OC_OK)
			ui_msg(u, false, "inputs appended to ./%s; 'opticure --predict=%s' scores them",
			       path, path);
		else
			ui_msg(u, true, "%s", err.msg);
		return UI_HANDLED | UI_REDRAW;
	}
	case ACT_OVERLAY:
		d->overlay = !d->overlay;
		return UI_HANDLED | UI_REDRAW | UI_RECOMPUTE;
	case ACT_EXPLAIN:
		d->explain = !d->explain;
		return UI_HANDLED | UI_REDRAW | UI_RESIZE | UI_RECOMPUTE;
	case ACT_RELOAD:
		oc_err_clear(&err);
		if (dash_reload(d, &err) == OC_OK) {
			u->file_noticed = false;
			ui_msg(u, false, "reloaded %s", d->model_path);
		} else {
			ui_msg(u, true, "%s", err.msg[0] ? err.msg : oc_status_str(err.status));
		}
		return UI_HANDLED | UI_REDRAW | UI_RESIZE | UI_RECOMPUTE;
	case ACT_REPAINT:
		clearok(curscr, TRUE);
		return UI_HANDLED | UI_REDRAW;
	default:
		return 0;
	}
}

/* Keys while the prompt is open: its own context only. */
static int ui_prompt_key(struct ui *u, int ch)
{
	bool accept;
	enum ui_action a = keys_lookup(UI_CTX_PROMPT, ch);
	int r = prompt_key(&u->pc.prompt, a, ch, &accept);
	if (accept)
		r |= PANE_CALL(u, u->pc.prompt.owner, key, ACT_ACCEPT, ch);
	return r;
}

static int ui_key(struct ui *u, int ch)
{
	if (u->too_small) {
		/* Nothing is shown to act on: only quitting and repainting work
		 * (and resizing, which the loop handles). */
		if (keys_lookup(UI_CTX_GLOBAL, ch) == ACT_QUIT)
			return UI_QUIT;
		if (ch != CTRL_L)
			return 0;
		clearok(curscr, TRUE);
		return UI_REDRAW;
	}
	/* Every key is the next action: the last message goes. */
	u->status[0] = '\0';
	u->pc.status_error = false;
	int r;
	if (u->pc.prompt.open) {
		r = ui_prompt_key(u, ch);
	} else if (u->pc.help) {
		r = PANE_CALL(u, PANE_HELP, key, keys_lookup(UI_CTX_HELP, ch), ch);
	} else if (u->pc.log) {
		r = PANE_CALL(u, PANE_LOG, key, keys_lookup(UI_CTX_HELP, ch), ch);
	} else if (u->candidate) {
		r = ui_choose(u, keys_lookup(UI_CTX_CHOICE, ch));
	} else if (u->d.state != DASH_READY) {
		enum ui_action a = keys_lookup(UI_CTX_NOMODEL, ch);
		r = a == ACT_NONE ? 0 : ui_global_action(u, a);
	} else {
		const struct pane_ops *ops = u->panes[u->focus].ops;
		enum ui_action a = keys_lookup(ops->ctx, ch);
		if (a == ACT_CLICK) {
			r = PANE_CALL(u, u->focus, key, a, ch);
		} else {
			r = ui_global_action(u, a);
			if (!r && a != ACT_NONE)
				r = PANE_CALL(u, u->focus, key, a, ch);
		}
	}
	r |= UI_REDRAW;
	/* A pane's message goes to the status line, where there is room. */
	if (u->pc.note[0]) {
		ui_msg(u, u->pc.note_error, "%s", u->pc.note);
		u->pc.note[0] = '\0';
	}
	return r;
}

/* Says once that the model file on disk is no longer the one shown. */
static bool ui_check_file(struct ui *u)
{
	if (u->file_noticed || u->train || !dash_model_changed(&u->d))
		return false;
	u->file_noticed = true;
	ui_msg(u, false, "%s changed on disk (another run wrote it): R reloads it", OC_MODEL_FILE);
	return true;
}

/* True when the terminal is gone (hangup, closed pty). */
static bool ui_input_lost(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&pfd, 1, 0) < 0)
		return errno != EINTR;
	return (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* --- Entry point --- */

/* Braille where the font is likely to have it; the Linux console's fonts
 * do not, so half blocks there; ASCII with --ascii or outside UTF-8. */
static void ui_glyphs(bool utf8)
{
	static const struct glyphs uni = {
		true, PLOT_BRAILLE, "█", "░", "━", "─", "●", "▶", "▲", "▼", "┊", "◆", "┄",
	};
	static const struct glyphs ascii = {
		false, PLOT_ASCII, "#", ".", "=", "-", "O", ">", "^", "v", ":", "o", "-",
	};
	const char *term = getenv("TERM");
	ui_g = utf8 ? uni : ascii;
	if (utf8 && term && strncmp(term, "linux", 5) == 0)
		ui_g.plot = PLOT_BLOCK;
}

static bool ui_want_color(const struct oc_cli *cli, const struct oc_config *cfg)
{
	const char *nc = getenv("NO_COLOR");
	if (cli->no_color || cfg->color == OC_COLOR_NEVER)
		return false;
	if (nc && *nc && cfg->color != OC_COLOR_ALWAYS)
		return false;
	return has_colors();
}

/* Runs the loop until quit, a terminating signal or a lost terminal. */
static void ui_run(struct ui *u)
{
	bool redraw = true, layout = true;
	int errors = 0;

	for (;;) {
		if (ui_signal)
			break;
		if (layout) {
			clearok(curscr, TRUE);
			ui_layout(u);
			layout = false;
			redraw = true;
		}
		if (ui_train_poll(u))
			redraw = true;
		if (redraw) {
			/* A message that needs more (or fewer) lines moves the panes. */
			if (!u->too_small && ui_status_lines(u) != u->pc.status_lines) {
				layout = true;
				continue;
			}
			ui_draw(u);
			redraw = false;
		}
		errno = 0;
		int ch = input_read(u->input, u->train && !u->candidate ? 100 : 1000);
		if (ch == ERR) {
			int e = errno;
			if (ui_signal)
				break;
			/* A blocking read that keeps failing, or a hung-up fd, means
			 * the terminal is gone: leave instead of spinning. */
			if (e == EIO || ui_input_lost() || (e != 0 && e != EINTR && ++errors > 20))
				break;
			if (ui_check_file(u))
				redraw = true;
			continue;
		}
		errors = 0;
		if (ch == UI_KEY_NONE)
			continue;
		if (ch == KEY_RESIZE) {
			layout = true;
			continue;
		}
		if (ch == KEY_MOUSE && (ch = ui_mouse_key(u)) == ERR)
			continue;
		int r = ui_key(u, ch);
		if (r & UI_QUIT)
			break;
		if (r & UI_RECOMPUTE)
			dash_recompute(&u->d);
		if (r & UI_RESIZE)
			layout = true;
		if (r & (UI_REDRAW | UI_RECOMPUTE))
			redraw = true;
	}
}

/* Frees the pane instances. */
static void ui_panes_free(struct ui *u)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		if (u->panes[p].self && u->panes[p].ops->free)
			u->panes[p].ops->free(u->panes[p].self, &u->pc);
		free(u->panes[p].self);
		u->panes[p].self = NULL;
	}
}

/* Makes one instance of every pane; false when out of memory. */
static bool ui_panes_new(struct ui *u)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		u->panes[p].ops = ui_pane_ops[p];
		if (ui_pane_ops[p]->size && !(u->panes[p].self = calloc(1, ui_pane_ops[p]->size))) {
			ui_panes_free(u);
			return false;
		}
	}
	return true;
}

int oc_cmd_dashboard(const struct oc_cli *cli, const struct oc_config *cfg)
{
	static struct ui u;     /* large (messages); one dashboard per process */
	int st;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("opticure: not a terminal (use --batch)\n", stderr);
		return OC_EUSAGE;
	}
	/* main() sets the locale; the character type is what line drawing needs. */
	setlocale(LC_CTYPE, "");
	if ((st = ui_check_term()) != OC_OK)
		return st;

	memset(&u, 0, sizeof u);
	/* Before the terminal is touched, so the message stays readable. */
	if ((st = dash_open(&u.d, cfg, cli->model)) != OC_OK) {
		if (st == OC_EUSAGE)
			fprintf(stderr, "opticure: %s\n", u.d.load_msg);
		else
			fputs("opticure: out of memory\n", stderr);
		return st;
	}
	if (!ui_panes_new(&u)) {
		dash_close(&u.d);
		fputs("opticure: out of memory\n", stderr);
		return OC_EINTERNAL;
	}
	u.pc.d = &u.d;
	u.pc.progress = -1;
	snprintf(u.dir, sizeof u.dir, "%s", cfg->output_dir[0] ? cfg->output_dir : ".");
	u.pc.model_file = u.d.model_path;
	u.pc.artifact_dir = u.dir;
	u.pc.log_lines = u.logp;

	ui_have_tio = tcgetattr(STDIN_FILENO, &ui_saved_tio) == 0;
	ui_signal = 0;
	ui_signals_install();
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		ui_signals_restore();
		ui_panes_free(&u);
		dash_close(&u.d);
		fprintf(stderr, "opticure: cannot open the terminal '%s' (use --batch)\n",
		        getenv("TERM"));
		return OC_ETERM;
	}
	ui_active = 1;
	set_term(scr);
	cbreak();
	noecho();
	curs_set(0);
	u.input = newwin(1, 1, 0, 0);
	if (!u.input) {
		endwin();
		ui_active = 0;
		delscreen(scr);
		ui_signals_restore();
		ui_panes_free(&u);
		dash_close(&u.d);
		fputs("opticure: out of memory\n", stderr);
		return OC_EINTERNAL;
	}
	keypad(u.input, TRUE);
	input_define_keys();
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	ui_glyphs(!cli->ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	theme_init(ui_want_color(cli, cfg));
	u.use_mouse = cli->mouse || cfg->mouse;
	if (u.use_mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	for (int p = 0; p < PANE_COUNT; p++)
		if (u.panes[p].ops->init)
			u.panes[p].ops->init(u.panes[p].self, &u.pc);

	ui_run(&u);

	if (u.train) {
		/* Let the pipeline stop and remove its temporary files; models
		 * awaiting the choice are dropped (nothing was written). */
		train_cancel(u.train);
		train_free(&u.train);
	}
	oc_bundle_free(&u.candidate);
	if (u.use_mouse)
		mousemask(0, NULL);
	ui_panes_free(&u);
	ui_windows_free(&u);
	delwin(u.input);
	curs_set(1);
	endwin();
	ui_active = 0;
	delscreen(scr);
	dash_close(&u.d);
	ui_signals_restore();
	if (ui_signal) {
		int sig = ui_signal;
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return OC_OK;
}
