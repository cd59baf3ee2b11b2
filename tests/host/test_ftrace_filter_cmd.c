/* test_ftrace_filter_cmd.c - host tests for trace/ftrace_filter_cmd.c. */
#include "test.h"

#include "../../trace/ftrace_internal.h"
#include "../../trace/ftrace_trigger.h"

/* Parse text's first word (commands allowed): 1, 0 or -errno. */
static int word(const char *text, struct filter_tok *t, unsigned *bad,
		const char **msg)
{
	size_t pos = 0;

	*bad = 999;
	*msg = NULL;
	return ftrace_filter_next(text, strlen(text), &pos, true, t, bad, msg);
}

TEST(filter_cmd_words_and_offsets)
{
	const char *s = "  vfs_read\t!ksys_*\n";
	struct filter_tok t;
	unsigned bad;
	const char *msg;
	size_t pos = 0;

	CHECK_EQ(ftrace_filter_next(s, strlen(s), &pos, true, &t, &bad, &msg),
		 1);
	CHECK_EQ(t.off, 2);
	CHECK_EQ(t.len, 8);
	CHECK(!t.neg && !t.is_trigger);
	CHECK_EQ(ftrace_filter_next(s, strlen(s), &pos, true, &t, &bad, &msg),
		 1);
	CHECK_EQ(t.off, 11);
	CHECK_EQ(t.len, 7);
	CHECK(t.neg && !t.is_trigger);
	CHECK_EQ(ftrace_filter_next(s, strlen(s), &pos, true, &t, &bad, &msg),
		 0);
	/* Blanks only: no word at all (an empty write). */
	pos = 0;
	CHECK_EQ(ftrace_filter_next("\n", 1, &pos, true, &t, &bad, &msg), 0);
	/* len bounds the text: no NUL needed. */
	pos = 0;
	CHECK_EQ(ftrace_filter_next("abcdef", 3, &pos, true, &t, &bad, &msg),
		 1);
	CHECK_EQ(t.len, 3);
}

TEST(filter_cmd_triggers_as_linux_splits_them)
{
	struct filter_tok t;
	unsigned bad;
	const char *msg;

	CHECK_EQ(word("vfs_read:traceoff", &t, &bad, &msg), 1);
	CHECK(t.is_trigger && !t.neg);
	CHECK_EQ(t.kind, TRIGGER_TRACEOFF);
	CHECK_EQ(t.func_off, 0);
	CHECK_EQ(t.func_len, 8);
	CHECK_EQ(word("vfs_*:traceon:3", &t, &bad, &msg), 1);
	CHECK_EQ(t.kind, TRIGGER_TRACEON_COUNT);
	CHECK_EQ(t.count, 3);
	CHECK_EQ(t.func_len, 5);
	/* kstrtoul's base 0: hex and octal too; after the number's ':' is
	 * ignored. */
	CHECK_EQ(word("f:traceoff:0x10:junk", &t, &bad, &msg), 1);
	CHECK_EQ(t.count, 16);
	CHECK_EQ(word("f:traceoff:010", &t, &bad, &msg), 1);
	CHECK_EQ(t.count, 8);
	CHECK_EQ(word("f:traceoff:0", &t, &bad, &msg), 1);
	CHECK_EQ(t.count, 0);
	CHECK_EQ(word("f:traceoff:08", &t, &bad, &msg), -EINVAL);
	/* ':' and no number: counted, and never fires. */
	CHECK_EQ(word("f:traceoff:", &t, &bad, &msg), 1);
	CHECK_EQ(t.kind, TRIGGER_TRACEOFF_COUNT);
	CHECK_EQ(t.count, -1);
	/* Removal: the FUNC after '!', a count only picks the kind. */
	CHECK_EQ(word("!vfs_read:traceoff", &t, &bad, &msg), 1);
	CHECK(t.neg);
	CHECK_EQ(t.kind, TRIGGER_TRACEOFF);
	CHECK_EQ(t.func_off, 1);
	CHECK_EQ(t.func_len, 8);
	CHECK_EQ(word("!vfs_read:traceoff:x", &t, &bad, &msg), 1);
	CHECK_EQ(t.kind, TRIGGER_TRACEOFF_COUNT);
	/* An empty FUNC parses (removing every one of a kind). */
	CHECK_EQ(word("!:traceon", &t, &bad, &msg), 1);
	CHECK_EQ(t.func_len, 0);
	CHECK_STREQ(trigger_kind_name(TRIGGER_TRACEON_COUNT), "traceon");
	CHECK_STREQ(trigger_kind_name(TRIGGER_TRACEOFF), "traceoff");
}

TEST(filter_cmd_errors_point_at_the_bad_part)
{
	struct filter_tok t;
	unsigned bad;
	const char *msg;
	size_t pos = 0;
	char big[FTRACE_GLOB_MAX + 20];

	CHECK_EQ(word("vfs_read:bogus_cmd", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(bad, 9);
	CHECK_STREQ(msg, "unknown command");
	/* Commands are matched whole, case and all. */
	CHECK_EQ(word("f:traceoffx", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(word("f:TRACEON", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(word("f:", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(word("f:traceon:3x", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(bad, 10);
	CHECK_STREQ(msg, "bad count");
	CHECK_EQ(word("f:traceon:-1", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(word("f:traceon:99999999999999999999999", &t, &bad, &msg),
		 -ERANGE);
	CHECK_EQ(word("[ab:traceon", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(bad, 0);
	CHECK_STREQ(msg, "malformed glob");
	CHECK_EQ(word("!!f:traceon", &t, &bad, &msg), -EINVAL);
	CHECK_EQ(bad, 1);
	memset(big, 'a', FTRACE_GLOB_MAX + 1);
	strcpy(big + FTRACE_GLOB_MAX + 1, ":traceon");
	CHECK_EQ(word(big, &t, &bad, &msg), -EINVAL);
	CHECK_STREQ(msg, "pattern too long");
	/* set_ftrace_notrace takes no commands; the offset is the word's. */
	CHECK_EQ(ftrace_filter_next(" f:traceon", 10, &pos, false, &t, &bad,
				    &msg),
		 -EINVAL);
	CHECK_EQ(bad, 1);
}
