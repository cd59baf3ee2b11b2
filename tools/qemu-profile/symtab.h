/*
 * symtab.h - the kernel's functions, read from the symbol map the build
 * writes (build/ARCH/kernel.sym, `nm -n -S` output), and the function
 * an address belongs to.
 */
#ifndef SYMTAB_H
#define SYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sym {
	uint64_t start, end; /* [start, end) */
	bool sized; /* nm gave a size: a C function (or one with .size) */
	char *name;
};

struct symtab {
	struct sym *syms; /* sorted by start, not overlapping */
	size_t n;
};

/*
 * Read text symbols (types t, T, w, W) from nm -n -S lines. A symbol with
 * a size covers that many bytes; one without covers up to the next
 * symbol, unless it lies inside a sized one, which then keeps it (a label
 * within a function is not a function). Of symbols at one address the
 * sized one wins, then one whose name does not start with '_'. Returns 0,
 * or -1 with *err saying which line is bad; other lines are skipped.
 */
int symtab_read(struct symtab *st, FILE *f, const char **err);

/* The index of the function holding addr, or -1 (in no function). */
long symtab_find(const struct symtab *st, uint64_t addr);

void symtab_free(struct symtab *st);

#endif
