/*
 * ftrace.c - the dynamic ftrace core: the boot conversion to NOPs,
 * ftrace_ops and their filters, and the patch passes that run under
 * stop_machine with a command bitmask (DESIGN §3-§4). The tables behind
 * them (records, filter sets, the recorder's) are in ftrace_records.c.
 *
 * Built without -pg: this code rewrites the call sites and must not run
 * through them while it does.
 *
 * Locking: ftrace_lock (a mutex) serialises every change to the ops list,
 * filters, records and text. The tracing path reads the ops list and the
 * filter sets without locks; they are replaced, never edited in place.
 */
#include "arch.h"
#include "ftrace_internal.h"
#include "glob.h"
#include "kmain.h"
#include "ksym.h"
#include "kstring.h"
#include "mutex.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"
#include "stop_machine.h"

extern unsigned long __start_mcount_loc[], __stop_mcount_loc[];
extern char _sdata[], _edata[];

struct mutex ftrace_lock = MUTEX_INIT("ftrace");
bool ftrace_enabled = true;
unsigned ftrace_users;

/* What the two assembly sites call now. */
static unsigned long ftrace_call_target;
static unsigned long mcount_call_target;
/* The trace function last installed: what an update compares against. */
static ftrace_func_t saved_func = (ftrace_func_t)ftrace_stub;
static struct ftrace_ops *saved_op;

/* Failures seen inside a pass, reported once the machine runs again. */
struct ftrace_failure {
	unsigned long ip;
	int err;
	u8 expected[MCOUNT_INSN_SIZE];
	u8 found[MCOUNT_INSN_SIZE];
};
static struct ftrace_failure failures[16];
static unsigned nfailures, nfailures_dropped;

void ftrace_format_bytes(const u8 *b, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < MCOUNT_INSN_SIZE && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%02x",
					i ? " " : "", b[i]);
}

/*
 * The only writer of kernel text: check the site holds old, then write new
 * through the NMI handshake. -EFAULT: not kernel text; -EINVAL: the bytes
 * were not what we expected; -EPERM: the write itself failed. The bytes
 * are those at the site's patch address, which is not always ip (sh4's
 * bra style rewrites the sequence's first instruction, before the
 * literal that is the site's ip).
 */
int ftrace_modify_code(unsigned long ip, const u8 *old, const u8 *new)
{
	unsigned long addr = ftrace_arch_patch_addr(ip);
	u8 cur[MCOUNT_INSN_SIZE];
	int ret;

	if (!addr || !ftrace_arch_in_text(addr))
		return -EFAULT;
	memcpy(cur, (const void *)addr, MCOUNT_INSN_SIZE);
	if (memcmp(cur, old, MCOUNT_INSN_SIZE)) {
		if (nfailures < ARRAY_SIZE(failures)) {
			memcpy(failures[nfailures].found, cur, sizeof(cur));
			memcpy(failures[nfailures].expected, old, sizeof(cur));
		}
		return -EINVAL;
	}
	ret = ftrace_nmi_safe_write(addr, new, MCOUNT_INSN_SIZE);
	return ret ? -EPERM : 0;
}

/* -EINVAL failures bring their bytes; the others show the site's now. */
static void note_failure(struct dyn_ftrace *rec, int err)
{
	unsigned long addr = ftrace_arch_patch_addr(rec->ip);

	rec->flags |= FTRACE_FL_FAILED;
	rec->flags &= ~FTRACE_FL_ENABLED;
	ftrace_stats.failed++;
	if (nfailures < ARRAY_SIZE(failures)) {
		failures[nfailures].ip = rec->ip;
		failures[nfailures].err = err;
		if (err != -EINVAL)
			memcpy(failures[nfailures].found,
			       (void *)(addr ? addr : rec->ip),
			       MCOUNT_INSN_SIZE);
		nfailures++;
	} else {
		nfailures_dropped++;
	}
}

