# x86_64 build settings, included by the top-level Makefile.

# The host gcc is a fine freestanding x86_64 compiler; prefer a real cross
# compiler when one is installed.
ifeq ($(origin CROSS_COMPILE),undefined)
CROSS_COMPILE := $(if $(shell command -v x86_64-elf-gcc 2>/dev/null),x86_64-elf-,)
endif

# No red zone: interrupts push onto the kernel stack below rsp.
# No SSE/x87: the kernel does not save FPU state on traps or switches.
ARCH_CFLAGS := -m64 -mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx \
	-mno-80387 -mcmodel=small -fno-asynchronous-unwind-tables \
	-Iarch/x86/include
ARCH_ASFLAGS := -Iarch/x86/include

# PATCHABLE=1: gcc pads each traced function's entry with MCOUNT_INSN_SIZE
# one-byte NOPs, before the frame set-up, so a leaf keeps having none.
# FTRACE_PATCHABLE tells mcount.S where the return address is then, and
# ftrace.c to turn the pads into the call -pg would have made.
ifeq ($(PATCHABLE),1)
MCOUNT_INSN_SIZE := $(shell sed -n \
	's/^\#define MCOUNT_INSN_SIZE \([0-9]*\)$$/\1/p' \
	arch/x86/include/asm/ftrace.h)
PATCHABLE_CFLAGS := -fpatchable-function-entry=$(MCOUNT_INSN_SIZE)
ARCH_CFLAGS += -DFTRACE_PATCHABLE
endif
LDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments
LDSCRIPT := linker/x86_64.ld
PTR_SIZE := 8
IMAGE := kernel.elf

ARCH_SRCS := $(sort $(wildcard arch/x86/*.c arch/x86/*.S boot/x86_64/*.S))

# arch/x86/nmi.c        the NMI entry runs before the handshake allows tracing
# arch/x86/ftrace.c     the patcher itself rewrites the call sites
# arch/x86/ftrace_insn.c the patcher encodes each site's bytes with it
# arch/x86/apic.c       IPIs are sent from inside stop_machine
# arch/x86/cpu.c        irq save/restore and the clock run in every tracer
# arch/x86/ftrace_bp.c  the int3 trap runs while sites are half written
ARCH_NOTRACE_FILES := arch/x86/nmi.c arch/x86/ftrace.c arch/x86/apic.c \
	arch/x86/cpu.c arch/x86/ftrace_insn.c arch/x86/ftrace_bp.c

iso: $(BUILD)/kernel.iso
$(BUILD)/kernel.iso: $(BUILD)/kernel.elf qemu/grub.cfg
	rm -rf $(BUILD)/iso
	mkdir -p $(BUILD)/iso/boot/grub
	cp $(BUILD)/kernel.elf $(BUILD)/iso/boot/kernel.elf
	cp qemu/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso 2>/dev/null
