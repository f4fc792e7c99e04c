/* SPDX-License-Identifier: MIT */
/* keys.c - the one key table: dispatch, the help screen and the key bar
 * are all generated from it, so they cannot disagree. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

#define CTRL(c) ((c) & 0x1f)

struct key_binding {
	int key;
	enum ui_ctx ctx;
	enum ui_action act;
};

/* Order matters for the help screen: keys of one action are listed in
 * table order, and the first one is shown in the key bar. */
static const struct key_binding key_table[] = {
	/* As htop and ncdu: F10, q or Q quit, F1 or ? help; h never means
	 * help (it steps left, as in vi). */
	{ 'q',             UI_CTX_GLOBAL,     ACT_QUIT },
	{ 'Q',             UI_CTX_GLOBAL,     ACT_QUIT },
	{ KEY_F(10),       UI_CTX_GLOBAL,     ACT_QUIT },
	{ '?',             UI_CTX_GLOBAL,     ACT_HELP },
	{ KEY_F(1),        UI_CTX_GLOBAL,     ACT_HELP },
	{ 'L',             UI_CTX_GLOBAL,     ACT_LOG },
	{ '\t',            UI_CTX_GLOBAL,     ACT_FOCUS_NEXT },
	{ KEY_BTAB,        UI_CTX_GLOBAL,     ACT_FOCUS_PREV },
	{ 'm',             UI_CTX_GLOBAL,     ACT_MODEL_NEXT },
	{ 'r',             UI_CTX_GLOBAL,     ACT_RETRAIN },
	{ 'c',             UI_CTX_GLOBAL,     ACT_CANCEL },
	{ 27,              UI_CTX_GLOBAL,     ACT_CANCEL },
	{ 'D',             UI_CTX_GLOBAL,     ACT_RESET },
	{ 'e',             UI_CTX_GLOBAL,     ACT_EXPORT },
	{ 'o',             UI_CTX_GLOBAL,     ACT_OVERLAY },
	{ 'x',             UI_CTX_GLOBAL,     ACT_EXPLAIN },
	{ 'R',             UI_CTX_GLOBAL,     ACT_RELOAD },
	{ CTRL('l'),       UI_CTX_GLOBAL,     ACT_REPAINT },
	{ UI_KEY_CLICK,    UI_CTX_GLOBAL,     ACT_CLICK },

	{ 'k',             UI_CTX_SLIDERS,    ACT_UP },
	{ KEY_UP,          UI_CTX_SLIDERS,    ACT_UP },
	{ UI_KEY_WHEEL_UP, UI_CTX_SLIDERS,    ACT_UP },
	{ 'j',             UI_CTX_SLIDERS,    ACT_DOWN },
	{ KEY_DOWN,        UI_CTX_SLIDERS,    ACT_DOWN },
	{ UI_KEY_WHEEL_DN, UI_CTX_SLIDERS,    ACT_DOWN },
	{ 'h',             UI_CTX_SLIDERS,    ACT_DEC },
	{ KEY_LEFT,        UI_CTX_SLIDERS,    ACT_DEC },
	{ '-',             UI_CTX_SLIDERS,    ACT_DEC },
	{ 'l',             UI_CTX_SLIDERS,    ACT_INC },
	{ KEY_RIGHT,       UI_CTX_SLIDERS,    ACT_INC },
	{ '+',             UI_CTX_SLIDERS,    ACT_INC },
	/* As on a GUI slider (and WAI-ARIA's): PgUp means more, Home the
	 * lowest value, End the highest. */
	{ KEY_NPAGE,       UI_CTX_SLIDERS,    ACT_DEC10 },
	{ KEY_SLEFT,       UI_CTX_SLIDERS,    ACT_DEC10 },
	{ KEY_PPAGE,       UI_CTX_SLIDERS,    ACT_INC10 },
	{ KEY_SRIGHT,      UI_CTX_SLIDERS,    ACT_INC10 },
	{ KEY_HOME,        UI_CTX_SLIDERS,    ACT_FIRST },
	{ KEY_END,         UI_CTX_SLIDERS,    ACT_LAST },
	{ '\n',            UI_CTX_SLIDERS,    ACT_ENTER },
	{ KEY_ENTER,       UI_CTX_SLIDERS,    ACT_ENTER },
	{ '0',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '1',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '2',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '3',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '4',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '5',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '6',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '7',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '8',             UI_CTX_SLIDERS,    ACT_DIGIT },
	{ '9',             UI_CTX_SLIDERS,    ACT_DIGIT },

	{ 'k',             UI_CTX_PREDICTION, ACT_UP },
	{ KEY_UP,          UI_CTX_PREDICTION, ACT_UP },
	{ 'j',             UI_CTX_PREDICTION, ACT_DOWN },
	{ KEY_DOWN,        UI_CTX_PREDICTION, ACT_DOWN },

	/* The curve steps the selected slider: the same keys as there. */
	{ 'h',             UI_CTX_CURVE,      ACT_DEC },
	{ KEY_LEFT,        UI_CTX_CURVE,      ACT_DEC },
	{ '-',             UI_CTX_CURVE,      ACT_DEC },
	{ 'l',             UI_CTX_CURVE,      ACT_INC },
	{ KEY_RIGHT,       UI_CTX_CURVE,      ACT_INC },
	{ '+',             UI_CTX_CURVE,      ACT_INC },
	{ 'c',             UI_CTX_CURVE,      ACT_CLASS_NEXT },
	{ 'k',             UI_CTX_CURVE,      ACT_UP },
	{ KEY_UP,          UI_CTX_CURVE,      ACT_UP },
	{ 'j',             UI_CTX_CURVE,      ACT_DOWN },
	{ KEY_DOWN,        UI_CTX_CURVE,      ACT_DOWN },

	{ 'k',             UI_CTX_METRICS,    ACT_UP },
	{ KEY_UP,          UI_CTX_METRICS,    ACT_UP },
	{ UI_KEY_WHEEL_UP, UI_CTX_METRICS,    ACT_UP },
	{ 'j',             UI_CTX_METRICS,    ACT_DOWN },
	{ KEY_DOWN,        UI_CTX_METRICS,    ACT_DOWN },
	{ UI_KEY_WHEEL_DN, UI_CTX_METRICS,    ACT_DOWN },
	{ KEY_PPAGE,       UI_CTX_METRICS,    ACT_PAGE_UP },
	{ CTRL('b'),       UI_CTX_METRICS,    ACT_PAGE_UP },
	{ KEY_NPAGE,       UI_CTX_METRICS,    ACT_PAGE_DOWN },
	{ CTRL('f'),       UI_CTX_METRICS,    ACT_PAGE_DOWN },
	{ ' ',             UI_CTX_METRICS,    ACT_PAGE_DOWN },
	{ 'g',             UI_CTX_METRICS,    ACT_FIRST },
	{ KEY_HOME,        UI_CTX_METRICS,    ACT_FIRST },
	{ 'G',             UI_CTX_METRICS,    ACT_LAST },
	{ KEY_END,         UI_CTX_METRICS,    ACT_LAST },

	{ '\n',            UI_CTX_PROMPT,     ACT_ACCEPT },
	{ KEY_ENTER,       UI_CTX_PROMPT,     ACT_ACCEPT },
	{ 27,              UI_CTX_PROMPT,     ACT_ABORT },
	{ 'q',             UI_CTX_PROMPT,     ACT_ABORT },
	{ KEY_LEFT,        UI_CTX_PROMPT,     ACT_LEFT },
	{ KEY_RIGHT,       UI_CTX_PROMPT,     ACT_RIGHT },
	{ KEY_HOME,        UI_CTX_PROMPT,     ACT_FIRST },
	{ CTRL('a'),       UI_CTX_PROMPT,     ACT_FIRST },
	{ KEY_END,         UI_CTX_PROMPT,     ACT_LAST },
	{ CTRL('e'),       UI_CTX_PROMPT,     ACT_LAST },
	{ KEY_BACKSPACE,   UI_CTX_PROMPT,     ACT_BACKSPACE },
	{ 127,             UI_CTX_PROMPT,     ACT_BACKSPACE },
	{ 8,               UI_CTX_PROMPT,     ACT_BACKSPACE },
	{ KEY_DC,          UI_CTX_PROMPT,     ACT_DELETE },

	{ 'w',             UI_CTX_CHOICE,     ACT_REPLACE },
	{ 'k',             UI_CTX_CHOICE,     ACT_KEEP },
	{ 'd',             UI_CTX_CHOICE,     ACT_DISCARD },
	{ 27,              UI_CTX_CHOICE,     ACT_DISCARD },
	{ KEY_F(10),       UI_CTX_CHOICE,     ACT_QUIT },

	{ 27,              UI_CTX_HELP,       ACT_CLOSE },
	{ 'q',             UI_CTX_HELP,       ACT_CLOSE },
	{ '?',             UI_CTX_HELP,       ACT_CLOSE },
	{ KEY_F(1),        UI_CTX_HELP,       ACT_CLOSE },
	{ 'Q',             UI_CTX_HELP,       ACT_QUIT },
	{ KEY_F(10),       UI_CTX_HELP,       ACT_QUIT },
	{ 'k',             UI_CTX_HELP,       ACT_UP },
	{ KEY_UP,          UI_CTX_HELP,       ACT_UP },
	{ UI_KEY_WHEEL_UP, UI_CTX_HELP,       ACT_UP },
	{ 'j',             UI_CTX_HELP,       ACT_DOWN },
	{ KEY_DOWN,        UI_CTX_HELP,       ACT_DOWN },
	{ UI_KEY_WHEEL_DN, UI_CTX_HELP,       ACT_DOWN },
	{ KEY_PPAGE,       UI_CTX_HELP,       ACT_PAGE_UP },
	{ KEY_NPAGE,       UI_CTX_HELP,       ACT_PAGE_DOWN },
	{ ' ',             UI_CTX_HELP,       ACT_PAGE_DOWN },
	{ 'g',             UI_CTX_HELP,       ACT_FIRST },
	{ KEY_HOME,        UI_CTX_HELP,       ACT_FIRST },
	{ 'G',             UI_CTX_HELP,       ACT_LAST },
	{ KEY_END,         UI_CTX_HELP,       ACT_LAST },

	{ '\n',            UI_CTX_NOMODEL,    ACT_TRAIN },
	{ KEY_ENTER,       UI_CTX_NOMODEL,    ACT_TRAIN },
	{ 'r',             UI_CTX_NOMODEL,    ACT_TRAIN },
	{ 'c',             UI_CTX_NOMODEL,    ACT_CANCEL },
	{ 27,              UI_CTX_NOMODEL,    ACT_CANCEL },
	{ 'q',             UI_CTX_NOMODEL,    ACT_QUIT },
	{ 'Q',             UI_CTX_NOMODEL,    ACT_QUIT },
	{ KEY_F(10),       UI_CTX_NOMODEL,    ACT_QUIT },
	{ '?',             UI_CTX_NOMODEL,    ACT_HELP },
	{ KEY_F(1),        UI_CTX_NOMODEL,    ACT_HELP },
	{ 'L',             UI_CTX_NOMODEL,    ACT_LOG },
	{ CTRL('l'),       UI_CTX_NOMODEL,    ACT_REPAINT },
};

