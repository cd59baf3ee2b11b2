/*
 * ftrace_cmd.c - the `ftrace` console command: what only a teaching
 * kernel shows of dynamic ftrace. A call site's live bytes, decoded; the
 * patcher's counters; the count tracer; and stress loops for the tests.
 */
#include "arch.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "stop_machine.h"
#include "tracer.h"

unsigned trace_count_functions(void);

/* ---- ftrace site ---- */

static int ftrace_site(const char *func)
{
	const struct ksym *s = ksym_find(func);
	struct dyn_ftrace *rec;
	unsigned long addr;
	u8 bytes[MCOUNT_INSN_SIZE];
	char sym[KSYM_FORMAT_MAX], hex[3 * MCOUNT_INSN_SIZE + 1], what[160];
	const char *state;

	if (!s) {
		kprintf("ftrace site: no function named '%s'\n", func);
		return -ENOENT;
	}
	rec = ftrace_find_rec_in(s->addr, ksym_end(s));
	if (!rec) {
		kprintf("ftrace site: %s has no call site (notrace, or not "
			"recorded yet in record mode)\n",
			func);
		return -ENOENT;
	}
	/* The bytes that decide the site's state, which need not be at
	 * its ip (sh4 bra style: the first instruction of the sequence). */
	addr = ftrace_arch_patch_addr(rec->ip);
	if (addr)
		memcpy(bytes, (void *)addr, sizeof(bytes));
	else
		memset(bytes, 0, sizeof(bytes));
	ksym_format(rec->ip, sym, sizeof(sym));
	ftrace_format_bytes(bytes, hex, sizeof(hex));
	ftrace_arch_describe(rec->ip, bytes, what, sizeof(what));
	if (rec->flags & FTRACE_FL_FAILED)
		state = "FAILED";
	else if (rec->flags & FTRACE_FL_NEW)
		state = "recorded, not yet converted";
	else if (rec->flags & FTRACE_FL_ENABLED)
		state = "enabled";
	else
		state = "disabled";
	kprintf("%s: site %s at %p\n", func, sym, (void *)rec->ip);
	if (addr != rec->ip) {
		ksym_format(addr, sym, sizeof(sym));
		kprintf("  patched at: %s (%p)\n", addr ? sym : "nowhere",
			(void *)addr);
	}
	kprintf("  state: %s, wanted by %lu ops\n", state,
		rec->flags & FTRACE_FL_REF_MASK);
	kprintf("  bytes: %s  %s\n", hex, what);
	return 0;
}

/* ---- ftrace stats ---- */

/*
 * What the live bytes of every recorded site are right now. A call is
 * told by its decoded target, not by comparing bytes: on sh4's bra style
 * the instructions of a call are the same whatever it calls, and the
 * literal they read says where.
 */
static void print_site_census(void)
{
	unsigned long nop = 0, caller = 0, mc = 0, other = 0;
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec) {
		unsigned long addr = ftrace_arch_patch_addr(rec->ip), target;
		u8 cur[MCOUNT_INSN_SIZE], want[MCOUNT_INSN_SIZE];

		if (!addr) {
			other++;
			continue;
		}
		memcpy(cur, (void *)addr, sizeof(cur));
		ftrace_arch_nop_insn(rec->ip, want);
		if (!memcmp(cur, want, sizeof(cur))) {
			nop++;
			continue;
		}
		target = ftrace_arch_call_target(rec->ip, cur);
		if (target == FTRACE_ADDR)
			caller++;
		else if (target == MCOUNT_ADDR)
			mc++;
		else
			other++;
	}
	kprintf("site bytes now: %lu NOP, %lu call ftrace_caller, %lu call "
		"mcount, %lu other\n",
		nop, caller, mc, other);
}

