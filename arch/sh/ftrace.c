/*
 * ftrace.c - the SH-4 side of the trace core: what a call site holds in
 * each state, and the only writer of kernel text.
 *
 * gcc -pg starts each traced function with (mcount.S):
 *
 *	mov.l	1f, r1		! the first instruction
 *	sts.l	pr, @-r15	! push the return address
 *	mova	2f, r0
 *	jmp	@r1
 *	lds	r0, pr		! delay slot: "return" to label 2
 *	nop			! only when the literal needs aligning
 *   1:	.long	mcount		! the literal: the site's record ip
 *   2:	lds.l	@r15+, pr	! pop it
 *
 * The boot option ftrace_sh= chooses what the patcher rewrites
 * (docs/call-site.md, with the bytes and the measured costs of both):
 *
 *  ftrace_sh=literal: the 4 patched bytes are the literal word.
 *	calls mcount / ftrace_caller:	the address of that routine
 *	disabled:			site + 4, so the jmp lands on
 *					label 2: 6 instructions run
 *	The literal is read by mov.l, as data: one aligned store.
 *
 *  ftrace_sh=bra: the 4 patched bytes are the first two instructions.
 *	calls:		mov.l 1f,r1; sts.l pr,@-r15, as compiled; the
 *			literal holds ftrace_caller for good once the site
 *			is converted (mcount before)
 *	disabled:	bra 2f; sts.l pr,@-r15: the push runs in the delay
 *			slot and the branch lands on the pop, so the stack
 *			stays balanced and 3 instructions run
 *	Only the first halfword ever changes: one 16-bit store.
 *
 * The record ip stays the literal in both styles: ftrace_caller computes
 * it from pr, and filters are sets of record ips. In the bra style the
 * first instruction is found by scanning back from the literal for the
 * mov.l (or our bra) that points at it: gcc puts it 10 or 12 bytes
 * before, depending on the alignment nop, but nothing here relies on a
 * fixed distance.
 *
 * Text is plain RAM at P1, which the MMU never translates, and writable:
 * there is no alias to map. Written instructions reach instruction fetch through the
 * operand-cache write-back below and arch_sync_core()'s I-cache flush,
 * which every pass ends with. Built without -pg: this runs while call
 * sites change.
 */
#include "arch.h"
#include "bootopt.h"
#include "ftrace_arch.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "sh4.h"
#include "sh_arch.h"

void sh_icache_flush_p2(void);

const unsigned long ftrace_asm_sites[FTRACE_NR_ASM_SITES] = {
	[FTRACE_SITE_CALL] = (unsigned long)ftrace_call,
	[FTRACE_SITE_MCOUNT] = (unsigned long)mcount_call,
	[FTRACE_SITE_GRAPH] = (unsigned long)ftrace_graph_call,
};

#define INSN_STS_PR 0x4f22 /* sts.l pr,@-r15 */
#define INSN_LDS_POP 0x4f26 /* lds.l @r15+,pr */
#define INSN_JMP_R1 0x412b /* jmp @r1 */
#define INSN_LDS_R0_PR 0x402a /* lds r0,pr */
#define INSN_NOP 0x0009

/*
 * How far back from its literal the first instruction is looked for. gcc
 * 12 puts it 10 or 12 bytes before (with or without the alignment nop);
 * the window leaves room for another order of the same five instructions.
 * Only an instruction that leads to this very literal is taken, so a
 * wider window would be as safe, just slower. At most 30: see
 * last_first_insn.
 */
#define FIRST_INSN_WINDOW 16

/*
 * Chosen once by ftrace_sh=, before any site is converted. The
 * bra style by default: a disabled site costs 3 instructions instead of
 * 6, on every call of every traced function, for about 300 more per
 * site in a patch pass (docs/call-site.md).
 */
static bool bra_style = true;

