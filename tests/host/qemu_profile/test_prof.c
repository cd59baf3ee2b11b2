/*
 * test_prof.c - host tests of the profiler plugin's pure parts: the
 * symbol map (tools/qemu-profile/symtab.c), the call recogniser (insn.c)
 * and the counting and call tree (prof.c), fed events as QEMU would.
 * Prints one line per failed check and "N passed, M failed" at the end.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn.h"
#include "prof.h"
#include "symtab.h"

static int passed, failed;

#define CHECK(cond)                                                     \
	do {                                                            \
		if (cond) {                                             \
			passed++;                                       \
		} else {                                                \
			failed++;                                       \
			printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, \
			       #cond);                                  \
		}                                                       \
	} while (0)

static int load(struct symtab *st, const char *text, const char **err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r = symtab_read(st, f, err);

	fclose(f);
	return r;
}

static long find(const struct symtab *st, const char *name)
{
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->syms[i].name, name))
			return (long)i;
	return -9;
}

static void test_symtab(void)
{
	struct symtab st;
	const char *err;
	/* nm -n -S: sized C functions, an asm label without a size, a label
	 * inside a sized function, two names at one address, data. */
	const char *map = "0000000000001000 T _start\n"
			  "0000000000001000 t boot\n"
			  "0000000000001000 0000000000000010 T first\n"
			  "0000000000001004 T inner_label\n"
			  "0000000000001020 0000000000000020 T second\n"
			  "0000000000001040 T asm_one\n"
			  "0000000000001050 T asm_two\n"
			  "0000000000001060 0000000000000008 W weak_fn\n"
			  "0000000000002000 0000000000000004 D data\n"
			  "0000000000001070 T _etext\n";

	CHECK(load(&st, map, &err) == 0);
	CHECK(st.n == 6); /* first second asm_one asm_two weak_fn _etext */
	CHECK(find(&st, "first") == 0 && st.syms[0].sized);
	CHECK(find(&st, "inner_label") == -9 && find(&st, "boot") == -9);
	CHECK(find(&st, "data") == -9);
	CHECK(symtab_find(&st, 0xfff) == -1);
	CHECK(symtab_find(&st, 0x1000) == 0);
	CHECK(symtab_find(&st, 0x1004) == 0); /* the label is first's */
	CHECK(symtab_find(&st, 0x100f) == 0);
	CHECK(symtab_find(&st, 0x1010) == -1); /* padding after first */
	CHECK(symtab_find(&st, 0x1020) == find(&st, "second"));
	CHECK(symtab_find(&st, 0x103f) == find(&st, "second"));
	/* A symbol without a size reaches the next one. */
	CHECK(symtab_find(&st, 0x1040) == find(&st, "asm_one"));
	CHECK(symtab_find(&st, 0x104f) == find(&st, "asm_one"));
	CHECK(!st.syms[find(&st, "asm_one")].sized);
	CHECK(symtab_find(&st, 0x1050) == find(&st, "asm_two"));
	CHECK(symtab_find(&st, 0x1067) == find(&st, "weak_fn"));
	CHECK(symtab_find(&st, 0x1070) == -1); /* _etext covers nothing */
	CHECK(symtab_find(&st, 0x5000) == -1);
	symtab_free(&st);

	/* 32-bit addresses (SH-4) read the same way. */
	CHECK(load(&st, "8c800000 T _start\n8c801000 0000001c T fib\n", &err) ==
	      0);
	CHECK(symtab_find(&st, 0x8c80101b) == find(&st, "fib"));
	symtab_free(&st);

	CHECK(load(&st, "", &err) == 0 && st.n == 0);
	CHECK(symtab_find(&st, 0x1000) == -1);
	symtab_free(&st);

	CHECK(load(&st, "0000 T ok\nnot nm output\n", &err) == -1);
	CHECK(err && strstr(err, "nm"));
	CHECK(load(&st, "zz12 T bad_address\n", &err) == -1);
	CHECK(load(&st, "1000 T a b c d\n", &err) == -1);
}