/* Per method: what its passes did, and what they cost the others. */
static void print_patch_methods(void)
{
	kprintf("patch method: %s\n",
		ftrace_patch_method_name(ftrace_patch_method));
	kprintf("  %-12s %8s %8s %8s %10s %10s %12s\n", "method", "passes",
		"sites", "syncs", "pass us", "held us", "disturbed us");
	for (int m = 0; m < FTRACE_NR_PATCH_METHODS; m++) {
		const struct ftrace_patch_stats *ps = &ftrace_patch_stats[m];

		kprintf("  %-12s %8llu %8llu %8llu %10llu %10llu %12llu\n",
			ftrace_patch_method_name(m),
			(unsigned long long)ps->passes,
			(unsigned long long)ps->sites,
			(unsigned long long)ps->syncs,
			(unsigned long long)(ps->ns / 1000),
			(unsigned long long)(ps->held_ns / 1000),
			(unsigned long long)(ps->disturbed_ns / 1000));
	}
	kprintf("int3 hits emulated:");
	for (unsigned c = 0; c < nr_cpus; c++)
		kprintf(" cpu%u %llu", c,
			(unsigned long long)ftrace_bp_hits[c]);
	kprintf("; stale traps re-run %llu\n",
		(unsigned long long)ftrace_bp_stale);
}

static void ftrace_print_stats(void)
{
	kprintf("call sites: %lu in %lu pages, %lu failed\n",
		ftrace_stats.sites, ftrace_stats.pages, ftrace_stats.failed);
	print_site_census();
	kprintf("boot conversion: %llu us\n",
		(unsigned long long)(ftrace_stats.boot_convert_ns / 1000));
	kprintf("ftrace_enabled: %d, registered ops: %u\n",
		ftrace_enabled ? 1 : 0, ftrace_users);
	if (ftrace_stats.passes)
		kprintf("last patch pass: cmd 0x%x, %lu sites changed in %llu "
			"us by %s\n",
			ftrace_stats.last_cmd, ftrace_stats.last_changed,
			(unsigned long long)(ftrace_stats.last_ns / 1000),
			ftrace_patch_method_name(ftrace_stats.last_method));
	else
		kprintf("last patch pass: none yet\n");
	kprintf("totals: %llu passes, %llu sites changed, %llu trace "
		"function updates\n",
		(unsigned long long)ftrace_stats.passes,
		(unsigned long long)ftrace_stats.changed_total,
		(unsigned long long)ftrace_stats.func_updates);
	kprintf("stop_machine: %llu calls, last %llu us\n",
		(unsigned long long)stop_machine_stats.calls,
		(unsigned long long)(stop_machine_stats.last_ns / 1000));
	print_patch_methods();
	kprintf("nmi handshake: patcher waited %llu times, NMIs wrote %llu "
		"times\n",
		(unsigned long long)ftrace_nmi_wait_count,
		(unsigned long long)ftrace_nmi_update_count);
	kprintf("list function: %llu calls skipped as recursion\n",
		(unsigned long long)ftrace_recursion_skips());
	if (ftrace_stats.record_mode)
		kprintf("record mode: recorded %llu, skipped %llu, converted "
			"%llu in %llu passes, %lu slots, %s\n",
			(unsigned long long)ftrace_stats.recorded,
			(unsigned long long)ftrace_stats.record_skipped,
			(unsigned long long)ftrace_stats.converted,
			(unsigned long long)ftrace_stats.record_passes,
			ftrace_stats.record_slots,
			ftrace_stats.steady ? "steady" : "settling");
	else
		kprintf("record mode: off\n");
}

/* ---- filters given on the command line ---- */

static int join_args(int argc, char **argv, int from, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = from; i < argc; i++) {
		size_t l = strlen(argv[i]);

		if (len + l + 2 > size)
			return -E2BIG;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, argv[i], l + 1);
		len += l;
	}
	return 0;
}

const char *ftrace_filter_error(int err)
{
	switch (err) {
	case -EINVAL:
		return "malformed glob";
	case -ENOENT:
		return "matches no traceable function";
	case -E2BIG:
		return "pattern longer than the 255 characters a glob may have";
	default:
		return strerror(err);
	}
}

