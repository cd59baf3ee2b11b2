/* test_string.c - host tests for kernel/string.c. */
#include "test.h"

#include "kstring.h"

TEST(string_mem)
{
	char a[16], b[16];

	CHECK(memset(a, 'x', 5) == a);
	CHECK_MEMEQ(a, "xxxxx", 5);
	CHECK(memcpy(b, "hello", 6) == b);
	CHECK_STREQ(b, "hello");
	CHECK_EQ(memcmp("abc", "abd", 3), -1);
	CHECK_EQ(memcmp("abd", "abc", 3), 1);
	CHECK_EQ(memcmp("abc", "abd", 2), 0);
	CHECK_EQ(memcmp("\xff", "\x01", 1), 1);

	/* Overlapping both ways. */
	strlcpy(a, "0123456789", sizeof(a));
	memmove(a + 2, a, 5);
	CHECK_STREQ(a, "0101234789");
	strlcpy(a, "0123456789", sizeof(a));
	memmove(a, a + 2, 5);
	CHECK_STREQ(a, "2345656789");
}

TEST(string_str)
{
	const char *s = "a/b/c";
	char d[4];

	CHECK_EQ(strlen(""), 0);
	CHECK_EQ(strlen("abc"), 3);
	CHECK_EQ(strnlen("abcdef", 3), 3);
	CHECK_EQ(strnlen("ab", 3), 2);
	CHECK_EQ(strcmp("abc", "abc"), 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("abc", "ab") > 0);
	CHECK(strcmp("a", "\xe9") < 0);
	CHECK_EQ(strncmp("abcx", "abcy", 3), 0);
	CHECK(strncmp("abcx", "abcy", 4) < 0);
	CHECK_EQ(strncmp("ab", "ab", 10), 0);
	CHECK(strchr(s, '/') == s + 1);
	CHECK(strrchr(s, '/') == s + 3);
	CHECK(strchr(s, 'z') == NULL);
	CHECK(strchr(s, '\0') == s + 5);
	CHECK(strrchr(s, 'z') == NULL);

	CHECK_EQ(strlcpy(d, "hello", sizeof(d)), 5);
	CHECK_STREQ(d, "hel");
	CHECK_EQ(strlcpy(d, "hi", sizeof(d)), 2);
	CHECK_STREQ(d, "hi");
	d[0] = 'Q';
	CHECK_EQ(strlcpy(d, "hi", 0), 2);
	CHECK_EQ(d[0], 'Q');
}

TEST(kstrtoull_good)
{
	unsigned long long v = 0;

	CHECK_EQ(kstrtoull("0", 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(kstrtoull("12345", 0, &v), 0);
	CHECK_EQ(v, 12345);
	CHECK_EQ(kstrtoull("010", 0, &v), 0);
	CHECK_EQ(v, 10);
	CHECK_EQ(kstrtoull("0x1F", 0, &v), 0);
	CHECK_EQ(v, 31);
	CHECK_EQ(kstrtoull("0XfF", 0, &v), 0);
	CHECK_EQ(v, 255);
	CHECK_EQ(kstrtoull("ff", 16, &v), 0);
	CHECK_EQ(v, 255);
	CHECK_EQ(kstrtoull("0x10", 16, &v), 0);
	CHECK_EQ(v, 16);
	CHECK_EQ(kstrtoull("17", 8, &v), 0);
	CHECK_EQ(v, 15);
	CHECK_EQ(kstrtoull("+7", 10, &v), 0);
	CHECK_EQ(v, 7);
	CHECK_EQ(kstrtoull("18446744073709551615", 0, &v), 0);
	CHECK_EQ(v, ~0ULL);
	CHECK_EQ(kstrtoull("0xffffffffffffffff", 0, &v), 0);
	CHECK_EQ(v, ~0ULL);
}

TEST(kstrtoull_bad)
{
	unsigned long long v = 77;

	CHECK_EQ(kstrtoull("", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("0x", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("12a", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("12 ", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull(" 12", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("12\n", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("-1", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("+", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoull("8", 8, &v), -EINVAL);
	CHECK_EQ(kstrtoull("g", 16, &v), -EINVAL);
	CHECK_EQ(kstrtoull("1", 7, &v), -EINVAL);
	CHECK_EQ(kstrtoull("18446744073709551616", 0, &v), -ERANGE);
	CHECK_EQ(kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	CHECK_EQ(kstrtoull("99999999999999999999999", 10, &v), -ERANGE);
	/* Junk wins over overflow. */
	CHECK_EQ(kstrtoull("99999999999999999999999x", 10, &v), -EINVAL);
	CHECK_EQ(v, 77);
}

TEST(kstrtoll_range)
{
	long long v = 0;

	CHECK_EQ(kstrtoll("-5", 0, &v), 0);
	CHECK_EQ(v, -5);
	CHECK_EQ(kstrtoll("+5", 0, &v), 0);
	CHECK_EQ(v, 5);
	CHECK_EQ(kstrtoll("-0x10", 0, &v), 0);
	CHECK_EQ(v, -16);
	CHECK_EQ(kstrtoll("-0", 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(kstrtoll("9223372036854775807", 0, &v), 0);
	CHECK_EQ(v, 9223372036854775807LL);
	CHECK_EQ(kstrtoll("-9223372036854775808", 0, &v), 0);
	CHECK_EQ(v, -9223372036854775807LL - 1);
	CHECK_EQ(kstrtoll("9223372036854775808", 0, &v), -ERANGE);
	CHECK_EQ(kstrtoll("-9223372036854775809", 0, &v), -ERANGE);
	CHECK_EQ(kstrtoll("-", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoll("--1", 0, &v), -EINVAL);
	CHECK_EQ(kstrtoll("", 0, &v), -EINVAL);
}
