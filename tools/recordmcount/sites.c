/*
 * sites.c - recordmcount's search for call sites: every relocation in a
 * text section that refers to mcount, turned into a site by the object's
 * machine (x86_64.c, sh.c), sorted, and checked for doubles.
 */

#include <stdlib.h>
#include <string.h>

#include "recordmcount.h"

static int is_mcount_name(const struct elf *e, const char *name)
{
	return strcmp(name, "mcount") == 0 ||
	       strcmp(name, e->mach->alt_mcount) == 0;
}

static void add_site(struct site_list *l, uint64_t sec, uint64_t off)
{
	if (l->n == l->cap) {
		struct site *v;

		l->cap = l->cap ? l->cap * 2 : 64;
		v = realloc(l->v, (size_t)(l->cap * sizeof(*v)));
		if (!v)
			fail("out of memory");
		l->v = v;
	}
	l->v[l->n].sec = sec;
	l->v[l->n].off = off;
	l->n++;
}

/* Turn one mcount relocation in text section ti into a call site. */
static void add_mcount_rel(const struct elf *e, struct site_list *l,
			   uint64_t ti, const struct rel *r)
{
	const struct sec *ts = &e->sh[ti];
	const char *tname = sec_name(e, ti);
	unsigned long long off = (unsigned long long)r->offset;
	uint64_t site;

	if (ts->type == SHT_NOBITS)
		fail("%s: mcount relocation in a section with no data", tname);
	/* Both arches relocate a 4-byte field at r_offset. */
	if (!in_bounds(r->offset, 4, ts->size))
		fail("%s+0x%llx: mcount relocation outside its section", tname,
		     off);

	if (e->mach->site_of(e, ts, tname, r, &site))
		add_site(l, ti, site);
}

static int site_cmp(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

void find_sites(struct elf *e, struct site_list *l)
{
	uint64_t ri, i, n;

	for (ri = 1; ri < e->shnum; ri++) {
		const struct sec *rs = &e->sh[ri];
		uint64_t ti = rs->info;

		if (rs->type != SHT_REL && rs->type != SHT_RELA)
			continue;
		if (ti >= e->shnum)
			fail("relocation section %s: target section %llu out "
			     "of range",
			     sec_name(e, ri), (unsigned long long)ti);
		if (ti == 0 || !(e->sh[ti].flags & SHF_EXECINSTR))
			continue;
		n = check_relsec(e, ri);
		for (i = 0; i < n; i++) {
			struct rel r;
			struct sym sym;

			read_rel(e, rs, i, &r);
			if (r.sym >= e->nsyms)
				fail("symbol index %llu out of range in %s "
				     "(entry %llu)",
				     (unsigned long long)r.sym, sec_name(e, ri),
				     (unsigned long long)i);
			if (!e->mach->candidate_type(r.type) || r.sym == 0)
				continue;
			read_sym(e, r.sym, &sym);
			if (!is_mcount_name(e, sym_name(e, &sym)))
				continue;
			add_mcount_rel(e, l, ti, &r);
		}
	}
	/* qsort wants a valid pointer even for 0 elements. */
	if (l->n)
		qsort(l->v, (size_t)l->n, sizeof(*l->v), site_cmp);
	for (i = 1; i < l->n; i++)
		if (site_cmp(&l->v[i - 1], &l->v[i]) == 0)
			fail("%s+0x%llx: two mcount relocations for one site",
			     sec_name(e, l->v[i].sec),
			     (unsigned long long)l->v[i].off);
}
