/* shell.h - the serial console's command line: parsing and commands. */
#ifndef SHELL_H
#define SHELL_H

#include "compiler.h"
#include "fs.h"
#include "types.h"

#define SHELL_MAX_ARGS 32
#define SHELL_LINE_MAX 512

enum redir_mode { REDIR_NONE, REDIR_WRITE, REDIR_APPEND };

struct shell_cmdline {
	int argc;
	char *argv[SHELL_MAX_ARGS + 1];
	enum redir_mode redir;
	char *redir_path;
};

/*
 * Split line (modified in place) into words. Quotes '...' and "..." group
 * words and are removed; a backslash escapes the next character outside
 * single quotes. "> FILE" and ">> FILE" (with or without spaces) set the
 * redirection; a quoted '>' is an ordinary character. Returns 0, or -1
 * with a one-line reason in *err ("unterminated quote", "missing file
 * after '>'", "more than one redirection", "too many arguments").
 */
int shell_parse(char *line, struct shell_cmdline *out, const char **err);

/*
 * A console command, registered with SHELL_COMMAND or SHELL_COMMAND_LONG
 * anywhere in the kernel. usage is the synopsis ("ls [DIR]"), help one
 * line for the list `help` prints, and text, when not NULL, the rest of
 * what `help NAME` prints: lines ending in '\n', at most 72 columns.
 */
struct shell_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
	const char *text;
};

#define SHELL_COMMAND_LONG(id, nm, f, use, hlp, txt)                     \
	static const struct shell_cmd __shell_cmd_##id __used __section( \
		".shell_cmds")                                           \
		__aligned(sizeof(void *)) = { nm, f, use, hlp, txt }
#define SHELL_COMMAND(id, nm, f, use, hlp) \
	SHELL_COMMAND_LONG(id, nm, f, use, hlp, NULL)

/*
 * For a command given arguments it cannot take: prints the usage line of
 * the command called name and returns -EINVAL. shell_usage_why() adds
 * what fmt says, in parentheses (e.g. the range a number must be in).
 */
int shell_usage(const char *name);
int shell_usage_why(const char *name, const char *fmt, ...) __printf(2, 3);

/*
 * For a command that stops at Ctrl-C: prints "^C" and then a line saying
 * what it completed (printf-style, no newline needed); returns -EINTR.
 */
int shell_interrupted(const char *fmt, ...) __printf(1, 2);

/* Run one console line. */
void shell_run_line(char *line);
void shell_main(void *unused);
/* The shell's current directory, for relative paths. */
struct fs_node *shell_cwd(void);

#endif
