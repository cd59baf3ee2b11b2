/* vsprintf.c - vsnprintf and snprintf, the formatting under all output. */

/*
 * notrace throughout (and the file is built without -pg): the tracers
 * format their output through here while tracing may be on.
 *
 * 64-bit numbers are taken apart with 32-bit divisions by constants and
 * with shifts only, so the SH-4 build needs no libgcc helpers.
 */
#include "compiler.h"
#include "printk.h"
#include "types.h"

#define F_LEFT 0x01 /* '-': pad on the right */
#define F_ZERO 0x02 /* '0': pad numbers with zeros */
#define F_PLUS 0x04 /* '+': always print a sign */
#define F_SPACE 0x08 /* ' ': a space where '+' would be */
#define F_ALT 0x10 /* '#': 0x before hex, a leading 0 for octal */
#define F_UPPER 0x20 /* %X */
#define F_SIGNED 0x40 /* the conversion is signed */
#define F_PTR 0x80 /* %p: 0x even before a zero */

/* Where the characters go; counts everything, stores what fits. */
struct sink {
	char *buf;
	size_t size;
	size_t pos;
};

struct spec {
	unsigned flags;
	int width;
	int prec; /* -1 when none was given */
	unsigned base;
};

static notrace void put(struct sink *s, char c)
{
	if (s->pos + 1 < s->size)
		s->buf[s->pos] = c;
	s->pos++;
}

static notrace void put_n(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* n = n / 10, returning the remainder. */
static notrace unsigned div10(unsigned long long *n)
{
	u32 hi = (u32)(*n >> 32), lo = (u32)*n;
	u32 qh, ql, c, r;

	if (!hi) {
		*n = lo / 10;
		return lo % 10;
	}
	qh = hi / 10;
	r = hi % 10;
	/* Long division of r:lo, 16 bits at a time, so nothing overflows. */
	c = (r << 16) | (lo >> 16);
	ql = c / 10;
	r = c % 10;
	c = (r << 16) | (lo & 0xffff);
	ql = (ql << 16) | (c / 10);
	r = c % 10;
	*n = ((unsigned long long)qh << 32) | ql;
	return r;
}

/* Digits of v in base, least significant first; returns the count. */
static notrace int to_digits(unsigned long long v, unsigned base, bool upper,
			     char *tmp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		if (base == 10) {
			tmp[n++] = digits[div10(&v)];
		} else if (base == 16) {
			tmp[n++] = digits[v & 15];
			v >>= 4;
		} else {
			tmp[n++] = digits[v & 7];
			v >>= 3;
		}
	} while (v);
	return n;
}

static notrace void put_number(struct sink *s, unsigned long long v, bool neg,
			       const struct spec *sp)
{
	char tmp[24];
	char sign = 0;
	const char *prefix = "";
	int ndig, zeros = 0, total, pad;

	ndig = to_digits(v, sp->base, sp->flags & F_UPPER, tmp);
	/* C says: a zero with precision 0 prints no digits at all. */
	if (sp->prec == 0 && v == 0)
		ndig = 0;
	if (sp->prec > ndig)
		zeros = sp->prec - ndig;

	if (sp->flags & F_SIGNED) {
		if (neg)
			sign = '-';
		else if (sp->flags & F_PLUS)
			sign = '+';
		else if (sp->flags & F_SPACE)
			sign = ' ';
	}
	if (sp->flags & F_ALT) {
		if (sp->base == 16 && (v || (sp->flags & F_PTR)))
			prefix = sp->flags & F_UPPER ? "0X" : "0x";
		else if (sp->base == 8 && !zeros && (ndig == 0 || v))
			zeros = 1;
	}

	total = (sign ? 1 : 0) + (int)(prefix[0] ? 2 : 0) + zeros + ndig;
	pad = sp->width > total ? sp->width - total : 0;
	/* A precision turns the '0' flag off, as in C. */
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		put_n(s, ' ', pad);
	if (sign)
		put(s, sign);
	for (; *prefix; prefix++)
		put(s, *prefix);
	put_n(s, '0', zeros);
	while (ndig > 0)
		put(s, tmp[--ndig]);
	if (sp->flags & F_LEFT)
		put_n(s, ' ', pad);
}

