# trace_output.mk - the trace files' text and the reader, over the ring buffer.
KERNEL_SRCS += trace/trace_output.c trace/trace_reader.c
