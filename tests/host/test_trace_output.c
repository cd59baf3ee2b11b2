/*
 * test_trace_output.c - host tests for the trace files' text
 * (trace/trace_output.c) against lines laid out as Linux 6.1 prints
 * them, and for the reader that merges the CPUs' buffers
 * (trace/trace_reader.c), over the real ring buffer.
 *
 * The symbols are the shim's made-up table (alpha at 0x1000, beta at
 * 0x1200, ...). What the trace core's other files would provide (the
 * options word, thread names, the current tracer) is defined here.
 */
#include "test.h"

#include "smp.h"
#include "../../trace/trace_internal.h"

DEFINE_PER_CPU(struct cpu, cpus) = { [0 ... NR_CPUS - 1] = CPU_INIT };
unsigned nr_cpus = 1;
unsigned long trace_flags;
static const struct tracer *test_tracer;

void trace_find_cmdline(int pid, char *comm)
{
	snprintf(comm, THREAD_NAME_MAX, "%s", pid == 1 ? "init" : "<...>");
}

const struct tracer *trace_current_tracer(void)
{
	return test_tracer;
}

static const unsigned long default_flags =
	(1UL << TRACE_ITER_PRINT_PARENT) | (1UL << TRACE_ITER_CONTEXT_INFO) |
	(1UL << TRACE_ITER_IRQ_INFO) | (1UL << TRACE_ITER_MARKERS);

static struct seq_file *new_seq(void)
{
	static struct seq_file m;
	static char buf[8192];

	memset(&m, 0, sizeof(m));
	m.buf = buf;
	m.size = sizeof(buf);
	return &m;
}

static const char *text(struct seq_file *m)
{
	m->buf[m->count] = 0;
	return m->buf;
}

/* One function event printed as the trace file prints it. */
static const char *fn_line(unsigned cpu, u64 ts, u8 flags, u8 pc, int pid,
			   unsigned long ip, unsigned long parent)
{
	static struct ftrace_entry e;
	struct trace_iterator it = { 0 };

	e.ent.type = TRACE_FN;
	e.ent.flags = flags;
	e.ent.preempt_count = pc;
	e.ent.pid = pid;
	e.ip = ip;
	e.parent_ip = parent;
	it.seq = new_seq();
	it.cpu = cpu;
	it.ts = ts;
	it.ent = &e.ent;
	it.ent_size = sizeof(e);
	trace_print_line(&it);
	return text(it.seq);
}

TEST(trace_function_line_columns_as_linux)
{
	trace_flags = default_flags;
	/* "            init-1       [000] ...1.     4.388757: vfs_read
	 * <-ksys_read", with the shim's names. */
	CHECK_STREQ(fn_line(0, 4388757123ULL, 0, 1, 1, 0x1000, 0x1210),
		    "            init-1       [000] ...1.     4.388757: "
		    "alpha <-beta\n");
	CHECK_STREQ(fn_line(1, 24445780000ULL, 0, 1, 1, 0x1000, 0x1210),
		    "            init-1       [001] ...1.    24.445780: "
		    "alpha <-beta\n");
	/* Long names and ids keep the columns after them where they are. */
	CHECK_STREQ(
		fn_line(3, 1000, 0, 0, 12345, 0x1200, 0),
		"           <...>-12345   [003] .....     0.000001: beta\n");
}

TEST(trace_flag_columns)
{
	trace_flags = default_flags;
	CHECK_STREQ(fn_line(0, 0, TRACE_FLAG_IRQS_OFF, 0, 1, 0x1000, 0) + 30,
		    " d....     0.000000: alpha\n");
	CHECK_STREQ(fn_line(0, 0,
			    TRACE_FLAG_IRQS_OFF | TRACE_FLAG_NEED_RESCHED |
				    TRACE_FLAG_HARDIRQ,
			    2, 1, 0x1000, 0) +
			    30,
		    " dnh2.     0.000000: alpha\n");
	CHECK_STREQ(fn_line(0, 0, TRACE_FLAG_NMI, 0, 1, 0x1000, 0) + 30,
		    " ..z..     0.000000: alpha\n");
	CHECK_STREQ(fn_line(0, 0, TRACE_FLAG_NMI | TRACE_FLAG_HARDIRQ, 0xf, 1,
			    0x1000, 0) +
			    30,
		    " ..Zf.     0.000000: alpha\n");
	CHECK_STREQ(fn_line(0, 0, TRACE_FLAG_HARDIRQ | TRACE_FLAG_SOFTIRQ, 0, 1,
			    0x1000, 0) +
			    30,
		    " ..H..     0.000000: alpha\n");
}

