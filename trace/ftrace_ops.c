/*
 * ftrace_ops.c - registering ftrace_ops and setting their filters, and the
 * list function that every enabled call site leads to when more than one
 * ops (or a dynamically allocated one) is registered.
 *
 * Built without -pg: the list function runs on every traced call and
 * would otherwise trace itself.
 */
#include "arch.h"
#include "asm/slowcall.h"
#include "ftrace_internal.h"
#include "percpu.h"
#include "smp.h"

extern char _sdata[], _edata[];

struct ftrace_ops *volatile ftrace_ops_list;
/* The ops ftrace_caller passes when it calls one ops' callback directly. */
struct ftrace_ops *function_trace_op;
unsigned ftrace_users;

/*
 * The list function's decisions, cached: which ops want an ip, worked out
 * once and kept until something changes what any ops wants. Every change
 * of the list or of an ops' sets bumps ops_gen (under ftrace_lock, after
 * the change is published); an entry of an older generation is stale.
 *
 * An entry holds the ops themselves, not their places in the list: a CPU
 * inside the list function that still reads an entry of the generation
 * before an unregistration calls the ops it held, exactly as a CPU still
 * walking the old list would, and unregistering waits for it as for that
 * one (ftrace_list_sync). An ip wanted by more ops than an entry holds is
 * not cached: the list is walked for it.
 */
#define LIST_CACHE_OPS 5
#define LIST_CACHE_SLOTS 8
struct list_cache_entry {
	unsigned long ip;
	unsigned long gen;
	/* The ops that want ip, in list order, up to a NULL. */
	struct ftrace_ops *ops[LIST_CACHE_OPS + 1];
} __aligned(64); /* a power of two: one shift finds an entry */
static unsigned long ops_gen = 1;

static void ops_changed(void)
{
	__atomic_store_n(&ops_gen, ops_gen + 1, __ATOMIC_SEQ_CST);
}

/*
 * Per CPU: which contexts are inside the list function now, one bit each
 * (thread, interrupt, NMI, so that an interrupt landing while a thread is
 * inside is traced rather than taken for recursion), kept in struct cpu
 * as list_q.depth, as fgraph.c does: unregistering waits until that is 0
 * or list_q.quiescent, the times the CPU came out entirely, moves. Each
 * context has its own cache slots: a context touches them only with its
 * bit set, so what nests inside it never sees them half written.
 */
struct ftrace_cpu {
	/* Each context's slots, one after the other. */
	struct list_cache_entry cache[FTRACE_CONTEXTS * LIST_CACHE_SLOTS];
	u64 recursion_skips;
} __aligned(2048); /* a power of two: one shift finds a CPU's */
static DEFINE_PER_CPU(struct ftrace_cpu, ftrace_cpu);

/* The slot of ip in the cache of the context whose bit is bit, on the
 * CPU whose struct is c. The context bits are 1, 2 and 4. */
static __always_inline struct list_cache_entry *
list_cache_slot(const struct cpu *c, unsigned bit, unsigned long ip)
{
	return &per_cpu(ftrace_cpu, c->id)
			.cache[(bit >> 1) * LIST_CACHE_SLOTS +
			       (ip >> 2) % LIST_CACHE_SLOTS];
}

/* Inline: the list function asks it for every ops it has not cached. */
static __always_inline bool ops_wants(struct ftrace_ops *ops, unsigned long ip)
{
	struct ftrace_hash *f, *n;

	if (ops->share)
		ops = ops->share;
	f = READ_ONCE(ops->filter_hash);
	n = READ_ONCE(ops->notrace_hash);

	if (f && f->count && !ftrace_hash_contains(f, ip))
		return false;
	return !ftrace_hash_contains(n, ip);
}

bool ftrace_ops_wants(struct ftrace_ops *ops, unsigned long ip)
{
	return ops_wants(ops, ip);
}

u64 ftrace_recursion_skips(void)
{
	u64 n = 0;

	for (unsigned cpu = 0; cpu < nr_cpus; cpu++)
		n += per_cpu(ftrace_cpu, cpu).recursion_skips;
	return n;
}

/*
 * Work out which ops want ip, into e; false when more do than it holds
 * (e is then left stale, and the caller walks the list). It and
 * list_walk() are slowcalls: the list function then holds across its
 * rare calls of them nothing but what it holds across the callbacks.
 */
