/* arena.c — bump allocator in growing blocks (see arena.h). */
#include "strata.h"
#include "util/arena.h"

struct ArenaBlock {
	ArenaBlock *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

void arena_init(Arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void arena_release(Arena *a)
{
	ArenaBlock *b = a->head;
	while (b) {
		ArenaBlock *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void *arena_alloc(Arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!a->head || a->head->used + n > a->head->size) {
		size_t size = 64 * 1024;
		if (n > size / 4)
			size = n; /* big request: its own block, behind the current one */
		ArenaBlock *b = xmalloc(sizeof(ArenaBlock) + size);
		b->size = size;
		b->used = 0;
		if (a->head && size == n) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		if (size == n) {
			b->used = n;
			a->used_total += n;
			memset(b->data, 0, n);
			return b->data;
		}
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	a->used_total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(Arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_sprintf(Arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	/* GCC 12 with -fsanitize=undefined warns "null format string" (fatal under -Werror) unless it
	 * can see that FMT is not NULL */
	if (!fmt)
		fmt = "";
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}
