/* SPDX-License-Identifier: MIT */
/* tui.h - what the dashboard's files share (internal to src/tui/).
 *
 * ui.c owns the terminal and the event loop.  The state the panes show
 * lives in struct dash (dash.c, no curses).  Each pane is one file that
 * exports a const struct pane_ops; ui.c makes one instance of each, whose
 * own state (ops->size bytes, zeroed) every callback receives as `self`,
 * so no pane keeps file statics.  A key handler returns UI_* flags and
 * never draws.  Keys are looked up in one table (keys.c), which also
 * generates the help screen and the key bar.
 *
 * Adding a pane:
 *  * add its id before PANE_COUNT below
 *  * write pane_<name>.c exporting pane_<name>_ops (with .size = sizeof
 *    its state struct)
 *  * register it in ui_pane_ops[] (ui.c) and give it a rectangle in ui_layout()
 *  * add its context to the key table if it takes keys */
#ifndef OC_TUI_H
#define OC_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <curses.h>

#include "cmd/cli.h"
#include "pipeline/conf.h"
#include "io/modelfile.h"

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
	X(ACT_CLOSE,       "close this screen") \
	X(ACT_LOG,         "show the session's messages in full") \
	X(ACT_FOCUS_NEXT,  "focus the next pane") \
	X(ACT_FOCUS_PREV,  "focus the previous pane") \
	X(ACT_MODEL_NEXT,  "use the next model for the prediction") \
	X(ACT_RETRAIN,     "retrain in the background, then choose what to keep") \
	X(ACT_CANCEL,      "cancel the training run") \
	X(ACT_RESET,       "reset every slider to its default") \
	X(ACT_EXPORT,      "append the inputs as a CSV row for --predict") \
	X(ACT_OVERLAY,     "overlay every model's curve (again: only the one in use)") \
	X(ACT_EXPLAIN,     "why this grade, and what would change it (again: the curve)") \
	X(ACT_RELOAD,      "reload the model file from disk") \
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
	X(ACT_CLASS_NEXT,  "plot the next class") \
	X(ACT_ACCEPT,      "set the typed value") \
	X(ACT_ABORT,       "cancel, keeping the old value") \
	X(ACT_LEFT,        "move the cursor left") \
	X(ACT_RIGHT,       "move the cursor right") \
	X(ACT_BACKSPACE,   "delete the character before the cursor") \
	X(ACT_DELETE,      "delete the character under the cursor") \
	X(ACT_REPLACE,     "replace the artifacts with the new models") \
	X(ACT_KEEP,        "use the new models for this session only (unsaved)") \
	X(ACT_DISCARD,     "discard the new models")

enum ui_action {
#define UI_X(name, text) name,
	UI_ACTION_TABLE(UI_X)
#undef UI_X
	ACT_COUNT
};

/* Where a key binding applies.  A pane's own context is searched before
 * UI_CTX_GLOBAL (the help screen says where a global key is taken over);
 * the modal contexts (help, prompt, choice, no model) see only their own
 * keys.  X(name, help heading, short name, modal) */
#define UI_CTX_TABLE(X) \
	X(UI_CTX_GLOBAL,     "Everywhere",                       "",           false) \
	X(UI_CTX_SLIDERS,    "Sliders pane",                     "Sliders",    false) \
	X(UI_CTX_PREDICTION, "Prediction pane",                  "Prediction", false) \
	X(UI_CTX_CURVE,      "What-if pane",                     "What-if",    false) \
	X(UI_CTX_METRICS,    "Metrics pane",                     "Metrics",    false) \
	X(UI_CTX_PROMPT,     "Typing a value",                   "",           true) \
	X(UI_CTX_CHOICE,     "New models trained (r)",           "",           true) \
	X(UI_CTX_HELP,       "Help screen and message log",      "",           true) \
	X(UI_CTX_NOMODEL,    "Without a model",                  "",           true)

enum ui_ctx {
#define UI_X(name, text, brief, modal) name,
	UI_CTX_TABLE(UI_X)
#undef UI_X
	UI_CTX_COUNT
};

/* Synthetic keys produced by ui_mouse_key() (outside curses' key range). */
#define UI_KEY_CLICK    0x7fff0001
#define UI_KEY_WHEEL_UP 0x7fff0002
#define UI_KEY_WHEEL_DN 0x7fff0003
#define UI_KEY_NONE     0x7fff0004  /* input that means nothing (a dropped sequence) */

/* --- Key input (input.c) --- */

/* Teaches curses the Home/End/Insert/Delete/PgUp/PgDn/F1-F12 and modified
 * arrow sequences common terminals send whatever their terminfo entry says
 * (as htop does), so that they arrive as KEY_* codes. */
void input_define_keys(void);

