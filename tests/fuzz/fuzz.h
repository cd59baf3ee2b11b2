/* fuzz.h - what every harness in tests/fuzz provides and may use. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Each harness defines LLVMFuzzerTestOneInput, as libFuzzer expects: run
 * the code under test on one input, return 0. A bug is a sanitizer
 * report or an abort(); every other outcome, errors included, is fine.
 * The same file links with libFuzzer (make fuzz) or with replay.c, which
 * calls it once per file of a corpus (make test-host).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A harness's failed expectation: print why, then abort() for the
 * fuzzer to keep the input. */
void fuzz_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

#endif
