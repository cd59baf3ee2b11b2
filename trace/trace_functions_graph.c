/*
 * trace_functions_graph.c - the function_graph tracer: an event at the
 * entry and at the return of each call set_ftrace_filter selects (through
 * the return hook, trace/fgraph.c), printed as a call tree with
 * durations (trace_graph_output.c); max_graph_depth, set_graph_function
 * (trace only inside these functions), set_graph_notrace (nothing inside
 * these) and the funcgraph-* options.
 *
 * Built without -pg: its callbacks run inside every hooked call.
 */
#include "fgraph_hook.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "mm.h"
#include "mutex.h"
#include "printk.h"
#include "seq_file.h"
#include "trace_graph.h"

static unsigned long graph_flags = TRACE_GRAPH_PRINT_DEFAULT;

/* 0: no limit. Calls at this depth or deeper are not traced. */
static int graph_max_depth;
/* set_graph_function, set_graph_notrace: replaced whole, NULL or empty
 * meaning none. */
static struct ftrace_hash *graph_hash, *graph_notrace_hash;
/* Writers of the above, and of graph_selective. */
static struct mutex graph_hash_lock = MUTEX_INIT("graph_hash");

/*
 * The per-thread words the tracer keeps (ftrace_graph_ent.data): the depth
 * + 1 of the call that started each state, 0 when not in it; shifted by
 * one in IN_GRAPH_FUNC, whose low bit says the call was an interrupt's
 * (then funcgraph-irqs off does not hide what it calls).
 */
enum { IN_GRAPH_FUNC, IN_NOTRACE };
#define GRAPH_FUNC_IN_IRQ 1UL

static __always_inline bool in_interrupt_context(void)
{
	return this_cpu()->preempt_count & (HARDIRQ_MASK | NMI_MASK);
}

/*
 * Nonzero while max_graph_depth, set_graph_function, set_graph_notrace or
 * funcgraph-irqs off may refuse a call; until then a call is traced
 * without asking graph_wants() (the thread's words stay 0 meanwhile).
 */
static u8 graph_selective =
	!(TRACE_GRAPH_PRINT_DEFAULT & TRACE_GRAPH_PRINT_IRQS);

/* After a change to what graph_selective sums up, under graph_hash_lock;
 * flags: graph_flags as they are about to be. */
static void graph_update_selective(unsigned long flags)
{
	const struct ftrace_hash *f = graph_hash, *n = graph_notrace_hash;

	WRITE_ONCE(graph_selective, graph_max_depth || (f && f->count) ||
					    (n && n->count) ||
					    !(flags & TRACE_GRAPH_PRINT_IRQS));
}

/* ---- recording ---- */

/* Whether the call at depth may be traced, and the states it starts:
 * false leaves the thread's words as they were. */
static bool graph_wants(unsigned long *td, struct ftrace_graph_ent *t,
			bool *hook_anyway)
{
	const struct ftrace_hash *h;
	bool irq;
	int max;

	*hook_anyway = false;
	if (td[IN_NOTRACE])
		return false;
	max = READ_ONCE(graph_max_depth);
	if (max && t->depth >= max)
		return false;
	irq = in_interrupt_context();
	if (irq && !(READ_ONCE(graph_flags) & TRACE_GRAPH_PRINT_IRQS) &&
	    !(td[IN_GRAPH_FUNC] & GRAPH_FUNC_IN_IRQ))
		return false;
	h = READ_ONCE(graph_hash);
	if (!td[IN_GRAPH_FUNC] && h && h->count) {
		if (!ftrace_hash_contains(h, t->func))
			return false;
		td[IN_GRAPH_FUNC] = ((unsigned long)t->depth + 1) << 1 |
				    (irq ? GRAPH_FUNC_IN_IRQ : 0);
		*hook_anyway = true;
	}
	h = READ_ONCE(graph_notrace_hash);
	if (h && h->count && ftrace_hash_contains(h, t->func)) {
		/* Hooked without an event, to know when it returns. */
		td[IN_NOTRACE] = (unsigned long)t->depth + 1;
		*hook_anyway = true;
		return false;
	}
	return true;
}

/* graph_wants() out of line, as a slowcall, so that the usual call keeps
 * its registers: bit 0 of the answer is "traced", bit 1 "hook the return
 * anyway". */
