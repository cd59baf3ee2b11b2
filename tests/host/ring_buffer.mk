# ring_buffer.mk - put the per-CPU trace ring buffer into the runner.
KERNEL_SRCS += trace/ring_buffer.c trace/ring_buffer_read.c \
	trace/ring_buffer_size.c