static const char *const action_text[] = {
#define UI_X(name, text) [name] = text,
	UI_ACTION_TABLE(UI_X)
#undef UI_X
};
_Static_assert(sizeof action_text / sizeof action_text[0] == ACT_COUNT, "action_text");

static const char *const ctx_text[] = {
#define UI_X(name, text, brief, modal) [name] = text,
	UI_CTX_TABLE(UI_X)
#undef UI_X
};
_Static_assert(sizeof ctx_text / sizeof ctx_text[0] == UI_CTX_COUNT, "ctx_text");

static const char *const ctx_brief[] = {
#define UI_X(name, text, brief, modal) [name] = brief,
	UI_CTX_TABLE(UI_X)
#undef UI_X
};
_Static_assert(sizeof ctx_brief / sizeof ctx_brief[0] == UI_CTX_COUNT, "ctx_brief");

static const bool ctx_modal[] = {
#define UI_X(name, text, brief, modal) [name] = modal,
	UI_CTX_TABLE(UI_X)
#undef UI_X
};

#define N_KEYS (sizeof key_table / sizeof key_table[0])

const char *keys_action_text(enum ui_action a)
{
	return a < ACT_COUNT ? action_text[a] : "";
}

const char *keys_ctx_text(enum ui_ctx c)
{
	return c < UI_CTX_COUNT ? ctx_text[c] : "";
}

