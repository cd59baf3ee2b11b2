/*
 * tool_glue.h - forced in (-include) when a host tool from tools/ is
 * built into a harness, after the C library's headers: the tool's exit()
 * returns to the harness instead of ending the process, its memory is
 * tracked so that every run frees what the last one left, and its
 * standard streams are the harness's. The tool's source is not changed;
 * its main is renamed on the command line (-Dmain=NAME_main).
 */
#ifndef TOOL_GLUE_H
#define TOOL_GLUE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

void tool_exit(int status) __attribute__((noreturn));
void *tool_malloc(size_t n);
void *tool_calloc(size_t n, size_t size);
void *tool_realloc(void *p, size_t n);
void tool_free(void *p);
char *tool_strdup(const char *s);
ssize_t tool_getline(char **line, size_t *cap, FILE *f);
extern FILE *tool_stdin, *tool_stdout, *tool_stderr;

#define exit tool_exit
#define malloc tool_malloc
#define calloc tool_calloc
#define realloc tool_realloc
#define free tool_free
#define strdup tool_strdup
#define getline tool_getline
#undef stdin
#undef stdout
#undef stderr
#define stdin tool_stdin
#define stdout tool_stdout
#define stderr tool_stderr
/* These write to the real stdout whatever the macro above says. */
#define printf(...) fprintf(tool_stdout, __VA_ARGS__)
#define putchar(c) fputc((c), tool_stdout)
#define puts(s) fprintf(tool_stdout, "%s\n", (s))

/*
 * In the harness (not seen by the tool): run main(argc, argv) as the
 * tool's main; returns its exit status, whether it returned or called
 * exit(), with all its memory freed.
 */
int tool_run(int (*main_fn)(int, char **), int argc, char **argv);

#endif