#define GRAPH_WANTED 1UL
#define GRAPH_HOOK 2UL
static __used __slowpath unsigned long
graph_wants_slow(unsigned long func, unsigned long depth, unsigned long *td)
{
	struct ftrace_graph_ent t = { func, (int)depth, td };
	bool hook;
	bool wanted = graph_wants(td, &t, &hook);

	return (wanted ? GRAPH_WANTED : 0) | (hook ? GRAPH_HOOK : 0);
}

/*
 * The entry event of the call of func at depth (the thread's words td),
 * stamped now, on cpu (c); what the hook's entry callback returns: 1 to
 * hook the return.
 */
static __always_inline int graph_record_entry(struct cpu *c, unsigned long func,
					      int depth, unsigned long *td,
					      u64 now)
{
	struct ftrace_graph_ent_entry *e;
	bool hook = false;

	if (!trace_may_record())
		return 0;
	if (unlikely(READ_ONCE(graph_selective) | td[IN_GRAPH_FUNC] |
		     td[IN_NOTRACE])) {
		unsigned long w = slowcall3(graph_wants_slow, func, depth, td);

		hook = w & GRAPH_HOOK;
		if (!(w & GRAPH_WANTED))
			return hook;
	}
	/* The hook raised preempt_count by one around us. */
	e = __trace_event_reserve_at(c, now, TRACE_GRAPH_ENT, sizeof(*e), 1);
	if (!e)
		return hook;
	e->func = func;
	e->depth = depth;
	trace_event_commit_on(c);
	return 1;
}

/*
 * Before the exit event of the call at depth: true if it is
 * set_graph_notrace's call or inside one, which have none.
 */
static __always_inline bool graph_return_notrace(unsigned long *td, int depth)
{
	if (!td[IN_NOTRACE])
		return false;
	if (td[IN_NOTRACE] == (unsigned long)depth + 1)
		td[IN_NOTRACE] = 0;
	return true;
}

/* The return of set_graph_function's call ends its state. */
static __always_inline void graph_return_done(unsigned long *td, int depth)
{
	if (td[IN_GRAPH_FUNC] >> 1 == (unsigned long)depth + 1)
		td[IN_GRAPH_FUNC] = 0;
}

/* Whether the return at depth has an exit event; either state, when
 * set, ends with its call's return. One test while neither is set. */
static __always_inline bool graph_return_wanted(unsigned long *td, int depth)
{
	if (likely(!(td[IN_NOTRACE] | td[IN_GRAPH_FUNC])))
		return true;
	if (graph_return_notrace(td, depth))
		return false;
	graph_return_done(td, depth);
	return true;
}

/* The exit event's fields but the common ones. */
static __always_inline void graph_fill_return(struct ftrace_graph_ret_entry *e,
					      unsigned long func, int depth,
					      unsigned overrun, u64 calltime,
					      u64 rettime)
{
	e->func = func;
	e->depth = depth;
	e->overrun = overrun;
	e->calltime = calltime;
	e->rettime = rettime;
}

/* The callbacks, for when the profiler shares the hook. */
static int graph_entry(struct ftrace_graph_ent *t, struct fgraph_ops *gops)
{
	return graph_record_entry(this_cpu(), t->func, t->depth, t->data,
				  arch_clock_ns());
}

static void graph_return(struct ftrace_graph_ret *t, struct fgraph_ops *gops)
{
	struct cpu *c = this_cpu();
	struct ftrace_graph_ret_entry *e;

	if (!graph_return_wanted(t->data, t->depth))
		return;
	if (tracing_is_on()) {
		e = __trace_event_reserve_at(c, t->rettime, TRACE_GRAPH_RET,
					     sizeof(*e), 1);
		if (e) {
			graph_fill_return(e, t->func, t->depth, t->overrun,
					  t->calltime, t->rettime);
			trace_event_commit_on(c);
		}
	}
}

static struct fgraph_ops graph_ops;

/*
 * The whole hook, the tracer's own (fgraph.h's hook_entry and
 * hook_return): the core's two halves with the callbacks above inline,
 * so that each half finds the CPU, the thread and the time once.
 */
static void graph_hook_entry(unsigned long ip, unsigned long parent_ip,
			     struct ftrace_ops *op, unsigned long *ret_slot)
{
	const unsigned i = FGRAPH_OWN_HOOK_SLOT;
	struct fgraph_here h;
	int depth;
	u64 now;

