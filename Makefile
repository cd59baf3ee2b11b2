# The one entry point: make, make run, make test, make iso, make bench,
# make profile, make trace, make fuzz, make debug.
#
#   make [ARCH=x86_64|sh4]   build the kernel into build/$(ARCH)/
#   make run [SMP=N]         build and boot it in QEMU on this terminal
#   make test                host unit tests, then boot tests on every arch
#   make iso                 x86_64 GRUB rescue ISO
#   make debug               boot with QEMU waiting for gdb on :1234
#   make profile [SCENARIO=F] per-function guest instructions of a scenario
#   make trace [SCENARIO=F]  trace a scenario of console commands (F, one
#                            a line; tools/trace/default-scenario.txt
#                            without it) and write build/trace/
#   make fuzz                libFuzzer harnesses, then random console lines
#                            typed into both kernels (docs/fuzzing.md)
#   make bench [SCALE=N]     costs against Linux's and the targets; with
#                            SCALE, how they grow with N functions more
#                            (docs/bench.md)
#
#   PATCHABLE=1 (x86_64)     the second build, into build/x86_64-patchable/:
#                            each site is gcc's -fpatchable-function-entry
#                            pad at the function's entry instead of -pg's
#                            call after its frame set-up, so a disabled
#                            call costs one instruction in every function,
#                            leaves included (docs/call-site.md). make
#                            test runs a short boot pass on it; the -pg
#                            build stays the default.

ARCH ?= x86_64
SMP ?= 4
APPEND ?=
SCENARIO ?=
SCALE ?=
PATCHABLE ?=
# SCALE=N: the same kernel with N generated functions, built apart; so is
# PATCHABLE=1.
BUILD := build/$(ARCH)$(if $(SCALE),-scale$(SCALE))$(if \
	$(filter 1,$(PATCHABLE)),-patchable)
PYTHON := /usr/bin/python3
.DEFAULT_GOAL := all

