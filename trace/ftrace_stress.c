/*
 * ftrace_stress.c - `ftrace stress mix N [SEED]`: N steps, each one of the
 * ways the tracing state can change, chosen by a seeded generator so that
 * a failing run can be run again: every call site on and off, a switch
 * of tracer, a new set_ftrace_filter or set_ftrace_notrace, an
 * ftrace_enabled flip, a dynamic ops registered, unregistered and freed
 * (kfree poisons it), the profiler on or off, tracing_on flipped, and on
 * x86_64 a change of patch method. make stress runs it beside a workload
 * on every CPU with the NMI watchdog at its highest rate. At the end it
 * stops recording and counts what each CPU's buffer holds against its
 * stats, then puts everything back as boot left it; that every site is a
 * NOP again and nothing trapped the test checks from outside.
 */
#include "fgraph.h"
#include "ftrace_internal.h"
#include "mm.h"
#include "ring_buffer.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "trace_internal.h"
#include "tracer.h"

/* notrace: called on every traced call while a stress loop has it
 * registered; counts into *op->private. */
notrace void ftrace_stress_func(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op, unsigned long *ret_slot)
{
	__atomic_fetch_add((u64 *)op->private, 1, __ATOMIC_RELAXED);
}

static u64 mix_hits;
static struct ftrace_ops mix_all_ops = {
	.func = ftrace_stress_func,
	.name = "stress-mix",
	.private = &mix_hits,
};

enum mix_step {
	MIX_ALL_SITES,
	MIX_TRACER,
	MIX_FILTER,
	MIX_NOTRACE,
	MIX_ENABLED,
	MIX_DYN_OPS,
	MIX_PROFILER,
	MIX_TRACING_ON,
	MIX_METHOD,
	MIX_NR_STEPS
};

static const char *const mix_step_names[MIX_NR_STEPS] = {
	"all sites",   "tracer",   "filter",	 "notrace", "ftrace_enabled",
	"dynamic ops", "profiler", "tracing_on", "method",
};

/* What set_ftrace_filter and set_ftrace_notrace are set to ("" empties
 * them): each matches something in every build. */
static const char *const mix_filters[] = { "", "fib*", "*", "spin* fib",
					   "k* !kmalloc" };
static const char *const mix_notraces[] = { "", "fib_thread", "spin*" };

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* How long the last stretch records: long enough to wrap a buffer. */
#define MIX_LAST_NS 50000000ULL

/* xorshift64: the same seed gives the same steps on every run. */
static u64 mix_next(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* The tracefs tracer number k counts to (wrapping), by name. */
static const char *mix_tracer(u64 k)
{
	unsigned n = 0;
	const struct tracer *t;

	for (t = tracer_next(NULL); t; t = tracer_next(t))
		n += t->tracefs;
	k %= n;
	for (t = tracer_next(NULL); t; t = tracer_next(t))
		if (t->tracefs && !k--)
			return t->name;
	return "nop";
}

int ftrace_stress_dyn_cycle(const char *globs, u64 *hits)
{
	struct ftrace_ops *ops = kzalloc(sizeof(*ops));
	u64 *counter = kzalloc(sizeof(*counter));
	int r = -ENOMEM;

	if (ops && counter) {
		ops->func = ftrace_stress_func;
		ops->name = "stress-dyn";
		ops->private = counter;
		r = ftrace_set_filter(ops, globs, true);
		if (!r)
			r = register_ftrace_function(ops);
		if (!r)
			r = unregister_ftrace_function(ops);
		*hits += *counter;
		ftrace_ops_free_hashes(ops);
	}
	/* Freed at once, and poisoned by kfree: a CPU still in the list
	 * function would now call through garbage. */
	kfree(ops);
	kfree(counter);
	return r;
}

static int mix_set_method(enum ftrace_patch_method m)
{
	/* Between two passes, never inside one. */
	mutex_lock(&ftrace_lock);
	ftrace_patch_method = m;
	mutex_unlock(&ftrace_lock);
	return 0;
}

static int mix_step(enum mix_step s, u64 arg, bool *profiling,
		    bool fixed_method)
{
	int r;

	switch (s) {
	case MIX_ALL_SITES:
		r = register_ftrace_function(&mix_all_ops);
		return r ?: unregister_ftrace_function(&mix_all_ops);
	case MIX_TRACER:
		return trace_set_tracer(mix_tracer(arg));
	case MIX_FILTER:
		return ftrace_set_filter(
			&trace_global_ops,
			mix_filters[arg % ARRAY_LEN(mix_filters)], true);
	case MIX_NOTRACE:
		return ftrace_set_notrace(
			&trace_global_ops,
			mix_notraces[arg % ARRAY_LEN(mix_notraces)], true);
	case MIX_ENABLED:
		return ftrace_set_enabled(!ftrace_enabled);
	case MIX_DYN_OPS:
		return ftrace_stress_dyn_cycle("fib*", &mix_hits);
	case MIX_PROFILER:
		r = ftrace_profile_set(!*profiling);
		if (!r)
			*profiling = !*profiling;
		return r;
	case MIX_TRACING_ON:
		if (tracing_is_on())
			tracing_off();
		else
			tracing_on();
		return 0;
	case MIX_METHOD:
		if (fixed_method || !ftrace_bp_supported())
			return 0;
		return mix_set_method(ftrace_patch_method ==
						      FTRACE_PATCH_BREAKPOINT
					      ? FTRACE_PATCH_STOP_MACHINE
					      : FTRACE_PATCH_BREAKPOINT);
	default:
		return -EINVAL;
	}
}

/*
 * With recording stopped and no tracer callback running: whether each
 * CPU's buffer holds as many events as its stats say, counted by reading
 * them. 0, or -EIO after a line for each CPU that does not.
 */
static int mix_check_buffers(void)
{
	struct rb_iter *it = kmalloc(sizeof(*it));
	unsigned long *seen = kzalloc(NR_CPUS * sizeof(*seen));
	unsigned long total = 0;
	struct rb_stats st;
	struct rb_entry e;
	char data[64];
	int r = 0;

	if (!it || !seen) {
		r = -ENOMEM;
		goto out;
	}
	/* A callback that checked tracing_on just before it went off may
	 * still be writing: turn the buffers away and wait it out. */
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		ring_buffer_record_cpu(cpu, false);
		ring_buffer_wait_writers(cpu);
	}
	ring_buffer_iter_start(it);
	while (ring_buffer_iter_next(it, &e, data, sizeof(data)))
		seen[e.cpu]++;
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		ring_buffer_stats(cpu, &st);
		total += seen[cpu];
		if (seen[cpu] == st.entries)
			continue;
		kprintf("ftrace stress: cpu%u holds %lu events, its stats say "
			"%lu\n",
			cpu, seen[cpu], st.entries);
		r = -EIO;
	}
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++)
		ring_buffer_record_cpu(cpu, trace_cpumask & (1UL << cpu));
	if (!r)
		kprintf("ftrace stress: the buffers hold %lu events, as their "
			"stats say\n",
			total);
