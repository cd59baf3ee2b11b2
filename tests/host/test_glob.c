/* test_glob.c - host tests for kernel/glob.c. */
#include "test.h"

#include "glob.h"

static const struct {
	const char *pat, *str;
	bool match;
} cases[] = {
	{ "abc", "abc", true },
	{ "abc", "abd", false },
	{ "abc", "ab", false },
	{ "abc", "abcd", false },
	{ "abc*", "abc", true },
	{ "abc*", "abcdef", true },
	{ "abc*", "xabc", false },
	{ "*abc", "abc", true },
	{ "*abc", "xyzabc", true },
	{ "*abc", "abcx", false },
	{ "*abc*", "abc", true },
	{ "*abc*", "xxabcxx", true },
	{ "*abc*", "xxabxcxx", false },
	{ "a*c", "ac", true },
	{ "a*c", "abbbc", true },
	{ "a*c", "abcb", false },
	{ "a*c", "acbc", true },
	{ "*", "", true },
	{ "*", "anything", true },
	{ "**", "x", true },
	{ "?", "a", true },
	{ "?", "", false },
	{ "?", "ab", false },
	{ "a?c", "abc", true },
	{ "a?c", "ac", false },
	{ "??*", "a", false },
	{ "??*", "ab", true },
	{ "[abc]", "b", true },
	{ "[abc]", "d", false },
	{ "[a-z]x", "qx", true },
	{ "[a-z]x", "Qx", false },
	{ "[!a-z]", "Q", true },
	{ "[!a-z]", "q", false },
	{ "[^a-z]", "5", true },
	{ "[^a-z]", "m", false },
	{ "[]]", "]", true },
	{ "[]a]", "a", true },
	{ "[!]]", "]", false },
	{ "[!]]", "x", true },
	{ "[a-]", "-", true },
	{ "[-a]", "-", true },
	{ "[z-a]", "m", true },
	{ "[0-9][0-9]", "42", true },
	{ "[0-9][0-9]", "4x", false },
	{ "sys_[rw]*", "sys_read", true },
	{ "sys_[rw]*", "sys_write", true },
	{ "sys_[rw]*", "sys_open", false },
	{ "\\*", "*", true },
	{ "\\*", "x", false },
	{ "a\\?c", "a?c", true },
	{ "a\\?c", "abc", false },
	{ "\\[x]", "[x]", true },
	{ "[\\]]", "]", true },
	{ "[a\\-z]", "-", true },
	{ "[a\\-z]", "m", false },
	{ "*_lock", "spin_lock", true },
	{ "*_lock", "spin_unlock_irqrestore", false },
	{ "*lock*", "spin_unlock_irqrestore", true },
	{ "*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  false },
	{ "*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	  true },
	{ "a*b*c", "aXbYbZc", true },
	{ "a*b*c", "aXbYcZ", false },
	{ "[", "[", true },
	{ "", "", true },
	{ "", "a", false },
};

TEST(glob_match_table)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool got = glob_match(cases[i].pat, cases[i].str);

		if (!CHECK(got == cases[i].match))
			printf("    glob_match(\"%s\", \"%s\") = %d\n",
			       cases[i].pat, cases[i].str, got);
	}
}

TEST(glob_check_errors)
{
	CHECK_EQ(glob_check("abc"), 0);
	CHECK_EQ(glob_check("*"), 0);
	CHECK_EQ(glob_check("a[bc]*"), 0);
	CHECK_EQ(glob_check("[]]"), 0);
	CHECK_EQ(glob_check("[!]]"), 0);
	CHECK_EQ(glob_check("\\*"), 0);
	CHECK_EQ(glob_check("[\\]]"), 0);
	CHECK_EQ(glob_check(""), -EINVAL);
	CHECK_EQ(glob_check("["), -EINVAL);
	CHECK_EQ(glob_check("[abc"), -EINVAL);
	CHECK_EQ(glob_check("a[]"), -EINVAL);
	CHECK_EQ(glob_check("[!]"), -EINVAL);
	CHECK_EQ(glob_check("[a-"), -EINVAL);
	CHECK_EQ(glob_check("abc\\"), -EINVAL);
	CHECK_EQ(glob_check("[\\"), -EINVAL);
}

TEST(glob_is_literal)
{
	CHECK(glob_is_literal("schedule"));
	CHECK(glob_is_literal("do_sys_open.isra.0"));
	CHECK(!glob_is_literal("sched*"));
	CHECK(!glob_is_literal("a?"));
	CHECK(!glob_is_literal("[ab]"));
	CHECK(!glob_is_literal("a\\b"));
}
