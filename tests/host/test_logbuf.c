/* test_logbuf.c - host tests for the kernel log ring (kernel/logbuf.c). */
#include "test.h"

TEST(log_ring_reads_and_wraps)
{
	char line[32], buf[64];
	unsigned long pos = log_end(), start = pos, first;
	size_t n;

	log_store("one\n", 4);
	log_store("two\n", 4);
	CHECK_EQ(log_end() - start, 8);
	CHECK_EQ(log_read(&pos, buf, 5), 5);
	CHECK(!memcmp(buf, "one\nt", 5));
	CHECK_EQ(log_read(&pos, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "wo\n", 3));
	CHECK_EQ(log_read(&pos, buf, sizeof(buf)), 0);

	/* Lap the ring twice: the old position moves on to a whole line. */
	for (int i = 0; i < (int)(2 * LOG_BUF_SIZE / 10); i++) {
		snprintf(line, sizeof(line), "line %04d\n", i % 10000);
		log_store(line, 10);
	}
	first = log_first();
	CHECK_EQ(log_end() - first, LOG_BUF_SIZE);
	n = log_read(&pos, buf, 25);
	CHECK(n > 0 && n < 25);
	CHECK(!memcmp(buf, "line ", 5));
	CHECK_EQ(buf[9], '\n');
	/* Dropped no more than the broken line. */
	CHECK(pos - first <= 25);
}
