/*
 * trace_graph_output.c - function_graph's lines, in Linux 6.1's layout
 * (see trace_graph.h). Every column is a fixed-width piece, so a line is
 * its prologue (time, CPU, thread), the duration column, the indent of
 * its depth and the function.
 */
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "sched.h"
#include "seq_file.h"
#include "trace_graph.h"

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_SEC 1000000000ULL
/* Thread columns: "comm-pid" centred in this many (Linux's 14). */
#define PROCINFO_WIDTH 14

/* How the duration column is filled when there is no duration. */
enum fill { FILL_NONE, FILL_FULL };

void graph_state_init(struct graph_cpu_state *st)
{
	memset(st, 0, sizeof(*st));
	st->depth = -1;
	st->last_pid = -1;
}

static void put_spaces(struct seq_file *m, int n)
{
	for (; n > 0; n--)
		seq_puts(m, " ");
}

/* Linux's %ps: the function's name, without offset. */
static void put_func(struct seq_file *m, unsigned long addr)
{
	unsigned long off;
	const struct ksym *s = ksym_lookup(addr, &off);

	if (s)
		seq_puts(m, s->name);
	else
		seq_printf(m, "0x%lx", addr);
}

void graph_print_header(struct seq_file *m, unsigned flags, bool context_info)
{
	if (!context_info)
		return;
	seq_puts(m, "#");
	if (flags & TRACE_GRAPH_PRINT_ABS_TIME)
		seq_puts(m, "     TIME       ");
	if (flags & TRACE_GRAPH_PRINT_CPU)
		seq_puts(m, " CPU");
	if (flags & TRACE_GRAPH_PRINT_PROC)
		seq_puts(m, "  TASK/PID       ");
	if (flags & TRACE_GRAPH_PRINT_DURATION)
		seq_puts(m, "  DURATION   ");
	seq_puts(m, "               FUNCTION CALLS\n");
	seq_puts(m, "#");
	if (flags & TRACE_GRAPH_PRINT_ABS_TIME)
		seq_puts(m, "      |         ");
	if (flags & TRACE_GRAPH_PRINT_CPU)
		seq_puts(m, " |  ");
	if (flags & TRACE_GRAPH_PRINT_PROC)
		seq_puts(m, "   |    |        ");
	if (flags & TRACE_GRAPH_PRINT_DURATION)
		seq_puts(m, "   |   |      ");
	seq_puts(m, "               |   |   |   |\n");
}

char graph_duration_mark(u64 ns)
{
	static const struct {
		u64 over;
		char mark;
	} marks[] = {
		{ 1000000000ULL, '$' }, { 100000000ULL, '@' },
		{ 10000000ULL, '*' },	{ 1000000ULL, '#' },
		{ 100000ULL, '!' },	{ 10000ULL, '+' },
	};

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (ns > marks[i].over)
			return marks[i].mark;
	return ' ';
}

/* "comm-pid" centred in PROCINFO_WIDTH columns. */
static void put_proc(struct graph_line *l, int pid)
{
	char comm[THREAD_NAME_MAX];
	int len, spaces;

	comm[0] = '\0';
	if (l->find_comm)
		l->find_comm(pid, comm);
	comm[TRACE_GRAPH_COMM_MAX] = '\0';
	len = (int)strlen(comm) + 1 + snprintf(NULL, 0, "%d", pid);
	spaces = len < PROCINFO_WIDTH ? PROCINFO_WIDTH - len : 0;
	put_spaces(l->m, spaces / 2);
	seq_printf(l->m, "%s-%d", comm, pid);
	put_spaces(l->m, spaces - spaces / 2);
}

static void put_cpu(struct graph_line *l)
{
	seq_printf(l->m, " %*u) ", (int)l->cpu_digits, l->cpu);
}