	fgraph_here(&h);
	if (unlikely(!h.st) || !fgraph_entry_enter(h.c, h.bit))
		return;
	if (unlikely(fgraph_entry_is_unusual(h.st, ret_slot)) &&
	    slowcall4(fgraph_entry_unusual, h.st, &graph_ops, ip, ret_slot))
		goto out;
	now = arch_clock_ns();
	fgraph_push(h.st, ip, parent_ip, ret_slot, 1u << i, now);
	user_sync(h.st, i);
	depth = h.st->depth[i];
	if (likely(graph_record_entry(h.c, ip, depth, h.st->data[i], now))) {
		h.st->depth[i] = depth + 1;
		fgraph_push_commit(ret_slot);
	} else {
		fgraph_push_cancel(h.st);
	}
out:
	fgraph_entry_leave(h.c, h.bit);
}

static unsigned long graph_hook_return(unsigned long sp)
{
	const unsigned i = FGRAPH_OWN_HOOK_SLOT;
	struct fgraph_here h;
	int idx = fgraph_here_returning(&h, sp);
	struct fgraph_stack *st = h.st;
	struct fgraph_frame *fr = &st->frames[idx];
	unsigned long ret;

	/* Hooked with the profiler too, or by it alone: the core's. */
	if (unlikely(fr->users != 1u << i))
		return slowcall1(fgraph_return_shared, sp);
	if (likely(hook_enter(h.c, h.bit))) {
		int depth = --st->depth[i];
		unsigned long *td = st->data[i];

		/* The event is filled from the frame, read only now: across
		 * the reservation its fields would hold registers. */
		if (likely(READ_ONCE(fgraph_array[i]) == &graph_ops) &&
		    graph_return_wanted(td, depth)) {
			u64 now = arch_clock_ns();
			struct ftrace_graph_ret_entry *e;

			if (tracing_is_on() &&
			    (e = __trace_event_reserve_at(h.c, now,
							  TRACE_GRAPH_RET,
							  sizeof(*e), 1))) {
				graph_fill_return(e, fr->func, depth,
						  st->overrun[i], fr->calltime,
						  now);
				trace_event_commit_on(h.c);
			}
		}
		hook_exit(h.c, h.bit);
	}
	/* Read last, as the event's fields: the frame is ours until the
	 * pop, and a register less is held across the event. */
	ret = fr->ret;
	fgraph_pop(st, idx);
	return ret;
}

static struct fgraph_ops graph_ops = {
	.entryfunc = graph_entry,
	.retfunc = graph_return,
	.hook_entry = graph_hook_entry,
	.hook_return = graph_hook_return,
	.ops = { .name = "function_graph", .share = &trace_global_ops },
};

static int graph_start(const char *filter)
{
	return register_ftrace_graph(&graph_ops);
}

static void graph_stop(void)
{
	unregister_ftrace_graph(&graph_ops);
}

/* ---- printing ---- */

/* Per read of trace or trace_pipe: what each CPU's lines left open. */
struct graph_read {
	unsigned cpu_digits;
	struct graph_cpu_state cpu[NR_CPUS];
};

static int graph_open(struct trace_iterator *iter)
{
	struct graph_read *gr = kmalloc(sizeof(*gr));

	/* Without it the lines come out all the same, only without the
	 * checks that need memory of the lines before. */
	iter->private = gr;
	if (!gr)
		return 0;
	gr->cpu_digits = (unsigned)snprintf(NULL, 0, "%u", nr_cpus - 1);
	for (unsigned i = 0; i < NR_CPUS; i++)
		graph_state_init(&gr->cpu[i]);
	return 0;
}

static void graph_close(struct trace_iterator *iter)
{
	kfree(iter->private);
	iter->private = NULL;
}

static void graph_header(struct seq_file *m)
{
	graph_print_header(m, (unsigned)READ_ONCE(graph_flags),
			   trace_option(TRACE_ITER_CONTEXT_INFO));
}

/* The return of e, when it is the next event of e's CPU: a leaf. */
static bool take_leaf(struct trace_iterator *iter,
		      const struct ftrace_graph_ent_entry *e,
		      struct ftrace_graph_ret_entry *leaf)
{
	const struct trace_entry *next = trace_iter_peek(iter, NULL);
	const struct ftrace_graph_ret_entry *r = (const void *)next;

