/*
 * test_trace_graph.c - function_graph's lines (trace/trace_graph_output.c)
 * against the layouts Linux 6.1 prints: the headers with and without
 * funcgraph-proc and funcgraph-abstime, "{", leaves, "}", the duration
 * column and its marks, comments at the depth of the open call, and the
 * banner where a CPU changes threads. Functions come from the shim's
 * symbol table (alpha, beta, gamma, delta, omega).
 */
#include "test.h"

#include "sched.h"
#include "seq_file.h"
#include "../../trace/trace_graph.h"

static char out[4096];
static struct seq_file m;
static struct graph_cpu_state st;
static struct graph_line l;

static void names(int pid, char *comm)
{
	strlcpy(comm,
		pid == 0   ? "<idle>"
		: pid == 1 ? "init"
			   : "a-long-name",
		THREAD_NAME_MAX);
}

/* A fresh line printer: default options, CPU 1 of two, thread 1. */
static void start(unsigned flags)
{
	memset(out, 0, sizeof(out));
	m = (struct seq_file){ .buf = out, .size = sizeof(out) - 1 };
	graph_state_init(&st);
	l = (struct graph_line){ .m = &m,
				 .flags = flags,
				 .context_info = true,
				 .cpu = 1,
				 .cpu_digits = 1,
				 .pid = 1,
				 .st = &st,
				 .find_comm = names };
}

/* What was printed since the last call (the same again if called twice
 * with nothing printed in between, as a failed check does). */
static const char *taken(void)
{
	static char got[4096];

	if (m.count) {
		memcpy(got, out, m.count);
		got[m.count] = '\0';
		m.count = 0;
	}
	return got;
}

static struct ftrace_graph_ent_entry ent(unsigned long func, int depth)
{
	return (struct ftrace_graph_ent_entry){ .func = func, .depth = depth };
}

static struct ftrace_graph_ret_entry ret(unsigned long func, int depth, u64 ns)
{
	return (struct ftrace_graph_ret_entry){ .func = func,
						.depth = depth,
						.calltime = 1000,
						.rettime = 1000 + ns };
}

static void comment(const char *text)
{
	graph_print_comment(&l, text, strlen(text));
}

TEST(graph_header_default)
{
	start(TRACE_GRAPH_PRINT_DEFAULT);
	graph_print_header(&m, l.flags, true);
	CHECK_STREQ(taken(),
		    "# CPU  DURATION                  FUNCTION CALLS\n"
		    "# |     |   |                     |   |   |   |\n");
}

TEST(graph_header_proc_abstime)
{
	start(TRACE_GRAPH_PRINT_DEFAULT | TRACE_GRAPH_PRINT_PROC |
	      TRACE_GRAPH_PRINT_ABS_TIME);
	graph_print_header(&m, l.flags, true);
	CHECK_STREQ(taken(),
		    "#     TIME        CPU  TASK/PID         DURATION         "
		    "         FUNCTION CALLS\n"
		    "#      |          |     |    |           |   |           "
		    "          |   |   |   |\n");
	/* Without context-info there are no columns to head. */
	graph_print_header(&m, l.flags, false);
	CHECK_EQ(m.count, 0);
}

TEST(graph_nested_leaf_and_return)
{
	struct ftrace_graph_ent_entry a = ent(0x1000, 0), b = ent(0x1200, 1),
				      g = ent(0x1300, 1);
	struct ftrace_graph_ret_entry rb = ret(0x1200, 1, 115559),
				      rg = ret(0x1300, 1, 1242),
				      ra = ret(0x1000, 0, 194980);

	start(TRACE_GRAPH_PRINT_DEFAULT);
	graph_print_entry(&l, &a, NULL);
	CHECK_STREQ(taken(), " 1)               |  alpha() {\n");
	graph_print_entry(&l, &b, &rb);
	CHECK_STREQ(taken(), " 1) ! 115.559 us  |    beta();\n");
	graph_print_entry(&l, &g, &rg);
	CHECK_STREQ(taken(), " 1)   1.242 us    |    gamma();\n");
	graph_print_return(&l, &ra);
	CHECK_STREQ(taken(), " 1) ! 194.980 us  |  }\n");
}

TEST(graph_return_shows_its_function_when_unmatched_or_tail)
{
	struct ftrace_graph_ent_entry a = ent(0x1000, 2);
	struct ftrace_graph_ret_entry ra = ret(0x1000, 2, 31219),
				      rb = ret(0x1200, 1, 43452);

	start(TRACE_GRAPH_PRINT_DEFAULT);
	graph_print_entry(&l, &a, NULL);
	taken();
	graph_print_return(&l, &ra);
	CHECK_STREQ(taken(), " 1) + 31.219 us   |      }\n");
	/* Its "{" was never seen (lost, or before the buffer's start). */
	graph_print_return(&l, &rb);
	CHECK_STREQ(taken(), " 1) + 43.452 us   |    } /* beta */\n");

	start(TRACE_GRAPH_PRINT_DEFAULT | TRACE_GRAPH_PRINT_TAIL |
	      TRACE_GRAPH_PRINT_OVERRUN);
	graph_print_entry(&l, &a, NULL);
	taken();
	ra.overrun = 3;
	graph_print_return(&l, &ra);
	CHECK_STREQ(taken(), " 1) + 31.219 us   |      } /* alpha */\n"
			     " (Overruns: 3)\n");
}

