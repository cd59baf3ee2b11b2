/*
 * syscmds.c - console commands about the machine itself: cpus, ps, uptime,
 * sleep, mem, poweroff, and the deliberate faults the tests use.
 */
#include "arch.h"
#include "percpu.h"
#include "ftrace.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"

static int cmd_cpus(int argc, char **argv)
{
	char buf[128];

	if (argc > 1)
		return shell_usage(argv[0]);
	kprintf("%u CPUs online\n", nr_cpus);
	for (unsigned i = 0; i < nr_cpus; i++) {
		arch_cpuinfo(i, buf, sizeof(buf));
		kprintf("cpu%u: %s, %s, ticks %llu, irqs %llu, ipis %llu, "
			"nmis %llu (handled %llu)\n",
			i, per_cpu(cpus, i).online ? "online" : "offline", buf,
			(unsigned long long)per_cpu(cpus, i).ticks,
			(unsigned long long)per_cpu(cpus, i).irqs,
			(unsigned long long)per_cpu(cpus, i).ipis,
			(unsigned long long)per_cpu(cpus, i).nmis,
			(unsigned long long)nmi_watchdog_beats(i));
	}
	return 0;
}
static const char cpus_text[] =
	"One line per CPU: online or not, what the arch knows of it\n"
	"(x86_64: APIC id and TSC rate), then since boot: timer\n"
	"ticks, interrupts, IPIs received and NMIs taken. Also in\n"
	"/proc/cpuinfo.\n";
SHELL_COMMAND_LONG(cpus, "cpus", cmd_cpus, "cpus",
		   "list the CPUs and their counters", cpus_text);

static const char *state_name(enum thread_state s)
{
	static const char *const names[] = { "runnable", "running", "sleeping",
					     "blocked", "dead" };
	return s <= T_DEAD ? names[s] : "?";
}

static void ps_one(struct thread *t, void *data)
{
	kprintf("%5d  %3u  %-9s %6s  %8llu  %-16s\n", t->tid, t->cpu,
		state_name(t->state), t->pinned >= 0 ? "yes" : "no",
		(unsigned long long)(t->runtime_ns / 1000000), t->name);
}

static int cmd_ps(int argc, char **argv)
{
	if (argc > 1)
		return shell_usage(argv[0]);
	kprintf("  TID  CPU  STATE     PINNED   TIME(ms)  NAME\n");
	for_each_thread(ps_one, NULL);
	return 0;
}
static const char ps_text[] =
	"One line per kernel thread: its id, the CPU whose run queue\n"
	"holds it, its state (runnable, running, sleeping, blocked,\n"
	"dead), whether it is pinned to that CPU, the CPU time it has\n"
	"used in milliseconds, and its name.\n";
SHELL_COMMAND_LONG(ps, "ps", cmd_ps, "ps", "list kernel threads", ps_text);

static int cmd_uptime(int argc, char **argv)
{
	u64 ns = arch_clock_ns();

	if (argc > 1)
		return shell_usage(argv[0]);
	kprintf("up %llu.%03llu seconds, %u CPUs\n",
		(unsigned long long)(ns / 1000000000),
		(unsigned long long)(ns / 1000000 % 1000), nr_cpus);
	return 0;
}
static const char uptime_text[] =
	"Seconds since boot, to the millisecond, and the number of\n"
	"CPUs online. /proc/uptime has it as on Linux.\n";
SHELL_COMMAND_LONG(uptime, "uptime", cmd_uptime, "uptime", "time since boot",
		   uptime_text);

#define SLEEP_MAX_S 86400 /* a day: beyond it, a typing mistake */