/*
 * The trace core's byte buffers have no alignment, and SH-4 traps on an
 * unaligned load or store, so words and halfwords are put together by
 * hand, little-endian as this kernel is built (-ml). memcpy would do the
 * same, but it is a real call here and costs more than the rest.
 */
static __always_inline void put_half(u8 *buf, int i, u16 h)
{
	buf[2 * i] = (u8)h;
	buf[2 * i + 1] = (u8)(h >> 8);
}

static __always_inline u16 get_half(const u8 *buf, int i)
{
	return (u16)(buf[2 * i] | buf[2 * i + 1] << 8);
}

static __always_inline void put_word(u8 *buf, u32 w)
{
	put_half(buf, 0, (u16)w);
	put_half(buf, 1, (u16)(w >> 16));
}

static __always_inline u32 get_word(const u8 *buf)
{
	return get_half(buf, 0) | (u32)get_half(buf, 1) << 16;
}

/* The two instructions at a bra-style patch address: first, then the
 * push. */
static __always_inline void put_insns(u8 *buf, u16 first)
{
	put_half(buf, 0, first);
	put_half(buf, 1, INSN_STS_PR);
}

/* mov.l @(disp,pc),r1 loads from (pc & ~3) + 4 + disp * 4; 0 if insn at
 * pc is no such mov.l. */
static __always_inline unsigned long movl_r1_literal(unsigned long pc, u16 insn)
{
	if ((insn & 0xff00) != 0xd100)
		return 0;
	return (pc & ~3UL) + 4 + (insn & 0xff) * 4;
}

static __always_inline u16 movl_r1_insn(unsigned long pc, unsigned long literal)
{
	return 0xd100 | (((literal - ((pc & ~3UL) + 4)) / 4) & 0xff);
}

/* bra goes to pc + 4 + disp * 2, disp a signed 12-bit field; 0 if insn
 * at pc is no bra. */
static __always_inline unsigned long bra_target(unsigned long pc, u16 insn)
{
	long disp = (long)((insn & 0xfff) ^ 0x800) - 0x800;

	if ((insn & 0xf000) != 0xa000)
		return 0;
	return pc + 4 + disp * 2;
}

static __always_inline u16 bra_insn(unsigned long pc, unsigned long target)
{
	return 0xa000 | (((target - (pc + 4)) / 2) & 0xfff);
}

/* Does the word w point into kernel text (a call target, not data)? */
static bool in_text(unsigned long w)
{
	return w >= (unsigned long)_stext &&
	       w + MCOUNT_INSN_SIZE <= (unsigned long)_etext;
}

/* mcount.S's literals are patched as words in both styles. */
static bool is_asm_site(unsigned long ip)
{
	for (int i = 0; i < FTRACE_NR_ASM_SITES; i++)
		if (ip == ftrace_asm_sites[i])
			return true;
	return false;
}

/*
 * Is the word at ip really a site: the literal of a -pg entry sequence,
 * or one of the two literals in mcount.S? On SH a call site and a plain
 * "(unsigned long)mcount" in C are both an R_SH_DIR32 word holding
 * mcount's address, so a list of sites can contain constants that must
 * not be rewritten. The sequence ends "jmp @r1; lds r0,pr", then a nop
 * when the literal needs aligning, and is followed by "lds.l @r15+,pr".
 */
static bool is_patchable_site(unsigned long ip)
{
	const u16 *before = (const u16 *)ip;

	if (ip & 3)
		return false;
	if (is_asm_site(ip))
		return true;
	if (*(const u16 *)(ip + 4) != INSN_LDS_POP)
		return false;
	if (before[-1] == INSN_NOP)
		before--;
	return before[-1] == INSN_LDS_R0_PR && before[-2] == INSN_JMP_R1;
}

/* Is the instruction at pc, followed by the push, a sequence's first
 * instruction for the literal at ip, in either state? */
