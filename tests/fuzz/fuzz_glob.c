/*
 * fuzz_glob.c - the filters' wildcard matcher (kernel/glob.c). The input
 * is PATTERN NUL STRING (no NUL: the pattern matched against itself),
 * each copied into a buffer of its own exact size so that a read past
 * either end is caught. Besides not crashing, the matcher must agree with
 * a plain dynamic-programming matcher on patterns made only of literals,
 * '*' and '?', and a literal pattern must match exactly itself.
 */
#include "fuzz.h"
#include "../host/test.h"

#include "glob.h"

/* The longest pattern or string tried: the table below is their product. */
#define GLOB_FUZZ_MAX 256

static bool simple_pattern(const char *p)
{
	return !strpbrk(p, "[\\");
}

/* Whether pat matches str, by filling in which prefixes match which. */
static bool reference_match(const char *pat, const char *str)
{
	static bool m[GLOB_FUZZ_MAX + 1][GLOB_FUZZ_MAX + 1];
	size_t np = strlen(pat), ns = strlen(str);

	/* m[i][j]: pat's first i bytes match str's first j. */
	m[0][0] = true;
	for (size_t j = 1; j <= ns; j++)
		m[0][j] = false;
	for (size_t i = 1; i <= np; i++) {
		char c = pat[i - 1];

		m[i][0] = c == '*' && m[i - 1][0];
		for (size_t j = 1; j <= ns; j++) {
			if (c == '*')
				m[i][j] = m[i - 1][j] || m[i][j - 1];
			else
				m[i][j] = (c == '?' || c == str[j - 1]) &&
					  m[i - 1][j - 1];
		}
	}
	return m[np][ns];
}

static char *copy(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	size_t slen = nul ? size - plen - 1 : plen;
	char *pat, *str;
	bool got;

	if (plen > GLOB_FUZZ_MAX || slen > GLOB_FUZZ_MAX)
		return 0;
	pat = copy(data, plen);
	str = nul ? copy(nul + 1, slen) : copy(data, plen);
	/* A string holds no NUL: what follows one is not looked at. */
	slen = strlen(str);

	got = glob_match(pat, str);
	if (glob_check(pat) == 0) {
		if (simple_pattern(pat) && got != reference_match(pat, str))
			fuzz_fail(
				"glob_match(\"%s\", \"%s\") = %d, expected %d",
				pat, str, got, !got);
		if (glob_is_literal(pat) && got != !strcmp(pat, str))
			fuzz_fail("literal \"%s\" against \"%s\": %d", pat, str,
				  got);
	}
	free(pat);
	free(str);
	return 0;
}
