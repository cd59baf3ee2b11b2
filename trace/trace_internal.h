/* trace_internal.h - shared between the trace core's files only. */
#ifndef TRACE_INTERNAL_H
#define TRACE_INTERNAL_H

#include "ring_buffer.h"
#include "trace.h"

/* Per-CPU buffer size a tracer gets (Linux's default, 1408 KiB). */
#define TRACE_BUF_SIZE_DEFAULT_KB 1408UL
extern unsigned long trace_buf_size_kb;
extern unsigned long trace_cpumask;

/* Make name the current tracer (clearing the buffers): 0, -EINVAL for
 * a name that is no tracefs tracer, or the tracer's start error (then
 * nop is current). */
int trace_set_tracer(const char *name);
void trace_clear_buffers(void);
/* The buffers grow from their boot size the first time a tracer or a
 * buffer_size_kb write needs them. */
bool trace_buffers_expanded(void);
int trace_expand_buffers(void);
void trace_note_resized(void);

/*
 * Thread names by id (trace.c): a table of TRACE_CMDLINES slots, a
 * thread's slot its id modulo the size. trace_cmdline_slot() copies
 * slot's name into comm (THREAD_NAME_MAX bytes) and returns its thread
 * id, or -1 when the slot is free or was being written.
 */
#define TRACE_CMDLINES 128
int trace_cmdline_slot(unsigned slot, char *comm);

void trace_init(void);
void trace_files_init(void);
void trace_read_files_init(void);
void trace_options_init(void);
/* What echo wrote, without its trailing blanks and newline, into word
 * (TRACE_WORD_MAX bytes): 0, or -EINVAL when it does not fit. */
#define TRACE_WORD_MAX 64
int trace_get_word(const char *buf, size_t len, char *word);
void trace_error_log_init(void);
void ftrace_profile_init(void);
/* function_profile_enabled: start afresh, or stop (what was counted
 * stays readable). 0 or -errno. */
int ftrace_profile_set(bool on);

/* The largest event a reader copies (a marker and its header). */
#define TRACE_EVENT_MAX (sizeof(struct print_entry) + TRACE_MARKER_MAX + 8)
/* Events a reader of `trace` holds in order (beyond them a peek asks the
 * ring buffer for the CPU's next event itself). */
#define TRACE_PEEK_MAX 16
#define TRACE_ALL_CPUS (~0U)

/* The CPU a per_cpu/cpuN file is about (its node's priv is CPU + 1), or
 * TRACE_ALL_CPUS for the top-level files (priv NULL). */
static inline unsigned trace_file_cpu(struct fs_file *f)
{
	return f->node->priv ? (unsigned)(unsigned long)f->node->priv - 1
			     : TRACE_ALL_CPUS;
}

/*
 * A reader of the buffers: events in time order, from every CPU or one,
 * taken (trace_pipe) or left in place (trace).
 */
struct trace_reader {
	struct trace_iterator iter;
	bool consuming;
	unsigned only_cpu; /* TRACE_ALL_CPUS, or the one CPU read */
	struct rb_iter rbi; /* not consuming */
	unsigned nslots;
	struct trace_slot *slots;
	int take_cpu; /* -1, or the CPU whose peeked event next() takes */
	/* Not consuming: per CPU, how many events the iterator has yet to
	 * give that were printed already (taken before they were queued). */
	unsigned skip[NR_CPUS];
	struct trace_slot *peeked; /* a peek beyond the queue lands here */
	u8 *data; /* the slots' copies of events, and cur */
	u8 *cur;
};

/* 0, or -ENOMEM. The tracer's open is called. */
int trace_reader_open(struct trace_reader *r, bool consuming, unsigned cpu);
void trace_reader_close(struct trace_reader *r);
/* Start again from the oldest event (not consuming). */
void trace_reader_rewind(struct trace_reader *r);
/* Load the next event into r->iter: true, or false when none. */
bool trace_reader_next(struct trace_reader *r);

/* ---- trace_output.c: the text of the trace files ---- */

/* "# tracer: ..." and the column legend. */
void trace_print_header(struct seq_file *m, const struct tracer *t,
			unsigned only_cpu);
/* One event, through the tracer's print_line or the core's. */
void trace_print_line(struct trace_iterator *iter);
/* Context columns: "  TASK-PID   [CPU] flags  TIMESTAMP: ". */
void trace_print_context(struct trace_iterator *iter);
/* The core's option names, in trace_options order. */
extern const char *const trace_option_names[TRACE_ITER_NR];

/* Counters the header and stats need, summed over CPUs. */
void trace_entries(unsigned only_cpu, unsigned long *entries,
		   unsigned long *written);

#endif
