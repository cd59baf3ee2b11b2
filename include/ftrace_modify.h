/*
 * ftrace_modify.h - the fast path of the one writer of kernel text,
 * inline, for the arch code that switches call sites and for the core.
 *
 * ftrace_modify_code() (trace/ftrace.c) checks a site, compares its
 * bytes and writes through the NMI handshake. In a patch pass that is
 * done for hundreds or thousands of sites in a row, and a chain of calls
 * per site (the arch's switch, the writer, the compare, the handshake,
 * the store, the alias) would cost more than the work itself. So the
 * common case, a site in text that holds what it should, inside a pass
 * whose handshake flag is up, is written out here in a few loads and
 * stores, with the arch's store given as an inline function; anything
 * else (a compare that fails, the breakpoint method's batching, a test
 * fault, a write outside a pass) takes the out-of-line writer, which does
 * exactly what it always did. docs/patching.md and docs/nmi.md explain
 * both halves.
 */
#ifndef FTRACE_MODIFY_H
#define FTRACE_MODIFY_H

#include "ftrace_arch.h"

/* The handshake's shared state (trace/nmi_handshake.c, docs/nmi.md). */
#define MOD_CODE_FLAG 0x80000000u
struct ftrace_mod_code {
	/* Low bits: NMIs running now, on any CPU; top bit: code is being
	 * written (for a whole pass, or for one write outside a pass). */
	volatile u32 running;
	/* Odd while no site is published: an NMI then has nothing to
	 * write, since every site written so far is whole. Even: ip and
	 * new are the site being written now. */
	volatile u32 gen;
	volatile unsigned long ip;
	u8 new[MCOUNT_INSN_SIZE] __aligned(4);
	/* The flag is up for the pass that runs now: writes publish their
	 * site and store, and nothing else. Only the patcher reads it. */
	bool in_pass;
};
extern struct ftrace_mod_code ftrace_mod_code;
/* Wait until no NMI runs (the flag aside); counted as a wait. */
void ftrace_nmi_drain(void);

/* Kernel text, and whether a test fault may make some write fail. */
extern char _stext[], _etext[];
extern bool ftrace_fault_armed;

/*
 * MCOUNT_INSN_SIZE bytes, copied and compared a chunk at a time: 32 bits
 * where the CPU loads words at any alignment; where it traps instead, the
 * arch's MCOUNT_INSN_ALIGN, which every site and every buffer of a site's
 * bytes then has (SH-4: 2, its instructions' alignment).
 */
#ifdef MCOUNT_INSN_ALIGN
#define INSN_CHUNK MCOUNT_INSN_ALIGN
#define INSN_AT(p, i) \
	__builtin_assume_aligned((const u8 *)(p) + (i), INSN_CHUNK)
#else
#define INSN_CHUNK 4
#define INSN_AT(p, i) ((const u8 *)(p) + (i))
#endif
#if INSN_CHUNK == 2
typedef u16 ftrace_insn_chunk_t;
#else
typedef u32 ftrace_insn_chunk_t;
#endif

static __always_inline void ftrace_insn_copy(void *dst, const void *src)
{
	unsigned i = 0;

	for (; i + INSN_CHUNK <= MCOUNT_INSN_SIZE; i += INSN_CHUNK)
		__builtin_memcpy((void *)INSN_AT(dst, i), INSN_AT(src, i),
				 INSN_CHUNK);
	for (; i < MCOUNT_INSN_SIZE; i++)
		((u8 *)dst)[i] = ((const u8 *)src)[i];
}

static __always_inline bool ftrace_insn_equal(const void *a, const void *b)
{
	unsigned i = 0;

	for (; i + INSN_CHUNK <= MCOUNT_INSN_SIZE; i += INSN_CHUNK) {
		ftrace_insn_chunk_t x, y;

		__builtin_memcpy(&x, INSN_AT(a, i), INSN_CHUNK);
		__builtin_memcpy(&y, INSN_AT(b, i), INSN_CHUNK);
		if (x != y)
			return false;
	}
	for (; i < MCOUNT_INSN_SIZE; i++)
		if (((const u8 *)a)[i] != ((const u8 *)b)[i])
			return false;
	return true;
}

/*
 * Inside a pass: make addr and new the published site, so that an NMI
 * that starts from now on writes them too (docs/nmi.md, "One flag per
 * pass"). gen goes odd first; then no NMI that may still hold the pair
 * before is running; then the pair, and gen even.
 */
static __always_inline void ftrace_nmi_publish(unsigned long addr,
					       const u8 *new)
{
	struct ftrace_mod_code *m = &ftrace_mod_code;
	u32 g = m->gen | 1;

	__atomic_store_n(&m->gen, g, __ATOMIC_SEQ_CST);
	if (unlikely(__atomic_load_n(&m->running, __ATOMIC_SEQ_CST) &
		     ~MOD_CODE_FLAG))
		ftrace_nmi_drain();
	m->ip = addr;
	ftrace_insn_copy(m->new, new);
	__atomic_store_n(&m->gen, g + 1, __ATOMIC_SEQ_CST);
}

/*
 * ftrace_modify_code(addr, old, new) with the arch's raw store, store
 * (the patcher's own, never the NMI's: 0 or -EPERM), inlined into the
 * caller. Same checks, same errors, same handshake.
 */
static __always_inline int
ftrace_modify_code_with(unsigned long addr, const u8 *old, const u8 *new,
			int (*store)(unsigned long addr, const u8 *buf))
{
	if (likely(ftrace_mod_code.in_pass && !ftrace_fault_armed &&
		   addr >= (unsigned long)_stext &&
		   addr + MCOUNT_INSN_SIZE <= (unsigned long)_etext &&
		   ftrace_insn_equal((const void *)addr, old))) {
		ftrace_nmi_publish(addr, new);
		return store(addr, new);
	}
	return ftrace_modify_code(addr, old, new);
}

#endif
