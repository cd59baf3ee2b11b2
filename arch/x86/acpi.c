/*
 * acpi.c - find the CPUs and interrupt controllers in the ACPI MADT
 * ("APIC" table): each enabled local APIC is a CPU we can start, the IOAPIC
 * routes device interrupts, and override entries say which legacy IRQ
 * arrives on which global system interrupt (QEMU moves the PIT to GSI 2).
 */
#include "arch.h"
#include "percpu.h"
#include "kstring.h"
#include "printk.h"
#include "x86.h"

struct acpi_header {
	char sig[4];
	u32 length;
	u8 revision, checksum;
	char oem[6], oem_table[8];
	u32 oem_rev, creator, creator_rev;
} __packed;

struct rsdp {
	char sig[8];
	u8 checksum;
	char oem[6];
	u8 revision;
	u32 rsdt;
	u32 length;
	u64 xsdt;
} __packed;

DEFINE_PER_CPU(u32, x86_apic_ids);
unsigned x86_ncpus_found;
u64 acpi_lapic_addr = 0xfee00000;
u64 acpi_ioapic_addr = 0xfec00000;
u32 acpi_ioapic_gsi_base;
u16 acpi_pm1a_cnt;

struct irq_override {
	u8 irq;
	u32 gsi;
	u16 flags;
};
static struct irq_override overrides[16];
static unsigned noverrides;

static bool checksum_ok(const void *p, size_t n)
{
	const u8 *b = p;
	u8 sum = 0;
	while (n--)
		sum += *b++;
	return sum == 0;
}

static struct rsdp *scan(unsigned long start, unsigned long len)
{
	for (unsigned long p = start; p < start + len; p += 16)
		if (!memcmp((void *)p, "RSD PTR ", 8) &&
		    checksum_ok((void *)p, 20))
			return (struct rsdp *)p;
	return NULL;
}

static struct acpi_header *find_table(struct rsdp *r, const char *sig)
{
	struct acpi_header *root;
	bool x = r->revision >= 2 && r->xsdt;
	size_t n, esz = x ? 8 : 4;

	root = (struct acpi_header *)(unsigned long)(x ? r->xsdt : r->rsdt);
	n = (root->length - sizeof(*root)) / esz;
	for (size_t i = 0; i < n; i++) {
		u8 *e = (u8 *)(root + 1) + i * esz;
		u64 a = 0;
		memcpy(&a, e, esz);
		struct acpi_header *h = (struct acpi_header *)(unsigned long)a;
		if (!memcmp(h->sig, sig, 4) && checksum_ok(h, h->length))
			return h;
	}
	return NULL;
}

static void parse_madt(struct acpi_header *madt)
{
	u8 *p = (u8 *)madt + 44, *end = (u8 *)madt + madt->length;

	memcpy(&acpi_lapic_addr, (u8 *)madt + 36, 4);
	acpi_lapic_addr &= 0xffffffff;
	while (p + 2 <= end && p[1] >= 2) {
		switch (p[0]) {
		case 0: /* processor local APIC */
			if ((p[4] & 1) && x86_ncpus_found < NR_CPUS)
				per_cpu(x86_apic_ids, x86_ncpus_found++) = p[3];
			break;
		case 1: /* IOAPIC: the first one serves us */
			if (acpi_ioapic_gsi_base == 0) {
				u32 a;
				memcpy(&a, p + 4, 4);
				acpi_ioapic_addr = a;
				memcpy(&acpi_ioapic_gsi_base, p + 8, 4);
			}
			break;
		case 2: /* interrupt source override */
			if (noverrides < ARRAY_SIZE(overrides)) {
				struct irq_override *o =
					&overrides[noverrides++];
				o->irq = p[3];
				memcpy(&o->gsi, p + 4, 4);
				memcpy(&o->flags, p + 8, 2);
			}
			break;
		case 5: /* 64-bit local APIC address */
			memcpy(&acpi_lapic_addr, p + 4, 8);
			break;
		}
		p += p[1];
	}
}

void acpi_init(void)
{
	unsigned long ebda;
	struct rsdp *r = NULL;
	struct acpi_header *madt, *fadt;

	u16 seg;

	/* The BIOS data area keeps the EBDA's segment at 0x40e. */
	__asm__ __volatile__("movw 0x40e, %0" : "=r"(seg));
	ebda = (unsigned long)seg << 4;
	if (ebda >= 0x80000 && ebda < 0xa0000)
		r = scan(ebda, 1024);
	if (!r)
		r = scan(0xe0000, 0x20000);
	if (!r)
		panic("ACPI: no RSDP found");
	fadt = find_table(r, "FACP");
	if (fadt && fadt->length >= 68)
		memcpy(&acpi_pm1a_cnt, (u8 *)fadt + 64, 2);
	madt = find_table(r, "APIC");
	if (!madt)
		panic("ACPI: no MADT");
	parse_madt(madt);
	if (!x86_ncpus_found)
		panic("ACPI: MADT lists no usable CPU");
	printk("ACPI: %u CPUs, local APIC at %llx, IOAPIC at %llx (GSI %u), "
	       "PM1a_CNT %x\n",
	       x86_ncpus_found, (unsigned long long)acpi_lapic_addr,
	       (unsigned long long)acpi_ioapic_addr, acpi_ioapic_gsi_base,
	       acpi_pm1a_cnt);
}

u32 acpi_irq_to_gsi(u8 irq, u16 *flags)
{
	*flags = 0;
	for (unsigned i = 0; i < noverrides; i++)
		if (overrides[i].irq == irq) {
			*flags = overrides[i].flags;
			return overrides[i].gsi;
		}
	return irq;
}