	if (!next || next->type != TRACE_GRAPH_RET || next->pid != e->ent.pid ||
	    r->func != e->func)
		return false;
	*leaf = *r;
	trace_iter_take_peeked(iter);
	return true;
}

static int graph_print_line(struct trace_iterator *iter)
{
	struct graph_read *gr = iter->private;
	struct graph_line l = {
		.m = iter->seq,
		.flags = (unsigned)READ_ONCE(graph_flags),
		.context_info = trace_option(TRACE_ITER_CONTEXT_INFO),
		.cpu = iter->cpu,
		.cpu_digits = gr ? gr->cpu_digits : 1,
		.ts = iter->ts,
		.pid = iter->ent->pid,
		.st = gr ? &gr->cpu[iter->cpu] : NULL,
		.find_comm = trace_find_cmdline,
	};

	switch (iter->ent->type) {
	case TRACE_GRAPH_ENT: {
		/* Copied: peeking may reuse the memory the event is in. */
		struct ftrace_graph_ent_entry e =
			*(const struct ftrace_graph_ent_entry *)iter->ent;
		struct ftrace_graph_ret_entry leaf;

		graph_print_entry(&l, &e,
				  take_leaf(iter, &e, &leaf) ? &leaf : NULL);
		break;
	}
	case TRACE_GRAPH_RET:
		graph_print_return(&l, (const void *)iter->ent);
		break;
	case TRACE_PRINT: {
		const struct print_entry *p = (const void *)iter->ent;
		size_t n = iter->ent_size - sizeof(*p);

		graph_print_comment(&l, p->buf, strnlen(p->buf, n));
		break;
	}
	default:
		return TRACE_TYPE_UNHANDLED;
	}
	return TRACE_TYPE_HANDLED;
}

static const struct tracer_opt graph_opts[] = {
	{ "funcgraph-overrun", TRACE_GRAPH_PRINT_OVERRUN },
	{ "funcgraph-cpu", TRACE_GRAPH_PRINT_CPU },
	{ "funcgraph-overhead", TRACE_GRAPH_PRINT_OVERHEAD },
	{ "funcgraph-proc", TRACE_GRAPH_PRINT_PROC },
	{ "funcgraph-duration", TRACE_GRAPH_PRINT_DURATION },
	{ "funcgraph-abstime", TRACE_GRAPH_PRINT_ABS_TIME },
	{ "funcgraph-irqs", TRACE_GRAPH_PRINT_IRQS },
	{ "funcgraph-tail", TRACE_GRAPH_PRINT_TAIL },
	{ NULL, 0 }
};

static int graph_set_flag(unsigned long bit, bool on)
{
	unsigned long flags = READ_ONCE(graph_flags);

	mutex_lock(&graph_hash_lock);
	graph_update_selective(on ? flags | bit : flags & ~bit);
	mutex_unlock(&graph_hash_lock);
	return 0;
}

TRACER(function_graph, .name = "function_graph",
       .help = "each call's entry and return, as a call tree with durations",
       .start = graph_start, .stop = graph_stop, .reset = graph_stop,
       .tracefs = true, .print_header = graph_header,
       .print_line = graph_print_line, .open = graph_open, .close = graph_close,
       .opts = graph_opts, .opt_flags = &graph_flags,
       .set_flag = graph_set_flag);

/* ---- max_graph_depth ---- */

static int max_graph_depth_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", READ_ONCE(graph_max_depth));
	return 0;
}