static enum ui_action lookup_in(enum ui_ctx ctx, int key)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (key_table[i].ctx == ctx && key_table[i].key == key)
			return key_table[i].act;
	return ACT_NONE;
}

enum ui_action keys_lookup(enum ui_ctx ctx, int key)
{
	enum ui_action a = lookup_in(ctx, key);
	if (a != ACT_NONE || ctx >= UI_CTX_COUNT || ctx_modal[ctx] || ctx == UI_CTX_GLOBAL)
		return a;
	return lookup_in(UI_CTX_GLOBAL, key);
}

/* Printable name of a key for the help screen and the key bar. */
static const char *key_label(int key, char *buf, size_t bufsz)
{
	switch (key) {
	case KEY_UP: return "Up";
	case KEY_DOWN: return "Down";
	case KEY_LEFT: return "Left";
	case KEY_RIGHT: return "Right";
	case KEY_SLEFT: return "S-Left";
	case KEY_SRIGHT: return "S-Right";
	case KEY_PPAGE: return "PgUp";
	case KEY_NPAGE: return "PgDn";
	case KEY_HOME: return "Home";
	case KEY_END: return "End";
	case KEY_BTAB: return "S-Tab";
	case KEY_SR: return "S-Up";
	case KEY_SF: return "S-Down";
	case KEY_DC: return "Del";
	case KEY_IC: return "Ins";
	case KEY_BACKSPACE: return "Backspace";
	case 127: case 8: return NULL;  /* same as Backspace */
	case KEY_ENTER: return NULL;    /* same as Enter */
	case '\n': return "Enter";
	case '\t': return "Tab";
	case ' ': return "Space";
	case 27: return "Esc";
	case UI_KEY_CLICK: return "click";
	case UI_KEY_WHEEL_UP: return "wheel";
	case UI_KEY_WHEEL_DN: return "wheel";
	default: break;
	}
	if (key >= KEY_F(1) && key <= KEY_F(12)) {
		snprintf(buf, bufsz, "F%d", key - KEY_F0);
		return buf;
	}
	if (key >= '1' && key <= '9')
		return NULL;    /* "0" stands for all digits */
	if (key == '0')
		return "0-9";
	if (key > 0 && key < 32)
		snprintf(buf, bufsz, "C-%c", key + 'a' - 1);
	else if (key < 127)
		snprintf(buf, bufsz, "%c", key);
	else
		snprintf(buf, bufsz, "#%d", key);
	return buf;
}

