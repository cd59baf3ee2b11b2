/*
 * trace_graph.h - how function_graph prints its events, line by line in
 * Linux's layout: the column headers each funcgraph-* option gives,
 * "func() {", "func();" for a leaf, "}" with the call's duration and its
 * + ! # * @ $ mark, trace_marker text as a comment, and the banner where
 * a CPU switches threads. Pure formatting, host-tested.
 */
#ifndef TRACE_GRAPH_H
#define TRACE_GRAPH_H

#include "fgraph.h"
#include "trace.h"

/* The funcgraph-* options, bits of the tracer's opt_flags (Linux's). */
#define TRACE_GRAPH_PRINT_OVERRUN 0x1
#define TRACE_GRAPH_PRINT_CPU 0x2
#define TRACE_GRAPH_PRINT_OVERHEAD 0x4
#define TRACE_GRAPH_PRINT_PROC 0x8
#define TRACE_GRAPH_PRINT_DURATION 0x10
#define TRACE_GRAPH_PRINT_ABS_TIME 0x20
#define TRACE_GRAPH_PRINT_IRQS 0x80
#define TRACE_GRAPH_PRINT_TAIL 0x100
/* What Linux starts with: cpu, overhead, duration, irqs. */
#define TRACE_GRAPH_PRINT_DEFAULT                             \
	(TRACE_GRAPH_PRINT_CPU | TRACE_GRAPH_PRINT_OVERHEAD | \
	 TRACE_GRAPH_PRINT_DURATION | TRACE_GRAPH_PRINT_IRQS)

/* Spaces of indent per level of depth. */
#define TRACE_GRAPH_INDENT 2
/* The longest thread name printed (Linux cuts at 7). */
#define TRACE_GRAPH_COMM_MAX 7

/* What one read of the trace remembers per CPU from line to line. */
struct graph_cpu_state {
	int depth; /* where a comment goes: inside the last open call */
	int last_pid; /* the thread of the last line; -1 before any */
	/* the function of each open "{", to match its "}" */
	unsigned long enter_funcs[FGRAPH_DEPTH];
};
void graph_state_init(struct graph_cpu_state *st);

/* One event's line, and what it is printed with. */
struct graph_line {
	struct seq_file *m;
	unsigned flags; /* TRACE_GRAPH_PRINT_* */
	bool context_info; /* the core's context-info option */
	unsigned cpu;
	unsigned cpu_digits; /* of the highest CPU number */
	u64 ts; /* the event's time stamp, ns */
	int pid; /* its thread */
	struct graph_cpu_state *st; /* iter->cpu's */
	/* the name of thread pid (trace_find_cmdline) */
	void (*find_comm)(int pid, char *comm);
};

/* The two column lines under "# tracer: function_graph" and "#". */
void graph_print_header(struct seq_file *m, unsigned flags, bool context_info);
/*
 * An entry: "func() {", or with leaf (its return, the next event of the
 * same thread on that CPU) the one line "func();" with the duration.
 */
void graph_print_entry(struct graph_line *l,
		       const struct ftrace_graph_ent_entry *e,
		       const struct ftrace_graph_ret_entry *leaf);
/* A return: "}" (or "} /- func -/" when its entry is not in view). */
void graph_print_return(struct graph_line *l,
			const struct ftrace_graph_ret_entry *r);
/* A trace_marker write (n bytes of text), as "/- text -/" inside the
 * open call. */
void graph_print_comment(struct graph_line *l, const char *text, size_t n);

/* The mark for a duration: '$' over 1 s ... '+' over 10 us, else ' '. */
char graph_duration_mark(u64 ns);

#endif
