/*
 * ftrace_bp_test.c - `ftrace patch-test`: the breakpoint method seen from
 * the inside. A test hook runs in the middle of a batch, after each phase
 * has been written and synchronised, and calls a traced probe on every
 * CPU: while the trap bytes are in, each call must trap and act as the
 * site's old instruction; once the heads are in, as the new one. At that
 * last phase the hook also puts a trap byte back over the site itself,
 * which the handler must take for the new instruction. `patch-test
 * stray` puts an int3 where no batch is: the usual trap report.
 *
 * This file is traced on purpose (the probes are its call sites).
 */
#include "arch.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "kstring.h"
#include "printk.h"
#include "smp.h"

static volatile unsigned long probe_sink;

__noinline unsigned long ftrace_bp_probe(unsigned long x)
{
	probe_sink = x;
	return 2 * x + 1;
}

/* Keeps the test's ops registered while the probe's site comes and goes
 * (its filter must never be empty). */
__noinline void ftrace_bp_probe_other(void)
{
	__asm__ __volatile__("" ::: "memory");
}

#ifdef FTRACE_BP_INSN

static u64 hits;

/* notrace: the tracer callback. Called straight from ftrace_caller (one
 * static ops), so it counts calls whatever the filter says now. */
static notrace void count_hit(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *op, unsigned long *ret_slot)
{
	if (ip == (unsigned long)op->private)
		__atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
}

static struct ftrace_ops test_ops = { .func = count_hit, .name = "patch-test" };

/* What one phase saw, and what it should have. */
struct phase_check {
	const char *what;
	u64 calls, traps, hits;
	u64 want_traps, want_hits;
	bool wrong_result;
};

static struct {
	unsigned long site; /* the probe's site address */
	bool enabling; /* NOP -> call in this pass */
	unsigned n;
	struct phase_check c[4];
} t;

static volatile u32 wrong;

static void call_probe(void *unused __unused)
{
	if (ftrace_bp_probe(20) != 41)
		__atomic_store_n(&wrong, 1, __ATOMIC_RELAXED);
}

static u64 traps_now(void)
{
	u64 sum = 0;

	for (unsigned c = 0; c < nr_cpus; c++)
		sum += __atomic_load_n(&ftrace_bp_hits[c], __ATOMIC_RELAXED);
	return sum;
}

/* Run the probe on calls_on CPUs (all, or this one) and note it. */
static void probe_phase(const char *what, bool all, bool trapping,
			bool acts_as_call)
{
	struct phase_check *c = &t.c[t.n++];
	u64 h0 = hits, tr0 = traps_now();
	u64 ncalls = all ? nr_cpus : 1;

	wrong = 0;
	call_probe(NULL);
	if (all)
		smp_call_others(call_probe, NULL);
	c->what = what;
	c->calls = ncalls;
	c->traps = traps_now() - tr0;
	c->hits = hits - h0;
	c->want_traps = trapping ? ncalls : 0;
	c->want_hits = acts_as_call ? ncalls : 0;
	c->wrong_result = wrong;
}

static void hook(enum ftrace_bp_phase phase, const struct ftrace_bp_batch *b)
{
	const struct ftrace_bp_site *s = ftrace_bp_find(b, t.site);
	u8 buf[MCOUNT_INSN_SIZE];

	if (!s || t.n + 2 > sizeof(t.c) / sizeof(t.c[0]))
		return;
	if (phase == FTRACE_BP_TRAP) {
		probe_phase("trap bytes in", true, true, !t.enabling);
		return;
	}
	if (phase == FTRACE_BP_TAIL) {
		probe_phase("tails in", true, true, !t.enabling);
		return;
	}
	probe_phase("heads in", true, false, t.enabling);
	/* A trap byte of the hook's own over the finished site: the batch
	 * is still on, so the handler must act as the new instruction. */
	memcpy(buf, s->new, sizeof(buf));
	buf[0] = FTRACE_BP_INSN;
	ftrace_arch_text_write(t.site, buf, false);
	probe_phase("hook's int3", false, true, t.enabling);
	ftrace_arch_text_write(t.site, s->new, false);
}

