# x86_insn.mk - put arch/x86/ftrace_insn.c into the runner on x86_64 hosts.
#
# The encodings depend on MCOUNT_INSN_SIZE, which ftrace_arch.h takes from
# the compiler's target; only an x86_64 host compiler gives the x86 value
# (test_x86_insn.c checks the same macro and compiles to nothing elsewhere).
ifneq ($(filter __x86_64__,$(shell $(HOSTCC) -dM -E - </dev/null)),)
KERNEL_SRCS += arch/x86/ftrace_insn.c
endif