TEST(graph_proc_abstime_lines)
{
	struct ftrace_graph_ent_entry a = ent(0x1000, 0), d = ent(0x1400, 5);
	struct ftrace_graph_ret_entry rd = ret(0x1400, 5, 2544),
				      ra = ret(0x1000, 4, 14778);

	start(TRACE_GRAPH_PRINT_DEFAULT | TRACE_GRAPH_PRINT_PROC |
	      TRACE_GRAPH_PRINT_ABS_TIME);
	l.cpu = 0;
	l.ts = 17437517123ULL;
	graph_print_entry(&l, &a, NULL);
	CHECK_STREQ(taken(), "   17.437517 |   0)     init-1     |          "
			     "     |  alpha() {\n");
	l.ts = 17437874000ULL;
	graph_print_entry(&l, &d, &rd);
	CHECK_STREQ(taken(), "   17.437874 |   0)     init-1     |   2.544 us"
			     "    |            delta();\n");
	l.ts = 17437887999ULL;
	graph_print_return(&l, &ra);
	CHECK_STREQ(taken(), "   17.437887 |   0)     init-1     | + 14.778 "
			     "us   |          } /* alpha */\n");
}

TEST(graph_duration_column)
{
	static const struct {
		u64 ns;
		const char *line;
	} cases[] = {
		{ 0, "  0.000 us    |  " },
		{ 999, "  0.999 us    |  " }, /* under a microsecond */
		{ 10000, "  10.000 us   |  " }, /* the marks need more */
		{ 10001, "+ 10.001 us   |  " },
		{ 100001, "! 100.001 us  |  " },
		{ 1000001, "# 1000.001 us |  " },
		{ 12345678, "* 12345.67 us |  " }, /* 7 digits at most */
		{ 123456789, "@ 123456.7 us |  " },
		{ 1234567890, "$ 1234567 us  |  " },
		{ 12345678901ULL, "$ 12345678 us |  " },
	};

	start(TRACE_GRAPH_PRINT_DURATION | TRACE_GRAPH_PRINT_OVERHEAD);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ftrace_graph_ent_entry a = ent(0x2000, 0);
		struct ftrace_graph_ret_entry r = ret(0x2000, 0, cases[i].ns);
		char want[80];

		snprintf(want, sizeof(want), "%somega();\n", cases[i].line);
		graph_print_entry(&l, &a, &r);
		CHECK_STREQ(taken(), want);
	}
	/* Without funcgraph-overhead no mark; without -duration no column. */
	start(TRACE_GRAPH_PRINT_CPU | TRACE_GRAPH_PRINT_DURATION);
	{
		struct ftrace_graph_ent_entry a = ent(0x2000, 1);
		struct ftrace_graph_ret_entry r = ret(0x2000, 1, 100001);

		graph_print_entry(&l, &a, &r);
		CHECK_STREQ(taken(), " 1)   100.001 us  |    omega();\n");
		l.flags = TRACE_GRAPH_PRINT_CPU;
		graph_print_entry(&l, &a, &r);
		CHECK_STREQ(taken(), " 1)   omega();\n");
	}
}

TEST(graph_comment_at_open_depth)
{
	struct ftrace_graph_ent_entry a = ent(0x1000, 0), b = ent(0x1200, 1),
				      g = ent(0x1300, 2);
	struct ftrace_graph_ret_entry rg = ret(0x1300, 2, 1000),
				      rb = ret(0x1200, 1, 5000);

	start(TRACE_GRAPH_PRINT_DEFAULT);
	comment("start-marker\n");
	CHECK_STREQ(taken(), " 1)               |  /* start-marker */\n");
	graph_print_entry(&l, &a, NULL);
	comment("in alpha");
	graph_print_entry(&l, &b, NULL);
	comment("in beta");
	graph_print_entry(&l, &g, &rg);
	comment("after gamma");
	graph_print_return(&l, &rb);
	comment("after beta");
	CHECK_STREQ(taken(), " 1)               |  alpha() {\n"
			     " 1)               |  /* in alpha */\n"
			     " 1)               |    beta() {\n"
			     " 1)               |      /* in beta */\n"
			     " 1)   1.000 us    |      gamma();\n"
			     " 1)               |      /* after gamma */\n"
			     " 1)   5.000 us    |    }\n"
			     " 1)               |  /* after beta */\n");
}

TEST(graph_thread_switch_banner)
{
	struct ftrace_graph_ent_entry a = ent(0x1000, 0);

	start(TRACE_GRAPH_PRINT_DEFAULT);
	graph_print_entry(&l, &a, NULL);
	taken();
	l.pid = 0;
	graph_print_entry(&l, &a, NULL);
	CHECK_STREQ(taken(), " ------------------------------------------\n"
			     " 1)     init-1     =>    <idle>-0   \n"
			     " ------------------------------------------\n"
			     "\n"
			     " 1)               |  alpha() {\n");
	/* Names are cut at 7 characters. */
	l.pid = 12;
	comment("x");
	CHECK_STREQ(taken(), " ------------------------------------------\n"
			     " 1)    <idle>-0    =>   a-long--12  \n"
			     " ------------------------------------------\n"
			     "\n"
			     " 1)               |  /* x */\n");
}
