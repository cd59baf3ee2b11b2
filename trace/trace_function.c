/*
 * trace_function.c - the function tracer: one event per traced call,
 * the function and its caller, on the functions set_ftrace_filter and
 * set_ftrace_notrace select. It registers the core's static ops
 * (trace_global_ops), so that with no other user ftrace_caller calls its
 * callback directly, without the list function.
 *
 * Built without -pg: its callback runs inside every traced call.
 */
#include "smp.h"
#include "trace.h"

/* One event: what it costs is the tracer's cost (make bench). */
static void function_trace_call(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op, unsigned long *ret_slot)
{
	struct cpu *c;
	struct ftrace_entry *e;

	if (!trace_may_record())
		return;
	/* No preemption until the commit: a resizer or reset waits, on any
	 * CPU, for the writers inside to leave, and one preempted there
	 * could wait for ever. Threads never migrate, so this CPU's count
	 * is the one to raise. */
	c = this_cpu();
	c->preempt_count++;
	barrier();
	e = __trace_event_reserve(c, TRACE_FN, sizeof(*e), 1);
	if (e) {
		e->ip = ip;
		e->parent_ip = parent_ip;
		trace_event_commit_on(c);
	}
	barrier();
	c->preempt_count--;
}

static int function_start(const char *filter)
{
	if (!trace_option(TRACE_ITER_FUNCTION_TRACE))
		return 0;
	trace_global_ops.func = function_trace_call;
	return register_ftrace_function(&trace_global_ops);
}

static void function_stop(void)
{
	if (trace_global_ops.flags & FTRACE_OPS_FL_ENABLED)
		unregister_ftrace_function(&trace_global_ops);
}

static void function_reset(void)
{
}

TRACER(function, .name = "function",
       .help = "each call: the function and its caller",
       .start = function_start, .stop = function_stop, .reset = function_reset,
       .tracefs = true);
