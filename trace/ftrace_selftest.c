/*
 * ftrace_selftest.c - the start-up self-test (boot option ftrace_selftest=1):
 * static and dynamic ops with different filters on three test functions,
 * each checked to see exactly the calls its filter allows, and the sites
 * checked to be NOPs again afterwards. This file is traced on purpose: its
 * test functions are the ones being patched.
 */
#include "arch.h"
#include "bootopt.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"

static volatile int sink;

__noinline void ftrace_test_alpha(int x)
{
	sink += x;
}

__noinline void ftrace_test_beta(int x)
{
	sink -= x;
}

__noinline void ftrace_test_gamma(int x)
{
	sink ^= x;
}

static unsigned long test_ips[3];

struct st_counts {
	unsigned long hits[3];
};

/* notrace: a tracer callback, reached from ftrace_caller. */
static notrace void st_func(unsigned long ip, unsigned long parent_ip,
			    struct ftrace_ops *op, unsigned long *ret_slot)
{
	struct st_counts *c = op->private;

	for (int i = 0; i < 3; i++)
		if (ip == test_ips[i])
			c->hits[i]++;
}

static struct st_counts count_a, count_b;
static struct ftrace_ops ops_a = { .func = st_func,
				   .name = "selftest-a",
				   .private = &count_a };
static struct ftrace_ops ops_b = { .func = st_func,
				   .name = "selftest-b",
				   .private = &count_b };

static int checks, failures;

static void expect(const char *what, struct st_counts *c, unsigned long a,
		   unsigned long b, unsigned long g)
{
	checks++;
	if (c->hits[0] == a && c->hits[1] == b && c->hits[2] == g)
		return;
	failures++;
	printk("ftrace: self-test: %s saw alpha=%lu beta=%lu gamma=%lu, "
	       "expected %lu/%lu/%lu\n",
	       what, c->hits[0], c->hits[1], c->hits[2], a, b, g);
}

static void call_all(void)
{
	for (int i = 0; i < 3; i++)
		ftrace_test_alpha(i);
	for (int i = 0; i < 2; i++)
		ftrace_test_beta(i);
	ftrace_test_gamma(1);
}

static void check_state(const char *when, bool a, bool b, bool g)
{
	bool want[3] = { a, b, g };

	for (int i = 0; i < 3; i++) {
		struct dyn_ftrace *rec =
			ftrace_find_rec_in(test_ips[i], test_ips[i] + 1);
		unsigned long addr = ftrace_arch_patch_addr(test_ips[i]);
		u8 nop[MCOUNT_INSN_SIZE], call[MCOUNT_INSN_SIZE];
		const u8 *expect_bytes;

		checks++;
		ftrace_arch_nop_insn(test_ips[i], nop);
		if (ftrace_arch_call_insn(test_ips[i],
					  (unsigned long)ftrace_caller, call))
			memset(call, 0, sizeof(call));
		expect_bytes = want[i] ? call : nop;
		/* The bytes at the patch address, and for a call where they
		 * lead: on sh4's bra style that is the literal's business. */
		if (!rec || !!(rec->flags & FTRACE_FL_ENABLED) != want[i] ||
		    !addr ||
		    memcmp((void *)addr, expect_bytes, MCOUNT_INSN_SIZE) ||
		    (want[i] &&
		     ftrace_arch_call_target(test_ips[i], expect_bytes) !=
			     (unsigned long)ftrace_caller)) {
			failures++;
			printk("ftrace: self-test: %s: site %d should be %s\n",
			       when, i, want[i] ? "a call" : "the NOP");
		}
	}
}

static int find_sites(void)
{
	static const char *const names[3] = { "ftrace_test_alpha",
					      "ftrace_test_beta",
					      "ftrace_test_gamma" };

	for (int i = 0; i < 3; i++) {
		const struct ksym *s = ksym_find(names[i]);
		struct dyn_ftrace *rec =
			s ? ftrace_find_rec_in(s->addr, ksym_end(s)) : NULL;
		if (!rec) {
			printk("ftrace: self-test: no call site for %s\n",
			       names[i]);
			return -ENOENT;
		}
		test_ips[i] = rec->ip;
	}
	return 0;
}

