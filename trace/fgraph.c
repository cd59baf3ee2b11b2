/*
 * fgraph.c - the return hook under function_graph and the profiler.
 *
 * Each graph user registers an ftrace_ops whose callback is the hook's
 * entry, fgraph_entry(): ftrace_caller hands it the address of the stack
 * slot that holds the traced function's return address. If the user
 * wants this call's return, the original address goes onto the current
 * thread's return stack and the slot is pointed at return_to_handler,
 * whose C half, ftrace_return_to_handler(), pops it, tells the users and
 * hands the original address back to the assembly, which jumps there.
 * When two users want the same call, the list function calls their
 * callbacks one after the other and the second joins the first's frame.
 *
 * Interrupts and NMIs run on the interrupted thread's kernel stack and
 * use its return stack too: a push reserves its slot before filling it
 * and a pop reads its frame before releasing it, so whatever nests in
 * between works above it and leaves it as it found it.
 *
 * Built without -pg: this runs on every hooked call and return.
 */
#include "fgraph_hook.h"
#include "kstring.h"
#include "mutex.h"
#include "printk.h"

struct fgraph_ops *volatile fgraph_array[FGRAPH_MAX_OPS];
unsigned fgraph_gen[FGRAPH_MAX_OPS];
/* Set once the hook was first used: from then on every thread has a
 * return stack, so the hook never sees one come or go under it. */
static bool fgraph_stacks_wanted;
static struct mutex fgraph_lock = MUTEX_INIT("fgraph");

unsigned long (*volatile ftrace_return_func)(unsigned long sp) =
	ftrace_return_to_handler;

/* g's entry callback for this call: true if it hooks the return. */
static __always_inline bool user_entry(struct fgraph_stack *st,
				       struct fgraph_ops *g, unsigned long ip)
{
	unsigned i = (unsigned)g->idx;
	struct ftrace_graph_ent ent;

	user_sync(st, i);
	ent.func = ip;
	ent.depth = st->depth[i];
	ent.data = st->data[i];
	if (!g->entryfunc(&ent, g))
		return false;
	st->depth[i]++;
	return true;
}

/*
 * The entries that do not push a frame of their own, out of line so that
 * the usual one keeps its registers: a second user of a call that is
 * hooked already joins its frame, and a call past a full stack is
 * counted. false: neither, push as usual.
 */
__slowpath unsigned long fgraph_entry_unusual(struct fgraph_stack *st,
					      struct fgraph_ops *g,
					      unsigned long ip,
					      unsigned long *ret_slot)
{
	int idx = st->top;

	if (*ret_slot == (unsigned long)return_to_handler && idx &&
	    st->frames[idx - 1].retp == ret_slot) {
		if (user_entry(st, g, ip))
			st->frames[idx - 1].users |= 1u << g->idx;
		return true;
	}
	if (idx < FGRAPH_DEPTH)
		return false;
	user_sync(st, g->idx);
	st->overrun[g->idx]++;
	return true;
}

/*
 * The ftrace_ops' callback, called (straight, or by the list function)
 * exactly when g's ops wants ip, on the traced function's entry. g is
 * registered while it runs: unregistering takes the ops away first.
 */
static void fgraph_entry(unsigned long ip, unsigned long parent_ip,
			 struct ftrace_ops *op, unsigned long *ret_slot)
{
	struct fgraph_ops *g = container_of(op, struct fgraph_ops, ops);
	struct fgraph_here h;

	fgraph_here(&h);
	if (unlikely(!h.st) || !fgraph_entry_enter(h.c, h.bit))
		return;
	if (unlikely(fgraph_entry_is_unusual(h.st, ret_slot)) &&
	    slowcall4(fgraph_entry_unusual, h.st, g, ip, ret_slot))
		goto out;
	fgraph_push(h.st, ip, parent_ip, ret_slot, 1u << g->idx,
		    arch_clock_ns());
	if (likely(user_entry(h.st, g, ip)))
		fgraph_push_commit(ret_slot);
	else
		fgraph_push_cancel(h.st);
out:
	fgraph_entry_leave(h.c, h.bit);
}

/* With no frame for this return the original address is lost, and
 * nothing can go on. */
__slowpath int fgraph_find_frame(struct fgraph_stack *st, unsigned long *retp)
{
	for (int i = st->top - 1; i >= 0; i--)
		if (st->frames[i].retp == retp) {
			printk("fgraph: %d return frames lost\n",
			       st->top - 1 - i);
			return i;
		}
	panic("fgraph: a return through %p has no frame", (void *)retp);
}

/*
 * User i's return callback. The frame was pushed under this registration
 * of slot i: frames of an earlier one lost their bit at its unregister.
 */
static __always_inline void user_return(struct fgraph_stack *st, unsigned i,
					struct ftrace_graph_ret *r)
{
	struct fgraph_ops *g = READ_ONCE(fgraph_array[i]);

	r->depth = --st->depth[i];
	r->overrun = st->overrun[i];
	r->data = st->data[i];
	if (likely(g))
		g->retfunc(r, g);
}

unsigned long ftrace_return_to_handler(unsigned long sp)
{
	struct ftrace_graph_ret r;
	struct fgraph_here h;
	int idx = fgraph_here_returning(&h, sp);
	struct fgraph_stack *st = h.st;
	struct fgraph_frame *fr = &st->frames[idx];
	unsigned long ret = fr->ret;

	if (likely(hook_enter(h.c, h.bit))) {
		unsigned users = fr->users;

		r.func = fr->func;
		r.calltime = fr->calltime;
		r.rettime = arch_clock_ns();
		if (likely(users && !(users & (users - 1))))
			user_return(st, (unsigned)__builtin_ctz(users), &r);
		else
			for (unsigned i = 0; i < FGRAPH_MAX_OPS; i++)
				if (users & (1u << i))
					user_return(st, i, &r);
		hook_exit(h.c, h.bit);
	}
	fgraph_pop(st, idx);
	return ret;
}

