/*
 * sh_ftrace.h - the SH-4 call-site encodings (arch/sh/ftrace_insn.c), as
 * arch/sh/ftrace.c and the host tests use them. They read no memory: what
 * they need to know of the text around a site comes in struct sh_site,
 * which ftrace.c fills from the kernel's text and a test by hand.
 */
#ifndef SH_FTRACE_H
#define SH_FTRACE_H

#include "asm/insn.h"
#include "compiler.h"
#include "types.h"

struct sh_site {
	unsigned long ip; /* the literal word: the record ip */
	bool bra; /* switched by its first instruction (ftrace_sh=bra) */
	unsigned long first; /* bra: that instruction, 0 when none found */
	u32 literal; /* the word at ip now */
	/* Kernel text, [start, end): where a call may lead. */
	unsigned long text_start, text_end;
};

/* Where the bytes that switch the site are (ftrace_arch_patch_addr). */
static inline unsigned long sh_patch_addr(const struct sh_site *s)
{
	return s->bra ? s->first : s->ip;
}

/*
 * The ftrace_arch_* encodings of include/ftrace_arch.h for one site, with
 * the same contracts. Bra style: the call is the mov.l through the
 * literal, so only the literal's two values, mcount and ftrace_caller,
 * are in reach (-ERANGE otherwise); with no first instruction found there
 * are no bytes: -ERANGE, and a NOP of zeros no text holds.
 */
int sh_call_insn(const struct sh_site *s, unsigned long target, u8 *buf);
void sh_nop_insn(const struct sh_site *s, u8 *buf);
unsigned long sh_call_target(const struct sh_site *s, const u8 *buf);
void sh_describe(const struct sh_site *s, const u8 *buf, char *out,
		 size_t size);

/*
 * The trace core's byte buffers have no alignment, and SH-4 traps on an
 * unaligned load or store, so words and halfwords are put together by
 * hand, little-endian as this kernel is built (-ml). memcpy would do the
 * same, but it is a real call here and costs more than the rest.
 */
static __always_inline void sh_put_half(u8 *buf, int i, u16 h)
{
	buf[2 * i] = (u8)h;
	buf[2 * i + 1] = (u8)(h >> 8);
}

static __always_inline u16 sh_get_half(const u8 *buf, int i)
{
	return (u16)(buf[2 * i] | buf[2 * i + 1] << 8);
}

static __always_inline u32 sh_get_word(const u8 *buf)
{
	return sh_get_half(buf, 0) | (u32)sh_get_half(buf, 1) << 16;
}

/* The two instructions at a bra-style patch address: first, then the
 * push. */
static __always_inline void sh_put_insns(u8 *buf, unsigned int first)
{
	sh_put_half(buf, 0, (u16)first);
	sh_put_half(buf, 1, SH_INSN_STS_PR);
}

/* The bytes of a literal word holding w (both styles' literal writes). */
static __always_inline void sh_literal_bytes(u8 *buf, unsigned long w)
{
	sh_put_half(buf, 0, (u16)w);
	sh_put_half(buf, 1, (u16)(w >> 16));
}

/*
 * The first instruction of the sequence whose literal is at ip, in either
 * state (asm/insn.h: sh_pg_first_insn), looked for in the n halfwords
 * before ip, text[0] at ip - 2 * n and text[n - 1] at ip - 2; nearest
 * first. Its address, or 0 when there is none.
 */
unsigned long sh_find_first_insn(unsigned long ip, const u16 *text,
				 unsigned long n);

#endif
