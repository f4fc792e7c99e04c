/* SPDX-License-Identifier: MIT */
/* prompt.c - the one-line text field (typing an exact slider value): any
 * printable character goes in, so that what was typed is what the parser
 * judges (and names in its refusal); the cursor moves and deletes as in a
 * shell.  Esc or q cancel, Enter accepts. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

void prompt_open(struct ui_prompt *p, int owner, const char *label, const char *text)
{
	memset(p, 0, sizeof *p);
	p->open = true;
	p->owner = owner;
	snprintf(p->label, sizeof p->label, "%s", label);
	snprintf(p->text, sizeof p->text, "%s", text);
	p->len = p->cur = (int)strlen(p->text);
}

int prompt_key(struct ui_prompt *p, enum ui_action a, int key, bool *accept)
{
	*accept = false;
	switch (a) {
	case ACT_ACCEPT:
		p->open = false;
		*accept = true;
		return UI_HANDLED | UI_REDRAW;
	case ACT_ABORT:
		p->open = false;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LEFT: if (p->cur > 0) p->cur--; break;
	case ACT_RIGHT: if (p->cur < p->len) p->cur++; break;
	case ACT_FIRST: p->cur = 0; break;
	case ACT_LAST: p->cur = p->len; break;
	case ACT_BACKSPACE:
		if (p->cur == 0)
			break;
		p->cur--;
		__attribute__((fallthrough));   /* then delete under the cursor */
	case ACT_DELETE:
		if (p->cur < p->len) {
			memmove(p->text + p->cur, p->text + p->cur + 1, (size_t)(p->len - p->cur));
			p->len--;
		}
		break;
	default:
		/* Printable ASCII only: a number has no other characters, and a
		 * refused character is still shown to the parser's verdict. */
		if (key < 0x20 || key > 0x7e)
			return UI_HANDLED;
		if (p->len >= UI_PROMPT_MAX)
			return UI_HANDLED;
		memmove(p->text + p->cur + 1, p->text + p->cur, (size_t)(p->len - p->cur + 1));
		p->text[p->cur++] = (char)key;
		p->len++;
		break;
	}
	return UI_HANDLED | UI_REDRAW;
}

void prompt_draw(const struct ui_prompt *p, WINDOW *w, int y, int x, int n)
{
	int lw = ui_width(p->label) + 2;
	/* The field gets at least its text and the cursor; the label gives way. */
	int fw = p->len + 1;
	if (lw + fw > n)
		lw = n - fw > 0 ? n - fw : 0;
	if (fw > n - lw)
		fw = n - lw;
	if (fw <= 0)
		return;
	/* The label clipped, the ": " before the field kept. */
	if (lw >= 2) {
		ui_put(w, y, x, lw - 2, p->label);
		ui_put(w, y, x + lw - 2, 2, ": ");
	}
	/* Scroll the text so the cursor cell is inside the field. */
	int first = p->cur - (fw - 1) > 0 ? p->cur - (fw - 1) : 0;
	char shown[UI_PROMPT_MAX + 2];
	snprintf(shown, sizeof shown, "%.*s", fw, p->text + first);
	ui_put(w, y, x + lw, fw, shown);
	char under[2] = { p->cur < p->len ? p->text[p->cur] : ' ', '\0' };
	wattr_on(w, A_REVERSE, NULL);
	ui_put(w, y, x + lw + p->cur - first, 1, under);
	wattr_off(w, A_REVERSE, NULL);
}