static __always_inline bool leads_to(const u16 *pc, unsigned long ip)
{
	/*
	 * One read of the first instruction: an NMI that lands here while
	 * the flag is up rewrites it (nmi_handshake.c), and two reads could
	 * then see the bra for the mov.l test and the mov.l for the bra
	 * test, and call a good site bad.
	 */
	u16 first = READ_ONCE(pc[0]);

	return pc[1] == INSN_STS_PR &&
	       (movl_r1_literal((unsigned long)pc, first) == ip ||
		bra_target((unsigned long)pc, first) == ip + 4);
}

/*
 * The last answer of find_first_insn: (ip - _stext) << 4 | (ip - pc) / 2.
 * A pass asks about the same site three or four times in a row (its NOP,
 * its call, where to compare, where to write), and a scan costs more than
 * the rest of the site's work. One word, so a reader never sees half of
 * an update by another thread; the layout never changes, so an answer
 * stays true.
 */
static unsigned long last_first_insn;

/*
 * The first instruction of the sequence whose literal is at ip, in either
 * of its states: a mov.l into r1 from ip, or a bra to the pop at ip + 4,
 * followed by the push. Nearest first; 0 when there is none.
 */
static unsigned long find_first_insn(unsigned long ip)
{
	unsigned long last = READ_ONCE(last_first_insn);
	unsigned long rel = ip - (unsigned long)_stext;
	const u16 *pc, *end = (const u16 *)(ip - FIRST_INSN_WINDOW);

	/* An answer's low bits are never 0: the initial 0 matches nothing. */
	if ((last & 15) && last >> 4 == rel)
		return ip - (last & 15) * 2;
	if ((unsigned long)end < (unsigned long)_stext)
		end = (const u16 *)_stext;
	for (pc = (const u16 *)(ip - 2); pc >= end; pc--) {
		if (!leads_to(pc, ip))
			continue;
		if (rel < (1UL << 28))
			WRITE_ONCE(last_first_insn,
				   rel << 4 | (ip - (unsigned long)pc) / 2);
		return (unsigned long)pc;
	}
	return 0;
}

static __always_inline bool uses_literal(unsigned long ip)
{
	return !bra_style || is_asm_site(ip);
}

static int style_option(const char *v)
{
	if (!strcmp(v, "bra"))
		bra_style = true;
	else if (!strcmp(v, "literal"))
		bra_style = false;
	else
		return -EINVAL;
	return 0;
}
BOOT_OPTION(ftrace_sh, "ftrace_sh", style_option,
	    "bra|literal: what an SH call site's switch rewrites");

int ftrace_dyn_arch_init(void)
{
	printk("ftrace: sh call sites switch by their %s (ftrace_sh=%s)\n",
	       bra_style ? "first instruction" : "literal word",
	       bra_style ? "bra" : "literal");
	return 0;
}

unsigned long ftrace_arch_patch_addr(unsigned long ip)
{
	return uses_literal(ip) ? ip : find_first_insn(ip);
}

int ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf)
{
	unsigned long pc;

	if (uses_literal(ip)) {
		/* A literal reaches any 32-bit address: never out of
		 * range. */
		put_word(buf, (u32)target);
		return 0;
	}
	/* bra style: the instructions say "jump through the literal", the
	 * literal says where. It holds mcount until the first conversion, then
	 * ftrace_caller: nothing else is in reach. */
	pc = find_first_insn(ip);
	if (!pc || (target != (unsigned long)mcount &&
		    target != (unsigned long)ftrace_caller))
		return -ERANGE;
	put_insns(buf, movl_r1_insn(pc, ip));
	return 0;
}

void ftrace_arch_nop_insn(unsigned long ip, u8 *buf)
{
	unsigned long pc;

	if (uses_literal(ip)) {
		put_word(buf, (u32)(ip + MCOUNT_INSN_SIZE));
		return;
	}
	/* No sequence, no patch address: modify_code fails before it
	 * compares these. */
	pc = find_first_insn(ip);
	if (!pc) {
		memset(buf, 0, MCOUNT_INSN_SIZE);
		return;
	}
	put_insns(buf, bra_insn(pc, ip + 4));
}

unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf)
{
	unsigned long w, pc;

	if (uses_literal(ip)) {
		w = get_word(buf);
		if (w == ip + MCOUNT_INSN_SIZE || !in_text(w))
			return 0;
		return w;
	}
	pc = find_first_insn(ip);
	if (!pc || get_half(buf, 1) != INSN_STS_PR ||
	    movl_r1_literal(pc, get_half(buf, 0)) != ip)
		return 0;
	w = *(const u32 *)ip;
	return in_text(w) ? w : 0;
}

/*
 * Literal style: the literal is all there is. Bra style: the first
 * instruction is what switches, and the literal, which decides where the
 * mov.l leads, is checked and set up on the first conversion: it holds
 * mcount as compiled, then ftrace_caller for good. Both halves go
 * through ftrace_modify_code; the literal is checked before anything is
 * written, so a bad site is left exactly as it was.
 */
int ftrace_make_nop(struct dyn_ftrace *rec, unsigned long addr)
{
	unsigned long ip = rec->ip, pc;
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];
	int ret;

	if (uses_literal(ip)) {
		put_word(old, (u32)addr);
		put_word(new, (u32)(ip + MCOUNT_INSN_SIZE));
		return ftrace_modify_code(ip, old, new);
	}
	pc = is_patchable_site(ip) ? find_first_insn(ip) : 0;
	if (!pc)
		return -ENOENT;
	if (addr == MCOUNT_ADDR) {
		put_word(old, (u32)MCOUNT_ADDR);
		ret = ftrace_check_code(ip, old);
		if (ret)
			return ret;
	} else if (addr != FTRACE_ADDR) {
		return -ERANGE;
	}
	put_insns(old, movl_r1_insn(pc, ip));
	put_insns(new, bra_insn(pc, ip + 4));
	ret = ftrace_modify_code(pc, old, new);
	if (ret || addr != MCOUNT_ADDR)
		return ret;
	/* The site branches over the literal now: no call goes through
	 * it while it changes. One aligned store. */
	put_word(old, (u32)MCOUNT_ADDR);
	put_word(new, (u32)FTRACE_ADDR);
	return ftrace_modify_code(ip, old, new);
}

int ftrace_make_call(struct dyn_ftrace *rec, unsigned long addr)
{
	unsigned long ip = rec->ip, pc;
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];

	if (uses_literal(ip)) {
		put_word(old, (u32)(ip + MCOUNT_INSN_SIZE));
		put_word(new, (u32)addr);
		return ftrace_modify_code(ip, old, new);
	}
	/* The literal says where: ftrace_caller, nothing else. */
	pc = find_first_insn(ip);
	if (!pc)
		return -ENOENT;
	if (addr != FTRACE_ADDR)
		return -ERANGE;
	put_insns(old, bra_insn(pc, ip + 4));
	put_insns(new, movl_r1_insn(pc, ip));
	return ftrace_modify_code(pc, old, new);
}

int ftrace_update_ftrace_func(ftrace_func_t func)
{
	return ftrace_asm_site_set(FTRACE_SITE_CALL, (unsigned long)func);
}

/* The literal in both styles: a jump to ftrace_stub instead of mcount,
 * harmless if it runs, and what either style's conversion must refuse. */
int ftrace_arch_damage(unsigned long ip, unsigned long *addr, u8 *buf)
{
	*addr = ip;
	put_word(buf, (u32)(unsigned long)ftrace_stub);
	return 0;
}

/*
 * Bra style: may buf be written at pc? Only if pc is the first
 * instruction of a real -pg sequence, now in either state, and buf holds
 * one of the two states of that same instruction: the only instructions
 * this file ever writes into text.
 */
