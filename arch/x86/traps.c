/*
 * traps.c - the interrupt descriptor table and what happens on a trap:
 * device vectors go to their drivers; an exception the kernel did not
 * expect is reported (vector, error code, registers, a symbolised call
 * chain) and ends in panic().
 */
#include "arch.h"
#include "ksym.h"
#include "printk.h"
#include "sched.h"
#include "smp.h"
#include "x86.h"

struct idt_entry {
	u16 off_lo;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off_mid;
	u32 off_hi;
	u32 zero;
} __packed;

static struct idt_entry idt[256] __aligned(16);

static const char *const exc_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 error",
	"alignment check",
	"machine check",
	"SIMD error",
	"virtualization",
	"control protection",
};

static void set_gate(unsigned vec, void *fn, unsigned ist)
{
	u64 a = (u64)fn;

	idt[vec].off_lo = a & 0xffff;
	idt[vec].sel = SEL_KCODE;
	idt[vec].ist = ist;
	idt[vec].type = 0x8e; /* present, ring 0, interrupt gate */
	idt[vec].off_mid = (a >> 16) & 0xffff;
	idt[vec].off_hi = a >> 32;
	idt[vec].zero = 0;
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, trap_stubs[v], 0);
	set_gate(VEC_NMI, trap_stubs[VEC_NMI], 1); /* IST1: own stack */
	set_gate(8, trap_stubs[8], 2); /* double fault */
	idt_load();
}

void idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed p = { sizeof(idt) - 1, (u64)idt };
	__asm__ __volatile__("lidt %0" ::"m"(p));
}

static void print_frame_pc(unsigned long pc)
{
	char buf[96];
	ksym_format(pc, buf, sizeof(buf));
	kprintf("  [<%016lx>] %s\n", pc, buf);
}

/* The call chain of the interrupted code, from its saved rbp. */
static void backtrace_from(unsigned long rip, unsigned long rbp)
{
	unsigned long *fp = (unsigned long *)rbp;
	int depth = 0;

	kprintf("Call Trace:\n");
	print_frame_pc(rip);
	while (fp && depth++ < 32) {
		unsigned long *next;
		if ((unsigned long)fp & 7 || (unsigned long)fp < 0x1000 ||
		    (unsigned long)fp >= (1UL << 32))
			break;
		if (!fp[1])
			break;
		print_frame_pc(fp[1]);
		next = (unsigned long *)fp[0];
		if (next <= fp)
			break;
		fp = next;
	}
}

void trap_report(struct trap_frame *tf, const char *what)
{
	char sym[96];

	ksym_format(tf->rip, sym, sizeof(sym));
	kprintf("\n%s: vector %llu (%s), error code 0x%llx, cpu %u\n", what,
		(unsigned long long)tf->vector,
		tf->vector < 32 && exc_names[tf->vector] ? exc_names[tf->vector]
							 : "interrupt",
		(unsigned long long)tf->error, arch_cpu_id());
	kprintf("RIP: %04llx:%016llx %s\n", (unsigned long long)tf->cs,
		(unsigned long long)tf->rip, sym);
	kprintf("RSP: %016llx RFLAGS: %08llx", (unsigned long long)tf->rsp,
		(unsigned long long)tf->rflags);
	if (tf->vector == 14)
		kprintf(" CR2: %016llx", (unsigned long long)read_cr2());
	kprintf("\nRAX: %016llx RBX: %016llx RCX: %016llx\n",
		(unsigned long long)tf->rax, (unsigned long long)tf->rbx,
		(unsigned long long)tf->rcx);
	kprintf("RDX: %016llx RSI: %016llx RDI: %016llx\n",
		(unsigned long long)tf->rdx, (unsigned long long)tf->rsi,
		(unsigned long long)tf->rdi);
	kprintf("RBP: %016llx R08: %016llx R09: %016llx\n",
		(unsigned long long)tf->rbp, (unsigned long long)tf->r8,
		(unsigned long long)tf->r9);
	kprintf("R10: %016llx R11: %016llx R12: %016llx\n",
		(unsigned long long)tf->r10, (unsigned long long)tf->r11,
		(unsigned long long)tf->r12);
	kprintf("R13: %016llx R14: %016llx R15: %016llx\n",
		(unsigned long long)tf->r13, (unsigned long long)tf->r14,
		(unsigned long long)tf->r15);
	backtrace_from(tf->rip, tf->rbp);
}

void trap_dispatch(struct trap_frame *tf)
{
	if (tf->vector >= 32) {
		ftrace_caller_restart(&tf->rip);
		x86_irq_dispatch(tf);
		return;
	}
	if (tf->vector == 14) {
		/* Name what the fault was so the report reads plainly. */
		u64 e = tf->error;
		kprintf("\nBUG: unable to handle page fault for address %016llx"
			" (%s, %s)\n",
			(unsigned long long)read_cr2(),
			e & 2 ? "write"
			      : (e & 16 ? "instruction fetch" : "read"),
			e & 1 ? "protection violation" : "page not present");
	}
	trap_report(tf, "Oops");
	panic("fatal exception %llu (%s)", (unsigned long long)tf->vector,
	      exc_names[tf->vector] ? exc_names[tf->vector] : "reserved");
}
