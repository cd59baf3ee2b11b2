/*
 * test_nmi_handshake.c - host tests for trace/nmi_handshake.c: NMIs are
 * simulated by calling the NMI hooks from inside the patcher's own store,
 * which is exactly where a real NMI does harm.
 */
#include "test.h"

#include "../../trace/ftrace_internal.h"

static u8 text[2 * MCOUNT_INSN_SIZE];
static int nmis_during_write; /* NMIs that arrive during the patcher's store */
static bool nmi_store_fails, fault_addr_fails;
static int patcher_stores, nmi_stores;

/* The fake store: the patcher's, with NMIs landing in the middle. */
int ftrace_arch_text_write(unsigned long addr, const u8 *buf, bool nmi)
{
	if (nmi) {
		nmi_stores++;
		if (nmi_store_fails)
			return -EPERM;
		memcpy((void *)addr, buf, MCOUNT_INSN_SIZE);
		return 0;
	}
	patcher_stores++;
	for (int i = 0; i < nmis_during_write; i++) {
		ftrace_nmi_enter();
		ftrace_nmi_exit();
	}
	memcpy((void *)addr, buf, MCOUNT_INSN_SIZE);
	return 0;
}

bool ftrace_fault_write_fails(unsigned long addr __unused)
{
	return fault_addr_fails;
}

void arch_sync_core(void)
{
}

static void reset(int nmis)
{
	memset(text, 0, sizeof(text));
	nmis_during_write = nmis;
	nmi_store_fails = fault_addr_fails = false;
	patcher_stores = nmi_stores = 0;
}

static const u8 new_bytes[MCOUNT_INSN_SIZE] = { 0xe8, 1, 2, 3 };

TEST(nmi_during_write_writes_the_same_bytes)
{
	u64 before = ftrace_nmi_update_count;

	reset(3);
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), 0);
	CHECK_EQ(patcher_stores, 1);
	CHECK_EQ(nmi_stores, 3);
	CHECK_EQ(ftrace_nmi_update_count - before, 3);
	CHECK(!memcmp(text, new_bytes, MCOUNT_INSN_SIZE));
}

TEST(nmi_after_write_does_nothing)
{
	reset(0);
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), 0);
	/* The flag is down again: an NMI now writes nothing. */
	ftrace_nmi_enter();
	ftrace_nmi_exit();
	CHECK_EQ(nmi_stores, 0);
}

TEST(nmi_write_failure_takes_the_flag_down)
{
	reset(3);
	nmi_store_fails = true;
	/* The first NMI's store fails: the patcher hears of it, and the
	 * NMIs after it do not try again. */
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), -EPERM);
	CHECK_EQ(nmi_stores, 1);
	/* The next write starts clean. */
	reset(1);
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), 0);
	CHECK_EQ(nmi_stores, 1);
}

TEST(fault_injection_fails_every_store)
{
	reset(2);
	fault_addr_fails = true;
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), -EPERM);
	CHECK_EQ(patcher_stores, 0);
	CHECK_EQ(nmi_stores, 0);
	CHECK(all_bytes(text, 0, sizeof(text)));
}
