/* test_vsprintf.c - host tests for kernel/vsprintf.c. */
#include "test.h"

#include <limits.h>

#include "printk.h"

/*
 * Calls go through this wrapper, which has no format attribute, so the
 * odd formats on purpose ("%q", a lone '%') compile without warnings.
 */
static int fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

#define T(expect, ...)                                     \
	do {                                               \
		char b_[128];                              \
		int n_ = fmt(b_, sizeof(b_), __VA_ARGS__); \
		CHECK_STREQ(b_, expect);                   \
		CHECK_EQ(n_, strlen(expect));              \
	} while (0)

TEST(vsnprintf_plain)
{
	T("", "");
	T("hello", "hello");
	T("%", "%%");
	T("a%b", "a%%b");
	T("[  7|x  |ok]", "[%3d|%-3c|%s]", 7, 'x', "ok");
}

TEST(vsnprintf_signed)
{
	T("0", "%d", 0);
	T("42", "%d", 42);
	T("-42", "%d", -42);
	T("123", "%i", 123);
	T("2147483647", "%d", INT_MAX);
	T("-2147483648", "%d", INT_MIN);
	T("-1", "%ld", -1L);
	T("9223372036854775807", "%lld", LLONG_MAX);
	T("-9223372036854775808", "%lld", LLONG_MIN);
	T("-1", "%zd", (ssize_t)-1);
	T("-1", "%hd", 65535);
	T("-128", "%hhd", 128);
}

TEST(vsnprintf_unsigned)
{
	T("4294967295", "%u", 4294967295u);
	T("18446744073709551615", "%llu", ULLONG_MAX);
	T("18446744073709551615", "%zu", SIZE_MAX);
	T("10000000000", "%llu", 10000000000ULL);
	T("4294967296", "%llu", 4294967296ULL);
	T("5", "%hu", 65541);
	T("255", "%hhu", 511);
	T("ff", "%x", 255);
	T("FF", "%X", 255);
	T("0", "%x", 0);
	T("777", "%o", 511);
	T("deadbeef", "%lx", 0xdeadbeefUL);
	T("ffffffffffffffff", "%llx", ~0ULL);
	T("1777777777777777777777", "%llo", ~0ULL);
	T("0x1f", "%#x", 31);
	T("0X1F", "%#X", 31);
	T("017", "%#o", 15);
}

TEST(vsnprintf_width_and_flags)
{
	T("   42", "%5d", 42);
	T("42   |", "%-5d|", 42);
	T("00042", "%05d", 42);
	T("-0042", "%05d", -42);
	T("42   |", "%-05d|", 42);
	T("+42", "%+d", 42);
	T("-42", "%+d", -42);
	T(" 42", "% d", 42);
	T("+0", "%+d", 0);
	T("   -42", "%*d", 6, -42);
	T("-42   |", "%*d|", -6, -42);
	T("000000ff", "%08x", 255);
	T("42", "%1d", 42);
}

TEST(vsnprintf_precision)
{
	T("00042", "%.5d", 42);
	T("   00042", "%8.5d", 42);
	T("-005", "%.3d", -5);
	T("", "%.0d", 0);
	T("    ", "%4.0d", 0);
	T("   42", "%05.1d", 42);
	T("ab", "%.2s", "abc");
	T("   ab", "%5.2s", "abc");
	T("ab", "%.*s", 2, "abcdef");
	T("abcdef", "%.*s", -1, "abcdef");
}

TEST(vsnprintf_strings_and_chars)
{
	T("abc", "%s", "abc");
	T("  abc", "%5s", "abc");
	T("abc  |", "%-5s|", "abc");
	T("(null)", "%s", (char *)NULL);
	T("  abc", "%05s", "abc");
	T("x", "%c", 'x');
	T("  x", "%3c", 'x');
	T("x  |", "%-3c|", 'x');
}

TEST(vsnprintf_pointer)
{
	T("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	T("0x0000000000000000", "%p", NULL);
	T("  0x0000000000001234", "%20p", (void *)0x1234);
	T("0x0000000000001234  |", "%-20p|", (void *)0x1234);
}

TEST(vsnprintf_odd_formats)
{
	T("%q", "%q");
	T("50%", "50%");
	T("%5q", "%5q");
}

TEST(vsnprintf_truncation)
{
	char b[8];
	int n;

	memset(b, 'Z', sizeof(b));
	n = fmt(b, sizeof(b), "%s", "hello world");
	CHECK_EQ(n, 11);
	CHECK_STREQ(b, "hello w");

	n = fmt(NULL, 0, "%d", 12345);
	CHECK_EQ(n, 5);

	b[0] = 'Z';
	n = fmt(b, 1, "%d", 12345);
	CHECK_EQ(n, 5);
	CHECK_EQ(b[0], '\0');

	/* Exactly fits, with the NUL. */
	n = fmt(b, sizeof(b), "%07d", 1);
	CHECK_EQ(n, 7);
	CHECK_STREQ(b, "0000001");

	/* Nothing past size is touched. */
	memset(b, 'Z', sizeof(b));
	fmt(b, 4, "%s", "abcdef");
	CHECK_STREQ(b, "abc");
	CHECK_EQ(b[4], 'Z');
}

TEST(snprintf_matches_vsnprintf)
{
	char b[32];

	CHECK_EQ(snprintf(b, sizeof(b), "%s=%d", "x", 5), 3);
	CHECK_STREQ(b, "x=5");
}