ifeq ($(ARCH),x86_64)
ARCHDIR := x86
else ifeq ($(ARCH),sh4)
ARCHDIR := sh
else
$(error ARCH must be x86_64 or sh4, not '$(ARCH)')
endif
ifneq ($(filter-out 1,$(PATCHABLE)),)
$(error PATCHABLE is 1 or unset, not '$(PATCHABLE)')
endif
ifeq ($(PATCHABLE)-$(ARCH),1-sh4)
$(error PATCHABLE=1 is x86_64 only: SH-4's call site is its -pg \
	sequence, which only the default build has)
endif

HOSTCC ?= cc
HOSTCFLAGS := -O2 -g -Wall -Wextra -std=gnu11
HOSTCXX ?= g++

# Per-arch settings: CROSS_COMPILE, ARCH_CFLAGS, ARCH_SRCS, LDSCRIPT,
# PTR_SIZE, IMAGE, LIBS, CC_PLUGIN and PATCHABLE_CFLAGS. How QEMU starts is qemu/qemu.sh's
# business.
include arch/$(ARCHDIR)/build.mk

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
OBJDUMP := $(CROSS_COMPILE)objdump
NM := $(CROSS_COMPILE)nm

CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-ffreestanding -fno-builtin -nostdinc -fno-pie -fno-stack-protector \
	-fno-common -fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-Iinclude -isystem $(shell $(CC) -print-file-name=include) \
	$(ARCH_CFLAGS)
ASFLAGS := -D__ASSEMBLY__ -Iinclude $(ARCH_ASFLAGS)

# Files that must never be traced, built without -pg (or the
# PATCHABLE build's pads). One reason each:
NOTRACE_FILES := \
	kernel/string.c \
	kernel/vsprintf.c \
	kernel/stop_machine.c \
	trace/fgraph.c \
	trace/ftrace.c \
	trace/ftrace_bp.c \
	trace/ftrace_bp_table.c \
	trace/ftrace_bug.c \
	trace/ftrace_fault.c \
	trace/ftrace_ops.c \
	trace/ftrace_record.c \
	trace/ftrace_records.c \
	trace/nmi_handshake.c \
	trace/ring_buffer.c \
	trace/ring_buffer_read.c \
	trace/ring_buffer_size.c \
	trace/ftrace_profile.c \
	trace/trace.c \
	trace/trace_function.c \
	trace/trace_functions_graph.c \
	$(ARCH_NOTRACE_FILES)
# kernel/string.c       memcpy/memset run inside the patcher and tracers
# kernel/vsprintf.c     formats output while call sites are changing
# kernel/stop_machine.c the other CPUs spin here while text changes
# trace/fgraph.c        the return hook, on every hooked call and return
# trace/ftrace.c        rewrites the call sites; must not run through them
# trace/ftrace_bp.c     the breakpoint method: writes sites, and its trap
#                       handler's half runs while they are half written
# trace/ftrace_bp_table.c the trap handler's lookup and decision
# trace/ftrace_bug.c    collects failures inside the patch pass
# trace/ftrace_fault.c  its write check runs inside every text write
# trace/ftrace_ops.c    the list function every enabled site leads to
# trace/ftrace_record.c the recorder every unconverted site leads to
# trace/ftrace_records.c filter lookups and the recorder's table, on that path
# trace/nmi_handshake.c runs first in every NMI, before any traced code
# trace/ring_buffer.c   every tracer's events are written through it
# trace/ring_buffer_read.c  reads beside the writer; traced, it would trace itself
# trace/ring_buffer_size.c  keeps the writers out; traced, it would drop its own
# trace/ftrace_profile.c the profiler's callbacks
# trace/trace.c         reserves every tracer's events
# trace/trace_function.c the function tracer's callback
# trace/trace_functions_graph.c function_graph's entry and return callbacks

KERNEL_SRCS := $(sort $(wildcard kernel/*.c trace/*.c)) $(ARCH_SRCS)
OBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(KERNEL_SRCS)))

# make bench SCALE=N: N small traced functions, generated (traced like
# every kernel file, so each is a call site).
ifneq ($(SCALE),)
OBJS += $(BUILD)/scale_funcs.o
$(BUILD)/scale_funcs.c: tools/gen_scale.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen_scale.py $(SCALE) > $@.tmp && mv $@.tmp $@
$(BUILD)/scale_funcs.o: $(BUILD)/scale_funcs.c $(RECORDMCOUNT) Makefile \
		arch/$(ARCHDIR)/build.mk include/compiler.h
	$(call traced_cc)
endif

RECORDMCOUNT := build/host/recordmcount
# Compile a traced file ($(1): more flags): -pg, then recordmcount adds
# the object's __mcount_loc section. The PATCHABLE build's gcc lists its
# pads itself, in a writable __patchable_function_entries; renamed, the
# list is read-only and where the linker scripts gather recordmcount's.
ifeq ($(PATCHABLE),1)
PATCHABLE_LIST := __patchable_function_entries=__mcount_loc,alloc,load,readonly,data,contents
traced_cc = $(CC) $(CFLAGS) $(PATCHABLE_CFLAGS) $(1) -c -o $@.pg $< && \
	$(OBJCOPY) --rename-section $(PATCHABLE_LIST) $@.pg $@
else
traced_cc = $(CC) $(CFLAGS) -pg $(1) -c -o $@.pg $< && \
	$(RECORDMCOUNT) $@.pg $@
endif
MKSYMS := build/host/mksyms

.PHONY: all run test test-host test-boot stress iso debug bench profile trace fuzz \
	clean deps deps-build deps-run deps-debug deps-test deps-profile \
	deps-trace deps-fuzz format cflags
all: $(BUILD)/$(IMAGE) $(BUILD)/kernel.asm $(BUILD)/kernel.sym

# ---- host tools -----------------------------------------------------------
# Kept even though make sees them as intermediate: tests run them too.
.SECONDARY: $(RECORDMCOUNT) $(MKSYMS)
build/host/%: tools/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $<
# recordmcount is several files (tools/recordmcount/recordmcount.h says
# which does what), and reads SH's opcodes from the kernel's header.
RECORDMCOUNT_SRCS := $(sort $(wildcard tools/recordmcount/*.c))
$(RECORDMCOUNT): $(RECORDMCOUNT_SRCS) tools/recordmcount/recordmcount.h \
		arch/sh/include/asm/insn.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(RECORDMCOUNT_SRCS)

# ---- kernel objects -------------------------------------------------------
$(BUILD)/%.o: %.c $(RECORDMCOUNT) Makefile arch/$(ARCHDIR)/build.mk
	@mkdir -p $(dir $@)
	$(if $(filter $<,$(NOTRACE_FILES)), \
		$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<, \
		$(call traced_cc,-MMD -MP -MF $(@:.o=.d) -MT $@))

$(BUILD)/%.o: %.S Makefile arch/$(ARCHDIR)/build.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ASFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

# ---- compiler plugin --------------------------------------------------------
# An arch may need a gcc plugin loaded into its compiler (CC_PLUGIN, with
# -fplugin in its ARCH_CFLAGS; arch/sh/build.mk says why). It is built
# with the host C++ compiler against that compiler's own plugin headers,
# and every object depends on it. Without the headers the build stops.
ifneq ($(CC_PLUGIN),)
CC_PLUGIN_INC = $(shell $(CC) -print-file-name=plugin)/include
CC_PLUGIN_PKG = gcc-$(shell $(CC) -dumpversion | cut -d. -f1)-plugin-dev-$(CROSS_COMPILE:-=)
# A new compiler brings new headers, and the plugin is built again.
$(CC_PLUGIN): build/host/%.so: tools/%.cc \
	$(wildcard $(CC_PLUGIN_INC)/plugin-version.h)
	@test -f $(CC_PLUGIN_INC)/gcc-plugin.h || { \
		echo "$(CC) has no plugin headers: the plugin $< that works"; \
		echo "around its bug cannot be built. Install $(CC_PLUGIN_PKG)"; \
		echo "(make ARCH=$(ARCH) deps-build does)."; exit 1; }
	@mkdir -p $(dir $@)
	$(HOSTCXX) -shared -fPIC -fno-rtti -O2 -Wall -I$(CC_PLUGIN_INC) -o $@ $<
$(OBJS) $(BUILD)/ksyms0.o $(BUILD)/ksyms.o: $(CC_PLUGIN)
endif

# The compiler and flags kernel C files are built with (tests use them).
cflags: $(CC_PLUGIN)
	@echo $(CC) $(CFLAGS)

# ---- two-pass link: the symbol table is generated from the first link ----
# The generated tables live after .data, so adding them moves no code.
$(BUILD)/ksyms0.S:
	@mkdir -p $(dir $@)
	printf '' | $(MKSYMS) --ptr $(PTR_SIZE) > $@
$(BUILD)/ksyms0.S: $(MKSYMS)
$(BUILD)/ksyms%.o: $(BUILD)/ksyms%.S
	$(CC) $(CFLAGS) $(ASFLAGS) -c -o $@ $<

$(BUILD)/kernel.pass1: $(OBJS) $(BUILD)/ksyms0.o $(LDSCRIPT)
	$(LD) $(LDFLAGS) -T $(LDSCRIPT) -o $@ $(OBJS) $(BUILD)/ksyms0.o $(LIBS)

$(BUILD)/ksyms.S: $(BUILD)/kernel.pass1 $(MKSYMS)
	$(NM) -n -S --defined-only $< | $(MKSYMS) --ptr $(PTR_SIZE) > $@

$(BUILD)/kernel.elf: $(OBJS) $(BUILD)/ksyms.o $(LDSCRIPT)
	$(LD) $(LDFLAGS) -T $(LDSCRIPT) -o $@ $(OBJS) $(BUILD)/ksyms.o $(LIBS)
	@$(NM) -n --defined-only $(BUILD)/kernel.pass1 | grep -i ' t ' > $@.t1
	@$(NM) -n --defined-only $@ | grep -i ' t ' > $@.t2
	@cmp -s $@.t1 $@.t2 || { echo "text moved between link passes"; exit 1; }

$(BUILD)/kernel.asm: $(BUILD)/kernel.elf
	$(OBJDUMP) -d $< > $@
$(BUILD)/kernel.sym: $(BUILD)/kernel.elf
	$(NM) -n -S $< > $@

# ---- dependencies -----------------------------------------------------------
deps-build:
	@tools/deps.sh build $(ARCH)
deps-run:
	@tools/deps.sh run $(ARCH)
deps-debug:
	@tools/deps.sh debug $(ARCH)
deps-profile:
	@tools/deps.sh profile $(ARCH)
deps-test:
	@tools/deps.sh test
deps-trace:
	@tools/deps.sh trace $(ARCH)
deps-fuzz:
	@tools/deps.sh fuzz

# ---- running ----------------------------------------------------------------
run: deps-run
	$(MAKE) all
	@echo "Booting $(ARCH) in QEMU. Leave with Ctrl-A X (or type 'poweroff')."
	qemu/qemu.sh $(ARCH) run --smp $(SMP) --append "$(APPEND)" \
		--build $(BUILD)

debug: deps-debug
	$(MAKE) all
	@tools/gdb-setup.sh $(ARCH)
	qemu/qemu.sh $(ARCH) debug --smp $(SMP) --append "$(APPEND)"

# Boot, play the scenario, read the trace back over the console and
# write build/trace/ (tools/trace/capture.py says what each file is).
trace: deps-trace
	$(MAKE) all
	$(PYTHON) tools/trace/capture.py --arch $(ARCH) --smp $(SMP) \
		$(if $(SCENARIO),--scenario "$(SCENARIO)")

# ---- tests ------------------------------------------------------------------
TEST_ARCHES ?= x86_64 sh4

# The PATCHABLE build's short pass in make test: each part of tracing
# whose path goes through the site once. The whole suite runs on it with
# FTK_BUILD=build/x86_64-patchable make test-boot (tests/boot/conftest.py);
# tests/boot/test_patchable.py checks it in the main pass.
PATCHABLE_TESTS := $(foreach t, \
	test_ftrace.py::test_boot_conversion[x86_64-4] \
	test_ftrace.py::test_record_mode_settles[x86_64-4] \
	test_tracefs.py::test_function_tracer_output_and_options[x86_64] \
	test_function_graph.py::test_fib_call_tree_on_every_cpu[x86_64-4] \
	test_breakpoint.py::test_every_site_and_tracer_through_breakpoints, \
	'tests/boot/$(t)')

test: deps-test
	$(MAKE) test-host
	$(PYTHON) -m pytest -q -rs tests/tools
	for a in $(TEST_ARCHES); do $(MAKE) ARCH=$$a all || exit 1; done
	$(if $(filter x86_64,$(TEST_ARCHES)),$(MAKE) ARCH=x86_64 PATCHABLE=1 all)
	$(MAKE) -s ARCH=x86_64 iso
	$(MAKE) $(QEMU_PROFILE)
	$(PYTHON) -m pytest -q tests/boot $(PYTEST_ARGS)
	$(if $(filter x86_64,$(TEST_ARCHES)),FTK_BUILD=build/x86_64-patchable \
		$(PYTHON) -m pytest -q $(PATCHABLE_TESTS) $(PYTEST_ARGS))

# The inputs the fuzzers once crashed on, replayed first; the host tests'
# totals line stays the last line.
test-host:
	$(MAKE) --no-print-directory -C tests/fuzz replay
	$(MAKE) --no-print-directory -C tests/host

# Not part of test: it runs for a long time (FUZZ_TIME seconds per
# harness, FUZZ_LINES console lines per arch; docs/fuzzing.md).
FUZZ_LINES ?= 10000
fuzz: deps-fuzz
	for a in $(TEST_ARCHES); do $(MAKE) ARCH=$$a all || exit 1; done
	$(MAKE) --no-print-directory -C tests/fuzz fuzz
	$(PYTHON) tests/fuzz/trace_fuzz.py $(if $(FUZZ_TIME),--time $(FUZZ_TIME)) \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED))
	$(PYTHON) tests/fuzz/console_fuzz.py --lines $(FUZZ_LINES) \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) $(TEST_ARCHES)

test-boot:
	$(PYTHON) -m pytest -q tests/boot $(PYTEST_ARGS)

# Not part of test, which runs a short form: the long stress runs
# (tests/boot/test_stress_mix.py says what they check).
STRESS_STEPS_X86 ?= 10000
STRESS_STEPS_SH4 ?= 2000
stress: deps-test
	for a in $(TEST_ARCHES); do $(MAKE) ARCH=$$a all || exit 1; done
	FTK_STRESS_STEPS_X86=$(STRESS_STEPS_X86) \
	FTK_STRESS_STEPS_SH4=$(STRESS_STEPS_SH4) FTK_STRESS_METHODS=1 \
	FTK_BP_STRESS_PASSES=2000 $(PYTHON) -m pytest -q \
		tests/boot/test_stress_mix.py tests/boot/test_breakpoint.py \
		-k "mix or stress_under_load"

# Without SCALE: the table against Linux 6.1 and the targets, per arch,
# and build/bench/ARCH.json (x86_64: the PATCHABLE build's too). With
# SCALE=N: the same figures with N functions more (build/ARCH-scaleN/),
# and how each grew.
bench: deps-test
	for a in $(TEST_ARCHES); do $(MAKE) ARCH=$$a SCALE= all || exit 1; done
ifeq ($(SCALE),)
	$(if $(filter x86_64,$(TEST_ARCHES)),$(MAKE) ARCH=x86_64 PATCHABLE=1 all)
	$(PYTHON) tests/bench/bench.py $(TEST_ARCHES)
else
	for a in $(TEST_ARCHES); do \
		$(MAKE) ARCH=$$a SCALE=$(SCALE) all || exit 1; done
	$(PYTHON) tests/bench/bench.py --scale $(SCALE) $(TEST_ARCHES)
endif

# ---- profile ----------------------------------------------------------------
# The profiler is a QEMU TCG plugin, a shared object built with the host
# compiler (tools/qemu-profile/plugin.c says what it counts).
QEMU_PROFILE := build/host/qemu-profile.so
QEMU_PROFILE_SRCS := $(addprefix tools/qemu-profile/,plugin.c prof.c symtab.c insn.c)
$(QEMU_PROFILE): $(QEMU_PROFILE_SRCS) $(wildcard tools/qemu-profile/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -Wno-unused-parameter -shared -fPIC \
		-fvisibility=hidden -o $@ $(QEMU_PROFILE_SRCS)

SCENARIO ?= tools/qemu-profile/default.scenario
profile: deps-profile $(QEMU_PROFILE)
	$(MAKE) all
	$(PYTHON) tools/qemu-profile/profile.py $(ARCH) $(SCENARIO)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
