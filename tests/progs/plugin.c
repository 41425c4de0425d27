/* plugin.c - a library to dlopen; built twice, as libpluga.so and
 * libplugb.so, with different names and different code (b does twice the
 * work per call through an extra frame). */
#include "workload.h"

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

#ifndef PLUGIN_NAME
#define PLUGIN_NAME pluga
#endif

NOINLINE void CAT(PLUGIN_NAME, _inner)(long n) { burn(n); }

void CAT(PLUGIN_NAME, _spin)(long n)
{
	CAT(PLUGIN_NAME, _inner)(n);
	__asm__ volatile("");
}