static bool first_insn_write_ok(unsigned long pc, const u8 *buf)
{
	u16 want = get_half(buf, 0);
	unsigned long lit = movl_r1_literal(pc, want);

	if (!lit) {
		lit = bra_target(pc, want);
		if (!lit)
			return false;
		lit -= 4;
	}
	return get_half(buf, 1) == INSN_STS_PR &&
	       leads_to((const u16 *)pc, lit) && in_text(lit) &&
	       !is_asm_site(lit) && is_patchable_site(lit);
}

int ftrace_arch_text_write(unsigned long ip, const u8 *buf, bool nmi)
{
	if (is_patchable_site(ip)) {
		/* One aligned store: a mov.l reads the old word or the
		 * new, never half of each. */
		*(volatile u32 *)ip = get_word(buf);
	} else if (first_insn_write_ok(ip, buf)) {
		/* The push after it never changes (checked above), so one
		 * 16-bit store of the first instruction does it: the CPU
		 * fetches the old instruction or the new, at any
		 * alignment, and no byte of a half-written one. */
		*(volatile u16 *)ip = get_half(buf, 0);
	} else {
		return -EPERM;
	}
	/* Push the line out of the write-back operand cache to RAM, where
	 * an instruction fetch after the I-cache flush will find it. The
	 * word or halfword written is aligned, so it lies in one line. */
	__asm__ __volatile__("ocbwb @%0" : : "r"(ip & ~31UL) : "memory");
	return 0;
}

void ftrace_arch_text_write_done(void)
{
}

/* Called with interrupts off: a short run of uncached code. */
void arch_sync_core(void)
{
	void (*flush)(void) = (void (*)(void))(
		(unsigned long)sh_icache_flush_p2 + (0xa0000000 - 0x80000000));

	flush();
}

static void describe_literal(unsigned long ip, const u8 *buf, char *out,
			     size_t size)
{
	unsigned long w = get_word(buf);
	char sym[96];

	if (w == ip + MCOUNT_INSN_SIZE) {
		snprintf(out, size,
			 ".long 0x%08lx  (jump to the next "
			 "instruction: disabled)",
			 w);
		return;
	}
	if (!in_text(w)) {
		snprintf(out, size,
			 ".long 0x%08lx  (not kernel text: "
			 "damaged?)",
			 w);
		return;
	}
	ksym_format(w, sym, sizeof(sym));
	snprintf(out, size, "jmp %s", sym);
}

void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size)
{
	unsigned long pc, w;
	u16 first = get_half(buf, 0);
	char sym[96];

	if (uses_literal(ip)) {
		describe_literal(ip, buf, out, size);
		return;
	}
	pc = find_first_insn(ip);
	if (!pc) {
		snprintf(out, size,
			 "(no mov.l or bra before the literal: "
			 "not a -pg sequence?)");
		return;
	}
	if (get_half(buf, 1) != INSN_STS_PR) {
		snprintf(out, size, "(the push is gone: damaged?)");
		return;
	}
	if (bra_target(pc, first) == ip + 4) {
		snprintf(out, size,
			 "bra 0x%08lx; sts.l pr,@-r15  (bra to the "
			 "pop, skipping the call: disabled)",
			 ip + 4);
		return;
	}
	if (movl_r1_literal(pc, first) != ip) {
		snprintf(out, size,
			 "(neither the mov.l nor the bra: "
			 "damaged?)");
		return;
	}
	w = *(const u32 *)ip;
	if (!in_text(w)) {
		snprintf(out, size,
			 "mov.l 0x%08lx,r1; sts.l pr,@-r15  "
			 "(literal 0x%08lx: not kernel text: damaged?)",
			 ip, w);
		return;
	}
	ksym_format(w, sym, sizeof(sym));
	snprintf(out, size,
		 "mov.l 0x%08lx,r1; sts.l pr,@-r15  (literal "
		 "0x%08lx: jmp %s)",
		 ip, w, sym);
}
