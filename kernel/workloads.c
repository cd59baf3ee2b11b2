/*
 * workloads.c - demo kernel threads that give the tracer something to
 * watch: a recursive one (fib), one that fights over a spinlock from every
 * CPU (spin), and one that sleeps and is woken (sleep). `run` lists them.
 *
 * Each `run` is one struct run shared by its threads, so two runs at once
 * keep their own counts; the last of them to let go reports and frees it.
 * `run stop` reaches every thread within milliseconds: each looks at the
 * stop flag inside its loops, and sleepers are woken.
 */
#include "arch.h"
#include "percpu.h"
#include "kmain.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"

#define WORK_ARG_MAX 100000000UL /* N and LOOPS: beyond, a typing mistake */
#define FIB_N_MAX 40 /* fib(40): half a minute under QEMU */
#define FIB_CHECK_N 25 /* fib(25) takes milliseconds: check stop there */

static volatile bool workloads_stop;
static volatile int workloads_running; /* threads started, not yet done */
static struct waitq workloads_done = WAITQ_INIT("workloads");

struct run;

struct workload {
	const char *name;
	unsigned long def_n, def_loops;
	const char *what;
	int (*start)(struct run *r, int cpu);
	void (*report)(struct run *r);
};

struct run {
	const struct workload *w;
	unsigned long n, loops;
	int refs; /* its threads, and the command while it starts them */
	volatile bool cancel; /* not all its threads could be created */
	u64 t0;
	unsigned long done; /* units of work the main thread completed */
	unsigned long value; /* fib: the last result; sleep: waiter wakes */
	bool stopped; /* the main thread ended at "run stop" */
	unsigned cpu, waiter_cpu;
	/* spin */
	unsigned long spin_total, spin_per_cpu[NR_CPUS];
	/* sleep */
	struct waitq ping_wq;
	volatile unsigned long ping_seq;
	volatile bool sleeper_done;
};

static bool stopping(struct run *r)
{
	return workloads_stop || r->cancel;
}

static bool keep_going(struct run *r, unsigned long done)
{
	return !stopping(r) && (!r->loops || done < r->loops);
}

static u64 run_ms(struct run *r)
{
	return (arch_clock_ns() - r->t0) / 1000000;
}