out:
	kfree(it);
	kfree(seen);
	return r;
}

/* Back to how boot left it; the first error, if any. */
static int mix_restore(enum ftrace_patch_method method, bool profiling)
{
	int r = trace_set_tracer("nop");

	if (profiling)
		r = r ?: ftrace_profile_set(false);
	r = r ?: ftrace_set_filter(&trace_global_ops, "", true);
	r = r ?: ftrace_set_notrace(&trace_global_ops, "", true);
	r = r ?: ftrace_set_enabled(true);
	mix_set_method(method);
	tracing_on();
	return r;
}

int ftrace_stress_mix(unsigned long n, u64 seed, bool fixed_method)
{
	enum ftrace_patch_method method = ftrace_patch_method;
	u64 w0 = ftrace_nmi_wait_count, u0 = ftrace_nmi_update_count;
	u64 t0 = arch_clock_ns(), state = seed ? seed : 1;
	unsigned long count[MIX_NR_STEPS] = { 0 }, refused = 0;
	bool profiling = false;
	unsigned long i;
	int r = ftrace_set_filter(&mix_all_ops, "*", true), r2;

	if (r)
		kprintf("ftrace stress: '*': %s\n", ftrace_filter_error(r));

	for (i = 0; !r && i < n && !signal_pending(); i++) {
		u64 x = mix_next(&state);
		enum mix_step s = (enum mix_step)(x % MIX_NR_STEPS);

		r = mix_step(s, x / MIX_NR_STEPS, &profiling, fixed_method);
		/* A glob that matches nothing yet (record mode, early) is
		 * refused and changes nothing: that is not a failure. */
		if (r == -ENOENT) {
			refused++;
			r = 0;
		}
		if (r)
			kprintf("ftrace stress: step %lu (%s) failed: %s\n", i,
				mix_step_names[s], strerror(r));
		count[s]++;
	}
	/* A last stretch that surely records: every function traced for a
	 * while, then the count. */
	if (!r && !(r = ftrace_set_enabled(true)) &&
	    !(r = ftrace_set_filter(&trace_global_ops, "", true)) &&
	    !(r = trace_set_tracer("function"))) {
		u64 until = arch_clock_ns() + MIX_LAST_NS;

		tracing_on();
		while (arch_clock_ns() < until)
			arch_cpu_relax();
	}
	tracing_off();
	/* No callback is then still writing an event. */
	ftrace_list_sync();
	ftrace_graph_sync();
	r = r ?: mix_check_buffers();
	r2 = mix_restore(method, profiling);
	if (r2 && !r)
		kprintf("ftrace stress: putting things back failed: %s\n",
			strerror(r2));
	ftrace_ops_free_hashes(&mix_all_ops);
	if (!r && !r2 && i < n)
		return shell_interrupted("ftrace stress: stopped after %lu of "
					 "%lu mixed steps",
					 i, n);
	kprintf("ftrace stress: %lu mixed steps in %llu ms (seed %llu):", i,
		(unsigned long long)((arch_clock_ns() - t0) / 1000000),
		(unsigned long long)seed);
	for (unsigned s = 0; s < MIX_NR_STEPS; s++)
		kprintf("%s %s %lu", s ? "," : "", mix_step_names[s], count[s]);
	kprintf("; %lu refused (no match); %llu hits; nmi waits +%llu, nmi "
		"writes +%llu\n",
		refused, (unsigned long long)mix_hits,
		(unsigned long long)(ftrace_nmi_wait_count - w0),
		(unsigned long long)(ftrace_nmi_update_count - u0));
	return r ?: r2;
}
