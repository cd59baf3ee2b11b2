/*
 * ftrace.c - the SH-4 side of the trace core: switching a call site over
 * the core's ftrace_modify_code, the raw store under it, and the set-up
 * (the style, finding a site's first instruction). What the bytes are in
 * each state is in ftrace_insn.c.
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
 * there is no alias to map. Written instructions reach instruction fetch
 * through the operand-cache write-back below and arch_sync_core()'s I-cache flush,
 * which every pass ends with. Built without -pg: this runs while call
 * sites change.
 */
#include "arch.h"
#include "asm/insn.h"
#include "bootopt.h"
#include "ftrace_arch.h"
#include "ftrace_modify.h"
#include "kstring.h"
#include "printk.h"
#include "sh4.h"
#include "sh_arch.h"
#include "sh_ftrace.h"

void sh_icache_flush_p2(void);

const unsigned long ftrace_asm_sites[FTRACE_NR_ASM_SITES] = {
	[FTRACE_SITE_CALL] = (unsigned long)ftrace_call,
	[FTRACE_SITE_MCOUNT] = (unsigned long)mcount_call,
};

/*
 * An interrupt (the pseudo-NMI too) that lands after ftrace_caller loaded
 * function_trace_op but before its jsr sends the CPU back to the load:
 * while it runs, or while the thread it interrupted waits preempted, a
 * patch pass may change the callback, which must not be handed the ops
 * loaded for the one before. Only register loads lie between.
 */
void ftrace_caller_restart(unsigned long *pc)
{
	unsigned long op = (unsigned long)ftrace_caller_op;

	if (*pc > op && *pc <= (unsigned long)ftrace_caller_jsr)
		*pc = op;
}

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
 * or one of the literals in mcount.S? On SH a call site and a plain
 * "(unsigned long)mcount" in C are both an R_SH_DIR32 word holding
 * mcount's address, so a list of sites can contain constants that must
 * not be rewritten.
 */
static bool is_patchable_site(unsigned long ip)
{
	const u16 *h = (const u16 *)ip;

	if (ip & 3)
		return false;
	return is_asm_site(ip) || sh_pg_literal(h[-3], h[-2], h[-1], h[2]);
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

/* The first instruction of the sequence whose literal is at ip, in
 * either of its states; 0 when there is none. */
static unsigned long find_first_insn(unsigned long ip)
{
	unsigned long last = READ_ONCE(last_first_insn);
	unsigned long rel = ip - (unsigned long)_stext, n, pc;

	/* An answer's low bits are never 0: the initial 0 matches nothing. */
	if ((last & 15) && last >> 4 == rel)
		return ip - (last & 15) * 2;
	n = (rel < FIRST_INSN_WINDOW ? rel : FIRST_INSN_WINDOW) / 2;
	pc = sh_find_first_insn(ip, (const u16 *)ip - n, n);
	if (pc && rel < (1UL << 28))
		WRITE_ONCE(last_first_insn, rel << 4 | (ip - pc) / 2);
	return pc;
}

/* The site at ip as the encodings (ftrace_insn.c) see it. Inline, as
 * is switch_site(): a patch pass runs them for every site. */
static __always_inline void site_of(unsigned long ip, struct sh_site *s)
{
	s->ip = ip;
	s->bra = bra_style && !is_asm_site(ip);
	s->first = s->bra ? find_first_insn(ip) : 0;
	s->literal = *(const u32 *)ip;
	s->text_start = (unsigned long)_stext;
	s->text_end = (unsigned long)_etext;
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

/* ---- the encoding interface, over ftrace_insn.c ---- */

unsigned long ftrace_arch_patch_addr(unsigned long ip)
{
	struct sh_site s;

	site_of(ip, &s);
	return sh_patch_addr(&s);
}

int ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf)
{
	struct sh_site s;

	site_of(ip, &s);
	return sh_call_insn(&s, target, buf);
}

void ftrace_arch_nop_insn(unsigned long ip, u8 *buf)
{
	struct sh_site s;

	site_of(ip, &s);
	sh_nop_insn(&s, buf);
}

unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf)
{
	struct sh_site s;

	site_of(ip, &s);
	return sh_call_target(&s, buf);
}

