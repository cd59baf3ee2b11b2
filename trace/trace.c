/*
 * trace.c - the trace core's recording side: tracing_on, the context
 * every event carries, the reserve and commit that tracers write events
 * with, set_ftrace_pid, tracing_cpumask, the thread names the output
 * shows, and which tracefs tracer is current.
 *
 * Built without -pg: trace_event_reserve() and the checks before it run
 * inside every traced call.
 */
#include "arch.h"
#include "kstring.h"
#include "mm.h"
#include "mutex.h"
#include "percpu.h"
#include "printk.h"
#include "ring_buffer.h"
#include "sched.h"
#include "trace.h"
#include "trace_internal.h"

bool trace_recording = true;
unsigned long trace_cpumask = ~0UL;
const int *volatile trace_pid_list;
unsigned long trace_flags =
	(1UL << TRACE_ITER_PRINT_PARENT) | (1UL << TRACE_ITER_CONTEXT_INFO) |
	(1UL << TRACE_ITER_RECORD_CMD) | (1UL << TRACE_ITER_OVERWRITE) |
	(1UL << TRACE_ITER_IRQ_INFO) | (1UL << TRACE_ITER_MARKERS) |
	(1UL << TRACE_ITER_FUNCTION_TRACE);

struct ftrace_ops trace_global_ops = { .name = "global" };

u8 trace_gate;

void tracing_on(void)
{
	WRITE_ONCE(trace_recording, true);
	__atomic_fetch_and(&trace_gate, (u8)~TRACE_GATE_OFF, __ATOMIC_RELAXED);
}

void tracing_off(void)
{
	WRITE_ONCE(trace_recording, false);
	__atomic_fetch_or(&trace_gate, TRACE_GATE_OFF, __ATOMIC_RELAXED);
}

/* A table of F(i) for the 256 values i of one byte of preempt_count:
 * what the fast paths read from it, in one load. */
#define BY_IRQ4(F, i) F(i), F((i) + 1), F((i) + 2), F((i) + 3)
#define BY_IRQ16(F, i)                                           \
	BY_IRQ4(F, i), BY_IRQ4(F, (i) + 4), BY_IRQ4(F, (i) + 8), \
		BY_IRQ4(F, (i) + 12)
#define BY_IRQ64(F, i)                                                \
	BY_IRQ16(F, i), BY_IRQ16(F, (i) + 16), BY_IRQ16(F, (i) + 32), \
		BY_IRQ16(F, (i) + 48)
#define BY_IRQ(F)                                                  \
	{                                                          \
		BY_IRQ64(F, 0), BY_IRQ64(F, 64), BY_IRQ64(F, 128), \
			BY_IRQ64(F, 192)                           \
	}

#define IRQ_FLAGS(i)                                       \
	((((i) & (NMI_MASK >> 16)) ? TRACE_FLAG_NMI : 0) | \
	 (((i) & (HARDIRQ_MASK >> 16)) ? TRACE_FLAG_HARDIRQ : 0))
const u8 trace_irq_flags[256] = BY_IRQ(IRQ_FLAGS);

#define PREEMPT_DEPTH(i) MIN(i, TRACE_PREEMPT_DEPTH_MAX)
const u8 trace_preempt_depth[256] = BY_IRQ(PREEMPT_DEPTH);

#define CONTEXT_BIT(i) \
	(((i) & (NMI_MASK >> 16)) ? 4u : ((i) & (HARDIRQ_MASK >> 16)) ? 2u : 1u)
const u8 ftrace_context_bits[256] = BY_IRQ(CONTEXT_BIT);

/*
 * Thread names by id, for the TASK-PID column: a small table that the
 * reserve path fills whenever a CPU records for a thread other than the
 * one it last recorded for, so a name survives its thread's exit.
 */
struct saved_cmdline {
	int pid; /* -1: free */
	char comm[THREAD_NAME_MAX];
};
static struct saved_cmdline cmdlines[TRACE_CMDLINES] = { [0 ... TRACE_CMDLINES -
							  1] = { .pid = -1 } };

