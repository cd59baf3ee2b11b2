/* sample.c - recordmcount fixture: traced and notrace functions, static,
 * global and weak, spread over three text sections. */

/* Functions named notrace_* are built without an mcount call; run.sh
 * relies on that prefix to count the ones that must have one. */
#define notrace __attribute__((no_instrument_function))
#define noinline __attribute__((noinline))

int sample_sink;

static noinline int traced_static_a(int x)
{
	sample_sink += x;
	return x * 3;
}

static noinline int traced_static_b(int x)
{
	return traced_static_a(x) + 7;
}

noinline int traced_global_add(int a, int b)
{
	return traced_static_b(a) + b;
}

noinline int traced_global_loop(int n)
{
	int s = 0;

	for (int i = 0; i < n; i++)
		s += traced_static_a(i);
	return s;
}

notrace noinline int notrace_global(int x)
{
	return x ^ 0x55;
}

static notrace noinline int notrace_static(int x)
{
	return traced_global_add(x, 1);
}

/* "cold" puts it in .text.unlikely: a second text section. */
__attribute__((cold)) noinline int traced_cold(int x)
{
	sample_sink = x;
	return -1;
}

/* A third text section, by name. */
__attribute__((section(".text.extra"))) noinline int traced_extra(int x)
{
	return x + notrace_static(x);
}

__attribute__((weak)) noinline int traced_weak(int x)
{
	return x - 1;
}

int traced_entry(int x)
{
	return traced_global_loop(x) + traced_cold(x) + traced_extra(x) +
	       traced_weak(x) + notrace_global(x);
}