void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size)
{
	struct sh_site s;

	site_of(ip, &s);
	sh_describe(&s, buf, out, size);
}

/* ---- switching a site ---- */

/* The site of s calls from: make it call to; 0 for either is the NOP. */
static __always_inline int switch_site(const struct sh_site *s,
				       unsigned long from, unsigned long to)
{
	u8 old[MCOUNT_INSN_SIZE] __aligned(4),
		new[MCOUNT_INSN_SIZE] __aligned(4);
	int ret = 0;

	if (from)
		ret = sh_call_insn(s, from, old);
	else
		sh_nop_insn(s, old);
	if (!ret && to)
		ret = sh_call_insn(s, to, new);
	else if (!ret)
		sh_nop_insn(s, new);
	return ret ? ret : ftrace_modify_code(sh_patch_addr(s), old, new);
}

/*
 * What the site's first conversion found and checked, kept in the
 * record's arch bits: in the bra style, where its first instruction is,
 * as (ip - first) / 2 (at most 8, see FIRST_INSN_WINDOW), once it has
 * checked the literal and written both; in the literal style, that the
 * literal is a site's (SITE_LITERAL). 0 before.
 */
#define SITE_LITERAL 0xfUL

static __always_inline unsigned long site_mark(const struct dyn_ftrace *rec)
{
	return (rec->flags & FTRACE_FL_ARCH_MASK) >> FTRACE_FL_ARCH_SHIFT;
}

static __always_inline void set_mark(struct dyn_ftrace *rec, unsigned long m)
{
	rec->flags = (rec->flags & ~FTRACE_FL_ARCH_MASK) |
		     m << FTRACE_FL_ARCH_SHIFT;
}

/* Bra style: the first instruction of a converted site, or 0. */
static __always_inline unsigned long known_first(const struct dyn_ftrace *rec)
{
	unsigned long m = site_mark(rec);

	return m && m != SITE_LITERAL ? rec->ip - 2 * m : 0;
}

/*
 * The raw stores of a switch of a converted site (below), inline into the
 * writer's fast path: one 16-bit store of a first instruction, or one
 * 32-bit store of a literal, and the line written back to RAM. The
 * compare before it found one of the site's two states at pc; pc itself
 * was found and checked at the site's first conversion. So this is what
 * ftrace_arch_text_write would let through, without looking for it
 * again.
 */
static __always_inline int written_back(unsigned long pc)
{
	__asm__ __volatile__("ocbwb @%0" : : "r"(pc & ~31UL) : "memory");
	return 0;
}

static __always_inline int store_first(unsigned long pc, const u8 *buf)
{
	*(volatile u16 *)pc = sh_get_half(buf, 0);
	return written_back(pc);
}

static __always_inline int store_literal(unsigned long ip, const u8 *buf)
{
	*(volatile u32 *)ip = sh_get_word(buf);
	return written_back(ip);
}

/* Bra style, a converted site: the bra becomes the mov.l (to_call) or
 * back. Inline, encodings, compare, handshake and store: a pass runs it
 * for every site it changes. */
static __always_inline int switch_first(unsigned long ip, unsigned long pc,
					bool to_call)
{
	u8 old[MCOUNT_INSN_SIZE] __aligned(4),
		new[MCOUNT_INSN_SIZE] __aligned(4);
	unsigned int call = sh_movl_r1_insn(pc, ip),
		     nop = sh_bra_insn(pc, ip + 4);

	sh_put_insns(old, to_call ? nop : call);
	sh_put_insns(new, to_call ? call : nop);
	return ftrace_modify_code_with(pc, old, new, store_first);
}

/* Literal style, a converted site: the literal goes from one target to
 * another (the disabled one is ip + 4). Inline, as above. */
