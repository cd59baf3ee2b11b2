/*
 * recordmcount.h - what the parts of tools/recordmcount share: the object
 * as read (elf.c), its call sites (sites.c), what differs between the two
 * machines (x86_64.c, sh.c) and the writer of the new object (output.c).
 * main.c says what the tool does.
 */
#ifndef RECORDMCOUNT_H
#define RECORDMCOUNT_H

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>

#define MCOUNT_SECTION "__mcount_loc"
#define MCOUNT_RELA ".rela__mcount_loc"

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
	/* What this machine's call sites look like (x86_64.c, sh.c). */
	const struct rmc_machine *mach;
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

struct sym {
	uint32_t name;
	unsigned int info;
	unsigned int shndx;
	uint64_t value;
};

/* One relocation entry, decoded. */
struct rel {
	uint64_t offset;
	uint64_t sym;
	unsigned int type;
	int64_t addend;
};

/*
 * One machine's call sites. The ELF reading and writing is the same for
 * both, whatever the class and byte order; what a call site is, and what
 * the new relocations are, is not.
 */
struct rmc_machine {
	unsigned int machine; /* e_machine */
	/* What -pg calls besides "mcount" on this machine. */
	const char *alt_mcount;
	/* Fail unless the object's class and byte order are this machine's. */
	void (*check_class)(const struct elf *e);
	/* May a relocation of this type refer to mcount from a call site? */
	bool (*candidate_type)(unsigned int type);
	/*
	 * The call site that relocation r, to mcount in text section ts
	 * (called tname), makes: true with its offset in *site, false when
	 * it makes none. Fails on a reference no -pg sequence makes.
	 */
	bool (*site_of)(const struct elf *e, const struct sec *ts,
			const char *tname, const struct rel *r, uint64_t *site);
	/* The type of __mcount_loc's relocations: absolute, pointer-sized. */
	unsigned int loc_rtype;
	/* Whether the linker adds the word already in place (output.c). */
	bool addend_in_place;
};
extern const struct rmc_machine rmc_x86_64, rmc_sh;

/* ---- elf.c ---- */

/* Name printed in error messages: the file being read or written. */
extern const char *err_name;
/* Temporary output to remove when we fail half-way; NULL when none. */
extern char *tmp_path;

/* One error line naming err_name, then exit status 1. */
void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...);
void *xcalloc(uint64_t n, uint64_t size);
/* True when [off, off + len) lies inside a buffer of size bytes. */
int in_bounds(uint64_t off, uint64_t len, uint64_t size);
/* Bounds are the caller's to check; these decode the byte order. */
uint64_t get16(const struct elf *e, uint64_t off);
uint64_t get32(const struct elf *e, uint64_t off);
uint64_t get_word(const struct elf *e, uint64_t off);
void put_n(const struct elf *e, unsigned char *p, uint64_t v, unsigned int n);

/* Read path into e; then check its header and every section's bounds. */
void read_file(const char *path, struct elf *e);
void parse_header(struct elf *e);
void write_shdr(const struct elf *e, unsigned char *p, const struct sec *s);
const char *sec_name(const struct elf *e, uint64_t i);

/* Check relocation section ri's shape; returns its number of entries. */
uint64_t check_relsec(struct elf *e, uint64_t ri);
void read_rel(const struct elf *e, const struct sec *rs, uint64_t i,
	      struct rel *r);
/* Callers have checked i < e->nsyms. */
void read_sym(const struct elf *e, uint64_t i, struct sym *sym);
const char *sym_name(const struct elf *e, const struct sym *sym);
/* Section of symbol i, following SHN_XINDEX; 0 when it has none. */
uint64_t sym_section(const struct elf *e, uint64_t i, const struct sym *sym);

/* ---- sites.c ---- */

/* Collect every call site, sorted by text section, then by offset. */
void find_sites(struct elf *e, struct site_list *l);

/* ---- output.c ---- */

/* Write buf to path through path.tmp, renamed when complete. */
void write_file(const char *path, const unsigned char *buf, uint64_t len);
/* Write e with the __mcount_loc section for sites l to out_path. */
void write_out(struct elf *e, const struct site_list *l, const char *out_path);

#endif
