/*
 * gcc-sh-treg-plugin.cc - a GCC plugin for the SH-4 build that switches
 * off gcc's SH-only RTL passes sh_treg_combine2 and sh_treg_combine3.
 *
 * Why: in Debian's sh4-linux-gnu-gcc 12.2, config/sh/sh_treg_combine.cc
 * declares t_reg_operand() and negt_reg_operand() as returning int, but
 * they are defined as returning bool. The x86-64 cc1 returns a bool in
 * %al and leaves the rest of %eax undefined, while the caller tests all
 * of %eax; so the pass takes ordinary loads, ors, shifts and adds for
 * stores of the T bit and deletes the tst before a conditional branch,
 * which then tests a stale T. Every -O level above 0 runs the pass, and
 * no command-line switch reaches it: the back end registers it after the
 * options are read, so -fdisable-rtl-sh_treg_combine2 is refused.
 *
 * The passes only optimise, so gating them off costs a few instructions
 * and changes nothing else. PLUGIN_OVERRIDE_GATE is asked about every
 * pass before it runs; this plugin answers "no" for those two.
 *
 * It fails loudly: when a unit starts and either pass is not registered
 * (a later gcc renamed or dropped them) it stops the compilation with an
 * error, so no object is ever built with the passes running unnoticed.
 * It must be built against the plugin headers of the very gcc that loads
 * it (gcc refuses a plugin built for another version).
 *
 *   g++ -shared -fPIC -fno-rtti -I$(sh4-linux-gnu-gcc
 *       -print-file-name=plugin)/include -o sh-treg.so gcc-sh-treg-plugin.cc
 *   sh4-linux-gnu-gcc -fplugin=./sh-treg.so ...
 */
#include "gcc-plugin.h"
#include "plugin-version.h"
#include "context.h"
#include "tree-pass.h"
#include "pass_manager.h"
#include "diagnostic-core.h"

int plugin_is_GPL_compatible;

/*
 * The passes to switch off, looked up once when the first unit starts,
 * by the names their dump switches have (-fdump-rtl-sh_treg_combine2).
 */
static const char *const gated_names[] = { "rtl-sh_treg_combine2",
					   "rtl-sh_treg_combine3" };
#define N_GATED (sizeof(gated_names) / sizeof(gated_names[0]))
static opt_pass *gated[N_GATED];

static void find_passes(void *gcc_data, void *user_data)
{
	(void)gcc_data;
	(void)user_data;
	for (unsigned i = 0; i < N_GATED; i++) {
		if (gated[i])
			continue;
		gated[i] = g->get_passes()->get_pass_by_name(gated_names[i]);
		if (!gated[i])
			fatal_error(UNKNOWN_LOCATION,
				    "sh-treg plugin: this gcc has no pass "
				    "%qs; check whether its %<sh_treg_combine%> "
				    "bug is fixed and update "
				    "%<tools/gcc-sh-treg-plugin.cc%>",
				    gated_names[i]);
	}
}

static void override_gate(void *gcc_data, void *user_data)
{
	bool *run = (bool *)gcc_data;

	(void)user_data;
	for (unsigned i = 0; i < N_GATED; i++)
		if (current_pass == gated[i])
			*run = false;
}

int plugin_init(struct plugin_name_args *info,
		struct plugin_gcc_version *version)
{
	if (!plugin_default_version_check(version, &gcc_version)) {
		error("sh-treg plugin: built against the headers of another "
		      "gcc than this %s (version or configuration differ); "
		      "rebuild it",
		      version->basever);
		return 1;
	}
	register_callback(info->base_name, PLUGIN_START_UNIT, find_passes,
			  NULL);
	register_callback(info->base_name, PLUGIN_OVERRIDE_GATE, override_gate,
			  NULL);
	return 0;
}
