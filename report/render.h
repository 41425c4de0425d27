/* render.h - what the human-readable renderers (text, top, markdown) share:
 * source locations, times, colors by share and the view's description. */
#ifndef CTRACE_RENDER_H
#define CTRACE_RENDER_H

#include <stddef.h>

#include "model.h"

#define COLOR_RESET "\033[0m"
#define COLOR_DIM "\033[2m"
#define COLOR_BOLD "\033[1m"
#define COLOR_GROUP "\033[36m"

/* "file:line" (the file relative to the recording's directory when under
 * it), "file", "[module]" without source, "" for nothing known. */
const char *render_location(const struct calltree *t, const struct model_frame *f, char *buf, size_t len);
/* "1.27 s", "953.0 ms" for a weight. */
const char *render_time(const struct calltree *t, uint64_t weight, char *buf, size_t len);
/* The ANSI color for a share of the total, "" when none. */
const char *render_share_color(double percent);
/* The view's options in words ("focus 'hot', inverted"), "" when none. */
const char *render_view(const struct calltree *t, char *buf, size_t len);

/* S with control characters replaced by '?' (into BUF, truncated, when
 * there are any), so that a profile cannot drive the terminal. */
const char *render_safe(const char *s, char *buf, size_t len);
/* The bottleneck table, ROWS rows (0: all), ordered by o->sort_total. */
void render_table(const struct calltree *t, const struct report_opts *o, FILE *out, long rows);
/* The header: program, duration, CPU time, samples, rates, losses, view. */
void render_header(const struct calltree *t, FILE *out);

#endif