static void run_put(struct run *r)
{
	if (__atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (!r->cancel)
		r->w->report(r);
	kfree(r);
}

/* The end of every workload thread: "run stop" waits for the count to
 * reach 0, so the run's report comes before it returns. */
static void workload_exit(struct run *r)
{
	run_put(r);
	__atomic_fetch_sub(&workloads_running, 1, __ATOMIC_RELEASE);
	waitq_wake_all(&workloads_done);
}

/* Start one thread of r; on failure cancel r, whose other threads then
 * quit at once, and give back what was taken. */
static int spawn(struct run *r, const char *name, void (*fn)(void *), int cpu)
{
	__atomic_fetch_add(&r->refs, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&workloads_running, 1, __ATOMIC_RELAXED);
	if (kthread_create(name, fn, r, cpu))
		return 0;
	__atomic_fetch_sub(&workloads_running, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&r->refs, 1, __ATOMIC_RELAXED);
	r->cancel = true;
	waitq_wake_all(&r->ping_wq);
	return -ENOMEM;
}

/* ---- fib ---- */

__noinline unsigned long fib(unsigned long n)
{
	if (n >= FIB_CHECK_N && workloads_stop)
		return 0;
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static void fib_thread(void *p)
{
	struct run *r = p;

	r->cpu = arch_cpu_id();
	while (keep_going(r, r->done)) {
		unsigned long v = fib(r->n);
		if (workloads_stop)
			break; /* v may be cut short */
		r->value = v;
		r->done++;
	}
	r->stopped = r->loops && r->done < r->loops;
	workload_exit(r);
}

static void fib_report(struct run *r)
{
	if (!r->done)
		printk("run: fib(%lu) stopped before its first result, on cpu "
		       "%u after %llu ms\n",
		       r->n, r->cpu, (unsigned long long)run_ms(r));
	else
		printk("run: fib(%lu) = %lu, %lu times on cpu %u in %llu "
		       "ms%s\n",
		       r->n, r->value, r->done, r->cpu,
		       (unsigned long long)run_ms(r),
		       r->stopped ? ", then stopped" : "");
}

static int fib_start(struct run *r, int cpu)
{
	return spawn(r, "fib", fib_thread, cpu);
}

/* ---- spin ---- */

static struct spinlock spin_demo_lock = SPINLOCK_INIT("spin_demo");

__noinline void spin_critical(struct run *r, unsigned cpu)
{
	unsigned long flags = spin_lock_irqsave(&spin_demo_lock);
	r->spin_total++;
	r->spin_per_cpu[cpu]++;
	spin_unlock_irqrestore(&spin_demo_lock, flags);
}

static void spin_thread(void *p)
{
	struct run *r = p;
	unsigned cpu = arch_cpu_id();

	for (unsigned long done = 0; keep_going(r, done); done++)
		for (unsigned long i = 0; i < r->n && !stopping(r); i++)
			spin_critical(r, cpu);
	workload_exit(r);
}

static void spin_report(struct run *r)
{
	char buf[NR_CPUS * 32]; /* " cpuN=" and up to 20 digits each */
	size_t len = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < nr_cpus; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					" cpu%u=%lu", i, r->spin_per_cpu[i]);
	printk("run: spin total %lu over %u CPUs:%s\n", r->spin_total, nr_cpus,
	       buf);
}

/* One pinned thread per CPU; cpu= is ignored. */
static int spin_start(struct run *r, int cpu)
{
	for (unsigned i = 0; i < nr_cpus; i++)
		if (spawn(r, "spin", spin_thread, (int)i))
			return -ENOMEM;
	return 0;
}

/* ---- sleep ---- */

struct waiter {
	struct run *r;
	unsigned long seen; /* the last ping it saw */
};

static bool ping_ready(void *p)
{
	struct waiter *w = p;

	return w->r->ping_seq != w->seen || w->r->sleeper_done ||
	       stopping(w->r);
}

__noinline void sleeper_wait(struct waiter *w)
{
	waitq_wait(&w->r->ping_wq, ping_ready, w);
}

/* Counts its wakes until the sleeper has finished and every ping is seen. */
static void sleep_waiter(void *p)
{
	struct waiter w = { p, 0 };
	struct run *r = w.r;

	r->waiter_cpu = arch_cpu_id();
	for (;;) {
		sleeper_wait(&w);
		if (r->ping_seq == w.seen)
			break;
		w.seen = r->ping_seq;
		r->value++;
	}
	workload_exit(r);
}

static void sleep_thread(void *p)
{
	struct run *r = p;

	r->cpu = arch_cpu_id();
	while (keep_going(r, r->done)) {
		/* "run stop" ends the sleep early (stop_sleeper). */
		msleep_interruptible((unsigned)r->n);
		if (stopping(r))
			break;
		r->ping_seq++;
		waitq_wake_all(&r->ping_wq);
		r->done++;
	}
	r->stopped = r->loops && r->done < r->loops;
	r->sleeper_done = true;
	waitq_wake_all(&r->ping_wq);
	workload_exit(r);
}

static void sleep_report(struct run *r)
{
	printk("run: sleep waiter woken %lu times on cpu %u\n", r->value,
	       r->waiter_cpu);
	printk("run: sleep %lu x %lu ms took %llu ms on cpu %u%s\n", r->done,
	       r->n, (unsigned long long)run_ms(r), r->cpu,
	       r->stopped ? ", then stopped" : "");
}

static void stop_sleeper(struct thread *t, void *unused)
{
	if (t->entry == sleep_thread)
		sched_kick(t);
}

static int sleep_start(struct run *r, int cpu)
{
	if (spawn(r, "sleep-waiter", sleep_waiter, cpu))
		return -ENOMEM;
	return spawn(r, "sleep", sleep_thread, cpu);
}

/* ---- the command ---- */

static const struct workload workloads[] = {
	{ "fib", 20, 20, "recursive fib(N), LOOPS times", fib_start,
	  fib_report },
	{ "spin", 1000, 20, "every CPU takes one spinlock N times, LOOPS times",
	  spin_start, spin_report },
	{ "sleep", 10, 20, "sleep N ms and wake a waiter, LOOPS times",
	  sleep_start, sleep_report },
};

static bool all_stopped(void *unused)
{
	return __atomic_load_n(&workloads_running, __ATOMIC_ACQUIRE) <= 0;
}

/* Ctrl-C leaves the stop request standing: the rest still stop, and a new
 * workload cannot start until they have. */
static int run_stop(void)
{
	int before = workloads_running;

	__atomic_store_n(&workloads_stop, true, __ATOMIC_SEQ_CST);
	for_each_thread(stop_sleeper, NULL);
	if (waitq_wait_interruptible(&workloads_done, all_stopped, NULL))
		return shell_interrupted("run stop: %d of %d workload threads "
					 "stopped, the rest are stopping",
					 before - workloads_running, before);
	workloads_stop = false;
	kprintf("run: all workloads stopped\n");
	return 0;
}

static int run_list(void)
{
	kprintf("workloads (run NAME [N] [LOOPS] [cpu=C]; LOOPS 0 runs "
		"until 'run stop'):\n");
	for (size_t i = 0; i < ARRAY_SIZE(workloads); i++)
		kprintf("  %-6s N=%-5lu LOOPS=%-3lu %s\n", workloads[i].name,
			workloads[i].def_n, workloads[i].def_loops,
			workloads[i].what);
	kprintf("%d workload threads running\n", workloads_running);
	return 0;
}

/* Parse "[N] [LOOPS] [cpu=C] [wait]" into r, *cpu and *wait; 0 or
 * -EINVAL, said. */
static int parse_args(int argc, char **argv, struct run *r, int *cpu,
		      bool *wait)
{
	unsigned long long v;
	int nnum = 0;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "wait")) {
			*wait = true;
		} else if (!strncmp(argv[i], "cpu=", 4)) {
			if (kstrtoull(argv[i] + 4, 0, &v) || v >= nr_cpus ||
			    !per_cpu(cpus, v).online) {
				kprintf("run: bad cpu '%s' (0..%u)\n",
					argv[i] + 4, nr_cpus - 1);
				return -EINVAL;
			}
			*cpu = (int)v;
		} else if (nnum < 2 && !kstrtoull(argv[i], 0, &v) &&
			   v <= WORK_ARG_MAX) {
			if (nnum++ == 0)
				r->n = (unsigned long)v;
			else
				r->loops = (unsigned long)v;
		} else {
			kprintf("run: bad argument '%s' (usage: run NAME [N] "
				"[LOOPS] [cpu=C] [wait], N and LOOPS 0..%lu)\n",
				argv[i], WORK_ARG_MAX);
			return -EINVAL;
		}
	}
	if (r->w->start == fib_start && r->n > FIB_N_MAX) {
		kprintf("run: fib N must be at most %d\n", FIB_N_MAX);
		return -EINVAL;
	}
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	const struct workload *w = NULL;
	struct run *r;
	int cpu = -1, err;
	bool wait = false;

	if (argc == 1)
		return run_list();
	if (!strcmp(argv[1], "stop")) {
		if (argc > 2) {
			kprintf("usage: run stop\n");
			return -EINVAL;
		}
		return run_stop();
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
	if (workloads_stop) {
		if (!all_stopped(NULL)) {
			kprintf("run: %d workload threads are still stopping "
				"(wait for them with 'run stop')\n",
				workloads_running);
			return -EBUSY;
		}
		workloads_stop = false;
	}
	r = kzalloc(sizeof(*r));
	if (!r) {
		kprintf("run: out of memory\n");
		return -ENOMEM;
	}
	r->w = w;
	r->n = w->def_n;
	r->loops = w->def_loops;
	r->refs = 1;
	r->ping_wq = (struct waitq)WAITQ_INIT("ping");
	err = parse_args(argc, argv, r, &cpu, &wait);
	if (err) {
		kfree(r);
		return err;
	}
	r->t0 = arch_clock_ns();
	err = w->start(r, cpu);
	if (err)
		kprintf("run: out of memory: %s not started\n", w->name);
	else
		kprintf("run: started %s\n", w->name);
	run_put(r);
	if (err || !wait)
		return err;
	/* The command then lasts as long as the work: the whole of it
	 * happens inside one console line (make profile counts lines). */
	if (waitq_wait_interruptible(&workloads_done, all_stopped, NULL))
		return shell_interrupted("run: stopped waiting; %d workload "
					 "threads go on",
					 workloads_running);
	return 0;
}
/* clang-format off */
static const char run_text[] =
	"Starts workload NAME in threads of its own and returns: its\n"
	"result line comes when it ends, usually after the next prompt.\n"
	"  fib     recursive fib(N), N at most " __stringify(FIB_N_MAX)
		", LOOPS times\n"
	"  spin    one thread per CPU, each taking one spinlock N\n"
	"          times, LOOPS times (cpu= is ignored)\n"
	"  sleep   sleep N ms and wake a waiter, LOOPS times\n"
	"N and LOOPS each have a default ('run' lists them); LOOPS 0\n"
	"runs until 'run stop'. cpu=C pins the threads to CPU C;\n"
	"without it the scheduler chooses. wait: return only when every\n"
	"workload has ended, its result printed (Ctrl-C stops waiting).\n"
	"With no NAME, lists the workloads, their defaults and how many\n"
	"workload threads run. 'run stop' stops every workload and waits\n"
	"for its threads (Ctrl-C stops the waiting, not the stopping).\n";
/* clang-format on */
SHELL_COMMAND_LONG(run, "run", cmd_run,
		   "run [NAME [N] [LOOPS] [cpu=C] [wait]|stop]",
		   "start a demo workload, list them, or stop them all",
		   run_text);
