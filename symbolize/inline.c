/* inline.c - inline chains without dwarf_getscopes (which re-walks a CU's DIE
 * tree on every call): each CU's DIEs are walked once, on the first address
 * that falls into it, into a sorted table of subprogram and inline ranges. */
#include <dwarf.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sym-internal.h"

/* Deeper DIE nesting than this only happens in corrupt DWARF. */
enum { DIE_DEPTH_MAX = 512 };

struct inline_range {
	uint64_t lo, hi; /* DWARF addresses (module address - CU bias) */
	uint32_t node;
	uint32_t depth;
	int32_t up; /* nearest earlier range that encloses this one, -1 if none */
};

struct cu_inlines {
	Dwarf_Off offset;
	Dwarf_Files *files;
	struct inline_node *nodes;
	size_t nnodes, nodes_cap;
	struct inline_range *ranges;
	size_t nranges, ranges_cap;
};

struct inline_index {
	struct cu_inlines **slots; /* open addressing on the CU offset */
	size_t cap, used;
	struct sym_arena *arena;
};

struct inline_index *inline_index_new(struct sym_arena *a)
{
	struct inline_index *ix = calloc(1, sizeof(*ix));

	if (ix)
		ix->arena = a;
	return ix;
}

static void cu_free(struct cu_inlines *cu)
{
	free(cu->nodes);
	free(cu->ranges);
	free(cu);
}

void inline_index_free(struct inline_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->cap; i++)
		if (ix->slots[i])
			cu_free(ix->slots[i]);
	free(ix->slots);
	free(ix);
}

static int cu_add_range(struct cu_inlines *cu, uint64_t lo, uint64_t hi, uint32_t node, uint32_t depth)
{
	if (cu->nranges == cu->ranges_cap) {
		size_t cap = cu->ranges_cap ? 2 * cu->ranges_cap : 64;
		struct inline_range *r = realloc(cu->ranges, cap * sizeof(*r));
		if (!r)
			return -1;
		cu->ranges = r;
		cu->ranges_cap = cap;
	}
	cu->ranges[cu->nranges++] = (struct inline_range){ lo, hi, node, depth, -1 };
	return 0;
}

/* Records DIE as a node if it has code; returns its index or -1. */
static int cu_add_node(struct cu_inlines *cu, Dwarf_Die *die, int is_inline, int parent, int depth)
{
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	size_t first_range = cu->nranges;

	if (cu->nnodes == cu->nodes_cap) {
		size_t cap = cu->nodes_cap ? 2 * cu->nodes_cap : 32;
		struct inline_node *n = realloc(cu->nodes, cap * sizeof(*n));
		if (!n)
			return -1;
		cu->nodes = n;
		cu->nodes_cap = cap;
	}
	if (cu->nnodes >= INT_MAX)
		return -1;
	uint32_t idx = (uint32_t)cu->nnodes;
	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		if (hi > lo && cu_add_range(cu, lo, hi, idx, (uint32_t)depth) < 0)
			break;
	}
	if (cu->nranges == first_range)
		return -1;
	cu->nodes[idx] = (struct inline_node){
		.die = *die,
		.parent = parent,
		.is_inline = is_inline != 0,
	};
	cu->nnodes++;
	return (int)idx;
}

static void cu_walk(struct cu_inlines *cu, Dwarf_Die *die, int parent, int depth)
{
	Dwarf_Die child;

	if (depth > DIE_DEPTH_MAX || dwarf_child(die, &child) != 0)
		return;
	do {
		int me = parent;

		switch (dwarf_tag(&child)) {
		case DW_TAG_subprogram:
			me = cu_add_node(cu, &child, 0, parent, depth);
			/* Without code it is a declaration or an abstract instance:
			 * nothing below it has addresses either. */
			if (me < 0)
				continue;
			break;
		case DW_TAG_inlined_subroutine:
			me = cu_add_node(cu, &child, 1, parent, depth);
			if (me < 0)
				me = parent;
			break;
		case DW_TAG_lexical_block:
		case DW_TAG_try_block:
		case DW_TAG_catch_block:
		case DW_TAG_namespace:
		case DW_TAG_module:
			break;
		default:
			/* Variables, parameters and types. Member functions with
			 * code are emitted outside their class (DW_AT_specification
			 * points back), so the many struct members every header
			 * brings into each CU need not be visited. */
			continue;
		}
		cu_walk(cu, &child, me, depth + 1);
	} while (dwarf_siblingof(&child, &child) == 0);
}

