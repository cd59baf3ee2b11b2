/* prof.c - per-function counts and the shadow call stack, apart from QEMU. */
#include "prof.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Nodes room is made for first: half the node index, a power of two. */
#define NODES_MIN 512

static int grow(struct prof *p);

int prof_init(struct prof *p, const struct symtab *st, const char *mark,
	      unsigned call_gap)
{
	size_t n = st->n + 1;

	memset(p, 0, sizeof(*p));
	p->st = st;
	p->call_gap = call_gap;
	p->mark = -1;
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->syms[i].name, mark))
			p->mark = (long)i;
	if (p->mark < 0)
		return -1;
	p->insns = calloc(n, sizeof(*p->insns));
	p->base = calloc(n, sizeof(*p->base));
	p->self = calloc(n, sizeof(*p->self));
	p->calls = calloc(n, sizeof(*p->calls));
	p->index_cap = NODES_MIN;
	if (!p->insns || !p->base || !p->self || !p->calls || grow(p)) {
		prof_free(p);
		return -2;
	}
	return 0;
}

void prof_free(struct prof *p)
{
	free(p->insns);
	free(p->base);
	free(p->self);
	free(p->calls);
	free(p->nodes);
	free(p->index);
	p->insns = p->base = p->self = p->calls = NULL;
	p->nodes = NULL;
	p->index = NULL;
}

/* Index n (one past the functions) counts instructions in none. */
static size_t slot(const struct prof *p, long func)
{
	return func < 0 ? p->st->n : (size_t)func;
}

uint64_t *prof_counter(struct prof *p, uint64_t addr)
{
	return &p->insns[slot(p, symtab_find(p->st, addr))];
}

/* Counted instructions after t executed: the clock of the call tree. */
static uint64_t counted_at(const struct prof *p, uint64_t t)
{
	return p->counted + (p->on ? t - p->t_on : 0);
}

static void start_counting(struct prof *p, uint64_t t)
{
	memcpy(p->base, p->insns, (p->st->n + 1) * sizeof(*p->base));
	p->t_on = t;
	p->on = 1;
	p->spans++;
}

static void stop_counting(struct prof *p, uint64_t t)
{
	for (size_t i = 0; i <= p->st->n; i++)
		p->self[i] += p->insns[i] - p->base[i];
	p->counted += t - p->t_on;
	p->on = 0;
}

static size_t node_hash(long parent, long func, size_t cap)
{
	uint64_t h = (uint64_t)(parent + 2) * 0x9e3779b97f4a7c15ull ^
		     (uint64_t)(func + 2) * 0xc2b2ae3d27d4eb4full;

	return (size_t)(h >> 17) & (cap - 1);
}

static long *index_slot(const struct prof *p, long *index, size_t cap,
			long parent, long func)
{
	size_t i = node_hash(parent, func, cap);

	while (index[i] >= 0 && (p->nodes[index[i]].parent != parent ||
				 p->nodes[index[i]].func != func))
		i = (i + 1) & (cap - 1);
	return &index[i];
}

static int grow(struct prof *p)
{
	size_t cap = 2 * p->index_cap;
	long *index = malloc(cap * sizeof(*index));
	struct node *nodes = realloc(p->nodes, cap / 2 * sizeof(*nodes));

	if (nodes)
		p->nodes = nodes;
	if (!index || !nodes) {
		free(index);
		return -1;
	}
	for (size_t i = 0; i < cap; i++)
		index[i] = -1;
	for (size_t n = 0; n < p->nnodes; n++)
		*index_slot(p, index, cap, p->nodes[n].parent,
			    p->nodes[n].func) = (long)n;
	free(p->index);
	p->index = index;
	p->index_cap = cap;
	p->node_cap = cap / 2;
	return 0;
}

/* The node of func called under parent, made if new; PROF_ROOT when out
 * of memory (the call is then not in the tree). */