static __used __slowpath unsigned long
list_cache_fill(struct list_cache_entry *e, unsigned long ip, unsigned long gen)
{
	unsigned n = 0;

	for (struct ftrace_ops *op = READ_ONCE(ftrace_ops_list); op;
	     op = READ_ONCE(op->next)) {
		if (!ops_wants(op, ip))
			continue;
		if (n == LIST_CACHE_OPS)
			return false;
		e->ops[n++] = op;
	}
	e->ops[n] = NULL;
	e->ip = ip;
	e->gen = gen;
	return true;
}

/* Every ops that wants ip, called: for an ip the cache cannot hold. */
static __used __slowpath void
list_walk(unsigned long ip, unsigned long parent_ip, unsigned long *ret_slot)
{
	for (struct ftrace_ops *op = READ_ONCE(ftrace_ops_list); op;
	     op = READ_ONCE(op->next))
		if (ops_wants(op, ip))
			op->func(ip, parent_ip, op, ret_slot);
}

/*
 * Preemption stays off throughout, and q.depth is non-zero while this CPU
 * is inside, so unregistering can wait until no CPU still holds a pointer
 * to the ops it removed (ftrace_list_sync).
 */
void ftrace_ops_list_func(unsigned long ip, unsigned long parent_ip,
			  struct ftrace_ops *unused, unsigned long *ret_slot)
{
	struct cpu *c = this_cpu();
	unsigned bit, in;
	unsigned long gen;
	struct list_cache_entry *e;
	struct ftrace_ops *const *op;

	hide_var(c); /* one register, not worked out again at each use */
	bit = ftrace_context_bit(c);
	in = c->list_q.depth;
	if (unlikely(in & bit)) {
		per_cpu(ftrace_cpu, c->id).recursion_skips++;
		return;
	}
	/*
	 * Only this CPU writes these, and whatever nests here (an interrupt,
	 * an NMI) puts each back as it found it before we go on: plain
	 * read-modify-writes suffice, no atomic is needed. The barriers
	 * order depth against the list and ops_gen: ftrace_list_sync must
	 * not see us outside while we read them.
	 */
	c->list_q.depth = in | bit;
	c->preempt_count++;
	smp_mb();
	gen = READ_ONCE(ops_gen);
	e = list_cache_slot(c, bit, ip);
	if (likely((e->ip == ip && e->gen == gen) ||
		   (bool)slowcall3(list_cache_fill, e, ip, gen))) {
		for (op = e->ops; *op; op++)
			(*op)->func(ip, parent_ip, *op, ret_slot);
	} else {
		slowcall3(list_walk, ip, parent_ip, ret_slot);
	}
	smp_mb();
	/* Found again, not held across the calls: the context, which
	 * whatever nested has left as it found it. */
	bit = ftrace_context_bit(c);
	c->preempt_count--;
	in = c->list_q.depth & ~bit;
	c->list_q.depth = in;
	if (!in)
		c->list_q.quiescent++;
}

/*
 * The full barrier orders the unlinking store before the loads of depth:
 * without it a CPU could be seen outside while it is entering with the
 * old list.
 */
void ftrace_quiesce_wait(struct ftrace_quiesce *(*of)(unsigned cpu))
{
	smp_mb();
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		struct ftrace_quiesce *q = of(cpu);
		unsigned long n =
			__atomic_load_n(&q->quiescent, __ATOMIC_SEQ_CST);

		while (__atomic_load_n(&q->depth, __ATOMIC_SEQ_CST) &&
		       __atomic_load_n(&q->quiescent, __ATOMIC_SEQ_CST) == n)
			arch_cpu_relax();
	}
}

static struct ftrace_quiesce *list_quiesce(unsigned cpu)
{
	return &per_cpu(cpus, cpu).list_q;
}

void ftrace_list_sync(void)
{
	ftrace_quiesce_wait(list_quiesce);
}

void ftrace_choose_trace_func(ftrace_func_t *func, struct ftrace_ops **op)
{
	struct ftrace_ops *list = ftrace_ops_list;

	*op = NULL;
	if (!ftrace_enabled || !list) {
		*func = (ftrace_func_t)ftrace_stub;
	} else if (!list->next && !(list->flags & (FTRACE_OPS_FL_DYNAMIC |
						   FTRACE_OPS_FL_VIA_LIST))) {
		/* One ops in the kernel's data: call it straight. */
		*func = list->func;
		*op = list;
	} else {
		*func = ftrace_ops_list_func;
	}
}

/* ---- registration ---- */

static bool ops_is_dynamic(struct ftrace_ops *ops)
{
	return (char *)ops < _sdata || (char *)ops >= _edata;
}

/* The sites an ops' coming or going can change: its filter, unless that
 * is empty (every function). */