static void report_failures(void)
{
	for (unsigned i = 0; i < nfailures; i++) {
		struct ftrace_failure *f = &failures[i];
		char sym[96], exp[32], got[32];

		ksym_format(f->ip, sym, sizeof(sym));
		ftrace_format_bytes(f->found, got, sizeof(got));
		if (f->err == -EINVAL) {
			ftrace_format_bytes(f->expected, exp, sizeof(exp));
			printk("ftrace: FAILED call site %s (%p): expected "
			       "[%s] found [%s]; left alone\n",
			       sym, (void *)f->ip, exp, got);
		} else if (f->err == -EPERM) {
			printk("ftrace: FAILED call site %s (%p): write to "
			       "kernel text failed (-EPERM); bytes still "
			       "[%s]\n",
			       sym, (void *)f->ip, got);
		} else if (f->err == -ERANGE) {
			printk("ftrace: FAILED call site %s (%p): the call "
			       "target is out of reach (-ERANGE); bytes still "
			       "[%s]\n",
			       sym, (void *)f->ip, got);
		} else if (f->err == -ENOENT) {
			printk("ftrace: FAILED call site %s (%p): no "
			       "instruction to patch found for it (-ENOENT); "
			       "left alone\n",
			       sym, (void *)f->ip);
		} else {
			printk("ftrace: FAILED call site %s (%p): error %d\n",
			       sym, (void *)f->ip, f->err);
		}
	}
	if (nfailures_dropped)
		printk("ftrace: %u more failed call sites not shown\n",
		       nfailures_dropped);
	nfailures = nfailures_dropped = 0;
}

/* ---- records ---- */

static struct dyn_ftrace *find_rec_of(const char *func)
{
	const struct ksym *s = ksym_find(func);

	return s ? ftrace_find_rec_in(s->addr, s->addr + s->size) : NULL;
}

/* ---- filter sets ---- */

void ftrace_ops_free_hashes(struct ftrace_ops *ops)
{
	kfree(ops->filter_hash);
	kfree(ops->notrace_hash);
	ops->filter_hash = ops->notrace_hash = NULL;
}

static const char *rec_name(struct dyn_ftrace *rec)
{
	unsigned long off;
	const struct ksym *s = ksym_lookup(rec->ip, &off);

	return s ? s->name : NULL;
}

/* ---- patch passes ---- */

static void choose_trace_func(ftrace_func_t *func, struct ftrace_ops **op)
{
	struct ftrace_ops *list = ftrace_ops_list;

	*op = NULL;
	if (!ftrace_enabled || !list) {
		*func = (ftrace_func_t)ftrace_stub;
	} else if (!list->next && !(list->flags & FTRACE_OPS_FL_DYNAMIC)) {
		/* One ops in the kernel's data: call it straight. */
		*func = list->func;
		*op = list;
	} else {
		*func = ftrace_ops_list_func;
	}
}

/* Count, for each record, the ops that want it. Returns whether the
 * text differs from what they want. */
static bool compute_refs(bool *any_wanted)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	bool differs = false;

	*any_wanted = false;
	for_each_ftrace_rec(pg, rec)
	{
		unsigned long refs = 0;
		bool want;
		if (ftrace_enabled)
			for (struct ftrace_ops *op = ftrace_ops_list; op;
			     op = op->next)
				if (ftrace_ops_wants(op, rec->ip))
					refs++;
		rec->flags = (rec->flags & ~FTRACE_FL_REF_MASK) | refs;
		if (rec->flags & (FTRACE_FL_FAILED | FTRACE_FL_NEW))
			continue;
		want = refs > 0;
		if (want)
			*any_wanted = true;
		if (want != !!(rec->flags & FTRACE_FL_ENABLED))
			differs = true;
	}
	return differs;
}

struct update_args {
	unsigned cmd;
	ftrace_func_t func;
	struct ftrace_ops *op;
	unsigned long changed;
};

