/* glob.h - shell-style pattern matching for function filters. */
#ifndef GLOB_H
#define GLOB_H

#include "types.h"

/*
 * '*' any run, '?' one character, '[abc]', '[a-z]', '[!a-z]' or '[^a-z]'
 * a class; a backslash makes the next character literal.
 */
bool glob_match(const char *pat, const char *str);
/* 0 if pat is well formed, else -EINVAL (an unterminated '[', a trailing
 * backslash, an empty pattern). */
int glob_check(const char *pat);
/* True when pat has no wildcard, so it names one function. */
bool glob_is_literal(const char *pat);

#endif
