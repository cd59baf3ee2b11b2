# ftrace_records.mk - put the trace core's tables into the runner.
KERNEL_SRCS += trace/ftrace_records.c
