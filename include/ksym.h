/* ksym.h - the kernel's own symbol table (kallsyms). */
#ifndef KSYM_H
#define KSYM_H

#include "types.h"

/* The longest symbol name, and the longest "name+0xoff/0xsize". */
#define KSYM_NAME_LEN 128
#define KSYM_FORMAT_MAX (KSYM_NAME_LEN + 40)

/*
 * Built by tools/mksyms from the first link's symbol map and linked in by
 * the second link; sorted by address.
 */
struct ksym {
	unsigned long addr;
	unsigned long size;
	const char *name;
};

extern const struct ksym ksym_table[];
extern const unsigned long ksym_count;
/* ksym_table's numbers in name order (strcmp), sorted by tools/mksyms. */
extern const unsigned long ksym_by_name[];

/* Check the index by name, or build it if it is out of order (once, at
 * boot, when kmalloc works). */
void ksym_init(void);
/* What ksym_init took, in ns (make bench's boot_ksym_index). */
extern u64 ksym_init_ns;
/* Function containing addr, or NULL; *off gets addr's offset in it. */
const struct ksym *ksym_lookup(unsigned long addr, unsigned long *off);
/* Where s ends: addr + size, or the next symbol's address if sizeless. */
unsigned long ksym_end(const struct ksym *s);
/* "name+0xoff/0xsize", or the bare hex address when unknown. */
void ksym_format(unsigned long addr, char *buf, size_t size);
/* Address of a function by exact name, or 0. */
unsigned long ksym_addr(const char *name);
/* By exact name, O(log n) once ksym_init() ran; NULL if none. */
const struct ksym *ksym_find(const char *name);

#endif
