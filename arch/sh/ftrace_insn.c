/*
 * ftrace_insn.c - the SH-4 encodings of a call site, in both styles
 * (arch/sh/ftrace.c draws the sequence and its states): the literal
 * word, or the first instruction, mov.l through the literal or bra over
 * it, with the push after it.
 *
 * Pure functions of a struct sh_site and bytes: no text is read or
 * written here, so the host tests build this file as it is. Built
 * without -pg: the patcher calls it while call sites change.
 */
#include "asm/insn.h"
#include "ftrace_arch.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "sh_ftrace.h"

/* Does the word w point into kernel text (a call target, not data)? */
static bool in_text(const struct sh_site *s, unsigned long w)
{
	return w >= s->text_start && w + MCOUNT_INSN_SIZE <= s->text_end;
}

int sh_call_insn(const struct sh_site *s, unsigned long target, u8 *buf)
{
	if (!s->bra) {
		/* A literal reaches any 32-bit address: never out of
		 * range. */
		sh_literal_bytes(buf, target);
		return 0;
	}
	/* The instructions say "jump through the literal", the literal
	 * says where. It holds mcount until the first conversion, then
	 * ftrace_caller: nothing else is in reach. */
	if (!s->first || (target != MCOUNT_ADDR && target != FTRACE_ADDR))
		return -ERANGE;
	sh_put_insns(buf, sh_movl_r1_insn(s->first, s->ip));
	return 0;
}

void sh_nop_insn(const struct sh_site *s, u8 *buf)
{
	if (!s->bra) {
		/* The jmp lands just after the literal, on the pop. */
		sh_literal_bytes(buf, s->ip + MCOUNT_INSN_SIZE);
		return;
	}
	/* No sequence, no patch address: modify_code fails before it
	 * compares these. */
	if (!s->first) {
		memset(buf, 0, MCOUNT_INSN_SIZE);
		return;
	}
	sh_put_insns(buf, sh_bra_insn(s->first, s->ip + 4));
}

unsigned long sh_call_target(const struct sh_site *s, const u8 *buf)
{
	unsigned long w;

	if (!s->bra) {
		w = sh_get_word(buf);
		if (w == s->ip + MCOUNT_INSN_SIZE || !in_text(s, w))
			return 0;
		return w;
	}
	if (!s->first || sh_get_half(buf, 1) != SH_INSN_STS_PR ||
	    sh_movl_r1_literal(s->first, sh_get_half(buf, 0)) != s->ip)
		return 0;
	return in_text(s, s->literal) ? s->literal : 0;
}

unsigned long sh_find_first_insn(unsigned long ip, const u16 *text,
				 unsigned long n)
{
	if (n < 2)
		return 0;
	/* text[i] is at ip - 2 * (n - i); the last one, at ip - 2, has no
	 * push after it to look at. */
	for (unsigned long i = n - 1; i-- > 0;) {
		/*
		 * One read of the first instruction: an NMI that lands here
		 * while the flag is up rewrites it (nmi_handshake.c), and two
		 * reads could then see the bra for the mov.l test and the
		 * mov.l for the bra test, and call a good site bad.
		 */
		unsigned int first = READ_ONCE(text[i]);
		unsigned long pc = ip - 2 * (n - i);

		if (sh_pg_first_insn(pc, first, text[i + 1], ip))
			return pc;
	}
	return 0;
}

static void describe_literal(const struct sh_site *s, const u8 *buf, char *out,
			     size_t size)
{
	unsigned long w = sh_get_word(buf);
	char sym[KSYM_FORMAT_MAX];

	if (w == s->ip + MCOUNT_INSN_SIZE) {
		snprintf(out, size,
			 ".long 0x%08lx  (jump to the next "
			 "instruction: disabled)",
			 w);
		return;
	}
	if (!in_text(s, w)) {
		snprintf(out, size,
			 ".long 0x%08lx  (not kernel text: "
			 "damaged?)",
			 w);
		return;
	}
	ksym_format(w, sym, sizeof(sym));
	snprintf(out, size, "jmp %s", sym);
}

void sh_describe(const struct sh_site *s, const u8 *buf, char *out, size_t size)
{
	unsigned int first = sh_get_half(buf, 0);
	unsigned long ip = s->ip, w = s->literal;
	char sym[KSYM_FORMAT_MAX];

	if (!s->bra) {
		describe_literal(s, buf, out, size);
		return;
	}
	if (!s->first) {
		snprintf(out, size,
			 "(no mov.l or bra before the literal: "
			 "not a -pg sequence?)");
		return;
	}
	if (sh_get_half(buf, 1) != SH_INSN_STS_PR) {
		snprintf(out, size, "(the push is gone: damaged?)");
		return;
	}
	if (sh_bra_target(s->first, first) == ip + 4) {
		snprintf(out, size,
			 "bra 0x%08lx; sts.l pr,@-r15  (bra to the "
			 "pop, skipping the call: disabled)",
			 ip + 4);
		return;
	}
	if (sh_movl_r1_literal(s->first, first) != ip) {
		snprintf(out, size,
			 "(neither the mov.l nor the bra: "
			 "damaged?)");
		return;
	}
	if (!in_text(s, w)) {
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

/* The literal in both styles: a jump to ftrace_stub instead of mcount,
 * harmless if it runs, and what either style's conversion must refuse. */
int ftrace_arch_damage(unsigned long ip, unsigned long *addr, u8 *buf)
{
	*addr = ip;
	sh_literal_bytes(buf, (unsigned long)ftrace_stub);
	return 0;
}