static notrace void put_string(struct sink *s, const char *str,
			       const struct spec *sp)
{
	int len = 0, pad;

	if (!str)
		str = "(null)";
	while (str[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	pad = sp->width > len ? sp->width - len : 0;
	if (!(sp->flags & F_LEFT))
		put_n(s, ' ', pad);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->flags & F_LEFT)
		put_n(s, ' ', pad);
}

static notrace int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		/* Saturate rather than overflow on absurd widths. */
		if (v < 100000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

enum length { LEN_HH, LEN_H, LEN_NONE, LEN_L, LEN_LL, LEN_Z };

static notrace unsigned long long get_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static notrace long long get_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return va_arg(*ap, ssize_t);
	default:
		return va_arg(*ap, int);
	}
}

notrace int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	va_list args;

	/* A copy we can pass by pointer, portable to every va_list ABI. */
	va_copy(args, ap);
	while (*fmt) {
		struct spec sp = { 0, 0, -1, 10 };
		enum length len = LEN_NONE;
		const char *start = fmt;

		if (*fmt != '%') {
			put(&s, *fmt++);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else
				break;
		}

		if (*fmt == '*') {
			sp.width = va_arg(args, int);
			if (sp.width < 0) {
				sp.flags |= F_LEFT;
				/* Clamped, as -INT_MIN does not exist. */
				sp.width = sp.width < -100000 ? 100000
							      : -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_int(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(args, int);
				if (sp.prec < 0)
					sp.prec = -1;
				fmt++;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}

		if (*fmt == 'h') {
			len = LEN_H;
			if (*++fmt == 'h') {
				len = LEN_HH;
				fmt++;
			}
		} else if (*fmt == 'l') {
			len = LEN_L;
			if (*++fmt == 'l') {
				len = LEN_LL;
				fmt++;
			}
		} else if (*fmt == 'z') {
			len = LEN_Z;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = get_signed(&args, len);
			unsigned long long mag =
				v < 0 ? 0 - (unsigned long long)v
				      : (unsigned long long)v;

			sp.flags |= F_SIGNED;
			put_number(&s, mag, v < 0, &sp);
			break;
		}
		case 'u':
			put_number(&s, get_unsigned(&args, len), false, &sp);
			break;
		case 'X':
			sp.flags |= F_UPPER;
			/* fall through */
		case 'x':
			sp.base = 16;
			put_number(&s, get_unsigned(&args, len), false, &sp);
			break;
		case 'o':
			sp.base = 8;
			put_number(&s, get_unsigned(&args, len), false, &sp);
			break;
		case 'p':
			/* Every pointer the same width, so columns line up. */
			sp.base = 16;
			sp.flags |= F_ALT | F_PTR;
			sp.flags &= ~F_ZERO;
			sp.prec = (int)sizeof(void *) * 2;
			put_number(&s, (uintptr_t)va_arg(args, void *), false,
				   &sp);
			break;
		case 'c': {
			char c = (char)va_arg(args, int);
			int pad = sp.width > 1 ? sp.width - 1 : 0;

			if (!(sp.flags & F_LEFT))
				put_n(&s, ' ', pad);
			put(&s, c);
			if (sp.flags & F_LEFT)
				put_n(&s, ' ', pad);
			break;
		}
		case 's':
			put_string(&s, va_arg(args, const char *), &sp);
			break;
		case '%':
			put(&s, '%');
			break;
		case '\0':
			/* A lone '%' at the end: show what was written. */
			while (start < fmt)
				put(&s, *start++);
			continue;
		default:
			/* Unknown conversion: print it as it stands. */
			while (start <= fmt)
				put(&s, *start++);
			break;
		}
		fmt++;
	}
	va_end(args);

	if (size)
		buf[s.pos < size ? s.pos : size - 1] = '\0';
	return (int)s.pos;
}

notrace int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
