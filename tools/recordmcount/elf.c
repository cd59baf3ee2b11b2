/*
 * elf.c - recordmcount's reader of relocatable ELF objects, ELF32 or
 * ELF64 in either byte order: the header, the section table, symbols and
 * relocations. Every offset and size read from the file is checked
 * against the file before use, in 64-bit arithmetic, so a malformed
 * input gets one error line and exit status 1, never a crash.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recordmcount.h"

const char *err_name = "recordmcount";
char *tmp_path;

void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "recordmcount: %s: ", err_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (tmp_path)
		unlink(tmp_path);
	exit(1);
}

void *xcalloc(uint64_t n, uint64_t size)
{
	void *p;

	/* calloc checks n * size for overflow itself. */
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX || size > SIZE_MAX)
		fail("out of memory");
	p = calloc((size_t)n, (size_t)size);
	if (!p)
		fail("out of memory");
	return p;
}

/* ---- bounds-checked access -------------------------------------------- */

int in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return len <= size && off <= size - len;
}

static uint64_t get_n(const struct elf *e, uint64_t off, unsigned int n)
{
	const unsigned char *p = e->buf + off;
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int b = e->big ? p[i] : p[n - 1 - i];

		v = (v << 8) | b;
	}
	return v;
}

uint64_t get16(const struct elf *e, uint64_t off)
{
	return get_n(e, off, 2);
}

uint64_t get32(const struct elf *e, uint64_t off)
{
	return get_n(e, off, 4);
}

/* A word of the file's own size: 8 bytes in ELF64, 4 in ELF32. */
uint64_t get_word(const struct elf *e, uint64_t off)
{
	return get_n(e, off, e->is64 ? 8 : 4);
}

void put_n(const struct elf *e, unsigned char *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int shift = 8 * (e->big ? n - 1 - i : i);

		p[i] = (unsigned char)(v >> shift);
	}
}

/* ---- reading the ELF file ---------------------------------------------- */

