/* symtab.c - the kernel's functions from its symbol map; lookups by address. */
#include "symtab.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static bool is_text(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

static int by_start(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* Sized first, then names not starting with '_': the one kept. */
	if (x->sized != y->sized)
		return x->sized ? -1 : 1;
	return (x->name[0] == '_') - (y->name[0] == '_');
}

/* Parse "ADDR [SIZE] TYPE NAME"; 1 if it is a text symbol, 0 if another
 * kind, -1 if the line is not nm output. */
static int parse_line(char *line, struct sym *s)
{
	char *w[4], *save = NULL;
	int n = 0;
	char *end;

	for (char *t = strtok_r(line, " \t\n", &save); t;
	     t = strtok_r(NULL, " \t\n", &save)) {
		if (n == 4)
			return -1;
		w[n++] = t;
	}
	if (n < 3)
		return -1;
	s->start = strtoull(w[0], &end, 16);
	if (*end || strlen(w[n - 2]) != 1)
		return -1;
	s->sized = n == 4;
	s->end = 0;
	if (s->sized) {
		s->end = strtoull(w[1], &end, 16);
		if (*end)
			return -1;
		s->end += s->start;
	}
	if (!is_text(w[n - 2][0]))
		return 0;
	s->name = strdup(w[n - 1]);
	return s->name ? 1 : -1;
}

int symtab_read(struct symtab *st, FILE *f, const char **err)
{
	char line[512];
	size_t cap = 0, n = 0, kept = 0;
	struct sym *v = NULL, s;

	*err = NULL;
	while (fgets(line, sizeof(line), f)) {
		int r = parse_line(line, &s);

		if (r < 0) {
			*err = "a line that is not nm -n -S output";
			break;
		}
		if (!r)
			continue;
		if (n == cap) {
			struct sym *nv;

			cap = cap ? 2 * cap : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(s.name);
				*err = "out of memory";
				break;
			}
			v = nv;
		}
		v[n++] = s;
	}
	if (*err) {
		for (size_t i = 0; i < n; i++)
			free(v[i].name);
		free(v);
		return -1;
	}
	qsort(v, n, sizeof(*v), by_start);
	/* Drop duplicates of one address and labels inside sized functions;
	 * give each sizeless symbol the room up to the next one. */
	for (size_t i = 0; i < n; i++) {
		if (kept &&
		    (v[kept - 1].start == v[i].start ||
		     (v[kept - 1].sized && v[i].start < v[kept - 1].end))) {
			free(v[i].name);
			continue;
		}
		v[kept++] = v[i];
	}
	for (size_t i = 0; i < kept; i++) {
		if (v[i].sized) {
			if (i + 1 < kept && v[i].end > v[i + 1].start)
				v[i].end = v[i + 1].start;
		} else {
			v[i].end = i + 1 < kept ? v[i + 1].start : v[i].start;
		}
	}
	st->syms = v;
	st->n = kept;
	return 0;
}

long symtab_find(const struct symtab *st, uint64_t addr)
{
	size_t lo = 0, hi = st->n; /* the answer is below hi */

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->syms[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || addr >= st->syms[lo - 1].end)
		return -1;
	return (long)(lo - 1);
}

void symtab_free(struct symtab *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->syms[i].name);
	free(st->syms);
	st->syms = NULL;
	st->n = 0;
}
