/* base64.h - RFC 4648 base64, for printing binary files on the console. */
#ifndef BASE64_H
#define BASE64_H

#include "types.h"

/* Input bytes per output line: 57 bytes make 76 characters, the line
 * length of GNU base64 and of MIME. */
#define BASE64_LINE_BYTES 57
/* Characters n input bytes encode to, padding included. */
#define BASE64_LEN(n) (((n) + 2) / 3 * 4)

/*
 * Encode the n bytes at in into out (BASE64_LEN(n) characters, no NUL,
 * '=' padding at the end when n is not a multiple of 3). Returns the
 * number of characters written.
 */
size_t base64_encode(const u8 *in, size_t n, char *out);

#endif
