# ftrace_records.mk - put the trace core's tables and filters into the runner.
KERNEL_SRCS += trace/ftrace_records.c trace/ftrace_filter.c
