/*
 * mcount.S - the function every -pg call site calls. Until the trace core
 * converts the sites to NOPs at boot, each kernel function's first call
 * lands here and returns at once.
 */
	.text
	.globl mcount
mcount:
	ret
