/*
 * tool_glue.c - what tool_glue.h redirects a host tool's calls to. Each
 * block the tool allocates carries a header that links it into the list
 * of the current run, so tool_run frees whatever the tool left when it
 * failed half-way (as it may: it was written to exit on error).
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "fuzz.h"

struct block {
	struct block *prev, *next;
	/* Keeps what follows aligned as malloc's own blocks are. */
	max_align_t align[];
};

static struct block live = { &live, &live };
static jmp_buf *exit_target;
static int exit_status;

FILE *tool_stdin, *tool_stdout, *tool_stderr;

static void *track(struct block *b)
{
	if (!b)
		return NULL;
	b->next = live.next;
	b->prev = &live;
	live.next->prev = b;
	live.next = b;
	return b + 1;
}

static struct block *untrack(void *p)
{
	struct block *b = (struct block *)p - 1;

	b->prev->next = b->next;
	b->next->prev = b->prev;
	return b;
}

void *tool_malloc(size_t n)
{
	if (n > SIZE_MAX - sizeof(struct block))
		return NULL;
	return track(malloc(sizeof(struct block) + n));
}

void *tool_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (SIZE_MAX - sizeof(struct block)) / size)
		return NULL;
	p = tool_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void tool_free(void *p)
{
	if (p)
		free(untrack(p));
}

void *tool_realloc(void *p, size_t n)
{
	struct block *b, *nb;

	if (!p)
		return tool_malloc(n);
	if (n > SIZE_MAX - sizeof(struct block))
		return NULL;
	b = untrack(p);
	nb = realloc(b, sizeof(struct block) + n);
	if (!nb) {
		track(b);
		return NULL;
	}
	return track(nb);
}

char *tool_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = tool_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

ssize_t tool_getline(char **line, size_t *cap, FILE *f)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (n + 2 > *cap) {
			size_t ncap = *cap ? 2 * *cap : 128;
			char *p = tool_realloc(*line, ncap);

			if (!p)
				return -1;
			*line = p;
			*cap = ncap;
		}
		(*line)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (!n)
		return -1;
	(*line)[n] = 0;
	return (ssize_t)n;
}

void tool_exit(int status)
{
	if (!exit_target)
		exit(status);
	exit_status = status;
	longjmp(*exit_target, 1);
}

int tool_run(int (*main_fn)(int, char **), int argc, char **argv)
{
	jmp_buf jb;
	volatile int status;

	/* Quiet by default; FUZZ_VERBOSE=1 shows what the tool says. */
	if (!tool_stdout) {
		const char *sink = getenv("FUZZ_VERBOSE") ? "/dev/stderr"
							  : "/dev/null";

		tool_stdout = fopen(sink, "w");
		tool_stderr = fopen(sink, "w");
		if (!tool_stdout || !tool_stderr)
			fuzz_fail("cannot open %s", sink);
	}
	exit_target = &jb;
	if (setjmp(jb) == 0)
		status = main_fn(argc, argv);
	else
		status = exit_status;
	exit_target = NULL;
	fflush(tool_stdout);
	while (live.next != &live)
		free(untrack(live.next + 1));
	return status;
}
