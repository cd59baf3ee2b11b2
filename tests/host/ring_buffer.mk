# ring_buffer.mk - put the per-CPU trace ring buffer into the runner.
KERNEL_SRCS += trace/ring_buffer.c
