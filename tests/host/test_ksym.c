/* test_ksym.c - host tests for kernel/ksym.c, over the table in shim.c. */
#include "test.h"

#include "ksym.h"

static const char *name_at(unsigned long addr, unsigned long *off)
{
	const struct ksym *s = ksym_lookup(addr, off);

	return s ? s->name : NULL;
}

static const char *format(unsigned long addr)
{
	static char buf[64];

	ksym_format(addr, buf, sizeof(buf));
	return buf;
}

TEST(ksym_lookup_inside_and_outside)
{
	unsigned long off = 12345;

	CHECK_STREQ(name_at(0x1000, &off), "alpha");
	CHECK_EQ(off, 0);
	CHECK_STREQ(name_at(0x10ff, &off), "alpha");
	CHECK_EQ(off, 0xff);
	/* Before the first, in the gap after a sized one, after the last. */
	CHECK(name_at(0xfff, &off) == NULL);
	CHECK(name_at(0x1100, &off) == NULL);
	CHECK(name_at(0x11ff, &off) == NULL);
	CHECK_STREQ(name_at(0x1200, &off), "beta");
	CHECK(name_at(0x1280, &off) == NULL);
	CHECK_STREQ(name_at(0x200f, &off), "omega");
	CHECK(name_at(0x2010, &off) == NULL);
	CHECK(name_at(~0UL, &off) == NULL);
	CHECK(name_at(0, NULL) == NULL);
}

TEST(ksym_lookup_sizeless_runs_to_next)
{
	unsigned long off;

	CHECK_STREQ(name_at(0x1300, &off), "gamma");
	CHECK_STREQ(name_at(0x13ff, &off), "gamma");
	CHECK_EQ(off, 0xff);
	/* delta_alias has no size, delta has: both start at 0x1400. */
	CHECK(name_at(0x1400, &off) != NULL);
	CHECK_STREQ(name_at(0x1420, &off), "delta");
	CHECK_EQ(off, 0x20);
	/* Past delta's size, the sizeless alias still runs to omega. */
	CHECK_STREQ(name_at(0x1800, &off), "delta_alias");
	CHECK_EQ(off, 0x400);
}

TEST(ksym_format_names)
{
	CHECK_STREQ(format(0x1010), "alpha+0x10/0x100");
	CHECK_STREQ(format(0x1200), "beta+0x0/0x80");
	CHECK_STREQ(format(0x1301), "gamma+0x1/0x100");
	CHECK_STREQ(format(0x1100), "0x1100");
	CHECK_STREQ(format(0x5), "0x5");
}

TEST(ksym_by_name)
{
	CHECK_EQ(ksym_addr("beta"), 0x1200);
	CHECK_EQ(ksym_addr("omega"), 0x2000);
	CHECK_EQ(ksym_addr("nope"), 0);
	CHECK_EQ(ksym_addr("bet"), 0);
	CHECK(ksym_find("gamma") == &ksym_table[2]);
	CHECK(ksym_find("") == NULL);
}

/* The build's index by name, checked at boot and then searched. */
TEST(ksym_by_name_index)
{
	ksym_init();
	CHECK_EQ(ksym_addr("alpha"), 0x1000);
	CHECK_EQ(ksym_addr("delta"), 0x1400);
	CHECK_EQ(ksym_addr("delta_alias"), 0x1400);
	CHECK_EQ(ksym_addr("omega"), 0x2000);
	CHECK_EQ(ksym_addr("nope"), 0);
	CHECK(ksym_find("gamma") == &ksym_table[2]);
}
