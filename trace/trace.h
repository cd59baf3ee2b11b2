/*
 * trace.h - the trace core the tracefs tracers share: the switch
 * tracing_on, the events they write into the ring buffer (in Linux's
 * layout, so that the raw pages read as Linux's), the filter every
 * function tracer follows (set_ftrace_filter), the options, the
 * iterator that prints the buffer, and error_log.
 *
 * A tracefs tracer (function, function_graph) is a struct tracer with
 * .tracefs set: current_tracer selects it, its callbacks write events
 * with trace_event_reserve() / trace_event_commit(), and the trace and
 * trace_pipe files print them through its print_line (or the core's
 * printer for the event's type).
 */
#ifndef TRACE_H
#define TRACE_H

#include "compiler.h"
#include "ftrace.h"
#include "percpu.h"
#include "ring_buffer.h"
#include "sched.h"
#include "seq_file.h"
#include "smp.h"
#include "tracer.h"
#include "types.h"

/* ---- events: Linux's type numbers and layouts ---- */

enum trace_type {
	TRACE_FN = 1,
	TRACE_PRINT = 5,
	TRACE_GRAPH_RET = 10,
	TRACE_GRAPH_ENT = 11,
};

/* What every event starts with (Linux's common_* fields). */
struct trace_entry {
	u16 type;
	u8 flags; /* TRACE_FLAG_* */
	u8 preempt_count; /* preempt depth of the traced code */
	s32 pid; /* thread id; 0 for a CPU's idle thread */
};

/* common_flags bits, as Linux numbers them. */
#define TRACE_FLAG_IRQS_OFF 0x01
#define TRACE_FLAG_NEED_RESCHED 0x04
#define TRACE_FLAG_HARDIRQ 0x08
#define TRACE_FLAG_SOFTIRQ 0x10
#define TRACE_FLAG_NMI 0x40

struct ftrace_entry {
	struct trace_entry ent;
	unsigned long ip;
	unsigned long parent_ip;
};

/* trace_marker: the text (NUL-terminated) follows. */
struct print_entry {
	struct trace_entry ent;
	unsigned long ip;
	char buf[];
};

struct ftrace_graph_ent_entry {
	struct trace_entry ent;
	unsigned long func;
	int depth;
};

struct ftrace_graph_ret_entry {
	struct trace_entry ent;
	unsigned long func;
	int depth;
	unsigned overrun;
	u64 calltime;
	u64 rettime;
};

/* The longest trace_marker text kept (Linux cuts at 1 KiB too). */
#define TRACE_MARKER_MAX 1024

/* ---- recording ---- */

/*
 * tracing_on: whether events are recorded at all. Off, the hooks stay
 * and each event costs a load and a branch. tracing_off() is safe from
 * any context (the traceoff trigger calls it from a traced function).
 */
extern bool trace_recording;
static __always_inline bool tracing_is_on(void)
{
	return READ_ONCE(trace_recording);
}
void tracing_on(void);
void tracing_off(void);

/*
 * Fill in e's common fields for the code being traced on c by thread
 * tid: type, the flags, the preempt depth and the thread id. Tracer callbacks
 * that raise preempt_count themselves pass how much they added in extra.
 * Field by field: four stores cost less than packing one word.
 */
_Static_assert((HARDIRQ_MASK | NMI_MASK) == 0xff0000,
	       "trace_irq_flags indexes preempt_count's bits 16-23");
_Static_assert(PREEMPT_MASK == 0xff,
	       "trace_preempt_depth indexes preempt_count's bits 0-7");
extern const u8 trace_irq_flags[256];
/* The depth field has four bits: deeper nesting shows as the most. */
#define TRACE_PREEMPT_DEPTH_MAX 15
extern const u8 trace_preempt_depth[256]; /* MIN(i, 15) */
static __always_inline void trace_entry_fill(struct trace_entry *e,
					     struct cpu *c, int tid, u16 type,
					     unsigned extra)
{
	unsigned pc = (unsigned)c->preempt_count, flags;

	/* The hardirq and NMI counts sit side by side: their flags are
	 * one table load, not two tests; so is the clamped depth. */
	flags = trace_irq_flags[(u8)(pc >> 16)];
	flags |= (unsigned)!arch_irqs_enabled() * TRACE_FLAG_IRQS_OFF;
	flags |= (unsigned)c->need_resched * TRACE_FLAG_NEED_RESCHED;

	e->type = type;
	e->flags = (u8)flags;
	/* Indexed so that the extra folds into the load's displacement. */
	e->preempt_count = (trace_preempt_depth + (u8)pc)[-(int)extra];
	e->pid = tid;
}

/*
 * Reserve an event of size bytes (struct trace_entry included) on this
 * CPU's buffer and fill in its trace_entry (type, the context as
 * trace_entry_fill() takes them, the current thread's id). NULL when
 * tracing is off, this CPU is not in tracing_cpumask (its buffer takes
 * nothing), or the buffer refused it (counted there). Preemption
 * must be off; commit with trace_event_commit() on the same CPU.
 * __trace_event_reserve is the same, inline, for a callback that has
 * the CPU at hand already and has checked tracing_is_on();
 * __trace_event_reserve_at stamps the event ts, a time just read (see
 * ring_buffer_reserve_at()).
 */
/* Note the current thread's name for cpu's events; its id. */
__slowpath int trace_save_cmdline(struct cpu *c);

