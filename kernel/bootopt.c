/*
 * bootopt.c - the boot option table: the command line is read once, word
 * by word, and each word goes to the file that registered its name with
 * BOOT_OPTION. No other code parses the command line.
 */
#include "bootopt.h"
#include "kstring.h"
#include "printk.h"

extern const struct boot_option __boot_options_start[], __boot_options_end[];

static const struct boot_option *find_option(const char *name, size_t len)
{
	for (const struct boot_option *o = __boot_options_start;
	     o < __boot_options_end; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	return NULL;
}

static void apply_word(const char *w, size_t len)
{
	char value[BOOTOPT_VALUE_MAX + 1];
	size_t nlen = 0, vlen;
	const struct boot_option *o;

	while (nlen < len && w[nlen] != '=')
		nlen++;
	vlen = nlen < len ? len - nlen - 1 : 0;
	o = find_option(w, nlen);

	if (!o) {
		printk("boot: unknown option '%.*s' ignored\n", (int)len, w);
		return;
	}
	if (vlen > BOOTOPT_VALUE_MAX) {
		printk("boot: %s: value longer than %d characters ignored\n",
		       o->name, BOOTOPT_VALUE_MAX);
		return;
	}
	memcpy(value, w + nlen + 1, vlen);
	value[vlen] = 0;
	if (o->set(value))
		printk("boot: %s=%s: bad value ignored (%s)\n", o->name, value,
		       o->help);
}

void bootopt_parse(const char *cmdline)
{
	const char *p = cmdline;
	bool first = true;

	while (*p) {
		const char *w;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (!(first && *w == '/'))
			apply_word(w, (size_t)(p - w));
		first = false;
	}
}