static int patch_call_site(unsigned long site, unsigned long *cur,
			   unsigned long target)
{
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];
	int ret;

	if (*cur == target)
		return 0;
	ret = ftrace_arch_call_insn(site, *cur, old);
	if (!ret)
		ret = ftrace_arch_call_insn(site, target, new);
	if (!ret)
		ret = ftrace_modify_code(site, old, new);
	if (!ret)
		*cur = target;
	return ret;
}

static void replace_code(struct update_args *a, bool enable)
{
	unsigned long caller = (unsigned long)ftrace_caller;
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	u8 nop[MCOUNT_INSN_SIZE], call[MCOUNT_INSN_SIZE];

	for_each_ftrace_rec(pg, rec)
	{
		bool want, on;
		int ret;

		if (rec->flags & (FTRACE_FL_FAILED | FTRACE_FL_NEW))
			continue;
		want = enable && (rec->flags & FTRACE_FL_REF_MASK);
		on = rec->flags & FTRACE_FL_ENABLED;
		if (want == on)
			continue;
		ftrace_arch_nop_insn(rec->ip, nop);
		ret = ftrace_arch_call_insn(rec->ip, caller, call);
		if (!ret)
			ret = want ? ftrace_modify_code(rec->ip, nop, call)
				   : ftrace_modify_code(rec->ip, call, nop);
		if (ret) {
			note_failure(rec, ret);
			continue;
		}
		rec->flags ^= FTRACE_FL_ENABLED;
		a->changed++;
	}
}

/*
 * The first conversion of a site, from the call to mcount the compiler
 * left: to the NOP, or (record mode, wanted already) straight to a call of
 * ftrace_caller. The arch checks first what the site holds outside the
 * patched bytes, so that a bad site is left alone, and sets up the rest
 * only after the write: until then the site must go on calling mcount
 * (sh4 bra style: the literal becomes ftrace_caller once the site no
 * longer jumps through it, or when it is wanted anyway).
 */
static int convert_site(unsigned long ip, bool want)
{
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];
	u8 exp[MCOUNT_INSN_SIZE], found[MCOUNT_INSN_SIZE];
	int ret;

	ret = ftrace_arch_check_site(ip, exp, found);
	if (ret == -EINVAL && nfailures < ARRAY_SIZE(failures)) {
		memcpy(failures[nfailures].expected, exp, sizeof(exp));
		memcpy(failures[nfailures].found, found, sizeof(found));
	}
	/* -ERANGE: the site cannot be what the compiler left there, a
	 * call to mcount; failed like a damaged one. */
	if (!ret)
		ret = ftrace_arch_call_insn(ip, (unsigned long)mcount, old);
	if (!ret && want)
		ret = ftrace_arch_call_insn(ip, (unsigned long)ftrace_caller,
					    new);
	if (!ret && !want)
		ftrace_arch_nop_insn(ip, new);
	if (!ret)
		ret = ftrace_modify_code(ip, old, new);
	if (!ret)
		ret = ftrace_arch_prepare_site(ip);
	return ret;
}

/* Record mode: sites recorded since the last pass stop calling mcount. */
static void convert_new(struct update_args *a)
{
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;

	for_each_ftrace_rec(pg, rec)
	{
		bool want;
		int ret;

		if (!(rec->flags & FTRACE_FL_NEW))
			continue;
		rec->flags &= ~FTRACE_FL_NEW;
		want = ftrace_enabled && (rec->flags & FTRACE_FL_REF_MASK);
		ret = convert_site(rec->ip, want);
		if (ret) {
			note_failure(rec, ret);
			continue;
		}
		if (want)
			rec->flags |= FTRACE_FL_ENABLED;
		ftrace_stats.converted++;
		a->changed++;
	}
}