/*
 * Check globs before anything is registered, so that each refusal names
 * the pattern at fault, and a filter that ends up empty (which would
 * mean every function) is refused rather than quietly applied to all.
 */
static int check_filter(const char *who, const char *globs)
{
	const char *bad;
	unsigned n;
	int r = ftrace_filter_check(globs, &n, &bad);

	if (r) {
		int len = 0;

		while (bad && bad[len] && bad[len] != ' ')
			len++;
		kprintf("%s: '%.*s': %s\n", who, len, bad ? bad : "",
			ftrace_filter_error(r));
		return r;
	}
	if (!n) {
		kprintf("%s: '%s' leaves no function selected (an empty filter "
			"would mean every function): refused\n",
			who, globs);
		return -ENOENT;
	}
	return 0;
}

/* How a command's pass went, from the counters around it. */
static void print_pass(u64 passes_before)
{
	if (ftrace_stats.passes == passes_before)
		kprintf("no call site needed changing)\n");
	else
		kprintf("%lu sites changed in %llu us)\n",
			ftrace_stats.last_changed,
			(unsigned long long)(ftrace_stats.last_ns / 1000));
}

/* ---- ftrace count: the count tracer ---- */

static struct fs_out console_fs_out;

static void out_console(struct fs_out *o, const char *s, size_t n)
{
	kprintf("%.*s", (int)n, s);
}

static int count_cmd(int argc, char **argv)
{
	const struct tracer *t = tracer_find("count");
	char globs[SHELL_LINE_MAX];
	u64 passes = ftrace_stats.passes;
	int r;

	if (argc == 2) {
		console_fs_out.write = out_console;
		r = t->print(&console_fs_out);
		if (r)
			kprintf("ftrace count: not counting (ftrace count "
				"GLOB...)\n");
		return r;
	}
	if (argc == 3 && !strcmp(argv[2], "off")) {
		if (tracer_stop(t)) {
			kprintf("ftrace count: not counting\n");
			return -ENOENT;
		}
		kprintf("ftrace count: off (");
		print_pass(passes);
		return 0;
	}
	if (tracer_running(t)) {
		kprintf("ftrace count: already counting; 'ftrace count off' "
			"first\n");
		return -EBUSY;
	}
	if (join_args(argc, argv, 2, globs, sizeof(globs)))
		return -E2BIG;
	r = check_filter("ftrace count", globs);
	if (r)
		return r;
	r = tracer_start(t, globs);
	if (r) {
		kprintf("ftrace count: %s\n", ftrace_filter_error(r));
		return r;
	}
	kprintf("ftrace count: counting %u functions (",
		trace_count_functions());
	print_pass(passes);
	return 0;
}

/* ---- stress loops for the tests ---- */

static u64 stress_hits;
static struct ftrace_ops stress_static_ops = {
	.func = ftrace_stress_func,
	.name = "stress",
	.private = &stress_hits,
};

/* A line every few seconds, so that a long loop is seen to be alive. */
#define PROGRESS_NS 5000000000ULL

static void progress(const char *what, unsigned long i, unsigned long n,
		     u64 *next)
{
	u64 now = arch_clock_ns();

	if (now < *next)
		return;
	kprintf("ftrace stress: %lu of %lu %s so far\n", i, n, what);
	*next = now + PROGRESS_NS;
}

