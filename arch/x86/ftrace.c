/*
 * ftrace.c - the x86_64 patcher: encodings of a call site's states and the
 * only writer of kernel text. Text is mapped read-only, so a write goes
 * through a temporary writable alias of the page (paging.c), per CPU and
 * separate for NMI context. Built without -pg: it runs while sites change.
 */
#include "arch.h"
#include "ftrace_arch.h"
#include "kmain.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "x86.h"

static const u8 nop5[MCOUNT_INSN_SIZE] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
extern char _stext[], _etext[];

/* For tests: the site of this function refuses to be written. */
unsigned long ftrace_fail_write_ip;

void ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf)
{
	s32 rel = (s32)(target - (ip + MCOUNT_INSN_SIZE));

	buf[0] = 0xe8;
	memcpy(buf + 1, &rel, 4);
}

void ftrace_arch_nop_insn(unsigned long ip, u8 *buf)
{
	memcpy(buf, nop5, MCOUNT_INSN_SIZE);
}

unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf)
{
	s32 rel;

	if (buf[0] != 0xe8)
		return 0;
	memcpy(&rel, buf + 1, 4);
	return ip + MCOUNT_INSN_SIZE + (long)rel;
}

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

void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size)
{
	unsigned long target = ftrace_arch_call_target(ip, buf);
	char sym[96];

	if (!memcmp(buf, nop5, MCOUNT_INSN_SIZE)) {
		snprintf(out, size, "nopl 0x0(%%rax,%%rax,1)  (5-byte NOP: "
			 "disabled)");
		return;
	}
	if (!target) {
		snprintf(out, size, "(not a call or the NOP: damaged?)");
		return;
	}
	ksym_format(target, sym, sizeof(sym));
	snprintf(out, size, "call %s", sym);
}
