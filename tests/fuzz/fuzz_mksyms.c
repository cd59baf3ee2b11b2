/*
 * fuzz_mksyms.c - tools/mksyms on mutated `nm -n -S` listings (seeds:
 * both kernels' own). The input is the tool's standard input; it runs
 * once for a 64-bit table and once for a 32-bit one. Bad lines must get
 * an error, never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tool_glue.h"

int mksyms_main(int argc, char **argv);

static void run(const uint8_t *data, size_t size, char *ptr)
{
	char *argv[] = { "mksyms", "--ptr", ptr, NULL };

	/* fmemopen wants at least one byte; an empty input is /dev/null. */
	tool_stdin = size ? fmemopen((void *)data, size, "r")
			  : fopen("/dev/null", "r");
	if (!tool_stdin)
		fuzz_fail("cannot open the input as a stream");
	tool_run(mksyms_main, 3, argv);
	fclose(tool_stdin);
	tool_stdin = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, "8");
	run(data, size, "4");
	return 0;
}
