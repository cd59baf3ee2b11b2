/*
 * prof.h - what the profiler counts, apart from QEMU: instructions per
 * function, entries, and a shadow call stack giving each caller -> callee
 * pair its calls and inclusive instructions, all counted only while the
 * marker function runs (docs/profile.md says exactly what is measured).
 *
 * The plugin feeds it three kinds of event, each with t, the number of
 * instructions executed so far: a call instruction (with the address it
 * returns to), the start of a translation block (where returns land and
 * functions begin), and the per-function counters it adds to inline.
 */
#ifndef PROF_H
#define PROF_H

#include <stdint.h>
#include <stdio.h>

#include "symtab.h"

#define PROF_MAX_DEPTH 4096 /* shadow stack frames; deeper calls are lost */
#define PROF_ROOT (-1L) /* the parent of a tree's root node */

struct frame {
	long func;
	uint64_t ret; /* the address its call returns to; 0: not called */
	uint64_t g0; /* counted instructions when it was entered */
	long node; /* its call tree node; PROF_ROOT: not counted */
};

/* A call tree node: func called along the path of node parent. */
struct node {
	long parent, func;
	uint64_t calls, incl;
};

struct prof {
	const struct symtab *st;
	long mark; /* the marker function */
	unsigned call_gap; /* instructions from a call to its target: 1, or
			    * 2 where a delay slot comes between */
	/* Per function, and one more for "in no function". The plugin adds
	 * to insns[] and to total itself, inline. */
	uint64_t *insns, *base, *self, *calls;
	uint64_t total;
	/* Counting: on while the marker runs. */
	int on;
	int mark_level; /* the marker's frame index while on */
	uint64_t t_on, counted, spans;
	uint64_t pending_ret, pending_t; /* the last call instruction */
	struct frame stack[PROF_MAX_DEPTH];
	int depth;
	uint64_t lost; /* frames not pushed: the stack was full */
	struct node *nodes;
	size_t nnodes, node_cap;
	long *index; /* hash of (parent, func) to a node; -1 free */
	size_t index_cap; /* a power of two, at least twice nnodes */
};

/* Set p up for st, counting while the function named mark runs; -1 if
 * there is no such function, -2 if there is no memory. */
int prof_init(struct prof *p, const struct symtab *st, const char *mark,
	      unsigned call_gap);
void prof_free(struct prof *p);

/* The counter of the function holding addr (inline adds go there). */
uint64_t *prof_counter(struct prof *p, uint64_t addr);

/* A call instruction runs; its callee returns to ret. */
void prof_call(struct prof *p, uint64_t ret, uint64_t t);

/* A translation block starts at addr, after t instructions. */
void prof_block(struct prof *p, uint64_t addr, uint64_t t);

/* Write what was counted, in the form profile_report.py reads. */
void prof_write(const struct prof *p, FILE *f);

#endif
