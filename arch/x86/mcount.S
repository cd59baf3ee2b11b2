/*
 * mcount.S - where call sites lead. gcc -pg puts "call mcount" after each
 * function's frame set-up (push %rbp; mov %rsp,%rbp), so on entry here
 * (%rsp) is the return point just past the 5-byte site and 8(%rbp) is the
 * traced function's own return address into its caller.
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
 *                ret_slot being &8(%rbp), the slot of the traced
 *                function's return address, which the return hook
 *                redirects.
 *  return_to_handler    where a hooked function returns instead.
 */

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

	.text
	.globl mcount, mcount_call
	.balign 16
mcount:
	SAVE_ARGS
	movq 48(%rsp), %rdi		/* return point past the site */
	subq $5, %rdi			/* the site itself */
	movq 8(%rbp), %rsi		/* parent */
mcount_call:
	call ftrace_stub
	RESTORE_ARGS
	ret

	.globl ftrace_caller, ftrace_caller_op, ftrace_call
	.balign 16
ftrace_caller:
	SAVE_ARGS
	movq 48(%rsp), %rdi
	subq $5, %rdi
	leaq 8(%rbp), %rcx
	movq (%rcx), %rsi
	/* An interrupt landing between this load and the call goes back
	 * to the load (ftrace_caller_restart() in ftrace.c). */
ftrace_caller_op:
	movq function_trace_op(%rip), %rdx
ftrace_call:
	call ftrace_stub
	RESTORE_ARGS
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
