/*
 * kmsg.c - the kernel log for the console: /proc/kmsg, a consuming read
 * that waits for new printk lines (as on Linux, what one reader took the
 * next does not see again), and dmesg, which prints what the ring holds.
 */
#include "fs.h"
#include "mutex.h"
#include "printk.h"
#include "sched.h"
#include "shell.h"

#define DMESG_CHUNK 256

static struct mutex kmsg_lock = MUTEX_INIT("kmsg");
static unsigned long kmsg_pos; /* what /proc/kmsg has handed out */

static bool kmsg_ready(void *unused)
{
	return READ_ONCE(kmsg_pos) != log_end();
}

/* Return what is new at once; with nothing new, wait (Ctrl-C ends it). */
static ssize_t kmsg_read(struct fs_file *f, char *buf, size_t len, u64 *pos)
{
	size_t n;
	int r;

	for (;;) {
		mutex_lock(&kmsg_lock);
		n = log_read(&kmsg_pos, buf, len);
		mutex_unlock(&kmsg_lock);
		if (n) {
			*pos += n;
			return (ssize_t)n;
		}
		r = fs_wait_for(f, kmsg_ready, NULL);
		if (r)
			return r;
	}
}

static const struct fs_file_ops kmsg_fops = { .read = kmsg_read };

void kmsg_init(void)
{
	fs_create_file("/proc/kmsg", &kmsg_fops, NULL);
}

/* Up to where the log was when it started: a flood cannot keep it going. */
static int cmd_dmesg(int argc, char **argv)
{
	char buf[DMESG_CHUNK];
	unsigned long pos = log_first(), end = log_end();
	size_t n;

	if (argc > 1) {
		return shell_usage(argv[0]);
	}
	while ((long)(pos - end) < 0 && !signal_pending()) {
		n = log_read(&pos, buf, MIN(sizeof(buf), (size_t)(end - pos)));
		if (!n)
			break;
		console_write(buf, n);
	}
	return 0;
}
static const char dmesg_text[] =
	"Prints what the kernel log ring holds, its latest lines, oldest\n"
	"first, and leaves it as it was; /proc/kmsg, by contrast, hands\n"
	"each line to one reader only.\n";
SHELL_COMMAND_LONG(dmesg, "dmesg", cmd_dmesg, "dmesg",
		   "print the kernel log (its latest lines)", dmesg_text);
