/*
 * backtrace.c - walking the call chain on SH-4.
 *
 * With -fno-omit-frame-pointer gcc keeps a frame pointer in r14, but not
 * in the shape x86 has. The prologue (gcc 12, -O2, checked on its output)
 * is
 *
 *	mov.l	r8, @-r15	! callee-saved registers used, r14 last
 *	...
 *	mov.l	r14, @-r15
 *	sts.l	pr, @-r15	! only in functions that call others
 *	add	#-n, r15	! locals and outgoing arguments, or for big
 *				! frames "sub r1,r15" with r1 loaded from a
 *				! constant (maybe before the sts.l)
 *	mov	r15, r14	! r14 = the bottom of the frame
 *
 * so r14 points below the locals: the saved pr is at r14 + n and the
 * caller's r14 just above it, and n differs from function to function.
 * To step from a frame to its caller we therefore find the function's
 * prologue (search back from a PC in it for "mov r15,r14", bounded by the
 * function's start when the symbol table knows it) and add up the stack
 * adjustments between the pr push and that instruction.
 *
 * Every value read is checked before it is used: frame pointers must be
 * aligned, inside SDRAM, above the previous one and not too far from it;
 * return addresses must be in kernel text. The first failed check ends
 * the walk, so a corrupt stack gives a short trace, never a fault inside
 * a fault report.
 */
#include "arch.h"
#include "ksym.h"
#include "sh4.h"
#include "sh_arch.h"

#define OP_MOV_R15_R14 0x6ef3 /* mov r15,r14: the frame is set up */
#define OP_PUSH_PR 0x4f22 /* sts.l pr,@-r15 */
#define OP_PUSH_R14 0x2fe6 /* mov.l r14,@-r15 */

#define SCAN_LIMIT 0x4000 /* bytes searched back for a prologue */
#define PROLOGUE_MAX 24 /* instructions between push r14 and mov */
#define FRAME_MAX 0x4000 /* a bigger frame means a corrupt stack */
#define DEPTH_MAX 48

struct frame_layout {
	long pr_off; /* saved pr, from r14; -1 when pr is not saved */
	long fp_off; /* saved caller's r14, from r14 */
};

static bool in_text(unsigned long a)
{
	return a >= (unsigned long)_stext && a < (unsigned long)_etext;
}

static u16 insn_at(unsigned long a)
{
	return *(const u16 *)a;
}

/* Does op change r15, other than the adjustments we account for? */
static bool writes_r15(u16 op)
{
	unsigned hi = op >> 12, n = (op >> 8) & 0xf, m = (op >> 4) & 0xf;
	unsigned lo = op & 0xf;

	if (hi == 0x2 && n == 15 && lo >= 4 && lo <= 6)
		return true; /* mov.x rm,@-r15 */
	if (hi == 0x4 && n == 15 && ((op & 0xe) == 0x2 || (op & 0xe) == 0x6))
		return true; /* sts.l / stc.l pushes, lds.l / ldc.l pops */
	if (hi == 0x6 && n == 15)
		return true; /* anything moved into r15 */
	if (hi == 0x6 && m == 15 && lo >= 4 && lo <= 6)
		return true; /* mov.x @r15+,rn */
	if ((hi == 0x3 || hi == 0x7 || hi == 0x9 || hi == 0xd || hi == 0xe) &&
	    n == 15)
		return true; /* arithmetic or constant loads into r15 */
	return false;
}

/* The constant that "mov #i,rn", "mov.w @(d,pc),rn" or "mov.l @(d,pc),rn"
 * at address a puts in register rn. */
static bool constant_load(unsigned long a, u16 op, unsigned rn, long *val)
{
	unsigned long lit;

	if (((op >> 8) & 0xf) != rn)
		return false;
	switch (op >> 12) {
	case 0xe:
		*val = (s8)(op & 0xff);
		return true;
	case 0x9:
		lit = a + 4 + (op & 0xff) * 2;
		if (!in_text(lit))
			return false;
		*val = *(const s16 *)lit;
		return true;
	case 0xd:
		lit = (a & ~3UL) + 4 + (op & 0xff) * 4;
		if (!in_text(lit))
			return false;
		*val = *(const s32 *)lit;
		return true;
	}
	return false;
}