static int range_cmp(const void *pa, const void *pb)
{
	const struct inline_range *a = pa, *b = pb;

	/* Enclosing ranges sort before what they enclose, also when an inlined
	 * body covers its whole caller. */
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi > b->hi ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

static void cu_link_ranges(struct cu_inlines *cu)
{
	int32_t *stack;
	size_t top = 0;

	if (!cu->nranges)
		return;
	qsort(cu->ranges, cu->nranges, sizeof(*cu->ranges), range_cmp);
	stack = malloc(cu->nranges * sizeof(*stack));
	if (!stack) {
		cu->nranges = 0;
		return;
	}
	for (size_t i = 0; i < cu->nranges; i++) {
		struct inline_range *r = &cu->ranges[i];
		while (top && cu->ranges[stack[top - 1]].hi <= r->lo)
			top--;
		r->up = top ? stack[top - 1] : -1;
		stack[top++] = (int32_t)i;
	}
	free(stack);
}

static struct cu_inlines *cu_build(Dwarf_Die *cudie)
{
	struct cu_inlines *cu = calloc(1, sizeof(*cu));
	size_t nfiles;

	if (!cu)
		return NULL;
	cu->offset = dwarf_dieoffset(cudie);
	if (dwarf_getsrcfiles(cudie, &cu->files, &nfiles) != 0)
		cu->files = NULL;
	cu_walk(cu, cudie, -1, 0);
	if (cu->nranges > INT32_MAX)
		cu->nranges = 0;
	cu_link_ranges(cu);
	return cu;
}

static size_t offset_hash(Dwarf_Off off, size_t cap)
{
	return (size_t)((off * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static int index_grow(struct inline_index *ix)
{
	size_t cap = ix->cap ? 2 * ix->cap : 64;
	struct cu_inlines **slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (size_t i = 0; i < ix->cap; i++) {
		struct cu_inlines *cu = ix->slots[i];
		if (!cu)
			continue;
		size_t h = offset_hash(cu->offset, cap);
		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = cu;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->cap = cap;
	return 0;
}

static struct cu_inlines *index_get_cu(struct inline_index *ix, Dwarf_Die *cudie)
{
	Dwarf_Off off = dwarf_dieoffset(cudie);
	size_t h;

	if (ix->cap) {
		for (h = offset_hash(off, ix->cap); ix->slots[h]; h = (h + 1) & (ix->cap - 1))
			if (ix->slots[h]->offset == off)
				return ix->slots[h];
	}
	if ((ix->used + 1) * 2 > ix->cap && index_grow(ix) < 0)
		return NULL;
	struct cu_inlines *cu = cu_build(cudie);
	if (!cu)
		return NULL;
	for (h = offset_hash(off, ix->cap); ix->slots[h]; h = (h + 1) & (ix->cap - 1))
		;
	ix->slots[h] = cu;
	ix->used++;
	return cu;
}

static const char *die_raw_name(Dwarf_Die *die)
{
	static const int attrs[] = { DW_AT_linkage_name, DW_AT_MIPS_linkage_name, DW_AT_name };
	Dwarf_Attribute attr;

	/* _integrate follows DW_AT_abstract_origin and DW_AT_specification, so
	 * inlined and out-of-class instances get their declaration's names. */
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		const char *s;
		if (dwarf_attr_integrate(die, attrs[i], &attr) && (s = dwarf_formstring(&attr)) && *s)
			return s;
	}
	return NULL;
}

static void node_resolve(struct inline_index *ix, struct cu_inlines *cu, struct inline_node *n)
{
	Dwarf_Attribute attr;
	Dwarf_Word w;

	if (n->resolved)
		return;
	n->resolved = 1;
	n->raw = die_raw_name(&n->die);
	n->name = name_demangle(ix->arena, n->raw);
	if (!n->is_inline)
		return;
	if (cu->files && dwarf_attr(&n->die, DW_AT_call_file, &attr) && dwarf_formudata(&attr, &w) == 0)
		n->call_file = dwarf_filesrc(cu->files, w, NULL, NULL);
	if (dwarf_attr(&n->die, DW_AT_call_line, &attr) && dwarf_formudata(&attr, &w) == 0)
		n->call_line = w > INT_MAX ? 0 : (int)w;
}

int inline_index_lookup(struct inline_index *ix, Dwfl_Module *mod, Dwarf_Addr addr,
			struct inline_node **chain, int max)
{
	Dwarf_Addr bias;
	Dwarf_Die *cudie;
	struct cu_inlines *cu;
	size_t lo = 0, hi;
	int32_t i;
	int n = 0;

	if (!ix || max <= 0 || !(cudie = dwfl_module_addrdie(mod, addr, &bias)))
		return 0;
	cu = index_get_cu(ix, cudie);
	if (!cu || !cu->nranges)
		return 0;
	addr -= bias;

	hi = cu->nranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cu->ranges[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The last range starting at or before ADDR is the innermost one if it
	 * contains ADDR; otherwise only ranges enclosing it can. */
	for (i = (int32_t)lo - 1; i >= 0 && cu->ranges[i].hi <= addr; i = cu->ranges[i].up)
		;
	if (i < 0)
		return 0;

	for (int node = (int)cu->ranges[i].node; node >= 0 && n < max;) {
		struct inline_node *nd = &cu->nodes[node];
		node_resolve(ix, cu, nd);
		chain[n++] = nd;
		if (!nd->is_inline)
			break;
		node = nd->parent;
	}
	return n;
}
