/*
 * ftrace_entry.c - the code that enabled call sites lead to: the list
 * function that walks every registered ftrace_ops, and the recorder of
 * record mode (the tables they look up are in ftrace_records.c). Built
 * without -pg: it runs on every traced call and would otherwise trace
 * itself.
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
 * Record mode: mcount calls this for every unconverted site, from any
 * context (even an NMI). The ip goes into the recorder's table without a
 * lock (ftrace_record_hash_insert), or is skipped while the table is as
 * full as allowed and recorded on a later call. The ftraced thread turns
 * what was recorded into records and NOPs.
 */
void ftrace_record_ip(unsigned long ip, unsigned long parent_ip,
		      struct ftrace_ops *unused)
{
	struct record_hash *h = READ_ONCE(record_hash);

	if (h)
		ftrace_record_hash_insert(h, ip);
}
