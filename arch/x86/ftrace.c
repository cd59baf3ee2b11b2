/*
 * ftrace.c - the x86_64 patcher: the only writer of kernel text (the
 * encodings of a call site's states are in ftrace_insn.c). Text is mapped
 * read-only, so a write goes through a temporary writable alias of the
 * page (paging.c), per CPU and separate for NMI context. Built without
 * -pg: it runs while sites change.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "kmain.h"
#include "x86.h"

extern char _stext[], _etext[];

/* For tests: the site of this function refuses to be written. */
unsigned long ftrace_fail_write_ip;

bool ftrace_arch_in_text(unsigned long ip)
{
	return ip >= (unsigned long)_stext &&
	       ip + MCOUNT_INSN_SIZE <= (unsigned long)_etext;
}

int ftrace_arch_text_write(unsigned long ip, const u8 *buf, size_t len,
			   bool nmi)
{
	volatile u8 *alias;

	if (!ftrace_arch_in_text(ip) || ip == ftrace_fail_write_ip)
		return -EPERM;
	alias = paging_map_text_alias(ip, nmi ? 1 : 0);
	if (!alias)
		return -EPERM;
	for (size_t i = 0; i < len; i++)
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

void ftrace_arch_init(void)
{
}

/* The call itself is what changes: the bytes live at the record ip. */
unsigned long ftrace_arch_patch_addr(unsigned long ip)
{
	return ip;
}

/* Nothing outside the five bytes: ftrace_modify_code checks them all. */
int ftrace_arch_check_site(unsigned long ip, u8 *expected, u8 *found)
{
	return 0;
}

int ftrace_arch_prepare_site(unsigned long ip)
{
	return 0;
}

/* A call to somewhere else than mcount: what a bad patch or a stray
 * write could leave, and what boot conversion must refuse. */
int ftrace_arch_damage_site(unsigned long ip)
{
	u8 bad[MCOUNT_INSN_SIZE];
	int ret;

	ret = ftrace_arch_call_insn(ip, (unsigned long)ftrace_stub, bad);
	if (!ret)
		ret = ftrace_arch_text_write(ip, bad, MCOUNT_INSN_SIZE, false);
	ftrace_arch_text_write_done();
	return ret;
}
