/*
 * ftrace.h - dynamic function tracing as the rest of the kernel sees it:
 * boot hooks, the NMI hooks, and ftrace_ops, through which a tracer asks
 * for a callback on entry to the functions its filter selects.
 */
#ifndef FTRACE_H
#define FTRACE_H

#include "compiler.h"
#include "types.h"

struct ftrace_ops;

/* ip: the call site in the traced function; parent_ip: where that
 * function will return to; ret_slot: the stack slot that address is in,
 * which the return hook redirects (trace/fgraph.c). */
typedef void (*ftrace_func_t)(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *op, unsigned long *ret_slot);

/* A set of call-site addresses (open addressing; 0 marks a free slot). */
struct ftrace_hash {
	unsigned size; /* slots, a power of two */
	unsigned count;
	unsigned long ips[];
};

#define FTRACE_OPS_FL_ENABLED (1UL << 0) /* registered */
#define FTRACE_OPS_FL_DYNAMIC (1UL << 1) /* not in the kernel's data */
/* Called through the list function even when alone, so that
 * ftrace_list_sync() also waits for its callback (as for a dynamic ops). */
#define FTRACE_OPS_FL_VIA_LIST (1UL << 2)

struct ftrace_ops {
	ftrace_func_t func;
	const char *name;
	unsigned long flags;
	/*
	 * Replaced whole (never edited in place) so the tracing path can
	 * read them without a lock; NULL or empty filter means every
	 * function; notrace wins over filter.
	 */
	struct ftrace_hash *filter_hash;
	struct ftrace_hash *notrace_hash;
	/*
	 * NULL, or the ops whose filter and notrace sets this one follows
	 * instead of its own (set_ftrace_filter's, for every function
	 * tracer); setting those re-patches for this ops too.
	 */
	struct ftrace_ops *share;
	struct ftrace_ops *next;
	void *private;
};

int register_ftrace_function(struct ftrace_ops *ops);
/* Returns only when no CPU can still be calling ops->func. */
int unregister_ftrace_function(struct ftrace_ops *ops);
/*
 * Set the filter (or notrace set) from space-separated glob patterns;
 * "!pat" removes what pat matches; reset starts from the empty set.
 * Returns 0, -EINVAL for a malformed pattern, -ENOENT when a pattern
 * matches no traceable function (nothing is changed then), -ENOMEM.
 */
int ftrace_set_filter(struct ftrace_ops *ops, const char *globs, bool reset);
int ftrace_set_notrace(struct ftrace_ops *ops, const char *globs, bool reset);
/* Free an ops' filter sets (after unregistering). */
void ftrace_ops_free_hashes(struct ftrace_ops *ops);
bool ftrace_ops_wants(struct ftrace_ops *ops, unsigned long ip);

/* Boot: find and NOP every call site (before other CPUs start). */
void ftrace_init(void);
/* After SMP bring-up: self-test, record-mode thread. */
void ftrace_late_init(void);

/* First and last acts of every NMI handler (the handshake, docs/nmi.md). */
void ftrace_nmi_enter(void);
void ftrace_nmi_exit(void);

/* The body of an NMI, after the handshake: the watchdog's traced work. */
void nmi_handler(void);
/* How many times nmi_handler() has run on cpu: the watchdog's beats. */
u64 nmi_watchdog_beats(unsigned cpu);

/*
 * The return hook's per-thread state (trace/fgraph.c): the scheduler
 * calls the first for each new thread (it gets a return stack once the
 * hook has been used) and the second when a dead thread is freed.
 */
struct thread;
void ftrace_graph_init_thread(struct thread *t);
void ftrace_graph_exit_thread(struct thread *t);

/* The global switch, /proc/sys/kernel/ftrace_enabled. */
int ftrace_set_enabled(bool on);
extern bool ftrace_enabled;

#endif
