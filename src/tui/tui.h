/* tui.h - what the dashboard's files share (internal to src/tui/).
 *
 * ui.c owns the terminal and the event loop.  The state the panes show
 * lives in struct dash (dash.c, no curses).  Each pane is one file that
 * exports a const struct pane_ops; its key handler returns UI_* flags and
 * never draws.  Keys are looked up in one table (keys.c), which also
 * generates the help screen and the key bar.
 *
 * Adding a pane:
 *  * add its id before PANE_COUNT below
 *  * write pane_<name>.c exporting pane_<name>_ops
 *  * register it in ui_panes[] (ui.c) and give it a rectangle in ui_layout()
 *  * add its context to the key table if it takes keys */
#ifndef OC_TUI_H
#define OC_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <curses.h>

#include "cli.h"
#include "conf.h"
#include "modelfile.h"

/* --- Flags returned by key handlers --- */

enum {
	UI_HANDLED = 1 << 0,    /* the key meant something */
	UI_REDRAW = 1 << 1,     /* state shown on screen changed */
	UI_RESIZE = 1 << 2,     /* layout must be recomputed */
	UI_QUIT = 1 << 3,       /* leave the dashboard */
	UI_RECOMPUTE = 1 << 4,  /* inputs changed: predictions and curve are stale */
};

/* --- Key actions and contexts (keys.c) --- */

/* X(name, help text) */
#define UI_ACTION_TABLE(X) \
	X(ACT_NONE,        "") \
	X(ACT_QUIT,        "quit") \
	X(ACT_HELP,        "show this help") \
	X(ACT_CLOSE,       "close the help") \
	X(ACT_FOCUS_NEXT,  "focus the next pane") \
	X(ACT_FOCUS_PREV,  "focus the previous pane") \
	X(ACT_MODEL_NEXT,  "use the next model for the prediction") \
	X(ACT_RETRAIN,     "retrain with the current configuration") \
	X(ACT_REPAINT,     "repaint the screen") \
	X(ACT_UP,          "previous item / scroll up") \
	X(ACT_DOWN,        "next item / scroll down") \
	X(ACT_DEC,         "step the value down") \
	X(ACT_INC,         "step the value up") \
	X(ACT_DEC10,       "step the value down x10") \
	X(ACT_INC10,       "step the value up x10") \
	X(ACT_PAGE_UP,     "page up") \
	X(ACT_PAGE_DOWN,   "page down") \
	X(ACT_FIRST,       "jump to the start") \
	X(ACT_LAST,        "jump to the end") \
	X(ACT_ENTER,       "type an exact value") \
	X(ACT_DIGIT,       "start typing an exact value") \
	X(ACT_CLICK,       "mouse click (select / set)") \
	X(ACT_TRAIN,       "train a model now") \
	X(ACT_CLASS_NEXT,  "plot the next class")

enum ui_action {
#define UI_X(name, text) name,
	UI_ACTION_TABLE(UI_X)
#undef UI_X
	ACT_COUNT
};

/* Where a key binding applies.  A pane's own context is searched before
 * UI_CTX_GLOBAL, so 'h' steps a slider but opens help elsewhere (the help
 * screen says where a global key is taken over).
 * X(name, help heading, short name) */
#define UI_CTX_TABLE(X) \
	X(UI_CTX_GLOBAL,     "Everywhere",      "") \
	X(UI_CTX_SLIDERS,    "Sliders pane",    "Sliders") \
	X(UI_CTX_PREDICTION, "Prediction pane", "Prediction") \
	X(UI_CTX_CURVE,      "What-if pane",    "What-if") \
	X(UI_CTX_METRICS,    "Metrics pane",    "Metrics") \
	X(UI_CTX_HELP,       "Help screen",     "Help") \
	X(UI_CTX_NOMODEL,    "Without a model", "")

enum ui_ctx {
#define UI_X(name, text, brief) name,
	UI_CTX_TABLE(UI_X)
#undef UI_X
	UI_CTX_COUNT
};

