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
ARCH_CFLAGS := -m4-nofpu -ml -mno-usermode -matomic-model=soft-imask \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -Iarch/sh/include
ARCH_ASFLAGS := -Iarch/sh/include
LDFLAGS := -nostdlib -EL -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments
LDSCRIPT := linker/sh4.ld
PTR_SIZE := 4
IMAGE := kernel.bin

# gcc calls libgcc for division (__udivsi3_i4i, __sdivsi3_i4i, __udivdi3,
# __umoddi3...), 64-bit shifts and block moves (__movmem). The integer
# routines of the default (FPU) multilib use no FPU instructions, so they
# suit a -m4-nofpu kernel. To be linked after the objects.
ARCH_LIBS := $(shell $(CROSS_COMPILE)gcc -m4-nofpu -ml \
	-print-libgcc-file-name 2>/dev/null)

ARCH_SRCS := $(sort $(wildcard arch/sh/*.c arch/sh/*.S boot/sh4/*.S))

# arch/sh/cpu.c         irq save/restore and the clock run in every tracer
# arch/sh/intc.c        arch_irq_restore() replays held-back interrupts
# arch/sh/traps.c       interrupt entry, before the pseudo-NMI handshake
# arch/sh/atomic.c      64-bit atomics used by the ring buffer and tracers
ARCH_NOTRACE_FILES := arch/sh/cpu.c arch/sh/intc.c arch/sh/traps.c \
	arch/sh/atomic.c

# The SCIF console is QEMU's second serial port; the first (SCI) goes
# nowhere. With -serial stdio, Ctrl-C ends QEMU.
QEMU_CMD := qemu-system-sh4 -M r2d -kernel $(BUILD)/kernel.bin \
	-append "$(APPEND)" -serial null -serial stdio -monitor none \
	-display none
QEMU_RUN_OPTS :=

# QEMU's r2d loads a raw image, not an ELF. (A pattern rule, so that it
# does not become the Makefile's default goal.)
$(BUILD)/%.bin: $(BUILD)/%.elf
	$(OBJCOPY) -O binary $< $@