void read_file(const char *path, struct elf *e)
{
	FILE *f = fopen(path, "rb");
	uint64_t cap = 65536;
	size_t got;

	if (!f)
		fail("%s", strerror(errno));
	e->buf = xcalloc(cap, 1);
	e->size = 0;
	/* Read in a loop rather than trusting st_size: works on pipes too. */
	for (;;) {
		if (e->size == cap) {
			unsigned char *p;

			if (cap > SIZE_MAX / 2)
				fail("file too large");
			cap *= 2;
			p = realloc(e->buf, (size_t)cap);
			if (!p)
				fail("out of memory");
			e->buf = p;
		}
		got = fread(e->buf + e->size, 1, (size_t)(cap - e->size), f);
		e->size += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		fail("read error: %s", strerror(errno));
	fclose(f);
}

/* Offset of section header i: only valid once the table was checked. */
static uint64_t shdr_off(const struct elf *e, uint64_t i)
{
	return e->shoff + i * e->shentsize;
}

static void read_shdr(const struct elf *e, uint64_t i, struct sec *s)
{
	uint64_t o = shdr_off(e, i);
	unsigned int w = e->is64 ? 8 : 4;

	s->name = (uint32_t)get32(e, o);
	s->type = (uint32_t)get32(e, o + 4);
	s->flags = get_word(e, o + 8);
	s->addr = get_word(e, o + 8 + w);
	s->offset = get_word(e, o + 8 + 2 * w);
	s->size = get_word(e, o + 8 + 3 * w);
	s->link = (uint32_t)get32(e, o + 8 + 4 * w);
	s->info = (uint32_t)get32(e, o + 12 + 4 * w);
	s->align = get_word(e, o + 16 + 4 * w);
	s->entsize = get_word(e, o + 16 + 5 * w);
}

void write_shdr(const struct elf *e, unsigned char *p, const struct sec *s)
{
	unsigned int w = e->is64 ? 8 : 4;

	put_n(e, p, s->name, 4);
	put_n(e, p + 4, s->type, 4);
	put_n(e, p + 8, s->flags, w);
	put_n(e, p + 8 + w, s->addr, w);
	put_n(e, p + 8 + 2 * w, s->offset, w);
	put_n(e, p + 8 + 3 * w, s->size, w);
	put_n(e, p + 8 + 4 * w, s->link, 4);
	put_n(e, p + 12 + 4 * w, s->info, 4);
	put_n(e, p + 16 + 4 * w, s->align, w);
	put_n(e, p + 16 + 5 * w, s->entsize, w);
}

/* The NUL-terminated string at offset off of string table section strsec. */
static const char *str_at(const struct elf *e, uint64_t strsec, uint64_t off,
			  const char *what)
{
	const struct sec *s = &e->sh[strsec];
	const unsigned char *p;

	if (off >= s->size)
		fail("string index out of range (%s: 0x%llx, "
		     "table size 0x%llx)",
		     what, (unsigned long long)off,
		     (unsigned long long)s->size);
	p = e->buf + s->offset + off;
	if (!memchr(p, 0, (size_t)(s->size - off)))
		fail("unterminated string in string table (%s)", what);
	return (const char *)p;
}

const char *sec_name(const struct elf *e, uint64_t i)
{
	return str_at(e, e->shstrndx, e->sh[i].name, "section name");
}

static const struct rmc_machine *const machines[] = { &rmc_x86_64, &rmc_sh };

void parse_header(struct elf *e)
{
	const unsigned char *id = e->buf;
	uint64_t i, e_shnum;
	struct sec sh0;

	if (e->size == 0)
		fail("empty file");
	if (e->size < SELFMAG || memcmp(id, ELFMAG, SELFMAG) != 0)
		fail("not an ELF file (bad magic)");
	if (e->size < EI_NIDENT)
		fail("truncated ELF header");
	if (id[EI_CLASS] == ELFCLASS64)
		e->is64 = 1;
	else if (id[EI_CLASS] == ELFCLASS32)
		e->is64 = 0;
	else
		fail("unknown ELF class %u", id[EI_CLASS]);
	if (id[EI_DATA] == ELFDATA2LSB)
		e->big = 0;
	else if (id[EI_DATA] == ELFDATA2MSB)
		e->big = 1;
	else
		fail("unknown ELF data encoding %u", id[EI_DATA]);

	e->ehsize = e->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	e->ptr = e->is64 ? 8 : 4;
	if (e->size < e->ehsize)
		fail("truncated ELF header");

	if (get16(e, 16) != ET_REL)
		fail("not a relocatable object (e_type %llu)",
		     (unsigned long long)get16(e, 16));
	e->machine = (unsigned int)get16(e, 18);
	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		if (machines[i]->machine == e->machine)
			e->mach = machines[i];
	if (!e->mach)
		fail("unsupported machine %u (want x86_64 or SH)", e->machine);
	e->mach->check_class(e);

	if (e->is64) {
		e->shoff = get_word(e, 40);
		e->shentsize = (unsigned int)get16(e, 58);
		e_shnum = get16(e, 60);
		e->shstrndx = get16(e, 62);
	} else {
		e->shoff = get_word(e, 32);
		e->shentsize = (unsigned int)get16(e, 46);
		e_shnum = get16(e, 48);
		e->shstrndx = get16(e, 50);
	}
	if (e->shentsize != (e->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr)))
		fail("bad section header entry size %u", e->shentsize);
	if (e->shoff == 0)
		fail("no section header table");
	if (!in_bounds(e->shoff, e->shentsize, e->size))
		fail("section header table out of file bounds");

	/*
	 * With 0xff00 sections or more, e_shnum is 0 and section 0's sh_size
	 * holds the count; e_shstrndx is SHN_XINDEX and sh_link holds it.
	 */
	read_shdr(e, 0, &sh0);
	e->shnum = e_shnum ? e_shnum : sh0.size;
	if (e->shstrndx == SHN_XINDEX)
		e->shstrndx = sh0.link;
	else if (e->shstrndx >= SHN_LORESERVE)
		fail("bad section name table index %llu",
		     (unsigned long long)e->shstrndx);
	if (e->shnum == 0)
		fail("no sections");
	if (e->shnum > e->size / e->shentsize ||
	    !in_bounds(e->shoff, e->shnum * e->shentsize, e->size))
		fail("section header table out of file bounds");

	e->sh = xcalloc(e->shnum, sizeof(*e->sh));
	for (i = 0; i < e->shnum; i++)
		read_shdr(e, i, &e->sh[i]);

	if (e->shstrndx == 0 || e->shstrndx >= e->shnum)
		fail("section name table index %llu out of range",
		     (unsigned long long)e->shstrndx);
	if (e->sh[e->shstrndx].type != SHT_STRTAB)
		fail("section name table is not a string table");

	/* Every section with bytes in the file must lie inside the file. */
	for (i = 0; i < e->shnum; i++) {
		const struct sec *s = &e->sh[i];

		if (s->type == SHT_NULL || s->type == SHT_NOBITS)
			continue;
		if (in_bounds(s->offset, s->size, e->size))
			continue;
		if (s->type == SHT_REL || s->type == SHT_RELA)
			fail("relocation section %llu out of file bounds",
			     (unsigned long long)i);
		fail("section %llu out of file bounds", (unsigned long long)i);
	}
	/* Only now may names be looked up: the name table is in bounds. */
	for (i = 1; i < e->shnum; i++)
		if (strcmp(sec_name(e, i), MCOUNT_SECTION) == 0)
			fail("already has a %s section (processed twice?)",
			     MCOUNT_SECTION);
}