/* Synthetic keys produced by ui_mouse_key() (outside curses' key range). */
#define UI_KEY_CLICK    0x7fff0001
#define UI_KEY_WHEEL_UP 0x7fff0002
#define UI_KEY_WHEEL_DN 0x7fff0003

/* Action bound to key in ctx (falling back to UI_CTX_GLOBAL unless ctx is
 * modal), ACT_NONE when unbound. */
enum ui_action keys_lookup(enum ui_ctx ctx, int key);

/* Help text of action. */
const char *keys_action_text(enum ui_action a);

/* Name of ctx for the help screen. */
const char *keys_ctx_text(enum ui_ctx c);

/* Writes the help screen, generated from the key table, into out[0..max)
 * (caller-owned lines of 128 bytes); returns the number of lines. */
int keys_help_lines(char (*out)[128], int max);

/* Writes the key bar for ctx ("?:help Tab:pane ...") into buf. */
void keys_bar(enum ui_ctx ctx, char *buf, size_t bufsz);

/* --- Colour roles (theme.c) --- */

/* X(role, foreground, background, colour attributes, monochrome attributes) */
#define UI_ROLE_TABLE(X) \
	X(ROLE_NORMAL,   -1,            -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_TITLE,    COLOR_BLACK,   COLOR_CYAN,  A_NORMAL, A_REVERSE) \
	X(ROLE_BAR,      COLOR_BLACK,   COLOR_WHITE, A_NORMAL, A_REVERSE) \
	X(ROLE_BAR_KEY,  COLOR_BLUE,    COLOR_WHITE, A_BOLD,   A_REVERSE | A_BOLD) \
	X(ROLE_FRAME,    -1,            -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_FOCUS,    COLOR_CYAN,    -1,          A_BOLD,   A_BOLD) \
	X(ROLE_SELECTED, COLOR_BLACK,   COLOR_CYAN,  A_NORMAL, A_REVERSE) \
	X(ROLE_LABEL,    -1,            -1,          A_BOLD,   A_BOLD) \
	X(ROLE_DIM,      -1,            -1,          A_DIM,    A_NORMAL) \
	X(ROLE_GOOD,     COLOR_GREEN,   -1,          A_BOLD,   A_BOLD) \
	X(ROLE_BAD,      COLOR_YELLOW,  -1,          A_BOLD,   A_BOLD | A_UNDERLINE) \
	X(ROLE_BEST,     COLOR_GREEN,   -1,          A_BOLD,   A_BOLD) \
	X(ROLE_TRACK,    COLOR_BLUE,    -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_KNOB,     COLOR_CYAN,    -1,          A_BOLD,   A_BOLD) \
	X(ROLE_CURVE,    COLOR_MAGENTA, -1,          A_BOLD,   A_NORMAL) \
	X(ROLE_MARK,     COLOR_YELLOW,  -1,          A_BOLD,   A_BOLD) \
	X(ROLE_ERROR,    COLOR_RED,     -1,          A_BOLD,   A_BOLD | A_REVERSE) \
	X(ROLE_PROGRESS, COLOR_CYAN,    -1,          A_BOLD,   A_BOLD)

enum ui_role {
#define UI_X(role, fg, bg, attr, mono) role,
	UI_ROLE_TABLE(UI_X)
#undef UI_X
	ROLE_COUNT
};

/* Sets up colour pairs when use_color, else the monochrome column. */
void theme_init(bool use_color);

/* Attributes (pair included) of role. */
attr_t theme_attr(enum ui_role role);

/* Glyphs: Unicode when utf8, else ASCII. */
struct glyphs {
	bool utf8;
	const char *bar_full, *bar_empty;   /* confidence bar cells */
	const char *track_on, *track_off;   /* slider track */
	const char *knob;
	const char *cursor;                 /* selected-row marker */
	const char *up, *down;              /* scroll indicators */
	const char *curve_mark;             /* column of the current value in the curve */
};
extern struct glyphs ui_g;

/* Draws a frame around w with title, highlighted when focused. */
void theme_frame(WINDOW *w, const char *title, bool focused);

