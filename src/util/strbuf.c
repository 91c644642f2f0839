/* strbuf.c — growable string builder (see strbuf.h). */
#include "strata.h"
#include "util/strbuf.h"

void sb_init(StrBuf *sb)
{
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void sb_release(StrBuf *sb)
{
	free(sb->data);
	sb_init(sb);
}

void sb_reset(StrBuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

void sb_grow(StrBuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->data = xrealloc(sb->data, cap);
	sb->cap = cap;
}

void sb_append_n(StrBuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void sb_append(StrBuf *sb, const char *s)
{
	sb_append_n(sb, s, strlen(s));
}

void sb_putc(StrBuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		sb_grow(sb, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}

void sb_vappendf(StrBuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	/* GCC 12 with -fsanitize=undefined warns "null format string" (fatal under -Werror) unless it
	 * can see that FMT is not NULL */
	if (!fmt)
		return;
	/* print into the room there is; only when it does not fit, grow and print again (one vsnprintf
	 * instead of a measuring one and a printing one, most of the time) */
	size_t room = sb->cap > sb->len ? sb->cap - sb->len : 0;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? sb->data + sb->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (sb->data)
			sb->data[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void sb_appendf(StrBuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vappendf(sb, fmt, ap);
	va_end(ap);
}

char *sb_detach(StrBuf *sb)
{
	char *s = sb->data ? sb->data : xstrdup("");
	sb_init(sb);
	return s;
}

const char *sb_str(const StrBuf *sb)
{
	return sb->data ? sb->data : "";
}
