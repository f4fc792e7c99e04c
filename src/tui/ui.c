/* ui.c - the dashboard's terminal and event loop (oc_cmd_dashboard).
 *
 * The only file that talks to the terminal as a whole: it checks that
 * there is one, opens it with newterm(), owns the signal handlers, lays the
 * panes out (KEY_RESIZE and the "too small" notice are handled here and
 * nowhere else), turns mouse events into synthetic keys, dispatches keys
 * through the key table and draws each frame with a single doupdate().
 * Input blocks while idle; only while a model trains does getch() time out
 * (every 100 ms) to pick up progress. */
#include "config.h"

#include <errno.h>
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

#include "cmd.h"
#include "pipeline.h"
#include "tui/tui.h"

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24
#define CTRL_L ('l' & 0x1f)

/* --- Signals --- */

static volatile sig_atomic_t ui_signal;     /* last terminating signal */
static struct termios ui_saved_tio;         /* terminal modes before start */
static bool ui_have_tio;
static const char *ui_cnorm;                /* cursor-visible string */

static const int ui_term_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int ui_fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
#define N_TERM_SIG (sizeof ui_term_signals / sizeof ui_term_signals[0])
#define N_FATAL_SIG (sizeof ui_fatal_signals / sizeof ui_fatal_signals[0])

static struct sigaction ui_old_term[N_TERM_SIG], ui_old_fatal[N_FATAL_SIG];

/* The loop sees the flag when getch() returns (no SA_RESTART) and leaves
 * through endwin(), so the terminal is restored by the normal path. */
static void ui_on_term_signal(int sig)
{
	ui_signal = sig;
}

/* Only async-signal-safe calls: put the tty modes back, show the cursor,
 * stop mouse reporting, then die of the same signal. */
static void ui_on_fatal_signal(int sig)
{
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1006l";
	if (ui_have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &ui_saved_tio);
	if (ui_cnorm)
		(void)!write(STDOUT_FILENO, ui_cnorm, strlen(ui_cnorm));
	(void)!write(STDOUT_FILENO, mouse_off, sizeof mouse_off - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void ui_signals_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_term_signal;
	for (size_t i = 0; i < N_TERM_SIG; i++)
		sigaction(ui_term_signals[i], &sa, &ui_old_term[i]);
	sa.sa_handler = ui_on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < N_FATAL_SIG; i++)
		sigaction(ui_fatal_signals[i], &sa, &ui_old_fatal[i]);
}