static bool report(const char *pass)
{
	bool ok = t.n == 4;

	for (unsigned i = 0; i < t.n; i++) {
		struct phase_check *c = &t.c[i];
		bool good = c->traps == c->want_traps &&
			    c->hits == c->want_hits && !c->wrong_result;

		kprintf("patch-test: %s, %-13s %llu calls, %llu int3 "
			"emulated (want %llu), %llu traced (want %llu)%s\n",
			pass, c->what, (unsigned long long)c->calls,
			(unsigned long long)c->traps,
			(unsigned long long)c->want_traps,
			(unsigned long long)c->hits,
			(unsigned long long)c->want_hits,
			c->wrong_result ? ", WRONG RESULT" : "");
		ok &= good;
	}
	if (t.n != 4)
		kprintf("patch-test: %s: the hook ran %u times, not 4\n", pass,
			t.n);
	return ok;
}

/* One filter change of the test ops, with the hook watching. */
static bool watched_pass(const char *pass, const char *globs, bool enabling)
{
	int r;

	memset(t.c, 0, sizeof(t.c));
	t.n = 0;
	t.enabling = enabling;
	ftrace_bp_test_hook = hook;
	r = ftrace_set_filter(&test_ops, globs, true);
	ftrace_bp_test_hook = NULL;
	if (r) {
		kprintf("patch-test: %s: %s\n", pass, strerror(r));
		return false;
	}
	return report(pass);
}

static int test_trap(void)
{
	struct dyn_ftrace *rec = ftrace_find_rec_of("ftrace_bp_probe");
	enum ftrace_patch_method saved = ftrace_patch_method;
	bool ok;
	int r;

	if (!rec) {
		kprintf("patch-test: ftrace_bp_probe has no call site\n");
		return -ENOENT;
	}
	if (ftrace_users) {
		kprintf("patch-test: unregister other tracers first\n");
		return -EBUSY;
	}
	t.site = ftrace_arch_patch_addr(rec->ip);
	test_ops.private = (void *)rec->ip;
	ftrace_patch_method = FTRACE_PATCH_BREAKPOINT;
	r = ftrace_set_filter(&test_ops, "ftrace_bp_probe_other", true);
	if (!r)
		r = register_ftrace_function(&test_ops);
	if (r) {
		ftrace_patch_method = saved;
		ftrace_ops_free_hashes(&test_ops);
		kprintf("patch-test: %s\n", strerror(r));
		return r;
	}
	ok = watched_pass("enable", "ftrace_bp_probe ftrace_bp_probe_other",
			  true);
	ok &= watched_pass("disable", "ftrace_bp_probe_other", false);
	unregister_ftrace_function(&test_ops);
	ftrace_ops_free_hashes(&test_ops);
	ftrace_patch_method = saved;
	kprintf("patch-test: %s\n", ok ? "PASSED" : "FAILED");
	return ok ? 0 : -EIO;
}

/* An int3 over the probe's site with no batch on: not the patcher's. */
static int test_stray(void)
{
	struct dyn_ftrace *rec = ftrace_find_rec_of("ftrace_bp_probe");
	unsigned long site;
	u8 buf[MCOUNT_INSN_SIZE];

	if (!rec)
		return -ENOENT;
	site = ftrace_arch_patch_addr(rec->ip);
	memcpy(buf, (const void *)site, sizeof(buf));
	buf[0] = FTRACE_BP_INSN;
	kprintf("patch-test: an int3 at %p, in no batch\n", (void *)site);
	ftrace_arch_text_write(site, buf, false);
	ftrace_arch_text_write_done();
	ftrace_bp_probe(1);
	kprintf("patch-test: the stray int3 was not reported: FAILED\n");
	return -EIO;
}

int ftrace_bp_test(const char *what)
{
	if (!strcmp(what, "trap"))
		return test_trap();
	if (!strcmp(what, "stray"))
		return test_stray();
	kprintf("patch-test: unknown test '%s' (trap or stray)\n", what);
	return -EINVAL;
}

#else

int ftrace_bp_test(const char *what __unused)
{
	kprintf("patch-test: not on %s: it has no breakpoint method\n",
		arch_name());
	return -ENODEV;
}

#endif
