/*
 * fuzz_recordmcount.c - tools/recordmcount on mutated objects. The seeds
 * are the -pg objects of both kernels (x86_64's ELF64 and SH-4's ELF32,
 * before recordmcount ran), so mutations start from real section tables,
 * symbols and relocations. Each input is written to a file and the tool
 * runs on it twice, as the build runs it (IN OUT) and as --list. A bad
 * object must get an error, never a crash, and a failed run must leave
 * neither OUT nor OUT.tmp behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "tool_glue.h"

int recordmcount_main(int argc, char **argv);
extern char *tmp_path;
extern const char *err_name;

static char in_path[4096], out_path[4096], tmp_out[4096];

static void make_paths(void)
{
	const char *base = getenv("FUZZ_TMP");
	char dir[4000];

	snprintf(dir, sizeof(dir), "%s/recordmcount.XXXXXX",
		 base ? base : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail("cannot make a directory in %s", dir);
	snprintf(in_path, sizeof(in_path), "%s/in.o", dir);
	snprintf(out_path, sizeof(out_path), "%s/out.o", dir);
	snprintf(tmp_out, sizeof(tmp_out), "%s/out.o.tmp", dir);
}

static int run(char *a1, char *a2)
{
	char *argv[] = { "recordmcount", a1, a2, NULL };

	/* The tool's globals start as they would in a new process. */
	tmp_path = NULL;
	err_name = "recordmcount";
	return tool_run(recordmcount_main, 3, argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;
	int st;

	if (!in_path[0])
		make_paths();
	f = fopen(in_path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		fuzz_fail("cannot write %s", in_path);
	unlink(out_path);

	st = run(in_path, out_path);
	if (st != 0 && !access(out_path, F_OK))
		fuzz_fail("recordmcount failed (%d) but wrote %s", st,
			  out_path);
	if (st == 0 && access(out_path, F_OK))
		fuzz_fail("recordmcount succeeded but wrote no %s", out_path);
	if (!access(tmp_out, F_OK))
		fuzz_fail("recordmcount left %s behind", tmp_out);
	run("--list", in_path);
	return 0;
}