static void ui_signals_restore(void)
{
	for (size_t i = 0; i < N_TERM_SIG; i++)
		sigaction(ui_term_signals[i], &ui_old_term[i], NULL);
	for (size_t i = 0; i < N_FATAL_SIG; i++)
		sigaction(ui_fatal_signals[i], &ui_old_fatal[i], NULL);
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

struct ui_pane {
	const struct pane_ops *ops;
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
	char progress_what[64];
	char status[DASH_MSG_MAX];
	char start_msg[DASH_MSG_MAX];
};

static const struct pane_ops *const ui_pane_ops[PANE_COUNT] = {
	[PANE_SLIDERS] = &pane_sliders_ops,
	[PANE_PREDICTION] = &pane_prediction_ops,
	[PANE_CURVE] = &pane_curve_ops,
	[PANE_METRICS] = &pane_metrics_ops,
	[PANE_TITLE] = &pane_title_ops,
	[PANE_STATUS] = &pane_status_ops,
	[PANE_HELP] = &pane_help_ops,
	[PANE_START] = &pane_start_ops,
};

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
		up->ops->resize(&u->pc, getmaxy(up->body), getmaxx(up->body));
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
	ui_place(u, PANE_TITLE, 0, 0, 1, cols, false);
	ui_place(u, PANE_STATUS, rows - 1, 0, 1, cols, false);
	int avail = rows - 2, lw = cols / 2;
	if (u->d.state != DASH_READY) {
		ui_place(u, PANE_START, 1, 0, avail, cols, true);
	} else {
		const struct oc_bundle *b = u->d.b;
		/* Two lines per slider when they fit beside an 8-row bottom. */
		int need_s = 2 * (int)b->n_features + 2;
		if (need_s > avail - 8)
			need_s = (int)b->n_features + 2;
		int need_p = 4 + (u->d.temp_idx >= 0) + (int)b->n_models + 2;
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
	if (u->d.state == DASH_READY)
		dash_recompute(&u->d);
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
	up->ops->draw(&u->pc, up->body, getmaxy(up->body), getmaxx(up->body));
	wnoutrefresh(up->body);
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
	u->pc.status = u->train ? u->progress_what : u->status;
	u->pc.start_msg = u->start_msg;
	for (int p = 0; p < PANE_COUNT; p++)
		if (p != PANE_HELP)
			ui_draw_pane(u, p, p == u->focus && !u->pc.help);
	if (u->pc.help)
		ui_draw_pane(u, PANE_HELP, true);
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
	if (key == ERR || u->pc.help || u->d.state != DASH_READY)
		return u->pc.help && key != UI_KEY_CLICK ? key : ERR;
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

static void ui_train_start(struct ui *u)
{
	struct oc_err err;
	if (u->train) {
		snprintf(u->status, sizeof u->status, "a model is already being trained");
		return;
	}
	oc_err_clear(&err);
	u->train = train_start(u->d.cfg, &err);
	u->start_msg[0] = '\0';
	if (!u->train)
		snprintf(u->status, sizeof u->status, "%s", err.msg);
	else
		snprintf(u->progress_what, sizeof u->progress_what, "starting");
	u->pc.progress = u->train ? 0 : -1;
}

/* Picks up progress; on completion adopts the new model.  Returns true
 * when something on screen changed. */
static bool ui_train_poll(struct ui *u)
{
	if (!u->train)
		return false;
	if (!train_finished(u->train)) {
		double done;
		char what[64];
		train_progress(u->train, &done, what, sizeof what);
		bool changed = done != u->pc.progress || strcmp(what, u->progress_what) != 0;
		u->pc.progress = done;
		snprintf(u->progress_what, sizeof u->progress_what, "%s", what);
		return changed;
	}
	struct oc_err err;
	struct oc_bundle *b = NULL;
	oc_err_clear(&err);
	int st = train_finish(&u->train, &b, &err);
	u->pc.progress = -1;
	u->pc.status_error = false;
	if (st == OC_OK && dash_adopt(&u->d, b) == OC_OK) {
		const struct oc_trained *t = &u->d.b->models[u->d.b->best];
		u->d.timed = true;
		if (u->d.want_missing) {
			/* -m named a model the configuration does not train. */
			snprintf(u->status, sizeof u->status,
			         "trained, but without a '%s' model ([models] enabled); showing %s",
			         oc_model_registry[u->d.want_model]->key, u->d.b->models[u->d.use].ops->key);
			u->pc.status_error = true;
		} else {
			snprintf(u->status, sizeof u->status, "trained: best %s, accuracy %.3f",
			         t->ops->title, t->metrics.accuracy);
		}
		ui_layout(u);
	} else if (st == OC_OK) {
		snprintf(u->status, sizeof u->status, "out of memory loading the new model");
	} else {
		/* First line in the bar; the whole message on the start screen. */
		snprintf(u->start_msg, sizeof u->start_msg, "Training failed: %s", err.msg);
		snprintf(u->status, sizeof u->status, "training failed: %.*s",
		         (int)strcspn(err.msg, "\n"), err.msg);
	}
	return true;
}

/* --- Keys --- */

static int ui_global_action(struct ui *u, enum ui_action a)
{
	struct dash *d = &u->d;
	switch (a) {
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_HELP:
		u->pc.help = true;
		pane_help_ops.init(&u->pc);
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
		ui_train_start(u);
		return UI_HANDLED | UI_REDRAW;
	case ACT_REPAINT:
		clearok(curscr, TRUE);
		return UI_HANDLED | UI_REDRAW;
	default:
		return 0;
	}
}

static int ui_key(struct ui *u, int ch)
{
	if (u->too_small) {
		/* Nothing is shown to act on: only quitting and repainting work
		 * (and resizing, which the loop handles). */
		if (ch == 'q')
			return UI_QUIT;
		if (ch != CTRL_L)
			return 0;
		clearok(curscr, TRUE);
		return UI_REDRAW;
	}
	if (u->pc.help)
		return pane_help_ops.key(&u->pc, keys_lookup(UI_CTX_HELP, ch), ch);
	if (u->d.state != DASH_READY) {
		switch (keys_lookup(UI_CTX_NOMODEL, ch)) {
		case ACT_TRAIN:
			ui_train_start(u);
			return UI_REDRAW;
		case ACT_QUIT:
			return UI_QUIT;
		case ACT_REPAINT:
			clearok(curscr, TRUE);
			return UI_REDRAW;
		default:
			return 0;
		}
	}
	const struct pane_ops *ops = u->panes[u->focus].ops;
	int r;
	if (u->pc.grab) {
		r = ops->key(&u->pc, ACT_NONE, ch);
	} else {
		u->status[0] = '\0';
		u->pc.status_error = false;
		enum ui_action a = keys_lookup(ops->ctx, ch);
		if (a == ACT_CLICK) {
			r = ops->key ? ops->key(&u->pc, a, ch) : 0;
		} else {
			r = ui_global_action(u, a);
			if (!r && ops->key && a != ACT_NONE)
				r = ops->key(&u->pc, a, ch);
		}
		r |= UI_REDRAW;
	}
	/* A pane's message goes to the status line, where there is room. */
	if (u->pc.note[0]) {
		snprintf(u->status, sizeof u->status, "%s", u->pc.note);
		u->pc.status_error = u->pc.note_error;
		u->pc.note[0] = '\0';
		r |= UI_REDRAW;
	}
	return r;
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

static void ui_glyphs(bool utf8)
{
	static const struct glyphs uni = {
		true, "█", "░", "━", "─", "●", "▶", "▲", "▼", "┊",
	};
	static const struct glyphs ascii = {
		false, "#", ".", "=", "-", "O", ">", "^", "v", ":",
	};
	ui_g = utf8 ? uni : ascii;
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
		if (ui_train_poll(u)) {
			redraw = true;
			layout |= u->d.state == DASH_READY && !u->panes[PANE_SLIDERS].visible
			          && !u->too_small;
			if (layout)
				continue;
		}
		if (redraw) {
			ui_draw(u);
			redraw = false;
		}
		wtimeout(u->input, u->train ? 100 : -1);
		errno = 0;
		int ch = wgetch(u->input);
		if (ch == ERR) {
			int e = errno;
			if (ui_signal)
				break;
			/* A blocking read that keeps failing, or a hung-up fd, means
			 * the terminal is gone: leave instead of spinning. */
			if (e == EIO || ui_input_lost() || (!u->train && e != EINTR && ++errors > 20))
				break;
			continue;
		}
		errors = 0;
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
	u.pc.d = &u.d;
	u.pc.progress = -1;
	for (int p = 0; p < PANE_COUNT; p++)
		u.panes[p].ops = ui_pane_ops[p];

	ui_have_tio = tcgetattr(STDIN_FILENO, &ui_saved_tio) == 0;
	ui_signal = 0;
	ui_signals_install();
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		ui_signals_restore();
		dash_close(&u.d);
		fprintf(stderr, "opticure: cannot open the terminal '%s' (use --batch)\n",
		        getenv("TERM"));
		return OC_ETERM;
	}
	set_term(scr);
	cbreak();
	noecho();
	curs_set(0);
	u.input = newwin(1, 1, 0, 0);
	if (!u.input) {
		endwin();
		delscreen(scr);
		ui_signals_restore();
		dash_close(&u.d);
		fputs("opticure: out of memory\n", stderr);
		return OC_EINTERNAL;
	}
	keypad(u.input, TRUE);
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
			u.panes[p].ops->init(&u.pc);

	ui_run(&u);

	if (u.train) {
		/* Let the pipeline stop and remove its temporary files. */
		struct oc_bundle *b = NULL;
		train_cancel(u.train);
		train_finish(&u.train, &b, NULL);
		oc_bundle_free(&b);
	}
	if (u.use_mouse)
		mousemask(0, NULL);
	for (int p = 0; p < PANE_COUNT; p++)
		if (u.panes[p].ops->free)
			u.panes[p].ops->free(&u.pc);
	ui_windows_free(&u);
	delwin(u.input);
	curs_set(1);
	endwin();
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
