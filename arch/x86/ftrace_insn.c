/* ftrace_insn.c - the x86_64 encodings of a call site: call rel32 and NOP. */

/*
 * Pure functions of (ip, bytes): no page tables, no inline assembly, so
 * the host tests build this file as it is. Built without -pg: the
 * patcher calls it while call sites change.
 */
#include "ftrace_arch.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"
#include "x86_insn.h"

static const u8 nop5[MCOUNT_INSN_SIZE] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

int ftrace_arch_call_insn(unsigned long ip, unsigned long target, u8 *buf)
{
	return x86_call_insn(ip, target, buf);
}

/* The same NOP anywhere: ip is for ports whose NOP depends on it (sh). */
void ftrace_arch_nop_insn(unsigned long ip __unused, u8 *buf)
{
	x86_nop_insn(buf);
}

unsigned long ftrace_arch_call_target(unsigned long ip, const u8 *buf)
{
	s32 rel;

	if (buf[0] != X86_CALL_OPCODE)
		return 0;
	__builtin_memcpy(&rel, buf + 1, 4);
	return ip + MCOUNT_INSN_SIZE + (long)rel;
}

void ftrace_arch_describe(unsigned long ip, const u8 *buf, char *out,
			  size_t size)
{
	unsigned long target = ftrace_arch_call_target(ip, buf);
	u8 pad[MCOUNT_INSN_SIZE];
	char sym[96];

	if (!memcmp(buf, nop5, MCOUNT_INSN_SIZE)) {
		snprintf(out, size,
			 "nopl 0x0(%%rax,%%rax,1)  (5-byte NOP: "
			 "disabled)");
		return;
	}
	x86_pad_insn(pad);
	if (!memcmp(buf, pad, MCOUNT_INSN_SIZE)) {
		snprintf(out, size,
			 "nop x%d  (the PATCHABLE build's pad as compiled: "
			 "not converted)",
			 MCOUNT_INSN_SIZE);
		return;
	}
	if (buf[0] == FTRACE_BP_INSN) {
		snprintf(out, size,
			 "int3  (breakpoint: a patch pass is changing this "
			 "site)");
		return;
	}
	if (!target) {
		snprintf(out, size, "(not a call or the NOP: damaged?)");
		return;
	}
	ksym_format(target, sym, sizeof(sym));
	snprintf(out, size, "call %s", sym);
}
