/* theme.c - colour roles, glyphs and the small drawing helpers every
 * pane uses.  Roles map to colour pairs, or to the monochrome column of
 * UI_ROLE_TABLE when colour is off (no colours, NO_COLOR, --no-color). */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "tui/tui.h"

struct glyphs ui_g;

static attr_t role_attr[ROLE_COUNT];

static const struct {
	short fg, bg;
	attr_t attr, mono;
} role_table[] = {
#define UI_X(role, fg, bg, attr, mono) [role] = { fg, bg, attr, mono },
	UI_ROLE_TABLE(UI_X)
#undef UI_X
};
_Static_assert(sizeof role_table / sizeof role_table[0] == ROLE_COUNT, "role_table");

void theme_init(bool use_color)
{
	if (use_color) {
		start_color();
		bool defaults = use_default_colors() == OK;
		for (int r = 0; r < ROLE_COUNT; r++) {
			short fg = role_table[r].fg, bg = role_table[r].bg;
			if (fg < 0 && bg < 0) {
				role_attr[r] = role_table[r].attr;
				continue;
			}
			if (!defaults) {
				/* Terminals without default colours: white on black. */
				if (fg < 0)
					fg = COLOR_WHITE;
				if (bg < 0)
					bg = COLOR_BLACK;
			}
			init_pair((short)(r + 1), fg, bg);
			role_attr[r] = role_table[r].attr | (attr_t)COLOR_PAIR(r + 1);
		}
	} else {
		for (int r = 0; r < ROLE_COUNT; r++)
			role_attr[r] = role_table[r].mono;
	}
}

attr_t theme_attr(enum ui_role role)
{
	return role < ROLE_COUNT ? role_attr[role] : A_NORMAL;
}

/* --- Text --- */

void ui_put(WINDOW *w, int y, int x, int n, const char *s)
{
	if (n <= 0)
		return;
	if (!ui_g.utf8) {
		mvwaddnstr(w, y, x, s, n);
		return;
	}
	/* Clip by display columns, not bytes. */
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t buf[256];
	int cols = 0, k = 0;
	const char *p = s;
	while (*p && k < 255) {
		wchar_t wc;
		size_t len = mbrtowc(&wc, p, strlen(p), &st);
		if (len == (size_t)-1 || len == (size_t)-2) {
			wc = L'?';
			len = 1;
			memset(&st, 0, sizeof st);
		}
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (cols + cw > n)
			break;
		buf[k++] = wc;
		cols += cw;
		p += len;
	}
	buf[k] = L'\0';
	mvwaddwstr(w, y, x, buf);
}

/* --- Frames and bars --- */

void theme_frame(WINDOW *w, const char *title, bool focused)
{
	attr_t a = theme_attr(focused ? ROLE_FOCUS : ROLE_FRAME);
	wattr_on(w, a, NULL);
	if (ui_g.utf8)
		box(w, 0, 0);
	else
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
	wattr_off(w, a, NULL);
	if (title && getmaxx(w) > 6) {
		char t[96];
		snprintf(t, sizeof t, focused ? "[%s]" : " %s ", title);
		wattr_on(w, a | (focused ? A_BOLD : A_NORMAL), NULL);
		ui_put(w, 0, 2, getmaxx(w) - 4, t);
		wattr_off(w, a | (focused ? A_BOLD : A_NORMAL), NULL);
	}
}

void theme_bar(WINDOW *w, int y, int x, int width, double f, enum ui_role role)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	if (width <= 0)
		return;
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	int units = (int)(f * width * 8 + 0.5);
	wmove(w, y, x);
	wattr_on(w, theme_attr(role), NULL);
	for (int i = 0; i < width; i++) {
		int u = units - i * 8;
		if (u >= 8)
			waddstr(w, ui_g.bar_full);
		else if (u > 0 && ui_g.utf8)
			waddstr(w, eighths[u]);
		else if (u >= 4)
			waddstr(w, ui_g.bar_full);
		else {
			wattr_off(w, theme_attr(role), NULL);
			wattr_on(w, theme_attr(ROLE_DIM), NULL);
			waddstr(w, ui_g.bar_empty);
			wattr_off(w, theme_attr(ROLE_DIM), NULL);
			wattr_on(w, theme_attr(role), NULL);
		}
	}
	wattr_off(w, theme_attr(role), NULL);
}
