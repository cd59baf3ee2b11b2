/*
 * paging.c - the kernel's final page tables. The low 4 GiB stay identity
 * mapped, but with rights: kernel text read-only and executable, rodata
 * read-only, everything else writable and never executable (W^X), with
 * one exception during boot: the APs' start-up page, unmapped once they
 * are up. Code is
 * changed only through a temporary writable alias of the page holding it,
 * mapped per CPU in a window of its own (paging_map_text_alias).
 */
#include "arch.h"
#include "kstring.h"
#include "printk.h"
#include "x86.h"

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_PS (1ULL << 7)
#define PTE_NX (1ULL << 63)
#define SZ_2M (2UL << 20)

/* Regions of 2 MiB that get 4 KiB page tables (the kernel's). */
#define MAX_SPLIT 8
/* The alias windows (x86.h) are one PML4 slot above the identity map. */

static u64 pml4[512] __aligned(4096);
static u64 pdpt[512] __aligned(4096);
static u64 pd[4][512] __aligned(4096);
static u64 pt[MAX_SPLIT][512] __aligned(4096);
static u64 alias_pdpt[512] __aligned(4096);
static u64 alias_pd[512] __aligned(4096);
static u64 alias_pt[512] __aligned(4096);

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _edata[];
extern char _sksyms[], _eksyms[], __bss_start[], _kernel_end[];

static u64 page_rights(unsigned long a)
{
	if (a == 0)
		return 0; /* page 0 absent: null pointers fault */
	if (a == TRAMP_BASE)
		return PTE_P | PTE_W; /* written, run, unmapped (smp.c) */
	if (a >= (unsigned long)_stext && a < (unsigned long)_etext)
		return PTE_P;
	if (a >= (unsigned long)_srodata && a < (unsigned long)_erodata)
		return PTE_P | PTE_NX;
	if (a >= (unsigned long)_sksyms && a < (unsigned long)_eksyms)
		return PTE_P | PTE_NX;
	return PTE_P | PTE_W | PTE_NX;
}

void paging_init(void)
{
	unsigned long nsplit =
		ALIGN_UP((unsigned long)_kernel_end, SZ_2M) / SZ_2M;

	if (nsplit > MAX_SPLIT)
		panic("kernel too large for its page tables");
	pml4[0] = (u64)pdpt | PTE_P | PTE_W;
	for (int i = 0; i < 4; i++) {
		pdpt[i] = (u64)pd[i] | PTE_P | PTE_W;
		for (int j = 0; j < 512; j++) {
			u64 a = ((u64)i << 30) | ((u64)j << 21);
			u64 e = a | PTE_P | PTE_W | PTE_PS | PTE_NX;
			/* Local APIC and IOAPIC registers: uncached. */
			if (a >= 0xfec00000ULL)
				e |= PTE_PCD | PTE_PWT;
			pd[i][j] = e;
		}
	}
	for (unsigned long r = 0; r < nsplit; r++) {
		for (int k = 0; k < 512; k++) {
			unsigned long a = r * SZ_2M + (unsigned long)k * 4096;
			u64 rights = page_rights(a);
			pt[r][k] = rights ? (a | rights) : 0;
		}
		pd[0][r] = (u64)pt[r] | PTE_P | PTE_W;
	}
	pml4[ALIAS_BASE >> 39] = (u64)alias_pdpt | PTE_P | PTE_W;
	alias_pdpt[0] = (u64)alias_pd | PTE_P | PTE_W;
	alias_pd[0] = (u64)alias_pt | PTE_P | PTE_W;

	__asm__ __volatile__("mov %0, %%cr3" ::"r"((u64)pml4) : "memory");
	printk("paging: text %p-%p r-x, rodata r--, data/bss rw- (NX)\n",
	       _stext, _etext);
}

void paging_unmap_page(unsigned long addr)
{
	unsigned long region = addr / SZ_2M;

	if (region >= ALIGN_UP((unsigned long)_kernel_end, SZ_2M) / SZ_2M)
		panic("paging: %lx is not in a 4 KiB-mapped region", addr);
	pt[region][(addr % SZ_2M) / 4096] = 0;
	invlpg((void *)addr);
}

u64 paging_kernel_cr3(void)
{
	return (u64)pml4;
}

unsigned long paging_alias_page[NR_CPUS * 2];

static unsigned alias_index(unsigned slot)
{
	return (arch_cpu_id() * 2 + slot) * 2;
}

/*
 * The alias covers two pages because a 5-byte instruction may straddle a
 * page boundary. Only this CPU ever touches its slot, so invalidating its
 * own TLB entries is enough.
 */
notrace void *paging_map_text_alias(unsigned long addr, unsigned slot)
{
	unsigned idx = alias_index(slot);
	unsigned long page = addr & ~4095UL;
	unsigned long va = ALIAS_BASE + (unsigned long)idx * 4096;
	u64 pte = page | PTE_P | PTE_W | PTE_NX;

	/* A pass patches many sites in one page: keep the alias until the
	 * pass ends (paging_unmap_text_alias) instead of remapping. The key
	 * is the page, not the PTE, whose accessed and dirty bits the CPU
	 * sets as soon as the alias is written. */
	if (paging_alias_page[idx / 2] == page)
		return (void *)(va + (addr & 4095));
	paging_alias_page[idx / 2] = page;
	alias_pt[idx] = pte;
	alias_pt[idx + 1] = (page + 4096) | PTE_P | PTE_W | PTE_NX;
	invlpg((void *)va);
	invlpg((void *)(va + 4096));
	return (void *)(va + (addr & 4095));
}

notrace void paging_unmap_text_alias(unsigned slot)
{
	unsigned idx = alias_index(slot);
	unsigned long va = ALIAS_BASE + (unsigned long)idx * 4096;

	if (!paging_alias_page[idx / 2])
		return;
	paging_alias_page[idx / 2] = 0;
	alias_pt[idx] = 0;
	alias_pt[idx + 1] = 0;
	invlpg((void *)va);
	invlpg((void *)(va + 4096));
}