static void test_insn(void)
{
	const uint8_t call_rel[] = { 0xe8, 1, 2, 3, 4 };
	const uint8_t call_r15[] = { 0x41, 0xff, 0xd7 };
	const uint8_t call_mem[] = { 0xff, 0x15, 1, 2, 3, 4 };
	const uint8_t jmp_reg[] = { 0xff, 0xe0 };
	const uint8_t jmp_mem[] = { 0xff, 0x25, 1, 2, 3, 4 };
	const uint8_t ret[] = { 0xc3 };
	const uint8_t jsr[] = { 0x0b, 0x41 }, bsr[] = { 0x34, 0xb1 };
	const uint8_t bsrf[] = { 0x03, 0x02 }, rts[] = { 0x0b, 0x00 };
	const uint8_t jmp[] = { 0x2b, 0x41 }, lds_pr[] = { 0x2a, 0x40 };
	const uint8_t lds_r1_pr[] = { 0x2a, 0x41 }, mova[] = { 0x02, 0xc7 };
	uint64_t r0 = 0;

	CHECK(call_return_offset(GUEST_X86_64, call_rel, 5) == 5);
	CHECK(call_return_offset(GUEST_X86_64, call_r15, 3) == 3);
	CHECK(call_return_offset(GUEST_X86_64, call_mem, 6) == 6);
	CHECK(call_return_offset(GUEST_X86_64, jmp_reg, 2) == 0);
	CHECK(call_return_offset(GUEST_X86_64, jmp_mem, 6) == 0);
	CHECK(call_return_offset(GUEST_X86_64, ret, 1) == 0);
	/* SH-4: the callee returns past the delay slot. */
	CHECK(call_return_offset(GUEST_SH4, jsr, 2) == 4);
	CHECK(call_return_offset(GUEST_SH4, bsr, 2) == 4);
	CHECK(call_return_offset(GUEST_SH4, bsrf, 2) == 4);
	CHECK(call_return_offset(GUEST_SH4, rts, 2) == 0);
	CHECK(call_return_offset(GUEST_SH4, jmp, 2) == 0);
	/* -pg's "mova 1f,r0; jmp @r1; lds r0,pr", mova at 0x8c809904
	 * pointing at 0x8c809910. */
	CHECK(sh_mova_r0(0x8c809904, mova, 2, &r0) && r0 == 0x8c809910);
	CHECK(sh_mova_r0(0x8c809906, mova, 2, &r0) && r0 == 0x8c809910);
	CHECK(!sh_mova_r0(0x8c809904, jsr, 2, &r0));
	CHECK(sh_jmp_sets_pr(jmp, 2, lds_pr, 2));
	CHECK(!sh_jmp_sets_pr(jmp, 2, lds_r1_pr, 2));
	CHECK(!sh_jmp_sets_pr(jsr, 2, lds_pr, 2));
}

/* A tiny kernel: the marker, two C functions, an asm helper without a
 * size, each 0x100 long. */
static const char *kernel = "1000 0100 T mark\n"
			    "1100 0100 T f\n"
			    "1200 0100 T g\n"
			    "1300 T stub\n"
			    "1400 0100 T thread_fn\n"
			    "1500 T _end\n";

struct sim {
	struct prof p;
	uint64_t t;
};

/* n instructions run at addr. */
static void run(struct sim *s, uint64_t addr, unsigned n)
{
	*prof_counter(&s->p, addr) += n;
	s->p.total += n;
	s->t += n;
}

/* A call at addr (one instruction) into the block at target. */
static void call(struct sim *s, uint64_t addr, uint64_t target)
{
	run(s, addr, 1);
	prof_call(&s->p, addr + 5, s->t);
	prof_block(&s->p, target, s->t);
}

/* A return (one instruction at addr) to ret. */
static void ret(struct sim *s, uint64_t addr, uint64_t to)
{
	run(s, addr, 1);
	prof_block(&s->p, to, s->t);
}

