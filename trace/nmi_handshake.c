/*
 * nmi_handshake.c - keep NMIs safe while call sites are rewritten.
 *
 * stop_machine holds every CPU still, but nothing holds off an NMI, and an
 * NMI handler runs traced code: it could execute a call site that is half
 * written. So (docs/nmi.md) the patcher publishes the address and the new
 * bytes, waits until no NMI is running and atomically sets a "modifying
 * code" flag in the same word that counts running NMIs, writes, clears the
 * flag and waits for NMIs again. An NMI that arrives while the flag is up
 * writes the same bytes itself before it runs anything traced; identical
 * bytes written twice do no harm.
 *
 * Built without -pg: ftrace_nmi_enter() is the first thing every NMI runs.
 */
#include "arch.h"
#include "ftrace.h"
#include "ftrace_arch.h"
#include "ftrace_internal.h"
#include "kstring.h"

#define MOD_CODE_FLAG 0x80000000u

/* Low bits: NMIs running now, on any CPU; top bit: code being written. */
static volatile u32 nmi_running;
static volatile unsigned long mod_code_ip;
static u8 mod_code_new[MCOUNT_INSN_SIZE];
static volatile int mod_code_status;

u64 ftrace_nmi_wait_count; /* the patcher had to wait for an NMI */
u64 ftrace_nmi_update_count; /* an NMI did the write itself */

/* Every store into kernel text goes through here, the NMI's too. */
static int poke(unsigned long addr, const u8 *buf, bool nmi)
{
	if (ftrace_fault_write_fails(addr))
		return -EPERM;
	return ftrace_arch_text_write(addr, buf, nmi);
}

void ftrace_nmi_enter(void)
{
	u32 v = __atomic_add_fetch(&nmi_running, 1, __ATOMIC_SEQ_CST);

	if (v & MOD_CODE_FLAG) {
		int ret = poke(mod_code_ip, mod_code_new, true);

		/* A write that fails will fail again: take the flag down so
		 * that the NMIs after this one do not retry it. The patcher
		 * sees the status. */
		if (ret) {
			mod_code_status = ret;
			__atomic_fetch_and(&nmi_running, ~MOD_CODE_FLAG,
					   __ATOMIC_SEQ_CST);
		}
		arch_sync_core();
		__atomic_fetch_add(&ftrace_nmi_update_count, 1,
				   __ATOMIC_RELAXED);
	}
}

void ftrace_nmi_exit(void)
{
	__atomic_fetch_sub(&nmi_running, 1, __ATOMIC_SEQ_CST);
}

static void wait_for_nmi_and_set_flag(void)
{
	u32 expect = 0;

	if (__atomic_compare_exchange_n(&nmi_running, &expect, MOD_CODE_FLAG,
					false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST))
		return;
	do {
		arch_cpu_relax();
		expect = 0;
	} while (!__atomic_compare_exchange_n(
		&nmi_running, &expect, MOD_CODE_FLAG, false, __ATOMIC_SEQ_CST,
		__ATOMIC_SEQ_CST));
	ftrace_nmi_wait_count++;
}

static void wait_for_nmi(void)
{
	if (!__atomic_load_n(&nmi_running, __ATOMIC_SEQ_CST))
		return;
	do {
		arch_cpu_relax();
	} while (__atomic_load_n(&nmi_running, __ATOMIC_SEQ_CST));
	ftrace_nmi_wait_count++;
}

/* Returns 0, or -EPERM when the write failed (here or in an NMI). */
int ftrace_nmi_safe_write(unsigned long addr, const u8 *buf)
{
	int ret;

	/* 1. publish what is to be written */
	mod_code_ip = addr;
	memcpy(mod_code_new, buf, MCOUNT_INSN_SIZE);
	mod_code_status = 0;
	smp_mb();
	/* 2. no NMI running, flag up (one atomic step) */
	wait_for_nmi_and_set_flag();
	/* 3. write */
	ret = poke(addr, buf, false);
	/* 4. flag down */
	__atomic_fetch_and(&nmi_running, ~MOD_CODE_FLAG, __ATOMIC_SEQ_CST);
	/* 5. let any NMI that saw the flag finish before the next site */
	wait_for_nmi();
	if (!ret && mod_code_status)
		ret = mod_code_status;
	return ret ? -EPERM : 0;
}

int ftrace_nmi_wait_idle(void *unused __unused)
{
	while (__atomic_load_n(&nmi_running, __ATOMIC_SEQ_CST))
		arch_cpu_relax();
	return 0;
}
