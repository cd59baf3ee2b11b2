/*
 * fgraph_hook.h - the return hook's inside (trace/fgraph.c), for a graph
 * user that brings its own whole hook: the return stack, the per-CPU
 * guards and the frame push and pop, inline. The generic hook calls each
 * user's callbacks through pointers and finds the CPU, the thread and
 * the time again in each; a user that is alone (the function_graph
 * tracer) builds its two halves from these pieces with its recording
 * inline, so that each half reads them once.
 */
#ifndef FGRAPH_HOOK_H
#define FGRAPH_HOOK_H

#include "arch.h"
#include "asm/slowcall.h"
#include "fgraph.h"
#include "ftrace_internal.h"
#include "sched.h"
#include "smp.h"

struct fgraph_frame {
	unsigned long ret; /* the original return address */
	unsigned long func;
	unsigned long *retp; /* the slot it was in */
	u64 calltime;
	unsigned users; /* bit i: fgraph_array[i] hooked this call */
};

/*
 * A thread's return stack (thread->trace_data). Each user counts its own
 * depth (the calls it hooked that are pending), so that one user's
 * frames do not indent the other's; gen[i] says which registration of
 * slot i depth[i] and data[i] belong to (they start afresh with a new
 * one).
 */
struct fgraph_stack {
	int top; /* frames in use */
	int depth[FGRAPH_MAX_OPS];
	unsigned overrun[FGRAPH_MAX_OPS]; /* calls it wanted but could not
					   * hook: the stack was full */
	unsigned gen[FGRAPH_MAX_OPS];
	unsigned long data[FGRAPH_MAX_OPS][FGRAPH_DATA_WORDS];
	struct fgraph_frame frames[FGRAPH_DEPTH];
};

/*
 * Per CPU (in struct cpu): the contexts inside either half of the hook
 * now, one bit each (thread, interrupt, NMI, so that an interrupt landing
 * in it is hooked rather than taken for recursion), kept as
 * fgraph_q.depth, so that neither half is entered again from inside
 * either: a traced function that a callback reaches is not hooked, nor
 * one that an interrupt's tail runs, after its hardirq count is gone, in
 * the context of the thread it interrupted. Unregistering waits until
 * that word is 0 or fgraph_q.quiescent, the times the CPU came out of a
 * return half entirely, moves (the entry half is an ftrace_ops callback,
 * which unregistering the ops already waits for).
 */

extern struct fgraph_ops *volatile fgraph_array[FGRAPH_MAX_OPS];
extern unsigned fgraph_gen[FGRAPH_MAX_OPS]; /* registrations of each slot */

/* The current thread's return stack, or NULL. */
static __always_inline struct fgraph_stack *stack_of(struct cpu *c)
{
	struct thread *t = c->current;

	return t ? t->trace_data : NULL;
}

/* Where a half of the hook runs: this CPU's struct cpu, the current
 * thread's return stack (or NULL) and the context's bit. */
struct fgraph_here {
	struct cpu *c;
	struct fgraph_stack *st;
	unsigned bit;
};

static __always_inline void fgraph_here(struct fgraph_here *h)
{
	h->c = this_cpu();
	/* Kept in a register, not worked out again from cpu at each use. */
	hide_var(h->c);
	h->st = stack_of(h->c);
	h->bit = ftrace_context_bit(h->c);
}

/* Slot i of st as its current registration sees it. */
static __always_inline void user_sync(struct fgraph_stack *st, unsigned i)
{
	unsigned gen = READ_ONCE(fgraph_gen[i]);

	if (unlikely(st->gen[i] != gen)) {
		st->depth[i] = 0;
		st->overrun[i] = 0;
		for (unsigned w = 0; w < FGRAPH_DATA_WORDS; w++)
			st->data[i][w] = 0;
		st->gen[i] = gen;
	}
}

/*
 * The entry half's guard, in context bit of this CPU: false (and nothing
 * changed) if either half is running in this context already. Preemption
 * stays off until fgraph_entry_leave(): the frame is half made meanwhile,
 * and the bits are this CPU's, not the thread's (a thread preempted
 * holding one would shut every other thread on the CPU out of the hook).
 * Only this CPU writes the word; anything nesting restores it before we
 * go on.
 */
static __always_inline bool fgraph_entry_enter(struct cpu *c, unsigned bit)
{
	unsigned in;

	c->preempt_count++;
	barrier();
	in = c->fgraph_q.depth;
	if (unlikely(in & bit)) {
		barrier();
		c->preempt_count--;
		return false;
	}
	/* No barrier: unregistering waits for the entry half through its
	 * ftrace_ops, not through this word. */
	c->fgraph_q.depth = in | bit;
	barrier();
	return true;
}

