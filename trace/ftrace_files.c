/*
 * ftrace_files.c - what the console shows of dynamic ftrace: the tracefs
 * files (available_filter_functions, enabled_functions,
 * dyn_ftrace_total_info, /proc/sys/kernel/ftrace_enabled) and the
 * `ftrace` command (a call site's live bytes, counters, a hit counter on a
 * glob, stress loops for tests).
 */
#include "arch.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "kmain.h"
#include "ksym.h"
#include "kstring.h"
#include "mutex.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"
#include "stop_machine.h"

#define TRACING "/sys/kernel/tracing/"

static int avail_read(struct fs_node *n, struct fs_out *out)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec)
	{
		unsigned long off;
		const struct ksym *s = ksym_lookup(rec->ip, &off);
		if (s && !(rec->flags & FTRACE_FL_FAILED))
			fs_printf(out, "%s\n", s->name);
	}
	return 0;
}

static int enabled_read(struct fs_node *n, struct fs_out *out)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec)
	{
		unsigned long off;
		const struct ksym *s;
		unsigned long refs = rec->flags & FTRACE_FL_REF_MASK;

		if (!(rec->flags & FTRACE_FL_ENABLED))
			continue;
		s = ksym_lookup(rec->ip, &off);
		fs_printf(out, "%s (%lu)%s\n", s ? s->name : "?", refs,
			  rec->flags & FTRACE_FL_FAILED ? " F" : "");
	}
	return 0;
}

static int total_info_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%lu pages:%lu failed:%lu\n", ftrace_stats.sites,
		  ftrace_stats.pages, ftrace_stats.failed);
	fs_printf(out, "nmi_wait_count: %llu\n",
		  (unsigned long long)ftrace_nmi_wait_count);
	fs_printf(out, "nmi_update_count: %llu\n",
		  (unsigned long long)ftrace_nmi_update_count);
	return 0;
}

static int parse_uint(const char *data, size_t len, unsigned long long max,
		      unsigned long long *v, struct fs_out *err,
		      const char *what)
{
	char buf[32];

	while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
		len--;
	if (!len || len >= sizeof(buf))
		goto bad;
	memcpy(buf, data, len);
	buf[len] = 0;
	if (kstrtoull(buf, 10, v) || *v > max)
		goto bad;
	return 0;
bad:
	fs_printf(err, "%s: expected a number from 0 to %llu\n", what, max);
	return -EINVAL;
}

static int enabled_sw_read(struct fs_node *n, struct fs_out *out)
{
	fs_printf(out, "%d\n", ftrace_enabled ? 1 : 0);
	return 0;
}

static int enabled_sw_write(struct fs_node *n, const char *data, size_t len,
			    bool append, struct fs_out *err)
{
	unsigned long long v;
	int r = parse_uint(data, len, 1, &v, err, "ftrace_enabled");

	return r ? r : ftrace_set_enabled(v != 0);
}

static const struct fs_ops avail_ops = { .read = avail_read };
static const struct fs_ops enabled_ops = { .read = enabled_read };
static const struct fs_ops total_info_ops = { .read = total_info_read };
static const struct fs_ops enabled_sw_ops = { .read = enabled_sw_read,
					      .write = enabled_sw_write };

void ftrace_files_init(void)
{
	fs_create(TRACING "available_filter_functions", &avail_ops, NULL);
	fs_create(TRACING "enabled_functions", &enabled_ops, NULL);
	fs_create(TRACING "dyn_ftrace_total_info", &total_info_ops, NULL);
	fs_create("/proc/sys/kernel/ftrace_enabled", &enabled_sw_ops, NULL);
}

/* ---- ftrace site ---- */

