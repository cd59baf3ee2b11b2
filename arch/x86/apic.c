/*
 * apic.c - local APIC (timer, IPIs, end-of-interrupt) and the IOAPIC that
 * routes device interrupts. Built without -pg: stop_machine sends its IPIs
 * and every interrupt's EOI comes through here, also while code is being
 * patched.
 */
#include "arch.h"
#include "percpu.h"
#include "printk.h"
#include "smp.h"
#include "x86.h"

#define LAPIC_ID 0x020
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0b0
#define LAPIC_LDR 0x0d0
#define LAPIC_DFR 0x0e0
#define LAPIC_SVR 0x0f0
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0

#define ICR_FIXED 0x000
#define ICR_NMI 0x400
#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_PENDING (1 << 12)
#define ICR_ASSERT (1 << 14)
#define LVT_MASKED (1 << 16)
#define TIMER_PERIODIC (1 << 17)

#define HZ 250

static u32 timer_ticks_per_hz;

static inline u32 lapic_read(u32 reg)
{
	return *(volatile u32 *)(acpi_lapic_addr + reg);
}

static inline void lapic_write(u32 reg, u32 v)
{
	*(volatile u32 *)(acpi_lapic_addr + reg) = v;
}

u32 lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_init_cpu(void)
{
	/* Flat logical mode, one bit per CPU index: the NMI watchdog reaches
	 * every CPU with one IOAPIC entry. */
	lapic_write(LAPIC_DFR, 0xffffffff);
	lapic_write(LAPIC_LDR, (1u << arch_cpu_id()) << 24);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS); /* enable */
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
}

static void icr_send(u32 apic_id, u32 lo)
{
	unsigned long flags = arch_irq_save();

	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		arch_cpu_relax();
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, lo);
	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		arch_cpu_relax();
	arch_irq_restore(flags);
}

void lapic_send_ipi(u32 apic_id, u32 vector)
{
	icr_send(apic_id, ICR_FIXED | ICR_ASSERT | vector);
}

void lapic_send_nmi(u32 apic_id)
{
	icr_send(apic_id, ICR_NMI | ICR_ASSERT);
}

/* The INIT-SIPI-SIPI dance: the AP starts in real mode at page * 4096. */
void lapic_send_init_sipi(u32 apic_id, u32 page)
{
	icr_send(apic_id, ICR_INIT | ICR_ASSERT | (1 << 15));
	arch_udelay(10000);
	icr_send(apic_id, ICR_STARTUP | page);
	arch_udelay(200);
	icr_send(apic_id, ICR_STARTUP | page);
}

void arch_send_call_ipi(unsigned cpu)
{
	lapic_send_ipi(per_cpu(x86_apic_ids, cpu), VEC_CALL_IPI);
}

void arch_send_resched_ipi(unsigned cpu)
{
	lapic_send_ipi(per_cpu(x86_apic_ids, cpu), VEC_RESCHED_IPI);
}

/* Count how far the APIC timer runs down in 10 ms of PIT time. */
void lapic_timer_calibrate(void)
{
	const unsigned us = 10000;
	u32 elapsed;

	lapic_write(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	pit_wait_setup(us);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	while (!pit_wait_done())
		;
	elapsed = 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
	lapic_write(LAPIC_TIMER_INIT, 0);
	timer_ticks_per_hz = (u32)((u64)elapsed * 1000000 / us / HZ);
	if (!timer_ticks_per_hz)
		timer_ticks_per_hz = 100000;
	printk("APIC timer: %u counts per %u Hz tick\n", timer_ticks_per_hz,
	       HZ);
}

void lapic_timer_start(void)
{
	lapic_write(LAPIC_TIMER_DIV, 0x3);
	lapic_write(LAPIC_LVT_TIMER, TIMER_PERIODIC | VEC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, timer_ticks_per_hz);
}

/*
 * The legacy PICs: move their vectors off the exceptions and mask every
 * line. Done first thing at boot: a PIC line the BIOS left raised would
 * otherwise be delivered once interrupts are on, after the local APIC
 * stopped accepting PIC interrupts, and QEMU then raises a #GP.
 */
void pic_disable(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, VEC_PIC_BASE);
	outb(0xa1, VEC_PIC_BASE + 8);
	outb(0x21, 4);
	outb(0xa1, 2);
	outb(0x21, 1);
	outb(0xa1, 1);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* ---- IOAPIC ---- */

static void ioapic_write(u32 reg, u32 v)
{
	*(volatile u32 *)(acpi_ioapic_addr) = reg;
	*(volatile u32 *)(acpi_ioapic_addr + 0x10) = v;
}

static u32 ioapic_read(u32 reg)
{
	*(volatile u32 *)(acpi_ioapic_addr) = reg;
	return *(volatile u32 *)(acpi_ioapic_addr + 0x10);
}

void ioapic_init(void)
{
	u32 n = ((ioapic_read(1) >> 16) & 0xff) + 1;

	for (u32 i = 0; i < n; i++) {
		ioapic_write(0x10 + 2 * i, LVT_MASKED);
		ioapic_write(0x11 + 2 * i, 0);
	}
}

/* flags are the MADT override's MPS INTI flags: polarity bits 0-1 (3 =
 * active low), trigger bits 2-3 (3 = level). */
void ioapic_route(u32 gsi, u8 vector, u32 dest_apic, bool nmi, u16 flags)
{
	u32 pin = gsi - acpi_ioapic_gsi_base;
	u32 lo = vector;

	if (nmi)
		lo = 4 << 8; /* delivery mode NMI (vector ignored) */
	if ((flags & 3) == 3)
		lo |= 1 << 13;
	if (((flags >> 2) & 3) == 3)
		lo |= 1 << 15;
	ioapic_write(0x11 + 2 * pin, dest_apic << 24);
	ioapic_write(0x10 + 2 * pin, lo);
}

void ioapic_mask(u32 gsi, bool masked)
{
	u32 pin = gsi - acpi_ioapic_gsi_base;
	u32 lo = ioapic_read(0x10 + 2 * pin);

	if (masked)
		lo |= LVT_MASKED;
	else
		lo &= ~LVT_MASKED;
	ioapic_write(0x10 + 2 * pin, lo);
}

void ioapic_route_nmi_all(u32 gsi)
{
	u32 pin = gsi - acpi_ioapic_gsi_base;

	ioapic_write(0x11 + 2 * pin, 0xffu << 24);
	ioapic_write(0x10 + 2 * pin, (4 << 8) | (1 << 11));
}
