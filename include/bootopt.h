/*
 * bootopt.h - boot options: each file that reads an option from the
 * kernel command line registers it here, next to the code that uses it.
 */
#ifndef BOOTOPT_H
#define BOOTOPT_H

#include "compiler.h"
#include "types.h"

/* The longest value an option may have; a longer one is refused. */
#define BOOTOPT_VALUE_MAX 127

struct boot_option {
	const char *name;
	/*
	 * Called once, early in kmain() (before memory and threads exist),
	 * for each "name=value" or bare "name" on the command line, with
	 * value "" for the bare form. Keep what is needed in static storage:
	 * value does not outlive the call. Return 0, or -EINVAL when the
	 * value is not one the option takes (the boot log then says so).
	 */
	int (*set)(const char *value);
	const char *help; /* "VALUES: what it does", for the boot log */
};

#define BOOT_OPTION(id, nm, fn, hlp)                                         \
	static const struct boot_option __boot_option_##id __used __section( \
		".boot_options") __aligned(sizeof(void *)) = { nm, fn, hlp }

/*
 * Hand every word of the command line to the option it names. An
 * unknown word, a refused value or one longer than BOOTOPT_VALUE_MAX is
 * reported with one boot line each and otherwise ignored. A first word
 * that is a path (QEMU and GRUB put the kernel's own there) is skipped.
 */
void bootopt_parse(const char *cmdline);

#endif