/* Find where the function containing pc saves pr and r14. */
static bool frame_layout(unsigned long pc, struct frame_layout *fl)
{
	unsigned long lo = (unsigned long)_stext, a, off;
	const struct ksym *sym = ksym_lookup(pc, &off);
	long locals = 0, val, sign = 0;
	int pending = -1; /* register a "sub rm,r15" still needs */
	bool pr_saved = false;

	if (sym && sym->addr > lo)
		lo = sym->addr;
	if (pc - lo > SCAN_LIMIT)
		lo = pc - SCAN_LIMIT;
	pc &= ~1UL;
	for (a = pc - 2; a >= lo && a < pc; a -= 2)
		if (insn_at(a) == OP_MOV_R15_R14)
			break;
	if (a < lo || a >= pc)
		return false;

	for (int n = 0; n < PROLOGUE_MAX; n++) {
		u16 op;

		a -= 2;
		if (a < lo)
			return false;
		op = insn_at(a);
		if (op == OP_PUSH_R14) {
			if (pending >= 0)
				return false;
			fl->pr_off = pr_saved ? locals : -1;
			fl->fp_off = pr_saved ? locals + 4 : locals;
			return locals >= 0 && locals <= FRAME_MAX;
		}
		if (op == OP_PUSH_PR) {
			if (pr_saved)
				return false;
			pr_saved = true;
		} else if ((op & 0xff00) == 0x7f00) { /* add #imm,r15 */
			if (pr_saved)
				return false;
			locals -= (s8)(op & 0xff);
		} else if ((op & 0xff0f) == 0x3f08 || /* sub rm,r15 */
			   (op & 0xff0f) == 0x3f0c) { /* add rm,r15 */
			if (pr_saved || pending >= 0)
				return false;
			pending = (op >> 4) & 0xf;
			sign = (op & 0xf) == 0x8 ? 1 : -1;
		} else if (pending >= 0 &&
			   constant_load(a, op, (unsigned)pending, &val)) {
			locals += sign * val;
			pending = -1;
		} else if (writes_r15(op)) {
			return false;
		}
		/* Anything else was scheduled into the prologue: skip it. */
	}
	return false;
}

/*
 * Walk from a frame: pc is in the function that owns frame pointer fp,
 * sp is the stack pointer below it. cb gets each caller's return address.
 */
static void unwind(unsigned long pc, unsigned long fp, unsigned long sp,
		   void (*cb)(unsigned long pc, void *data), void *data)
{
	for (int depth = 0; depth < DEPTH_MAX && fp; depth++) {
		struct frame_layout fl;
		unsigned long ra, next;

		if (!frame_layout(pc, &fl) || fl.pr_off < 0)
			break;
		if ((fp & 3) || fp < sp || fp < SDRAM_START ||
		    fp + fl.fp_off + 4 > SDRAM_END)
			break;
		ra = *(const unsigned long *)(fp + fl.pr_off);
		next = *(const unsigned long *)(fp + fl.fp_off);
		if (!in_text(ra) || (ra & 1))
			break;
		cb(ra, data);
		if (next && (next <= fp || next - fp > 2 * FRAME_MAX))
			break;
		sp = fp + fl.fp_off + 4;
		pc = ra;
		fp = next;
	}
}

void arch_backtrace(void (*cb)(unsigned long pc, void *data), void *data)
{
	unsigned long pc, sp;

	/* bsr to the next instruction: pr = an address in this function. */
	__asm__ __volatile__("bsr	1f\n\t"
			     "nop\n"
			     "1:\tsts	pr, %0"
			     : "=r"(pc)
			     :
			     : "pr");
	__asm__ __volatile__("mov	r15, %0" : "=r"(sp));
	unwind(pc, (unsigned long)__builtin_frame_address(0), sp, cb, data);
}

/*
 * The call chain at a trap: the trapping PC first, then its callers. If
 * that function has no frame of its own yet (a leaf, the prologue, an
 * assembly routine), its caller is still in pr and r14 still belongs to
 * the caller.
 */
void sh_backtrace_regs(const struct sh_regs *regs,
		       void (*cb)(unsigned long pc, void *data), void *data)
{
	struct frame_layout fl;
	unsigned long fp = regs->r[14];

	cb(regs->pc, data);
	if (frame_layout(regs->pc, &fl) && fl.pr_off >= 0) {
		unwind(regs->pc, fp, regs->r[15], cb, data);
		return;
	}
	if (!in_text(regs->pr))
		return;
	cb(regs->pr, data);
	if (frame_layout(regs->pc, &fl)) {
		/* A leaf with a frame: step over it to the caller's r14. */
		unsigned long slot = fp + fl.fp_off;

		if ((fp & 3) || fp < SDRAM_START || slot + 4 > SDRAM_END)
			return;
		fp = *(const unsigned long *)slot;
	}
	unwind(regs->pr, fp, regs->r[15], cb, data);
}
