# test_console.c drives the console's input ring and its UART hold.
KERNEL_SRCS += kernel/console.c
