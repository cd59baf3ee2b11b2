# SH-4 build settings for QEMU's r2d board, included by the top-level
# Makefile.

# Debian's gcc-sh4-linux-gnu. Its -pg emits the mcount call sequence the
# trace core expects (a bare sh-elf-gcc emits "trapa #33" instead).
CROSS_COMPILE ?= sh4-linux-gnu-

# -m4-nofpu: no FPU code, so neither traps nor thread switches carry FPU
#   state; SR.FD is set and any FPU instruction traps with a clear message.
# -mno-usermode -matomic-model=soft-imask: the default gUSA atomics need
#   the kernel to restart interrupted sequences, which this one does not
#   do; soft-imask makes 1/2/4-byte atomics IMASK-15 sections instead
#   (atomic on one CPU, and against the pseudo-NMI). 8-byte ones are calls
#   to arch/sh/atomic.c.
# -fplugin: Debian's sh4 gcc 12.2 miscompiles above -O0. In its SH-only
#   sh_treg_combine pass, t_reg_operand() and negt_reg_operand() are
#   declared returning int but defined returning bool, so the x86-64 cc1
#   reads garbage above the bool's byte: the pass takes ordinary moves
#   for T-bit stores and deletes the tst before a branch (vsnprintf
#   printed "" for 42). No option reaches the pass, so a plugin switches
#   off both of its runs (tools/gcc-sh-treg-plugin.cc); it stops the
#   build if they are not there. The Makefile's -O2 stands, as on x86;
#   tests/host/test_sh_treg.sh proves the workaround every run.
CC_PLUGIN := build/host/gcc-sh-treg-plugin.so
ARCH_CFLAGS := -fplugin=$(CC_PLUGIN) -m4-nofpu -ml -mno-usermode \
	-matomic-model=soft-imask -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -Iarch/sh/include
ARCH_ASFLAGS := -Iarch/sh/include
LDFLAGS := -nostdlib -EL -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments
LDSCRIPT := linker/sh4.ld
PTR_SIZE := 4
IMAGE := kernel.bin

# gcc's helpers (division, shifts) come from Debian's libgcc.a. It is
# position-independent code that reads its tables (__clz_tab) through the
# GOT, which is why linker/sh4.ld has a .got section. It has no m4-nofpu
# multilib, but what the kernel pulls from it uses no FPU instruction.
# Its table-driven division takes half the instructions the shift-and-
# subtract helpers this replaces did (divcheck: 4.4 against 9.1 million).
LIBS := $(shell $(CROSS_COMPILE)gcc -m4-nofpu -ml -print-libgcc-file-name)

ARCH_SRCS := $(sort $(wildcard arch/sh/*.c arch/sh/*.S boot/sh4/*.S))

# arch/sh/cpu.c         irq save/restore and the clock run in every tracer
# arch/sh/intc.c        arch_irq_restore() replays held-back interrupts
# arch/sh/traps.c       interrupt entry, before the pseudo-NMI handshake
# arch/sh/atomic.c      64-bit atomics used by the ring buffer and tracers
# arch/sh/ftrace.c      the patcher itself rewrites the call sites
# arch/sh/ftrace_insn.c the patcher encodes each site's bytes with it
# arch/sh/nmi.c         the pseudo-NMI entry runs before its ftrace handshake
ARCH_NOTRACE_FILES := arch/sh/cpu.c arch/sh/intc.c arch/sh/traps.c \
	arch/sh/atomic.c arch/sh/ftrace.c arch/sh/ftrace_insn.c \
	arch/sh/nmi.c

# QEMU's r2d loads a raw image, not an ELF. (A pattern rule, so that it
# does not become the Makefile's default goal.)
$(BUILD)/%.bin: $(BUILD)/%.elf
	$(OBJCOPY) -O binary $< $@
