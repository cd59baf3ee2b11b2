/*
 * ftrace.c - the SH-4 side of the trace core: what a call site holds in
 * each state, and the only writer of kernel text.
 *
 * An SH call site (mcount.S) is the 32-bit literal that the -pg entry
 * sequence jumps through, so "patching" is writing one aligned word:
 *	calls mcount / ftrace_caller:	the address of that routine
 *	disabled (the "NOP"):		site + 4, the instruction after the
 *					literal, so the jmp just skips ahead
 * The literal is read by mov.l, as data, so an aligned 32-bit store
 * switches it atomically for the CPU; the instruction cache is flushed
 * anyway (arch_sync_core) so that instruction rewrites would work too.
 *
 * The MMU is off, text is plain RAM at P1 and writable: there is no alias
 * to map. Built without -pg: this runs while call sites change.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "sh4.h"
#include "sh_arch.h"

void sh_icache_flush_p2(void);

/* For tests: the site at this address refuses to be written. */
unsigned long ftrace_fail_write_ip;

static void put_word(u8 *buf, u32 w)
{
	memcpy(buf, &w, sizeof(w));
}

static u32 get_word(const u8 *buf)
{
	u32 w;

	memcpy(&w, buf, sizeof(w));
	return w;
}

int ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf)
{
	/* A literal word reaches any 32-bit address: never out of range. */
	put_word(buf, (u32)target);
	return 0;
}

void ftrace_arch_nop_insn(unsigned long ip, u8 *buf)
{
	put_word(buf, (u32)(ip + MCOUNT_INSN_SIZE));
}

unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf)
{
	unsigned long w = get_word(buf);

	if (w == ip + MCOUNT_INSN_SIZE || !ftrace_arch_in_text(w))
		return 0;
	return w;
}

bool ftrace_arch_in_text(unsigned long ip)
{
	return ip >= (unsigned long)_stext &&
	       ip + MCOUNT_INSN_SIZE <= (unsigned long)_etext;
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
	if (ip == (unsigned long)mcount_call ||
	    ip == (unsigned long)ftrace_call)
		return true;
	if (*(const u16 *)(ip + 4) != 0x4f26)		/* lds.l @r15+,pr */
		return false;
	if (before[-1] == 0x0009)			/* nop */
		before--;
	return before[-1] == 0x402a && before[-2] == 0x412b;
}

int ftrace_arch_text_write(unsigned long ip, const u8 *buf, size_t len,
			   bool nmi)
{
	if (!ftrace_arch_in_text(ip) || ip == ftrace_fail_write_ip)
		return -EPERM;
	if (!is_patchable_site(ip))
		return -EPERM;
	if (len == 4 && !(ip & 3)) {
		/* One store: the site is never seen half-written. */
		*(volatile u32 *)ip = get_word(buf);
	} else {
		for (size_t i = 0; i < len; i++)
			((volatile u8 *)ip)[i] = buf[i];
	}
	/* Push the line out of the write-back operand cache to RAM, where
	 * an instruction fetch after the I-cache flush will find it. */
	__asm__ __volatile__("ocbwb @%0" : : "r"(ip & ~31UL) : "memory");
	return 0;
}

void ftrace_arch_text_write_done(void)
{
}

/* Called with interrupts off: a short run of uncached code. */
void arch_sync_core(void)
{
	void (*flush)(void) = (void (*)(void))
		((unsigned long)sh_icache_flush_p2 + (0xa0000000 - 0x80000000));

	flush();
}

void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size)
{
	unsigned long w = get_word(buf);
	char sym[96];

	if (w == ip + MCOUNT_INSN_SIZE) {
		snprintf(out, size, ".long 0x%08lx  (jump to the next "
			 "instruction: disabled)", w);
		return;
	}
	if (!ftrace_arch_in_text(w)) {
		snprintf(out, size, ".long 0x%08lx  (not kernel text: "
			 "damaged?)", w);
		return;
	}
	ksym_format(w, sym, sizeof(sym));
	snprintf(out, size, "jmp %s", sym);
}
