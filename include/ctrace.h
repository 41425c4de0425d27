/* ctrace.h - the public API a profiled program may call (regions come
 * next). Nothing here is needed to be profiled: `ctrace run` works on
 * unmodified binaries. */
#ifndef CTRACE_H
#define CTRACE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header's API. */
#define CTRACE_API_VERSION 1

#ifdef __cplusplus
}
#endif

#endif
