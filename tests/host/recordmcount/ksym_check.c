/* ksym_check.c - host program that prints a mksyms table linked into it. */
#include <stdio.h>

/* Same layout as struct ksym in include/ksym.h. */
struct ksym {
	unsigned long addr;
	unsigned long size;
	const char *name;
};

extern const struct ksym ksym_table[];
extern const unsigned long ksym_count;
extern const unsigned long ksym_by_name[];

int main(void)
{
	unsigned long i;

	printf("count %lu\n", ksym_count);
	for (i = 0; i < ksym_count; i++)
		printf("%lx %lx %s\n", ksym_table[i].addr, ksym_table[i].size,
		       ksym_table[i].name);
	printf("by name");
	for (i = 0; i < ksym_count; i++)
		printf(" %lu", ksym_by_name[i]);
	printf("\n");
	return 0;
}
