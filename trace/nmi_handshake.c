/*
 * nmi_handshake.c - keep NMIs safe while call sites are rewritten.
 *
 * stop_machine holds every CPU still, but nothing holds off an NMI, and an
 * NMI handler runs traced code: it could execute a call site that is half
 * written. So (docs/nmi.md) the patcher waits until no NMI is running and
 * atomically sets a "modifying code" flag in the same word that counts
 * running NMIs; it keeps the flag up for a whole pass. For each site it
 * publishes the address and the new bytes (under a generation count, so
 * that an NMI reads them whole, and only once the NMIs that could hold the
 * previous pair are gone), then writes. An NMI that arrives while the flag
 * is up writes the published bytes itself before it runs anything traced;
 * identical bytes written twice do no harm. At the end of the pass the
 * flag goes down and the patcher waits for NMIs again. A write outside a
 * pass does the same for itself alone.
 *
 * Built without -pg: ftrace_nmi_enter() is the first thing every NMI runs.
 */
#include "arch.h"
#include "ftrace.h"
#include "ftrace_arch.h"
#include "ftrace_internal.h"
#include "ftrace_modify.h"
#include "kstring.h"

struct ftrace_mod_code ftrace_mod_code = { .gen = 1 };

u64 ftrace_nmi_wait_count; /* the patcher had to wait for an NMI */
u64 ftrace_nmi_update_count; /* an NMI did the write itself */

/* Every store into kernel text goes through here, the NMI's too. */
static int poke(unsigned long addr, const u8 *buf, bool nmi)
{
	if (ftrace_fault_write_fails(addr))
		return -EPERM;
	return ftrace_arch_text_write(addr, buf, nmi);
}

/*
 * The published site, read whole: gen even and the same before and after
 * the pair. False when gen is odd, no site being written. Two rounds at
 * most: the patcher, once it has made gen odd, waits for this NMI before
 * it publishes again.
 */
static bool read_published(unsigned long *ip, u8 *buf)
{
	for (;;) {
		u32 g = __atomic_load_n(&ftrace_mod_code.gen, __ATOMIC_SEQ_CST);

		if (g & 1)
			return false;
		*ip = ftrace_mod_code.ip;
		ftrace_insn_copy(buf, ftrace_mod_code.new);
		if (__atomic_load_n(&ftrace_mod_code.gen, __ATOMIC_SEQ_CST) ==
		    g)
			return true;
	}
}

void ftrace_nmi_enter(void)
{
	u32 v = __atomic_add_fetch(&ftrace_mod_code.running, 1,
				   __ATOMIC_SEQ_CST);
	unsigned long ip;
	u8 buf[MCOUNT_INSN_SIZE] __aligned(4);

	if (!(v & MOD_CODE_FLAG))
		return;
	/* A write that fails here fails for the patcher too (the same
	 * address check, an alias window of the NMI's own): it reports
	 * the site, and this NMI only leaves it as it is. */
	if (read_published(&ip, buf))
		poke(ip, buf, true);
	arch_sync_core();
	__atomic_fetch_add(&ftrace_nmi_update_count, 1, __ATOMIC_RELAXED);
}

void ftrace_nmi_exit(void)
{
	__atomic_fetch_sub(&ftrace_mod_code.running, 1, __ATOMIC_SEQ_CST);
}

void ftrace_nmi_drain(void)
{
	while (__atomic_load_n(&ftrace_mod_code.running, __ATOMIC_SEQ_CST) &
	       ~MOD_CODE_FLAG)
		arch_cpu_relax();
	ftrace_nmi_wait_count++;
}

/* Nothing published, then: no NMI running, flag up (one atomic step). */
static void flag_up(void)
{
	u32 expect = 0;

	__atomic_store_n(&ftrace_mod_code.gen, ftrace_mod_code.gen | 1,
			 __ATOMIC_SEQ_CST);
	if (__atomic_compare_exchange_n(&ftrace_mod_code.running, &expect,
					MOD_CODE_FLAG, false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST))
		return;
	do {
		arch_cpu_relax();
		expect = 0;
	} while (!__atomic_compare_exchange_n(
		&ftrace_mod_code.running, &expect, MOD_CODE_FLAG, false,
		__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	ftrace_nmi_wait_count++;
}

/* Flag down, then let every NMI that saw it finish its write. */
static void flag_down(void)
{
	__atomic_fetch_and(&ftrace_mod_code.running, ~MOD_CODE_FLAG,
			   __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&ftrace_mod_code.running, __ATOMIC_SEQ_CST))
		ftrace_nmi_drain();
}

void ftrace_nmi_pass_begin(void)
{
	flag_up();
	ftrace_mod_code.in_pass = true;
}

void ftrace_nmi_pass_end(void)
{
	ftrace_mod_code.in_pass = false;
	flag_down();
}

/* Returns 0, or -EPERM when the write failed. */
int ftrace_nmi_safe_write(unsigned long addr, const u8 *buf)
{
	bool alone = !ftrace_mod_code.in_pass;
	int ret;

	if (ftrace_fault_write_fails(addr))
		return -EPERM;
	if (alone)
		flag_up();
	ftrace_nmi_publish(addr, buf);
	ret = poke(addr, buf, false);
	if (alone)
		flag_down();
	return ret ? -EPERM : 0;
}

int ftrace_nmi_wait_idle(void *unused __unused)
{
	while (__atomic_load_n(&ftrace_mod_code.running, __ATOMIC_SEQ_CST))
		arch_cpu_relax();
	return 0;
}
