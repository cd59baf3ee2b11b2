/*
 * multiboot.c - read what the boot loader left: the memory map, which goes
 * to the page allocator, and the command line, copied before the memory
 * holding it can be reused.
 */
#include "arch.h"
#include "kstring.h"
#include "mm.h"
#include "printk.h"
#include "x86.h"

#define MB_BOOT_MAGIC 0x2badb002
#define MBI_MEM 0x001
#define MBI_CMDLINE 0x004
#define MBI_MMAP 0x040

struct mb_info {
	u32 flags;
	u32 mem_lower, mem_upper;
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
} __packed;

struct mb_mmap {
	u32 size;
	u64 addr;
	u64 len;
	u32 type;
} __packed;

extern u32 mb_magic, mb_info;
extern char _kernel_start[], _kernel_end[];

/* RAM we can address through the identity map set up at boot. */
#define IDENTITY_LIMIT (4ULL << 30)

void multiboot_parse(void)
{
	struct mb_info *mbi = (struct mb_info *)(unsigned long)mb_info;

	if (mb_magic != MB_BOOT_MAGIC)
		panic("not booted by a multiboot loader (magic %x)", mb_magic);
	/* Multiboot sets no limit on the command line's length. */
	if (mbi->flags & MBI_CMDLINE)
		boot_cmdline_set((const char *)(unsigned long)mbi->cmdline,
				 SIZE_MAX);

	if (mbi->flags & MBI_MMAP) {
		unsigned long p = mbi->mmap_addr;
		unsigned long end = p + mbi->mmap_length;
		while (p < end) {
			struct mb_mmap *m = (struct mb_mmap *)p;
			u64 s = m->addr, e = m->addr + m->len;
			printk("memory: %016llx-%016llx %s\n",
			       (unsigned long long)s, (unsigned long long)e,
			       m->type == 1 ? "usable" : "reserved");
			if (m->type == 1 && s < IDENTITY_LIMIT) {
				if (e > IDENTITY_LIMIT)
					e = IDENTITY_LIMIT;
				pmm_add_range(s, e);
			}
			p += m->size + 4;
		}
	} else if (mbi->flags & MBI_MEM) {
		pmm_add_range(0x100000, 0x100000 + mbi->mem_upper * 1024ULL);
	} else {
		panic("boot loader gave no memory map");
	}
	/* Low memory holds BIOS data, the AP trampoline and the boot info. */
	pmm_reserve(0, 0x100000);
	pmm_reserve((unsigned long)_kernel_start, (unsigned long)_kernel_end);
	pmm_init_done();
}
