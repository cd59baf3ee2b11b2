/*
 * ftrace_arch.h - what each architecture provides to the trace core, in
 * the shape of Linux's: turn one call site into a NOP or a call, point the
 * call inside ftrace_caller at a new function, and the encodings behind
 * them. Each of these is a few lines over ftrace_modify_code(), the
 * core's one writer of kernel text, which checks the address, compares
 * the old bytes and writes through the NMI handshake. docs/arch.md
 * walks through both ports.
 */
#ifndef FTRACE_ARCH_H
#define FTRACE_ARCH_H

#include "compiler.h"
#include "ftrace.h"
#include "types.h"

/* MCOUNT_INSN_SIZE: each arch's own, from arch/<arch>/include. */
#include "asm/ftrace.h"

/* One record per call site; flags belong to the core, but for the bits
 * of FTRACE_FL_ARCH_MASK, which the arch may keep per site and the core
 * never changes. */
struct dyn_ftrace {
	unsigned long ip; /* where the call's return address points back */
	unsigned long flags;
};
#define FTRACE_FL_ARCH_SHIFT 28
#define FTRACE_FL_ARCH_MASK (0xfUL << FTRACE_FL_ARCH_SHIFT)

/* gcc's -pg target, and the assembly entry points in arch/<arch>/. */
void mcount(void);
void ftrace_caller(void);
void ftrace_stub(void);
#define MCOUNT_ADDR ((unsigned long)mcount)
#define FTRACE_ADDR ((unsigned long)ftrace_caller)

/*
 * The patchable calls inside that assembly, by role. Each arch lists
 * their addresses in ftrace_asm_sites[]; the core knows what each calls
 * now and retargets it with ftrace_asm_site_set().
 */
enum ftrace_asm_site {
	FTRACE_SITE_CALL, /* in ftrace_caller: the trace function */
	FTRACE_SITE_MCOUNT, /* in mcount: the stub, or the recorder */
	FTRACE_NR_ASM_SITES
};
extern const unsigned long ftrace_asm_sites[FTRACE_NR_ASM_SITES];
extern char ftrace_call[], mcount_call[];

/*
 * The return hook (trace/fgraph.c). ftrace_caller hands every trace
 * function the address of the stack slot that holds the traced function's
 * return address (ftrace_func_t's ret_slot); the hook may point that slot
 * at return_to_handler. return_to_handler, with the return value
 * registers saved, calls the hook's return half, *ftrace_return_func
 * (ftrace_return_to_handler() or a lone graph user's own), with the stack
 * pointer as the traced function left it (just above the slot) and jumps
 * to the address it returns: the original one.
 */
void return_to_handler(void);
unsigned long ftrace_return_to_handler(unsigned long sp);
extern unsigned long (*volatile ftrace_return_func)(unsigned long sp);

/* ---- provided by the core, for the arch ---- */

/*
 * The only writer of kernel text. Checks that addr..addr+MCOUNT_INSN_SIZE
 * is kernel text (-EFAULT), that it holds old (-EINVAL; what it held is
 * kept for the bug report), then writes new through the NMI handshake
 * (-EPERM when the write fails). The change is visible to this CPU's
 * instruction fetch after arch_sync_core().
 */
int ftrace_modify_code(unsigned long addr, const u8 *old, const u8 *new);
/* Its first half alone: 0 when addr holds expected; -EFAULT, -EINVAL. */
int ftrace_check_code(unsigned long addr, const u8 *expected);
/* Point assembly site id at target (from whatever it calls now). */
int ftrace_asm_site_set(enum ftrace_asm_site id, unsigned long target);

/* ---- provided by each arch ---- */

/* Once, before any call site is converted. 0 or an error. */
int ftrace_dyn_arch_init(void);
/*
 * The site of rec calls addr (MCOUNT_ADDR when it is as the compiler left
 * it): make it a NOP. On the first conversion the arch also checks what
 * the site holds beyond the bytes it patches and sets up what its later
 * states need. 0, or the error of ftrace_modify_code, -ERANGE (no call
 * to addr can be encoded there) or -ENOENT (no -pg sequence found).
 */
int ftrace_make_nop(struct dyn_ftrace *rec, unsigned long addr);
/* The site of rec is a NOP: make it call addr. Errors as above. */
int ftrace_make_call(struct dyn_ftrace *rec, unsigned long addr);
/* Point the call inside ftrace_caller at func. */
int ftrace_update_ftrace_func(ftrace_func_t func);

/*
 * The encodings, pure functions of (ip, bytes). A call site is known by
 * its record ip; the MCOUNT_INSN_SIZE bytes that decide what it does live
 * at ftrace_arch_patch_addr(ip) (ip itself on x86_64 and in SH's literal
 * style; the first instruction of the -pg sequence in SH's bra style).
 */
/* The bytes that make the site at ip call target; -ERANGE if none can. */
int ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf);
/* The bytes of a disabled site at ip. */
void ftrace_arch_nop_insn(unsigned long ip, u8 *buf);
/* The call target encoded in buf at ip, or 0 if buf is no call. */
unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf);
/* One line saying what the bytes at a site mean, e.g. "call mcount". */
void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size);
/* Where the site's patched bytes live; 0 when it has no such place. */
unsigned long ftrace_arch_patch_addr(unsigned long ip);
/*
 * Test fault (ftrace_damage=): where to write, and what, so that the
 * site at ip no longer holds what its conversion expects. 0 or -ENOENT.
 */
int ftrace_arch_damage(unsigned long ip, unsigned long *addr, u8 *buf);

/*
 * The raw store under ftrace_modify_code and the NMI handshake; nothing
 * else calls it. nmi: called from the NMI hook (separate scratch state).
 * Returns 0 or -EPERM. ftrace_arch_text_write_done() ends a pass of
 * writes (x86: drops the temporary writable alias).
 */
int ftrace_arch_text_write(unsigned long addr, const u8 *buf, bool nmi);
void ftrace_arch_text_write_done(void);

/*
 * The breakpoint method, on an arch whose asm/ftrace.h defines
 * FTRACE_BP_INSN, the one-byte trap instruction. The arch's trap handler
 * for it, with addr the address of the trap byte, asks the core what the
 * site there must do now: true and the MCOUNT_INSN_SIZE bytes to emulate
 * (the site's old or new instruction), or false when addr is no site of
 * the batch being applied; the arch then re-runs addr if the trap byte
 * is gone (a batch ended meanwhile) or reports the trap as any other.
 * Runs in any context, NMI included; takes no lock.
 */
bool ftrace_bp_handle(unsigned long addr, u8 *insn);
/* The handler found its trap byte gone and re-ran the site (counted). */
void ftrace_bp_note_stale(void);

#endif