/* Point the call in ftrace_caller at func, which is passed op. */
static int ftrace_update_ftrace_func(ftrace_func_t func, struct ftrace_ops *op)
{
	unsigned long site = (unsigned long)ftrace_call;
	unsigned long stub = (unsigned long)ftrace_stub;
	int ret;

	/* Going from one direct callback to another: pass through the
	 * stub, so no NMI calls the old callback with the new ops. */
	if (ftrace_call_target != stub &&
	    ftrace_call_target != (unsigned long)ftrace_ops_list_func &&
	    op != saved_op) {
		ret = patch_call_site(site, &ftrace_call_target, stub);
		if (ret)
			return ret;
	}
	function_trace_op = op;
	smp_mb();
	ret = patch_call_site(site, &ftrace_call_target, (unsigned long)func);
	ftrace_stats.func_updates++;
	return ret;
}

/* Point the call in mcount at target: the stub, or the recorder. */
static int ftrace_mcount_set(unsigned long target)
{
	return patch_call_site((unsigned long)mcount_call, &mcount_call_target,
			       target);
}

static int __ftrace_modify_code(void *data)
{
	struct update_args *a = data;
	int ret = 0;

	if (a->cmd & FTRACE_CONVERT_NEW)
		convert_new(a);
	if (a->cmd & FTRACE_UPDATE_TRACE_FUNC)
		ret = ftrace_update_ftrace_func(a->func, a->op);
	if (a->cmd & FTRACE_ENABLE_CALLS)
		replace_code(a, true);
	else if (a->cmd & FTRACE_DISABLE_CALLS)
		replace_code(a, false);
	if (a->cmd & FTRACE_START_MCOUNT)
		ret |= ftrace_mcount_set((unsigned long)ftrace_record_ip);
	if (a->cmd & FTRACE_STOP_MCOUNT)
		ret |= ftrace_mcount_set((unsigned long)ftrace_stub);
	ftrace_arch_text_write_done();
	return ret;
}

/* Run one pass, with every other CPU stopped. ftrace_lock held. */
static int ftrace_run_update(unsigned cmd, ftrace_func_t func,
			     struct ftrace_ops *op)
{
	struct update_args a = { cmd, func, op, 0 };
	u64 t0 = arch_clock_ns();
	int ret;

	ret = stop_machine(__ftrace_modify_code, &a);
	ftrace_stats.last_ns = arch_clock_ns() - t0;
	ftrace_stats.last_cmd = cmd;
	ftrace_stats.last_changed = a.changed;
	ftrace_stats.passes++;
	ftrace_stats.changed_total += a.changed;
	if (cmd & FTRACE_UPDATE_TRACE_FUNC) {
		saved_func = func;
		saved_op = op;
	}
	report_failures();
	if (ret)
		printk("ftrace: patching an assembly call site failed (%d)\n",
		       ret);
	return ret;
}

/*
 * Bring the text in line with the registered ops: compute only the
 * command bits that something changed, and patch nothing otherwise.
 */
static int ftrace_update(unsigned extra)
{
	unsigned cmd = extra;
	ftrace_func_t func;
	struct ftrace_ops *op;
	bool any;

	choose_trace_func(&func, &op);
	if (func != saved_func || op != saved_op)
		cmd |= FTRACE_UPDATE_TRACE_FUNC;
	if (compute_refs(&any))
		cmd |= any ? FTRACE_ENABLE_CALLS : FTRACE_DISABLE_CALLS;
	if (!cmd)
		return 0;
	return ftrace_run_update(cmd, func, op);
}

/* ---- registration ---- */

static bool ops_is_dynamic(struct ftrace_ops *ops)
{
	return (char *)ops < _sdata || (char *)ops >= _edata;
}

