/*
 * fgraph.h - the return hook: a graph user (the function_graph tracer, the
 * function profiler) is told when a function it selects is entered and,
 * if it asks, when that same call returns. The hook keeps a return stack
 * per thread; interrupts and NMIs push onto the stack of the thread they
 * interrupted, so their calls nest inside the interrupted one.
 */
#ifndef FGRAPH_H
#define FGRAPH_H

#include "ftrace.h"
#include "types.h"

/* Graph users registered at once (the tracer and the profiler). */
#define FGRAPH_MAX_OPS 2
/* Calls deep a thread's return stack goes; deeper calls are not hooked
 * and counted as overrun. */
#define FGRAPH_DEPTH 50

/* The slot of the (one) user that brings its own hook. */
#define FGRAPH_OWN_HOOK_SLOT 0

/* Words of per-thread state each user has (ftrace_graph_ent.data). */
#define FGRAPH_DATA_WORDS 2

/*
 * depth: how many calls of this thread the user hooked that are pending
 * (0 for the outermost); an interrupt's calls count on from the
 * interrupted thread's. data: the user's FGRAPH_DATA_WORDS words for the
 * current thread (its interrupts share them), zero at each registration.
 */
struct ftrace_graph_ent {
	unsigned long func; /* the call site's ip, as ftrace_ops see it */
	int depth;
	unsigned long *data;
};

struct ftrace_graph_ret {
	unsigned long func;
	int depth;
	unsigned overrun; /* calls of this thread the user wanted that could
			   * not be hooked, so far */
	u64 calltime, rettime; /* arch_clock_ns() at entry and return */
	unsigned long *data;
};

struct fgraph_ops;
/* Entry: 1 to hook this call's return, 0 not to. */
typedef int (*trace_func_graph_ent_t)(struct ftrace_graph_ent *trace,
				      struct fgraph_ops *gops);
typedef void (*trace_func_graph_ret_t)(struct ftrace_graph_ret *trace,
				       struct fgraph_ops *gops);

/*
 * Both callbacks run with preemption off (preempt_count one above the
 * traced code's) and may nest in themselves from interrupts and NMIs;
 * they and all they call must be notrace. retfunc is called only for
 * calls whose entryfunc returned 1, while gops is still registered.
 */
struct fgraph_ops {
	trace_func_graph_ent_t entryfunc;
	trace_func_graph_ret_t retfunc;
	/* Which functions: its filter and notrace sets, or .share (see
	 * trace/trace.h). Its func is the core's. */
	struct ftrace_ops ops;
	void *private;
	/*
	 * Optional: the user's own whole hook, built from fgraph_hook.h and
	 * doing what the two callbacks do, with them inline. hook_entry is
	 * then its ops' func (it must join a frame hooked already through
	 * fgraph_entry_unusual(), as the core's entry does); hook_return is
	 * the return half while it is the only user registered (a frame it
	 * did not hook alone it must pass to ftrace_return_to_handler()).
	 */
	ftrace_func_t hook_entry;
	unsigned long (*hook_return)(unsigned long sp);
	/* Such a user's slot is always FGRAPH_OWN_HOOK_SLOT (idx), so that
	 * its hook finds its words at fixed places. */
	int idx; /* the core's: its slot while registered */
};

/*
 * Start calling gops' callbacks for the functions gops->ops selects.
 * 0, -EBUSY (gops is registered, or FGRAPH_MAX_OPS others are), -ENOMEM,
 * or the error of register_ftrace_function().
 */
int register_ftrace_graph(struct fgraph_ops *gops);
/*
 * Stop: returns once no CPU can still be in gops' callbacks. Returns of
 * calls it hooked that are still pending go to no callback.
 */
void unregister_ftrace_graph(struct fgraph_ops *gops);

/* Returns once every callback running when it was called has ended
 * (before freeing what callbacks read). */
void ftrace_graph_sync(void);

/* Whether gops is registered now. */
bool ftrace_graph_registered(const struct fgraph_ops *gops);

/*
 * The current thread's calls gops wanted but that were not hooked because
 * its return stack was full, since gops registered (what
 * ftrace_graph_ret.overrun carries).
 */
unsigned ftrace_graph_overrun(const struct fgraph_ops *gops);
/* The current thread's hooked calls now pending (0 outside any). */
int ftrace_graph_depth(void);
#endif
