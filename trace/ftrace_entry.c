/*
 * ftrace_entry.c - the code that enabled call sites lead to: the list
 * function that walks every registered ftrace_ops, the recorder of record
 * mode, and the filter lookups they use. Built without -pg: it runs on
 * every traced call and would otherwise trace itself.
 */
#include "arch.h"
#include "ftrace_internal.h"
#include "smp.h"

ftrace_func_t ftrace_trace_function = (ftrace_func_t)ftrace_stub;
/* The ops ftrace_caller passes when it calls one ops' callback directly. */
struct ftrace_ops *function_trace_op;
struct ftrace_ops *volatile ftrace_ops_list;
struct ftrace_cpu ftrace_cpus[NR_CPUS];
struct record_hash *volatile record_hash;

static inline unsigned hash_ip(unsigned long ip)
{
	return (unsigned)(ip >> 1) * 0x9e3779b1u;
}

bool ftrace_hash_contains(const struct ftrace_hash *h, unsigned long ip)
{
	unsigned mask, i;

	if (!h || !h->count)
		return false;
	mask = h->size - 1;
	for (i = hash_ip(ip) & mask;; i = (i + 1) & mask) {
		if (h->ips[i] == ip)
			return true;
		if (!h->ips[i])
			return false;
	}
}

bool ftrace_ops_wants(struct ftrace_ops *ops, unsigned long ip)
{
	struct ftrace_hash *f = READ_ONCE(ops->filter_hash);
	struct ftrace_hash *n = READ_ONCE(ops->notrace_hash);

	if (f && f->count && !ftrace_hash_contains(f, ip))
		return false;
	return !ftrace_hash_contains(n, ip);
}

/*
 * Used when more than one ops is registered, or any dynamically allocated
 * one. Preemption stays off throughout, and list_seq is odd while we are
 * inside, so unregistering can wait until no CPU still holds a pointer to
 * the ops it removed (ftrace_list_sync).
 */
void ftrace_ops_list_func(unsigned long ip, unsigned long parent_ip,
			  struct ftrace_ops *unused)
{
	unsigned cpu = arch_cpu_id();
	struct ftrace_cpu *fc = &ftrace_cpus[cpu];
	struct ftrace_ops *op;

	if (fc->recursion) {
		fc->recursion_skips++;
		return;
	}
	fc->recursion = 1;
	cpus[cpu].preempt_count++;
	__atomic_fetch_add(&fc->list_seq, 1, __ATOMIC_SEQ_CST);
	for (op = READ_ONCE(ftrace_ops_list); op; op = READ_ONCE(op->next))
		if (ftrace_ops_wants(op, ip))
			op->func(ip, parent_ip, op);
	__atomic_fetch_add(&fc->list_seq, 1, __ATOMIC_SEQ_CST);
	cpus[cpu].preempt_count--;
	fc->recursion = 0;
}

/* Wait until every CPU has been outside the list function at least once
 * since the caller unlinked an ops. */
void ftrace_list_sync(void)
{
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		unsigned long seq = __atomic_load_n(&ftrace_cpus[cpu].list_seq,
						    __ATOMIC_SEQ_CST);
		if (!(seq & 1))
			continue;
		while (__atomic_load_n(&ftrace_cpus[cpu].list_seq,
				       __ATOMIC_SEQ_CST) == seq)
			arch_cpu_relax();
	}
}

/*
 * Record mode: mcount calls this for every unconverted site. New sites go
 * into an open-addressing table, claimed with one compare-and-swap so any
 * context (even an NMI) may record; when the table is as full as allowed
 * the site is skipped and recorded on a later call. The ftraced thread
 * turns what was recorded into records and NOPs.
 */
void ftrace_record_ip(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *unused)
{
	struct record_hash *h = READ_ONCE(record_hash);
	unsigned mask, i, probes;

	if (!h)
		return;
	mask = h->size - 1;
	for (i = hash_ip(ip) & mask, probes = 0; probes < h->size;
	     i = (i + 1) & mask, probes++) {
		unsigned long cur = h->ips[i];
		if (cur == ip)
			return;
		if (cur)
			continue;
		if (__atomic_load_n(&h->count, __ATOMIC_RELAXED) >= h->limit) {
			__atomic_fetch_add(&ftrace_stats.record_skipped, 1,
					   __ATOMIC_RELAXED);
			return;
		}
		if (__atomic_compare_exchange_n(&h->ips[i], &cur, ip, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST)) {
			__atomic_fetch_add(&h->count, 1, __ATOMIC_RELAXED);
			__atomic_fetch_add(&ftrace_stats.recorded, 1,
					   __ATOMIC_RELAXED);
			return;
		}
		if (cur == ip)
			return;	/* another CPU recorded it just now */
	}
}
