/*
 * fuzz_filter_cmd.c - the words written to set_ftrace_filter and
 * set_ftrace_notrace (trace/ftrace_filter_cmd.c). The input is the text
 * written, in a buffer of exactly its size with no NUL after it, as a
 * file's write handler gets it; it is parsed word by word with commands
 * allowed and again with them refused. Every word must lie inside the
 * text, each call must move forward, and an error must say where and why.
 */
#include "fuzz.h"
#include "../host/test.h"

#include "../../trace/ftrace_internal.h"
#include "../../trace/ftrace_trigger.h"

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
	return 0;
}
