/* strata.h — the project prelude: standard headers, allocation helpers and attributes every file uses.
 * Include it first in every .c file. It deliberately includes no module headers. */
#ifndef STRATA_STRATA_H
#define STRATA_STRATA_H

#define _GNU_SOURCE 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRATA_VERSION "0.1.0"

#define WARN_UNUSED       __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN          __attribute__((noreturn))
#define ARRAY_LEN(a)      (sizeof(a) / sizeof((a)[0]))

/* Allocation that cannot fail: on out-of-memory these print one line and exit(2). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Exit codes shared by every subcommand (DESIGN.md §4.5). */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_LOCKED = 3 };

#endif
