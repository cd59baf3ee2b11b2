# trace_graph.mk - function_graph's line formatter, for test_trace_graph.c.
KERNEL_SRCS += trace/trace_graph_output.c