static __always_inline int switch_literal(unsigned long ip, unsigned long from,
					  unsigned long to)
{
	u8 old[MCOUNT_INSN_SIZE] __aligned(4),
		new[MCOUNT_INSN_SIZE] __aligned(4);

	sh_literal_bytes(old, from);
	sh_literal_bytes(new, to);
	return ftrace_modify_code_with(ip, old, new, store_literal);
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
	u8 old[MCOUNT_INSN_SIZE] __aligned(4),
		new[MCOUNT_INSN_SIZE] __aligned(4);
	unsigned long first = known_first(rec);
	struct sh_site s;
	int ret;

	if (first && addr == FTRACE_ADDR)
		return switch_first(rec->ip, first, false);
	if (site_mark(rec) == SITE_LITERAL && addr != MCOUNT_ADDR)
		return switch_literal(rec->ip, addr,
				      rec->ip + MCOUNT_INSN_SIZE);
	site_of(rec->ip, &s);
	if (!s.bra) {
		ret = switch_site(&s, addr, 0);
		if (!ret && addr == MCOUNT_ADDR)
			set_mark(rec, SITE_LITERAL);
		return ret;
	}
	if (!s.first || !is_patchable_site(s.ip))
		return -ENOENT;
	if (addr == MCOUNT_ADDR) {
		sh_literal_bytes(old, MCOUNT_ADDR);
		ret = ftrace_check_code(s.ip, old);
		if (ret)
			return ret;
	} else if (addr != FTRACE_ADDR) {
		return -ERANGE;
	}
	ret = switch_site(&s, addr, 0);
	if (ret || addr != MCOUNT_ADDR)
		return ret;
	/* The site branches over the literal now: no call goes through
	 * it while it changes. One aligned store. */
	sh_literal_bytes(new, FTRACE_ADDR);
	ret = ftrace_modify_code(s.ip, old, new);
	if (!ret)
		set_mark(rec, (s.ip - s.first) / 2);
	return ret;
}

int ftrace_make_call(struct dyn_ftrace *rec, unsigned long addr)
{
	unsigned long first = known_first(rec);
	struct sh_site s;

	if (first && addr == FTRACE_ADDR)
		return switch_first(rec->ip, first, true);
	if (site_mark(rec) == SITE_LITERAL)
		return switch_literal(rec->ip, rec->ip + MCOUNT_INSN_SIZE,
				      addr);
	site_of(rec->ip, &s);
	if (s.bra && !s.first)
		return -ENOENT;
	/* Bra style: the literal says where, ftrace_caller, nothing else. */
	if (s.bra && addr != FTRACE_ADDR)
		return -ERANGE;
	return switch_site(&s, 0, addr);
}

int ftrace_update_ftrace_func(ftrace_func_t func)
{
	return ftrace_asm_site_set(FTRACE_SITE_CALL, (unsigned long)func);
}

/*
 * Bra style: may buf be written at pc? Only if pc is the first
 * instruction of a real -pg sequence, now in either state, and buf holds
 * one of the two states of that same instruction: the only instructions
 * this file ever writes into text.
 */
static bool first_insn_write_ok(unsigned long pc, const u8 *buf)
{
	const u16 *now = (const u16 *)pc;
	unsigned int want = sh_get_half(buf, 0), next = sh_get_half(buf, 1);
	unsigned long lit = sh_movl_r1_literal(pc, want);

	if (!lit) {
		lit = sh_bra_target(pc, want);
		if (!lit)
			return false;
		lit -= 4;
	}
	/* One read of what is there: see sh_find_first_insn. */
	return next == SH_INSN_STS_PR &&
	       sh_pg_first_insn(pc, READ_ONCE(now[0]), now[1], lit) &&
	       in_text(lit) && !is_asm_site(lit) && is_patchable_site(lit);
}

int ftrace_arch_text_write(unsigned long ip, const u8 *buf, bool nmi)
{
	if (is_patchable_site(ip)) {
		/* One aligned store: a mov.l reads the old word or the
		 * new, never half of each. */
		*(volatile u32 *)ip = sh_get_word(buf);
	} else if (first_insn_write_ok(ip, buf)) {
		/* The push after it never changes (checked above), so one
		 * 16-bit store of the first instruction does it: the CPU
		 * fetches the old instruction or the new, at any
		 * alignment, and no byte of a half-written one. */
		*(volatile u16 *)ip = sh_get_half(buf, 0);
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