TEST(trace_options_change_the_line)
{
	/* sym-offset: "vfs_read+0x0/0x310 <-ksys_read+0xb7/0xf0". */
	trace_flags = default_flags | (1UL << TRACE_ITER_SYM_OFFSET);
	CHECK_STREQ(fn_line(1, 24445780000ULL, 0, 1, 1, 0x1000, 0x1237) + 51,
		    "alpha+0x0/0x100 <-beta+0x37/0x80\n");
	trace_flags = default_flags | (1UL << TRACE_ITER_SYM_ADDR);
	CHECK_STREQ(fn_line(0, 0, 0, 0, 1, 0x1000, 0) + 51,
		    sizeof(long) == 8 ? "alpha <0000000000001000>\n"
				      : "alpha <00001000>\n");
	trace_flags = default_flags & ~(1UL << TRACE_ITER_PRINT_PARENT);
	CHECK_STREQ(fn_line(0, 0, 0, 0, 1, 0x1000, 0x1210) + 51, "alpha\n");
	/* noirq-info: the flags column goes, the time moves left. */
	trace_flags = default_flags & ~(1UL << TRACE_ITER_IRQ_INFO);
	CHECK_STREQ(fn_line(0, 4388757000ULL, 0, 1, 1, 0x1000, 0x1210),
		    "            init-1       [000]      4.388757: "
		    "alpha <-beta\n");
	trace_flags = default_flags & ~(1UL << TRACE_ITER_CONTEXT_INFO);
	CHECK_STREQ(fn_line(0, 0, 0, 1, 1, 0x1000, 0x1210), "alpha <-beta\n");
	/* An address outside every symbol. */
	trace_flags = default_flags;
	CHECK_STREQ(fn_line(0, 0, 0, 0, 1, 0x9000, 0) + 51, "0x9000\n");
}

TEST(trace_marker_line)
{
	struct {
		struct print_entry p;
		char text[16];
	} ev = { 0 };
	struct trace_iterator it = { 0 };

	trace_flags = default_flags;
	ev.p.ent.type = TRACE_PRINT;
	ev.p.ent.pid = 1;
	ev.p.ip = 0x1300;
	memcpy(ev.p.buf, "start-marker\n", 14);
	it.seq = new_seq();
	it.ent = &ev.p.ent;
	it.ent_size = sizeof(ev);
	trace_print_line(&it);
	CHECK_STREQ(text(it.seq) + 51, "gamma: start-marker\n");
	/* Text without a newline gets one. */
	memcpy(ev.p.buf, "end", 4);
	it.seq = new_seq();
	trace_print_line(&it);
	CHECK_STREQ(text(it.seq) + 51, "gamma: end\n");
}

