/* ksym.h - the kernel's own symbol table (kallsyms). */
#ifndef KSYM_H
#define KSYM_H

#include "types.h"

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

/* Function containing addr, or NULL; *off gets addr's offset in it. */
const struct ksym *ksym_lookup(unsigned long addr, unsigned long *off);
/* "name+0xoff/0xsize", or the bare hex address when unknown. */
void ksym_format(unsigned long addr, char *buf, size_t size);
/* Address of a function by exact name, or 0. */
unsigned long ksym_addr(const char *name);
const struct ksym *ksym_find(const char *name);

#endif
