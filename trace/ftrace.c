/*
 * ftrace.c - the dynamic ftrace core: the one writer of kernel text, the
 * boot conversion of every call site to a NOP, and the patch passes that
 * run under stop_machine with a command bitmask (docs/patching.md). The
 * tables are in ftrace_records.c, the ops and the list function in
 * ftrace_ops.c, record mode in ftrace_record.c.
 *
 * Built without -pg: this code rewrites the call sites and must not run
 * through them while it does.
 *
 * Locking: ftrace_lock (a mutex) serialises every change to the ops list,
 * filters, records and text. The tracing path reads the ops list and the
 * filter sets without locks; they are replaced, never edited in place.
 */
#include "arch.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "ftrace_modify.h"
#include "trace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "sort.h"
#include "stop_machine.h"

extern unsigned long __start_mcount_loc[], __stop_mcount_loc[];

struct mutex ftrace_lock = MUTEX_INIT("ftrace");
bool ftrace_enabled = true;

/* What each assembly site calls now. */
static unsigned long asm_target[FTRACE_NR_ASM_SITES];
/* The trace function last installed: what an update compares against. */
static ftrace_func_t saved_func = (ftrace_func_t)ftrace_stub;
static struct ftrace_ops *saved_op;

void ftrace_format_bytes(const u8 *b, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < MCOUNT_INSN_SIZE && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%02x",
					i ? " " : "", b[i]);
}

/* ---- the writer ---- */

static bool in_text(unsigned long addr)
{
	return addr >= (unsigned long)_stext &&
	       addr + MCOUNT_INSN_SIZE <= (unsigned long)_etext;
}

int ftrace_check_code(unsigned long addr, const u8 *expected)
{
	u8 cur[MCOUNT_INSN_SIZE] __aligned(4);

	if (!in_text(addr))
		return -EFAULT;
	ftrace_insn_copy(cur, (const void *)addr);
	if (ftrace_insn_equal(cur, expected))
		return 0;
	ftrace_bug_bytes.valid = true;
	ftrace_bug_bytes.addr = addr;
	memcpy(ftrace_bug_bytes.expected, expected, MCOUNT_INSN_SIZE);
	memcpy(ftrace_bug_bytes.actual, cur, MCOUNT_INSN_SIZE);
	return -EINVAL;
}

int ftrace_modify_code(unsigned long addr, const u8 *old, const u8 *new)
{
	int ret = ftrace_check_code(addr, old);

	if (ret)
		return ret;
	/* The breakpoint method writes a pass's changes in batches. */
	if (ftrace_bp_batching)
		return ftrace_bp_queue(addr, old, new);
	return ftrace_nmi_safe_write(addr, new);
}

int ftrace_poke_unchecked(unsigned long addr, const u8 *new)
{
	if (!in_text(addr))
		return -EFAULT;
	return ftrace_nmi_safe_write(addr, new);
}

/* The patcher's raw store, for the writer's fast path. */
static __always_inline int text_store(unsigned long addr, const u8 *buf)
{
	return ftrace_arch_text_write(addr, buf, false);
}

int ftrace_asm_site_set(enum ftrace_asm_site id, unsigned long target)
{
	unsigned long site = ftrace_asm_sites[id];
	u8 old[MCOUNT_INSN_SIZE] __aligned(4),
		new[MCOUNT_INSN_SIZE] __aligned(4);
	int ret;

	if (asm_target[id] == target)
		return 0;
	ret = ftrace_arch_call_insn(site, asm_target[id], old);
	if (!ret)
		ret = ftrace_arch_call_insn(site, target, new);
	if (!ret)
		ret = ftrace_modify_code_with(ftrace_arch_patch_addr(site), old,
					      new, text_store);
	if (!ret)
		asm_target[id] = target;
	return ret;
}

/* ---- records ---- */

struct dyn_ftrace *ftrace_find_rec_of(const char *name)
{
	const struct ksym *s = ksym_find(name);

	return s ? ftrace_find_rec_in(s->addr, ksym_end(s)) : NULL;
}

/* The ops that want rec now, counted (also while ftrace_enabled is 0:
 * the switch decides what is patched, not who asked). */
static void count_refs(struct dyn_ftrace *rec)
{
	unsigned long refs = 0;

	for (struct ftrace_ops *op = ftrace_ops_list; op; op = op->next)
		if (ftrace_ops_wants(op, rec->ip))
			refs++;
	rec->flags = (rec->flags & ~FTRACE_FL_REF_MASK) | refs;
}

