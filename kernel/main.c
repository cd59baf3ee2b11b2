/*
 * main.c - boot order of the shared kernel, the entry of every other CPU,
 * and the boot options read from the command line.
 */
#include "arch.h"
#include "fs.h"
#include "ftrace.h"
#include "kmain.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"
#include "smp.h"

void procfs_init(void);
void nmi_ctl_init(void);

/* The value of "name=value" in the command line, "" for a bare "name". */
const char *cmdline_get(const char *name)
{
	static char val[128];
	size_t nl = strlen(name);
	const char *p = boot_cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - w) >= nl && !strncmp(w, name, nl)) {
			if ((size_t)(p - w) == nl)
				return "";
			if (w[nl] == '=') {
				size_t vl = (size_t)(p - w) - nl - 1;
				if (vl >= sizeof(val))
					vl = sizeof(val) - 1;
				memcpy(val, w + nl + 1, vl);
				val[vl] = 0;
				return val;
			}
		}
	}
	return NULL;
}

bool cmdline_has(const char *name)
{
	return cmdline_get(name) != NULL;
}

/* The first thread: set-up that needs a thread (it may sleep or stop the
 * machine), then it becomes the console shell. */
static void init_thread(void *unused)
{
	ftrace_late_init();
	shell_main(NULL);
}

void kmain(void)
{
	arch_early_init();
	printk("Booting the ftrace teaching kernel on %s\n", arch_name());
	boot_cmdline_print();
	fs_init();
	sched_init();
	procfs_init();
	nmi_ctl_init();
	ftrace_init();
	arch_late_init();
	cpus[0].online = true;
	if (!kthread_create("shell", init_thread, NULL, 0))
		panic("cannot start the shell");
	printk("boot: %u CPUs up, shell on the console\n", nr_cpus);
	cpu_idle_loop();
}

void ap_main(unsigned cpu)
{
	cpus[cpu].id = cpu;
	sched_init_ap(cpu);
	smp_mb();
	cpus[cpu].online = true;
	cpu_idle_loop();
}
