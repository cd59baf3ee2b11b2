/*
 * output.c - recordmcount's writer: the input's bytes left exactly where
 * they were, followed by the new __mcount_loc section and its
 * relocations, a longer copy of the section name table and a new section
 * header table; only a few ELF header fields change. The file is written
 * to OUT.tmp and renamed, so a failed run leaves no partial OUT behind.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "recordmcount.h"

/* ---- growable output buffer -------------------------------------------- */

struct outbuf {
	unsigned char *buf;
	uint64_t len;
	uint64_t cap;
};

/* Make room for len more bytes and return where they go (zeroed). */
static unsigned char *out_grow(struct outbuf *o, uint64_t len)
{
	unsigned char *p;

	if (len > UINT64_MAX / 2 - o->len)
		fail("output too large");
	if (o->len + len > o->cap) {
		uint64_t cap = o->cap ? o->cap : 4096;

		while (cap < o->len + len)
			cap *= 2;
		if (cap > SIZE_MAX)
			fail("out of memory");
		p = realloc(o->buf, (size_t)cap);
		if (!p)
			fail("out of memory");
		o->buf = p;
		o->cap = cap;
	}
	p = o->buf + o->len;
	memset(p, 0, (size_t)len);
	o->len += len;
	return p;
}

/* Pad with zeros to a multiple of align and return the new length. */
static uint64_t out_align(struct outbuf *o, uint64_t align)
{
	if (align > 1 && o->len % align)
		out_grow(o, align - o->len % align);
	return o->len;
}

static void out_put(struct outbuf *o, const void *data, uint64_t len)
{
	if (len)
		memcpy(out_grow(o, len), data, (size_t)len);
}

/* ---- choosing what the new relocations point at ------------------------- */

/*
 * Each entry is "text section's final address + site offset". The natural
 * symbol for that is the section's STT_SECTION symbol. GNU as leaves it
 * out when nothing else refers to the section (x86_64 without -g or unwind
 * tables), so fall back to a non-weak symbol defined in the section: its
 * value is a fixed offset in this object's copy. A weak symbol will not
 * do, since the link may resolve it to another object's definition. With
 * neither, a section symbol is added to the symbol table (grow_symtab).
 */
struct base {
	uint64_t sec; /* text section */
	uint64_t sym; /* symbol index; 0: add a section symbol */
	uint64_t value; /* its st_value, subtracted from the addend */
};

static void find_base(const struct elf *e, uint64_t sec, struct base *b)
{
	uint64_t i, local = 0, global = 0;
	uint64_t local_val = 0, global_val = 0;

	b->sec = sec;
	b->sym = 0;
	b->value = 0;
	for (i = 1; i < e->nsyms; i++) {
		struct sym sym;
		unsigned int bind, type;

		read_sym(e, i, &sym);
		if (sym_section(e, i, &sym) != sec)
			continue;
		bind = ELF64_ST_BIND(sym.info);
		type = ELF64_ST_TYPE(sym.info);
		if (type == STT_SECTION && bind == STB_LOCAL) {
			b->sym = i;
			b->value = sym.value;
			return;
		}
		if (type != STT_FUNC && type != STT_NOTYPE &&
		    type != STT_OBJECT)
			continue;
		if (bind == STB_LOCAL && !local) {
			local = i;
			local_val = sym.value;
		} else if (bind == STB_GLOBAL && !global) {
			global = i;
			global_val = sym.value;
		}
	}
	if (local) {
		b->sym = local;
		b->value = local_val;
	} else if (global) {
		b->sym = global;
		b->value = global_val;
	}
}

/* ---- writing the new object ------------------------------------------- */

void write_file(const char *path, const unsigned char *buf, uint64_t len)
{
	size_t plen = strlen(path);
	int fd;
	uint64_t done = 0;

	err_name = path;
	tmp_path = xcalloc(plen + 5, 1);
	memcpy(tmp_path, path, plen);
	memcpy(tmp_path + plen, ".tmp", 5);
	fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0) {
		int err = errno;

		free(tmp_path);
		tmp_path = NULL;
		fail("cannot create %s.tmp: %s", path, strerror(err));
	}
	while (done < len) {
		ssize_t n = write(fd, buf + done, (size_t)(len - done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			fail("write failed: %s", strerror(errno));
		}
		done += (uint64_t)n;
	}
	if (close(fd) != 0)
		fail("write failed: %s", strerror(errno));
	if (rename(tmp_path, path) != 0)
		fail("cannot rename %s.tmp: %s", path, strerror(errno));
	free(tmp_path);
	tmp_path = NULL;
}

/* Encode one symbol table entry for a new local section symbol. */
static void put_section_sym(const struct elf *e, unsigned char *p, uint64_t sec)
{
	if (sec >= SHN_LORESERVE)
		fail("text section index %llu too large for a symbol",
		     (unsigned long long)sec);
	/* Name 0, value 0, size 0: only info and shndx are non-zero. */
	if (e->is64) {
		p[4] = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
		put_n(e, p + 6, sec, 2);
	} else {
		p[12] = ELF32_ST_INFO(STB_LOCAL, STT_SECTION);
		put_n(e, p + 14, sec, 2);
	}
}