/* Should the site of rec call ftrace_caller? */
static bool rec_wanted(const struct dyn_ftrace *rec)
{
	return ftrace_enabled && (rec->flags & FTRACE_FL_REF_MASK) &&
	       !(rec->flags & (FTRACE_FL_FAILED | FTRACE_FL_NEW));
}

static bool rec_differs(const struct dyn_ftrace *rec)
{
	if (rec->flags & (FTRACE_FL_FAILED | FTRACE_FL_NEW))
		return false;
	return rec_wanted(rec) != !!(rec->flags & FTRACE_FL_ENABLED);
}

/* ---- patch passes ---- */

struct update_args {
	unsigned cmd;
	ftrace_func_t func;
	struct ftrace_ops *op;
	/* The records to look at, or NULL for every record. */
	struct dyn_ftrace **todo;
	unsigned long ntodo;
	unsigned long changed;
	int ret;
};

/*
 * Bring one record's site in line. Most records of a walk of every record
 * need nothing, so that is told first, from the flags alone: the state
 * the site should be in (ENABLED or not) against the one it is in, with
 * FAILED and NEW making every such compare differ.
 */
static __always_inline void update_rec(struct update_args *a,
				       struct dyn_ftrace *rec, bool on)
{
	const unsigned long state = FTRACE_FL_ENABLED | FTRACE_FL_FAILED |
				    FTRACE_FL_NEW;
	unsigned long fl = rec->flags;
	bool want = on && (fl & FTRACE_FL_REF_MASK);
	int ret;

	if (likely((fl & state) == (want ? FTRACE_FL_ENABLED : 0)) ||
	    (fl & (FTRACE_FL_FAILED | FTRACE_FL_NEW)))
		return;
	ret = want ? ftrace_make_call(rec, FTRACE_ADDR)
		   : ftrace_make_nop(rec, FTRACE_ADDR);
	if (unlikely(ret)) {
		ftrace_note_failure(rec, ret,
				    want ? FTRACE_BUG_CALL : FTRACE_BUG_NOP);
		return;
	}
	/* Read again: the arch may keep bits of its own in the flags. */
	rec->flags ^= FTRACE_FL_ENABLED;
	a->changed++;
}

static void replace_code(struct update_args *a)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	bool on = ftrace_enabled; /* once: the calls below hide it from gcc */

	if (a->todo) {
		for (unsigned long i = 0; i < a->ntodo; i++)
			update_rec(a, a->todo[i], on);
		return;
	}
	for_each_ftrace_rec(pg, rec)
		update_rec(a, rec, on);
}

int ftrace_convert_site(struct dyn_ftrace *rec, bool want)
{
	int ret = ftrace_make_nop(rec, MCOUNT_ADDR);

	if (!ret && want)
		ret = ftrace_make_call(rec, FTRACE_ADDR);
	return ret;
}

/* Keep the first error: later ones are usually its consequence. */
static void first_error(int *ret, int err)
{
	if (!*ret)
		*ret = err;
}

static int __ftrace_modify_code(void *data)
{
	struct update_args *a = data;
	/* Under stop_machine the handshake's flag is up for the whole pass
	 * (docs/nmi.md); the breakpoint method writes no site here. */
	bool handshake = !ftrace_bp_batching;

	if (handshake)
		ftrace_nmi_pass_begin();
	if (a->cmd & FTRACE_CONVERT_NEW)
		ftrace_convert_new(&a->changed);
	if (a->cmd & FTRACE_UPDATE_TRACE_FUNC) {
		/* Leaving a direct callback: pass through the stub, so that
		 * no NMI calls the old callback with another ops. */
		if (saved_op && a->op != saved_op) {
			first_error(&a->ret,
				    ftrace_update_ftrace_func(
					    (ftrace_func_t)ftrace_stub));
			/* Breakpoint method: the stub is in everywhere
			 * before the ops pointer changes. */
			ftrace_bp_flush();
		}
		/* The stub reads no ops: the last one stays. Under the
		 * breakpoint method CPUs still enter ftrace_caller through
		 * sites the pass has yet to disable; one preempted between
		 * its load of the ops and its call must not later hand the
		 * next direct callback a NULL ops. */
		if (a->func != (ftrace_func_t)ftrace_stub)
			function_trace_op = a->op;
		smp_mb();
		first_error(&a->ret, ftrace_update_ftrace_func(a->func));
		ftrace_stats.func_updates++;
	}
	if (a->cmd & (FTRACE_UPDATE_CALLS | FTRACE_DISABLE_CALLS))
		replace_code(a);
	if (a->cmd & FTRACE_START_MCOUNT)
		first_error(&a->ret, ftrace_asm_site_set(
					     FTRACE_SITE_MCOUNT,
					     (unsigned long)ftrace_record_ip));
	if (a->cmd & FTRACE_STOP_MCOUNT)
		first_error(&a->ret,
			    ftrace_asm_site_set(FTRACE_SITE_MCOUNT,
						(unsigned long)ftrace_stub));
	if (handshake)
		ftrace_nmi_pass_end();
	ftrace_arch_text_write_done();
	return a->ret;
}