static int ftrace_site(const char *func)
{
	const struct ksym *s = ksym_find(func);
	struct dyn_ftrace *rec;
	unsigned long addr;
	u8 bytes[MCOUNT_INSN_SIZE];
	char sym[96], hex[32], what[160];
	const char *state;

	if (!s) {
		kprintf("ftrace site: no function named '%s'\n", func);
		return -ENOENT;
	}
	rec = ftrace_find_rec_in(s->addr, s->addr + s->size);
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

	for_each_ftrace_rec(pg, rec)
	{
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
		if (target == (unsigned long)ftrace_caller)
			caller++;
		else if (target == (unsigned long)mcount)
			mc++;
		else
			other++;
	}
	kprintf("site bytes now: %lu NOP, %lu call ftrace_caller, %lu call "
		"mcount, %lu other\n",
		nop, caller, mc, other);
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
	kprintf("last patch pass: cmd 0x%x, %lu sites changed in %llu us\n",
		ftrace_stats.last_cmd, ftrace_stats.last_changed,
		(unsigned long long)(ftrace_stats.last_ns / 1000));
	kprintf("totals: %llu passes, %llu sites changed, %llu trace "
		"function updates\n",
		(unsigned long long)ftrace_stats.passes,
		(unsigned long long)ftrace_stats.changed_total,
		(unsigned long long)ftrace_stats.func_updates);
	kprintf("stop_machine: %llu calls, last %llu us\n",
		(unsigned long long)stop_machine_stats.calls,
		(unsigned long long)(stop_machine_stats.last_ns / 1000));
	kprintf("nmi handshake: patcher waited %llu times, NMIs wrote %llu "
		"times\n",
		(unsigned long long)ftrace_nmi_wait_count,
		(unsigned long long)ftrace_nmi_update_count);
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

/* ---- ftrace count: a dynamically allocated ops counting hits ---- */

struct count_data {
	unsigned n;
	unsigned long *ips; /* sorted */
	u64 *hits;
};

static struct ftrace_ops *count_ops;

/* notrace: the callback of a tracer, called from the list function. */
static notrace void count_func(unsigned long ip, unsigned long parent_ip,
			       struct ftrace_ops *op)
{
	struct count_data *cd = op->private;
	unsigned lo = 0, hi = cd->n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (cd->ips[mid] == ip) {
			__atomic_fetch_add(&cd->hits[mid], 1, __ATOMIC_RELAXED);
			return;
		}
		if (cd->ips[mid] < ip)
			lo = mid + 1;
		else
			hi = mid;
	}
}

static void count_free(struct ftrace_ops *ops)
{
	struct count_data *cd = ops->private;

	ftrace_ops_free_hashes(ops);
	if (cd) {
		kfree(cd->ips);
		kfree(cd->hits);
		kfree(cd);
	}
	kfree(ops);
}

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

static const char *filter_error(int r)
{
	if (r == -EINVAL)
		return "malformed glob";
	if (r == -ENOENT)
		return "a pattern matches no traceable function";
	return strerror(r);
}

static int count_start(int argc, char **argv)
{
	struct ftrace_ops *ops;
	struct count_data *cd;
	char globs[SHELL_LINE_MAX];
	unsigned n = 0;
	int r;

	if (count_ops) {
		kprintf("ftrace count: already counting; 'ftrace count off' "
			"first\n");
		return -EBUSY;
	}
	if (join_args(argc, argv, 2, globs, sizeof(globs)))
		return -E2BIG;
	ops = kzalloc(sizeof(*ops));
	cd = kzalloc(sizeof(*cd));
	if (!ops || !cd) {
		kfree(ops);
		kfree(cd);
		kprintf("ftrace count: out of memory\n");
		return -ENOMEM;
	}
	ops->func = count_func;
	ops->name = "count";
	ops->private = cd;
	r = ftrace_set_filter(ops, globs, true);
	if (r) {
		kprintf("ftrace count: %s: %s\n", globs, filter_error(r));
		count_free(ops);
		return r;
	}
	cd->ips = kmalloc((ops->filter_hash->count + 1) * sizeof(long));
	cd->hits = kzalloc((ops->filter_hash->count + 1) * sizeof(u64));
	if (!cd->ips || !cd->hits) {
		count_free(ops);
		kprintf("ftrace count: out of memory\n");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < ops->filter_hash->size; i++)
		if (ops->filter_hash->ips[i])
			cd->ips[n++] = ops->filter_hash->ips[i];
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j && cd->ips[j - 1] > cd->ips[j]; j--) {
			unsigned long t = cd->ips[j];
			cd->ips[j] = cd->ips[j - 1];
			cd->ips[j - 1] = t;
		}
	cd->n = n;
	r = register_ftrace_function(ops);
	if (r) {
		kprintf("ftrace count: register failed: %s\n", strerror(r));
		unregister_ftrace_function(ops);
		count_free(ops);
		return r;
	}
	count_ops = ops;
	kprintf("ftrace count: counting %u functions (%lu sites changed in "
		"%llu us)\n",
		n, ftrace_stats.last_changed,
		(unsigned long long)(ftrace_stats.last_ns / 1000));
	return 0;
}

static int count_show(void)
{
	struct count_data *cd;

	if (!count_ops) {
		kprintf("ftrace count: not counting (ftrace count GLOB...)\n");
		return -ENOENT;
	}
	cd = count_ops->private;
	kprintf("  %-32s %12s\n", "Function", "Hit");
	for (unsigned i = 0; i < cd->n; i++) {
		unsigned long off;
		const struct ksym *s = ksym_lookup(cd->ips[i], &off);
		kprintf("  %-32s %12llu\n", s ? s->name : "?",
			(unsigned long long)cd->hits[i]);
	}
	return 0;
}

static int count_off(void)
{
	struct ftrace_ops *ops = count_ops;

	if (!ops) {
		kprintf("ftrace count: not counting\n");
		return -ENOENT;
	}
	count_ops = NULL;
	unregister_ftrace_function(ops);
	count_free(ops); /* at once: unregister waited for the CPUs */
	kprintf("ftrace count: off (%lu sites changed in %llu us)\n",
		ftrace_stats.last_changed,
		(unsigned long long)(ftrace_stats.last_ns / 1000));
	return 0;
}