/* Reads one key from w as wgetch() does with a timeout of delay_ms (-1:
 * block) (ERR, KEY_RESIZE, KEY_MOUSE included), except that an escape sequence curses does not know (CSI or
 * SS3, e.g. "ESC [ 9 9 ~") is read to its end and dropped, never returned
 * byte by byte: UI_KEY_NONE is returned instead.  A lone Esc is 27. */
int input_read(WINDOW *w, int delay_ms);

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

/* The colour of class cls: class 0 reads as the good grade (Premium sorts
 * before Standard and Reject), the others as bad ones. */
enum ui_role ui_class_role(int cls);

/* How the what-if curve is plotted: Braille dots, half blocks (fonts
 * without Braille: the Linux console), or ASCII. */
enum plot_style { PLOT_BRAILLE, PLOT_BLOCK, PLOT_ASCII };

/* Glyphs: Unicode when utf8, else ASCII. */
struct glyphs {
	bool utf8;
	enum plot_style plot;
	const char *bar_full, *bar_empty;   /* confidence bar cells */
	const char *track_on, *track_off;   /* slider track */
	const char *knob;
	const char *cursor;                 /* selected-row marker */
	const char *up, *down;              /* scroll indicators */
	const char *curve_mark;             /* column of the current value in the curve */
	const char *optimum;                /* the curve's optimum on its axis */
	const char *decision;               /* the curve's P = 0.5 line */
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
	char *model_path;               /* owned; NULL before dash_open */
	enum dash_state state;
	char load_msg[DASH_MSG_MAX];    /* the loader's message (DASH_LOADERR) */

	struct oc_bundle *b;            /* owned; NULL unless DASH_READY */
	time_t mtime;                   /* model file modification time when loaded */
	off_t msize;                    /* and its size */
	bool unsaved;                   /* b was trained here and not written */
	int use;                        /* models[] index used for the prediction */
	int want_model;                 /* cli->model: OC_MODEL_* kind or OC_MODEL_BEST */
	int n_classes;                  /* classes of b (OC_MAX_CLASSES at most) */

	/* inputs: one slider per feature, allocated once per bundle */
	double *value;                  /* current values */
	double *step;                   /* one step of each slider */
	double *row;                    /* scratch row for the curve */
	int sel;                        /* selected slider */
	int temp_idx;                   /* index of barn_temperature or -1 */