static int cmd_sleep(int argc, char **argv)
{
	unsigned long long s;
	u64 t0 = arch_clock_ns(), ms;

	if (argc != 2 || kstrtoull(argv[1], 0, &s) || s > SLEEP_MAX_S) {
		return shell_usage_why(argv[0], "0..%u", SLEEP_MAX_S);
	}
	if (msleep_interruptible((unsigned)s * 1000)) {
		ms = (arch_clock_ns() - t0) / 1000000;
		return shell_interrupted("sleep: woke after %llu.%03llu of "
					 "%llu s",
					 (unsigned long long)(ms / 1000),
					 (unsigned long long)(ms % 1000), s);
	}
	return 0;
}
static const char sleep_text[] =
	"Sleeps SECONDS (at most a day), the shell waiting with it.\n"
	"Ctrl-C ends it early: it prints ^C and how long it slept.\n";
SHELL_COMMAND_LONG(sleep, "sleep", cmd_sleep, "sleep SECONDS",
		   "wait (Ctrl-C ends it)", sleep_text);

static int cmd_mem(int argc, char **argv)
{
	struct pmm_stats p;
	struct kmalloc_stats k;

	if (argc > 1)
		return shell_usage(argv[0]);
	pmm_get_stats(&p);
	kmalloc_get_stats(&k);
	kprintf("pages: %zu total, %zu free, %zu reserved (%zu KiB free)\n",
		p.total_pages, p.free_pages, p.reserved_pages,
		(size_t)(p.free_pages * (PAGE_SIZE / 1024)));
	kprintf("kmalloc: %zu bytes in use, %zu big allocations in %zu pages\n",
		k.bytes_inuse, k.big_allocs, k.big_pages);
	for (int i = 0; i < 8; i++)
		kprintf("  size %4zu: %5zu in use, %3zu pages\n",
			k.class_size[i], k.class_inuse[i], k.class_pages[i]);
	return 0;
}
static const char mem_text[] =
	"The page allocator's pages (total, free, reserved), then\n"
	"kmalloc: bytes in use, whole-page allocations, and for each\n"
	"of its size classes the objects in use and the pages it\n"
	"holds. /proc/meminfo has the totals.\n";
SHELL_COMMAND_LONG(mem, "mem", cmd_mem, "mem", "memory and heap statistics",
		   mem_text);

static int cmd_panic(int argc, char **argv)
{
	char msg[128] = "";
	size_t len = 0;

	for (int i = 1; i < argc && len + 2 < sizeof(msg); i++) {
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s",
					i > 1 ? " " : "", argv[i]);
		if (len >= sizeof(msg))
			len = sizeof(msg) - 1;
	}
	panic("%s", argc > 1 ? msg : "requested from the console");
}
static const char panic_text[] =
	"Calls panic() with MSG, the words joined by spaces (or a\n"
	"default message): the other CPUs are stopped, a call chain\n"
	"and \"Kernel panic - not syncing: MSG\" are printed, and the\n"
	"kernel halts. Leave QEMU with Ctrl-A X afterwards.\n";
SHELL_COMMAND_LONG(panic, "panic", cmd_panic, "panic [MSG]",
		   "stop the kernel with a panic (for tests)", panic_text);

static int cmd_poweroff(int argc, char **argv)
{
	if (argc > 1)
		return shell_usage(argv[0]);
	kprintf("Power down.\n");
	arch_poweroff(0);
}
static const char poweroff_text[] =
	"Switches the machine off at once, and QEMU exits (x86_64:\n"
	"ACPI soft-off; sh4: the r2d board's power register).\n";
SHELL_COMMAND_LONG(poweroff, "poweroff", cmd_poweroff, "poweroff",
		   "switch the machine off (QEMU exits)", poweroff_text);

static int cmd_fault(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "text")) {
		arch_write_to_text_for_test();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "null")) {
		volatile int *p = NULL;
		return *p;
	}
	return shell_usage(argv[0]);
}
static const char fault_text[] =
	"Makes the CPU fault on purpose, to show the trap report\n"
	"(vector, registers, call chain) and the panic after it:\n"
	"  text   write to kernel text, which is mapped read-only\n"
	"         (x86_64; sh4 runs without an MMU and says so)\n"
	"  null   read address 0\n";
SHELL_COMMAND_LONG(fault, "fault", cmd_fault, "fault text|null",
		   "deliberately write to kernel text or read address 0",
		   fault_text);
