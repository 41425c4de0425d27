/* embed.h - puts a file of report/assets/ into the binary at build time:
 * ASSET_EMBED(sym, "report/assets/x.js") defines `const char sym[]`, the
 * file's bytes and a terminating NUL. The assembler reads the file (paths
 * are relative to the top of the tree, where make runs the compiler); the
 * Makefile rebuilds the binaries when an asset changes. */
#ifndef CTRACE_ASSETS_EMBED_H
#define CTRACE_ASSETS_EMBED_H

#define ASSET_EMBED(sym, path)                                                                      \
	__asm__(".pushsection .rodata\n"                                                            \
		".balign 16\n"                                                                      \
		".type " #sym ", @object\n" #sym ":\n"                                              \
		".incbin \"" path "\"\n"                                                            \
		".byte 0\n"                                                                         \
		".size " #sym ", . - " #sym "\n"                                                    \
		".popsection\n");                                                                   \
	extern const char sym[] __asm__(#sym)

#endif
