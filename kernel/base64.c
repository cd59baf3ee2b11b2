/*
 * base64.c - RFC 4648 base64 encoding: every 3 bytes become 4 characters
 * of a 64-letter alphabet, so that a binary file (a ring-buffer page)
 * can cross a terminal, which would eat control bytes.
 */
#include "base64.h"

static const char alphabet[64] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encode(const u8 *in, size_t n, char *out)
{
	char *o = out;

	for (; n >= 3; n -= 3, in += 3) {
		u32 v = (u32)in[0] << 16 | (u32)in[1] << 8 | in[2];

		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = alphabet[(v >> 6) & 63];
		*o++ = alphabet[v & 63];
	}
	if (n) {
		/* One or two bytes left: two or three letters, then '='. */
		u32 v = (u32)in[0] << 16 | (n > 1 ? (u32)in[1] << 8 : 0);

		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = n > 1 ? alphabet[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	return (size_t)(o - out);
}
