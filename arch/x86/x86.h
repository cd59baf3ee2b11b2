/* x86.h - private interfaces between the files of arch/x86. */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include "compiler.h"
#include "percpu.h"
#include "types.h"

/* Interrupt vectors. */
#define VEC_NMI 2
#define VEC_PIC_BASE 0x20 /* the masked legacy PIC, moved out of the way */
#define VEC_TIMER 0x40
#define VEC_CALL_IPI 0x41
#define VEC_RESCHED_IPI 0x42
#define VEC_COM1 0x50
#define VEC_SPURIOUS 0xff

/* Segment selectors of the kernel GDT. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_TSS 0x18

/* Register state pushed by the trap entry stubs (traps.S). */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss;
};

/* Per-CPU block that %gs points at; id first so arch_cpu_id is one load. */
struct x86_cpu {
	u32 id;
	u32 apic_id;
	void *nmi_stack_top;
	void *df_stack_top;
	u64 tsc_offset;
};
DECLARE_PER_CPU(struct x86_cpu, x86_cpus);
extern u32 x86_apic_ids[]; /* APIC id of each CPU index, from the MADT */
extern unsigned x86_ncpus_found;

static __always_inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}
static __always_inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}
static __always_inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}
static __always_inline u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static __always_inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}
static __always_inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((u32)v),
			     "d"((u32)(v >> 32)));
}
static __always_inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}
static __always_inline u64 read_cr2(void)
{
	u64 v;
	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}
static __always_inline u64 read_cr3(void)
{
	u64 v;
	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}
static __always_inline void invlpg(const void *va)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}
/* cpuid is serialising: after it, this CPU fetches instructions anew. */
static __always_inline void sync_core(void)
{
	u32 a = 1, b, c = 0, d;
	__asm__ __volatile__("cpuid"
			     : "+a"(a), "=b"(b), "+c"(c), "=d"(d)::"memory");
}

#define MSR_GS_BASE 0xc0000101

/* multiboot.c */
void multiboot_parse(void);

/* gdt.c, traps.c */
void gdt_init_cpu(unsigned cpu);
void idt_init(void);
void idt_load(void);
void trap_report(struct trap_frame *tf, const char *what);
/* What a trap the kernel did not expect ends in: report, panic. */
void trap_dispatch(struct trap_frame *tf);
/* ftrace.c: called first by every interrupt and NMI with the address it
 * will return to, which it may move back (see there). */
extern char ftrace_caller_op[];
void ftrace_caller_restart(unsigned long *pc);
/* The int3 trap (ftrace_bp.c), from int3_entry (trap_entry.S). */
void x86_int3_entry(struct trap_frame *tf);
extern void *const trap_stubs[256];

/* uart.c */
void uart_init(void);
void uart_enable_rx_irq(void);
void uart_irq(void);

/* The APs' real-mode start-up code is copied here (smp.c). */
#define TRAMP_BASE 0x8000UL

/* paging.c */
void paging_init(void);
u64 paging_kernel_cr3(void);
/* Unmap the page at addr (one of the kernel's own 4 KiB pages) on this
 * CPU; a CPU that used it must have dropped it from its TLB itself. */
void paging_unmap_page(unsigned long addr);
/* Map the two pages around addr writable at a per-CPU alias; returns the
 * alias of addr. slot: 0 normal, 1 NMI context. */
void *paging_map_text_alias(unsigned long addr, unsigned slot);
void paging_unmap_text_alias(unsigned slot);
/* The alias windows, two pages each: CPU c's slot s is window 2c + s. */
#define ALIAS_BASE 0x0000008000000000UL
/* The page each window maps now, 0 for none: the key of the check
 * below. (Not the PTE: the CPU sets its accessed and dirty bits.) */
extern unsigned long paging_alias_page[NR_CPUS * 2];
/* paging_map_text_alias(addr, slot) when the window already maps addr's
 * page, as it does for every site after the first of a page in a pass:
 * a compare, no call. */
static __always_inline void *paging_text_alias(unsigned long addr,
					       unsigned slot)
{
	unsigned w = arch_cpu_id() * 2 + slot;

	if (likely(paging_alias_page[w] == (addr & ~4095UL)))
		return (void *)(ALIAS_BASE + w * 8192UL + (addr & 4095));
	return paging_map_text_alias(addr, slot);
}

/* acpi.c */
void acpi_init(void);
extern u64 acpi_lapic_addr;
extern u64 acpi_ioapic_addr;
extern u32 acpi_ioapic_gsi_base;
extern u16 acpi_pm1a_cnt;
u32 acpi_irq_to_gsi(u8 irq, u16 *flags);

/* apic.c */
void lapic_init_cpu(void);
void lapic_eoi(void);
u32 lapic_id(void);
void lapic_send_ipi(u32 apic_id, u32 vector);
void lapic_send_nmi(u32 apic_id);
void lapic_send_init_sipi(u32 apic_id, u32 page);
void lapic_timer_calibrate(void);
void lapic_timer_start(void);
void ioapic_init(void);
void pic_disable(void);
void ioapic_route(u32 gsi, u8 vector, u32 dest_apic, bool nmi, u16 flags);
void ioapic_mask(u32 gsi, bool masked);
void ioapic_route_nmi_all(u32 gsi);
void pit_wait_setup(unsigned us);
bool pit_wait_done(void);

/* cpu.c */
void tsc_calibrate(void);
void x86_cpu_setup_percpu(unsigned cpu);
extern u64 tsc_khz;

/* smp.c */
void smp_boot_aps(void);
__noreturn void ap_entry64(void);

/* trap dispatch of device vectors */
void x86_irq_dispatch(struct trap_frame *tf);

#endif
