/*
 * logbuf.c - the kernel log ring: every printk's text, kept for dmesg and
 * /proc/kmsg. Pure memory and atomics, so any context can store into it.
 */
#include "kstring.h"
#include "printk.h"
#include "types.h"

/*
 * The ring holds LOG_BUF_SIZE bytes, positions counted in bytes since boot
 * (they wrap with unsigned long; only differences are compared). Writers
 * take no lock of their own, so a printk from an NMI, a trap or with the
 * console lock held can always store: each reserves its bytes with one
 * atomic add on log_next, copies them, and the last writer to finish
 * publishes log_head, the end readers may read to. Normal printks are
 * ordered by the console lock anyway; only a CPU that timed out waiting
 * for it can write beside another.
 */
static char log_buf[LOG_BUF_SIZE];
static unsigned long log_next; /* reserved up to here */
static unsigned long log_head; /* written and published up to here */
static unsigned log_writers; /* between reserving and publishing */
static bool log_filled; /* the ring has gone round at least once */

/* a is before b (positions wrap). */
static bool log_before(unsigned long a, unsigned long b)
{
	return (long)(a - b) < 0;
}

void log_store(const char *s, size_t n)
{
	unsigned long at, end, old;

	__atomic_add_fetch(&log_writers, 1, __ATOMIC_SEQ_CST);
	at = __atomic_fetch_add(&log_next, n, __ATOMIC_SEQ_CST);
	for (size_t i = 0; i < n; i++)
		log_buf[(at + i) & (LOG_BUF_SIZE - 1)] = s[i];
	/*
	 * Everyone who reserved before this load has either finished or is
	 * still counted in log_writers; so when the count drops to 0, all
	 * bytes up to end are written. Publish end unless a later writer
	 * already published further.
	 */
	end = __atomic_load_n(&log_next, __ATOMIC_SEQ_CST);
	if (__atomic_sub_fetch(&log_writers, 1, __ATOMIC_SEQ_CST))
		return;
	if (end >= LOG_BUF_SIZE)
		__atomic_store_n(&log_filled, true, __ATOMIC_RELEASE);
	old = __atomic_load_n(&log_head, __ATOMIC_RELAXED);
	while (log_before(old, end) &&
	       !__atomic_compare_exchange_n(&log_head, &old, end, false,
					    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		;
}

unsigned long log_end(void)
{
	return __atomic_load_n(&log_head, __ATOMIC_ACQUIRE);
}

/* The oldest position the ring still holds, for a given end. */
static unsigned long log_oldest(unsigned long end)
{
	return __atomic_load_n(&log_filled, __ATOMIC_ACQUIRE)
		       ? end - LOG_BUF_SIZE
		       : 0;
}

unsigned long log_first(void)
{
	return log_oldest(log_end());
}

size_t log_read(unsigned long *pos, char *buf, size_t len)
{
	bool resync = false;

	for (;;) {
		unsigned long end = log_end(), p = *pos, next;
		size_t n, skip = 0;

		if (log_before(p, log_oldest(end))) {
			p = log_oldest(end);
			resync = true;
		}
		n = MIN(len, (size_t)(end - p));
		for (size_t i = 0; i < n; i++)
			buf[i] = log_buf[(p + i) & (LOG_BUF_SIZE - 1)];
		/* A writer overwrites as soon as it reserves: were we lapped? */
		next = __atomic_load_n(&log_next, __ATOMIC_ACQUIRE);
		if (log_before(p, next - LOG_BUF_SIZE))
			continue;
		if (resync && n) {
			/* Resume at a whole line: drop the broken one. */
			while (skip < n && buf[skip++] != '\n')
				;
			resync = buf[skip - 1] != '\n';
			memmove(buf, buf + skip, n - skip);
		}
		*pos = p + n;
		if (n && n == skip && *pos != end)
			continue; /* that was all broken line: read on */
		return n - skip;
	}
}