static ssize_t max_graph_depth_write(struct fs_file *f, const char *buf,
				     size_t len)
{
	unsigned long long v;

	if (fs_parse_number(buf, len, ~0U >> 1, &v)) {
		trace_error_log("max_graph_depth", "not a number", buf, 0);
		return -EINVAL;
	}
	mutex_lock(&graph_hash_lock);
	WRITE_ONCE(graph_max_depth, (int)v);
	graph_update_selective(READ_ONCE(graph_flags));
	mutex_unlock(&graph_hash_lock);
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(max_graph_depth);

/* ---- set_graph_function, set_graph_notrace ---- */

/* A file's node priv: which set it is. */
struct graph_set {
	const char *name;
	struct ftrace_hash **hash;
	const char *empty; /* what an empty set reads as */
};
static const struct graph_set graph_function_set = {
	"set_graph_function", &graph_hash, "#### all functions enabled ####"
};
static const struct graph_set graph_notrace_set = {
	"set_graph_notrace", &graph_notrace_hash,
	"#### no functions disabled ####"
};

/* Per open for writing: the set being edited, installed at release. */
struct graph_set_edit {
	const struct graph_set *set;
	struct ftrace_hash *hash;
	bool changed;
};

/* Every function in the set, in address order: O(n), no sort. */
static int graph_set_show(struct seq_file *m, void *v)
{
	const struct graph_set *gs = m->private;
	struct ftrace_hash *h;
	struct dyn_ftrace *rec;
	bool any = false;

	mutex_lock(&graph_hash_lock);
	h = *gs->hash;
	for (unsigned long i = 0; h && h->count && (rec = ftrace_rec_at(i));
	     i++) {
		unsigned long off;
		const struct ksym *s;

		if (!ftrace_hash_contains(h, rec->ip))
			continue;
		s = ksym_lookup(rec->ip, &off);
		seq_printf(m, "%s\n", s ? s->name : "?");
		any = true;
	}
	mutex_unlock(&graph_hash_lock);
	if (!any)
		seq_printf(m, "%s\n", gs->empty);
	return 0;
}

/*
 * As Linux: ">" empties the set at open (even if the write then fails),
 * ">>" edits a copy; what the writes made replaces the set at release.
 */
static int graph_set_open(struct fs_file *f)
{
	const struct graph_set *gs = f->node->priv;
	struct graph_set_edit *ed;
	const char *bad;
	int r;

	if (!(f->flags & FS_WRITE))
		return single_open(f, graph_set_show, (void *)gs);
	ed = kzalloc(sizeof(*ed));
	if (!ed)
		return -ENOMEM;
	ed->set = gs;
	if (f->flags & FS_TRUNC) {
		ed->changed = true;
	} else {
		mutex_lock(&graph_hash_lock);
		r = ftrace_filter_build(*gs->hash, false, "", &ed->hash, &bad);
		mutex_unlock(&graph_hash_lock);
		if (r) {
			kfree(ed);
			return r;
		}
	}
	f->private = ed;
	return 0;
}

static ssize_t graph_set_write(struct fs_file *f, const char *buf, size_t len)
{
	struct graph_set_edit *ed = f->private;
	char *globs = kmalloc(len + 1);
	struct ftrace_hash *h;
	const char *bad;
	int r;

	if (!globs)
		return -ENOMEM;
	memcpy(globs, buf, len);
	globs[len] = '\0';
	mutex_lock(&graph_hash_lock);
	r = ftrace_filter_build(ed->hash, false, globs, &h, &bad);
	mutex_unlock(&graph_hash_lock);
	if (r)
		trace_error_log(ed->set->name, ftrace_filter_error(r), globs,
				bad ? (unsigned)(bad - globs) : 0);
	kfree(globs);
	if (r)
		/* Linux's answer for a pattern it cannot use. */
		return r == -ENOMEM ? r : -EINVAL;
	kfree(ed->hash);
	ed->hash = h;
	ed->changed = true;
	return (ssize_t)len;
}

static void graph_set_release(struct fs_file *f)
{
	struct graph_set_edit *ed;
	struct ftrace_hash *old;

	if (!(f->flags & FS_WRITE)) {
		single_release(f);
		return;
	}
	ed = f->private;
	if (ed->changed) {
		mutex_lock(&graph_hash_lock);
		old = *ed->set->hash;
		__atomic_store_n(ed->set->hash, ed->hash, __ATOMIC_RELEASE);
		graph_update_selective(READ_ONCE(graph_flags));
		mutex_unlock(&graph_hash_lock);
		/* No callback may still be reading the old set. */
		ftrace_graph_sync();
		kfree(old);
	} else {
		kfree(ed->hash);
	}
	kfree(ed);
}

static const struct fs_file_ops graph_set_fops = {
	.open = graph_set_open,
	.release = graph_set_release,
	.read = seq_read,
	.write = graph_set_write,
};

void graph_files_init(void)
{
	fs_create_file(TRACEFS "max_graph_depth", &max_graph_depth_fops, NULL);
	fs_create_file(TRACEFS "set_graph_function", &graph_set_fops,
		       (void *)&graph_function_set);
	fs_create_file(TRACEFS "set_graph_notrace", &graph_set_fops,
		       (void *)&graph_notrace_set);
}
