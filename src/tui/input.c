/* SPDX-License-Identifier: MIT */
/* input.c - key input that does not depend on the terminfo entry being
 * right.  Terminals (and tmux, whatever TERM says) send Home as ESC [ 1 ~
 * or ESC [ H or ESC O H, End as ESC [ 4 ~ or ESC [ F...; a sequence curses
 * does not know reaches the program byte by byte, and its digits would
 * open the value prompt.  So the common sequences are taught to curses
 * with define_key() (as htop does), and anything else that starts like a
 * CSI (ESC [) or SS3 (ESC O) sequence is read to its final byte (ECMA-48
 * 5.4: parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E) and
 * dropped whole. */
#include "config.h"

#include <stdio.h>

#include "tui/tui.h"

/* Bytes of one sequence that arrive together: a terminal writes a key's
 * sequence at once, so what follows an Esc within this time belongs to it. */
#define ESC_FOLLOW_MS 30
#define SEQ_MAX 32

static void def(const char *s, int code)
{
	/* Replaces whatever the entry binds to s (define_key removes it first). */
	if (key_defined(s) != code)
		define_key(s, code);
}

void input_define_keys(void)
{
	static const struct { const char *seq; int code; } fixed[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME },
		{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END },
		{ "\033OF", KEY_END },
		{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT },
		{ "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT },
		{ "\033OD", KEY_LEFT },
		/* rxvt: Shift-arrows lower case after CSI, Ctrl-arrows after SS3 */
		{ "\033[a", KEY_SR }, { "\033[b", KEY_SF }, { "\033[c", KEY_SRIGHT },
		{ "\033[d", KEY_SLEFT },
		{ "\033Oa", KEY_UP }, { "\033Ob", KEY_DOWN }, { "\033Oc", KEY_SRIGHT },
		{ "\033Od", KEY_SLEFT },
		{ "\033[Z", KEY_BTAB },
		/* F1-F4 as VT100/xterm (SS3), VT220 and the Linux console send them */
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) }, { "\033OR", KEY_F(3) },
		{ "\033OS", KEY_F(4) },
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) }, { "\033[13~", KEY_F(3) },
		{ "\033[14~", KEY_F(4) },
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) }, { "\033[[C", KEY_F(3) },
		{ "\033[[D", KEY_F(4) }, { "\033[[E", KEY_F(5) },
		{ "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) }, { "\033[18~", KEY_F(7) },
		{ "\033[19~", KEY_F(8) }, { "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
		{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
	};
	char s[16];
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		def(fixed[i].seq, fixed[i].code);
	/* xterm's modifiers 2..8 (Shift, Alt, Ctrl and their combinations):
	 * a modified Left/Right steps x10 like Shift-Left/Right, a modified
	 * Up/Down/Home/End/PgUp/PgDn does what the key does alone. */
	for (int mod = 2; mod <= 8; mod++) {
		static const struct { char final; int code; } arrows[] = {
			{ 'A', KEY_UP }, { 'B', KEY_DOWN }, { 'C', KEY_SRIGHT }, { 'D', KEY_SLEFT },
			{ 'H', KEY_HOME }, { 'F', KEY_END },
		};
		static const struct { int num; int code; } tilde[] = {
			{ 1, KEY_HOME }, { 4, KEY_END }, { 2, KEY_IC }, { 3, KEY_DC },
			{ 5, KEY_PPAGE }, { 6, KEY_NPAGE },
		};
		for (size_t i = 0; i < sizeof arrows / sizeof arrows[0]; i++) {
			snprintf(s, sizeof s, "\033[1;%d%c", mod, arrows[i].final);
			def(s, mod == 2 && arrows[i].code == KEY_UP ? KEY_SR
			     : mod == 2 && arrows[i].code == KEY_DOWN ? KEY_SF : arrows[i].code);
		}
		for (size_t i = 0; i < sizeof tilde / sizeof tilde[0]; i++) {
			snprintf(s, sizeof s, "\033[%d;%d~", tilde[i].num, mod);
			def(s, tilde[i].code);
		}
	}
}

int input_read(WINDOW *w, int delay_ms)
{
	wtimeout(w, delay_ms);
	int ch = wgetch(w);
	if (ch != 27)
		return ch;
	wtimeout(w, ESC_FOLLOW_MS);
	int c = wgetch(w);
	if (c == ERR)
		return 27;                  /* the Esc key itself */
	if (c != '[' && c != 'O') {
		/* Esc then another key (typed quickly, or Alt-key): both count. */
		ungetch(c);
		return 27;
	}
	/* An unknown sequence: read it to its final byte and drop it. */
	bool csi = c == '[';
	for (int n = 0; n < SEQ_MAX; n++) {
		c = wgetch(w);
		if (c == ERR)
			break;
		if (!csi && c >= 0x40 && c <= 0x7e)
			break;                  /* SS3: one final byte */
		if (csi && n == 0 && c == '[')
			continue;               /* Linux console's ESC [ [ A form */
		if (csi && c >= 0x40 && c <= 0x7e)
			break;
		if (c < 0x20 || c > 0x7e)
			break;                  /* not part of a sequence: give up */
	}
	return UI_KEY_NONE;
}