/* Enable and disable the sites GLOB selects, N times; Ctrl-C stops. */
static int stress_toggle(unsigned long n, const char *globs)
{
	u64 w0 = ftrace_nmi_wait_count, u0 = ftrace_nmi_update_count;
	u64 t0 = arch_clock_ns(), next = t0 + PROGRESS_NS;
	unsigned long i;
	int r = ftrace_set_filter(&stress_static_ops, globs, true);

	if (r) {
		kprintf("ftrace stress: %s: %s\n", globs,
			ftrace_filter_error(r));
		return r;
	}
	for (i = 0; i < n && !signal_pending(); i++) {
		r = register_ftrace_function(&stress_static_ops);
		if (!r)
			r = unregister_ftrace_function(&stress_static_ops);
		if (r) {
			kprintf("ftrace stress: pass %lu failed: %s\n", i,
				strerror(r));
			break;
		}
		progress("enable/disable passes", i + 1, n, &next);
	}
	ftrace_ops_free_hashes(&stress_static_ops);
	if (i < n && !r)
		return shell_interrupted("ftrace stress: stopped after %lu of "
					 "%lu enable/disable passes",
					 i, n);
	kprintf("ftrace stress: %lu enable/disable passes in %llu ms, %llu "
		"hits; nmi waits +%llu, nmi writes +%llu\n",
		i, (unsigned long long)((arch_clock_ns() - t0) / 1000000),
		(unsigned long long)stress_hits,
		(unsigned long long)(ftrace_nmi_wait_count - w0),
		(unsigned long long)(ftrace_nmi_update_count - u0));
	return r;
}

/* Register, unregister and free a fresh dynamic ops, N times; Ctrl-C
 * stops. */
static int stress_ops(unsigned long n, const char *globs)
{
	u64 t0 = arch_clock_ns(), next = t0 + PROGRESS_NS;
	u64 hits = 0;
	unsigned long i;
	int r = 0;

	for (i = 0; i < n && !signal_pending(); i++) {
		r = ftrace_stress_dyn_cycle(globs, &hits);
		if (r)
			break;
		progress("register/unregister/free cycles", i + 1, n, &next);
	}
	if (r)
		kprintf("ftrace stress: cycle %lu failed: %s\n", i,
			ftrace_filter_error(r));
	else if (i < n)
		return shell_interrupted("ftrace stress: stopped after %lu of "
					 "%lu register/unregister/free cycles",
					 i, n);
	kprintf("ftrace stress: %lu register/unregister/free cycles in %llu "
		"ms, %llu hits\n",
		i, (unsigned long long)((arch_clock_ns() - t0) / 1000000),
		(unsigned long long)hits);
	return r;
}

#define STRESS_MAX 1000000

static int stress_cmd(int argc, char **argv)
{
	unsigned long long n;
	char globs[SHELL_LINE_MAX];
	int r;

	if (kstrtoull(argv[3], 0, &n) || n == 0 || n > STRESS_MAX) {
		kprintf("ftrace stress: bad count '%s' (1 to %d)\n", argv[3],
			STRESS_MAX);
		return -EINVAL;
	}
	if (argc > 4) {
		if (join_args(argc, argv, 4, globs, sizeof(globs)))
			return -E2BIG;
	} else {
		strlcpy(globs, "*", sizeof(globs));
	}
	r = check_filter("ftrace stress", globs);
	if (r)
		return r;
	return !strcmp(argv[2], "toggle")
		       ? stress_toggle((unsigned long)n, globs)
		       : stress_ops((unsigned long)n, globs);
}

static int stress_mix_cmd(int argc, char **argv)
{
	unsigned long long n, seed = 1;

	if (kstrtoull(argv[3], 0, &n) || n == 0 || n > STRESS_MAX) {
		kprintf("ftrace stress: bad count '%s' (1 to %d)\n", argv[3],
			STRESS_MAX);
		return -EINVAL;
	}
	if (argc >= 5 && kstrtoull(argv[4], 0, &seed)) {
		kprintf("ftrace stress: bad seed '%s'\n", argv[4]);
		return -EINVAL;
	}
	if (argc == 6 && strcmp(argv[5], "fixed-method")) {
		kprintf("ftrace stress: '%s': only 'fixed-method' may follow "
			"the seed\n",
			argv[5]);
		return -EINVAL;
	}
	return ftrace_stress_mix((unsigned long)n, seed, argc == 6);
}

/* ---- ftrace patch: the method ---- */

