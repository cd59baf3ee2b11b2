/*
 * ftrace_bug.c - what the kernel says when a call site cannot be changed,
 * in the layout of Linux's ftrace_bug report, so that what a reader
 * learned there applies here. Unlike Linux, which turns ftrace off for
 * good, only the bad site is marked FAILED and tracing goes on.
 *
 * Failures happen inside a stop_machine pass, where nothing may print:
 * they are collected here and printed once the machine runs again. Built
 * without -pg: the collecting half runs inside that pass.
 */
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"

#define MAX_REPORTS 16

struct ftrace_failure {
	unsigned long ip, addr, flags;
	int err;
	enum ftrace_bug_op op;
	bool have_bytes;
	u8 expected[MCOUNT_INSN_SIZE];
	u8 actual[MCOUNT_INSN_SIZE];
};

/* The last compare that failed, filled by ftrace_modify_code. */
struct ftrace_bug_bytes ftrace_bug_bytes;

static struct ftrace_failure failures[MAX_REPORTS];
static unsigned nfailures, nfailures_dropped;

void ftrace_note_failure(struct dyn_ftrace *rec, int err, enum ftrace_bug_op op)
{
	struct ftrace_failure *f;

	rec->flags |= FTRACE_FL_FAILED;
	rec->flags &= ~FTRACE_FL_ENABLED;
	ftrace_stats.failed++;
	if (nfailures == MAX_REPORTS) {
		nfailures_dropped++;
		return;
	}
	/* Claim the slot, then fill it. */
	f = &failures[nfailures++];
	f->ip = rec->ip;
	f->flags = rec->flags;
	f->err = err;
	f->op = op;
	f->addr = ftrace_arch_patch_addr(rec->ip);
	f->have_bytes = err == -EINVAL && ftrace_bug_bytes.valid;
	if (f->have_bytes) {
		f->addr = ftrace_bug_bytes.addr;
		memcpy(f->expected, ftrace_bug_bytes.expected,
		       MCOUNT_INSN_SIZE);
		memcpy(f->actual, ftrace_bug_bytes.actual, MCOUNT_INSN_SIZE);
	}
	ftrace_bug_bytes.valid = false;
}

static void format_insn(const u8 *b, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < MCOUNT_INSN_SIZE && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%02x",
					i ? ":" : "", b[i]);
}

static const char *what_failed(int err)
{
	switch (err) {
	case -EINVAL:
		return "ftrace failed to modify";
	case -EFAULT:
		return "ftrace faulted on modifying (-EFAULT: not kernel text)";
	case -EPERM:
		return "ftrace faulted on writing (-EPERM)";
	case -ERANGE:
		return "ftrace cannot encode the call from (-ERANGE)";
	case -ENOENT:
		return "ftrace found no -pg sequence at (-ENOENT)";
	default:
		return "ftrace faulted on unknown error";
	}
}

static const char *const op_text[] = {
	[FTRACE_BUG_INIT] = "Initializing ftrace call sites",
	[FTRACE_BUG_NOP] = "Setting ftrace call site to NOP",
	[FTRACE_BUG_CALL] = "Setting ftrace call site to call ftrace function",
};

static void report(const struct ftrace_failure *f)
{
	char sym[KSYM_FORMAT_MAX], hex[3 * MCOUNT_INSN_SIZE + 1];
	unsigned long off;
	const struct ksym *s = ksym_lookup(f->ip, &off);

	ksym_format(f->ip, sym, sizeof(sym));
	printk("------------[ ftrace bug ]------------\n");
	printk("%s [<%0*lx>] %s\n", what_failed(f->err),
	       (int)(2 * sizeof(long)), f->ip, sym);
	if (f->have_bytes) {
		format_insn(f->actual, hex, sizeof(hex));
		printk(" actual:   %s\n", hex);
		format_insn(f->expected, hex, sizeof(hex));
		printk(" expected: %s\n", hex);
		if (f->addr != f->ip)
			printk(" (the bytes at [<%0*lx>])\n",
			       (int)(2 * sizeof(long)), f->addr);
	}
	printk("%s\n", op_text[f->op]);
	printk("ftrace record flags: %lx\n", f->flags);
	printk(" (%lu)%s%s\n", f->flags & FTRACE_FL_REF_MASK,
	       f->flags & FTRACE_FL_FAILED ? " F" : "",
	       f->flags & FTRACE_FL_NEW ? " N" : "");
	printk("ftrace: %s's call site is marked FAILED and left alone; "
	       "tracing goes on\n",
	       s ? s->name : "this");
}

void ftrace_report_failures(void)
{
	for (unsigned i = 0; i < nfailures; i++)
		report(&failures[i]);
	if (nfailures_dropped)
		printk("ftrace: %u more failed call sites not shown\n",
		       nfailures_dropped);
	nfailures = nfailures_dropped = 0;
}
