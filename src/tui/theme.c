/* SPDX-License-Identifier: MIT */
/* theme.c - colour roles, glyphs and the small drawing helpers every
 * pane uses.  Roles map to colour pairs, or to the monochrome column of
 * UI_ROLE_TABLE when colour is off (no colours, NO_COLOR, --no-color). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
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

/* Decodes the display character at s[0..len): its wide character and
 * columns, and the bytes it takes (0 at the end).  In UTF-8 it is what the
 * locale decodes, with '?' for invalid bytes and unprintable characters.
 * Otherwise (--ascii, C or another non-UTF-8 locale) printable ASCII stays
 * and every other character becomes one '?': a whole well-formed UTF-8
 * sequence, or a single byte.  Measuring and drawing both go through here,
 * so what is measured is what is drawn. */
static size_t text_next(const char *s, size_t len, mbstate_t *st, wchar_t *wc, int *cols)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0 || !*s)
		return 0;
	*cols = 1;
	if (ui_g.utf8) {
		size_t n = mbrtowc(wc, s, len, st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(st, 0, sizeof *st);
			*wc = L'?';
			return 1;
		}
		int w = wcwidth(*wc);
		if (w < 0) {
			*wc = L'?';
			w = 1;
		}
		*cols = w;
		return n;
	}
	if (u[0] < 0x80) {
		*wc = u[0] >= 0x20 && u[0] < 0x7f ? (wchar_t)u[0] : L'?';
		return 1;
	}
	*wc = L'?';
	size_t n = u[0] >= 0xc2 && u[0] <= 0xdf ? 2 : u[0] >= 0xe0 && u[0] <= 0xef ? 3
	         : u[0] >= 0xf0 && u[0] <= 0xf4 ? 4 : 1;
	if (n > len)
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

size_t ui_prefix(const char *s, size_t len, int n, int *cols)
{
	mbstate_t st;
	size_t off = 0;
	int used = 0;
	memset(&st, 0, sizeof st);
	for (;;) {
		wchar_t wc;
		int cw;
		size_t k = text_next(s + off, len - off, &st, &wc, &cw);
		if (k == 0 || used + cw > n)
			break;
		off += k;
		used += cw;
	}
	if (cols)
		*cols = used;
	return off;
}

int ui_width(const char *s)
{
	int cols;
	ui_prefix(s, strlen(s), INT_MAX, &cols);
	return cols;
}

void ui_fit(char *dst, size_t dstsz, const char *s, int n, bool right)
{
	mbstate_t st;
	size_t len = strlen(s), off = 0, o = 0;
	int used = 0;
	char out[512];
	memset(&st, 0, sizeof st);
	/* The characters that fit, as they will be drawn (ASCII mode writes the
	 * '?' itself, so the result is what ui_put would show). */
	for (;;) {
		wchar_t wc;
		int cw;
		size_t k = text_next(s + off, len - off, &st, &wc, &cw);
		if (k == 0 || used + cw > n || o + k >= sizeof out)
			break;
		if (ui_g.utf8)
			memcpy(out + o, s + off, k), o += k;
		else
			out[o++] = (char)wc;
		off += k;
		used += cw;
	}
	out[o] = '\0';
	int pad = n > used ? n - used : 0;
	if (right)
		snprintf(dst, dstsz, "%*s%s", pad, "", out);
	else
		snprintf(dst, dstsz, "%s%*s", out, pad, "");
}

void ui_put(WINDOW *w, int y, int x, int n, const char *s)
{
	if (n <= 0)
		return;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t buf[256];
	size_t len = strlen(s), off = 0;
	int cols = 0, k = 0;
	while (k < 255) {
		wchar_t wc;
		int cw;
		size_t b = text_next(s + off, len - off, &st, &wc, &cw);
		if (b == 0 || cols + cw > n)
			break;
		buf[k++] = wc;
		cols += cw;
		off += b;
	}
	buf[k] = L'\0';
	if (ui_g.utf8) {
		mvwaddwstr(w, y, x, buf);
		return;
	}
	char a[256];
	for (int i = 0; i <= k; i++)
		a[i] = (char)buf[i];
	mvwaddstr(w, y, x, a);
}

size_t ui_wrap_next(const char *s, int wd, const char **next)
{
	size_t len = strcspn(s, "\n");
	size_t take = ui_prefix(s, len, wd > 0 ? wd : 1, NULL);
	if (take == 0 && len > 0) {
		/* A character wider than the line: it goes alone. */
		take = ui_prefix(s, len, 2, NULL);
		if (take == 0)
			take = 1;
	}
	if (take < len) {
		size_t half = ui_prefix(s, len, wd / 2, NULL);
		for (size_t i = take; i > half; i--)
			if (s[i] == ' ') {
				take = i;
				break;
			}
	}
	const char *n = s + take;
	while (*n == ' ')
		n++;
	if (*n == '\n')
		n++;
	*next = n;
	return take;
}

int ui_wrap_count(const char *s, int wd)
{
	int n = 0;
	while (*s) {
		ui_wrap_next(s, wd, &s);
		n++;
	}
	return n;
}

const char *ui_unit(const char *u, char *buf, size_t bufsz)
{
	if (!u)
		return "";
	if (strcmp(u, "degC") == 0)
		u = "°C";
	if (ui_g.utf8)
		return u;
	size_t n = 0;
	for (; *u && n + 1 < bufsz; u++)
		if (!((unsigned char)*u & 0x80))
			buf[n++] = *u;
	buf[n] = '\0';
	return buf;
}

/* --- Frames and bars --- */

void theme_frame(WINDOW *w, const char *title, bool focused)
{
	attr_t a = theme_attr(focused ? ROLE_FOCUS : ROLE_FRAME);
	wattr_on(w, a, NULL);
	if (ui_g.utf8) {
		/* The Unicode characters themselves, not the terminal's alternate
		 * character set: some (xterm's entry inside tmux) draw that as
		 * "lqqk". */
		cchar_t c[6];
		static const wchar_t ch[6][2] = { L"│", L"─", L"┌", L"┐", L"└", L"┘" };
		for (int i = 0; i < 6; i++)
			setcchar(&c[i], ch[i], A_NORMAL, 0, NULL);
		wborder_set(w, &c[0], &c[0], &c[1], &c[1], &c[2], &c[3], &c[4], &c[5]);
	} else
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