static void put_rela(const struct elf *e, unsigned char *p, uint64_t offset,
		     uint64_t sym, unsigned int type, int64_t addend)
{
	if (e->is64) {
		put_n(e, p, offset, 8);
		put_n(e, p + 8, (sym << 32) | type, 8);
		put_n(e, p + 16, (uint64_t)addend, 8);
	} else {
		put_n(e, p, offset, 4);
		put_n(e, p + 4, (sym << 8) | type, 4);
		put_n(e, p + 8, (uint64_t)addend, 4);
	}
}

/*
 * File alignment for the moved copy of a section. sh_addralign comes from
 * the file, so it is only trusted when it is a sane power of two: a huge
 * value would make us pad the output by that much.
 */
static uint64_t copy_align(const struct elf *e, const struct sec *s)
{
	if (s->align > e->ptr && s->align <= 4096 &&
	    (s->align & (s->align - 1)) == 0)
		return s->align;
	return e->ptr;
}

/*
 * Insert nnew local section symbols in front of the first global symbol.
 * ELF wants all locals before all globals, so the globals move up by nnew
 * and every reference to them must follow: relocation entries, the group
 * signatures and the extended section index table. Those sections get new
 * copies at the end of the file (appended to o), and sh gets their new
 * places.
 */
static void grow_symtab(struct elf *e, struct sec *sh, struct outbuf *o,
			const struct base *bases, uint64_t nbases,
			uint64_t nnew)
{
	const struct sec *st = &e->sh[e->symtab];
	uint64_t first_global = st->info;
	uint64_t esz = e->symentsize;
	uint64_t i, j, k, off;
	unsigned char *p;

	/* Index 0 is the null symbol: the new ones cannot go before it. */
	if (first_global == 0)
		fail("symbol table has no local symbols, not even the null "
		     "one");
	/* ELF32 r_info holds a symbol index in 24 bits. */
	if (!e->is64 && e->nsyms + nnew > 0xffffff)
		fail("too many symbols for ELF32 relocations");

	/* The symbol table itself. */
	off = out_align(o, copy_align(e, st));
	p = out_grow(o, (e->nsyms + nnew) * esz);
	memcpy(p, e->buf + st->offset, (size_t)(first_global * esz));
	for (i = 0, k = 0; i < nbases; i++)
		if (!bases[i].sym)
			put_section_sym(e, p + (first_global + k++) * esz,
					bases[i].sec);
	memcpy(p + (first_global + nnew) * esz,
	       e->buf + st->offset + first_global * esz,
	       (size_t)((e->nsyms - first_global) * esz));
	sh[e->symtab].offset = off;
	sh[e->symtab].size = (e->nsyms + nnew) * esz;
	sh[e->symtab].info = (uint32_t)(first_global + nnew);

	for (j = 1; j < e->shnum; j++) {
		const struct sec *s = &e->sh[j];

		if (s->link != e->symtab)
			continue;
		if (s->type == SHT_GROUP) {
			/* sh_info names the group's signature symbol. */
			if (s->info >= e->nsyms)
				fail("group section %s: symbol index out of "
				     "range",
				     sec_name(e, j));
			if (s->info >= first_global)
				sh[j].info = (uint32_t)(s->info + nnew);
		} else if (s->type == SHT_SYMTAB_SHNDX) {
			/* One word per symbol: zeros for the new ones. */
			if (s->size / 4 < first_global)
				fail("extended section index table too short");
			off = out_align(o, 4);
			p = out_grow(o, s->size + nnew * 4);
			memcpy(p, e->buf + s->offset,
			       (size_t)(first_global * 4));
			memcpy(p + (first_global + nnew) * 4,
			       e->buf + s->offset + first_global * 4,
			       (size_t)(s->size - first_global * 4));
			sh[j].offset = off;
			sh[j].size = s->size + nnew * 4;
		} else if (s->type == SHT_REL || s->type == SHT_RELA) {
			uint64_t n = check_relsec(e, j);

			off = out_align(o, copy_align(e, s));
			p = out_grow(o, s->size);
			memcpy(p, e->buf + s->offset, (size_t)s->size);
			for (i = 0; i < n; i++) {
				struct rel r;
				unsigned char *q = p + i * s->entsize;

				read_rel(e, s, i, &r);
				if (r.sym >= e->nsyms)
					fail("symbol index %llu out of range "
					     "in %s",
					     (unsigned long long)r.sym,
					     sec_name(e, j));
				if (r.sym < first_global)
					continue;
				r.sym += nnew;
				if (e->is64)
					put_n(e, q + 8, (r.sym << 32) | r.type,
					      8);
				else
					put_n(e, q + 4, (r.sym << 8) | r.type,
					      4);
			}
			sh[j].offset = off;
			sh[j].size = s->size;
		}
	}
}

