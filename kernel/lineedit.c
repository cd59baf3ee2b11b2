/* lineedit.c - the console's line editor, fed one byte at a time. */

/*
 * The editor holds no I/O of its own: the console feeds it bytes and it
 * answers with echo text and a verdict, which keeps it testable on the
 * host and usable from any input path (polled or interrupt-driven).
 */
#include "compiler.h"
#include "fs.h"
#include "lineedit.h"
#include "types.h"

/* Values of le->esc: where we are inside an escape sequence. */
#define ESC_NONE 0
#define ESC_START 1 /* saw ESC */
#define ESC_CSI 2 /* saw ESC [: parameters until a final byte */
#define ESC_SS3 3 /* saw ESC O: one more byte (keypad/arrows) */

#define CTRL_C 0x03
#define CTRL_U 0x15
#define BS 0x08
#define DEL 0x7f
#define ESC 0x1b

static void echo_out(struct fs_out *o, const char *s, size_t n)
{
	if (!o)
		return;
	o->write(o, s, n);
	o->written += n;
}

/* Drop the line but keep le->last, which must outlive the line's end. */
static void clear_line(struct lineedit *le)
{
	le->len = 0;
	le->overflow = false;
	le->esc = ESC_NONE;
}

void lineedit_reset(struct lineedit *le)
{
	clear_line(le);
	le->buf[0] = '\0';
	le->last = 0;
}

/*
 * Returns true when c was consumed as part of an escape sequence. A
 * control byte in the middle of one ends the sequence and is handled as
 * itself, so a stray ESC cannot swallow the Enter or Ctrl-C after it.
 */
static bool eat_escape(struct lineedit *le, unsigned char c)
{
	if (le->esc == ESC_NONE)
		return false;
	if (c < 0x20 || c > 0x7e) {
		le->esc = ESC_NONE;
		return false;
	}
	switch (le->esc) {
	case ESC_START:
		if (c == '[')
			le->esc = ESC_CSI;
		else if (c == 'O')
			le->esc = ESC_SS3;
		else
			le->esc = ESC_NONE;
		break;
	case ESC_CSI:
		if (c >= 0x40)
			le->esc = ESC_NONE;
		break;
	default:
		le->esc = ESC_NONE;
		break;
	}
	return true;
}

static void erase_chars(struct lineedit *le, size_t n, struct fs_out *echo)
{
	while (n-- && le->len) {
		le->len--;
		echo_out(echo, "\b \b", 3);
	}
}

enum lineedit_result lineedit_feed(struct lineedit *le, char ch,
				   struct fs_out *echo)
{
	unsigned char c = (unsigned char)ch;
	char prev = le->last;

	le->last = ch;
	if (eat_escape(le, c))
		return LE_MORE;

	if (c == '\r' || c == '\n') {
		/* CR LF from a terminal is one end of line, not two. */
		if (c == '\n' && prev == '\r')
			return LE_MORE;
		echo_out(echo, "\r\n", 2);
		if (le->overflow) {
			clear_line(le);
			le->buf[0] = '\0';
			return LE_TOOLONG;
		}
		/* buf stays valid until the next byte is fed. */
		le->buf[le->len] = '\0';
		clear_line(le);
		return LE_LINE;
	}

	switch (c) {
	case CTRL_C:
		echo_out(echo, "^C\r\n", 4);
		clear_line(le);
		le->buf[0] = '\0';
		return LE_CANCEL;
	case ESC:
		le->esc = ESC_START;
		return LE_MORE;
	}

	/* Past the limit nothing is stored, so nothing may be erased. */
	if (le->overflow)
		return LE_MORE;

	if (c == BS || c == DEL) {
		erase_chars(le, 1, echo);
	} else if (c == CTRL_U) {
		erase_chars(le, le->len, echo);
	} else if (c >= 0x20 && c <= 0x7e) {
		if (le->len >= LINEEDIT_MAX - 1) {
			le->overflow = true;
			return LE_MORE;
		}
		le->buf[le->len++] = (char)c;
		echo_out(echo, (const char *)&c, 1);
	}
	return LE_MORE;
}
