/*
 * ftrace_patch_bench.c - `patchbench`: the two methods of patching
 * measured against each other on this machine (make bench runs it on 4
 * CPUs under -icount shift=0, where a guest nanosecond is one guest
 * instruction). For each method: the fixed cost of a pass (one site) and
 * what each further site adds (every site), what a pass costs the other
 * CPUs (held: kept from running; disturbed: inside the method's IPIs),
 * and how much work threads on the other CPUs complete while 1,000
 * passes switch a function they do not run.
 *
 * Traced on purpose: the call sites of the functions here are what the
 * passes switch, and what the workers run through; the callback is
 * notrace.
 */
#include "arch.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"

#define PASSES 1000
#define ONE_SITE_PASSES 20

static volatile bool workers_stop;
static volatile u32 workers_running;
static DEFINE_PER_CPU(volatile u64, work_done);

__noinline void patch_bench_work(void)
{
	__asm__ __volatile__("" ::: "memory");
}

__noinline void patch_bench_other(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static notrace void bench_cb(unsigned long ip, unsigned long parent_ip,
			     struct ftrace_ops *op, unsigned long *ret_slot)
{
}

static struct ftrace_ops bench_ops = { .func = bench_cb, .name = "patchbench" };

static void worker(void *unused __unused)
{
	unsigned cpu = arch_cpu_id();

	while (!workers_stop) {
		patch_bench_work();
		per_cpu(work_done, cpu)++;
	}
	__atomic_fetch_sub(&workers_running, 1, __ATOMIC_RELEASE);
	kthread_exit();
}

static u64 work_total(void)
{
	u64 sum = 0;

	for (unsigned c = 0; c < nr_cpus; c++)
		sum += per_cpu(work_done, c);
	return sum;
}

/* A thread on every CPU but this one, each calling patch_bench_work
 * in a loop and counting; the number started. */
static unsigned start_workers(void)
{
	unsigned me = arch_cpu_id(), started = 0;

	workers_stop = false;
	for (unsigned c = 0; c < nr_cpus; c++) {
		if (c == me)
			continue;
		__atomic_fetch_add(&workers_running, 1, __ATOMIC_RELAXED);
		if (!kthread_create("patchbench", worker, NULL, (int)c)) {
			__atomic_fetch_sub(&workers_running, 1,
					   __ATOMIC_RELAXED);
			break;
		}
		started++;
	}
	return started;
}

static void stop_workers(void)
{
	workers_stop = true;
	while (__atomic_load_n(&workers_running, __ATOMIC_ACQUIRE))
		msleep(1);
}

/* One pass switching bench_ops on or off, as globs select: its ns. */
static int one_pass(bool on, u64 *ns)
{
	int r = on ? register_ftrace_function(&bench_ops)
		   : unregister_ftrace_function(&bench_ops);

	*ns = ftrace_stats.last_ns;
	return r;
}

/* The mean pass, on then off, over n cycles with globs selected. */
static int mean_pass(const char *globs, unsigned n, u64 *on, u64 *off)
{
	u64 t;
	int r = ftrace_set_filter(&bench_ops, globs, true);

	*on = *off = 0;
	for (unsigned i = 0; !r && i < n; i++) {
		r = one_pass(true, &t);
		*on += t;
		r = r ?: one_pass(false, &t);
		*off += t;
	}
	*on /= n;
	*off /= n;
	return r;
}

/* What each site beyond the first adds to a pass. */
static u64 per_site(u64 all, u64 one, unsigned long n)
{
	return all > one && n > 1 ? (all - one) / (n - 1) : 0;
}

static int bench_method(enum ftrace_patch_method m)
{
	const struct ftrace_patch_stats *ps = &ftrace_patch_stats[m];
	const char *name = ftrace_patch_method_name(m);
	unsigned long n = ftrace_stats.sites;
	u64 one_on, one_off, all_on, all_off, t0, w0, p0, h0, d0, s0, ns, w;
	u64 hmin = ~0ULL, hmax = 0;
	unsigned nworkers;
	int r;

	ftrace_patch_method = m;
	r = mean_pass("patch_bench_work", ONE_SITE_PASSES, &one_on, &one_off);
	r = r ?: mean_pass("*", 2, &all_on, &all_off);
	if (r)
		return r;
	kprintf("patchbench: %s: one site, pass on %llu, off %llu\n", name,
		(unsigned long long)one_on, (unsigned long long)one_off);
	kprintf("patchbench: %s: every site (%lu), pass on %llu, off %llu; "
		"per site on %llu, off %llu\n",
		name, n, (unsigned long long)all_on,
		(unsigned long long)all_off,
		(unsigned long long)per_site(all_on, one_on, n),
		(unsigned long long)per_site(all_off, one_off, n));

	/* The passes switch a function the workers do not run: what they
	 * lose is what the method costs a CPU that is not even tracing. */
	r = ftrace_set_filter(&bench_ops, "patch_bench_other", true);
	if (r)
		return r;
	nworkers = start_workers();
	p0 = ps->passes;
	h0 = ps->held_ns;
	d0 = ps->disturbed_ns;
	s0 = ps->syncs;
	w0 = work_total();
	t0 = arch_clock_ns();
	for (unsigned i = 0; !r && i < PASSES && !signal_pending(); i++) {
		u64 held = ps->held_ns;

		r = one_pass(!(i & 1), &ns);
		held = ps->held_ns - held;
		hmin = held < hmin ? held : hmin;
		hmax = held > hmax ? held : hmax;
	}
	ns = arch_clock_ns() - t0;
	w = work_total() - w0;
	stop_workers();
	if (r)
		return r;
	if (ps->passes - p0 != PASSES)
		return shell_interrupted("patchbench: stopped");
	kprintf("patchbench: %s: %d passes in %llu, %llu syncs; per pass "
		"others held %llu, disturbed %llu\n",
		name, PASSES, (unsigned long long)ns,
		(unsigned long long)(ps->syncs - s0),
		(unsigned long long)((ps->held_ns - h0) / PASSES),
		(unsigned long long)((ps->disturbed_ns - d0) / PASSES));
	kprintf("patchbench: %s: others held per pass, least %llu, most "
		"%llu\n",
		name, (unsigned long long)hmin, (unsigned long long)hmax);
	kprintf("patchbench: %s: work done meanwhile by %u other CPUs %llu, "
		"%llu per pass, %llu per ms\n",
		name, nworkers, (unsigned long long)w,
		(unsigned long long)(w / PASSES),
		(unsigned long long)(w * 1000000 / (ns ? ns : 1)));
	return 0;
}

static int cmd_patchbench(int argc, char **argv)
{
	enum ftrace_patch_method saved = ftrace_patch_method;
	int r = 0;

	if (argc > 1)
		return shell_usage(argv[0]);
	if (ftrace_users) {
		kprintf("patchbench: unregister other tracers first\n");
		return -EBUSY;
	}
	kprintf("patchbench: %u CPUs\n", nr_cpus);
	for (int m = 0; !r && m < FTRACE_NR_PATCH_METHODS; m++)
		if (m != FTRACE_PATCH_BREAKPOINT || ftrace_bp_supported())
			r = bench_method((enum ftrace_patch_method)m);
	ftrace_ops_free_hashes(&bench_ops);
	ftrace_patch_method = saved;
	if (r)
		kprintf("patchbench: failed: %s\n", strerror(r));
	else
		kprintf("patchbench: done\n");
	return r;
}
/* clang-format off */
SHELL_COMMAND_LONG(patchbench, "patchbench", cmd_patchbench, "patchbench",
		   "stop_machine against breakpoints: costs to the others",
	"Measures each way of patching (ftrace patch): the fixed cost of a\n"
	"pass and the cost per site, what a pass costs the other CPUs (held\n"
	"from running, or disturbed by IPIs), and how much work threads on\n"
	"the other CPUs complete during 1,000 passes (switching a function\n"
	"they do not run). Figures in ns: guest instructions under make\n"
	"bench. Ctrl-C stops it.\n");
/* clang-format on */
