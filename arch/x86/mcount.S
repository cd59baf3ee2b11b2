/*
 * mcount.S - where call sites lead. gcc -pg puts "call mcount" after each
 * function's frame set-up (push %rbp; mov %rsp,%rbp), so on entry here
 * (%rsp) is the return point just past the 5-byte site and 8(%rbp) is the
 * traced function's own return address into its caller. In the PATCHABLE
 * build the site is the function's first instruction, before any frame:
 * its return address is at 8(%rsp), just above the site's own.
 *
 * Both entries save only the registers that may hold the traced
 * function's arguments (rdi rsi rdx rcx r8 r9); the C callback preserves
 * the callee-saved ones itself. %rax carries nothing into a function
 * here: its one use at entry, %al counting a variadic call's vector
 * registers, is read only by code that saves them, and the kernel is
 * built -mgeneral-regs-only.
 *
 *  mcount        what an unconverted site calls. Its "mcount call" site
 *                calls ftrace_stub, or ftrace_record_ip in record mode.
 *  ftrace_caller what an enabled site calls. Its "ftrace call" site calls
 *                the current trace function (one tracer's callback, or
 *                the list function) with (ip, parent_ip, op, ret_slot),
 *                ret_slot being the slot of the traced function's return
 *                address, which the return hook redirects.
 *  return_to_handler    where a hooked function returns instead.
 */
#include "asm/ftrace.h"

.macro SAVE_ARGS
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
.endm

.macro RESTORE_ARGS
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
.endm

/*
 * ENTER and LEAVE wrap both entries, and SITE_RET and PARENT_SLOT are,
 * between them, the return point past the site and the slot of the
 * traced function's return address.
 */
#ifdef FTRACE_PATCHABLE
/*
 * The traced function has no frame yet, and the frame-pointer walk of a
 * backtrace from inside a callback would skip it and its caller. So two
 * frames are made for them first: its caller's (its return address
 * again, over the caller's %rbp) and its own (the site's return point,
 * over the first frame).
 */
.macro ENTER
	pushq 8(%rsp)
	pushq %rbp
	movq %rsp, %rbp
	pushq 16(%rsp)
	pushq %rbp
	movq %rsp, %rbp
	SAVE_ARGS
.endm

.macro LEAVE
	RESTORE_ARGS
	movq 16(%rsp), %rbp		/* the caller's, saved in its frame */
	addq $32, %rsp			/* the two frames */
.endm

#define SITE_RET 8(%rbp)
#define PARENT_SLOT 40(%rbp)		/* past both frames and SITE_RET's */
#else
.macro ENTER
	SAVE_ARGS
.endm

.macro LEAVE
	RESTORE_ARGS
.endm

#define SITE_RET 48(%rsp)		/* past the saved arguments */
#define PARENT_SLOT 8(%rbp)
#endif

	.text
	.globl mcount, mcount_call
	.balign 16
mcount:
	ENTER
	movq SITE_RET, %rdi
	subq $MCOUNT_INSN_SIZE, %rdi	/* the site itself */
	movq PARENT_SLOT, %rsi		/* parent */
mcount_call:
	call ftrace_stub
	LEAVE
	ret

	.globl ftrace_caller, ftrace_caller_op, ftrace_call
	.balign 16
ftrace_caller:
	ENTER
	movq SITE_RET, %rdi
	subq $MCOUNT_INSN_SIZE, %rdi
	leaq PARENT_SLOT, %rcx
	movq (%rcx), %rsi
	/* An interrupt landing between this load and the call goes back
	 * to the load (ftrace_caller_restart() in ftrace.c). */
ftrace_caller_op:
	movq function_trace_op(%rip), %rdx
ftrace_call:
	call ftrace_stub
	LEAVE
	ret

	/*
	 * A hooked function's ret lands here, with %rsp just above the slot
	 * its return address was in. rax and rdx may hold its return value;
	 * every other caller-saved register is dead after a return, so rcx
	 * carries the original return address.
	 */
	.globl return_to_handler
	.balign 16
return_to_handler:
	pushq %rax
	pushq %rdx
	leaq 16(%rsp), %rdi
	call *ftrace_return_func(%rip)
	movq %rax, %rcx
	popq %rdx
	popq %rax
	jmp *%rcx

	.globl ftrace_stub
	.balign 16
ftrace_stub:
	ret
