# ftrace_filter_cmd.mk - the parser of set_ftrace_filter's words.
KERNEL_SRCS += trace/ftrace_filter_cmd.c