int ftrace_selftest(void)
{
	struct st_counts *count_c = kzalloc(sizeof(*count_c));
	struct ftrace_ops *ops_c = kzalloc(sizeof(*ops_c));
	int r = 0;

	checks = failures = 0;
	if (!count_c || !ops_c) {
		r = -ENOMEM;
		goto out;
	}
	ops_c->func = st_func;
	ops_c->name = "selftest-c";
	ops_c->private = count_c;
	if (ftrace_stats.record_mode) {
		call_all();
		ftrace_record_flush();
	}
	r = find_sites();
	if (r)
		goto out;
	r = ftrace_set_filter(&ops_a, "ftrace_test_alpha", true);
	r = r ?: ftrace_set_filter(&ops_b, "ftrace_test_*", true);
	r = r ?: ftrace_set_notrace(&ops_b, "ftrace_test_gamma", true);
	r = r ?: ftrace_set_filter(ops_c, "ftrace_test_[bg]*", true);
	if (r)
		goto out;

	/* One static ops: its callback is called straight. */
	r = register_ftrace_function(&ops_a);
	if (r)
		goto out;
	checks++;
	if (function_trace_op != &ops_a) {
		failures++;
		printk("ftrace: self-test: one static ops is not called "
		       "directly\n");
	}
	check_state("ops a", true, false, false);
	call_all();
	expect("ops a alone", &count_a, 3, 0, 0);

	/* Three ops, one dynamic: the list function filters per ops. */
	memset(&count_a, 0, sizeof(count_a));
	r = register_ftrace_function(&ops_b);
	r = r ?: register_ftrace_function(ops_c);
	if (r)
		goto out;
	checks++;
	if (function_trace_op != NULL) {
		failures++;
		printk("ftrace: self-test: several ops but no list function\n");
	}
	check_state("ops a+b+c", true, true, true);
	call_all();
	expect("ops a with b, c", &count_a, 3, 0, 0);
	expect("ops b (notrace gamma)", &count_b, 3, 2, 0);
	expect("ops c (dynamic)", count_c, 0, 2, 1);

	/* Unregister the first: the rest go on. */
	memset(&count_a, 0, sizeof(count_a));
	memset(&count_b, 0, sizeof(count_b));
	memset(count_c, 0, sizeof(*count_c));
	r = unregister_ftrace_function(&ops_a);
	if (r)
		goto out;
	call_all();
	expect("ops a after unregister", &count_a, 0, 0, 0);
	expect("ops b with c", &count_b, 3, 2, 0);
	expect("ops c with b", count_c, 0, 2, 1);

	r = unregister_ftrace_function(&ops_b);
	r = r ?: unregister_ftrace_function(ops_c);
	if (r)
		goto out;
	check_state("after unregister", false, false, false);
	memset(count_c, 0, sizeof(*count_c));
	call_all();
	expect("ops c after unregister", count_c, 0, 0, 0);
out:
	ftrace_ops_free_hashes(&ops_a);
	ftrace_ops_free_hashes(&ops_b);
	if (ops_c)
		ftrace_ops_free_hashes(ops_c);
	kfree(ops_c);
	kfree(count_c);
	if (r || failures) {
		printk("ftrace: self-test FAILED (%d of %d checks failed, "
		       "error %d)\n",
		       failures, checks, r);
		return r ? r : -EINVAL;
	}
	printk("ftrace: self-test PASSED (%d checks)\n", checks);
	return 0;
}

static bool selftest_wanted;

static int selftest_option(const char *v)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return -EINVAL;
	selftest_wanted = v[0] == '1';
	return 0;
}
BOOT_OPTION(ftrace_selftest, "ftrace_selftest", selftest_option,
	    "1: test ftrace_ops and filters at boot; prints PASSED or FAILED");

void ftrace_selftest_late_init(void)
{
	if (selftest_wanted)
		ftrace_selftest();
}
