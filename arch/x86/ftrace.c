/*
 * ftrace.c - the x86_64 side of the trace core: a call site is the 5-byte
 * `call mcount` gcc -pg put at the start of each function (or, in the
 * PATCHABLE build, the pad gcc put at its entry, made that call at boot),
 * switched by rewriting those five bytes (encodings in ftrace_insn.c),
 * through the core's ftrace_modify_code. Text is mapped read-only, so the store goes
 * through a temporary writable alias of the page (paging.c), per CPU and
 * separate for NMI context. Built without -pg: it runs while sites change.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "ftrace_modify.h"
#include "x86.h"
#include "x86_insn.h"

const unsigned long ftrace_asm_sites[FTRACE_NR_ASM_SITES] = {
	[FTRACE_SITE_CALL] = (unsigned long)ftrace_call,
	[FTRACE_SITE_MCOUNT] = (unsigned long)mcount_call,
};

/*
 * An interrupt or NMI that lands between ftrace_caller's load of
 * function_trace_op and its call at ftrace_call sends the CPU back to the
 * load: while it runs, or while the thread it interrupted waits
 * preempted, a patch pass may point ftrace_call at another callback,
 * which must not be handed the ops loaded for the one before. The load
 * is all that lies between, so doing it again is harmless.
 */
void ftrace_caller_restart(unsigned long *pc)
{
	if (*pc == (unsigned long)ftrace_call)
		*pc = (unsigned long)ftrace_caller_op;
}

#ifdef FTRACE_PATCHABLE
extern unsigned long __start_mcount_loc[], __stop_mcount_loc[];

/*
 * The PATCHABLE build: gcc left a pad of one-byte NOPs at each site and
 * listed the sites where recordmcount's list would be. Each pad becomes
 * the call to mcount -pg would have left, so that the core, record mode
 * included, starts from the same sites in both builds. A site that holds
 * anything but the pad is left alone: the core's conversion, expecting
 * the call, then fails on it and reports what it found.
 */
int ftrace_dyn_arch_init(void)
{
	u8 pad[MCOUNT_INSN_SIZE], call[MCOUNT_INSN_SIZE];

	x86_pad_insn(pad);
	for (unsigned long *p = __start_mcount_loc; p < __stop_mcount_loc; p++)
		if (!x86_call_insn(*p, MCOUNT_ADDR, call))
			ftrace_modify_code(*p, pad, call);
	ftrace_arch_text_write_done();
	arch_sync_core();
	return 0;
}
#else
int ftrace_dyn_arch_init(void)
{
	return 0;
}
#endif

/* The call itself is what changes: the bytes live at the record ip. */
unsigned long ftrace_arch_patch_addr(unsigned long ip)
{
	return ip;
}

/*
 * The patcher's raw store, inline into the writer's fast path: through the
 * CPU's alias window (one compare when it already maps the page, as for
 * every site after a page's first in a pass), a 32-bit store and a byte
 * store. The handshake is what makes a site written in two stores safe
 * (docs/nmi.md); the breakpoint method writes only bytes that are not
 * being executed, or one byte.
 */
static __always_inline void write_insn(u8 *alias, const u8 *buf)
{
	__builtin_memcpy(alias, buf, 4);
	alias[4] = buf[4];
}

static __always_inline int store(unsigned long addr, const u8 *buf)
{
	write_insn(paging_text_alias(addr, 0), buf);
	return 0;
}

/* The bytes of a site at ip that calls target, or of the NOP for 0. */
static __always_inline int site_insn(unsigned long ip, unsigned long target,
				     u8 *buf)
{
	if (!target) {
		x86_nop_insn(buf);
		return 0;
	}
	return x86_call_insn(ip, target, buf);
}

/* The site at ip calls from: make it call to; 0 for either is the NOP.
 * Inline, encodings, compare, handshake and store: a pass runs it for
 * every site it changes. */
static __always_inline int switch_site(unsigned long ip, unsigned long from,
				       unsigned long to)
{
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];
	int ret = site_insn(ip, from, old);

	if (!ret)
		ret = site_insn(ip, to, new);
	return ret ? ret : ftrace_modify_code_with(ip, old, new, store);
}

int ftrace_make_nop(struct dyn_ftrace *rec, unsigned long addr)
{
	return switch_site(rec->ip, addr, 0);
}

int ftrace_make_call(struct dyn_ftrace *rec, unsigned long addr)
{
	return switch_site(rec->ip, 0, addr);
}

int ftrace_update_ftrace_func(ftrace_func_t func)
{
	return ftrace_asm_site_set(FTRACE_SITE_CALL, (unsigned long)func);
}

/* A call to somewhere else than mcount: what a bad patch or a stray
 * write could leave, and what boot conversion must refuse. */
int ftrace_arch_damage(unsigned long ip, unsigned long *addr, u8 *buf)
{
	*addr = ip;
	return ftrace_arch_call_insn(ip, (unsigned long)ftrace_stub, buf);
}

int ftrace_arch_text_write(unsigned long addr, const u8 *buf, bool nmi)
{
	if (!nmi)
		return store(addr, buf);
	/* The NMI's own window, mapped for this write alone. */
	write_insn(paging_map_text_alias(addr, 1), buf);
	paging_unmap_text_alias(1);
	return 0;
}

void ftrace_arch_text_write_done(void)
{
	paging_unmap_text_alias(0);
}

void arch_sync_core(void)
{
	sync_core();
}