__slowpath unsigned long fgraph_return_shared(unsigned long sp)
{
	return ftrace_return_to_handler(sp);
}

/* ---- return stacks ---- */

static struct fgraph_stack *stack_alloc(void)
{
	return kzalloc(sizeof(struct fgraph_stack));
}

void ftrace_graph_init_thread(struct thread *t)
{
	struct fgraph_stack *st;
	void *none = NULL;

	/* Paired with the barrier in alloc_stacks(): either the thread is
	 * on the list it walks, or we see the flag. */
	smp_mb();
	if (!READ_ONCE(fgraph_stacks_wanted) || READ_ONCE(t->trace_data))
		return;
	st = stack_alloc();
	if (st &&
	    !__atomic_compare_exchange_n(&t->trace_data, &none, st, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		kfree(st);
}

void ftrace_graph_exit_thread(struct thread *t)
{
	kfree(t->trace_data);
	t->trace_data = NULL;
}

static void give_stack(struct thread *t, void *data)
{
	int *err = data;

	ftrace_graph_init_thread(t);
	if (!t->trace_data)
		*err = -ENOMEM;
}

/* Every thread gets a return stack, now and from now on. */
static int alloc_stacks(void)
{
	int err = 0;

	WRITE_ONCE(fgraph_stacks_wanted, true);
	smp_mb();
	for_each_thread(give_stack, &err);
	return err;
}

static void drop_user(struct thread *t, void *data)
{
	struct fgraph_stack *st = t->trace_data;
	unsigned mask = ~*(unsigned *)data;

	for (int i = 0; st && i < FGRAPH_DEPTH; i++)
		__atomic_fetch_and(&st->frames[i].users, mask,
				   __ATOMIC_RELAXED);
}

/* ---- registration ---- */

static struct ftrace_quiesce *hook_quiesce(unsigned cpu)
{
	return &per_cpu(cpus, cpu).fgraph_q;
}

void ftrace_graph_sync(void)
{
	ftrace_quiesce_wait(hook_quiesce);
}

/* The return half: a lone user's own, if it has one; else the core's. */
static void choose_return_half(void)
{
	unsigned long (*fn)(unsigned long) = ftrace_return_to_handler;
	struct fgraph_ops *only = NULL;
	unsigned n = 0;

	for (unsigned i = 0; i < FGRAPH_MAX_OPS; i++)
		if (fgraph_array[i]) {
			only = fgraph_array[i];
			n++;
		}
	/* Either half is right for every frame at any moment (a user's own
	 * passes what it cannot take to the core's): no ordering needed. */
	if (n == 1 && only->hook_return)
		fn = only->hook_return;
	WRITE_ONCE(ftrace_return_func, fn);
}

bool ftrace_graph_registered(const struct fgraph_ops *gops)
{
	for (unsigned i = 0; i < FGRAPH_MAX_OPS; i++)
		if (fgraph_array[i] == gops)
			return true;
	return false;
}

int register_ftrace_graph(struct fgraph_ops *gops)
{
	int ret, i;

	mutex_lock(&fgraph_lock);
	if (ftrace_graph_registered(gops)) {
		ret = -EBUSY;
		goto out;
	}
	/* A user with its own hook has its slot; the others fill from the
	 * top, leaving it free. */
	if (gops->hook_entry)
		i = fgraph_array[FGRAPH_OWN_HOOK_SLOT] ? -1
						       : FGRAPH_OWN_HOOK_SLOT;
	else
		for (i = FGRAPH_MAX_OPS - 1; i >= 0 && fgraph_array[i]; i--)
			;
	if (i < 0) {
		ret = -EBUSY;
		goto out;
	}
	ret = alloc_stacks();
	if (ret)
		goto out;
	gops->idx = i;
	fgraph_gen[i]++;
	__atomic_store_n(&fgraph_array[i], gops, __ATOMIC_RELEASE);
	choose_return_half();
	gops->ops.func = gops->hook_entry ?: fgraph_entry;
	ret = register_ftrace_function(&gops->ops);
	if (ret) {
		mutex_unlock(&fgraph_lock);
		unregister_ftrace_graph(gops);
		return ret;
	}
out:
	mutex_unlock(&fgraph_lock);
	return ret;
}

void unregister_ftrace_graph(struct fgraph_ops *gops)
{
	unsigned bit;

	mutex_lock(&fgraph_lock);
	if (!ftrace_graph_registered(gops)) {
		mutex_unlock(&fgraph_lock);
		return;
	}
	unregister_ftrace_function(&gops->ops);
	__atomic_store_n(&fgraph_array[gops->idx], NULL, __ATOMIC_SEQ_CST);
	choose_return_half();
	ftrace_quiesce_wait(hook_quiesce);
	/* No call hooked for gops from now on is pending anywhere: the
	 * slot may go to another user. */
	bit = 1u << gops->idx;
	for_each_thread(drop_user, &bit);
	mutex_unlock(&fgraph_lock);
}

/* ---- for the callbacks and tests ---- */

unsigned ftrace_graph_overrun(const struct fgraph_ops *gops)
{
	struct fgraph_stack *st = stack_of(this_cpu());

	return st ? st->overrun[gops->idx] : 0;
}

int ftrace_graph_depth(void)
{
	struct fgraph_stack *st = stack_of(this_cpu());

	return st ? st->top : 0;
}
