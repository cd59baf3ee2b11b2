/*
 * plugin.c - the QEMU TCG plugin behind make profile: every guest
 * instruction executed adds one to the counter of the function holding
 * it, calls and the blocks where returns land drive prof.c's shadow
 * stack, and what was counted is written to a file each time the marker
 * function returns (and when QEMU exits).
 *
 *   -plugin file=qemu-profile.so,syms=kernel.sym,out=FILE[,mark=FUNC]
 *
 * mark defaults to shell_run_line: the console's command lines. Errors
 * are said on QEMU's stderr, and QEMU then refuses to start.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn.h"
#include "prof.h"
#include "qemu_plugin_api.h"
#include "symtab.h"

PLUGIN_EXPORT int qemu_plugin_version = PLUGIN_API_VERSION;

static struct symtab syms;
static struct prof prof;
static enum guest guest;
static const char *out_path;

/* Errors go to QEMU's stderr: qemu_plugin_outs writes to QEMU's log,
 * which is off unless -d plugin is given. */
static void say(const char *fmt, const char *what)
{
	fprintf(stderr, fmt, what);
}

static void write_out(void)
{
	FILE *f = fopen(out_path, "w");

	if (!f) {
		say("qemu-profile: cannot write %s\n", out_path);
		return;
	}
	prof_write(&prof, f);
	fclose(f);
}

static void on_block(unsigned int vcpu, void *udata)
{
	int was_on = prof.on;

	prof_block(&prof, (uint64_t)(uintptr_t)udata, prof.total);
	if (was_on && !prof.on)
		write_out();
}

static void on_call(unsigned int vcpu, void *udata)
{
	prof_call(&prof, (uint64_t)(uintptr_t)udata, prof.total);
}

static void on_translate(plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	uint64_t r0 = 0; /* SH: where the last mova in the block points */

	qemu_plugin_register_vcpu_tb_exec_cb(
		tb, on_block, PLUGIN_CB_NO_REGS,
		(void *)(uintptr_t)qemu_plugin_tb_vaddr(tb));
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t addr = qemu_plugin_insn_vaddr(insn);
		const uint8_t *code = qemu_plugin_insn_data(insn);
		size_t len = qemu_plugin_insn_size(insn);
		uint64_t ret = call_return_offset(guest, code, len);

		if (ret)
			ret += addr;
		if (guest == GUEST_SH4 && !ret && i + 1 < n) {
			struct qemu_plugin_insn *next =
				qemu_plugin_tb_get_insn(tb, i + 1);

			sh_mova_r0(addr, code, len, &r0);
			if (r0 && sh_jmp_sets_pr(code, len,
						 qemu_plugin_insn_data(next),
						 qemu_plugin_insn_size(next)))
				ret = r0;
		}

		qemu_plugin_register_vcpu_insn_exec_inline(
			insn, PLUGIN_INLINE_ADD_U64, prof_counter(&prof, addr),
			1);
		qemu_plugin_register_vcpu_insn_exec_inline(
			insn, PLUGIN_INLINE_ADD_U64, &prof.total, 1);
		if (ret)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_call, PLUGIN_CB_NO_REGS,
				(void *)(uintptr_t)ret);
	}
}

static void on_qemu_exit(plugin_id_t id, void *unused)
{
	write_out();
}

/* The value of "key=value" in argv, or NULL. */
static const char *arg(int argc, char **argv, const char *key)
{
	size_t n = strlen(key);

	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

PLUGIN_EXPORT int qemu_plugin_install(plugin_id_t id,
				      const struct plugin_info *info, int argc,
				      char **argv)
{
	const char *sym_path = arg(argc, argv, "syms");
	const char *mark = arg(argc, argv, "mark");
	const char *err;
	FILE *f;
	int r;

	out_path = arg(argc, argv, "out");
	if (!sym_path || !out_path) {
		say("qemu-profile: needs %s\n", "syms=FILE and out=FILE");
		return -1;
	}
	if (!strcmp(info->target_name, "sh4")) {
		guest = GUEST_SH4;
	} else if (!strcmp(info->target_name, "x86_64")) {
		guest = GUEST_X86_64;
	} else {
		say("qemu-profile: no support for %s\n", info->target_name);
		return -1;
	}
	/* One shadow stack and plain (not atomic) counters: one CPU. */
	if (info->system_emulation && info->system.max_vcpus > 1) {
		say("qemu-profile: profiles one CPU only (%s)\n", "-smp 1");
		return -1;
	}
	f = fopen(sym_path, "r");
	if (!f) {
		say("qemu-profile: cannot read %s\n", sym_path);
		return -1;
	}
	if (symtab_read(&syms, f, &err)) {
		fclose(f);
		say("qemu-profile: %s\n", err);
		return -1;
	}
	fclose(f);
	mark = mark ? mark : "shell_run_line";
	r = prof_init(&prof, &syms, mark, guest == GUEST_SH4 ? 2 : 1);
	if (r) {
		say(r == -1 ? "qemu-profile: no function %s in the symbol map\n"
			    : "qemu-profile: no memory (%s)\n",
		    mark);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
	return 0;
}
