/*
 * sh_arch.h - what the files of arch/sh share among themselves: the layout
 * of the register frame the trap entry saves, and the internal functions
 * of the timer, console, interrupt-controller and unwinder code.
 */
#ifndef SH_ARCH_H
#define SH_ARCH_H

/*
 * The frame vectors.S pushes on the interrupted stack, lowest address
 * first. The offsets are for the assembly; struct sh_regs must match.
 */
#define REGS_R0 0
#define REGS_R15 60 /* the stack pointer before the trap */
#define REGS_PR 64
#define REGS_GBR 68
#define REGS_MACH 72
#define REGS_MACL 76
#define REGS_PC 80 /* SPC: where the trap happened */
#define REGS_SR 84 /* SSR: SR at that moment */
#define REGS_EVENT 88 /* EXPEVT or INTEVT */
#define REGS_TEA 92 /* faulting address of an address error */
#define REGS_SIZE 96

#ifndef __ASSEMBLY__

#include "compiler.h"
#include "types.h"

struct sh_regs {
	unsigned long r[16];
	unsigned long pr, gbr, mach, macl;
	unsigned long pc, sr;
	unsigned long event, tea;
};

_Static_assert(sizeof(struct sh_regs) == REGS_SIZE, "sh_regs layout");

/* vectors.S */
extern char sh_vector_base[];

/* traps.c: called from vectors.S with IMASK 15 and BL clear. */
void sh_handle_exception(struct sh_regs *regs);
void sh_handle_interrupt(struct sh_regs *regs);
void sh_show_regs(const struct sh_regs *regs);

/* intc.c: priorities, and the masking QEMU leaves to software. */
enum intc_source {
	INTC_TMU0,
	INTC_TMU1,
	INTC_TMU2,
	INTC_RTC,
	INTC_WDT,
	INTC_REF,
	INTC_SCI1,
	INTC_GPIO,
	INTC_DMAC,
	INTC_SCIF,
	INTC_HUDI,
	INTC_NR_SOURCES
};
void intc_set_priority(enum intc_source src, unsigned prio);
int intc_source_of(unsigned long intevt);
unsigned intc_priority(enum intc_source src);
void intc_defer(enum intc_source src);
void intc_replay(void);
void intc_replay_masked(void);
extern volatile u32 intc_deferred;
extern volatile u32 intc_deferrals;

/* timer.c */
void tmu_tick_start(void);
void tmu_tick_ack(void);
void tmu_tick_interrupt(void);
#define TICK_HZ 250

/* cpu.c */
void sh_clock_init(void);

/* ftrace.c: called first by every interrupt with the address it will
 * return to, which it may move back (see there). */
extern char ftrace_caller_op[], ftrace_caller_jsr[];
void ftrace_caller_restart(unsigned long *pc);

/* nmi.c: the pseudo-NMI on TMU2. */
void sh_nmi_init(void);
void sh_nmi_interrupt(void);

/* scif.c */
void scif_init(void);
void scif_enable_rx_irq(void);
void scif_ack(unsigned long intevt);
void scif_interrupt(unsigned long intevt);

/* backtrace.c */
void sh_backtrace_regs(const struct sh_regs *regs,
		       void (*cb)(unsigned long pc, void *data), void *data);

/* linker/sh4.ld */
extern char _stext[], _etext[], _kernel_start[], _kernel_end[];

#endif /* __ASSEMBLY__ */
#endif