__slowpath int trace_save_cmdline(struct cpu *c)
{
	struct thread *t = c->current;
	struct saved_cmdline *s;

	/* A CPU with no thread yet records every time, the slow way. */
	c->trace_last_recorded = t ? t : CPU_NO_THREAD;
	if (!t)
		return 0;
	if (!trace_option(TRACE_ITER_RECORD_CMD))
		return t->tid;
	s = &cmdlines[(unsigned)t->tid % TRACE_CMDLINES];
	/* Racy against another CPU saving into the same slot: a reader may
	 * see a mixed name, never a fault; tids rarely collide here. */
	WRITE_ONCE(s->pid, -1);
	memcpy(s->comm, t->name, sizeof(s->comm));
	WRITE_ONCE(s->pid, t->tid);
	return t->tid;
}

void trace_find_cmdline(int pid, char *comm)
{
	const struct saved_cmdline *s =
		&cmdlines[(unsigned)pid % TRACE_CMDLINES];

	if (READ_ONCE(s->pid) == pid) {
		memcpy(comm, s->comm, THREAD_NAME_MAX);
		comm[THREAD_NAME_MAX - 1] = 0;
	} else {
		memcpy(comm, "<...>", sizeof("<...>"));
	}
}

int trace_cmdline_slot(unsigned slot, char *comm)
{
	const struct saved_cmdline *s = &cmdlines[slot];
	int pid = READ_ONCE(s->pid);

	memcpy(comm, s->comm, THREAD_NAME_MAX);
	comm[THREAD_NAME_MAX - 1] = 0;
	/* Saved again meanwhile: the name may be half the new one's. */
	return READ_ONCE(s->pid) == pid ? pid : -1;
}

void *trace_event_reserve(u16 type, unsigned size, unsigned extra)
{
	if (!tracing_is_on())
		return NULL;
	return __trace_event_reserve(this_cpu(), type, size, extra);
}

/* The list ends with -1; it is replaced whole, never edited. */
__slowpath unsigned long trace_pid_wanted_slow(void)
{
	const int *l = READ_ONCE(trace_pid_list);
	struct thread *t = this_cpu()->current;

	if (!l)
		return true;
	for (; *l >= 0; l++)
		if (t && *l == t->tid)
			return true;
	return false;
}

/* ---- the current tracer ---- */

static struct mutex trace_types_lock = MUTEX_INIT("trace_types");
static const struct tracer *current_trace;
/* Whether the buffers still have their boot size (buffer_size_kb). */
static bool buffers_expanded;
unsigned long trace_buf_size_kb = TRACE_BUF_SIZE_DEFAULT_KB;

const struct tracer *trace_current_tracer(void)
{
	return current_trace;
}

void trace_clear_buffers(void)
{
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++)
		ring_buffer_reset(cpu);
}

bool trace_buffers_expanded(void)
{
	return buffers_expanded;
}

int trace_expand_buffers(void)
{
	int r = 0;

	if (buffers_expanded)
		return 0;
	for (unsigned cpu = 0; cpu < nr_cpus && !r; cpu++)
		r = ring_buffer_resize(cpu, trace_buf_size_kb);
	if (!r)
		buffers_expanded = true;
	return r;
}

void trace_note_resized(void)
{
	buffers_expanded = true;
}

int trace_set_tracer(const char *name)
{
	const struct tracer *t = tracer_find(name);
	int r = 0;

	if (!t || !t->tracefs)
		return -EINVAL;
	mutex_lock(&trace_types_lock);
	if (t == current_trace)
		goto out;
	/* Linux keeps its small boot buffers until a tracer needs them. */
	if (strcmp(t->name, "nop")) {
		r = trace_expand_buffers();
		if (r)
			goto out;
	}
	if (current_trace && tracer_running(current_trace))
		tracer_stop(current_trace);
	current_trace = NULL;
	trace_clear_buffers();
	r = tracer_start(t, NULL);
	if (r) {
		/* Back to nop, which cannot fail: never left without one. */
		t = tracer_find("nop");
		tracer_start(t, NULL);
	}
	current_trace = t;
out:
	mutex_unlock(&trace_types_lock);
	return r;
}

/* ---- nop: the tracer that records nothing (markers still go in) ---- */

static int nop_start(const char *filter)
{
	return 0;
}

static void nop_stop(void)
{
}

TRACER(nop, .name = "nop", .help = "records nothing (markers only)",
       .start = nop_start, .stop = nop_stop, .reset = nop_stop,
       .tracefs = true);

void trace_init(void)
{
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++)
		if (ring_buffer_resize(cpu, 1))
			kprintf("trace: no memory for cpu%u's buffer\n", cpu);
	trace_set_tracer("nop");
	trace_files_init();
	ftrace_profile_init();
}
