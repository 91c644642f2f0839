/* strbuf.h — the one growable string builder. Always NUL-terminated; data is owned by the StrBuf. */
#ifndef STRATA_UTIL_STRBUF_H
#define STRATA_UTIL_STRBUF_H

#include "strata.h"

typedef struct StrBuf {
	char *data;
	size_t len;
	size_t cap;
} StrBuf;

#define STRBUF_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void sb_init(StrBuf *sb);
void sb_release(StrBuf *sb); /* frees data, leaves an empty buffer */
void sb_reset(StrBuf *sb);   /* length 0, keeps capacity */
void sb_grow(StrBuf *sb, size_t extra);
void sb_putc(StrBuf *sb, char c);
void sb_append(StrBuf *sb, const char *s);
void sb_append_n(StrBuf *sb, const char *s, size_t n);
void sb_appendf(StrBuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void sb_vappendf(StrBuf *sb, const char *fmt, va_list ap);
char *sb_detach(StrBuf *sb);          /* caller owns the returned string; buffer becomes empty */
const char *sb_str(const StrBuf *sb); /* "" when empty */

#endif
