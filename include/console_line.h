/* console_line.h - what the console shows on its unfinished last line. */
#ifndef CONSOLE_LINE_H
#define CONSOLE_LINE_H

#include "types.h"

/* Room for the shell's prompt with the longest path and the longest line
 * that can be typed after it (kernel/shell.c checks). */
#define CONSOLE_LINE_MAX 1024

/*
 * The bytes written since the last newline, as the terminal shows them:
 * a backspace takes one back. When the picture can no longer be known
 * from the bytes (a carriage return, an escape sequence, a line longer
 * than the buffer) the line is "lost" until the next newline.
 */
struct console_line {
	char buf[CONSOLE_LINE_MAX];
	size_t len;
	bool lost;
};

/* Account for n more bytes written to the console. */
void console_line_add(struct console_line *l, const char *s, size_t n);

/* True when l holds a non-empty line that can be drawn again as it is. */
bool console_line_redrawable(const struct console_line *l);

#endif
