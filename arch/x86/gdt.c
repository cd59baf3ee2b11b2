/*
 * gdt.c - segment descriptors and one task-state segment per CPU.
 * Long mode ignores most of segmentation; the TSS matters because it names
 * the separate stacks (IST) that NMIs and double faults switch to, so they
 * never run on a stack that may be in a bad state.
 */
#include "arch.h"
#include "percpu.h"
#include "mm.h"
#include "kstring.h"
#include "x86.h"

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

static u64 gdt[3 + 2 * NR_CPUS] __aligned(16);
static DEFINE_PER_CPU(struct tss, tss) __aligned(16);

#define IST_STACK_SIZE 8192
static DEFINE_PER_CPU(u8[IST_STACK_SIZE], nmi_stacks) __aligned(16);
static DEFINE_PER_CPU(u8[IST_STACK_SIZE], df_stacks) __aligned(16);

struct gdt_ptr {
	u16 limit;
	u64 base;
} __packed;

static void set_tss_desc(unsigned cpu)
{
	u64 base = (u64)&per_cpu(tss, cpu);
	u64 limit = sizeof(struct tss) - 1;
	unsigned i = 3 + 2 * cpu;

	gdt[i] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[i + 1] = base >> 32;
}

void gdt_init_cpu(unsigned cpu)
{
	struct gdt_ptr p;

	if (cpu == 0) {
		gdt[0] = 0;
		gdt[1] = 0x00af9a000000ffffULL; /* 64-bit kernel code */
		gdt[2] = 0x00cf92000000ffffULL; /* kernel data */
	}
	memset(&per_cpu(tss, cpu), 0, sizeof(per_cpu(tss, cpu)));
	per_cpu(tss, cpu).ist[0] =
		(u64)&per_cpu(nmi_stacks, cpu)[IST_STACK_SIZE];
	per_cpu(tss, cpu).ist[1] =
		(u64)&per_cpu(df_stacks, cpu)[IST_STACK_SIZE];
	per_cpu(tss, cpu).iomap_base = sizeof(struct tss);
	per_cpu(x86_cpus, cpu).nmi_stack_top =
		&per_cpu(nmi_stacks, cpu)[IST_STACK_SIZE];
	per_cpu(x86_cpus, cpu).df_stack_top =
		&per_cpu(df_stacks, cpu)[IST_STACK_SIZE];
	set_tss_desc(cpu);

	p.limit = sizeof(gdt) - 1;
	p.base = (u64)gdt;
	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movw %w2, %%ax\n\t"
			     "movw %%ax, %%ds\n\t"
			     "movw %%ax, %%es\n\t"
			     "movw %%ax, %%ss\n\t"
			     "ltr %w3"
			     :
			     : "m"(p), "i"(SEL_KCODE), "r"(SEL_KDATA),
			       "r"(SEL_TSS + 16 * cpu)
			     : "rax", "memory");
}
