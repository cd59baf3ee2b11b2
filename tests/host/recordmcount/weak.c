/* weak.c - recordmcount fixture whose only text symbols are weak: without
 * -g or unwind tables the assembler then emits no .text section symbol,
 * and recordmcount must add one (a weak symbol may resolve elsewhere). */

__attribute__((weak, noinline)) int weak_one(int x)
{
	return x + 1;
}

__attribute__((weak, noinline)) int weak_two(int x)
{
	return weak_one(x) * 2;
}
