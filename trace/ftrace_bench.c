/*
 * ftrace_bench.c - `ftrace bench`: what tracing costs, measured in the
 * running kernel. Under QEMU's -icount shift=0 a guest nanosecond is one
 * guest instruction, so the figures read as instructions (make bench).
 * The leaf functions are traced on purpose (their call sites are what is
 * measured); the baseline is the same leaf built without a call site.
 */
#include "arch.h"
#include "fgraph.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "kmain.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "ring_buffer.h"
#include "shell.h"
#include "trace_internal.h"

static volatile unsigned long bench_sink;

__noinline void bench_traced_leaf(void)
{
	__asm__ __volatile__("" ::: "memory");
}

__noinline notrace void bench_notrace_leaf(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* notrace: a tracer callback; the cheapest useful one, a counter. */
static notrace void bench_func(unsigned long ip, unsigned long parent_ip,
			       struct ftrace_ops *op, unsigned long *ret_slot)
{
	bench_sink++;
}

static struct ftrace_ops bench_static_ops = { .func = bench_func,
					      .name = "bench" };

/* Nanoseconds (instructions under -icount shift=0) for n calls, x100. */
static u64 time_calls(void (*fn)(void), unsigned long n)
{
	unsigned long flags = arch_irq_save();
	u64 t0 = arch_clock_ns();

	for (unsigned long i = 0; i < n; i++)
		fn();
	t0 = arch_clock_ns() - t0;
	arch_irq_restore(flags);
	return t0 * 100 / n;
}

static void print_per(const char *what, u64 x100, u64 base)
{
	u64 d = x100 > base ? x100 - base : 0;

	kprintf("bench: %-34s %6llu.%02llu per call (+%llu.%02llu)\n", what,
		(unsigned long long)(x100 / 100),
		(unsigned long long)(x100 % 100), (unsigned long long)(d / 100),
		(unsigned long long)(d % 100));
}

/*
 * Run measure() with tracer current and set_ftrace_filter holding the
 * leaf alone; set_ftrace_filter and tracing_on are put back as they were,
 * the buffers emptied.
 */
static int with_leaf_traced(const char *tracer,
			    int (*measure)(unsigned long n, u64 base),
			    unsigned long n, u64 base)
{
	struct ftrace_hash *saved = trace_global_ops.filter_hash;
	bool was_on = tracing_is_on();
	int r;

	trace_global_ops.filter_hash = NULL;
	r = ftrace_set_filter(&trace_global_ops, "bench_traced_leaf", true);
	r = r ?: trace_set_tracer(tracer);
	if (!r) {
		r = measure(n, base);
		trace_set_tracer("nop");
	}
	if (was_on)
		tracing_on();
	kfree(trace_global_ops.filter_hash);
	trace_global_ops.filter_hash = saved;
	return r;
}

/*
 * The function tracer: function_event is a whole event (hook, callback,
 * reserve, fill, commit, with the buffer wrapping as it does in use),
 * hooked_off_call the same call with tracing_on 0.
 */
static int measure_function(unsigned long n, u64 base)
{
	u64 t;

	tracing_on();
	t = time_calls(bench_traced_leaf, n);
	print_per("function_event", t, base);
	tracing_off();
	t = time_calls(bench_traced_leaf, n);
	print_per("hooked_off_call", t, base);
	return 0;
}

/* The profiler's entry and return hooks on the leaf (it starts afresh),
 * beside nop. */
static int measure_profiler(unsigned long n, u64 base)
{
	int r = ftrace_profile_set(true);

	if (!r) {
		print_per("profiler_call", time_calls(bench_traced_leaf, n),
			  base);
		ftrace_profile_set(false);
	}
	return r;
}

/*
 * function_graph: a call is two events, its entry (hook, return stack
 * push, callback, event) and its exit (return_to_handler, pop, callback,
 * event); graph_event is half of what a call costs more, the cost of one
 * (printed in the per-call columns, which make bench reads).
 */
static int measure_graph(unsigned long n, u64 base)
{
	u64 t;

	tracing_on();
	t = time_calls(bench_traced_leaf, n);
	print_per("graph_event", t > base ? base + (t - base) / 2 : t, base);
	return 0;
}

/* The return hook alone: a graph user that hooks every call and records
 * nothing (what graph_event costs beyond its two events). */
static notrace int bench_graph_entry(struct ftrace_graph_ent *t,
				     struct fgraph_ops *g)
{
	return 1;
}

static notrace void bench_graph_return(struct ftrace_graph_ret *t,
				       struct fgraph_ops *g)
{
	bench_sink++;
}

static int bench_return_hook(unsigned long n, u64 base)
{
	static struct fgraph_ops gops = { .entryfunc = bench_graph_entry,
					  .retfunc = bench_graph_return,
					  .ops = { .name = "bench-graph" } };
	int r = ftrace_set_filter(&gops.ops, "bench_traced_leaf", true);

	r = r ?: register_ftrace_graph(&gops);
	if (!r) {
		print_per("return_hook_call", time_calls(bench_traced_leaf, n),
			  base);
		unregister_ftrace_graph(&gops);
	}
	ftrace_ops_free_hashes(&gops.ops);
	return r;
}

/* ---- rb_event: one function-tracer-sized event into the ring buffer -- */

/* The function tracer's event: ip and parent ip, and a word of flags. */
struct bench_rb_event {
	unsigned long ip, parent_ip, flags;
};

/* notrace: stands for a tracer callback writing its event. */
static __noinline notrace void bench_rb_write(void)
{
	struct bench_rb_event *e = ring_buffer_reserve(sizeof(*e));

	if (e) {
		e->ip = 1;
		e->parent_ip = 2;
		e->flags = 3;
		ring_buffer_commit();
	}
}

/*
 * Per reserve + fill + commit on this CPU, over the leaf's call: a small
 * buffer, so the page moves and overwrites are in the average too. The
 * buffer is emptied afterwards (freed if it was made for this).
 */
static void bench_rb_event(u64 base)
{
	unsigned cpu = arch_cpu_id();
	bool made = !ring_buffer_size_kb(cpu);
	u64 t;

	if (made && ring_buffer_resize(cpu, 8)) {
		kprintf("bench: rb_event: no memory\n");
		return;
	}
	ring_buffer_reset(cpu);
	t = time_calls(bench_rb_write, 100000);
	print_per("rb_event", t, base);
	if (made)
		ring_buffer_free(cpu);
	else
		ring_buffer_reset(cpu);
}

static void print_value(const char *what, u64 v)
{
	kprintf("bench: %-34s %llu\n", what, (unsigned long long)v);
}

/* A pass or an operation over every site: its total and per site. */
static void print_sites(const char *what, u64 t, unsigned long sites)
{
	if (!sites)
		sites = 1;
	kprintf("bench: %-34s %llu for %lu sites, %llu per site\n", what,
		(unsigned long long)t, sites, (unsigned long long)(t / sites));
}

/*
 * What the boot cost: converting every site (ns, where the boot line
 * gives us), and the reset to the shell's first prompt.
 */
static void bench_boot(void)
{
	print_sites("boot_convert", ftrace_stats.boot_convert_ns,
		    ftrace_stats.sites);
	print_value("boot_ksym_index", ksym_init_ns);
	print_value("boot_to_prompt", arch_clock_zero_ns() + boot_prompt_ns);
}

/*
 * The two console files whose cost grows with the number of functions:
 * `echo '*' > set_ftrace_filter` (the filter of trace_global_ops, which
 * no tracer uses meanwhile, so no pass runs) and `cat
 * available_filter_functions`, read in cat's 512-byte chunks.
 */
#define TRACEFS "/sys/kernel/tracing/"

static int bench_files(void)
{
	static char chunk[512];
	struct fs_node *n;
	struct fs_file f;
	unsigned long bytes = 0;
	ssize_t got;
	bool opened;
	u64 t;
	int r;

	t = arch_clock_ns();
	r = fs_write_file(fs_root(), TRACEFS "set_ftrace_filter", "*", 1, false,
			  &opened);
	t = arch_clock_ns() - t;
	r = r
		    ?: fs_write_file(fs_root(), TRACEFS "set_ftrace_filter",
				     "\n", 1, false, &opened);
	if (r)
		return r;
	print_sites("filter_glob_all", t, ftrace_stats.sites);
	r = fs_lookup(fs_root(), TRACEFS "available_filter_functions", &n);
	r = r ?: fs_open(&f, n, FS_READ);
	if (r)
		return r;
	t = arch_clock_ns();
	while ((got = fs_read(&f, chunk, sizeof(chunk))) > 0)
		bytes += got;
	t = arch_clock_ns() - t;
	fs_release(&f);
	if (got < 0)
		return (int)got;
	kprintf("bench: %-34s %llu for %lu sites, %llu per site, %lu bytes\n",
		"list_available_functions", (unsigned long long)t,
		ftrace_stats.sites,
		(unsigned long long)(t / (ftrace_stats.sites ?: 1)), bytes);
	return 0;
}

/*
 * Switching the sites globs select on as a whole operation: the filter,
 * the registration and the pass; *ns gets what it took.
 */
static int switch_on(const char *globs, u64 *ns)
{
	u64 t = arch_clock_ns();
	int r = ftrace_set_filter(&bench_static_ops, globs, true);

	r = r ?: register_ftrace_function(&bench_static_ops);
	*ns = arch_clock_ns() - t;
	return r;
}

/*
 * Every site on, then off, through bench_static_ops: the pass alone
 * (ftrace_stats) and the whole operation, the filter set-up and the
 * registration included; both per site.
 */
static int bench_every_site(void)
{
	unsigned long sites;
	u64 t;
	int r = switch_on("*", &t);

	if (r)
		return r;
	sites = ftrace_stats.last_changed;
	print_sites("enable_per_site", ftrace_stats.last_ns, sites);
	print_sites("enable_per_site_whole", t, sites);
	t = arch_clock_ns();
	r = unregister_ftrace_function(&bench_static_ops);
	t = arch_clock_ns() - t;
	if (r)
		return r;
	sites = ftrace_stats.last_changed;
	print_sites("disable_per_site", ftrace_stats.last_ns, sites);
	print_sites("disable_per_site_whole", t, sites);
	ftrace_ops_free_hashes(&bench_static_ops);
	return 0;
}

static int cmd_bench(int argc, char **argv)
{
	const unsigned long n = 100000;
	struct ftrace_ops *dyn;
	u64 base, nop, direct, list, t;
	int r;

	if (argc > 1)
		return shell_usage(argv[0]);
	if (ftrace_users) {
		kprintf("bench: unregister other tracers first\n");
		return -EBUSY;
	}
	bench_boot();
	base = time_calls(bench_notrace_leaf, n);
	nop = time_calls(bench_traced_leaf, n);
	print_per("no_pg_call", base, base);
	print_per("nop_call", nop, base);
	bench_rb_event(base);

	r = switch_on("bench_traced_leaf", &t);
	if (r)
		goto fail;
	print_value("switch_one_site", ftrace_stats.last_ns);
	print_value("switch_one_site_whole", t);
	direct = time_calls(bench_traced_leaf, n);
	print_per("direct_call", direct, base);

	dyn = kzalloc(sizeof(*dyn));
	if (!dyn) {
		r = -ENOMEM;
		goto fail;
	}
	dyn->func = bench_func;
	dyn->name = "bench-dyn";
	r = ftrace_set_filter(dyn, "bench_traced_leaf", true);
	r = r ?: register_ftrace_function(dyn);
	if (!r) {
		list = time_calls(bench_traced_leaf, n);
		print_per("list_func_call", list, base);
		unregister_ftrace_function(dyn);
	}
	ftrace_ops_free_hashes(dyn);
	kfree(dyn);
	t = arch_clock_ns();
	unregister_ftrace_function(&bench_static_ops);
	t = arch_clock_ns() - t;
	print_value("switch_one_site_off", ftrace_stats.last_ns);
	print_value("switch_one_site_off_whole", t);
	ftrace_ops_free_hashes(&bench_static_ops);
	r = r ?: bench_every_site();
	r = r ?: bench_files();
	r = r ?: with_leaf_traced("function", measure_function, n, base);
	r = r ?: with_leaf_traced("nop", measure_profiler, n, base);
	r = r ?: bench_return_hook(n, base);
	r = r ?: with_leaf_traced("function_graph", measure_graph, n, base);
	if (r)
		goto fail;
	kprintf("bench: done\n");
	return 0;
fail:
	ftrace_ops_free_hashes(&bench_static_ops);
	kprintf("bench: failed: %s\n", strerror(r));
	return r;
}
static const char bench_text[] =
	"Measures what tracing costs, in nanoseconds (guest instructions\n"
	"under 'make bench', which runs QEMU with -icount shift=0), one\n"
	"line a figure, named as make bench's keys (docs/bench.md): the\n"
	"boot's conversion and its time to the prompt; a call of a leaf\n"
	"function without a call site, with its site disabled, with one\n"
	"static ops called directly and with two ops through the\n"
	"list function; switching that one site on and off (the patch\n"
	"pass, and the whole registration); enabling and disabling every\n"
	"call site, per site; the filter glob '*' and listing the\n"
	"functions; each tracer's event. Refused while another tracer is\n"
	"registered.\n";
SHELL_COMMAND_LONG(bench, "bench", cmd_bench, "bench",
		   "measure call-site and tracer costs (see make bench)",
		   bench_text);
