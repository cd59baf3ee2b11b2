/*
 * trace_output.c - the text of the trace files, column for column as
 * Linux prints them: the header, the context columns (task, CPU, the
 * irqs-off/need-resched/hardirq/preempt-depth flags, the time), and the
 * events the core itself defines (function, marker).
 */
#include "kstring.h"
#include "ksym.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"
#include "trace_internal.h"

const char *const trace_option_names[TRACE_ITER_NR] = {
	[TRACE_ITER_PRINT_PARENT] = "print-parent",
	[TRACE_ITER_SYM_OFFSET] = "sym-offset",
	[TRACE_ITER_SYM_ADDR] = "sym-addr",
	[TRACE_ITER_CONTEXT_INFO] = "context-info",
	[TRACE_ITER_RECORD_CMD] = "record-cmd",
	[TRACE_ITER_OVERWRITE] = "overwrite",
	[TRACE_ITER_IRQ_INFO] = "irq-info",
	[TRACE_ITER_MARKERS] = "markers",
	[TRACE_ITER_FUNCTION_TRACE] = "function-trace",
};

void trace_entries(unsigned only_cpu, unsigned long *entries,
		   unsigned long *written)
{
	*entries = *written = 0;
	for (unsigned cpu = 0; cpu < nr_cpus; cpu++) {
		struct rb_stats st;

		if (only_cpu != TRACE_ALL_CPUS && cpu != only_cpu)
			continue;
		ring_buffer_stats(cpu, &st);
		*entries += st.entries;
		*written += st.entries + st.overrun;
	}
}

void trace_print_header(struct seq_file *m, const struct tracer *t,
			unsigned only_cpu)
{
	unsigned long entries, written;

	seq_printf(m, "# tracer: %s\n#\n", t ? t->name : "nop");
	if (t && t->print_header) {
		t->print_header(m);
		return;
	}
	trace_entries(only_cpu, &entries, &written);
	seq_printf(m, "# entries-in-buffer/entries-written: %lu/%lu   #P:%u\n",
		   entries, written, nr_cpus);
	seq_puts(m, "#\n");
	if (!trace_option(TRACE_ITER_CONTEXT_INFO))
		return;
	if (!trace_option(TRACE_ITER_IRQ_INFO)) {
		seq_puts(m,
			 "#           TASK-PID     CPU#     TIMESTAMP  "
			 "FUNCTION\n"
			 "#              | |         |         |         |\n");
		return;
	}
	seq_puts(m, "#                                _-----=> "
		    "irqs-off/BH-disabled\n"
		    "#                               / _----=> need-resched\n"
		    "#                              | / _---=> "
		    "hardirq/softirq\n"
		    "#                              || / _--=> preempt-depth\n"
		    "#                              ||| / _-=> "
		    "migrate-disable\n"
		    "#                              |||| /     delay\n"
		    "#           TASK-PID     CPU#  |||||  TIMESTAMP  "
		    "FUNCTION\n"
		    "#              | |         |   |||||     |         |\n");
}

void trace_print_lat_fmt(struct seq_file *m, const struct trace_entry *ent)
{
	bool nmi = ent->flags & TRACE_FLAG_NMI;
	bool hard = ent->flags & TRACE_FLAG_HARDIRQ;
	bool soft = ent->flags & TRACE_FLAG_SOFTIRQ;
	char irqs_off = ent->flags & TRACE_FLAG_IRQS_OFF ? 'd' : '.';
	char resched = ent->flags & TRACE_FLAG_NEED_RESCHED ? 'n' : '.';
	char ctx = nmi && hard	  ? 'Z'
		   : nmi	  ? 'z'
		   : hard && soft ? 'H'
		   : hard	  ? 'h'
		   : soft	  ? 's'
				  : '.';
	unsigned depth = ent->preempt_count & 0xf;

	seq_printf(m, "%c%c%c", irqs_off, resched, ctx);
	if (depth)
		seq_printf(m, "%x", depth);
	else
		seq_puts(m, ".");
	/* No migrate_disable() here: the column is always '.'. */
	seq_puts(m, ".");
}

