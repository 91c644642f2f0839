/* arena.h — bump allocator. One arena per catalog and per run: objects are never freed one by one,
 * the whole arena goes at once with arena_release(). Allocation never fails (exits on OOM). */
#ifndef STRATA_UTIL_ARENA_H
#define STRATA_UTIL_ARENA_H

#include "strata.h"

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
	ArenaBlock *head;
	size_t used_total;
} Arena;

void arena_init(Arena *a);
void arena_release(Arena *a);
void *arena_alloc(Arena *a, size_t n);       /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s); /* NULL in, NULL out */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_sprintf(Arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);

#define arena_new(a, T)      ((T *)arena_alloc((a), sizeof(T)))
#define arena_array(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (n)))

#endif
