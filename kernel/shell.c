/*
 * shell.c - the serial console's shell: reads lines through the line
 * editor, parses them, and runs commands. Files of the tree are read with
 * cat and written with echo and a redirection; everything else is a
 * command registered with SHELL_COMMAND anywhere in the kernel.
 */
#include "arch.h"
#include "base64.h"
#include "console.h"
#include "console_line.h"
#include "fs.h"
#include "kstring.h"
#include "lineedit.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"

extern const struct shell_cmd __shell_cmds_start[], __shell_cmds_end[];

static struct fs_node *cwd;
static bool interrupt_reported; /* the command said it was interrupted */

struct fs_node *shell_cwd(void)
{
	return cwd ? cwd : fs_root();
}

static void out_console(struct fs_out *o, const char *s, size_t n)
{
	console_write(s, n);
}

static struct fs_out console_out = { out_console, 0, NULL };

static const struct shell_cmd *find_cmd(const char *name)
{
	for (const struct shell_cmd *c = __shell_cmds_start;
	     c < __shell_cmds_end; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int shell_usage_why(const char *name, const char *fmt, ...)
{
	const struct shell_cmd *c = find_cmd(name);
	char why[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	kprintf("usage: %s%s%s%s\n", c ? c->usage : name, why[0] ? " (" : "",
		why, why[0] ? ")" : "");
	return -EINVAL;
}

int shell_usage(const char *name)
{
	return shell_usage_why(name, "%s", "");
}

/*
 * "echo WORDS > FILE": the words joined by spaces, plus a newline, as
 * busybox sh does it (fs_write_file): ">" opens the file with
 * truncation, ">>" for appending. A failure prints sh's one line with
 * the errno's text, nothing more (what the handler said is not shown).
 */
static int do_redirect(struct shell_cmdline *cl)
{
	char data[SHELL_LINE_MAX + 2];
	size_t len = 0;
	bool opened;
	int r;

	if (strcmp(cl->argv[0], "echo")) {
		kprintf("%s: output redirection only works with echo\n",
			cl->argv[0]);
		return -EINVAL;
	}
	for (int i = 1; i < cl->argc; i++) {
		size_t l = strlen(cl->argv[i]);
		if (len + l + 2 > sizeof(data)) {
			kprintf("sh: write error: %s\n", strerror(-E2BIG));
			return -E2BIG;
		}
		if (i > 1)
			data[len++] = ' ';
		memcpy(data + len, cl->argv[i], l);
		len += l;
	}
	data[len++] = '\n';
	data[len] = 0;

	r = fs_write_file(shell_cwd(), cl->redir_path, data, len,
			  cl->redir == REDIR_APPEND, &opened);
	if (r && !opened)
		kprintf("sh: can't create %s: %s\n", cl->redir_path,
			strerror(r));
	else if (r)
		kprintf("sh: write error: %s\n", strerror(r));
	return r;
}

void shell_run_line(char *line)
{
	struct shell_cmdline cl;
	const struct shell_cmd *c;
	const char *err;

	if (shell_parse(line, &cl, &err)) {
		kprintf("sh: %s\n", err);
		return;
	}
	if (cl.argc == 0) {
		if (cl.redir != REDIR_NONE)
			kprintf("sh: missing command before redirection\n");
		return;
	}
	if (cl.redir != REDIR_NONE) {
		do_redirect(&cl);
		return;
	}
	c = find_cmd(cl.argv[0]);
	if (!c) {
		kprintf("sh: %s: command not found (try 'help')\n", cl.argv[0]);
		return;
	}
	c->fn(cl.argc, cl.argv);
}

int shell_interrupted(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kprintf("^C\n%s\n", buf);
	interrupt_reported = true;
	return -EINTR;
}

/* Run a typed line as the console's command: Ctrl-C interrupts it. A
 * command too short to look at the signal still shows that it came. */
static void run_command_line(char *line)
{
	signal_clear();
	interrupt_reported = false;
	console_command_running(true);
	shell_run_line(line);
	console_command_running(false);
	if (signal_pending() && !interrupt_reported)
		kprintf("^C\n");
}

#define PROMPT_FMT "ftk:%s$ "
/* printk draws the prompt and what is typed again after a message. */
_Static_assert(sizeof(PROMPT_FMT) + FS_PATH_MAX + LINEEDIT_MAX <=
		       CONSOLE_LINE_MAX,
	       "a prompt and a full line fit in struct console_line");

static void print_prompt(void)
{
	char path[FS_PATH_MAX + 1];

	fs_path(shell_cwd(), path, sizeof(path));
	kprintf(PROMPT_FMT, path);
}

void shell_main(void *unused)
{
	struct lineedit le;
	struct fs_out echo = console_out;

	cwd = fs_root();
	signal_share(current_thread());
	lineedit_reset(&le);
	kprintf("\nType 'help' for the list of commands.\n");
	print_prompt();
	for (;;) {
		char c = console_getc();
		switch (lineedit_feed(&le, c, &echo)) {
		case LE_MORE:
			continue;
		case LE_LINE:
			run_command_line(le.buf);
			break;
		case LE_CANCEL:
			break;
		case LE_TOOLONG:
			kprintf("sh: line too long (at most %d characters)\n",
				LINEEDIT_MAX - 1);
			break;
		}
		lineedit_reset(&le);
		print_prompt();
	}
}

/* ---- the commands every shell has ---- */

static int cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return shell_usage(argv[0]);
	if (argc > 1) {
		const struct shell_cmd *c = find_cmd(argv[1]);
		if (!c) {
			kprintf("help: no such command: %s\n", argv[1]);
			return -ENOENT;
		}
		kprintf("usage: %s\n  %s\n", c->usage, c->help);
		/* Not through kprintf: a text may be longer than its
		 * buffer. */
		if (c->text) {
			kprintf("\n");
			console_write(c->text, strlen(c->text));
		}
		return 0;
	}
	kprintf("Commands:\n");
	for (const struct shell_cmd *c = __shell_cmds_start;
	     c < __shell_cmds_end; c++)
		kprintf("  %-28s %s\n", c->usage, c->help);
	return 0;
}
static const char help_text[] =
	"With no COMMAND, lists every command with its synopsis. With\n"
	"one, prints its synopsis and everything it accepts.\n"
	"Editing keys: backspace, Ctrl-U (clear the line), Ctrl-C\n"
	"(drop the line). Quote words with '...' or \"...\"; a\n"
	"backslash escapes the next character outside '...'.\n";
SHELL_COMMAND_LONG(help, "help", cmd_help, "help [COMMAND]",
		   "list commands, or explain one", help_text);

static int cmd_ls(int argc, char **argv)
{
	struct fs_node *n;
	const char *path = argc > 1 ? argv[1] : ".";
	int r;

	if (argc > 2)
		return shell_usage(argv[0]);
	r = fs_lookup(shell_cwd(), path, &n);
	if (r) {
		kprintf("ls: cannot access '%s': %s\n", path, strerror(r));
		return r;
	}
	if (!n->is_dir) {
		kprintf("%s\n", n->name);
		return 0;
	}
	for (struct fs_node *c = n->children; c; c = c->next)
		kprintf("%s%s\n", c->name, c->is_dir ? "/" : "");
	return 0;
}
static const char ls_text[] =
	"Lists DIR, or the current directory, one name a line;\n"
	"directories end in '/'. Given a file, prints its name.\n"
	"Paths are absolute or relative to the current directory,\n"
	"with '.' and '..'.\n";
SHELL_COMMAND_LONG(ls, "ls", cmd_ls, "ls [DIR]", "list a directory", ls_text);

/*
 * Read path in chunks of CAT_CHUNK bytes until its end, so a large file
 * streams through a small buffer, handing each chunk to sink. flags are
 * added to FS_READ. Ctrl-C stops it between chunks; a read that waits
 * (/proc/kmsg) ends at Ctrl-C with -EINTR, and one that would wait on a
 * file opened FS_NONBLOCK with -EAGAIN: neither is an error to report.
 * Errors are reported as cat reports them, under the command's name.
 */
#define CAT_CHUNK 512

static int read_chunks(const char *cmd, const char *path, unsigned flags,
		       void (*sink)(void *arg, const char *buf, size_t n),
		       void *arg)
{
	char buf[CAT_CHUNK];
	struct fs_node *n;
	struct fs_file f;
	ssize_t got = 0;
	int r;

	r = fs_lookup(shell_cwd(), path, &n);
	if (!r)
		r = fs_open(&f, n, FS_READ | flags);
	if (r) {
		kprintf("%s: can't open '%s': %s\n", cmd, path, strerror(r));
		return r;
	}
	while (!signal_pending() && (got = fs_read(&f, buf, sizeof(buf))) > 0)
		sink(arg, buf, (size_t)got);
	fs_release(&f);
	if (got == -EAGAIN) /* nothing more for now: FS_NONBLOCK's end */
		got = 0;
	if (got < 0 && got != -EINTR)
		kprintf("%s: read error: %s\n", cmd, strerror((int)got));
	return signal_pending() ? -EINTR : (int)got;
}

static void sink_console(void *arg, const char *buf, size_t n)
{
	console_write(buf, n);
}

static int cat_one(const char *path)
{
	return read_chunks("cat", path, 0, sink_console, NULL);
}

static int cmd_cat(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2) {
		return shell_usage(argv[0]);
	}
	for (int i = 1; i < argc && !signal_pending(); i++) {
		int r = cat_one(argv[i]);

		if (r)
			ret = r;
	}
	return ret;
}
static const char cat_text[] =
	"Prints each FILE in turn. A FILE that cannot be read (no\n"
	"such file, a directory, write-only) gets one error line and\n"
	"the others are still printed.\n";
SHELL_COMMAND_LONG(cat, "cat", cmd_cat, "cat FILE...", "print files", cat_text);

/*
 * base64 FILE: the file as RFC 4648 base64, in lines of 76 characters
 * (BASE64_LINE_BYTES bytes each), so that binary content such as
 * per_cpu/cpuN/trace_pipe_raw's pages can cross the console.
 */
struct b64_line {
	u8 in[BASE64_LINE_BYTES];
	size_t n;
};

static void b64_flush(struct b64_line *l)
{
	char out[BASE64_LEN(BASE64_LINE_BYTES) + 1];
	size_t len;

	if (!l->n)
		return;
	len = base64_encode(l->in, l->n, out);
	out[len++] = '\n';
	console_write(out, len);
	l->n = 0;
}

static void sink_base64(void *arg, const char *buf, size_t n)
{
	struct b64_line *l = arg;

	while (n) {
		size_t take = MIN(n, sizeof(l->in) - l->n);

		memcpy(l->in + l->n, buf, take);
		l->n += take;
		buf += take;
		n -= take;
		if (l->n == sizeof(l->in))
			b64_flush(l);
	}
}

static int cmd_base64(int argc, char **argv)
{
	struct b64_line line = { .n = 0 };
	int r;

	if (argc != 2)
		return shell_usage(argv[0]);
	r = read_chunks("base64", argv[1], FS_NONBLOCK, sink_base64, &line);
	if (!r) /* the end: the last, shorter line */
		b64_flush(&line);
	return r;
}
static const char base64_text[] =
	"Prints FILE encoded in base64 (RFC 4648), 76 characters a\n"
	"line, the last line padded with '='. It reads what FILE holds\n"
	"now and stops where a read would wait, so that\n"
	"  base64 /sys/kernel/tracing/per_cpu/cpu0/trace_pipe_raw\n"
	"takes the CPU's pages (4096 bytes each) and ends. Errors are\n"
	"cat's; Ctrl-C stops it.\n";
SHELL_COMMAND_LONG(base64, "base64", cmd_base64, "base64 FILE",
		   "print a file encoded in base64", base64_text);

static int cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		kprintf("%s%s", i > 1 ? " " : "", argv[i]);
	kprintf("\n");
	return 0;
}
static const char echo_text[] =
	"Prints the WORDS separated by single spaces, then a newline.\n"
	"  > FILE    write them (with the newline) to FILE instead\n"
	"  >> FILE   append them to FILE\n"
	"FILE must exist and be writable, e.g.\n"
	"  echo 0 > /proc/sys/kernel/ftrace_enabled\n"
	"Only echo takes a redirection.\n";
