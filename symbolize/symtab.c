/* symtab.c - per-module table of function symbols, sorted once and searched by
 * bisection, because dwfl_module_addrname scans the whole symbol table on each
 * call. dwfl gives .symtab (also from separate debuginfo) or else .dynsym. */
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "sym-internal.h"

/* How far back a lookup looks for a symbol that contains nested ones. */
enum { SYMTAB_NEST_SCAN = 8 };

struct sym_candidate {
	struct symtab_entry e;
	uint64_t section_end; /* 0 when unknown */
	int rank;             /* lower is preferred among aliases */
	int may_extend;       /* a zero size may stretch to the next symbol */
};

static int symbol_rank(const GElf_Sym *sym, const char *name)
{
	int rank = 0;

	/* Among aliases at one address prefer what a user would call: a sized
	 * symbol, global over weak over local, fewest leading underscores
	 * ("malloc" rather than "__libc_malloc"). */
	if (sym->st_size == 0)
		rank += 1000;
	switch (GELF_ST_BIND(sym->st_info)) {
	case STB_GLOBAL:
		break;
	case STB_WEAK:
		rank += 100;
		break;
	default:
		rank += 200;
		break;
	}
	while (*name == '_' && rank % 100 < 99) {
		rank++;
		name++;
	}
	return rank;
}

static int candidate_cmp(const void *pa, const void *pb)
{
	const struct sym_candidate *a = pa, *b = pb;

	if (a->e.start != b->e.start)
		return a->e.start < b->e.start ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->e.raw, b->e.raw);
}

static uint64_t section_end(Elf *elf, GElf_Word shndx, Dwarf_Addr bias)
{
	GElf_Shdr shdr;
	Elf_Scn *scn;

	if (!elf || shndx == SHN_UNDEF || shndx >= SHN_LORESERVE)
		return 0;
	scn = elf_getscn(elf, shndx);
	if (!scn || !gelf_getshdr(scn, &shdr) || !(shdr.sh_flags & SHF_ALLOC))
		return 0;
	return shdr.sh_addr + shdr.sh_size + bias;
}

static int elf_has_symtab(Elf *elf)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == SHT_SYMTAB)
			return 1;
	return 0;
}

void symtab_build(struct symtab *t, Dwfl_Module *mod)
{
	Elf *last_elf = NULL;
	int last_full = 0;
	int nsyms = dwfl_module_getsymtab(mod);
	struct sym_candidate *c;
	size_t n = 0;

	t->v = NULL;
	t->n = 0;
	if (nsyms <= 0)
		return;
	c = malloc((size_t)nsyms * sizeof(*c));
	if (!c)
		return;
	for (int i = 0; i < nsyms; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		Elf *elf;
		Dwarf_Addr bias;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &addr, &shndx, &elf, &bias);
		int type = GELF_ST_TYPE(sym.st_info);

		if (!name || !*name || shndx == SHN_UNDEF || addr == 0)
			continue;
		if (type != STT_FUNC && type != STT_GNU_IFUNC)
			continue;
		c[n].e.start = addr;
		c[n].e.end = addr + sym.st_size;
		c[n].e.raw = name;
		c[n].e.name = NULL;
		c[n].section_end = section_end(elf, shndx, bias);
		c[n].rank = symbol_rank(&sym, name);
		/* .dynsym alone lacks every static function, so the gap after a
		 * zero-size symbol there is usually someone else's code. */
		if (elf != last_elf) {
			last_elf = elf;
			last_full = elf && elf_has_symtab(elf);
		}
		c[n].may_extend = last_full;
		n++;
	}
	qsort(c, n, sizeof(*c), candidate_cmp);

	t->v = malloc((n ? n : 1) * sizeof(*t->v));
	if (!t->v) {
		free(c);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (t->n && t->v[t->n - 1].start == c[i].e.start)
			continue; /* a less preferred alias */
		struct symtab_entry *e = &t->v[t->n++];
		*e = c[i].e;
		if (e->end > e->start)
			continue;
		if (!c[i].may_extend) {
			e->end = e->start + 1;
			continue;
		}
		/* Zero-size symbols (hand-written assembly) reach up to the next
		 * symbol, but not past the end of their section. */
		uint64_t end = c[i].section_end;
		for (size_t j = i + 1; j < n; j++) {
			if (c[j].e.start > e->start) {
				if (!end || c[j].e.start < end)
					end = c[j].e.start;
				break;
			}
		}
		e->end = end > e->start ? end : e->start + 1;
	}
	free(c);
}

struct symtab_entry *symtab_lookup(struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;

	/* Find the last entry starting at or before ADDR. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo, k = 0; i > 0 && k < SYMTAB_NEST_SCAN; i--, k++) {
		struct symtab_entry *e = &t->v[i - 1];
		if (addr < e->end)
			return e;
	}
	return NULL;
}

const char *symtab_entry_name(struct symtab_entry *e, struct sym_arena *a)
{
	if (!e->name)
		e->name = name_demangle(a, e->raw);
	return e->name;
}

void symtab_free(struct symtab *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
