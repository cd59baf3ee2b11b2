/* mksyms - turn `nm -n -S --defined-only` output into the ksym_table. */

/*
 * Usage: nm -n -S --defined-only kernel | mksyms --ptr 8|4 > ksyms.S
 *
 * Writes GNU assembler source defining, in the read-only section .ksyms,
 *	const struct ksym ksym_table[];		(include/ksym.h)
 *	const unsigned long ksym_count;
 *	const unsigned long ksym_by_name[];	the table's numbers by name
 * plus the names as .asciz strings. The index by name is sorted here, so
 * that the kernel only checks its order at boot (O(n)) instead of
 * sorting (n log n string compares: 177 M instructions with 38,000
 * functions). Only code symbols are listed (nm types
 * t, T, W, w), sorted by address, one per address. Addresses are written
 * as plain numbers: the second link puts the code where the first one did
 * (the Makefile checks that), so the table built from the first link is
 * right for the second. Empty input gives an empty table, which is what
 * the first link uses.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct symbol {
	uint64_t addr;
	uint64_t size;
	int has_size; /* nm printed a size column */
	int global; /* upper-case nm type letter */
	uint64_t seq; /* input order, to keep the sort stable */
	char *name;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("mksyms: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int parse_hex(const char *s, uint64_t *v)
{
	char *end;

	if (!*s)
		return 0;
	errno = 0;
	*v = strtoull(s, &end, 16);
	return errno == 0 && *end == '\0';
}

static int is_text_type(char t)
{
	return t == 't' || t == 'T' || t == 'W' || t == 'w';
}

/*
 * Names that are not functions: assembler local labels (.L...), other
 * dot names, and mapping or local symbols some targets spell with '$'.
 * Compiler clones (foo.cold, foo.part.0, foo.isra.0, foo.constprop.0) are
 * real code and are kept: only a leading '.' or '$' disqualifies.
 */
static int is_wanted_name(const char *name)
{
	return name[0] != '\0' && name[0] != '.' && name[0] != '$';
}

/* Split a line into at most max whitespace-separated fields, in place. */
static int split(char *line, char **field, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		field[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
		       *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static int sym_cmp(const void *a, const void *b)
{
	const struct symbol *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Read nm's listing; returns the code symbols, in input order. */
static struct symbol *read_symbols(FILE *in, uint64_t *count)
{
	struct symbol *v = NULL;
	uint64_t n = 0, cap = 0, lineno = 0;
	char *line = NULL;
	size_t line_cap = 0;

	while (getline(&line, &line_cap, in) >= 0) {
		char *f[4];
		int nf;
		struct symbol s = { 0 };
		const char *type, *name;

		lineno++;
		nf = split(line, f, 4);
		if (nf == 0)
			continue;
		/*
		 * "addr size type name" or, for symbols nm has no size for,
		 * "addr type name".
		 */
		if (nf == 4) {
			if (!parse_hex(f[1], &s.size))
				fail("line %llu: bad size '%s'",
				     (unsigned long long)lineno, f[1]);
			s.has_size = 1;
			type = f[2];
			name = f[3];
		} else if (nf == 3) {
			type = f[1];
			name = f[2];
		} else {
			fail("line %llu: expected 'addr [size] type name'",
			     (unsigned long long)lineno);
		}
		if (!parse_hex(f[0], &s.addr))
			fail("line %llu: bad address '%s'",
			     (unsigned long long)lineno, f[0]);
		if (strlen(type) != 1)
			fail("line %llu: bad symbol type '%s'",
			     (unsigned long long)lineno, type);
		if (!is_text_type(type[0]) || !is_wanted_name(name))
			continue;
		s.global = type[0] == 'T' || type[0] == 'W';
		s.seq = n;
		s.name = strdup(name);
		if (!s.name)
			fail("out of memory");
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				fail("out of memory");
		}
		v[n++] = s;
	}
	if (ferror(in))
		fail("read error: %s", strerror(errno));
	free(line);
	*count = n;
	return v;
}

/*
 * Sort by address and keep one symbol per address: the first global one
 * if there is one (an alias like a local label on a global function adds
 * nothing), else the first. Returns the new count.
 */
static uint64_t dedup(struct symbol *v, uint64_t n)
{
	uint64_t i, j, k, out = 0;

	if (n)
		qsort(v, n, sizeof(*v), sym_cmp);
	for (i = 0; i < n; i = j) {
		uint64_t pick = i;

		for (j = i; j < n && v[j].addr == v[i].addr; j++)
			if (v[j].global && !v[pick].global)
				pick = j;
		/* A size any alias gave is better than none. */
		if (!v[pick].has_size) {
			for (k = i; k < j; k++)
				if (v[k].has_size) {
					v[pick].size = v[k].size;
					v[pick].has_size = 1;
					break;
				}
		}
		for (k = i; k < j; k++)
			if (k != pick)
				free(v[k].name);
		v[out++] = v[pick];
	}
	return out;
}

/* Without a size from nm, a symbol runs up to the next one. */
static void fill_sizes(struct symbol *v, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (!v[i].has_size)
			v[i].size = i + 1 < n ? v[i + 1].addr - v[i].addr : 0;
}

/*
 * Toolchains that prefix every C name with '_' (sh-elf, unlike
 * sh4-linux-gnu) would show "_kernel_main"; strip the prefix when every
 * symbol has it, so that lookups by C name work either way.
 */
static void strip_underscores(struct symbol *v, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (v[i].name[0] != '_' || v[i].name[1] == '\0')
			return;
	for (i = 0; i < n; i++)
		memmove(v[i].name, v[i].name + 1, strlen(v[i].name));
}

static const struct symbol *by_name_table;

/* By name as the kernel's strcmp orders them (bytes unsigned), then by
 * number, so that the order does not depend on qsort. */
static int name_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	int c = strcmp(by_name_table[x].name, by_name_table[y].name);

	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* Print a name as an assembler string literal. */
static void put_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\%03o", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void emit(const struct symbol *v, uint64_t n, unsigned int ptr)
{
	const char *word = ptr == 8 ? ".quad" : ".long";
	uint64_t i, *idx;

	printf("/* ksyms.S - generated by tools/mksyms; do not edit. */\n");
	printf("\t.section .ksyms, \"a\"\n");
	printf("\t.balign %u\n", ptr);
	printf("\t.globl ksym_table\n");
	printf("\t.type ksym_table, %%object\n");
	printf("ksym_table:\n");
	for (i = 0; i < n; i++)
		printf("\t%s 0x%llx, 0x%llx, .Lksym_name_%llu\n", word,
		       (unsigned long long)v[i].addr,
		       (unsigned long long)v[i].size, (unsigned long long)i);
	printf("\t.size ksym_table, . - ksym_table\n\n");

	printf("\t.balign %u\n", ptr);
	printf("\t.globl ksym_count\n");
	printf("\t.type ksym_count, %%object\n");
	printf("ksym_count:\n");
	printf("\t%s %llu\n", word, (unsigned long long)n);
	printf("\t.size ksym_count, . - ksym_count\n\n");

	idx = malloc((n ? n : 1) * sizeof(*idx));
	if (!idx)
		fail("out of memory");
	for (i = 0; i < n; i++)
		idx[i] = i;
	by_name_table = v;
	if (n)
		qsort(idx, n, sizeof(*idx), name_cmp);
	printf("\t.balign %u\n", ptr);
	printf("\t.globl ksym_by_name\n");
	printf("\t.type ksym_by_name, %%object\n");
	printf("ksym_by_name:\n");
	for (i = 0; i < n; i++)
		printf("\t%s %llu\n", word, (unsigned long long)idx[i]);
	printf("\t.size ksym_by_name, . - ksym_by_name\n\n");
	free(idx);

	for (i = 0; i < n; i++) {
		printf(".Lksym_name_%llu:\n\t.asciz ", (unsigned long long)i);
		put_string(v[i].name);
		putchar('\n');
	}

	/* Without this note ld assumes an executable stack, and warns. */
	printf("\n\t.section .note.GNU-stack, \"\", %%progbits\n");
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: nm -n -S --defined-only FILE | "
			"mksyms --ptr 8|4 > ksyms.S\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct symbol *v;
	uint64_t n, i;
	unsigned int ptr;

	if (argc != 3 || strcmp(argv[1], "--ptr") != 0)
		usage();
	if (strcmp(argv[2], "8") == 0)
		ptr = 8;
	else if (strcmp(argv[2], "4") == 0)
		ptr = 4;
	else
		usage();

	v = read_symbols(stdin, &n);
	n = dedup(v, n);
	fill_sizes(v, n);
	strip_underscores(v, n);
	if (ptr == 4)
		for (i = 0; i < n; i++)
			if (v[i].addr > UINT32_MAX || v[i].size > UINT32_MAX)
				fail("%s: address 0x%llx does not fit in 32 "
				     "bits",
				     v[i].name, (unsigned long long)v[i].addr);

	emit(v, n, ptr);
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("write error on standard output");
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return 0;
}
