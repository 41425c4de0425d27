/* folded.c - Brendan Gregg's folded stacks: "root;...;leaf COUNT", one line
 * per distinct path of names, COUNT in periods of the asked rate (the
 * samples' weights). Drawn from the call tree: a node with self weight is
 * a line. By default the tree merges every process and thread. */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "model.h"

static void name_print(FILE *out, const char *name)
{
	/* ';' and line breaks would break the format */
	if (!strpbrk(name, ";\n\r")) {
		fputs(name, out);
		return;
	}
	for (const char *c = name; *c; c++)
		fputc(*c == ';' ? ':' : (*c == '\n' || *c == '\r') ? ' ' : *c, out);
}

static void label_print(const struct calltree *t, FILE *out, const struct calltree_node *n)
{
	char buf[256];
	const struct model_frame *f = calltree_node_frame(t, n);

	name_print(out, calltree_node_name(t, n, buf, sizeof(buf)));
	if (t->view.lines && f && f->file) {
		const char *base = strrchr(f->file, '/');
		fputc(' ', out);
		name_print(out, base ? base + 1 : f->file);
		fprintf(out, ":%u", f->line);
	}
}

int report_folded(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	uint32_t *path = xmalloc((t->nnodes + 1) * sizeof(uint32_t));

	/* nodes are in preorder: a node's subtree is the run of deeper nodes
	 * after it */
	for (size_t i = 1; i < t->nnodes;) {
		const struct calltree_node *n = &t->nodes[i];

		if (!calltree_node_shown(t, n, o->min_percent)) {
			for (i++; i < t->nnodes && t->nodes[i].depth > n->depth; i++)
				;
			continue;
		}
		path[n->depth] = (uint32_t)i;
		if (n->self) {
			for (uint32_t d = 1; d <= n->depth; d++) {
				if (d > 1)
					fputc(';', out);
				label_print(t, out, &t->nodes[path[d]]);
			}
			fprintf(out, " %llu\n", (unsigned long long)n->self);
		}
		i++;
	}
	free(path);
	return ferror(out) ? -1 : 0;
}