/* ---- stress loops for the tests ---- */

static notrace void stress_func(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op)
{
	__atomic_fetch_add((u64 *)op->private, 1, __ATOMIC_RELAXED);
}

static u64 stress_hits;
static struct ftrace_ops stress_static_ops = {
	.func = stress_func,
	.name = "stress",
	.private = &stress_hits,
};

/* Enable and disable the sites GLOB selects, N times. */
static int stress_toggle(unsigned long n, const char *globs)
{
	u64 w0 = ftrace_nmi_wait_count, u0 = ftrace_nmi_update_count;
	u64 t0 = arch_clock_ns();
	int r = ftrace_set_filter(&stress_static_ops, globs, true);

	if (r) {
		kprintf("ftrace stress: %s: %s\n", globs, filter_error(r));
		return r;
	}
	for (unsigned long i = 0; i < n; i++) {
		r = register_ftrace_function(&stress_static_ops);
		if (!r)
			r = unregister_ftrace_function(&stress_static_ops);
		if (r) {
			kprintf("ftrace stress: pass %lu failed: %s\n", i,
				strerror(r));
			break;
		}
	}
	kprintf("ftrace stress: %lu enable/disable passes in %llu ms, %llu "
		"hits; nmi waits +%llu, nmi writes +%llu\n",
		n, (unsigned long long)((arch_clock_ns() - t0) / 1000000),
		(unsigned long long)stress_hits,
		(unsigned long long)(ftrace_nmi_wait_count - w0),
		(unsigned long long)(ftrace_nmi_update_count - u0));
	ftrace_ops_free_hashes(&stress_static_ops);
	return r;
}

/* Register, unregister and free a fresh dynamic ops, N times. */
static int stress_ops(unsigned long n, const char *globs)
{
	u64 t0 = arch_clock_ns();
	u64 hits = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct ftrace_ops *ops = kzalloc(sizeof(*ops));
		u64 *counter = kzalloc(sizeof(*counter));
		int r;

		if (!ops || !counter) {
			kfree(ops);
			kfree(counter);
			kprintf("ftrace stress: out of memory\n");
			return -ENOMEM;
		}
		ops->func = stress_func;
		ops->name = "stress-dyn";
		ops->private = counter;
		r = ftrace_set_filter(ops, globs, true);
		if (!r)
			r = register_ftrace_function(ops);
		if (!r)
			r = unregister_ftrace_function(ops);
		hits += *counter;
		/* Freed at once, and poisoned by kfree: a CPU still in the
		 * list function would now call through garbage. */
		ftrace_ops_free_hashes(ops);
		kfree(ops);
		kfree(counter);
		if (r) {
			kprintf("ftrace stress: cycle %lu failed: %s\n", i,
				filter_error(r));
			return r;
		}
	}
	kprintf("ftrace stress: %lu register/unregister/free cycles in %llu "
		"ms, %llu hits\n",
		n, (unsigned long long)((arch_clock_ns() - t0) / 1000000),
		(unsigned long long)hits);
	return 0;
}

static int cmd_ftrace(int argc, char **argv)
{
	unsigned long long n;
	char globs[SHELL_LINE_MAX];

	if (argc >= 2 && !strcmp(argv[1], "stats") && argc == 2) {
		ftrace_print_stats();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "site"))
		return ftrace_site(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "count")) {
		if (argc == 2)
			return count_show();
		if (argc == 3 && !strcmp(argv[2], "off"))
			return count_off();
		return count_start(argc, argv);
	}
	if (argc >= 4 && !strcmp(argv[1], "stress") &&
	    (!strcmp(argv[2], "toggle") || !strcmp(argv[2], "ops"))) {
		if (kstrtoull(argv[3], 0, &n) || n == 0 || n > 1000000) {
			kprintf("ftrace stress: bad count '%s'\n", argv[3]);
			return -EINVAL;
		}
		if (argc > 4) {
			if (join_args(argc, argv, 4, globs, sizeof(globs)))
				return -E2BIG;
		} else {
			strlcpy(globs, "*", sizeof(globs));
		}
		return !strcmp(argv[2], "toggle")
			       ? stress_toggle((unsigned long)n, globs)
			       : stress_ops((unsigned long)n, globs);
	}
	kprintf("usage: ftrace site FUNC | stats | count [GLOB...|off] | "
		"stress toggle|ops N [GLOB...]\n");
	return -EINVAL;
}
SHELL_COMMAND(ftrace, "ftrace", cmd_ftrace,
	      "ftrace site|stats|count|stress ...",
	      "call-site bytes, patcher counters, hit counts, stress loops");