int register_ftrace_function(struct ftrace_ops *ops)
{
	int ret;

	if (!ops->func)
		return -EINVAL;
	mutex_lock(&ftrace_lock);
	if (ops->flags & FTRACE_OPS_FL_ENABLED) {
		mutex_unlock(&ftrace_lock);
		return -EBUSY;
	}
	ops->flags |= FTRACE_OPS_FL_ENABLED;
	if (ops_is_dynamic(ops))
		ops->flags |= FTRACE_OPS_FL_DYNAMIC;
	ops->next = ftrace_ops_list;
	__atomic_store_n(&ftrace_ops_list, ops, __ATOMIC_RELEASE);
	ftrace_users++;
	ret = ftrace_update(0);
	mutex_unlock(&ftrace_lock);
	return ret;
}

int unregister_ftrace_function(struct ftrace_ops *ops)
{
	struct ftrace_ops **pp;
	int ret;

	mutex_lock(&ftrace_lock);
	for (pp = (struct ftrace_ops **)&ftrace_ops_list; *pp;
	     pp = &(*pp)->next)
		if (*pp == ops)
			break;
	if (!*pp) {
		mutex_unlock(&ftrace_lock);
		return -ENOENT;
	}
	__atomic_store_n(pp, ops->next, __ATOMIC_RELEASE);
	ftrace_users--;
	ret = ftrace_update(0);
	/* A CPU may still be walking the list with a pointer to ops. */
	ftrace_list_sync();
	ops->flags &= ~FTRACE_OPS_FL_ENABLED;
	mutex_unlock(&ftrace_lock);
	return ret;
}

/*
 * Build a new set from globs ("pat" adds, "!pat" removes), then swap it
 * in, re-patch if the ops is live, and free the old set once no CPU can
 * be reading it.
 */
static int set_hash(struct ftrace_ops *ops, const char *globs, bool reset,
		    bool is_notrace)
{
	struct ftrace_hash **slot = is_notrace ? &ops->notrace_hash
					       : &ops->filter_hash;
	struct ftrace_hash *old = *slot, *h;
	char pat[128];
	const char *p = globs;
	unsigned long *ips;
	unsigned n = 0, cap = (unsigned)ftrace_stats.sites + 1;
	int ret = 0;

	ips = kmalloc(cap * sizeof(unsigned long));
	if (!ips)
		return -ENOMEM;
	mutex_lock(&ftrace_lock);
	if (!reset && old)
		for (unsigned i = 0; i < old->size; i++)
			if (old->ips[i] && n < cap)
				ips[n++] = old->ips[i];
	while (*p) {
		size_t len = 0;
		bool neg;
		unsigned matched = 0;
		struct ftrace_page *pg;
		struct dyn_ftrace *rec;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		while (p[len] && p[len] != ' ' && p[len] != '\t' &&
		       p[len] != '\n')
			len++;
		if (len >= sizeof(pat)) {
			ret = -EINVAL;
			break;
		}
		memcpy(pat, p, len);
		pat[len] = 0;
		p += len;
		neg = pat[0] == '!';
		if (glob_check(pat + neg)) {
			ret = -EINVAL;
			break;
		}
		for_each_ftrace_rec(pg, rec)
		{
			const char *name = rec_name(rec);
			if (rec->flags & FTRACE_FL_FAILED)
				continue; /* never traced again */
			if (!name || !glob_match(pat + neg, name))
				continue;
			matched++;
			if (neg) {
				for (unsigned i = 0; i < n; i++)
					if (ips[i] == rec->ip)
						ips[i--] = ips[--n];
			} else {
				bool dup = false;
				for (unsigned i = 0; i < n && !dup; i++)
					dup = ips[i] == rec->ip;
				if (!dup && n < cap)
					ips[n++] = rec->ip;
			}
		}
		if (!matched && !neg) {
			ret = -ENOENT;
			break;
		}
	}
	if (ret)
		goto out;
	h = ftrace_hash_alloc(n);
	if (!h) {
		ret = -ENOMEM;
		goto out;
	}
	for (unsigned i = 0; i < n; i++)
		ftrace_hash_add(h, ips[i]);
	__atomic_store_n(slot, h, __ATOMIC_RELEASE);
	if (ops->flags & FTRACE_OPS_FL_ENABLED) {
		ret = ftrace_update(0);
		ftrace_list_sync();
	}
	kfree(old);
out:
	mutex_unlock(&ftrace_lock);
	kfree(ips);
	return ret;
}

