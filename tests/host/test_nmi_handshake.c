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

TEST(nmi_write_failure_leaves_the_patcher_its_own_result)
{
	reset(3);
	nmi_store_fails = true;
	/* Every NMI's store fails; the patcher's own succeeds and is what
	 * the write returns (an NMI's can only fail where the patcher's
	 * fails too, in the kernel). */
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), 0);
	CHECK_EQ(nmi_stores, 3);
	CHECK(!memcmp(text, new_bytes, MCOUNT_INSN_SIZE));
	/* And the flag is down after it. */
	reset(0);
	ftrace_nmi_enter();
	ftrace_nmi_exit();
	CHECK_EQ(nmi_stores, 0);
}

TEST(pass_flag_stays_up_between_sites)
{
	static const u8 other[MCOUNT_INSN_SIZE] = { 0x0f, 0x1f, 0x44 };

	reset(2);
	ftrace_nmi_pass_begin();
	/* Flag up, nothing published yet: an NMI writes nothing, since no
	 * site is half written. */
	ftrace_nmi_enter();
	ftrace_nmi_exit();
	CHECK_EQ(nmi_stores, 0);
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text, new_bytes), 0);
	CHECK_EQ(nmi_stores, 2);
	CHECK_EQ(ftrace_nmi_safe_write((unsigned long)text + MCOUNT_INSN_SIZE,
				       other),
		 0);
	CHECK_EQ(nmi_stores, 4);
	/* Between sites the last one stays published: an NMI rewrites it
	 * with the same bytes, and nothing else. */
	ftrace_nmi_enter();
	ftrace_nmi_exit();
	CHECK_EQ(nmi_stores, 5);
	CHECK(!memcmp(text, new_bytes, MCOUNT_INSN_SIZE));
	CHECK(!memcmp(text + MCOUNT_INSN_SIZE, other, MCOUNT_INSN_SIZE));
	ftrace_nmi_pass_end();
	ftrace_nmi_enter();
	ftrace_nmi_exit();
	CHECK_EQ(nmi_stores, 5);
	/* The next pass starts with nothing published again. */
	ftrace_nmi_pass_begin();
	ftrace_nmi_enter();
	ftrace_nmi_exit();
	ftrace_nmi_pass_end();
	CHECK_EQ(nmi_stores, 5);
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