static __always_inline void fgraph_entry_leave(struct cpu *c, unsigned bit)
{
	barrier();
	c->fgraph_q.depth &= ~bit;
	barrier();
	c->preempt_count--;
}

/*
 * The hook's slow paths are __slowpath functions, called as slowcalls
 * (asm/slowcall.h): a half that makes no other call then keeps its values
 * in the registers a call would clobber, and saves none of its own.
 *
 * Whether this entry is one of the unusual ones, which do not push a
 * frame of their own: the return is hooked already (a second user joins
 * that frame), or the stack is full. fgraph_entry_unusual() deals with
 * them and says false when the entry should push after all.
 */
static __always_inline bool fgraph_entry_is_unusual(struct fgraph_stack *st,
						    unsigned long *ret_slot)
{
	return st->top >= FGRAPH_DEPTH ||
	       *ret_slot == (unsigned long)return_to_handler;
}
__slowpath unsigned long fgraph_entry_unusual(struct fgraph_stack *st,
					      struct fgraph_ops *g,
					      unsigned long ip,
					      unsigned long *ret_slot);

/*
 * Reserve the top frame for a call of ip from parent_ip whose return
 * address is in ret_slot, hooked by the users in users, entered at
 * calltime. An interrupt from here on pushes above it. The slot is not
 * changed: fgraph_push_commit() does that once the user has said yes,
 * fgraph_push_cancel() drops the frame.
 */
static __always_inline struct fgraph_frame *
fgraph_push(struct fgraph_stack *st, unsigned long ip, unsigned long parent_ip,
	    unsigned long *ret_slot, unsigned users, u64 calltime)
{
	int idx = st->top;
	struct fgraph_frame *fr = &st->frames[idx];

	st->top = idx + 1;
	barrier();
	fr->ret = parent_ip;
	fr->func = ip;
	fr->retp = ret_slot;
	fr->users = users;
	fr->calltime = calltime;
	return fr;
}

static __always_inline void fgraph_push_commit(unsigned long *ret_slot)
{
	barrier();
	*ret_slot = (unsigned long)return_to_handler;
}

static __always_inline void fgraph_push_cancel(struct fgraph_stack *st)
{
	barrier();
	st->top--;
}

/*
 * The top frame is not the one returning through retp: find it, dropping
 * the frames above (calls that never came back through their slot).
 */
__slowpath int fgraph_find_frame(struct fgraph_stack *st, unsigned long *retp);

/*
 * Where the return half runs, for the return that left the stack pointer
 * at sp: h as fgraph_here() makes it, and the index of the frame of that
 * return, which it gives.
 */
/* The core's return half, as a slowcall: for a user's own half, to hand
 * it the frames it cannot take. */
__slowpath unsigned long fgraph_return_shared(unsigned long sp);

static __always_inline int fgraph_here_returning(struct fgraph_here *h,
						 unsigned long sp)
{
	unsigned long *retp = (unsigned long *)sp - 1;
	int idx;

	fgraph_here(h);
	idx = h->st->top - 1;
	if (unlikely(idx < 0 || h->st->frames[idx].retp != retp))
		idx = (int)slowcall2(fgraph_find_frame, h->st, retp);
	return idx;
}

/*
 * The return half's guard: the entry half's (false if either half runs
 * in this context already; then no user hears of this return), and a
 * fence. Between it and hook_exit() a user may read what unregistering
 * frees.
 */
static __always_inline bool hook_enter(struct cpu *c, unsigned bit)
{
	if (!fgraph_entry_enter(c, bit))
		return false;
	/* Unlike the entry half's, this bit is what unregistering waits
	 * on: ordered before the loads of fgraph_array, so that it cannot
	 * see us outside while we read a user it is about to free. */
	smp_mb();
	return true;
}

static __always_inline void hook_exit(struct cpu *c, unsigned bit)
{
	unsigned in;

	smp_mb();
	in = c->fgraph_q.depth & ~bit;
	c->fgraph_q.depth = in;
	if (!in)
		c->fgraph_q.quiescent++;
	barrier();
	c->preempt_count--;
}

/*
 * Release frame idx, the last thing a return does with it: until then an
 * interrupt nests above it, at the depth of a call inside this one.
 */
static __always_inline void fgraph_pop(struct fgraph_stack *st, int idx)
{
	barrier();
	st->top = idx;
}

#endif
