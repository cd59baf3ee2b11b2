# sh_insn.mk - put arch/sh/ftrace_insn.c (the SH-4 call-site encodings)
# into the runner for test_sh_insn.c.
KERNEL_SRCS += arch/sh/ftrace_insn.c