/*
 * Run one pass, by the method chosen: with every other CPU stopped, or
 * through breakpoints with none stopped (when its table cannot be had,
 * that pass stops the machine). ftrace_lock held.
 */
static int run_pass(struct update_args *a)
{
	enum ftrace_patch_method m = ftrace_patch_method;
	struct ftrace_patch_stats *ps;
	u64 t0 = arch_clock_ns(), held0 = stop_machine_stats.held_ns;
	u64 syncs = 1;
	int ret;

	if (m != FTRACE_PATCH_BREAKPOINT ||
	    ftrace_bp_run(__ftrace_modify_code, a, &ret, &syncs)) {
		m = FTRACE_PATCH_STOP_MACHINE;
		ret = stop_machine(__ftrace_modify_code, a);
	}
	ftrace_stats.last_ns = arch_clock_ns() - t0;
	ps = &ftrace_patch_stats[m];
	ps->passes++;
	ps->sites += a->changed;
	ps->syncs += syncs;
	ps->ns += ftrace_stats.last_ns;
	ps->held_ns += stop_machine_stats.held_ns - held0;
	ftrace_stats.last_method = m;
	ftrace_stats.last_cmd = a->cmd;
	ftrace_stats.last_changed = a->changed;
	ftrace_stats.passes++;
	ftrace_stats.changed_total += a->changed;
	if (a->cmd & FTRACE_UPDATE_TRACE_FUNC) {
		saved_func = a->func;
		saved_op = a->op;
	}
	ftrace_report_failures();
	if (ret)
		printk("ftrace: patching an assembly call site failed (%s)\n",
		       strerror(ret));
	return ret;
}

#define BITS_PER_LONG (8 * sizeof(unsigned long))

/* The records of the set bits, in the order of their places. */
static unsigned long from_bits(const unsigned long *bits, unsigned long nbits,
			       struct dyn_ftrace **todo, unsigned long n)
{
	for (unsigned long w = 0; w * BITS_PER_LONG < nbits; w++)
		for (unsigned long b = bits[w]; b; b &= b - 1)
			todo[n++] = ftrace_rec_at(w * BITS_PER_LONG +
						  (unsigned)__builtin_ctzl(b));
	return n;
}

/*
 * The records whose wanted state may have changed, refs recounted, in a
 * list; NULL when only[] is NULL or memory is short (then every record is
 * recounted and the pass walks them all). *differs: any site to change.
 *
 * The sets hand their ips in hash order. The list is put in address order
 * (one bit per record in address order, then the bits read back: O(n / 64
 * + k) for k ips), so that the pass writes the sites of one page one after
 * the other, through one mapping of its alias.
 */
static struct dyn_ftrace **collect(const struct ftrace_hash *const *only,
				   unsigned nonly, unsigned long *n,
				   bool *differs, bool *any_wanted)
{
	struct dyn_ftrace **todo = NULL, *rec;
	struct ftrace_page *pg;
	unsigned long max = 0, i, ip, nbits = 0, *bits = NULL;

	*n = 0;
	*differs = *any_wanted = false;
	for (unsigned k = 0; only && k < nonly; k++)
		max += only[k] ? only[k]->count : 0;
	if (only)
		todo = kmalloc((max + 1) * sizeof(*todo));
	if (!todo) {
		for_each_ftrace_rec(pg, rec) {
			count_refs(rec);
			*differs |= rec_differs(rec);
			*any_wanted |= rec_wanted(rec);
		}
		return NULL;
	}
	nbits = max > 1 ? ftrace_rec_index_count() : 0;
	if (nbits)
		bits = kzalloc((nbits + BITS_PER_LONG - 1) / BITS_PER_LONG *
			       sizeof(*bits));
	for (unsigned k = 0; k < nonly; k++)
		for_each_hash_ip(only[k], i, ip) {
			long pos = bits ? ftrace_find_rec_pos(ip, ip + 1) : -1;

			if (bits)
				rec = pos < 0 ? NULL : ftrace_rec_at(pos);
			else
				rec = ftrace_find_rec_in(ip, ip + 1);
			if (!rec)
				continue;
			count_refs(rec);
			/* In two sets, or unchanged: listed once at most. */
			if (!rec_differs(rec) || (rec->flags & FTRACE_FL_TODO))
				continue;
			rec->flags |= FTRACE_FL_TODO;
			if (bits)
				bits[pos / BITS_PER_LONG] |=
					1UL << (pos % BITS_PER_LONG);
			else
				todo[(*n)++] = rec;
		}
	if (bits) {
		*n = from_bits(bits, nbits, todo, *n);
		kfree(bits);
	}
	for (i = 0; i < *n; i++)
		todo[i]->flags &= ~FTRACE_FL_TODO;
	*differs = *n > 0;
	/* Only decides UPDATE against DISABLE: UPDATE is always right. */
	*any_wanted = true;
	return todo;
}