static int update_for(struct ftrace_ops *ops)
{
	const struct ftrace_hash *only[1];

	if (ops->share)
		ops = ops->share;
	only[0] = ops->filter_hash;
	if (ops->filter_hash && ops->filter_hash->count)
		return ftrace_update(0, only, 1, NULL);
	return ftrace_update(0, NULL, 0, NULL);
}

static void unlink_ops(struct ftrace_ops *ops)
{
	struct ftrace_ops **pp;

	for (pp = (struct ftrace_ops **)&ftrace_ops_list; *pp;
	     pp = &(*pp)->next)
		if (*pp == ops) {
			__atomic_store_n(pp, ops->next, __ATOMIC_SEQ_CST);
			ops_changed();
			ftrace_users--;
			return;
		}
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
	ops_changed();
	ftrace_users++;
	ret = update_for(ops);
	if (ret) {
		/* Leave nothing behind: off the list, sites as before. */
		unlink_ops(ops);
		update_for(ops);
		ftrace_list_sync();
		ops->flags &= ~FTRACE_OPS_FL_ENABLED;
	}
	mutex_unlock(&ftrace_lock);
	return ret;
}

int unregister_ftrace_function(struct ftrace_ops *ops)
{
	int ret;

	mutex_lock(&ftrace_lock);
	if (!(ops->flags & FTRACE_OPS_FL_ENABLED)) {
		mutex_unlock(&ftrace_lock);
		return -ENOENT;
	}
	unlink_ops(ops);
	ret = update_for(ops);
	/* A CPU may still be walking the list with a pointer to ops. */
	ftrace_list_sync();
	ops->flags &= ~FTRACE_OPS_FL_ENABLED;
	mutex_unlock(&ftrace_lock);
	return ret;
}

/* ---- filters ---- */

/* Whether ops, or an ops that follows its sets, is registered. */
static bool hash_live(struct ftrace_ops *ops)
{
	if (ops->flags & FTRACE_OPS_FL_ENABLED)
		return true;
	for (struct ftrace_ops *op = ftrace_ops_list; op; op = op->next)
		if (op->share == ops)
			return true;
	return false;
}

/*
 * Swap the set h in, re-patch if the ops is live (looking only at the
 * sites the change can affect), and free the old set once no CPU can be
 * reading it. ftrace_lock held.
 */
static int install_hash(struct ftrace_ops *ops, struct ftrace_hash *h,
			bool is_notrace)
{
	struct ftrace_hash **slot = is_notrace ? &ops->notrace_hash
					       : &ops->filter_hash;
	struct ftrace_hash *old = *slot;
	int ret = 0;

	__atomic_store_n(slot, h, __ATOMIC_RELEASE);
	ops_changed();
	if (hash_live(ops)) {
		const struct ftrace_hash *both[2] = { old, h };
		/* A notrace change touches only the ips that left or came;
		 * so does a filter change between two non-empty sets. */
		bool narrow = is_notrace || (old && old->count && h->count);

		ret = ftrace_update(0, narrow ? both : NULL, 2, NULL);
		ftrace_list_sync();
	}
	kfree(old);
	return ret;
}

static int set_hash(struct ftrace_ops *ops, const char *globs, bool reset,
		    bool is_notrace)
{
	struct ftrace_hash *h;
	const char *bad;
	int ret;

	mutex_lock(&ftrace_lock);
	ret = ftrace_filter_build(is_notrace ? ops->notrace_hash
					     : ops->filter_hash,
				  reset, globs, &h, &bad);
	if (!ret)
		ret = install_hash(ops, h, is_notrace);
	mutex_unlock(&ftrace_lock);
	return ret;
}

int ftrace_set_filter_hash(struct ftrace_ops *ops, struct ftrace_hash *h)
{
	int ret;

	mutex_lock(&ftrace_lock);
	ret = install_hash(ops, h, false);
	mutex_unlock(&ftrace_lock);
	return ret;
}

int ftrace_filter_check(const char *globs, unsigned *count, const char **bad)
{
	struct ftrace_hash *h;
	int ret;

	mutex_lock(&ftrace_lock);
	ret = ftrace_filter_build(NULL, true, globs, &h, bad);
	mutex_unlock(&ftrace_lock);
	*count = h ? h->count : 0;
	kfree(h);
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

void ftrace_ops_free_hashes(struct ftrace_ops *ops)
{
	kfree(ops->filter_hash);
	kfree(ops->notrace_hash);
	ops->filter_hash = ops->notrace_hash = NULL;
}
