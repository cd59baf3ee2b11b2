/*
 * workloads.c - demo kernel threads that give the tracer something to
 * watch: a recursive one (fib), one that fights over a spinlock from every
 * CPU (spin), and one that sleeps and is woken (sleep). `run` lists them.
 */
#include "arch.h"
#include "kmain.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"

static volatile bool workloads_stop;
static volatile int workloads_running;
static struct waitq workloads_done = WAITQ_INIT("workloads");

struct work_args {
	unsigned long n;
	unsigned long loops; /* 0: until "run stop" */
};

static bool keep_going(unsigned long done, unsigned long loops)
{
	return loops ? done < loops : !workloads_stop;
}

/* The last thing a workload thread does: "run stop" waits for the count
 * to reach 0. */
static void workload_exit(void)
{
	__atomic_fetch_sub(&workloads_running, 1, __ATOMIC_RELEASE);
	waitq_wake_all(&workloads_done);
}

/* ---- fib ---- */

__noinline unsigned long fib(unsigned long n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static void fib_thread(void *p)
{
	struct work_args a = *(struct work_args *)p;
	unsigned long done = 0, r = 0;
	u64 t0 = arch_clock_ns();

	kfree(p);
	while (keep_going(done, a.loops)) {
		r = fib(a.n);
		done++;
	}
	printk("run: fib(%lu) = %lu, %lu times on cpu %u in %llu ms\n", a.n, r,
	       done, arch_cpu_id(),
	       (unsigned long long)((arch_clock_ns() - t0) / 1000000));
	workload_exit();
}

/* ---- spin ---- */

static struct spinlock spin_demo_lock = SPINLOCK_INIT("spin_demo");
static unsigned long spin_total;
static unsigned long spin_per_cpu[NR_CPUS];
static volatile int spin_left;

__noinline void spin_critical(unsigned cpu)
{
	unsigned long flags = spin_lock_irqsave(&spin_demo_lock);
	spin_total++;
	spin_per_cpu[cpu]++;
	spin_unlock_irqrestore(&spin_demo_lock, flags);
}

static void spin_thread(void *p)
{
	struct work_args a = *(struct work_args *)p;
	unsigned cpu = arch_cpu_id();
	unsigned long done = 0;

	kfree(p);
	while (keep_going(done, a.loops)) {
		for (unsigned long i = 0; i < a.n; i++)
			spin_critical(cpu);
		done++;
	}
	if (__atomic_sub_fetch(&spin_left, 1, __ATOMIC_SEQ_CST) == 0) {
		printk("run: spin total %lu over %u CPUs:", spin_total,
		       nr_cpus);
		for (unsigned i = 0; i < nr_cpus; i++)
			kprintf(" cpu%u=%lu", i, spin_per_cpu[i]);
		kprintf("\n");
	}
	workload_exit();
}

/* ---- sleep ---- */

static struct waitq ping_wq = WAITQ_INIT("ping");
static volatile unsigned long ping_seq, pong_seq;

static bool ping_ready(void *p)
{
	return ping_seq != *(unsigned long *)p || workloads_stop;
}

__noinline void sleeper_wait(unsigned long *seen)
{
	waitq_wait(&ping_wq, ping_ready, seen);
	*seen = ping_seq;
}

static void sleep_waiter(void *p)
{
	unsigned long seen = ping_seq, wakes = 0;
	unsigned long loops = (unsigned long)p;

	while (keep_going(wakes, loops)) {
		sleeper_wait(&seen);
		wakes++;
		pong_seq++;
	}
	printk("run: sleep waiter woken %lu times on cpu %u\n", wakes,
	       arch_cpu_id());
	workload_exit();
}

static void sleep_thread(void *p)
{
	struct work_args a = *(struct work_args *)p;
	unsigned long done = 0;
	u64 t0 = arch_clock_ns();

	kfree(p);
	while (keep_going(done, a.loops)) {
		msleep((unsigned)a.n);
		ping_seq++;
		waitq_wake_all(&ping_wq);
		done++;
	}
	/* Let the waiter see the last ping before we report. */
	msleep(20);
	printk("run: sleep %lu x %lu ms took %llu ms on cpu %u\n", done, a.n,
	       (unsigned long long)((arch_clock_ns() - t0) / 1000000),
	       arch_cpu_id());
	workload_exit();
}

/* ---- the command ---- */

struct workload {
	const char *name;
	unsigned long def_n, def_loops;
	const char *what;
};

static const struct workload workloads[] = {
	{ "fib", 20, 20, "recursive fib(N), LOOPS times" },
	{ "spin", 1000, 20,
	  "every CPU takes one spinlock N times, LOOPS times" },
	{ "sleep", 10, 20, "sleep N ms and wake a waiter, LOOPS times" },
};

static int start(const struct workload *w, struct work_args *tmpl, int cpu)
{
	struct work_args *a;

	if (!strcmp(w->name, "spin")) {
		/* One pinned thread per CPU; cpu= is ignored. */
		spin_total = 0;
		memset(spin_per_cpu, 0, sizeof(spin_per_cpu));
		spin_left = (int)nr_cpus;
		for (unsigned i = 0; i < nr_cpus; i++) {
			a = kmalloc(sizeof(*a));
			if (!a)
				return -ENOMEM;
			*a = *tmpl;
			__atomic_fetch_add(&workloads_running, 1,
					   __ATOMIC_RELAXED);
			if (!kthread_create("spin", spin_thread, a, (int)i))
				return -ENOMEM;
		}
		return 0;
	}
	a = kmalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	*a = *tmpl;
	__atomic_fetch_add(&workloads_running, 1, __ATOMIC_RELAXED);
	if (!strcmp(w->name, "fib"))
		return kthread_create("fib", fib_thread, a, cpu) ? 0 : -ENOMEM;
	__atomic_fetch_add(&workloads_running, 1, __ATOMIC_RELAXED);
	if (!kthread_create("sleep-waiter", sleep_waiter, (void *)tmpl->loops,
			    cpu))
		return -ENOMEM;
	return kthread_create("sleep", sleep_thread, a, cpu) ? 0 : -ENOMEM;
}

static bool all_stopped(void *unused)
{
	return __atomic_load_n(&workloads_running, __ATOMIC_ACQUIRE) <= 0;
}

/* Ctrl-C leaves the stop request standing: the rest still stop, and a new
 * workload cannot start until they have. */
static int run_stop(void)
{
	int before = workloads_running;

	workloads_stop = true;
	waitq_wake_all(&ping_wq);
	if (waitq_wait_interruptible(&workloads_done, all_stopped, NULL))
		return shell_interrupted("run stop: %d of %d workload threads "
					 "stopped, the rest are stopping",
					 before - workloads_running, before);
	workloads_stop = false;
	kprintf("run: all workloads stopped\n");
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	const struct workload *w = NULL;
	struct work_args args;
	unsigned long long v;
	int cpu = -1, nnum = 0;

	if (argc == 1) {
		kprintf("workloads (run NAME [N] [LOOPS] [cpu=C]; LOOPS 0 runs "
			"until 'run stop'):\n");
		for (size_t i = 0; i < ARRAY_SIZE(workloads); i++)
			kprintf("  %-6s N=%-5lu LOOPS=%-3lu %s\n",
				workloads[i].name, workloads[i].def_n,
				workloads[i].def_loops, workloads[i].what);
		kprintf("%d workload threads running\n", workloads_running);
		return 0;
	}
	if (!strcmp(argv[1], "stop"))
		return run_stop();
	if (workloads_stop) {
		if (!all_stopped(NULL)) {
			kprintf("run: %d workload threads are still stopping "
				"(wait for them with 'run stop')\n",
				workloads_running);
			return -EBUSY;
		}
		workloads_stop = false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(workloads); i++)
		if (!strcmp(argv[1], workloads[i].name))
			w = &workloads[i];
	if (!w) {
		kprintf("run: no workload named '%s' (type 'run' for the "
			"list)\n",
			argv[1]);
		return -ENOENT;
	}
	args.n = w->def_n;
	args.loops = w->def_loops;
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "cpu=", 4)) {
			if (kstrtoull(argv[i] + 4, 0, &v) || v >= nr_cpus ||
			    !cpus[v].online) {
				kprintf("run: bad cpu '%s' (0..%u)\n",
					argv[i] + 4, nr_cpus - 1);
				return -EINVAL;
			}
			cpu = (int)v;
		} else if (nnum < 2 && !kstrtoull(argv[i], 0, &v) &&
			   v <= 100000000ULL) {
			if (nnum++ == 0)
				args.n = (unsigned long)v;
			else
				args.loops = (unsigned long)v;
		} else {
			kprintf("run: bad argument '%s'\n", argv[i]);
			return -EINVAL;
		}
	}
	if (!strcmp(w->name, "fib") && args.n > 40) {
		kprintf("run: fib N must be at most 40\n");
		return -EINVAL;
	}
	if (start(w, &args, cpu)) {
		kprintf("run: out of memory\n");
		return -ENOMEM;
	}
	kprintf("run: started %s\n", w->name);
	return 0;
}
SHELL_COMMAND(run, "run", cmd_run, "run [NAME [N] [LOOPS] [cpu=C]|stop]",
	      "start a demo workload, list them, or stop them all");
