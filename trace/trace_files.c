/*
 * trace_files.c - the tracefs files that set up tracing: current_tracer
 * and available_tracers, tracing_on, trace_marker, trace_clock,
 * tracing_cpumask, set_ftrace_pid, the buffer sizes (the options are
 * trace_options.c's), and saved_cmdlines. Each answers a bad value with
 * Linux's errno, changes nothing, and says what was wrong in error_log.
 */
#include "kstring.h"
#include "mm.h"
#include "mutex.h"
#include "printk.h"
#include "seq_file.h"
#include "smp.h"
#include "trace_internal.h"

int trace_get_word(const char *buf, size_t len, char *word)
{
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
		       buf[len - 1] == '\t'))
		len--;
	if (len >= TRACE_WORD_MAX)
		return -EINVAL;
	memcpy(word, buf, len);
	word[len] = 0;
	return 0;
}

/* ---- available_tracers, current_tracer ---- */

/* Newest first, as Linux lists them: the table in reverse. */
static int available_tracers_show(struct seq_file *m, void *v)
{
	const struct tracer *t, *last = NULL;
	bool first = true;

	for (t = tracer_next(NULL); t; t = tracer_next(t))
		last = t;
	for (t = last; t; t = t == tracer_next(NULL) ? NULL : t - 1)
		if (t->tracefs) {
			seq_printf(m, "%s%s", first ? "" : " ", t->name);
			first = false;
		}
	seq_puts(m, "\n");
	return 0;
}
DEFINE_SHOW_FILE(available_tracers);

static int current_tracer_show(struct seq_file *m, void *v)
{
	const struct tracer *t = trace_current_tracer();

	seq_printf(m, "%s\n", t ? t->name : "nop");
	return 0;
}

