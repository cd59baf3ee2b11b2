/*
 * console_line.c - keep a copy of the console's unfinished line, so that a
 * kernel message printed while someone types can go on a line of its own
 * and the half-typed line be drawn again below it, instead of the message
 * landing in the middle of what is typed.
 */
#include "console_line.h"

static void add_byte(struct console_line *l, unsigned char c)
{
	if (c == '\n') {
		l->len = 0;
		l->lost = false;
	} else if (l->lost) {
		return;
	} else if (c == '\b') {
		if (l->len)
			l->len--;
		else
			l->lost = true; /* into the line above */
	} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
		l->lost = true; /* CR, ESC...: the picture is the terminal's */
	} else if (l->len < CONSOLE_LINE_MAX) {
		l->buf[l->len++] = (char)c;
	} else {
		l->lost = true;
	}
}

void console_line_add(struct console_line *l, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add_byte(l, (unsigned char)s[i]);
}

bool console_line_redrawable(const struct console_line *l)
{
	return !l->lost && l->len;
}
