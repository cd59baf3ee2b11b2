/*
 * cpu.c - the small per-CPU primitives every other file leans on:
 * interrupt flags, the CPU index, the TSC clock, delays, power-off.
 * Built without -pg: every tracer calls these, so they must not trace.
 */
#include "arch.h"
#include "percpu.h"
#include "kstring.h"
#include "printk.h"
#include "smp.h"
#include "x86.h"

DEFINE_PER_CPU(struct x86_cpu, x86_cpus);
u64 tsc_khz;
/* arch_clock_ns() (asm/cpu.h): ns = ((tsc - boot) * mult) >> 32. */
u64 x86_tsc_boot, x86_tsc_mult;

unsigned long arch_irq_save(void)
{
	unsigned long flags;
	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags)::"memory");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	if (flags & (1 << 9))
		__asm__ __volatile__("sti" ::: "memory");
}

void arch_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

void arch_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

void arch_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* sti takes effect after the next instruction, so no interrupt can slip
 * in between it and hlt and leave us asleep with work pending. */
void arch_wait_for_interrupt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

void arch_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* Point %gs at this CPU's block so arch_cpu_id() is a single load. */
void x86_cpu_setup_percpu(unsigned cpu)
{
	per_cpu(x86_cpus, cpu).id = cpu;
	wrmsr(MSR_GS_BASE, (u64)&per_cpu(x86_cpus, cpu));
}

/* PIT channel 2, gated by port 0x61, counts down once in mode 0; its
 * output bit tells when the time is up. Used for calibration only. */
void pit_wait_setup(unsigned us)
{
	u32 count = (u32)((u64)us * 1193182 / 1000000);
	u8 v = inb(0x61);
	outb(0x61, (v & ~0x02) | 0x01);
	outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, (count >> 8) & 0xff);
	/* Restart the count by toggling the gate. */
	v = inb(0x61);
	outb(0x61, v & ~0x01);
	outb(0x61, v | 0x01);
}

bool pit_wait_done(void)
{
	return inb(0x61) & 0x20;
}

void tsc_calibrate(void)
{
	const unsigned us = 20000;
	u64 t0, t1;

	pit_wait_setup(us);
	t0 = rdtsc();
	while (!pit_wait_done())
		;
	t1 = rdtsc();
	tsc_khz = (t1 - t0) * 1000 / us;
	if (!tsc_khz)
		tsc_khz = 1000000;
	x86_tsc_mult = (1000000ULL << 32) / tsc_khz;
	x86_tsc_boot = t0;
}

/* The TSC counts from reset: what it read at calibration, as ns. */
u64 arch_clock_zero_ns(void)
{
	return (u64)(((unsigned __int128)x86_tsc_boot * x86_tsc_mult) >> 32);
}

void arch_udelay(unsigned us)
{
	u64 end;

	if (!tsc_khz) {
		pit_wait_setup(us);
		while (!pit_wait_done())
			;
		return;
	}
	end = rdtsc() + (u64)us * tsc_khz / 1000;
	while ((s64)(rdtsc() - end) < 0)
		arch_cpu_relax();
}

const char *arch_name(void)
{
	return "x86_64";
}

void arch_cpuinfo(unsigned cpu, char *buf, size_t size)
{
	u32 v[4] = { 0 };
	char vendor[13];

	__asm__ __volatile__("cpuid"
			     : "=a"(v[0]), "=b"(v[1]), "=c"(v[2]), "=d"(v[3])
			     : "a"(0));
	memcpy(vendor, &v[1], 4);
	memcpy(vendor + 4, &v[3], 4);
	memcpy(vendor + 8, &v[2], 4);
	vendor[12] = 0;
	snprintf(buf, size, "processor %u: %s, apic id %u, tsc %llu kHz", cpu,
		 vendor, per_cpu(x86_apic_ids, cpu),
		 (unsigned long long)tsc_khz);
}

void arch_poweroff(int code)
{
	arch_irq_disable();
	/* ACPI soft-off: SLP_EN with QEMU's S5 sleep type (0) written to
	 * the PM1a control port the FADT names. QEMU exits with status 0. */
	if (acpi_pm1a_cnt) {
		outw(acpi_pm1a_cnt, 0x2000);
		/* QEMU acts on the request from its main loop, not at once. */
		arch_udelay(500000);
	}
	/* Otherwise isa-debug-exit: status (code << 1) | 1. */
	outl(0xf4, (u32)code);
	arch_halt();
}

/*
 * Walk saved frame pointers: [rbp] is the caller's rbp, [rbp+8] the return
 * address. Stop at a null, misaligned or non-increasing frame, so a broken
 * stack ends the walk instead of faulting inside a fault report.
 */
void arch_backtrace(void (*cb)(unsigned long pc, void *data), void *data)
{
	unsigned long *fp = __builtin_frame_address(0);
	int depth = 0;

	while (fp && depth++ < 32) {
		unsigned long *next;
		if ((unsigned long)fp & 7 || (unsigned long)fp < 0x1000)
			break;
		next = (unsigned long *)fp[0];
		if (!fp[1])
			break;
		cb(fp[1], data);
		if (next <= fp)
			break;
		fp = next;
	}
}

void arch_write_to_text_for_test(void)
{
	volatile u8 *p = (volatile u8 *)(unsigned long)&arch_name;
	printk("writing to kernel text at %p (arch_name)\n", (void *)p);
	*p = 0xc3;
	printk("BUG: the write to kernel text did not fault\n");
}
