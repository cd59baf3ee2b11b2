/*
 * ftrace_fault.c - test faults, chosen on the command line, that prove a
 * bad call site is reported and left alone rather than patched blindly:
 *
 *   ftrace_damage=FUNC     before the first conversion, FUNC's site is
 *                          made to hold what a stray write could leave
 *                          there, so the conversion's compare must fail
 *   ftrace_failwrite=FUNC  from the shell's start on, every write into
 *                          FUNC's text fails, as a write to a protected
 *                          page would (FUNC may be assembly, such as
 *                          ftrace_caller, whose patchable call fails then)
 *
 * Both work in record mode too: the damaged site is recorded at once
 * (a damaged site may never reach the recorder), and a failing write is
 * told by the address range of FUNC, not by a record that record mode
 * may not have made yet. Built without -pg: ftrace_fault_write_fails
 * runs inside every text write, NMIs' included.
 */
#include "arch.h"
#include "bootopt.h"
#include "fs.h"
#include "ftrace_internal.h"
#include "ksym.h"
#include "kstring.h"
#include "printk.h"

extern unsigned long __start_mcount_loc[], __stop_mcount_loc[];

static char damage_func[KSYM_NAME_LEN], failwrite_func[KSYM_NAME_LEN];
/* The text range whose writes fail; empty when start == end. */
static unsigned long fail_start, fail_end;
/* Set with them: the writer's fast path (ftrace_modify.h) checks only
 * this, and leaves every write to the slow path while a fault is armed. */
bool ftrace_fault_armed;

static int set_func(char *dst, const char *v)
{
	if (!*v || strlen(v) >= KSYM_NAME_LEN)
		return -EINVAL;
	strlcpy(dst, v, KSYM_NAME_LEN);
	return 0;
}

static int damage_option(const char *v)
{
	return set_func(damage_func, v);
}
BOOT_OPTION(ftrace_damage, "ftrace_damage", damage_option,
	    "FUNC: test fault, corrupt FUNC's call site before boot");

static int failwrite_option(const char *v)
{
	return set_func(failwrite_func, v);
}
BOOT_OPTION(ftrace_failwrite, "ftrace_failwrite", failwrite_option,
	    "FUNC: test fault, every later write to FUNC's site fails");

bool ftrace_fault_write_fails(unsigned long addr)
{
	return addr >= fail_start && addr < fail_end;
}

/* The build's call site inside FUNC, from the list the linker made. */
static unsigned long site_of(const struct ksym *s)
{
	for (unsigned long *p = __start_mcount_loc; p < __stop_mcount_loc; p++)
		if (*p >= s->addr && *p < ksym_end(s))
			return *p;
	return 0;
}

void ftrace_fault_damage(void)
{
	const struct ksym *s;
	unsigned long ip, addr;
	u8 bad[MCOUNT_INSN_SIZE] __aligned(4);
	int ret;

	if (!damage_func[0])
		return;
	s = ksym_find(damage_func);
	ip = s ? site_of(s) : 0;
	if (!ip) {
		printk("ftrace: ftrace_damage=%s: no such call site\n",
		       damage_func);
		return;
	}
	if (ftrace_stats.record_mode)
		ftrace_record_force(ip);
	ret = ftrace_arch_damage(ip, &addr, bad);
	if (!ret)
		ret = ftrace_poke_unchecked(addr, bad);
	ftrace_arch_text_write_done();
	arch_sync_core();
	if (ret) {
		printk("ftrace: ftrace_damage=%s: cannot damage it (%s)\n",
		       damage_func, strerror(ret));
		return;
	}
	printk("ftrace: test fault: damaged the call site of %s\n",
	       damage_func);
}

void ftrace_fault_late_init(void)
{
	const struct ksym *s;

	if (!failwrite_func[0])
		return;
	/* Any function: the assembly's patchable calls fail as well. */
	s = ksym_find(failwrite_func);
	if (!s) {
		printk("ftrace: ftrace_failwrite=%s: no such function\n",
		       failwrite_func);
		return;
	}
	fail_start = s->addr;
	fail_end = ksym_end(s);
	ftrace_fault_armed = fail_end > fail_start;
	printk("ftrace: test fault: writes to the text of %s will fail\n",
	       failwrite_func);
}