/* ---- symbols and relocations -------------------------------------------- */

static unsigned int rel_entsize(const struct elf *e, uint32_t type)
{
	if (type == SHT_RELA)
		return e->is64 ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela);
	return e->is64 ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel);
}

/* Check that section idx is a usable symbol table and remember it. */
static void use_symtab(struct elf *e, uint64_t idx, const char *user)
{
	const struct sec *s;
	unsigned int want = e->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);

	if (e->symtab) {
		/* A relocatable object has one symbol table; insist on it. */
		if (idx != e->symtab)
			fail("%s: uses a second symbol table", user);
		return;
	}
	if (idx == 0 || idx >= e->shnum || e->sh[idx].type != SHT_SYMTAB)
		fail("%s: linked section %llu is not a symbol table", user,
		     (unsigned long long)idx);
	s = &e->sh[idx];
	if (s->entsize != want)
		fail("symbol table has bad entry size %llu",
		     (unsigned long long)s->entsize);
	if (s->size % want)
		fail("symbol table size is not a multiple of its entries");
	if (s->link == 0 || s->link >= e->shnum ||
	    e->sh[s->link].type != SHT_STRTAB)
		fail("symbol table's string table index %u is bad", s->link);
	if (s->info > s->size / want)
		fail("symbol table's first global index %u out of range",
		     s->info);
	/* ELF32 r_info holds a symbol index in 24 bits. */
	if (!e->is64 && s->size / want > 0xffffff)
		fail("too many symbols for ELF32 relocations");
	e->symtab = idx;
	e->nsyms = s->size / want;
	e->symentsize = want;
}

void read_sym(const struct elf *e, uint64_t i, struct sym *sym)
{
	uint64_t o = e->sh[e->symtab].offset + i * e->symentsize;

	sym->name = (uint32_t)get32(e, o);
	if (e->is64) {
		sym->info = e->buf[o + 4];
		sym->shndx = (unsigned int)get16(e, o + 6);
		sym->value = get_word(e, o + 8);
	} else {
		sym->value = get_word(e, o + 4);
		sym->info = e->buf[o + 12];
		sym->shndx = (unsigned int)get16(e, o + 14);
	}
}

const char *sym_name(const struct elf *e, const struct sym *sym)
{
	return str_at(e, e->sh[e->symtab].link, sym->name, "symbol name");
}

uint64_t sym_section(const struct elf *e, uint64_t i, const struct sym *sym)
{
	uint64_t j;

	if (sym->shndx != SHN_XINDEX)
		return sym->shndx < SHN_LORESERVE ? sym->shndx : 0;
	for (j = 1; j < e->shnum; j++) {
		const struct sec *s = &e->sh[j];

		if (s->type != SHT_SYMTAB_SHNDX || s->link != e->symtab)
			continue;
		if (!in_bounds(i * 4, 4, s->size))
			return 0;
		return get32(e, s->offset + i * 4);
	}
	return 0;
}

void read_rel(const struct elf *e, const struct sec *rs, uint64_t i,
	      struct rel *r)
{
	uint64_t o = rs->offset + i * rs->entsize;
	uint64_t info;

	r->offset = get_word(e, o);
	info = get_word(e, o + e->ptr);
	if (e->is64) {
		r->sym = info >> 32;
		r->type = (unsigned int)(info & 0xffffffff);
	} else {
		r->sym = info >> 8;
		r->type = (unsigned int)(info & 0xff);
	}
	r->addend = 0;
	if (rs->type == SHT_RELA) {
		uint64_t a = get_word(e, o + 2 * e->ptr);

		/* Sign-extend a 32-bit addend. */
		if (!e->is64)
			a = (uint64_t)(int64_t)(int32_t)(uint32_t)a;
		r->addend = (int64_t)a;
	}
}

uint64_t check_relsec(struct elf *e, uint64_t ri)
{
	const struct sec *rs = &e->sh[ri];
	unsigned int want = rel_entsize(e, rs->type);
	const char *name = sec_name(e, ri);

	if (rs->entsize != want)
		fail("relocation section %s has bad entry size %llu", name,
		     (unsigned long long)rs->entsize);
	if (rs->size % want)
		fail("relocation section %s size is not a multiple of %u", name,
		     want);
	use_symtab(e, rs->link, name);
	return rs->size / want;
}