void write_out(struct elf *e, const struct site_list *l, const char *out_path)
{
	struct outbuf o = { 0 };
	struct base *bases;
	struct sec *sh;
	uint64_t nbases = 0, nnew = 0, i, b;
	uint64_t loc_off, rela_off, str_off, shdr_off_new, first_global;
	uint64_t shnum = e->shnum + 2, loc_idx = e->shnum;
	unsigned int rela_size = e->is64 ? sizeof(Elf64_Rela)
					 : sizeof(Elf32_Rela);
	unsigned int rtype = e->mach->loc_rtype;
	const struct sec *oldstr = &e->sh[e->shstrndx];
	unsigned char *p, *loc;

	if (oldstr->size > UINT32_MAX - 64)
		fail("section name table too large");

	/* One base symbol per text section that has sites. */
	bases = xcalloc(l->n, sizeof(*bases));
	for (i = 0; i < l->n; i++) {
		if (nbases && bases[nbases - 1].sec == l->v[i].sec)
			continue;
		find_base(e, l->v[i].sec, &bases[nbases]);
		if (!bases[nbases].sym)
			nnew++;
		nbases++;
	}

	sh = xcalloc(shnum, sizeof(*sh));
	memcpy(sh, e->sh, (size_t)(e->shnum * sizeof(*sh)));
	out_put(&o, e->buf, e->size);

	/* Symbols added in front of the globals get indices from there. */
	first_global = e->sh[e->symtab].info;
	if (nnew) {
		grow_symtab(e, sh, &o, bases, nbases, nnew);
		for (i = 0, b = 0; i < nbases; i++)
			if (!bases[i].sym)
				bases[i].sym = first_global + b++;
			else if (bases[i].sym >= first_global)
				bases[i].sym += nnew;
	}

	/*
	 * Each entry's value is in its RELA entry's addend, and also in the
	 * word itself where the machine's linker adds what is in place
	 * (sh.c says why).
	 */
	loc_off = out_align(&o, e->ptr);
	out_grow(&o, l->n * e->ptr);

	rela_off = out_align(&o, e->ptr);
	p = out_grow(&o, l->n * rela_size);
	/* Only now: growing the buffer may have moved it. */
	loc = o.buf + loc_off;
	for (i = 0, b = 0; i < l->n; i++) {
		int64_t addend;

		if (bases[b].sec != l->v[i].sec)
			b++;
		addend = (int64_t)(l->v[i].off - bases[b].value);
		put_rela(e, p + i * rela_size, i * e->ptr, bases[b].sym, rtype,
			 addend);
		if (e->mach->addend_in_place)
			put_n(e, loc + i * e->ptr, (uint64_t)addend, e->ptr);
	}

	/* The old names, then the two new ones. */
	str_off = o.len;
	out_put(&o, e->buf + oldstr->offset, oldstr->size);
	out_put(&o, MCOUNT_SECTION, sizeof(MCOUNT_SECTION));
	out_put(&o, MCOUNT_RELA, sizeof(MCOUNT_RELA));
	sh[e->shstrndx].offset = str_off;
	sh[e->shstrndx].size =
		oldstr->size + sizeof(MCOUNT_SECTION) + sizeof(MCOUNT_RELA);

	sh[loc_idx] = (struct sec){
		.name = (uint32_t)oldstr->size,
		.type = SHT_PROGBITS,
		.flags = SHF_ALLOC,
		.offset = loc_off,
		.size = l->n * e->ptr,
		.align = e->ptr,
	};
	sh[loc_idx + 1] = (struct sec){
		.name = (uint32_t)(oldstr->size + sizeof(MCOUNT_SECTION)),
		.type = SHT_RELA,
		.flags = SHF_INFO_LINK,
		.offset = rela_off,
		.size = l->n * rela_size,
		.link = (uint32_t)e->symtab,
		.info = (uint32_t)loc_idx,
		.align = e->ptr,
		.entsize = rela_size,
	};

	/* Past 0xff00 sections the count lives in section 0's sh_size. */
	if (shnum >= SHN_LORESERVE)
		sh[0].size = shnum;
	shdr_off_new = out_align(&o, e->ptr);
	p = out_grow(&o, shnum * e->shentsize);
	for (i = 0; i < shnum; i++)
		write_shdr(e, p + i * e->shentsize, &sh[i]);

	/* e_shoff and e_shnum; e_shstrndx keeps its value. */
	if (e->is64) {
		put_n(e, o.buf + 40, shdr_off_new, 8);
		put_n(e, o.buf + 60, shnum < SHN_LORESERVE ? shnum : 0, 2);
	} else {
		if (o.len > UINT32_MAX)
			fail("output too large for ELF32");
		put_n(e, o.buf + 32, shdr_off_new, 4);
		put_n(e, o.buf + 48, shnum < SHN_LORESERVE ? shnum : 0, 2);
	}

	write_file(out_path, o.buf, o.len);
	free(o.buf);
	free(sh);
	free(bases);
}
