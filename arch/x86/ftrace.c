/*
 * ftrace.c - the x86_64 side of the trace core: a call site is the 5-byte
 * `call mcount` gcc -pg put at the start of each function, switched by
 * rewriting those five bytes (encodings in ftrace_insn.c), through the
 * core's ftrace_modify_code. Text is mapped read-only, so the store goes
 * through a temporary writable alias of the page (paging.c), per CPU and
 * separate for NMI context. Built without -pg: it runs while sites change.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "x86.h"

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

int ftrace_dyn_arch_init(void)
{
	return 0;
}

/* The call itself is what changes: the bytes live at the record ip. */
unsigned long ftrace_arch_patch_addr(unsigned long ip)
{
	return ip;
}

/* The bytes of a site at ip that calls target, or of the NOP for 0. */
static int site_insn(unsigned long ip, unsigned long target, u8 *buf)
{
	if (!target) {
		ftrace_arch_nop_insn(ip, buf);
		return 0;
	}
	return ftrace_arch_call_insn(ip, target, buf);
}

/* The site at ip calls from: make it call to; 0 for either is the NOP. */
static int switch_site(unsigned long ip, unsigned long from, unsigned long to)
{
	u8 old[MCOUNT_INSN_SIZE], new[MCOUNT_INSN_SIZE];
	int ret = site_insn(ip, from, old);

	if (!ret)
		ret = site_insn(ip, to, new);
	return ret ? ret : ftrace_modify_code(ip, old, new);
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
	volatile u8 *alias = paging_map_text_alias(addr, nmi ? 1 : 0);

	if (!alias)
		return -EPERM;
	for (size_t i = 0; i < MCOUNT_INSN_SIZE; i++)
		alias[i] = buf[i];
	if (nmi)
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
