/* kstring.h - the C string and memory routines the kernel provides itself. */
#ifndef KSTRING_H
#define KSTRING_H

#include "types.h"

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned/signed number (base 0 = 0x prefix for hex, else
 * decimal). Returns 0 and stores the value, or -EINVAL when the whole
 * string is not a number, or -ERANGE when it does not fit.
 */
int kstrtoull(const char *s, unsigned base, unsigned long long *val);
int kstrtoll(const char *s, unsigned base, long long *val);

#endif