static ssize_t current_tracer_write(struct fs_file *f, const char *buf,
				    size_t len)
{
	char name[TRACE_WORD_MAX];
	int r = trace_get_word(buf, len, name);

	if (!r)
		r = trace_set_tracer(name);
	if (r == -EINVAL)
		trace_error_log("current_tracer", "no such tracer", buf, 0);
	return r ? r : (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(current_tracer);

/* ---- tracing_on ---- */

static int tracing_on_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%d\n", tracing_is_on() ? 1 : 0);
	return 0;
}

static ssize_t tracing_on_write(struct fs_file *f, const char *buf, size_t len)
{
	unsigned long long v;

	if (fs_parse_number(buf, len, ~0ULL, &v)) {
		trace_error_log("tracing_on", "not a number", buf, 0);
		return -EINVAL;
	}
	if (v)
		tracing_on();
	else
		tracing_off();
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(tracing_on);

/* ---- trace_marker ---- */

/*
 * The text goes into the trace as one event at its place in time.
 * Linux answers EBADF when tracing is off (the buffer takes nothing)
 * and EINVAL when the markers option is off.
 */
static ssize_t tracing_mark_write(struct fs_file *f, const char *buf,
				  size_t len)
{
	size_t n = MIN(len, (size_t)TRACE_MARKER_MAX);
	struct print_entry *p;
	struct cpu *c;

	if (!trace_option(TRACE_ITER_MARKERS))
		return -EINVAL;
	c = this_cpu();
	c->preempt_count++;
	p = trace_event_reserve(TRACE_PRINT, sizeof(*p) + n + 1, 1);
	if (p) {
		p->ip = (unsigned long)tracing_mark_write;
		memcpy(p->buf, buf, n);
		p->buf[n] = 0;
		trace_event_commit();
	}
	c->preempt_count--;
	return p ? (ssize_t)len : -EBADF;
}

static const struct fs_file_ops trace_marker_fops = {
	.write = tracing_mark_write
};

/* ---- trace_clock ---- */

/*
 * One clock here: arch_clock_ns(), nanoseconds from the TSC (x86_64) or
 * a TMU channel (SH-4), which every CPU reads alike. Linux calls that
 * kind "local"; the file names it and takes only it.
 */
static int trace_clock_show(struct seq_file *m, void *v)
{
	seq_puts(m, "[local]\n");
	return 0;
}

static ssize_t trace_clock_write(struct fs_file *f, const char *buf, size_t len)
{
	char word[TRACE_WORD_MAX];

	if (trace_get_word(buf, len, word) || strcmp(word, "local")) {
		trace_error_log("trace_clock", "no such clock here", buf, 0);
		return -EINVAL;
	}
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(trace_clock);

/* ---- tracing_cpumask ---- */

static unsigned long online_mask(void)
{
	return nr_cpus >= 8 * sizeof(long) ? ~0UL : (1UL << nr_cpus) - 1;
}

static int tracing_cpumask_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%lx\n", READ_ONCE(trace_cpumask) & online_mask());
	return 0;
}

static ssize_t tracing_cpumask_write(struct fs_file *f, const char *buf,
				     size_t len)
{
	char word[TRACE_WORD_MAX];
	unsigned long long v;

	if (trace_get_word(buf, len, word) || !*word ||
	    kstrtoull(word, 16, &v)) {
		trace_error_log("tracing_cpumask", "not a hex CPU mask", buf,
				0);
		return -EINVAL;
	}
	WRITE_ONCE(trace_cpumask, (unsigned long)v);
	for (unsigned cpu = 0; cpu < NR_CPUS; cpu++)
		ring_buffer_record_cpu(cpu, v & (1ULL << cpu));
	return (ssize_t)len;
}
DEFINE_SHOW_STORE_FILE(tracing_cpumask);

/* ---- set_ftrace_pid ---- */

#define TRACE_PIDS_MAX 64
static struct mutex pid_lock = MUTEX_INIT("set_ftrace_pid");

static int set_ftrace_pid_show(struct seq_file *m, void *v)
{
	const int *l;

	mutex_lock(&pid_lock);
	l = trace_pid_list;
	if (!l)
		seq_puts(m, "no pid\n");
	for (; l && *l >= 0; l++)
		seq_printf(m, "%d\n", *l);
	mutex_unlock(&pid_lock);
	return 0;
}

/*
 * Two lists, used in turn: a new list is written into the one not
 * published, then published. A traced call reads the list in a few
 * nanoseconds, while the next change has to take pid_lock and parse a
 * write, so no reader is still in a list when it is rewritten.
 */
static int pid_lists[2][TRACE_PIDS_MAX + 1];
static unsigned pid_turn;

static int *spare_list(void)
{
	return pid_lists[pid_turn];
}

static void set_pid_list(int *l)
{
	WRITE_ONCE(trace_pid_list, l);
	if (l) {
		__atomic_fetch_or(&trace_gate, TRACE_GATE_PID,
				  __ATOMIC_SEQ_CST);
		pid_turn ^= 1;
	} else {
		__atomic_fetch_and(&trace_gate, (u8)~TRACE_GATE_PID,
				   __ATOMIC_SEQ_CST);
	}
}

static int pid_open(struct fs_file *f)
{
	int r = single_open(f, set_ftrace_pid_show, NULL);

	if (!r && (f->flags & FS_TRUNC)) {
		mutex_lock(&pid_lock);
		set_pid_list(NULL);
		mutex_unlock(&pid_lock);
	}
	return r;
}

static ssize_t pid_write(struct fs_file *f, const char *buf, size_t len)
{
	int add[TRACE_PIDS_MAX], nadd = 0, nold = 0, *l;
	const char *p = buf, *end = buf + len;
	const int *old;

	while (p < end) {
		char num[16];
		size_t n = 0;
		unsigned long long v;

		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t'))
			p++;
		if (p == end)
			break;
		while (p + n < end && p[n] != ' ' && p[n] != '\n' &&
		       p[n] != '\t')
			n++;
		if (n >= sizeof(num) || nadd == TRACE_PIDS_MAX)
			goto bad;
		memcpy(num, p, n);
		num[n] = 0;
		if (kstrtoull(num, 10, &v) || v > 0x7fffffff)
			goto bad;
		add[nadd++] = (int)v;
		p += n;
		continue;
bad:
		trace_error_log("set_ftrace_pid", "not a thread id", buf,
				(unsigned)(p - buf));
		return -EINVAL;
	}
	if (!nadd) /* an empty write clears (done at open for ">") */
		return (ssize_t)len;
	mutex_lock(&pid_lock);
	l = spare_list();
	old = trace_pid_list;
	while (old && old[nold] >= 0)
		nold++;
	if (nold + nadd > TRACE_PIDS_MAX) {
		mutex_unlock(&pid_lock);
		return -ENOSPC;
	}
	if (nold)
		memcpy(l, old, (size_t)nold * sizeof(*l));
	memcpy(l + nold, add, (size_t)nadd * sizeof(*l));
	l[nold + nadd] = -1;
	set_pid_list(l);
	mutex_unlock(&pid_lock);
	return (ssize_t)len;
}

static const struct fs_file_ops set_ftrace_pid_fops = { .open = pid_open,
							.release =
								single_release,
							.read = seq_read,
							.write = pid_write };

/* ---- buffer_size_kb, buffer_total_size_kb ---- */

static int buffer_size_kb_show(struct seq_file *m, void *v)
{
	unsigned cpu = (unsigned)(unsigned long)m->private;
	unsigned long kb = 0;
	bool same = true;

	if (cpu != TRACE_ALL_CPUS) {
		kb = ring_buffer_size_kb(cpu);
	} else {
		for (unsigned c = 0; c < nr_cpus; c++) {
			if (c && ring_buffer_size_kb(c) != kb)
				same = false;
			kb = ring_buffer_size_kb(c);
		}
	}
	if (!same)
		seq_puts(m, "X");
	else
		seq_printf(m, "%lu", kb);
	if (!trace_buffers_expanded())
		seq_printf(m, " (expanded: %lu)", trace_buf_size_kb);
	seq_puts(m, "\n");
	return 0;
}

static int buffer_size_kb_open(struct fs_file *f)
{
	return single_open(f, buffer_size_kb_show,
			   (void *)(unsigned long)trace_file_cpu(f));
}

static ssize_t buffer_size_kb_write(struct fs_file *f, const char *buf,
				    size_t len)
{
	unsigned cpu = trace_file_cpu(f);
	unsigned long long kb;
	int r = fs_parse_number(buf, len, 1UL << 20, &kb);

	if (r || !kb) {
		trace_error_log("buffer_size_kb", "expected a size in KiB", buf,
				0);
		return -EINVAL;
	}
	for (unsigned c = 0; c < nr_cpus && !r; c++)
		if (cpu == TRACE_ALL_CPUS || c == cpu)
			r = ring_buffer_resize(c, (unsigned long)kb);
	if (r)
		return r;
	if (cpu == TRACE_ALL_CPUS)
		trace_buf_size_kb = (unsigned long)kb;
	trace_note_resized();
	return (ssize_t)len;
}

static const struct fs_file_ops buffer_size_kb_fops = {
	.open = buffer_size_kb_open,
	.release = single_release,
	.read = seq_read,
	.write = buffer_size_kb_write
};

static int buffer_total_size_kb_show(struct seq_file *m, void *v)
{
	unsigned long kb = 0;

	for (unsigned c = 0; c < nr_cpus; c++)
		kb += ring_buffer_size_kb(c);
	seq_printf(m, "%lu", kb);
	if (!trace_buffers_expanded())
		seq_printf(m, " (expanded: %lu)", trace_buf_size_kb * nr_cpus);
	seq_puts(m, "\n");
	return 0;
}
DEFINE_SHOW_FILE(buffer_total_size_kb);

/* ---- saved_cmdlines ---- */

/*
 * The thread names the output uses, "PID COMM" a line in the table's
 * order, as Linux lists them; trace-cmd takes its names from here.
 */
static int saved_cmdlines_show(struct seq_file *m, void *v)
{
	char comm[THREAD_NAME_MAX];

	for (unsigned i = 0; i < TRACE_CMDLINES; i++) {
		int pid = trace_cmdline_slot(i, comm);

		if (pid >= 0)
			seq_printf(m, "%d %s\n", pid, comm);
	}
	return 0;
}
DEFINE_SHOW_FILE(saved_cmdlines);

/* ---- the tree ---- */

void trace_files_init(void)
{
	static const struct {
		const char *name;
		const struct fs_file_ops *fops;
	} files[] = {
		{ "available_tracers", &available_tracers_fops },
		{ "current_tracer", &current_tracer_fops },
		{ "tracing_on", &tracing_on_fops },
		{ "trace_marker", &trace_marker_fops },
		{ "trace_clock", &trace_clock_fops },
		{ "tracing_cpumask", &tracing_cpumask_fops },
		{ "set_ftrace_pid", &set_ftrace_pid_fops },
		{ "buffer_size_kb", &buffer_size_kb_fops },
		{ "buffer_total_size_kb", &buffer_total_size_kb_fops },
		{ "saved_cmdlines", &saved_cmdlines_fops },
	};
	char path[FS_PATH_MAX];

	for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), TRACEFS "%s", files[i].name);
		fs_create_file(path, files[i].fops, NULL);
	}
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		snprintf(path, sizeof(path),
			 TRACEFS "per_cpu/cpu%u/buffer_size_kb", cpu);
		fs_create_file(path, &buffer_size_kb_fops,
			       (void *)(unsigned long)(cpu + 1));
	}
	trace_options_init();
	trace_read_files_init();
	trace_error_log_init();
}