static int patch_cmd(int argc, char **argv)
{
	int m;

	if (argc == 2) {
		kprintf("ftrace patch: %s\n",
			ftrace_patch_method_name(ftrace_patch_method));
		return 0;
	}
	m = ftrace_patch_method_parse(argv[2]);
	if (m == -ENODEV) {
		kprintf("ftrace patch: %s: not on %s (docs/patching.md says "
			"why)\n",
			argv[2], arch_name());
		return m;
	}
	if (m < 0) {
		kprintf("ftrace patch: unknown method '%s' (stop_machine or "
			"breakpoint)\n",
			argv[2]);
		return m;
	}
	/* Between two passes, never inside one. */
	mutex_lock(&ftrace_lock);
	ftrace_patch_method = (enum ftrace_patch_method)m;
	mutex_unlock(&ftrace_lock);
	kprintf("ftrace patch: %s\n", ftrace_patch_method_name(m));
	return 0;
}

static int cmd_ftrace(int argc, char **argv)
{
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "patch"))
		return patch_cmd(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "patch-test"))
		return ftrace_bp_test(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "stats")) {
		ftrace_print_stats();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "site"))
		return ftrace_site(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "graph-selftest"))
		return fgraph_selftest();
	if (argc >= 2 && !strcmp(argv[1], "count"))
		return count_cmd(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "stress") &&
	    (!strcmp(argv[2], "toggle") || !strcmp(argv[2], "ops")))
		return stress_cmd(argc, argv);
	if (argc >= 4 && argc <= 6 && !strcmp(argv[1], "stress") &&
	    !strcmp(argv[2], "mix"))
		return stress_mix_cmd(argc, argv);
	kprintf("usage: ftrace site FUNC | stats | count [GLOB...|off] | "
		"stress toggle|ops N [GLOB...] | stress mix N [SEED [fixed-method]] | "
		"graph-selftest | "
		"patch [METHOD] | patch-test trap|stray\n");
	return -EINVAL;
}
/* clang-format off */
static const char ftrace_text[] =
	"  site FUNC      FUNC's call site: address, state, how many ops\n"
	"                 want it, and its live bytes, decoded\n"
	"  stats          call sites, failures, the last patch pass,\n"
	"                 totals, stop_machine's cost, the NMI handshake\n"
	"                 counters, record mode\n"
	"  count GLOB...  count the calls of every function the globs\n"
	"                 match ('!pat' takes pat's matches out)\n"
	"  count          print the counts, one line per function\n"
	"  count off      stop counting; the sites become NOPs again\n"
	"  stress toggle N [GLOB...]\n"
	"                 N passes switching the sites on and off\n"
	"  stress ops N [GLOB...]\n"
	"                 N cycles registering, unregistering and\n"
	"                 freeing a dynamically allocated ops\n"
	"  stress mix N [SEED [fixed-method]]\n"
	"                 N steps mixing every change of tracing state\n"
	"                 (trace/ftrace_stress.c), chosen from SEED;\n"
	"                 fixed-method: never switch patch method\n"
	"  patch [METHOD] how patch passes reach the text: stop_machine\n"
	"                 (every other CPU held; the default) or\n"
	"                 breakpoint (x86_64: none held, int3 traps)\n"
	"  patch-test trap  a breakpoint pass whose test hook runs the\n"
	"                 sites in the middle of it, and places an int3\n"
	"                 itself; prints PASSED or FAILED\n"
	"  patch-test stray  an int3 that is no site's: the trap report\n"
	"  graph-selftest the return hook's self-test: two graph users on\n"
	"                 test functions, then one on every function;\n"
	"                 prints PASSED, or FAILED and what went wrong\n"
	"N is 1 to " __stringify(STRESS_MAX) ", GLOB '*' when none is given;\n"
	"Ctrl-C stops a stress loop. Each change is one patch pass, and\n"
	"says how many sites it changed and in how long.\n";
/* clang-format on */
SHELL_COMMAND_LONG(ftrace, "ftrace", cmd_ftrace,
		   "ftrace site|stats|count|stress|patch|graph-selftest ...",
		   "call-site bytes, patcher counters, hit counts, stress loops",
		   ftrace_text);
