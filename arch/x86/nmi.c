/*
 * nmi.c - the NMI entry. Built without -pg, and it calls nothing that may
 * be traced before the ftrace NMI hook has run: an NMI can arrive while
 * another CPU is halfway through rewriting a call site.
 */
#include "arch.h"
#include "ftrace.h"
#include "printk.h"
#include "smp.h"
#include "x86.h"

extern volatile int panic_in_progress;

void x86_nmi_entry(struct trap_frame *tf)
{
	ftrace_nmi_enter();
	this_cpu()->nmis++;
	if (panic_in_progress)
		arch_halt();	/* another CPU panicked: stop here */
	nmi_handler();
	ftrace_nmi_exit();
}
