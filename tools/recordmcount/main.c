/* recordmcount - add a __mcount_loc section listing every mcount call site. */

/*
 * Usage:
 *	recordmcount IN.o OUT.o		OUT.o = IN.o + __mcount_loc
 *	recordmcount --count IN.o	print the number of call sites
 *	recordmcount --list IN.o	one "section+0xoffset" per site
 *
 * The input is a relocatable object compiled with -pg, for x86_64 (ELF64)
 * or SH (ELF32, either byte order). The output is the input's bytes left
 * exactly where they were, followed by the new sections, a longer copy of
 * the section name table and a new section header table; only a few ELF
 * header fields change. Old sections keep their offsets, so nothing in the
 * original can be broken by the rewrite.
 *
 * Every offset and size read from the file is checked against the file
 * before use, in 64-bit arithmetic, so a malformed input gets one error
 * line and exit status 1, never a crash. The output is written to OUT.tmp
 * and renamed, so a failed run leaves no partial OUT behind.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recordmcount.h"

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: recordmcount IN.o OUT.o\n"
			"       recordmcount --count IN.o\n"
			"       recordmcount --list IN.o\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct elf e = { 0 };
	struct site_list sites = { 0 };
	const char *mode = NULL, *in, *out = NULL;
	uint64_t i;

	if (argc != 3)
		usage();
	if (strcmp(argv[1], "--count") == 0 || strcmp(argv[1], "--list") == 0)
		mode = argv[1];
	else if (argv[1][0] == '-' && argv[1][1])
		usage();
	else
		out = argv[2];
	in = mode ? argv[2] : argv[1];

	err_name = in;
	read_file(in, &e);
	parse_header(&e);
	find_sites(&e, &sites);

	if (mode && strcmp(mode, "--count") == 0) {
		printf("%llu\n", (unsigned long long)sites.n);
	} else if (mode) {
		for (i = 0; i < sites.n; i++)
			printf("%s+0x%llx\n", sec_name(&e, sites.v[i].sec),
			       (unsigned long long)sites.v[i].off);
	} else if (sites.n == 0) {
		/* Nothing to record: the object is used as it is. */
		write_file(out, e.buf, e.size);
	} else {
		write_out(&e, &sites, out);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("write error on standard output");
	return 0;
}