static long node_get(struct prof *p, long parent, long func)
{
	long *slot;

	if (p->nnodes == p->node_cap && grow(p))
		return PROF_ROOT;
	slot = index_slot(p, p->index, p->index_cap, parent, func);
	if (*slot < 0) {
		p->nodes[p->nnodes] = (struct node){ parent, func, 0, 0 };
		*slot = (long)p->nnodes++;
	}
	return *slot;
}

/* Pop the frames from the top down to index level, that one included. */
static void pop_to(struct prof *p, int level, uint64_t t)
{
	uint64_t g = counted_at(p, t);

	while (p->depth > level) {
		struct frame *f = &p->stack[--p->depth];

		if (f->node != PROF_ROOT) {
			p->nodes[f->node].calls++;
			p->nodes[f->node].incl += g - f->g0;
		}
		if (p->on && p->depth == p->mark_level)
			stop_counting(p, t);
	}
}

void prof_call(struct prof *p, uint64_t ret, uint64_t t)
{
	p->pending_ret = ret;
	p->pending_t = t;
}

/* A return lands on the address a frame's call returns to: that frame
 * and any above it (left by a thread switch) end. */
static void returns(struct prof *p, uint64_t addr, uint64_t t)
{
	for (int i = p->depth - 1; i >= 0; i--) {
		if (p->stack[i].ret == addr) {
			pop_to(p, i, t);
			return;
		}
	}
}

/* A function starts at addr: a frame, if a call got here or it is a C
 * function (a jump or a thread's first return into it). */
static void enters(struct prof *p, long func, uint64_t t)
{
	int by_call = p->pending_ret && t - p->pending_t <= p->call_gap;
	struct frame *f;

	if (!by_call && !p->st->syms[func].sized)
		return;
	if (p->depth == PROF_MAX_DEPTH) {
		p->lost++;
		return;
	}
	if (func == p->mark && !p->on) {
		p->mark_level = p->depth;
		start_counting(p, t);
	}
	f = &p->stack[p->depth];
	f->func = func;
	f->ret = by_call ? p->pending_ret : 0;
	f->g0 = counted_at(p, t);
	f->node = PROF_ROOT;
	if (p->on) {
		long parent = p->depth ? f[-1].node : PROF_ROOT;

		/* The marker's frame roots the tree, whatever is below. */
		if (func == p->mark && p->depth == p->mark_level)
			parent = PROF_ROOT;
		f->node = node_get(p, parent, func);
		p->calls[func]++;
	}
	p->depth++;
}

void prof_block(struct prof *p, uint64_t addr, uint64_t t)
{
	long func;

	if (p->depth && addr && p->stack[p->depth - 1].ret == addr)
		pop_to(p, p->depth - 1, t);
	else if (addr)
		returns(p, addr, t);
	func = symtab_find(p->st, addr);
	if (func >= 0 && p->st->syms[func].start == addr)
		enters(p, func, t);
	p->pending_ret = 0;
}

static const char *name(const struct prof *p, long func)
{
	return func < 0 || (size_t)func >= p->st->n ? "?"
						    : p->st->syms[func].name;
}

void prof_write(const struct prof *p, FILE *f)
{
	fprintf(f, "ftk-profile 1\n");
	fprintf(f, "marker %s\n", name(p, p->mark));
	fprintf(f, "total %" PRIu64 "\n", counted_at(p, p->total));
	fprintf(f, "spans %" PRIu64 "\n", p->spans);
	fprintf(f, "lost %" PRIu64 "\n", p->lost);
	for (size_t i = 0; i <= p->st->n; i++) {
		uint64_t self = p->self[i], calls = p->calls[i];

		if (p->on)
			self += p->insns[i] - p->base[i];
		if (self || calls)
			fprintf(f, "func %s %" PRIu64 " %" PRIu64 "\n",
				name(p, (long)i), self, calls);
	}
	for (size_t n = 0; n < p->nnodes; n++)
		fprintf(f, "node %zu %ld %s %" PRIu64 " %" PRIu64 "\n", n,
			p->nodes[n].parent, name(p, p->nodes[n].func),
			p->nodes[n].calls, p->nodes[n].incl);
}