int ftrace_set_filter(struct ftrace_ops *ops, const char *globs, bool reset)
{
	return set_hash(ops, globs, reset, false);
}

int ftrace_set_notrace(struct ftrace_ops *ops, const char *globs, bool reset)
{
	return set_hash(ops, globs, reset, true);
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
	ret = ftrace_update(extra);
	mutex_unlock(&ftrace_lock);
	return ret;
}

/* ---- record mode ---- */

/* Turn what the recorder saw into records, then NOPs; grow the table
 * when it fills. Runs in the ftraced thread. */
static void ftraced_pass(void)
{
	struct record_hash *h, *bigger = NULL;
	unsigned fresh = 0;
	bool any;

	mutex_lock(&ftrace_lock);
	h = record_hash;
	for (unsigned i = 0; i < h->size; i++) {
		unsigned long ip = h->ips[i];
		struct dyn_ftrace *rec;
		if (!ip || h->has_record[i])
			continue;
		rec = ftrace_alloc_rec(ip);
		if (!rec)
			break;
		rec->flags |= FTRACE_FL_NEW;
		h->has_record[i] = 1;
		fresh++;
	}
	if (!fresh) {
		if (!ftrace_stats.steady)
			printk("ftraced: steady state: %lu call sites "
			       "recorded, nothing left to patch\n",
			       ftrace_stats.sites);
		ftrace_stats.steady = true;
		mutex_unlock(&ftrace_lock);
		return;
	}
	ftrace_stats.steady = false;
	ftrace_stats.record_passes++;
	compute_refs(&any);
	ftrace_run_update(FTRACE_CONVERT_NEW, saved_func, saved_op);

	/* More than half full: double the table. Sites recorded into the
	 * old one meanwhile are lost and simply recorded again later. */
	if (h->count >= h->limit)
		bigger = ftrace_record_hash_alloc(h->size * 2);
	if (bigger) {
		ftrace_record_hash_copy(bigger, h);
		__atomic_store_n(&record_hash, bigger, __ATOMIC_SEQ_CST);
		/* Every CPU passes through an IPI, and no NMI runs, after
		 * the switch: nobody can still be reading the old table. */
		stop_machine(ftrace_nmi_wait_idle, NULL);
		ftrace_record_hash_free(h);
	}
	printk("ftraced: converted %u new call sites (%lu in all, %lu "
	       "slots)\n",
	       fresh, ftrace_stats.sites, ftrace_stats.record_slots);
	mutex_unlock(&ftrace_lock);
}

void ftrace_record_flush(void)
{
	if (ftrace_stats.record_mode)
		ftraced_pass();
}

static void ftraced(void *unused)
{
	for (;;) {
		/* At most once a second, as the design asks. */
		msleep(1000);
		ftraced_pass();
	}
}

/* ---- boot ---- */

static void damage_site(const char *func)
{
	struct dyn_ftrace *rec = find_rec_of(func);
	int ret;

	if (!rec) {
		printk("ftrace: ftrace_damage=%s: no such call site\n", func);
		return;
	}
	/* The arch knows what a bad patch or a stray write could leave
	 * there that its conversion must catch. */
	ret = ftrace_arch_damage_site(rec->ip);
	if (ret) {
		printk("ftrace: ftrace_damage=%s: cannot damage it (%d)\n",
		       func, ret);
		return;
	}
	printk("ftrace: test fault: damaged the call site of %s\n", func);
}

