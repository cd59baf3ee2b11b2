/*
 * ftrace_filter_cmd.c - the words written to set_ftrace_filter and
 * set_ftrace_notrace, one at a time: a glob ("vfs_*", "!vfs_read"), or a
 * filter command FUNC:COMMAND[:PARAM] split as Linux splits it, at the
 * first two colons. Pure (no kernel state), so the host tests run it as
 * it is; what the words do is the callers' business.
 */
#include "ftrace_internal.h"
#include "ftrace_trigger.h"
#include "glob.h"
#include "kstring.h"

/* The longest count we read: ULONG_MAX in octal, with room to spare. */
#define COUNT_DIGITS_MAX 24

static const char *const kind_names[TRIGGER_KINDS] = {
	[TRIGGER_TRACEON] = "traceon",
	[TRIGGER_TRACEON_COUNT] = "traceon",
	[TRIGGER_TRACEOFF] = "traceoff",
	[TRIGGER_TRACEOFF_COUNT] = "traceoff",
};

const char *trigger_kind_name(enum trigger_kind kind)
{
	return kind_names[kind];
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Index of the first ':' in s[from..to), or to. */
static unsigned find_colon(const char *s, unsigned from, unsigned to)
{
	while (from < to && s[from] != ':')
		from++;
	return from;
}

static bool word_is(const char *s, unsigned len, const char *name)
{
	return strlen(name) == len && !memcmp(s, name, len);
}

/*
 * The count of FUNC:CMD:N: a number as kstrtoul (base 0) reads it, up to
 * the next ':' (what follows it is ignored, as Linux ignores it); no
 * digits means -1, a counted trigger that never fires.
 */
static int parse_count(const char *s, unsigned len, long *count)
{
	char num[COUNT_DIGITS_MAX + 1];
	unsigned long long v;
	int r;

	if (!len) {
		*count = -1;
		return 0;
	}
	if (len > COUNT_DIGITS_MAX)
		return -ERANGE;
	memcpy(num, s, len);
	num[len] = 0;
	/* kstrtoul's base 0 reads a leading 0 as octal, 0x as hex. */
	if (num[0] == '0' && len > 1 && num[1] != 'x' && num[1] != 'X')
		r = kstrtoull(num + 1, 8, &v);
	else
		r = kstrtoull(num, 0, &v);
	if (r)
		return r;
	if (v > (unsigned long)-1)
		return -ERANGE;
	*count = (long)(unsigned long)v;
	return 0;
}

/* FUNC:COMMAND[:PARAM] in text[tok->off..+len), the first ':' at colon. */
static int parse_trigger(const char *text, struct filter_tok *tok,
			 unsigned colon, unsigned *bad, const char **msg)
{
	unsigned end = tok->off + tok->len;
	unsigned cmd = colon + 1, cmd_end = find_colon(text, cmd, end);
	bool has_param = cmd_end < end, on;
	const char *func = text + tok->func_off;
	char pat[FTRACE_GLOB_MAX + 1];

	tok->is_trigger = true;
	tok->func_len = colon - tok->func_off;
	if (tok->func_len > FTRACE_GLOB_MAX) {
		*bad = tok->func_off;
		*msg = "pattern too long";
		return -EINVAL;
	}
	memcpy(pat, func, tok->func_len);
	pat[tok->func_len] = 0;
	/* An empty FUNC is no function to add, every one to remove. */
	if (tok->func_len && (pat[0] == '!' || glob_check(pat))) {
		*bad = tok->func_off;
		*msg = "malformed glob";
		return -EINVAL;
	}
	if (word_is(text + cmd, cmd_end - cmd, "traceon")) {
		on = true;
	} else if (word_is(text + cmd, cmd_end - cmd, "traceoff")) {
		on = false;
	} else {
		*bad = cmd;
		*msg = "unknown command";
		return -EINVAL;
	}
	if (!has_param)
		tok->kind = on ? TRIGGER_TRACEON : TRIGGER_TRACEOFF;
	else
		tok->kind = on ? TRIGGER_TRACEON_COUNT : TRIGGER_TRACEOFF_COUNT;
	tok->count = 0;
	/* Removing takes no count: only whether there is one matters. */
	if (has_param && !tok->neg) {
		unsigned num = cmd_end + 1;
		int r = parse_count(text + num,
				    find_colon(text, num, end) - num,
				    &tok->count);

		if (r) {
			*bad = num;
			*msg = "bad count";
			return r;
		}
	}
	return 0;
}

int ftrace_filter_next(const char *text, size_t len, size_t *pos, bool commands,
		       struct filter_tok *tok, unsigned *bad, const char **msg)
{
	size_t p = *pos, e;
	unsigned colon;

	while (p < len && is_blank(text[p]))
		p++;
	if (p >= len) {
		*pos = p;
		return 0;
	}
	for (e = p; e < len && !is_blank(text[e]); e++)
		;
	*pos = e;
	memset(tok, 0, sizeof(*tok));
	tok->off = (unsigned)p;
	tok->len = (unsigned)(e - p);
	tok->neg = text[p] == '!';
	tok->func_off = tok->off + tok->neg;
	colon = find_colon(text, tok->func_off, (unsigned)e);
	if (colon == e)
		return 1; /* a glob: ftrace_filter_build checks it */
	if (!commands) {
		*bad = tok->off;
		*msg = "commands work only in set_ftrace_filter";
		return -EINVAL;
	}
	return parse_trigger(text, tok, colon, bad, msg) ?: 1;
}