static const struct node *node(const struct prof *p, const char *path)
{
	long parent = PROF_ROOT;
	const struct node *found = NULL;
	char buf[128], *save, *w;

	snprintf(buf, sizeof(buf), "%s", path);
	for (w = strtok_r(buf, "/", &save); w; w = strtok_r(NULL, "/", &save)) {
		found = NULL;
		for (size_t i = 0; i < p->nnodes; i++)
			if (p->nodes[i].parent == parent &&
			    !strcmp(p->st->syms[p->nodes[i].func].name, w)) {
				found = &p->nodes[i];
				parent = (long)i;
				break;
			}
		if (!found)
			return NULL;
	}
	return found;
}

static uint64_t self(const struct prof *p, const char *name)
{
	return p->self[find(p->st, name)];
}

static void test_prof(void)
{
	struct symtab st;
	struct sim s = { .t = 0 };
	const struct node *n;
	const char *err;

	CHECK(load(&st, kernel, &err) == 0);
	CHECK(prof_init(&s.p, &st, "nosuch", 1) == -1);
	CHECK(prof_init(&s.p, &st, "mark", 1) == 0);

	/* Before the marker: nothing counted, but the stack is kept. */
	run(&s, 0x1100, 7);
	CHECK(s.p.total == 7 && !s.p.on);

	/* mark: 3 of its own, calls f (4 own, calls g: 2 own), then g
	 * again, and returns. */
	call(&s, 0x50, 0x1000);
	CHECK(s.p.on);
	run(&s, 0x1000, 2);
	call(&s, 0x1002, 0x1100);
	run(&s, 0x1100, 2);
	call(&s, 0x1102, 0x1200);
	run(&s, 0x1200, 1);
	ret(&s, 0x1201, 0x1107);
	run(&s, 0x1107, 1);
	ret(&s, 0x1108, 0x1007);
	call(&s, 0x1007, 0x1200);
	ret(&s, 0x1200, 0x100c);
	ret(&s, 0x100c, 0x55);
	CHECK(!s.p.on);
	CHECK(s.p.spans == 1);
	CHECK(s.p.counted == 13);
	CHECK(self(&s.p, "mark") == 2 + 1 + 1 + 1);
	CHECK(self(&s.p, "f") == 5 && self(&s.p, "g") == 3);
	CHECK(s.p.calls[find(&st, "g")] == 2);
	n = node(&s.p, "mark");
	CHECK(n && n->calls == 1 && n->incl == s.p.counted);
	n = node(&s.p, "mark/f");
	CHECK(n && n->calls == 1 && n->incl == 7);
	n = node(&s.p, "mark/f/g");
	CHECK(n && n->calls == 1 && n->incl == 2);
	n = node(&s.p, "mark/g");
	CHECK(n && n->calls == 1 && n->incl == 1);

	/* After it: not counted. */
	run(&s, 0x1100, 100);
	CHECK(s.p.counted == 13 && self(&s.p, "f") == 5);

	/* A second span: an asm helper entered by a jump gets no frame (its
	 * instructions are its own in the flat profile, and its caller's in
	 * the tree); a C function entered by a jump (a thread's first
	 * function) does; a return that skips frames (a thread switch) ends
	 * them all. */
	call(&s, 0x50, 0x1000);
	run(&s, 0x1000, 1);
	prof_block(&s.p, 0x1300, s.t); /* jump to stub */
	run(&s, 0x1300, 3);
	prof_block(&s.p, 0x1400, s.t); /* "return" into thread_fn */
	run(&s, 0x1400, 2);
	call(&s, 0x1402, 0x1100);
	run(&s, 0x1100, 4);
	ret(&s, 0x1104, 0x55); /* straight back to mark's caller */
	CHECK(!s.p.on && s.p.depth == 0);
	CHECK(s.p.spans == 2);
	CHECK(self(&s.p, "stub") == 3);
	n = node(&s.p, "mark");
	CHECK(n && n->calls == 2 && n->incl == s.p.counted);
	CHECK(node(&s.p, "mark/stub") == NULL);
	n = node(&s.p, "mark/thread_fn");
	CHECK(n && n->calls == 1 && n->incl == 2 + 1 + 5);
	n = node(&s.p, "mark/thread_fn/f");
	CHECK(n && n->calls == 1 && n->incl == 5);

	/* A stale call: its target was no function start, so the next
	 * function reached by a jump is no call of it. */
	call(&s, 0x50, 0x1000);
	run(&s, 0x1000, 1);
	call(&s, 0x1001, 0x1010); /* inside mark */
	run(&s, 0x1010, 3);
	prof_block(&s.p, 0x1300, s.t); /* stub: asm, not called */
	CHECK(s.p.depth == 1);
	ret(&s, 0x1300, 0x55);
	CHECK(!s.p.on);

	/* Recursion: f calls f calls f; each level is its own node. */
	call(&s, 0x50, 0x1000);
	call(&s, 0x1000, 0x1100);
	call(&s, 0x1100, 0x1100);
	call(&s, 0x1100, 0x1100);
	ret(&s, 0x1100, 0x1105);
	ret(&s, 0x1105, 0x1105);
	ret(&s, 0x1105, 0x1005);
	ret(&s, 0x1005, 0x55);
	n = node(&s.p, "mark/f/f/f");
	CHECK(n && n->calls == 1 && n->incl == 1);
	n = node(&s.p, "mark/f/f");
	CHECK(n && n->calls == 1 && n->incl == 1 + 1 + 1);
	CHECK(s.p.calls[find(&st, "f")] == 1 + 1 + 3);

	/* Deeper than the stack: counted, but the frames are lost. */
	call(&s, 0x50, 0x1000);
	for (int i = 0; i < PROF_MAX_DEPTH + 5; i++)
		call(&s, 0x1100, 0x1100);
	CHECK(s.p.lost == 6 && s.p.depth == PROF_MAX_DEPTH);
	ret(&s, 0x1000, 0x55);
	CHECK(!s.p.on && s.p.depth == 0);

	prof_free(&s.p);
	symtab_free(&st);
}