/* Appends to note where a pane takes a global key over (" (x: not in
 * Sliders)"), so the help does not promise a key where it means something
 * else.  No key is taken over today; the note keeps it honest if one is. */
static void shadow_note(int key, char *note, size_t notesz)
{
	char kb[16];
	size_t len = strlen(note);
	int n = 0;
	for (int c = 0; c < UI_CTX_COUNT; c++) {
		if (c == UI_CTX_GLOBAL || ctx_modal[c] || lookup_in((enum ui_ctx)c, key) == ACT_NONE)
			continue;
		int w = n == 0 ? snprintf(note + len, notesz - len, "%s(%s: not in %s",
		                          len ? "; " : " ", key_label(key, kb, sizeof kb), ctx_brief[c])
		               : snprintf(note + len, notesz - len, ", %s", ctx_brief[c]);
		if (w < 0 || (size_t)w >= notesz - len)
			break;
		len += (size_t)w;
		n++;
	}
	if (n && len + 1 < notesz)
		snprintf(note + len, notesz - len, ")");
}

int keys_help_lines(char (*out)[128], int max)
{
	int n = 0;
	for (int c = 0; c < UI_CTX_COUNT && n < max; c++) {
		if (c == UI_CTX_NOMODEL)
			continue;
		if (n > 0 && n < max)
			out[n++][0] = '\0';
		if (n < max)
			snprintf(out[n++], 128, "%s", ctx_text[c]);
		for (int a = 1; a < ACT_COUNT && n < max; a++) {
			char keys[64] = "", kb[16], note[64] = "";
			size_t len = 0;
			for (size_t i = 0; i < N_KEYS; i++) {
				if (key_table[i].ctx != (enum ui_ctx)c || key_table[i].act != (enum ui_action)a)
					continue;
				const char *l = key_label(key_table[i].key, kb, sizeof kb);
				if (!l || (len && strstr(keys, l)))
					continue;
				int w = snprintf(keys + len, sizeof keys - len, "%s%s", len ? " " : "", l);
				if (w > 0 && (size_t)w < sizeof keys - len)
					len += (size_t)w;
				if (c == UI_CTX_GLOBAL)
					shadow_note(key_table[i].key, note, sizeof note);
			}
			if (len)
				snprintf(out[n++], 128, "  %-22s %s%s", keys, action_text[a], note);
		}
	}
	return n;
}