/* Horizontal bar of width cells filled to fraction f (0..1), with eighth
 * blocks in UTF-8. */
void theme_bar(WINDOW *w, int y, int x, int width, double f, enum ui_role role);

/* --- Dashboard state (dash.c, no curses) --- */

enum dash_state {
	DASH_READY,     /* a model is loaded */
	DASH_NOMODEL,   /* no model file yet: offer to train */
	DASH_LOADERR,   /* the model file did not load: show why */
};

#define DASH_CURVE_MAX 512      /* curve samples kept (2 per cell with braille) */
#define DASH_MSG_MAX (OC_ERR_MAX + 32)

struct dash {
	const struct oc_config *cfg;
	char model_path[OC_PATH_MAX + 64];
	enum dash_state state;
	char load_msg[DASH_MSG_MAX];    /* the loader's message (DASH_LOADERR) */

	struct oc_bundle *b;            /* owned; NULL unless DASH_READY */
	time_t mtime;                   /* model file modification time */
	int use;                        /* models[] index used for the prediction */
	int want_model;                 /* cli->model: OC_MODEL_* kind or OC_MODEL_BEST */

	/* inputs: one slider per feature, allocated once per bundle */
	double *value;                  /* current values */
	double *step;                   /* one step of each slider */
	double *row;                    /* scratch row for the curve */
	int sel;                        /* selected slider */
	int temp_idx;                   /* index of barn_temperature or -1 */

	/* outputs, recomputed by dash_recompute() without allocating */
	double proba[OC_MODEL_COUNT][OC_MAX_CLASSES];  /* K per model */
	int vote[OC_MODEL_COUNT];
	double curve[DASH_CURVE_MAX];   /* P(dash_curve_class) of models[use] across sel's range */
	int curve_step;                 /* times c was pressed (see dash_curve_class) */
	int curve_n;                    /* samples wanted (set by the curve pane's layout) */
	int curve_at;                   /* sample nearest to the current value */
	bool timed;                     /* trained here: fit times are known (the
	                                   model file does not keep them) */
	bool want_missing;              /* want_model is not in b: the best is used */

	/* metrics table scrolling */
	int mscroll, mview;
};

/* Loads the model file named by cfg into d (state READY, NOMODEL or
 * LOADERR with the loader's message).  Returns OC_OK; OC_EUSAGE when the
 * file loads but has no model of kind want_model (the reason, as --predict
 * words it, in d->load_msg; nothing else loaded); OC_EINTERNAL when out of
 * memory. */
int dash_open(struct dash *d, const struct oc_config *cfg, int want_model);

/* Adopts bundle b (trained in-process), keeping slider values of features
 * with the same names and the model in use when still present, else
 * want_model, else the best (want_missing tells).  Takes ownership of b.
 * Returns OC_OK or OC_EINTERNAL (b freed). */
int dash_adopt(struct dash *d, struct oc_bundle *b);

/* Frees everything d owns. */
void dash_close(struct dash *d);

/* Recomputes every model's probabilities and vote and the what-if curve
 * for the selected slider.  Allocation-free. */
void dash_recompute(struct dash *d);

/* Moves slider i by n steps (clamped); returns true when the value changed. */
bool dash_step(struct dash *d, int i, int n);

/* Sets slider i to v (clamped); returns true when the value changed. */
bool dash_set(struct dash *d, int i, double v);

/* v on slider i's grid (the multiples of its step, which the arrow keys
 * walk) nearest to v, clamped to the range; the ends count as grid points. */
double dash_snap(const struct dash *d, int i, double v);

/* Index of the class the model in use predicts, and its confidence. */
int dash_grade(const struct dash *d, double *confidence);

/* The class the what-if curve plots: class 1 (the positive class of two
 * grades) at first, then each c in the what-if pane steps to the next. */
int dash_curve_class(const struct dash *d);

/* Formats slider value v of feature i into buf (precision from its step;
 * never "-0"). */
void dash_fmt_value(const struct dash *d, int i, double v, char *buf, size_t bufsz);

