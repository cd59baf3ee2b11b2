/* test_console_line.c - host tests for kernel/console_line.c. */
#include "test.h"

#include "console_line.h"

static struct console_line l;

static void add(const char *s)
{
	console_line_add(&l, s, strlen(s));
}

/* The line as a string, for CHECK_STREQ. */
static const char *line(void)
{
	static char s[CONSOLE_LINE_MAX + 1];

	memcpy(s, l.buf, l.len);
	s[l.len] = '\0';
	return s;
}

TEST(console_line_follows_a_prompt_and_typing)
{
	memset(&l, 0, sizeof(l));
	CHECK(!console_line_redrawable(&l));
	add("boot done\nftk:/$ ");
	add("sle");
	add("e");
	CHECK_STREQ(line(), "ftk:/$ slee");
	CHECK(console_line_redrawable(&l));
	/* The line editor's backspace echo takes one character back. */
	add("x\b \b");
	CHECK_STREQ(line(), "ftk:/$ slee");
	add("p 1\r\n");
	CHECK_EQ(l.len, 0);
	CHECK(!l.lost);
	CHECK(!console_line_redrawable(&l));
}

TEST(console_line_is_lost_until_the_next_newline)
{
	memset(&l, 0, sizeof(l));
	add("ab\rcd"); /* overwrote "ab": only the terminal knows */
	CHECK(l.lost);
	CHECK(!console_line_redrawable(&l));
	add("\033[K more");
	CHECK(l.lost);
	add("\nnew");
	CHECK(!l.lost);
	CHECK_STREQ(line(), "new");
	add("\b\b\b\b"); /* one past the start: back into the line above */
	CHECK(l.lost);
}

TEST(console_line_too_long_is_lost)
{
	char big[CONSOLE_LINE_MAX + 2];

	memset(&l, 0, sizeof(l));
	memset(big, 'x', sizeof(big) - 1);
	big[CONSOLE_LINE_MAX] = '\0';
	add(big);
	CHECK(console_line_redrawable(&l));
	CHECK_EQ(l.len, CONSOLE_LINE_MAX);
	add("y");
	CHECK(l.lost);
	add("\n\ttab");
	CHECK_STREQ(line(), "\ttab");
}
