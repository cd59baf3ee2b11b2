/*
 * fgraph_selftest.c - `ftrace graph-selftest`: two graph users with
 * different filters on a few test functions, each checked to see exactly
 * the entries and returns it asked for, at the right depths, with the
 * functions' return values intact; a third user refused; the depth limit
 * counted as overrun; then one user on every function for a while (every
 * thread, interrupt and NMI goes through the hook) and the return stack
 * found balanced. This file is traced on purpose: its test functions are
 * the ones hooked.
 */
#include "arch.h"
#include "fgraph.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"

static volatile int sink;

__noinline int fgraph_test_leaf(int x)
{
	sink += x;
	return x * 3 + 1;
}

/* A 64-bit result: both return registers on SH-4 (r0, r1). */
__noinline u64 fgraph_test_wide(u64 x)
{
	sink++;
	return (x << 32) | (x ^ 0x5a5a5a5aULL);
}

__noinline int fgraph_test_deep(int n)
{
	if (n <= 0)
		return fgraph_test_leaf(0);
	return fgraph_test_deep(n - 1) + 1;
}

/* What one user saw. */
struct gt_seen {
	unsigned long entries, returns, bad;
	int max_depth;
	unsigned long want_ip; /* hook only this function; 0: all */
};

/* notrace: graph callbacks. */
static notrace int gt_entry(struct ftrace_graph_ent *e, struct fgraph_ops *g)
{
	struct gt_seen *s = g->private;

	if (s->want_ip && e->func != s->want_ip)
		return 0;
	s->entries++;
	if (e->depth > s->max_depth)
		s->max_depth = e->depth;
	return 1;
}

static notrace void gt_return(struct ftrace_graph_ret *r, struct fgraph_ops *g)
{
	struct gt_seen *s = g->private;

	s->returns++;
	if (r->rettime < r->calltime || r->depth < 0 ||
	    (s->want_ip && r->func != s->want_ip))
		s->bad++;
}

static struct gt_seen seen_a, seen_b, seen_c;
static struct fgraph_ops gops_a = { .entryfunc = gt_entry,
				    .retfunc = gt_return,
				    .ops = { .name = "graph-test-a" },
				    .private = &seen_a };
static struct fgraph_ops gops_b = { .entryfunc = gt_entry,
				    .retfunc = gt_return,
				    .ops = { .name = "graph-test-b" },
				    .private = &seen_b };
static struct fgraph_ops gops_c = { .entryfunc = gt_entry,
				    .retfunc = gt_return,
				    .ops = { .name = "graph-test-c" },
				    .private = &seen_c };

static int checks, failures;

static void check(bool ok, const char *what)
{
	checks++;
	if (ok)
		return;
	failures++;
	printk("fgraph: self-test: %s\n", what);
}

static void expect(const char *who, struct gt_seen *s, unsigned long entries,
		   unsigned long returns, int max_depth)
{
	checks++;
	if (s->entries == entries && s->returns == returns && !s->bad &&
	    s->max_depth == max_depth)
		return;
	failures++;
	printk("fgraph: self-test: %s saw %lu entries, %lu returns (%lu bad), "
	       "depth %d; expected %lu, %lu, depth %d\n",
	       who, s->entries, s->returns, s->bad, s->max_depth, entries,
	       returns, max_depth);
}

static void reset_seen(void)
{
	unsigned long a = seen_a.want_ip, b = seen_b.want_ip;

	seen_a = (struct gt_seen){ .max_depth = -1, .want_ip = a };
	seen_b = (struct gt_seen){ .max_depth = -1, .want_ip = b };
}

/* Calls the three functions: 1 + 1 + (n + 1) deep + 1 leaf under it. */
static bool call_all(int n)
{
	bool ok = fgraph_test_leaf(4) == 13;

	ok &= fgraph_test_wide(0x1234) ==
	      ((0x1234ULL << 32) | (0x1234ULL ^ 0x5a5a5a5aULL));
	ok &= fgraph_test_deep(n) == n + 1;
	return ok;
}

