/* shell_parse.c - split a console line into words and a redirection. */

/*
 * The line is rewritten in place: quotes and escapes are removed as the
 * words are copied down, which is safe because the write position never
 * passes the read position. Each word is then NUL-terminated where it
 * ends, which may overwrite the byte that ended it ('>' or a blank), so
 * that byte is always looked at before the NUL goes in.
 */
#include "compiler.h"
#include "shell.h"
#include "types.h"

struct parser {
	char *in; /* next byte to read */
	char *out; /* next byte to write */
	struct shell_cmdline *cl;
	bool want_path; /* the next word names the redirection's file */
	const char *err;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *missing_msg(enum redir_mode mode)
{
	return mode == REDIR_APPEND ? "missing file after '>>'"
				    : "missing file after '>'";
}

/* p->in is at a '>' (possibly already overwritten by a word's NUL). */
static int take_redir(struct parser *p)
{
	enum redir_mode mode = REDIR_WRITE;

	if (p->want_path) {
		p->err = missing_msg(p->cl->redir);
		return -1;
	}
	if (p->cl->redir != REDIR_NONE) {
		p->err = "more than one redirection";
		return -1;
	}
	p->in++;
	if (*p->in == '>') {
		mode = REDIR_APPEND;
		p->in++;
	}
	p->cl->redir = mode;
	p->want_path = true;
	return 0;
}

/* Copy one quoted run; p->in is at the opening quote. */
static int take_quoted(struct parser *p)
{
	char q = *p->in++;

	while (*p->in && *p->in != q) {
		/* Inside "...", only \" and \\ are escapes. */
		if (q == '"' && *p->in == '\\' &&
		    (p->in[1] == '"' || p->in[1] == '\\'))
			p->in++;
		*p->out++ = *p->in++;
	}
	if (!*p->in) {
		p->err = "unterminated quote";
		return -1;
	}
	p->in++;
	return 0;
}

static int take_word(struct parser *p)
{
	char *word = p->out;
	bool redir_follows;

	while (*p->in && !is_blank(*p->in) && *p->in != '>') {
		if (*p->in == '\'' || *p->in == '"') {
			if (take_quoted(p))
				return -1;
		} else if (*p->in == '\\') {
			p->in++;
			/* A backslash that ends the line stands for itself. */
			if (*p->in)
				*p->out++ = *p->in++;
			else
				*p->out++ = '\\';
		} else {
			*p->out++ = *p->in++;
		}
	}

	redir_follows = *p->in == '>';
	if (is_blank(*p->in))
		p->in++;
	*p->out++ = '\0';

	if (p->want_path) {
		if (!*word) {
			p->err = missing_msg(p->cl->redir);
			return -1;
		}
		p->cl->redir_path = word;
		p->want_path = false;
	} else {
		if (p->cl->argc >= SHELL_MAX_ARGS) {
			p->err = "too many arguments";
			return -1;
		}
		p->cl->argv[p->cl->argc++] = word;
	}
	return redir_follows ? take_redir(p) : 0;
}

static void clear_cmdline(struct shell_cmdline *cl)
{
	cl->argc = 0;
	cl->argv[0] = NULL;
	cl->redir = REDIR_NONE;
	cl->redir_path = NULL;
}

int shell_parse(char *line, struct shell_cmdline *out, const char **err)
{
	struct parser p = { line, line, out, false, NULL };
	int ret = 0;

	clear_cmdline(out);
	for (;;) {
		while (is_blank(*p.in))
			p.in++;
		if (!*p.in)
			break;
		if (*p.in == '>')
			ret = take_redir(&p);
		else
			ret = take_word(&p);
		if (ret)
			break;
	}
	if (!ret && p.want_path) {
		p.err = missing_msg(out->redir);
		ret = -1;
	}

	if (ret) {
		clear_cmdline(out);
	} else {
		out->argv[out->argc] = NULL;
	}
	if (err)
		*err = p.err;
	return ret ? -1 : 0;
}
