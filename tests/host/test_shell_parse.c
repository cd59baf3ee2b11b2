/* test_shell_parse.c - host tests for kernel/shell_parse.c. */
#include "test.h"

#include "shell.h"

static struct shell_cmdline cl;
static char line[SHELL_LINE_MAX];
static const char *err;

static int parse(const char *s)
{
	strlcpy(line, s, sizeof(line));
	err = "untouched";
	return shell_parse(line, &cl, &err);
}

/* argv joined with '|', for compact checks. */
static const char *joined(void)
{
	static char buf[SHELL_LINE_MAX * 2];
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < cl.argc; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "|" : "",
			      cl.argv[i]);
	return buf;
}

TEST(shell_parse_words)
{
	CHECK_EQ(parse("echo  hello\tworld "), 0);
	CHECK(err == NULL);
	CHECK_EQ(cl.argc, 3);
	CHECK_STREQ(joined(), "echo|hello|world");
	CHECK(cl.argv[3] == NULL);
	CHECK_EQ(cl.redir, REDIR_NONE);
	CHECK(cl.redir_path == NULL);
}

TEST(shell_parse_blank)
{
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(cl.argc, 0);
	CHECK(cl.argv[0] == NULL);
	CHECK_EQ(parse(" \t "), 0);
	CHECK_EQ(cl.argc, 0);
}

TEST(shell_parse_quotes)
{
	CHECK_EQ(parse("echo 'a  b' \"c d\""), 0);
	CHECK_STREQ(joined(), "echo|a  b|c d");
	CHECK_EQ(parse("echo x'y z'w"), 0);
	CHECK_STREQ(joined(), "echo|xy zw");
	CHECK_EQ(parse("echo '' \"\""), 0);
	CHECK_EQ(cl.argc, 3);
	CHECK_STREQ(cl.argv[1], "");
	CHECK_STREQ(cl.argv[2], "");
	/* Single quotes keep backslashes; double quotes escape " and \ only. */
	CHECK_EQ(parse("echo 'a\\b' \"q\\\"x\\\\y\\n\""), 0);
	CHECK_STREQ(cl.argv[1], "a\\b");
	CHECK_STREQ(cl.argv[2], "q\"x\\y\\n");
	CHECK_EQ(parse("echo \"it's\" 'say \"hi\"'"), 0);
	CHECK_STREQ(joined(), "echo|it's|say \"hi\"");
}

TEST(shell_parse_backslash)
{
	CHECK_EQ(parse("echo a\\ b \\'c \\>d e\\"), 0);
	CHECK_STREQ(joined(), "echo|a b|'c|>d|e\\");
	CHECK_EQ(cl.redir, REDIR_NONE);
}

TEST(shell_parse_redirections)
{
	static const struct {
		const char *line;
		enum redir_mode mode;
		const char *args;
	} cases[] = {
		{ "echo 1 > file", REDIR_WRITE, "echo|1" },
		{ "echo 1 >file", REDIR_WRITE, "echo|1" },
		{ "echo 1> file", REDIR_WRITE, "echo|1" },
		{ "echo 1>file", REDIR_WRITE, "echo|1" },
		{ "echo 1 >> file", REDIR_APPEND, "echo|1" },
		{ "echo 1 >>file", REDIR_APPEND, "echo|1" },
		{ "echo 1>> file", REDIR_APPEND, "echo|1" },
		{ "echo 1>>file", REDIR_APPEND, "echo|1" },
		{ "> file echo 1", REDIR_WRITE, "echo|1" },
		{ "echo >file 1", REDIR_WRITE, "echo|1" },
		{ "echo '1'>'file'", REDIR_WRITE, "echo|1" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!CHECK_EQ(parse(cases[i].line), 0))
			printf("    line: %s\n", cases[i].line);
		CHECK_EQ(cl.redir, cases[i].mode);
		CHECK_STREQ(cl.redir_path, "file");
		CHECK_STREQ(joined(), cases[i].args);
	}
}

TEST(shell_parse_quoted_gt_is_a_word)
{
	CHECK_EQ(parse("echo '>' \">>\" a'>'b"), 0);
	CHECK_STREQ(joined(), "echo|>|>>|a>b");
	CHECK_EQ(cl.redir, REDIR_NONE);
	CHECK_EQ(parse("echo x > 'my file'"), 0);
	CHECK_STREQ(cl.redir_path, "my file");
}

TEST(shell_parse_errors)
{
	static const struct {
		const char *line;
		const char *err;
	} cases[] = {
		{ "echo 'abc", "unterminated quote" },
		{ "echo \"abc", "unterminated quote" },
		{ "echo \"a\\\"", "unterminated quote" },
		{ "echo 1 >", "missing file after '>'" },
		{ "echo 1>", "missing file after '>'" },
		{ "echo 1 >>", "missing file after '>>'" },
		{ "echo 1 >>  ", "missing file after '>>'" },
		{ "echo 1 > > f", "missing file after '>'" },
		{ "echo 1 >> > f", "missing file after '>>'" },
		{ "echo 1 > ''", "missing file after '>'" },
		{ "echo 1 > a > b", "more than one redirection" },
		{ "echo 1 > a >> b", "more than one redirection" },
		{ "echo 1>a>b", "more than one redirection" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!CHECK_EQ(parse(cases[i].line), -1))
			printf("    line: %s\n", cases[i].line);
		CHECK_STREQ(err, cases[i].err);
		CHECK_EQ(cl.argc, 0);
		CHECK_EQ(cl.redir, REDIR_NONE);
	}
}

TEST(shell_parse_argument_limit)
{
	char buf[SHELL_LINE_MAX];
	size_t n = 0;
	int i;

	for (i = 0; i < SHELL_MAX_ARGS; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "a%d ", i);
	CHECK_EQ(parse(buf), 0);
	CHECK_EQ(cl.argc, SHELL_MAX_ARGS);
	CHECK(cl.argv[SHELL_MAX_ARGS] == NULL);
	CHECK_STREQ(cl.argv[SHELL_MAX_ARGS - 1], "a31");

	snprintf(buf + n, sizeof(buf) - n, "one-too-many");
	CHECK_EQ(parse(buf), -1);
	CHECK_STREQ(err, "too many arguments");

	/* The redirection's file is not an argument. */
	snprintf(buf + n, sizeof(buf) - n, "> f");
	CHECK_EQ(parse(buf), 0);
	CHECK_STREQ(cl.redir_path, "f");
}