TEST(trace_header_as_linux)
{
	struct seq_file *m = new_seq();
	static const struct tracer fn = { .name = "function" };

	test_mem_setup(TEST_ARENA_PAGES);
	nr_cpus = 2;
	CHECK_EQ(ring_buffer_resize(0, 8), 0);
	CHECK_EQ(ring_buffer_resize(1, 8), 0);
	trace_flags = default_flags;
	trace_print_header(m, &fn, TRACE_ALL_CPUS);
	CHECK_STREQ(text(m),
		    "# tracer: function\n"
		    "#\n"
		    "# entries-in-buffer/entries-written: 0/0   #P:2\n"
		    "#\n"
		    "#                                _-----=> "
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
	ring_buffer_free(0);
	ring_buffer_free(1);
	nr_cpus = 1;
}

static const char *duration(u64 ns)
{
	struct seq_file *m = new_seq();

	trace_print_graph_duration(m, ns);
	return text(m);
}

/* As function_graph's DURATION column and the profiler print them. */
TEST(trace_graph_duration_widths)
{
	CHECK_STREQ(duration(1242), "1.242 us    ");
	CHECK_STREQ(duration(31219), "31.219 us   ");
	CHECK_STREQ(duration(115559), "115.559 us  ");
	CHECK_STREQ(duration(1234567), "1234.567 us ");
	CHECK_STREQ(duration(12345678), "12345.67 us ");
	CHECK_STREQ(duration(123456789), "123456.7 us ");
	CHECK_STREQ(duration(1234567891), "1234567 us  ");
	CHECK_STREQ(duration(0), "0.000 us    ");
	CHECK_STREQ(duration(5), "0.005 us    ");
}

/* ---- the reader ---- */

static void write_fn(unsigned cpu, u64 ts, unsigned long ip)
{
	struct ftrace_entry *e;

	test_cpu_id = cpu;
	test_clock_ns = ts;
	e = ring_buffer_reserve(sizeof(*e));
	CHECK(e != NULL);
	memset(e, 0, sizeof(*e));
	e->ent.type = TRACE_FN;
	e->ip = ip;
	ring_buffer_commit();
	test_cpu_id = 0;
}

static void two_empty_cpus(void)
{
	test_mem_setup(TEST_ARENA_PAGES);
	nr_cpus = 2;
	test_tracer = NULL;
	for (unsigned cpu = 0; cpu < 2; cpu++) {
		CHECK_EQ(ring_buffer_resize(cpu, 8), 0);
		ring_buffer_reset(cpu);
	}
}

static void setup_two_cpus(void)
{
	two_empty_cpus();
	/* cpu0: 10 30 50; cpu1: 20 40. */
	write_fn(0, 10, 0x1000);
	write_fn(1, 20, 0x1200);
	write_fn(0, 30, 0x1300);
	write_fn(1, 40, 0x1400);
	write_fn(0, 50, 0x2000);
}

static void teardown_two_cpus(void)
{
	ring_buffer_free(0);
	ring_buffer_free(1);
	nr_cpus = 1;
}

static unsigned long ip_of(struct trace_reader *r)
{
	return ((struct ftrace_entry *)r->iter.ent)->ip;
}

TEST(trace_reader_merges_in_time_order)
{
	static const u64 want_ts[] = { 10, 20, 30, 40, 50 };
	struct trace_reader r;

	for (int consuming = 0; consuming < 2; consuming++) {
		setup_two_cpus();
		CHECK_EQ(trace_reader_open(&r, consuming, TRACE_ALL_CPUS), 0);
		for (unsigned i = 0; i < 5; i++) {
			CHECK(trace_reader_next(&r));
			CHECK_EQ(r.iter.ts, want_ts[i]);
			CHECK_EQ(r.iter.cpu, i % 2);
		}
		CHECK(!trace_reader_next(&r));
		trace_reader_close(&r);
		/* The non-consuming reader left them; the other took them. */
		CHECK_EQ(trace_reader_open(&r, false, TRACE_ALL_CPUS), 0);
		CHECK_EQ(trace_reader_next(&r), !consuming);
		trace_reader_close(&r);
		teardown_two_cpus();
	}
}

TEST(trace_reader_one_cpu_and_rewind)
{
	struct trace_reader r;

	setup_two_cpus();
	CHECK_EQ(trace_reader_open(&r, false, 1), 0);
	CHECK(trace_reader_next(&r));
	CHECK_EQ(ip_of(&r), 0x1200);
	CHECK(trace_reader_next(&r));
	CHECK_EQ(ip_of(&r), 0x1400);
	CHECK(!trace_reader_next(&r));
	trace_reader_rewind(&r);
	CHECK(trace_reader_next(&r));
	CHECK_EQ(ip_of(&r), 0x1200);
	trace_reader_close(&r);
	teardown_two_cpus();
}

/* Peek finds the same CPU's next event past the other CPU's; taking it
 * makes the reader skip it. Both kinds of reader alike. */
TEST(trace_reader_peek_and_take)
{
	struct trace_reader r;
	struct trace_entry *p;
	u64 ts;

	for (int consuming = 0; consuming < 2; consuming++) {
		setup_two_cpus();
		CHECK_EQ(trace_reader_open(&r, consuming, TRACE_ALL_CPUS), 0);
		CHECK(trace_reader_next(&r)); /* cpu0 at 10 */
		p = trace_iter_peek(&r.iter, &ts);
		CHECK(p != NULL);
		CHECK_EQ(ts, 30);
		CHECK_EQ(((struct ftrace_entry *)p)->ip, 0x1300);
		/* Peeking twice gives the same. */
		CHECK(trace_iter_peek(&r.iter, NULL) != NULL);
		trace_iter_take_peeked(&r.iter);
		CHECK(trace_reader_next(&r));
		CHECK_EQ(r.iter.ts, 20); /* cpu1 */
		CHECK(trace_reader_next(&r));
		CHECK_EQ(r.iter.ts, 40); /* 30 was taken */
		CHECK(trace_reader_next(&r));
		CHECK_EQ(r.iter.ts, 50);
		/* Nothing after the last event of a CPU. */
		CHECK(trace_iter_peek(&r.iter, NULL) == NULL);
		CHECK(!trace_reader_next(&r));
		trace_reader_close(&r);
		teardown_two_cpus();
	}
}

/* The next event of a CPU further on than the reader's queue reaches:
 * the ring buffer's own peek finds it, and taking it skips it later. */
TEST(trace_reader_peek_beyond_the_queue)
{
	struct trace_reader r;
	struct trace_entry *p;
	u64 ts;

	two_empty_cpus();
	write_fn(0, 10, 0x1000);
	for (unsigned i = 0; i < 2 * TRACE_PEEK_MAX; i++)
		write_fn(1, 11 + i, 0x1200);
	write_fn(0, 100, 0x1300);
	CHECK_EQ(trace_reader_open(&r, false, TRACE_ALL_CPUS), 0);
	CHECK(trace_reader_next(&r));
	CHECK_EQ(r.iter.ts, 10);
	p = trace_iter_peek(&r.iter, &ts);
	CHECK(p != NULL);
	CHECK_EQ(ts, 100);
	CHECK_EQ(((struct ftrace_entry *)p)->ip, 0x1300);
	trace_iter_take_peeked(&r.iter);
	for (unsigned i = 0; i < 2 * TRACE_PEEK_MAX; i++) {
		CHECK(trace_reader_next(&r));
		CHECK_EQ(r.iter.cpu, 1);
	}
	CHECK(!trace_reader_next(&r));
	trace_reader_close(&r);
	teardown_two_cpus();
}