void trace_print_ts_trunc(struct seq_file *m, u64 ts)
{
	u64 sec = ts / 1000000000ULL;
	unsigned long usec = (unsigned long)(ts % 1000000000ULL) / 1000;

	seq_printf(m, "%5llu.%06lu", (unsigned long long)sec, usec);
}

void trace_print_ts(struct seq_file *m, u64 ts)
{
	/* Rounded, as Linux and trace-cmd print it: 0.2738125 s is
	 * 0.273813. The same column must read the same in both. */
	trace_print_ts_trunc(m, ts + 500);
}

void trace_print_graph_duration(struct seq_file *m, u64 ns)
{
	unsigned long long us = ns / 1000;
	unsigned frac = (unsigned)(ns % 1000);
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%llu", us);

	seq_puts(m, digits);
	/* At most seven digits in all: fewer decimals as the us grow. */
	if (len < 7) {
		int keep = MIN(3, 7 - len);

		for (int i = 3; i > keep; i--)
			frac /= 10;
		seq_printf(m, ".%0*u", keep, frac);
		len += keep + 1;
	}
	seq_puts(m, " us ");
	for (; len < 8; len++)
		seq_puts(m, " ");
}

void trace_print_sym(struct seq_file *m, unsigned long addr)
{
	char buf[KSYM_FORMAT_MAX];

	if (trace_option(TRACE_ITER_SYM_OFFSET)) {
		ksym_format(addr, buf, sizeof(buf));
	} else {
		unsigned long off;
		const struct ksym *s = ksym_lookup(addr, &off);

		if (s)
			snprintf(buf, sizeof(buf), "%s", s->name);
		else
			snprintf(buf, sizeof(buf), "0x%lx", addr);
	}
	seq_puts(m, buf);
	if (trace_option(TRACE_ITER_SYM_ADDR))
		seq_printf(m, " <%0*lx>", (int)(2 * sizeof(long)), addr);
}

void trace_print_context(struct trace_iterator *iter)
{
	struct seq_file *m = iter->seq;
	char comm[THREAD_NAME_MAX];

	trace_find_cmdline(iter->ent->pid, comm);
	seq_printf(m, "%16s-%-7d [%03u] ", comm, iter->ent->pid, iter->cpu);
	if (trace_option(TRACE_ITER_IRQ_INFO))
		trace_print_lat_fmt(m, iter->ent);
	seq_puts(m, " ");
	trace_print_ts(m, iter->ts);
	seq_puts(m, ": ");
}

static void print_fn(struct trace_iterator *iter)
{
	const struct ftrace_entry *f = (const void *)iter->ent;

	trace_print_sym(iter->seq, f->ip);
	if (trace_option(TRACE_ITER_PRINT_PARENT) && f->parent_ip) {
		seq_puts(iter->seq, " <-");
		trace_print_sym(iter->seq, f->parent_ip);
	}
	seq_puts(iter->seq, "\n");
}

static void print_marker(struct trace_iterator *iter)
{
	const struct print_entry *p = (const void *)iter->ent;
	size_t n = iter->ent_size - sizeof(*p);
	size_t len = strnlen(p->buf, n);

	trace_print_sym(iter->seq, p->ip);
	seq_printf(iter->seq, ": %.*s", (int)len, p->buf);
	if (!len || p->buf[len - 1] != '\n')
		seq_puts(iter->seq, "\n");
}

void trace_print_line(struct trace_iterator *iter)
{
	const struct tracer *t = iter->tracer;

	if (t && t->print_line && t->print_line(iter) == TRACE_TYPE_HANDLED)
		return;
	if (trace_option(TRACE_ITER_CONTEXT_INFO))
		trace_print_context(iter);
	switch (iter->ent->type) {
	case TRACE_FN:
		print_fn(iter);
		break;
	case TRACE_PRINT:
		print_marker(iter);
		break;
	default:
		seq_printf(iter->seq, "Unknown type %u\n", iter->ent->type);
	}
}
