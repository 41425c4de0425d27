/* svg.c - the `svg` format: a standalone flame graph, one rectangle per call
 * tree node (the root at the bottom, callees above, width = CPU time), with
 * a tooltip per frame, and ctrace's own style and script
 * (report/assets/flamegraph.{css,js}, embedded at build time): click to zoom,
 * search that highlights and sums up the matches. Every string from the
 * profile is escaped for XML: entities, control characters as '?', bytes
 * that are not UTF-8 as U+FFFD. */
#include <stdlib.h>
#include <string.h>

#include "../cmd/util.h"
#include "assets/embed.h"
#include "jsonw.h"
#include "render.h"

ASSET_EMBED(asset_flamegraph_css, "report/assets/flamegraph.css");
ASSET_EMBED(asset_flamegraph_js, "report/assets/flamegraph.js");

#define SVG_WIDTH 1200
#define SVG_PAD 10
#define SVG_ROW 16
#define SVG_TOP 64     /* title, subtitle and buttons */
#define SVG_BOTTOM 30  /* the details line */
#define SVG_CHAR_PX 6.6 /* average advance of the 11px font, to truncate names */
/* Frames narrower than this many pixels are left out, as flame graphs do:
 * a million-sample profile has 10^5 nodes, most of them invisible. */
#define SVG_MIN_PX 0.5

/* Writes S as XML character data (or an attribute value), at most MAX
 * characters (then an ellipsis), and returns how many it wrote. */
static size_t xml_text(FILE *out, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), chars = 0;

	for (size_t i = 0; i < n; chars++) {
		if (chars == max) {
			fputs("\u2026", out);
			return chars + 1;
		}
		unsigned char c = s[i];
		if (c >= 0x80) {
			size_t len = utf8_len(s + i, n - i);
			/* U+FFFE and U+FFFF are valid UTF-8 but not XML characters */
			if (!len || (len == 3 && c == 0xef && s[i + 1] == 0xbf && s[i + 2] >= 0xbe)) {
				fputs("\ufffd", out);
				i += len ? len : 1;
			} else {
				fwrite(s + i, 1, len, out);
				i += len;
			}
			continue;
		}
		switch (c) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
		}
		i++;
	}
	return chars;
}

/* Characters in S, counting each byte that is not UTF-8 as one. */
static size_t utf8_chars(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), chars = 0;

	for (size_t i = 0; i < n; chars++) {
		size_t len = s[i] >= 0x80 ? utf8_len(s + i, n - i) : 1;
		i += len ? len : 1;
	}
	return chars;
}

