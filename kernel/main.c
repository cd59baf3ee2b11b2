/*
 * main.c - the boot order of the shared kernel, one init call a line, and
 * the entry of every other CPU.
 */
#include "arch.h"
#include "percpu.h"
#include "bootopt.h"
#include "fs.h"
#include "ftrace.h"
#include "kmain.h"
#include "ksym.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"

void procfs_init(void);
void nmi_ctl_init(void);

/* The first thread: set-up that needs a thread (it may sleep or stop the
 * machine), then it becomes the console shell. */
u64 boot_prompt_ns;

static void init_thread(void *unused)
{
	ftrace_late_init();
	boot_prompt_ns = arch_clock_ns();
	shell_main(NULL);
}

void kmain(void)
{
	/* Console, traps, the memory map, the command line. */
	arch_early_init();
	printk("Booting the ftrace teaching kernel on %s\n", arch_name());
	boot_cmdline_print();
	/* Each option goes to the file that registered it. */
	bootopt_parse(boot_cmdline);
	/* The symbol table's index by name (kmalloc works from here). */
	ksym_init();
	/* The file tree the console browses. */
	fs_init();
	/* Threads and the per-CPU run queues. */
	sched_init();
	/* /proc's files. */
	procfs_init();
	/* The NMI controls: /proc/sys/kernel/nmi_watchdog. */
	nmi_ctl_init();
	/* Every call site checked and made a NOP, before other CPUs run. */
	ftrace_init();
	/* Timers, the other CPUs, device interrupts. */
	arch_late_init();
	per_cpu(cpus, 0).online = true;
	if (!kthread_create("shell", init_thread, NULL, 0))
		panic("cannot start the shell");
	printk("boot: %u CPUs up, shell on the console\n", nr_cpus);
	cpu_idle_loop();
}

void ap_main(unsigned cpu)
{
	per_cpu(cpus, cpu).id = cpu;
	sched_init_ap(cpu);
	smp_mb();
	per_cpu(cpus, cpu).online = true;
	cpu_idle_loop();
}