/* --- Background training (train.c) --- */

struct train;

/* Starts oc_pipeline_run(cfg) on a thread with signals blocked.  NULL with
 * err set when the thread cannot start. */
struct train *train_start(const struct oc_config *cfg, struct oc_err *err);

/* Progress so far: fraction 0..1 and a description (stage, model). */
void train_progress(struct train *t, double *done, char *what, size_t whatsz);

/* True once the run has ended (successfully or not). */
bool train_finished(struct train *t);

/* Asks the run to stop at its next check. */
void train_cancel(struct train *t);

/* Joins the thread and frees t.  On success returns OC_OK and *bundle (owned
 * by the caller); else the run's status with err set.  *t becomes NULL. */
int train_finish(struct train **t, struct oc_bundle **bundle, struct oc_err *err);

/* --- Panes --- */

enum pane_id {
	PANE_SLIDERS,
	PANE_PREDICTION,
	PANE_CURVE,
	PANE_METRICS,
	PANE_FOCUSABLE,         /* panes above take focus with Tab */
	PANE_TITLE = PANE_FOCUSABLE,
	PANE_STATUS,
	PANE_HELP,              /* modal */
	PANE_START,             /* replaces the panes without a model */
	PANE_COUNT
};

/* What a pane's callbacks see besides the dashboard state. */
struct pane_ctx {
	struct dash *d;
	bool focused;
	int click_y, click_x;   /* UI_KEY_CLICK position inside the pane's content */
	int table_y;            /* first model row of the prediction pane, as drawn */
	bool grab;              /* set by the focused pane to receive raw keys */
	bool help;              /* the help screen is open */
	enum ui_ctx focus_ctx;  /* key context of the focused pane (key bar) */
	const char *status;     /* status bar: transient message or progress */
	double progress;        /* < 0 when nothing runs */
	const char *start_msg;  /* what PANE_START says beside the state */
	bool status_error;      /* status is an error (drawn as such) */
	char note[DASH_MSG_MAX];    /* set by a key handler: shown in the status
	                               line until the next key */
	bool note_error;
};

struct pane_ops {
	const char *name;       /* frame title */
	enum ui_ctx ctx;        /* key context while focused */
	int (*init)(struct pane_ctx *c);
	/* Draws into w (the content area, h x wd) with werase done. */
	void (*draw)(struct pane_ctx *c, WINDOW *w, int h, int wd);
	/* Reacts to action; returns UI_* flags, never draws. */
	int (*key)(struct pane_ctx *c, enum ui_action a, int key);
	/* Called after the layout changed with the new content size. */
	void (*resize)(struct pane_ctx *c, int h, int wd);
	void (*free)(struct pane_ctx *c);
};

extern const struct pane_ops pane_sliders_ops;
extern const struct pane_ops pane_prediction_ops;
extern const struct pane_ops pane_curve_ops;
extern const struct pane_ops pane_metrics_ops;
extern const struct pane_ops pane_title_ops;
extern const struct pane_ops pane_status_ops;
extern const struct pane_ops pane_help_ops;
extern const struct pane_ops pane_start_ops;

/* --- Text (theme.c) ---
 * Display columns, not bytes: in UTF-8 what wcwidth says; in --ascii or a
 * non-UTF-8 locale every non-ASCII character (or stray byte) is drawn as
 * one '?', so measuring and drawing always agree. */

/* Writes s clipped to n columns at (y, x) of w. */
void ui_put(WINDOW *w, int y, int x, int n, const char *s);

/* Columns s takes on screen. */
int ui_width(const char *s);

/* Bytes of the longest prefix of s[0..len) that fits in n columns, never
 * splitting a character; its width in *cols when cols is not NULL. */
size_t ui_prefix(const char *s, size_t len, int n, int *cols);

/* s clipped and padded to exactly n columns (right-aligned when right) into
 * dst, in the form ui_put draws it. */
void ui_fit(char *dst, size_t dstsz, const char *s, int n, bool right);

#endif
