/*
 * cmdline.c - the kernel command line: the arch hands over what the boot
 * loader left, this file keeps it, and the boot log says so when any of
 * it was lost on the way, by the loader or here.
 */
#include "arch.h"
#include "kstring.h"
#include "printk.h"

#define CUT_SHOWN 48 /* bytes of lost text quoted in the boot log */
#define LOG_PIECE 400 /* the command line is logged in pieces this long */

char boot_cmdline[BOOT_CMDLINE_MAX];
static size_t cmdline_len, lost_len; /* lost here, beyond the buffer */
/* The two ends of what was lost (the loader's memory may be reused before
 * it is logged), and whether anything lies between them. */
static char lost_text[CUT_SHOWN + 1];
static bool lost_middle;
static size_t loader_cut; /* the loader's size, when the line fills it */

void boot_cmdline_set(const char *src, size_t loader_max)
{
	size_t n = 0;

	while (n < loader_max && src[n])
		n++;
	cmdline_len = MIN(n, (size_t)BOOT_CMDLINE_MAX - 1);
	memcpy(boot_cmdline, src, cmdline_len);
	boot_cmdline[cmdline_len] = 0;
	lost_len = n - cmdline_len;
	if (lost_len <= CUT_SHOWN) {
		memcpy(lost_text, src + cmdline_len, lost_len);
	} else {
		memcpy(lost_text, src + cmdline_len, CUT_SHOWN / 2);
		memcpy(lost_text + CUT_SHOWN / 2, src + n - CUT_SHOWN / 2,
		       CUT_SHOWN / 2);
		lost_middle = true;
	}
	loader_cut = n == loader_max ? loader_max : 0;
}

void boot_cmdline_print(void)
{
	size_t off = 0, tail = MIN(cmdline_len, (size_t)CUT_SHOWN);
	int head = lost_middle ? CUT_SHOWN / 2 : CUT_SHOWN;

	do {
		size_t piece = MIN(cmdline_len - off, (size_t)LOG_PIECE);
		printk("%s%.*s\n",
		       off ? "  ... " : "Command line: ", (int)piece,
		       boot_cmdline + off);
		off += piece;
	} while (off < cmdline_len);
	if (lost_len)
		printk("Command line cut: kept the first %zu of %zu bytes, "
		       "lost '%.*s%s%s'\n",
		       cmdline_len, cmdline_len + lost_len, head, lost_text,
		       lost_middle ? " ... " : "",
		       lost_middle ? lost_text + head : "");
	else if (loader_cut)
		printk("Command line cut: the boot loader passes at most %zu "
		       "bytes and this one fills them: what followed '%s' was "
		       "lost\n",
		       loader_cut, boot_cmdline + cmdline_len - tail);
}