/* SH-4: the callee's first block comes two instructions after the call
 * (the delay slot between). */
static void test_prof_delay_slot(void)
{
	struct symtab st;
	struct sim s = { .t = 0 };
	const char *err;

	CHECK(load(&st, kernel, &err) == 0);
	CHECK(prof_init(&s.p, &st, "mark", 2) == 0);
	run(&s, 0x40, 1);
	prof_call(&s.p, 0x54, s.t);
	run(&s, 0x42, 1); /* the delay slot */
	prof_block(&s.p, 0x1000, s.t);
	CHECK(s.p.on && s.p.stack[0].ret == 0x54);
	run(&s, 0x1000, 1);
	prof_call(&s.p, 0x1006, s.t);
	run(&s, 0x1002, 1);
	prof_block(&s.p, 0x1300, s.t); /* asm, reached by the call */
	CHECK(s.p.depth == 2);
	run(&s, 0x1300, 2);
	prof_block(&s.p, 0x1006, s.t);
	CHECK(s.p.depth == 1 && node(&s.p, "mark/stub")->incl == 2);
	prof_free(&s.p);
	symtab_free(&st);
}

static void test_prof_write(void)
{
	struct symtab st;
	struct sim s = { .t = 0 };
	const char *err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(load(&st, kernel, &err) == 0);
	CHECK(prof_init(&s.p, &st, "mark", 1) == 0);
	call(&s, 0x50, 0x1000);
	run(&s, 0x1000, 2);
	call(&s, 0x1002, 0x1100);
	run(&s, 0x9000, 3); /* in no function */
	ret(&s, 0x1100, 0x1007);
	ret(&s, 0x1007, 0x55);
	f = open_memstream(&buf, &len);
	prof_write(&s.p, f);
	fclose(f);
	CHECK(!strcmp(buf, "ftk-profile 1\n"
			   "marker mark\n"
			   "total 8\n"
			   "spans 1\n"
			   "lost 0\n"
			   "func mark 4 1\n"
			   "func f 1 1\n"
			   "func ? 3 0\n"
			   "node 0 -1 mark 1 8\n"
			   "node 1 0 f 1 4\n"));
	if (failed)
		printf("%s", buf);
	free(buf);
	prof_free(&s.p);
	symtab_free(&st);
}

int main(void)
{
	test_symtab();
	test_insn();
	test_prof();
	test_prof_delay_slot();
	test_prof_write();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
