# x86_insn.mk - put arch/x86/ftrace_insn.c (the x86_64 call-site
# encodings) into the runner for test_x86_insn.c.
KERNEL_SRCS += arch/x86/ftrace_insn.c