/* A CPU that ran another thread for the last line says so first. */
static void check_pid(struct graph_line *l)
{
	int prev;

	if (!l->st || l->st->last_pid == l->pid)
		return;
	prev = l->st->last_pid;
	l->st->last_pid = l->pid;
	if (prev == -1)
		return;
	seq_puts(l->m, " ------------------------------------------\n");
	put_cpu(l);
	put_proc(l, prev);
	seq_puts(l->m, " => ");
	put_proc(l, l->pid);
	seq_puts(l->m, "\n ------------------------------------------\n\n");
}

static void prologue(struct graph_line *l)
{
	check_pid(l);
	if (!l->context_info)
		return;
	if (l->flags & TRACE_GRAPH_PRINT_ABS_TIME)
		seq_printf(l->m, "%5llu.%06llu |  ",
			   (unsigned long long)(l->ts / NSEC_PER_SEC),
			   (unsigned long long)(l->ts % NSEC_PER_SEC /
						NSEC_PER_USEC));
	if (l->flags & TRACE_GRAPH_PRINT_CPU)
		put_cpu(l);
	if (l->flags & TRACE_GRAPH_PRINT_PROC) {
		put_proc(l, l->pid);
		seq_puts(l->m, " | ");
	}
}

static void duration_column(struct graph_line *l, u64 ns, enum fill fill)
{
	if (!(l->flags & TRACE_GRAPH_PRINT_DURATION) || !l->context_info)
		return;
	if (fill == FILL_FULL) {
		seq_puts(l->m, "              |  ");
		return;
	}
	if (l->flags & TRACE_GRAPH_PRINT_OVERHEAD)
		seq_printf(l->m, "%c ", graph_duration_mark(ns));
	else
		seq_puts(l->m, "  ");
	trace_print_graph_duration(l->m, ns);
	seq_puts(l->m, "|  ");
}

static bool depth_ok(int depth)
{
	return depth >= 0 && depth < FGRAPH_DEPTH;
}

void graph_print_entry(struct graph_line *l,
		       const struct ftrace_graph_ent_entry *e,
		       const struct ftrace_graph_ret_entry *leaf)
{
	prologue(l);
	if (l->st && depth_ok(e->depth)) {
		/* A comment after a leaf goes at the leaf's level; after
		 * "{", inside it. */
		l->st->depth = leaf ? e->depth - 1 : e->depth;
		l->st->enter_funcs[e->depth] = leaf ? 0 : e->func;
	}
	if (leaf)
		duration_column(l, leaf->rettime - leaf->calltime, FILL_NONE);
	else
		duration_column(l, 0, FILL_FULL);
	put_spaces(l->m, e->depth * TRACE_GRAPH_INDENT);
	put_func(l->m, e->func);
	seq_puts(l->m, leaf ? "();\n" : "() {\n");
}

void graph_print_return(struct graph_line *l,
			const struct ftrace_graph_ret_entry *r)
{
	bool matched = true;

	if (l->st) {
		l->st->depth = r->depth - 1;
		if (depth_ok(r->depth)) {
			matched = l->st->enter_funcs[r->depth] == r->func;
			l->st->enter_funcs[r->depth] = 0;
		}
	}
	prologue(l);
	duration_column(l, r->rettime - r->calltime, FILL_NONE);
	put_spaces(l->m, r->depth * TRACE_GRAPH_INDENT);
	if (matched && !(l->flags & TRACE_GRAPH_PRINT_TAIL)) {
		seq_puts(l->m, "}\n");
	} else {
		seq_puts(l->m, "} /* ");
		put_func(l->m, r->func);
		seq_puts(l->m, " */\n");
	}
	if (l->flags & TRACE_GRAPH_PRINT_OVERRUN)
		seq_printf(l->m, " (Overruns: %u)\n", r->overrun);
}

void graph_print_comment(struct graph_line *l, const char *text, size_t n)
{
	int depth = l->st ? l->st->depth : 0;

	prologue(l);
	duration_column(l, 0, FILL_FULL);
	if (depth > 0)
		put_spaces(l->m, (depth + 1) * TRACE_GRAPH_INDENT);
	/* The marker's own newline does not end the comment. */
	if (n && text[n - 1] == '\n')
		n--;
	seq_printf(l->m, "/* %.*s */\n", (int)n, text);
}
