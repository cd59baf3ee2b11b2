# ftrace_bp.mk - put the breakpoint method's batch table into the runner.
KERNEL_SRCS += trace/ftrace_bp_table.c
