/* lineedit.h - the console's line editor, as a byte-at-a-time state machine. */
#ifndef LINEEDIT_H
#define LINEEDIT_H

#include "fs.h"
#include "types.h"

#define LINEEDIT_MAX 512 /* including the terminating NUL */

struct lineedit {
	char buf[LINEEDIT_MAX];
	size_t len;
	bool overflow; /* too long: swallow bytes until end of line */
	int esc; /* position within an ANSI escape sequence */
	char last; /* previous byte, to treat CR LF as one end */
};

enum lineedit_result {
	LE_MORE, /* keep feeding */
	LE_LINE, /* buf holds a complete line (NUL-terminated) */
	LE_CANCEL, /* Ctrl-C: line dropped */
	LE_TOOLONG, /* end of a line that exceeded the limit: dropped */
};

void lineedit_reset(struct lineedit *le);
/*
 * Feed one input byte. Echo (the byte, "\b \b" for erase, "^C\n", the
 * newline) goes to echo. Printable ASCII is kept; backspace/DEL erase;
 * Ctrl-U erases the line; Ctrl-C cancels; CR or LF ends the line;
 * ESC [ ... sequences and other control bytes are ignored.
 */
enum lineedit_result lineedit_feed(struct lineedit *le, char c,
				   struct fs_out *echo);

#endif
