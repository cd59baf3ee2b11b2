/*
 * fuzz_filter_cmd.c - the words written to set_ftrace_filter and
 * set_ftrace_notrace (trace/ftrace_filter_cmd.c). The input is the text
 * written, in a buffer of exactly its size with no NUL after it, as a
 * file's write handler gets it; it is parsed word by word with commands
 * allowed and again with them refused. Every word must lie inside the
 * text, each call must move forward, and an error must say where and why.
 * Then the same text, as globs, builds a filter set (trace/ftrace_filter.c)
 * over call sites in the functions of shim.c's symbol table, afresh and
 * on top of the set it gave: a set holds only those sites, and a failure
 * gives no set and points into the text.
 */
#include "fuzz.h"
#include "../host/test.h"

#include "../../trace/ftrace_internal.h"
#include "../../trace/ftrace_trigger.h"
#include "mm.h"

/* One call site in each function of shim.c's ksym_table. */
static const unsigned long site[] = { 0x1004, 0x1204, 0x1304, 0x1404, 0x2004 };

static void make_records(void)
{
	test_mem_setup(8);
	ftrace_pages_start = ftrace_pages_last = NULL;
	ftrace_rec_index_drop();
	memset(&ftrace_stats, 0, sizeof(ftrace_stats));
	for (size_t i = 0; i < ARRAY_SIZE(site); i++)
		if (!ftrace_alloc_rec(site[i]))
			fuzz_fail("no record for site %#lx", site[i]);
	ftrace_rec_index_build();
}

static bool is_site(unsigned long ip)
{
	for (size_t i = 0; i < ARRAY_SIZE(site); i++)
		if (site[i] == ip)
			return true;
	return false;
}

static struct ftrace_hash *build(const struct ftrace_hash *from,
				 const char *globs, size_t len)
{
	struct ftrace_hash *h = (struct ftrace_hash *)1;
	const char *bad = NULL;
	unsigned long i, ip, n = 0;
	int r = ftrace_filter_build(from, !from, globs, &h, &bad);

	if (r) {
		if (h || !bad || bad < globs || bad > globs + len)
			fuzz_fail("filter error %d: set %p, bad %p", r,
				  (void *)h, (const void *)bad);
		return NULL;
	}
	if (!h)
		fuzz_fail("filter built no set");
	for_each_hash_ip(h, i, ip) {
		if (!is_site(ip))
			fuzz_fail("filter set holds %#lx", ip);
		n++;
	}
	if (n != h->count || n > ARRAY_SIZE(site))
		fuzz_fail("filter set counts %lu, holds %lu",
			  (unsigned long)h->count, n);
	return h;
}

static void parse_all(const char *text, size_t len, bool commands)
{
	struct filter_tok tok;
	size_t pos = 0, last;
	unsigned bad;
	const char *msg;
	int r;

	do {
		last = pos;
		bad = ~0u;
		msg = NULL;
		r = ftrace_filter_next(text, len, &pos, commands, &tok, &bad,
				       &msg);
		if (pos > len || pos < last)
			fuzz_fail("position %zu after %zu in %zu bytes", pos,
				  last, len);
		if (r < 0 && (bad > len || !msg))
			fuzz_fail("error %d without a place or a reason", r);
		if (r > 0) {
			if (pos == last)
				fuzz_fail("a word at %zu that takes no room",
					  pos);
			if (tok.off < last || tok.off + tok.len > len ||
			    !tok.len)
				fuzz_fail("word at %u+%u outside %zu..%zu",
					  tok.off, tok.len, last, len);
			if (tok.is_trigger &&
			    tok.func_off + tok.func_len > tok.off + tok.len)
				fuzz_fail(
					"function of a trigger past its word");
		}
	} while (r > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	parse_all(text, size, true);
	parse_all(text, size, false);
	free(text);

	/* As globs: a string, which ends at its first NUL. */
	struct ftrace_hash *h, *h2;
	char *globs = malloc(size + 1);

	if (!globs)
		abort();
	memcpy(globs, data, size);
	globs[size] = 0;
	make_records();
	h = build(NULL, globs, size);
	if (h) {
		h2 = build(h, globs, size);
		kfree(h2);
		kfree(h);
	}
	free(globs);
	return 0;
}
