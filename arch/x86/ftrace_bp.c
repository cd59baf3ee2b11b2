/*
 * ftrace_bp.c - the x86_64 half of the breakpoint method: the int3 trap.
 * A CPU that runs a site while a batch changes it lands here with the
 * address of the trap byte; the core says which instruction the site must
 * act as now, and this emulates it: the 5-byte NOP by stepping over the
 * site, a call by pushing the return address and jumping to the target,
 * as the call itself would have. int3_entry (trap_entry.S) left room
 * under the interrupted stack for that push.
 *
 * Built without -pg: it runs inside the trap, NMIs included, while sites
 * are half written; a traced function here could trap on itself.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "kstring.h"
#include "x86.h"

/* Act as the instruction insn at addr: 0, or -EINVAL if it is neither
 * the NOP nor a call. */
static notrace int emulate(struct trap_frame *tf, unsigned long addr,
			   const u8 *insn)
{
	u8 nop[MCOUNT_INSN_SIZE];
	unsigned long target;

	ftrace_arch_nop_insn(addr, nop);
	if (!memcmp(insn, nop, sizeof(nop))) {
		tf->rip = addr + MCOUNT_INSN_SIZE;
		return 0;
	}
	target = ftrace_arch_call_target(addr, insn);
	if (!target)
		return -EINVAL;
	tf->rsp -= sizeof(u64);
	*(u64 *)tf->rsp = addr + MCOUNT_INSN_SIZE;
	tf->rip = target;
	return 0;
}

notrace void x86_int3_entry(struct trap_frame *tf)
{
	/* int3 is one byte: the CPU reports the address after it. */
	unsigned long addr = tf->rip - 1;
	u8 insn[MCOUNT_INSN_SIZE];

	/* At ftrace_call the ops this CPU loaded just before may be the
	 * last callback's, and the new callback must not get it. While a
	 * batch changes the site, this one call goes to no callback
	 * (waiting for the batch could wait for ever: in an NMI, or with
	 * interrupts off, its synchronisation cannot reach this CPU); once
	 * the trap byte is gone, the CPU loads the ops again and runs what
	 * is there (ftrace_caller_restart() in ftrace.c). */
	if (addr == (unsigned long)ftrace_call) {
		if (ftrace_bp_handle(addr, insn) ||
		    *(volatile u8 *)addr == FTRACE_BP_INSN) {
			tf->rip = addr + MCOUNT_INSN_SIZE;
		} else {
			tf->rip = (unsigned long)ftrace_caller_op;
			ftrace_bp_note_stale();
		}
		return;
	}
	if (ftrace_bp_handle(addr, insn)) {
		if (!emulate(tf, addr, insn))
			return;
	} else if (*(volatile u8 *)addr != FTRACE_BP_INSN) {
		/*
		 * The trap byte went away before we looked: the batch that
		 * wrote it has put the site's final bytes in place since,
		 * and no batch can change them before we leave (each waits
		 * in its synchronisations for this CPU, whose interrupts
		 * are off here). Act as those bytes rather than jump back
		 * to them: what the CPU runs at a site just rewritten may
		 * still be what it had fetched before (QEMU was seen to
		 * trap on the old byte again and again).
		 */
		memcpy(insn, (const void *)addr, MCOUNT_INSN_SIZE);
		ftrace_bp_note_stale();
		if (emulate(tf, addr, insn))
			tf->rip = addr; /* neither NOP nor call: run it */
		return;
	} else if (ftrace_bp_handle(addr, insn)) {
		/* The CPU ran a trap byte of a batch that had ended when we
		 * first looked, and the next batch has one there again:
		 * it is that batch's now. */
		if (!emulate(tf, addr, insn))
			return;
	}
	trap_dispatch(tf); /* not ours: the usual report */
}