/* A warm color per name: red through orange to amber, as the HTML report's. */
static void frame_color(const struct calltree_node *n, const char *name, char *buf)
{
	uint32_t h = 2166136261u;
	double hue, sat, light, c, x, m, r, g, b;

	if (n->kind == NODE_ROOT || n->kind == NODE_PROCESS || n->kind == NODE_THREAD) {
		strcpy(buf, "#dbe4ff");
		return;
	}
	if (name[0] == '[') {
		strcpy(buf, "#ced4da");
		return;
	}
	for (const char *s = name; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	/* HSL to RGB for a hue under 60 degrees (red is the largest, then green) */
	hue = 4 + h % 46;
	sat = (78 + (h >> 8) % 16) / 100.0;
	light = (56 + (h >> 16) % 12) / 100.0;
	c = (light > 0.5 ? 2 - 2 * light : 2 * light) * sat;
	x = c * hue / 60;
	m = light - c / 2;
	r = c + m, g = x + m, b = m;
	snprintf(buf, 8, "#%02x%02x%02x", (int)(r * 255 + 0.5), (int)(g * 255 + 0.5), (int)(b * 255 + 0.5));
}

static void title_write(const struct calltree *t, FILE *out, const struct calltree_node *n, const char *name)
{
	char a[32], b[32], loc[1024];
	const struct model_frame *f = calltree_node_frame(t, n);

	xml_text(out, name, SIZE_MAX);
	fprintf(out, "\n%s, %.1f%% of %s CPU", render_time(t, n->total, a, sizeof(a)),
		calltree_percent(t, n->total), render_time(t, t->weight, b, sizeof(b)));
	if (n->self)
		fprintf(out, " (self %s, %.1f%%)", render_time(t, n->self, a, sizeof(a)),
			calltree_percent(t, n->self));
	if (f && *render_location(t, f, loc, sizeof(loc))) {
		fputc('\n', out);
		xml_text(out, loc, SIZE_MAX);
		if (f->inlined)
			fputs(" (inlined)", out);
	}
}

static void header_write(const struct calltree *t, const struct report_opts *o, FILE *out, double min_weight,
			 size_t left_out)
{
	struct report_summary s;
	char a[32], view[1024];

	report_summary_fill(t, &s);
	fprintf(out, "<text class=\"title\" x=\"%d\" y=\"24\">", SVG_PAD);
	xml_text(out, *s.program ? s.program : "Flame graph", 140);
	fputs("</text>\n", out);
	fprintf(out, "<text class=\"sub\" x=\"%d\" y=\"44\">CPU time %s in %llu samples", SVG_PAD,
		render_time(t, t->weight, a, sizeof(a)), (unsigned long long)s.samples);
	if (s.rate_hz > 0)
		fprintf(out, " at %.0f Hz", s.rate_hz);
	fprintf(out, ", %zu thread%s", s.nthreads, s.nthreads == 1 ? "" : "s");
	if (*render_view(t, view, sizeof(view))) {
		fputs(" \u00b7 ", out);
		xml_text(out, view, 200);
	}
	if (o->min_percent > 0)
		fprintf(out, " \u00b7 nodes under %g%% left out", o->min_percent);
	if (left_out)
		fprintf(out, " \u00b7 %zu frames under %s not drawn", left_out,
			render_time(t, (uint64_t)min_weight + 1, a, sizeof(a)));
	fputs("</text>\n", out);
}

int report_svg(const struct calltree *t, const struct report_opts *o, FILE *out)
{
	const struct calltree_node *nodes = t->nodes;
	uint64_t root = nodes[0].total;
	double scale = root ? (double)(SVG_WIDTH - 2 * SVG_PAD) / (double)root : 0;
	double min_weight = root * SVG_MIN_PX / (SVG_WIDTH - 2 * SVG_PAD);
	uint64_t *xoff = xcalloc(t->nnodes + 1, sizeof(uint64_t));
	uint8_t *drawn = xcalloc(t->nnodes + 1, 1);
	uint32_t max_depth = 0;
	size_t left_out = 0;
	char name[256], color[8];

	/* which nodes are drawn, and where: children left to right, hottest first */
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct calltree_node *n = &nodes[i];
		uint64_t x = xoff[i];
		if (i && (!drawn[n->parent] || !calltree_node_shown(t, n, o->min_percent) ||
			  (double)n->total < min_weight)) {
			left_out += drawn[n->parent] && n->total;
			continue;
		}
		drawn[i] = n->total > 0;
		if (drawn[i] && n->depth > max_depth)
			max_depth = n->depth;
		for (uint32_t k = 0; k < n->nchildren; k++) {
			uint32_t c = t->children[n->child0 + k];
			xoff[c] = x;
			x += nodes[c].total;
		}
	}

	int height = SVG_TOP + (int)(max_depth + 1) * SVG_ROW + SVG_BOTTOM;
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" data-period=\"%.9g\" data-pad=\"%d\" data-row=\"%d\">\n"
		"<!-- ctrace flame graph: width is CPU time. Click a frame to zoom, Search to highlight. -->\n",
		SVG_WIDTH, height, SVG_WIDTH, height, t->m->period_s, SVG_PAD, SVG_ROW);
	fputs("<style>\n", out);
	fputs(asset_flamegraph_css, out);
	fputs("</style>\n", out);
	fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbfc\"/>\n");
	header_write(t, o, out, min_weight, left_out);
	fprintf(out,
		"<g id=\"reset\" class=\"btn hide\">"
		"<rect x=\"%d\" y=\"6\" width=\"86\" height=\"22\" rx=\"6\"/>"
		"<text x=\"%d\" y=\"21\">Reset zoom</text></g>\n"
		"<g id=\"search\" class=\"btn\"><rect x=\"%d\" y=\"6\" width=\"70\" height=\"22\" rx=\"6\"/>"
		"<text x=\"%d\" y=\"21\">Search</text></g>\n",
		SVG_WIDTH - SVG_PAD - 166, SVG_WIDTH - SVG_PAD - 156, SVG_WIDTH - SVG_PAD - 70,
		SVG_WIDTH - SVG_PAD - 57);

	fputs("<g id=\"frames\">\n", out);
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct calltree_node *n = &nodes[i];
		if (!drawn[i])
			continue;
		const char *nm = calltree_node_name(t, n, name, sizeof(name));
		double x = SVG_PAD + (double)xoff[i] * scale, w = (double)n->total * scale;
		double y = SVG_TOP + (double)(max_depth - n->depth) * SVG_ROW;
		long fit = (long)((w - 6) / SVG_CHAR_PX);

		frame_color(n, nm, color);
		fprintf(out, "<g class=\"f\" data-x=\"%llu\" data-w=\"%llu\" data-d=\"%u\"><title>",
			(unsigned long long)xoff[i], (unsigned long long)n->total, n->depth);
		title_write(t, out, n, nm);
		fprintf(out, "</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" rx=\"2\"",
			x, y, w > 1.5 ? w - 1 : w, SVG_ROW - 1);
		fprintf(out, " fill=\"%s\"/>", color);
		fprintf(out, "<text x=\"%.2f\" y=\"%.1f\">", x + 3, y + SVG_ROW - 4.5);
		if (fit >= 3) {
			size_t len = utf8_chars(nm);
			xml_text(out, nm, len > (size_t)fit ? (size_t)fit - 1 : len);
		}
		fputs("</text></g>\n", out);
	}
	fputs("</g>\n", out);
	if (!root)
		fprintf(out, "<text class=\"sub\" x=\"%d\" y=\"%d\">No samples in this view.</text>\n", SVG_PAD,
			SVG_TOP + SVG_ROW - 4);
	fprintf(out, "<text id=\"details\" x=\"%d\" y=\"%d\">%s</text>\n", SVG_PAD, height - 10,
		root ? "Click a frame to zoom, Search (or Ctrl+F) to highlight names." : " ");
	fprintf(out, "<text id=\"matched\" x=\"%d\" y=\"%d\" text-anchor=\"end\"> </text>\n",
		SVG_WIDTH - SVG_PAD, height - 10);
	fputs("<script type=\"text/ecmascript\"><![CDATA[\n", out);
	fputs(asset_flamegraph_js, out);
	fputs("]]></script>\n</svg>\n", out);
	free(xoff);
	free(drawn);
	return ferror(out) ? -1 : 0;
}
