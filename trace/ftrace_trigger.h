/*
 * ftrace_trigger.h - what set_ftrace_filter and set_ftrace_notrace take
 * besides function globs: the filter commands FUNC:traceon[:N] and
 * FUNC:traceoff[:N], and the trigger table they build. Shared between
 * the parser (ftrace_filter_cmd.c, pure, host-tested), the triggers
 * (ftrace_trigger.c) and the files (ftrace_filter_files.c).
 */
#ifndef FTRACE_TRIGGER_H
#define FTRACE_TRIGGER_H

#include "seq_file.h"
#include "types.h"

/*
 * The kinds of trigger, as Linux's probe ops: a counted one is a
 * different trigger from the plain one on the same function, so
 * "!f:traceoff" does not remove "f:traceoff:3".
 */
enum trigger_kind {
	TRIGGER_TRACEON,
	TRIGGER_TRACEON_COUNT,
	TRIGGER_TRACEOFF,
	TRIGGER_TRACEOFF_COUNT,
	TRIGGER_KINDS
};

/* One space-separated word of a write, as the parser saw it. */
struct filter_tok {
	unsigned off, len; /* where it is in the text */
	bool neg; /* it starts with '!' */
	bool is_trigger; /* FUNC:COMMAND[:PARAM], else a glob */
	/* triggers only: */
	unsigned func_off, func_len; /* FUNC, after any '!' */
	enum trigger_kind kind;
	long count; /* counted kinds: what is left (-1: ':' and no number) */
};

/*
 * The next word of text[0..len) at or after *pos, parsed: 1 with *tok
 * filled and *pos past it, 0 when only blanks remain, or -EINVAL with
 * *bad (the offset of the faulty part) and *msg (why) set. commands
 * says whether FUNC:COMMAND words are allowed (set_ftrace_filter only).
 */
int ftrace_filter_next(const char *text, size_t len, size_t *pos, bool commands,
		       struct filter_tok *tok, unsigned *bad, const char **msg);

/* "traceon" or "traceoff": the command a kind comes from. */
const char *trigger_kind_name(enum trigger_kind kind);
/* Whether kind keeps a count. */
static inline bool trigger_kind_counted(enum trigger_kind kind)
{
	return kind == TRIGGER_TRACEON_COUNT || kind == TRIGGER_TRACEOFF_COUNT;
}

/*
 * Apply the trigger words of a write (toks[0..n), the others skipped)
 * all or none: 0, or -EINVAL (FUNC matches no function, or is
 * malformed), -ENODEV (removing a kind of trigger none of which is
 * set), -ENOMEM, with *bad and *msg saying which word and why.
 */
int ftrace_trigger_apply(const char *text, const struct filter_tok *toks,
			 unsigned n, unsigned *bad, const char **msg);

/*
 * Reading the triggers back, one line each ("f:traceoff:count=2"), for
 * set_ftrace_filter: between ftrace_trigger_lock() and _unlock(), of
 * the ftrace_trigger_count() triggers, ftrace_trigger_show(m, i) prints trigger i and returns 0, or returns 1
 * when there are fewer than i + 1. Newest kind of trigger first, each
 * kind's functions in address order. O(1) per line.
 */
void ftrace_trigger_lock(void);
void ftrace_trigger_unlock(void);
unsigned long ftrace_trigger_count(void);
int ftrace_trigger_show(struct seq_file *m, unsigned long i);

/* Create set_ftrace_filter and set_ftrace_notrace (at boot). */
void ftrace_filter_files_init(void);

#endif
