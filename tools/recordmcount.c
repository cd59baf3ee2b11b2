/* recordmcount - add a __mcount_loc section listing every mcount call site. */

/*
 * Usage:
 *	recordmcount IN.o OUT.o		OUT.o = IN.o + __mcount_loc
 *	recordmcount --count IN.o	print the number of call sites
 *	recordmcount --list IN.o	one "section+0xoffset" per site
 *
 * The input is a relocatable object compiled with -pg, for x86_64 (ELF64)
 * or SH (ELF32, either byte order). The output is the input's bytes left
 * exactly where they were, followed by the new sections, a longer copy of
 * the section name table and a new section header table; only a few ELF
 * header fields change. Old sections keep their offsets, so nothing in the
 * original can be broken by the rewrite.
 *
 * Every offset and size read from the file is checked against the file
 * before use, in 64-bit arithmetic, so a malformed input gets one error
 * line and exit status 1, never a crash. The output is written to OUT.tmp
 * and renamed, so a failed run leaves no partial OUT behind.
 */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MCOUNT_SECTION "__mcount_loc"
#define MCOUNT_RELA ".rela__mcount_loc"

/* x86_64 "call rel32" opcode: the byte the kernel patcher expects. */
#define X86_CALL_OPCODE 0xe8

/* Name printed in error messages: the file being read or written. */
static const char *err_name = "recordmcount";
/* Temporary output to remove when we fail half-way; NULL when none. */
static char *tmp_path;

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
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

static void *xcalloc(uint64_t n, uint64_t size)
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

/* One section header, widened to 64 bits whatever the file's class. */
struct sec {
	uint32_t name;
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint32_t info;
	uint64_t align;
	uint64_t entsize;
};

struct elf {
	unsigned char *buf;
	uint64_t size;
	int is64;
	int big; /* big-endian */
	unsigned int machine;
	unsigned int ptr; /* pointer size in bytes: 8 or 4 */
	unsigned int ehsize; /* ELF header size */
	unsigned int shentsize;
	uint64_t shoff;
	uint64_t shnum;
	uint64_t shstrndx;
	struct sec *sh;
	/* The one symbol table the call-site relocations use; 0 if none. */
	uint64_t symtab;
	uint64_t nsyms;
	unsigned int symentsize;
};

/* One call site: the text section it is in and its offset there. */
struct site {
	uint64_t sec;
	uint64_t off;
};

struct site_list {
	struct site *v;
	uint64_t n;
	uint64_t cap;
};

/* ---- bounds-checked access -------------------------------------------- */

/* True when [off, off + len) lies inside a buffer of size bytes. */
static int in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
	return len <= size && off <= size - len;
}

/* Callers have checked the bounds; these only decode the byte order. */
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

static uint64_t get16(const struct elf *e, uint64_t off)
{
	return get_n(e, off, 2);
}

static uint64_t get32(const struct elf *e, uint64_t off)
{
	return get_n(e, off, 4);
}

/* A word of the file's own size: 8 bytes in ELF64, 4 in ELF32. */
static uint64_t get_word(const struct elf *e, uint64_t off)
{
	return get_n(e, off, e->is64 ? 8 : 4);
}

static void put_n(const struct elf *e, unsigned char *p, uint64_t v,
		  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int shift = 8 * (e->big ? n - 1 - i : i);

		p[i] = (unsigned char)(v >> shift);
	}
}

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

/* ---- reading the ELF file ---------------------------------------------- */

static void read_file(const char *path, struct elf *e)
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

static void write_shdr(const struct elf *e, unsigned char *p,
		       const struct sec *s)
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

static const char *sec_name(const struct elf *e, uint64_t i)
{
	return str_at(e, e->shstrndx, e->sh[i].name, "section name");
}