SHELL_COMMAND_LONG(echo, "echo", cmd_echo, "echo WORDS [>|>> FILE]",
		   "print words, or write them to a file", echo_text);

static int cmd_cd(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	struct fs_node *n;
	int r;

	if (argc > 2)
		return shell_usage(argv[0]);
	r = fs_lookup(shell_cwd(), path, &n);
	if (!r && !n->is_dir)
		r = -ENOTDIR;
	if (r) {
		kprintf("cd: %s: %s\n", path, strerror(r));
		return r;
	}
	cwd = n;
	return 0;
}
static const char cd_text[] =
	"Makes DIR the current directory, or / with no DIR. The\n"
	"prompt shows it.\n";
SHELL_COMMAND_LONG(cd, "cd", cmd_cd, "cd [DIR]", "change directory", cd_text);

static int cmd_pwd(int argc, char **argv)
{
	char path[FS_PATH_MAX + 1];

	if (argc > 1)
		return shell_usage(argv[0]);
	fs_path(shell_cwd(), path, sizeof(path));
	kprintf("%s\n", path);
	return 0;
}
static const char pwd_text[] =
	"Prints the current directory as an absolute path.\n";
SHELL_COMMAND_LONG(pwd, "pwd", cmd_pwd, "pwd", "print the current directory",
		   pwd_text);