static void sort_ips(unsigned long *a, size_t n)
{
	/* Shell sort: no recursion, fine for a few thousand addresses. */
	for (size_t gap = n / 2; gap; gap /= 2)
		for (size_t i = gap; i < n; i++) {
			unsigned long v = a[i];
			size_t j = i;
			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
}

static void boot_convert(void)
{
	size_t n = (size_t)(__stop_mcount_loc - __start_mcount_loc);
	unsigned long *ips = kmalloc(n * sizeof(unsigned long) + 1);
	struct ftrace_page *pg;
	struct dyn_ftrace *rec;
	const char *damage = cmdline_get("ftrace_damage");
	u64 t0;

	if (!ips)
		panic("ftrace: no memory for %zu call sites", n);
	memcpy(ips, __start_mcount_loc, n * sizeof(unsigned long));
	sort_ips(ips, n);
	for (size_t i = 0; i < n; i++)
		if (!ftrace_alloc_rec(ips[i]))
			panic("ftrace: no memory for the call-site records");
	kfree(ips);
	printk("ftrace: allocating %lu entries in %lu pages\n",
	       ftrace_stats.sites, ftrace_stats.pages);
	if (damage)
		damage_site(damage);

	t0 = arch_clock_ns();
	for_each_ftrace_rec(pg, rec)
	{
		int ret = convert_site(rec->ip, false);

		if (ret)
			note_failure(rec, ret);
	}
	ftrace_arch_text_write_done();
	arch_sync_core();
	ftrace_stats.boot_convert_ns = arch_clock_ns() - t0;
	report_failures();
	printk("ftrace: converted %lu call sites in %llu us (%lu failed)\n",
	       ftrace_stats.sites,
	       (unsigned long long)(ftrace_stats.boot_convert_ns / 1000),
	       ftrace_stats.failed);
}

void ftrace_init(void)
{
	const char *mode;

	/* First: cmdline_get's answers share one buffer. */
	ftrace_arch_init();
	mode = cmdline_get("ftrace");
	ftrace_call_target = (unsigned long)ftrace_stub;
	mcount_call_target = (unsigned long)ftrace_stub;
	if (mode && !strcmp(mode, "record")) {
		int ret;

		ftrace_stats.record_mode = true;
		record_hash = ftrace_record_hash_alloc(256);
		if (!record_hash)
			panic("ftrace: no memory for the recorder");
		ret = ftrace_mcount_set((unsigned long)ftrace_record_ip);
		if (ret)
			panic("ftrace: cannot point mcount at the recorder "
			      "(%d)",
			      ret);
		ftrace_arch_text_write_done();
		arch_sync_core();
		printk("ftrace: record mode: %zu call sites in the build stay "
		       "calls; mcount records them as they run\n",
		       (size_t)(__stop_mcount_loc - __start_mcount_loc));
		return;
	}
	if (mode && strcmp(mode, "record"))
		printk("ftrace: unknown ftrace=%s ignored (try "
		       "ftrace=record)\n",
		       mode);
	boot_convert();
}

void ftrace_files_init(void);

void ftrace_late_init(void)
{
	const char *fw = cmdline_get("ftrace_failwrite");

	ftrace_files_init();
	if (ftrace_stats.record_mode &&
	    !kthread_create("ftraced", ftraced, NULL, -1))
		panic("ftrace: cannot start ftraced");
	if (fw) {
		struct dyn_ftrace *rec = find_rec_of(fw);
		if (rec) {
			/* Where the patcher writes, which on sh4's bra
			 * style is not the record's ip. */
			ftrace_fail_write_ip = ftrace_arch_patch_addr(rec->ip);
			printk("ftrace: test fault: writes to the call site of "
			       "%s will fail\n",
			       fw);
		} else {
			printk("ftrace: ftrace_failwrite=%s: no such call "
			       "site\n",
			       fw);
		}
	}
	if (cmdline_has("ftrace_selftest") &&
	    strcmp(cmdline_get("ftrace_selftest"), "0"))
		ftrace_selftest();
}