/* First key bound to a in ctx, or a global one that ctx does not shadow. */
static const struct key_binding *bar_key(enum ui_ctx ctx, enum ui_action a)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (key_table[i].act == a && key_table[i].ctx == ctx)
			return &key_table[i];
	if (ctx_modal[ctx])
		return NULL;
	for (size_t i = 0; i < N_KEYS; i++)
		if (key_table[i].act == a && key_table[i].ctx == UI_CTX_GLOBAL
		    && lookup_in(ctx, key_table[i].key) == ACT_NONE)
			return &key_table[i];
	return NULL;
}

void keys_bar(enum ui_ctx ctx, char *buf, size_t bufsz)
{
	/* action, its partner shown as "key/key", label */
	static const struct { enum ui_action a, pair; const char *text; } order[] = {
		{ ACT_ACCEPT, ACT_NONE, "set" },
		{ ACT_ABORT, ACT_NONE, "cancel" },
		{ ACT_REPLACE, ACT_NONE, "replace artifacts" },
		{ ACT_KEEP, ACT_NONE, "keep unsaved" },
		{ ACT_DISCARD, ACT_NONE, "discard" },
		{ ACT_QUIT, ACT_NONE, "quit" },
		{ ACT_HELP, ACT_NONE, "help" },
		{ ACT_TRAIN, ACT_NONE, "train" },
		{ ACT_CLOSE, ACT_NONE, "close" },
		{ ACT_FOCUS_NEXT, ACT_NONE, "pane" },
		{ ACT_UP, ACT_DOWN, "move" },
		{ ACT_DEC, ACT_INC, "step" },
		{ ACT_PAGE_UP, ACT_PAGE_DOWN, "page" },
		{ ACT_ENTER, ACT_NONE, "type" },
		{ ACT_MODEL_NEXT, ACT_NONE, "model" },
		{ ACT_RETRAIN, ACT_NONE, "retrain" },
	};
	size_t len = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		const struct key_binding *kb1 = bar_key(ctx, order[k].a), *kb2 = NULL;
		if (!kb1)
			continue;
		if (order[k].pair != ACT_NONE && !(kb2 = bar_key(ctx, order[k].pair)))
			continue;
		char b1[16], b2[16];
		const char *l1 = key_label(kb1->key, b1, sizeof b1);
		const char *l2 = kb2 ? key_label(kb2->key, b2, sizeof b2) : NULL;
		int w = snprintf(buf + len, bufsz - len, "%s%s%s%s:%s", len ? "  " : "", l1,
		                 l2 ? "/" : "", l2 ? l2 : "", order[k].text);
		if (w < 0 || (size_t)w >= bufsz - len) {
			buf[len] = '\0';
			break;
		}
		len += (size_t)w;
	}
}