static __always_inline void *__trace_event_reserve_at(struct cpu *c, u64 ts,
						      u16 type, unsigned size,
						      unsigned extra)
{
	struct trace_entry *e;
	struct thread *t;
	int tid;

	e = ring_buffer_reserve_at(c, ts, size);
	if (!e)
		return NULL;
	t = c->current;
	if (likely(c->trace_last_recorded == t))
		tid = t->tid;
	else
		tid = (int)slowcall1(trace_save_cmdline, c);
	/* The context is read only now: across the reservation it would
	 * hold registers. */
	trace_entry_fill(e, c, tid, type, extra);
	return e;
}
static __always_inline void *
__trace_event_reserve(struct cpu *c, u16 type, unsigned size, unsigned extra)
{
	return __trace_event_reserve_at(c, arch_clock_ns(), type, size, extra);
}
void *trace_event_reserve(u16 type, unsigned size, unsigned extra);
static __always_inline void trace_event_commit(void)
{
	ring_buffer_commit();
}
/* The same for a callback that has this CPU's struct at hand. */
static __always_inline void trace_event_commit_on(struct cpu *c)
{
	ring_buffer_commit_on(c);
}

/* set_ftrace_pid: false when a thread list is set and the current
 * thread is not on it. */
extern const int *volatile trace_pid_list; /* NULL: every thread */
__slowpath unsigned long trace_pid_wanted_slow(void);

/*
 * Whether the tracers record now: tracing_on, and the current thread on
 * set_ftrace_pid's list. Both live in trace_gate, 0 when every thread
 * records, so that the usual case is one load and a branch.
 */
#define TRACE_GATE_OFF 1 /* tracing_on is 0 */
#define TRACE_GATE_PID 2 /* a thread list is set */
extern u8 trace_gate;
static __always_inline bool trace_may_record(void)
{
	u8 gate = READ_ONCE(trace_gate);

	if (likely(!gate))
		return true;
	return !(gate & TRACE_GATE_OFF) &&
	       (bool)slowcall0(trace_pid_wanted_slow);
}

/*
 * The ftrace_ops whose filter and notrace sets are set_ftrace_filter's
 * and set_ftrace_notrace's. The function tracer registers it with its
 * callback; other users of those sets (function_graph, the profiler)
 * register their own ops with .share = &trace_global_ops.
 */
extern struct ftrace_ops trace_global_ops;

/* The thread name last seen with pid, for the output ("<...>" if none). */
void trace_find_cmdline(int pid, char *comm);

/* ---- options (trace_options, options/) ---- */

/* The core's options, as Linux orders and names them. */
enum trace_iter_flag {
	TRACE_ITER_PRINT_PARENT,
	TRACE_ITER_SYM_OFFSET,
	TRACE_ITER_SYM_ADDR,
	TRACE_ITER_CONTEXT_INFO,
	TRACE_ITER_RECORD_CMD,
	TRACE_ITER_OVERWRITE,
	TRACE_ITER_IRQ_INFO,
	TRACE_ITER_MARKERS,
	TRACE_ITER_FUNCTION_TRACE,
	TRACE_ITER_NR
};
extern unsigned long trace_flags;
static __always_inline bool trace_option(enum trace_iter_flag f)
{
	return READ_ONCE(trace_flags) & (1UL << f);
}

/*
 * A tracer's own options (funcgraph-*): each a bit of *tracer->opt_flags,
 * named in tracer->opts (ended by a NULL name). They show in options/
 * always and in trace_options while their tracer is current.
 * tracer->set_flag, if any, may refuse a change (-errno).
 */
struct tracer_opt {
	const char *name;
	unsigned long bit;
};

/* ---- printing ---- */

/* One event as the printers get it. */
struct trace_iterator {
	struct seq_file *seq; /* print with seq_printf(iter->seq, ...) */
	const struct tracer *tracer;
	unsigned cpu;
	u64 ts; /* ns */
	struct trace_entry *ent; /* the event's data */
	unsigned ent_size;
	bool consuming; /* trace_pipe: events are taken as printed */
	void *private; /* the tracer's, from its open to its close */
	/* the core's: where events come from */
	void *src;
};

enum print_line_t {
	TRACE_TYPE_HANDLED,
	TRACE_TYPE_UNHANDLED, /* let the core print it */
};

/*
 * The next event on iter->cpu after the one being printed, without
 * taking it: NULL when there is none yet. trace_iter_take_peeked()
 * then takes it too (function_graph prints an entry and its return
 * as one line "func();").
 */
struct trace_entry *trace_iter_peek(struct trace_iterator *iter, u64 *ts);
void trace_iter_take_peeked(struct trace_iterator *iter);

/* Linux's latency columns for ent ("d.h1." and the like), 5 chars. */
void trace_print_lat_fmt(struct seq_file *m, const struct trace_entry *ent);
/* ts as "%5llu.%06llu" seconds, to the nearest microsecond (Linux's
 * timestamp column, and its stats' times); trace_print_ts_trunc()
 * drops the nanoseconds instead, as error_log does. */
void trace_print_ts(struct seq_file *m, u64 ts);
void trace_print_ts_trunc(struct seq_file *m, u64 ts);
/*
 * A duration as function_graph and the profiler show it: "1.242 us "
 * padded to Linux's column width, fewer decimals for longer times.
 */
void trace_print_graph_duration(struct seq_file *m, u64 ns);
/* A symbol as sym-offset and sym-addr ask (Linux's %ps with options). */
void trace_print_sym(struct seq_file *m, unsigned long addr);

/* ---- error_log ---- */

/*
 * One line in error_log: where (e.g. "set_ftrace_filter"), what was
 * wrong, the command as written, and the byte offset of the bad token
 * in it (for the caret). The newest TRACE_ERR_LOG_MAX entries are kept.
 */
#define TRACE_ERR_LOG_MAX 16
void trace_error_log(const char *loc, const char *msg, const char *cmd,
		     unsigned pos);

/* ---- tracefs ---- */

#define TRACEFS "/sys/kernel/tracing/"

/* The current tracefs tracer (nop when none). */
const struct tracer *trace_current_tracer(void);

#endif