	/* outputs, recomputed by dash_recompute() without allocating */
	double proba[OC_MODEL_COUNT][OC_MAX_CLASSES];  /* K per model */
	int vote[OC_MODEL_COUNT];       /* each model's predict() */
	/* P(dash_curve_class) of each model across sel's range (models[use]
	 * always; every model when overlay is set) */
	double curve[OC_MODEL_COUNT][DASH_CURVE_MAX];
	int curve_step;                 /* times c was pressed (see dash_curve_class) */
	int curve_n;                    /* samples wanted (set by the curve pane's layout) */
	int curve_at;                   /* sample nearest to the current value */
	bool overlay;                   /* curves of every model, not only models[use] */
	bool explain;                   /* x: the explanation instead of the curve */
	bool timed;                     /* trained here: fit times are known (the
	                                   model file does not keep them) */
	bool want_missing;              /* want_model is not in b: the best is used */
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

/* Loads the model file again (another run rewrote it) and adopts it as
 * dash_adopt does.  OC_OK, or the loader's status with err set (the
 * models in use are kept). */
int dash_reload(struct dash *d, struct oc_err *err);

/* Remembers the model file's modification time and size as they are now
 * (after loading or writing it). */
void dash_stat_model(struct dash *d);

/* True when the model file on disk is no longer the one loaded (another
 * run rewrote it). */
bool dash_model_changed(const struct dash *d);

/* Frees everything d owns. */
void dash_close(struct dash *d);

/* Recomputes every model's probabilities and vote and the what-if curve
 * for the selected slider.  Allocation-free. */
void dash_recompute(struct dash *d);

/* Moves slider i by n steps (clamped); returns true when the value changed. */
bool dash_step(struct dash *d, int i, int n);

/* Sets slider i to v (clamped); returns true when the value changed. */
bool dash_set(struct dash *d, int i, double v);

/* Puts every slider back to its default; returns true when one moved. */
bool dash_reset(struct dash *d);

/* v on slider i's grid (the multiples of its step, which the arrow keys
 * walk) nearest to v, clamped to the range; the ends count as grid points. */
double dash_snap(const struct dash *d, int i, double v);

/* The headline of the model in use: the class it votes for (its predict())
 * and, in *confidence, that class's probability, so the number always
 * belongs to the class named. */
int dash_grade(const struct dash *d, double *confidence);

/* The class the what-if curve plots: class 1 (the positive class of two
 * grades) at first, then each c in the what-if pane steps to the next. */
int dash_curve_class(const struct dash *d);

/* The class model m finds most probable; it differs from d->vote[m] when
 * the vote does not come from the probabilities (the SVC votes by its
 * decision function, its probabilities come from Platt scaling). */
int dash_most_probable(const struct dash *d, int m);

/* --- The explanation view (explain_view.c) --- */

/* Most features the explain view lays out. */
#define OC_EXPLAIN_VIEW_MAX_FEATURES 64

/* Contributions of every feature to the output of the model in use at the
 * slider row, and its base value; -1 with the reason in why when the model
 * cannot explain. */
int dash_explain(const struct dash *d, double *phi, double *base, char *why, size_t whysz);

/* The slider value of feature j nearest to its current one (in steps of
 * the slider, every other slider held) at which the model in use gives
 * another grade: true with the value, the signed number of steps and the
 * grade, false when none within the slider's range.  Uses d->row. */
bool dash_flip(struct dash *d, int j, double *at, int *steps, int *cls);

/* True when slider j is outside the range of the training data. */
bool dash_out_of_range(const struct dash *d, int j);

/* Draws the explanation of the slider row into w (h x wd). */
void explain_draw(struct dash *d, WINDOW *w, int h, int wd);

/* Formats slider value v of feature i into buf (precision from its step;
 * never "-0"). */
void dash_fmt_value(const struct dash *d, int i, double v, char *buf, size_t bufsz);

/* Parses text typed for slider i strictly: the whole text must be one
 * finite number (strtod, so "7e1" is 70).  Returns true with *v set, else
 * false with the reason in why ("'1,5' is not a number: ',' at column 2;
 * the decimal separator is '.'"). */
bool dash_parse_value(const char *text, double *v, char *why, size_t whysz);

/* Appends the current inputs to the CSV file path as --predict reads it
 * (header of feature names written first when the file is new or empty;
 * an existing file must start with that header).  Returns OC_OK, or an
 * error with err set naming the file. */
int dash_export_row(const struct dash *d, const char *path, struct oc_err *err);

/* --- Background training (train.c) --- */

struct train;

/* Starts oc_pipeline_run(cfg) on a thread with signals blocked.  When
 * defer_write is set the run writes nothing: the artifacts are written by
 * train_commit() if the user chooses to.  NULL with err set when the
 * thread cannot start. */
struct train *train_start(const struct oc_config *cfg, bool defer_write, struct oc_err *err);

/* Progress so far: fraction 0..1 and a description (stage, model). */
void train_progress(struct train *t, double *done, char *what, size_t whatsz);

/* True once the run has ended (successfully or not). */
bool train_finished(struct train *t);

/* Asks the run to stop at its next check. */
void train_cancel(struct train *t);

/* Joins the thread.  On success returns OC_OK and *bundle (owned by the
 * caller; the run keeps what a deferred write needs); else the run's
 * status with err set. */
int train_join(struct train *t, struct oc_bundle **bundle, struct oc_err *err);

/* Writes the artifacts of a deferred run whose bundle is b (the pipeline's
 * own transaction); the files written, space-separated, in names. */
int train_commit(struct train *t, const struct oc_bundle *b, char *names, size_t namesz,
                 struct oc_err *err);

/* Frees t (joining it first when still running); *t becomes NULL. */
void train_free(struct train **t);

/* --- Scrolling (scroll.c): the help, the message log and the metrics --- */

struct scroller {
	int top;        /* first line shown */
	int view;       /* lines shown */
	int total;      /* lines in all */
};

/* Keeps top within 0..total-view; returns that largest top. */
int scroll_clamp(struct scroller *s);

/* Applies a movement action (up, down, page, first, last); returns UI_*
 * flags, 0 when a is not a movement. */
int scroll_key(struct scroller *s, enum ui_action a);

/* The keys of a scrolling overlay (help, messages): quit quits, close
 * hides it (*shown = false), every other key is its own (scrolls it). */
int scroll_overlay_key(struct scroller *s, bool *shown, enum ui_action a);

/* Draws the "more above" mark at (y_top, x) and "more below" at
 * (y_bottom, x) when there is more. */
void scroll_marks(const struct scroller *s, WINDOW *w, int y_top, int y_bottom, int x);

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
	PANE_LOG,               /* modal: the session's messages */
	PANE_START,             /* replaces the panes without a model */
	PANE_COUNT
};

/* The one-line text field opened by a pane (the typed-value prompt).  The
 * status line shows it with its own key bar while it is open. */
#define UI_PROMPT_MAX 31
struct ui_prompt {
	bool open;
	int owner;                      /* pane_id that gets ACT_ACCEPT */
	char label[96];                 /* "barn_temperature (50..90 °C)" */
	char text[UI_PROMPT_MAX + 1];
	int len, cur;                   /* bytes typed, cursor position */
};

/* Opens p for owner with label and initial text. */
void prompt_open(struct ui_prompt *p, int owner, const char *label, const char *text);