static void parse_header(struct elf *e)
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
	switch (e->machine) {
	case EM_X86_64:
		if (!e->is64 || e->big)
			fail("x86_64 object is not 64-bit little-endian");
		break;
	case EM_SH:
		if (e->is64)
			fail("SH object is not 32-bit");
		break;
	default:
		fail("unsupported machine %u (want x86_64 or SH)", e->machine);
	}

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

struct sym {
	uint32_t name;
	unsigned int info;
	unsigned int shndx;
	uint64_t value;
};

/* Callers have checked i < e->nsyms. */
static void read_sym(const struct elf *e, uint64_t i, struct sym *sym)
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

static const char *sym_name(const struct elf *e, const struct sym *sym)
{
	return str_at(e, e->sh[e->symtab].link, sym->name, "symbol name");
}

/* Section of a symbol, following SHN_XINDEX; 0 when it has none. */
static uint64_t sym_section(const struct elf *e, uint64_t i,
			    const struct sym *sym)
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

/* One relocation entry, decoded. */
struct rel {
	uint64_t offset;
	uint64_t sym;
	unsigned int type;
	int64_t addend;
};

static void read_rel(const struct elf *e, const struct sec *rs, uint64_t i,
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

/* Check a relocation section's shape; returns its number of entries. */
static uint64_t check_relsec(struct elf *e, uint64_t ri)
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

static int is_mcount_name(const struct elf *e, const char *name)
{
	if (strcmp(name, "mcount") == 0)
		return 1;
	if (e->machine == EM_X86_64)
		return strcmp(name, "__fentry__") == 0;
	/* Toolchains that prefix C names with '_' call it _mcount. */
	return strcmp(name, "_mcount") == 0;
}

/* Relocation types that may refer to mcount from a call site. */
static int is_candidate_type(const struct elf *e, unsigned int type)
{
	if (e->machine == EM_SH)
		return type == R_SH_DIR32;
	return type == R_X86_64_PLT32 || type == R_X86_64_PC32 ||
	       type == R_X86_64_GOTPCREL || type == R_X86_64_GOTPCRELX ||
	       type == R_X86_64_REX_GOTPCRELX;
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

#define SH_JMP_R1 0x412b /* jmp @r1 */
#define SH_LDS_R0_PR 0x402a /* lds r0,pr (the jump's delay slot) */
#define SH_NOP 0x0009
#define SH_POP_PR 0x4f26 /* lds.l @r15+,pr */

/*
 * On SH a literal holding mcount's address is a call site only inside the
 * -pg sequence: "jmp @r1; lds r0,pr; [nop]" just before the word and
 * "lds.l @r15+,pr" just after. C code that takes mcount's address makes
 * the very same relocation, and must not be patched.
 */
static bool sh_pg_literal(const struct elf *e, const struct sec *ts,
			  uint64_t off)
{
	uint64_t base = ts->offset;

	if (!in_bounds(off, 6, ts->size) || off < 4)
		return false;
	if (get16(e, base + off + 4) != SH_POP_PR)
		return false;
	if (get16(e, base + off - 2) == SH_NOP) {
		if (off < 6)
			return false;
		off -= 2;
	}
	return get16(e, base + off - 2) == SH_LDS_R0_PR &&
	       get16(e, base + off - 4) == SH_JMP_R1;
}

/* Turn one mcount relocation in text section ti into a call site. */
static void add_mcount_rel(const struct elf *e, struct site_list *l,
			   uint64_t ti, const struct rel *r)
{
	const struct sec *ts = &e->sh[ti];
	const char *tname = sec_name(e, ti);
	unsigned long long off = (unsigned long long)r->offset;

	if (ts->type == SHT_NOBITS)
		fail("%s: mcount relocation in a section with no data", tname);
	/* Both arches relocate a 4-byte field at r_offset. */
	if (!in_bounds(r->offset, 4, ts->size))
		fail("%s+0x%llx: mcount relocation outside its section", tname,
		     off);

	if (e->machine == EM_SH) {
		/*
		 * The site is the literal word holding mcount's address;
		 * mov.l only loads aligned words, so anything else is not
		 * the -pg sequence.
		 */
		if (r->offset % 4)
			fail("%s+0x%llx: mcount literal is not 4-byte aligned",
			     tname, off);
		if (!sh_pg_literal(e, ts, r->offset))
			return; /* (unsigned long)mcount in C: data, no site */
		add_site(l, ti, r->offset);
		return;
	}

	if (r->type != R_X86_64_PLT32 && r->type != R_X86_64_PC32)
		fail("%s+0x%llx: mcount is called through the GOT "
		     "(compile with -fno-pie)",
		     tname, off);
	/* The site is the call instruction, one opcode byte before. */
	if (r->offset < 1)
		fail("%s+0x%llx: mcount reference has no opcode before it",
		     tname, off);
	if (e->buf[ts->offset + r->offset - 1] != X86_CALL_OPCODE)
		fail("%s+0x%llx: mcount reference is not a call "
		     "(opcode 0x%02x)",
		     tname, off - 1, e->buf[ts->offset + r->offset - 1]);
	add_site(l, ti, r->offset - 1);
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

/* Collect every call site, sorted by text section, then by offset. */
static void find_sites(struct elf *e, struct site_list *l)
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
			if (!is_candidate_type(e, r.type) || r.sym == 0)
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

static void write_file(const char *path, const unsigned char *buf, uint64_t len)
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

static void write_out(struct elf *e, const struct site_list *l,
		      const char *out_path)
{
	struct outbuf o = { 0 };
	struct base *bases;
	struct sec *sh;
	uint64_t nbases = 0, nnew = 0, i, b;
	uint64_t loc_off, rela_off, str_off, shdr_off_new, first_global;
	uint64_t shnum = e->shnum + 2, loc_idx = e->shnum;
	unsigned int rela_size = e->is64 ? sizeof(Elf64_Rela)
					 : sizeof(Elf32_Rela);
	unsigned int rtype = e->machine == EM_SH ? R_SH_DIR32 : R_X86_64_64;
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
	 * x86_64 ld takes the whole value from the RELA entry, so the words
	 * stay zero there. SH's BFD backend treats R_SH_DIR32 as "partial
	 * in place" even in RELA objects: it adds the word already in the
	 * section and ignores r_addend (as does gas, which writes the addend
	 * into the word and 0 into r_addend). So on SH the addend goes in
	 * both places: right for BFD, and right for anything that reads
	 * r_addend the way the ELF spec says.
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
		if (e->machine == EM_SH)
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

/* ---- main ----------------------------------------------------------- */

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: recordmcount IN.o OUT.o\n"
			"       recordmcount --count IN.o\n"
			"       recordmcount --list IN.o\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct elf e = { 0 };
	struct site_list sites = { 0 };
	const char *mode = NULL, *in, *out = NULL;
	uint64_t i;

	if (argc != 3)
		usage();
	if (strcmp(argv[1], "--count") == 0 || strcmp(argv[1], "--list") == 0)
		mode = argv[1];
	else if (argv[1][0] == '-' && argv[1][1])
		usage();
	else
		out = argv[2];
	in = mode ? argv[2] : argv[1];

	err_name = in;
	read_file(in, &e);
	parse_header(&e);
	find_sites(&e, &sites);

	if (mode && strcmp(mode, "--count") == 0) {
		printf("%llu\n", (unsigned long long)sites.n);
	} else if (mode) {
		for (i = 0; i < sites.n; i++)
			printf("%s+0x%llx\n", sec_name(&e, sites.v[i].sec),
			       (unsigned long long)sites.v[i].off);
	} else if (sites.n == 0) {
		/* Nothing to record: the object is used as it is. */
		write_file(out, e.buf, e.size);
	} else {
		write_out(&e, &sites, out);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("write error on standard output");
	return 0;
}
