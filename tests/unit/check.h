/* check.h - the unit tests' assertions: one "ok - ..." or "not ok - ..."
 * line each, and the closing "N passed, M failed" line of check_summary. */
#ifndef CTRACE_CHECK_H
#define CTRACE_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int check_passed, check_failed;

static __attribute__((format(printf, 2, 3))) int check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		check_passed++;
	else
		check_failed++;
	return ok;
}

/* Prints the summary line; returns main's exit status. */
static int check_summary(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}

#endif