int ftrace_update(unsigned extra, const struct ftrace_hash *const *only,
		  unsigned nonly, bool *ran)
{
	struct update_args a = { .cmd = extra };
	bool differs, any;
	int ret;

	if (ran)
		*ran = false;
	ftrace_choose_trace_func(&a.func, &a.op);
	if (a.func != saved_func || a.op != saved_op)
		a.cmd |= FTRACE_UPDATE_TRACE_FUNC;
	a.todo = collect(only, nonly, &a.ntodo, &differs, &any);
	if (differs)
		a.cmd |= any ? FTRACE_UPDATE_CALLS : FTRACE_DISABLE_CALLS;
	if (!a.cmd) {
		kfree(a.todo);
		return 0;
	}
	ret = run_pass(&a);
	kfree(a.todo);
	if (ran)
		*ran = true;
	return ret;
}

/* ---- the global switch ---- */

int ftrace_set_enabled(bool on)
{
	unsigned extra = 0;
	int ret;

	mutex_lock(&ftrace_lock);
	if (on == ftrace_enabled) {
		mutex_unlock(&ftrace_lock);
		return 0;
	}
	ftrace_enabled = on;
	if (ftrace_stats.record_mode)
		extra = on ? FTRACE_START_MCOUNT : FTRACE_STOP_MCOUNT;
	ret = ftrace_update(extra, NULL, 0, NULL);
	mutex_unlock(&ftrace_lock);
	return ret;
}

/* ---- boot ---- */

/* One record per site of the build, in address order. */
static void alloc_records(void)
{
	size_t n = (size_t)(__stop_mcount_loc - __start_mcount_loc);
	unsigned long *ips = kmalloc(n * sizeof(unsigned long) + 1);

	if (!ips)
		panic("ftrace: no memory for %zu call sites", n);
	memcpy(ips, __start_mcount_loc, n * sizeof(unsigned long));
	sort(ips, n, sizeof(*ips), sort_cmp_ulong);
	for (size_t i = 0; i < n; i++)
		if (!ftrace_alloc_rec(ips[i]))
			panic("ftrace: no memory for the call-site records");
	kfree(ips);
	if (ftrace_rec_index_build())
		printk("ftrace: no memory for the record index: lookups "
		       "will scan\n");
	printk("ftrace: allocating %lu entries in %lu pages\n",
	       ftrace_stats.sites, ftrace_stats.pages);
}

static void boot_convert(void)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	u64 t0;

	alloc_records();
	ftrace_fault_damage();
	t0 = arch_clock_ns();
	/* One pass for every site, with the handshake's flag up for all. */
	ftrace_nmi_pass_begin();
	for_each_ftrace_rec(pg, rec) {
		int ret = ftrace_make_nop(rec, MCOUNT_ADDR);

		if (unlikely(ret))
			ftrace_note_failure(rec, ret, FTRACE_BUG_INIT);
	}
	ftrace_nmi_pass_end();
	ftrace_arch_text_write_done();
	arch_sync_core();
	ftrace_stats.boot_convert_ns = arch_clock_ns() - t0;
	ftrace_report_failures();
	printk("ftrace: converted %lu call sites in %llu us (%lu failed)\n",
	       ftrace_stats.sites,
	       (unsigned long long)(ftrace_stats.boot_convert_ns / 1000),
	       ftrace_stats.failed);
}

void ftrace_init(void)
{
	int ret = ftrace_dyn_arch_init();

	if (ret)
		panic("ftrace: the arch cannot patch call sites (%s)",
		      strerror(ret));
	for (int i = 0; i < FTRACE_NR_ASM_SITES; i++)
		asm_target[i] = (unsigned long)ftrace_stub;
	if (ftrace_stats.record_mode)
		ftrace_record_mode_init();
	else
		boot_convert();
}

void ftrace_late_init(void)
{
	ftrace_files_init();
	trace_init();
	graph_files_init();
	ftrace_fault_late_init();
	ftrace_record_mode_late_init();
	ftrace_selftest_late_init();
}