/* Edits p with key (action a in UI_CTX_PROMPT); returns UI_* flags.  Enter
 * leaves p open and returns ACT_ACCEPT's caller a UI_HANDLED with accept
 * set; Esc or q closes it. */
int prompt_key(struct ui_prompt *p, enum ui_action a, int key, bool *accept);

/* Draws p at (y, x) in n columns: label, text, cursor (reverse video),
 * scrolled so the cursor stays visible. */
void prompt_draw(const struct ui_prompt *p, WINDOW *w, int y, int x, int n);

/* What a pane's callbacks see besides the dashboard state and their own. */
struct pane_ctx {
	struct dash *d;
	bool focused;
	int click_y, click_x;   /* UI_KEY_CLICK position inside the pane's content */
	bool help;              /* the help screen is open */
	bool log;               /* the message log is open */
	enum ui_ctx focus_ctx;  /* key context of the focused pane (key bar) */
	enum ui_ctx bar_ctx;    /* key context the key bar shows */
	const char *status;     /* status bar: transient message or progress */
	double progress;        /* < 0 when nothing runs */
	const char *start_msg;  /* what PANE_START says beside the state */
	bool status_error;      /* status is an error (drawn as such) */
	int status_lines;       /* lines the message takes above the key bar */
	struct ui_prompt prompt;
	/* after a retrain: the new models awaiting the choice (NULL otherwise) */
	const struct oc_bundle *candidate;
	bool candidate_timed;
	/* the session's messages, oldest first, for the message log */
	const char *const *log_lines;
	int log_n;
	/* what the help screen names */
	const char *model_file, *artifact_dir;
	char note[DASH_MSG_MAX];    /* set by a key handler: shown in the status
	                               line until the next key */
	bool note_error;
};

struct pane_ops {
	const char *name;       /* frame title */
	enum ui_ctx ctx;        /* key context while focused */
	size_t size;            /* bytes of the instance's state (self), zeroed */
	int (*init)(void *self, struct pane_ctx *c);
	/* Draws into w (the content area, h x wd) with werase done. */
	void (*draw)(void *self, struct pane_ctx *c, WINDOW *w, int h, int wd);
	/* Reacts to action; returns UI_* flags, never draws. */
	int (*key)(void *self, struct pane_ctx *c, enum ui_action a, int key);
	/* Called after the layout changed with the new content size. */
	void (*resize)(void *self, struct pane_ctx *c, int h, int wd);
	void (*free)(void *self, struct pane_ctx *c);
};

extern const struct pane_ops pane_sliders_ops;
extern const struct pane_ops pane_prediction_ops;
extern const struct pane_ops pane_curve_ops;
extern const struct pane_ops pane_metrics_ops;

/* The metrics pane's cross-validation rows (pane_metrics_cv.c): how many
 * (0 without cross-validation), and row k with its role; cw is the width
 * of a metric column. */
int metrics_cv_lines(const struct oc_bundle *b);
void metrics_cv_line(const struct oc_bundle *b, int k, int cw, char *buf, size_t bufsz,
                     enum ui_role *role);
extern const struct pane_ops pane_title_ops;
extern const struct pane_ops pane_status_ops;
extern const struct pane_ops pane_help_ops;
extern const struct pane_ops pane_log_ops;
extern const struct pane_ops pane_start_ops;

/* Wrapping at wd columns: the bytes of s's first line (up to a newline,
 * broken at the last space in the right half of the line when it must,
 * never 0 unless s is empty); *next receives where the next line starts
 * (spaces and one newline skipped). */
size_t ui_wrap_next(const char *s, int wd, const char **next);

/* Lines s takes wrapped at wd columns. */
int ui_wrap_count(const char *s, int wd);

/* --- Text (theme.c) ---
 * Display columns, not bytes: in UTF-8 what wcwidth says; in --ascii or a
 * non-UTF-8 locale every non-ASCII character (or stray byte) is drawn as
 * one '?', so measuring and drawing always agree. */

/* Writes s clipped to n columns at (y, x) of w. */
void ui_put(WINDOW *w, int y, int x, int n, const char *s);

/* Display form of a unit: "degC" gets a degree sign in UTF-8, and the
 * ASCII form drops non-ASCII bytes ("°C" becomes "C"); buf holds it then. */
const char *ui_unit(const char *u, char *buf, size_t bufsz);

/* Columns s takes on screen. */
int ui_width(const char *s);

/* Bytes of the longest prefix of s[0..len) that fits in n columns, never
 * splitting a character; its width in *cols when cols is not NULL. */
size_t ui_prefix(const char *s, size_t len, int n, int *cols);

/* s clipped and padded to exactly n columns (right-aligned when right) into
 * dst, in the form ui_put draws it. */
void ui_fit(char *dst, size_t dstsz, const char *s, int n, bool right);

#endif
