/* test_lineedit.c - host tests for kernel/lineedit.c. */
#include "test.h"

#include "lineedit.h"

static struct lineedit le;
static struct test_sink echo;

static void start(void)
{
	lineedit_reset(&le);
	test_sink_init(&echo);
}

/* Feed every byte of s; returns the result of the last one. */
static enum lineedit_result feed(const char *s)
{
	enum lineedit_result r = LE_MORE;

	for (; *s; s++)
		r = lineedit_feed(&le, *s, &echo.out);
	return r;
}

TEST(lineedit_simple_line)
{
	start();
	CHECK_EQ(feed("ls /"), LE_MORE);
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_STREQ(le.buf, "ls /");
	CHECK_STREQ(echo.buf, "ls /\r\n");
	CHECK_EQ(echo.out.written, 6);

	test_sink_init(&echo);
	CHECK_EQ(feed("x\n"), LE_LINE);
	CHECK_STREQ(le.buf, "x");
	CHECK_EQ(feed("\n"), LE_LINE);
	CHECK_STREQ(le.buf, "");
}

TEST(lineedit_crlf_is_one_end)
{
	start();
	CHECK_EQ(feed("a\r"), LE_LINE);
	CHECK_STREQ(le.buf, "a");
	CHECK_EQ(feed("\n"), LE_MORE);
	CHECK_STREQ(echo.buf, "a\r\n");
	CHECK_EQ(feed("b\r"), LE_LINE);
	CHECK_STREQ(le.buf, "b");
	/* LF CR is two ends; CR CR too. */
	CHECK_EQ(feed("\n"), LE_MORE);
	CHECK_EQ(feed("\n"), LE_LINE);
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_EQ(feed("\r"), LE_LINE);
}

TEST(lineedit_backspace)
{
	start();
	feed("abc\b");
	CHECK_STREQ(echo.buf, "abc\b \b");
	feed("\x7f");
	CHECK_EQ(feed("Z\r"), LE_LINE);
	CHECK_STREQ(le.buf, "aZ");

	/* Erasing an empty line echoes nothing. */
	start();
	feed("\b\x7f");
	CHECK_STREQ(echo.buf, "");
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_STREQ(le.buf, "");
}

TEST(lineedit_ctrl_u)
{
	start();
	feed("abc\x15");
	CHECK_STREQ(echo.buf, "abc\b \b\b \b\b \b");
	CHECK_EQ(feed("xy\r"), LE_LINE);
	CHECK_STREQ(le.buf, "xy");
}

TEST(lineedit_ctrl_c)
{
	start();
	feed("abc");
	CHECK_EQ(feed("\x03"), LE_CANCEL);
	CHECK_STREQ(echo.buf, "abc^C\r\n");
	CHECK_EQ(feed("d\r"), LE_LINE);
	CHECK_STREQ(le.buf, "d");
}

TEST(lineedit_escape_sequences)
{
	start();
	/* Arrows (CSI and SS3), Delete with a parameter, Alt-x. */
	feed("a\x1b[A\x1b[1;5D\x1bOB\x1b[3~\x1bxb");
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_STREQ(le.buf, "ab");
	CHECK_STREQ(echo.buf, "ab\r\n");

	/* A control byte ends a broken sequence and still works. */
	start();
	feed("q\x1b[1");
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_STREQ(le.buf, "q");
	start();
	CHECK_EQ(feed("q\x1b\x03"), LE_CANCEL);
}

TEST(lineedit_ignores_other_bytes)
{
	start();
	feed("a\t\x01\x80\xffz");
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_STREQ(le.buf, "az");
	CHECK_STREQ(echo.buf, "az\r\n");
}

TEST(lineedit_overflow)
{
	int i;

	start();
	for (i = 0; i < LINEEDIT_MAX - 1; i++)
		CHECK_EQ(lineedit_feed(&le, 'a', &echo.out), LE_MORE);
	CHECK(!le.overflow);
	CHECK_EQ(echo.len, LINEEDIT_MAX - 1);
	/* One more: not stored, not echoed, and not erasable either. */
	CHECK_EQ(feed("bc\b"), LE_MORE);
	CHECK(le.overflow);
	CHECK_EQ(echo.len, LINEEDIT_MAX - 1);
	CHECK_EQ(feed("\r"), LE_TOOLONG);
	CHECK_EQ(feed("\n"), LE_MORE);
	CHECK(!le.overflow);

	/* The next line is normal again. */
	CHECK_EQ(feed("ok\r"), LE_LINE);
	CHECK_STREQ(le.buf, "ok");
}

TEST(lineedit_longest_line_fits)
{
	int i;

	start();
	for (i = 0; i < LINEEDIT_MAX - 1; i++)
		lineedit_feed(&le, (char)('a' + i % 26), &echo.out);
	CHECK_EQ(feed("\r"), LE_LINE);
	CHECK_EQ(strlen(le.buf), LINEEDIT_MAX - 1);
	CHECK_EQ(le.buf[LINEEDIT_MAX - 2], 'a' + (LINEEDIT_MAX - 2) % 26);
}

TEST(lineedit_null_echo)
{
	lineedit_reset(&le);
	CHECK_EQ(lineedit_feed(&le, 'x', NULL), LE_MORE);
	CHECK_EQ(lineedit_feed(&le, '\r', NULL), LE_LINE);
	CHECK_STREQ(le.buf, "x");
}