static unsigned long ip_of(const char *name)
{
	struct dyn_ftrace *rec = ftrace_find_rec_of(name);

	return rec ? rec->ip : 0;
}

/* Run with no other graph user registered. */
int fgraph_selftest(void)
{
	unsigned over0;
	u64 t0;
	int r;

	checks = failures = 0;
	seen_a.want_ip = 0;
	seen_b.want_ip = ip_of("fgraph_test_leaf");
	check(seen_b.want_ip != 0, "no call site for fgraph_test_leaf");
	r = ftrace_set_filter(&gops_a.ops, "fgraph_test_*", true);
	r = r ?: ftrace_set_filter(&gops_b.ops, "fgraph_test_*", true);
	r = r ?: ftrace_set_notrace(&gops_b.ops, "fgraph_test_wide", true);
	if (r)
		goto out;

	/* One user: every entry and return, depths 0..n+1. */
	reset_seen();
	r = register_ftrace_graph(&gops_a);
	if (r)
		goto out;
	check(call_all(5), "wrong results with one user");
	expect("user a alone", &seen_a, 9, 9, 6);

	/* Two users, b asking only for the leaf's returns. */
	reset_seen();
	r = register_ftrace_graph(&gops_b);
	if (r)
		goto out;
	check(register_ftrace_graph(&gops_c) == -EBUSY,
	      "a third user was not refused");
	check(register_ftrace_graph(&gops_a) == -EBUSY,
	      "a user registered twice");
	check(call_all(5), "wrong results with two users");
	expect("user a with b", &seen_a, 9, 9, 6);
	/* Each counts its own depth: b hooked no caller of the leaf. */
	expect("user b (leaf only)", &seen_b, 2, 2, 0);

	/* Deeper than the return stack: the rest is overrun, not hooked. */
	reset_seen();
	over0 = ftrace_graph_overrun(&gops_a);
	check(fgraph_test_deep(FGRAPH_DEPTH + 9) == FGRAPH_DEPTH + 10,
	      "wrong result past the depth limit");
	check(ftrace_graph_overrun(&gops_a) - over0 == 11,
	      "calls past the depth limit not counted as overrun");
	expect("user a past the limit", &seen_a, FGRAPH_DEPTH, FGRAPH_DEPTH,
	       FGRAPH_DEPTH - 1);

	/* Unregistered: a sees nothing, b goes on alone. */
	unregister_ftrace_graph(&gops_a);
	reset_seen();
	check(call_all(3), "wrong results after unregister");
	expect("user a after unregister", &seen_a, 0, 0, -1);
	/* Only what is hooked counts as depth: the leaf is now at 0. */
	expect("user b alone", &seen_b, 2, 2, 0);
	unregister_ftrace_graph(&gops_b);
	reset_seen();
	call_all(3);
	expect("user b after unregister", &seen_b, 0, 0, -1);

	/* Every function, for a while: interrupts, NMIs, other threads. */
	reset_seen();
	r = ftrace_set_filter(&gops_a.ops, "*", true);
	r = r ?: register_ftrace_graph(&gops_a);
	if (r)
		goto out;
	t0 = arch_clock_ns();
	while (arch_clock_ns() - t0 < 100000000ULL)
		msleep(10);
	check(call_all(5), "wrong results with every function hooked");
	unregister_ftrace_graph(&gops_a);
	check(seen_a.entries > 0 && !seen_a.bad,
	      "every function hooked: no entries, or bad returns");
	check(ftrace_graph_depth() == 0, "the return stack is unbalanced");
out:
	ftrace_ops_free_hashes(&gops_a.ops);
	ftrace_ops_free_hashes(&gops_b.ops);
	if (r || failures) {
		printk("fgraph: self-test FAILED (%d of %d checks failed, "
		       "error %d)\n",
		       failures, checks, r);
		return r ? r : -EINVAL;
	}
	printk("fgraph: self-test PASSED (%d checks)\n", checks);
	return 0;
}
