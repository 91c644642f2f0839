/* hmap.h — the one hash map: NUL-terminated string keys → void* values, open addressing.
 * Keys are not copied: the caller keeps them alive (usually in an arena) as long as the map. */
#ifndef STRATA_UTIL_HMAP_H
#define STRATA_UTIL_HMAP_H

#include "strata.h"

typedef struct HMapSlot {
	const char *key; /* NULL: empty; HMAP_TOMBSTONE: deleted */
	uint64_t hash;
	void *value;
} HMapSlot;

typedef struct HMap {
	HMapSlot *slots;
	size_t cap;  /* power of two or 0 */
	size_t n;    /* live entries */
	size_t used; /* live + tombstones */
} HMap;

#define HMAP_INIT             \
	{                     \
		NULL, 0, 0, 0 \
	}

void hmap_init(HMap *m);
void hmap_release(HMap *m);
void *hmap_get(const HMap *m, const char *key); /* NULL when absent */
bool hmap_has(const HMap *m, const char *key);
const char *hmap_key(const HMap *m, const char *key); /* the stored key equal to KEY, or NULL */
void hmap_put(HMap *m, const char *key, void *value); /* insert or replace */
void *hmap_del(HMap *m, const char *key);             /* returns old value or NULL */
uint64_t hmap_hash(const char *key);

/* Copy SRC into DST (initialised here) slot for slot, so that DST iterates in SRC's order without rehashing.
 * FN is called for each live entry with its key and value: it returns the new value and may replace *KEY
 * (keys are not copied: the new key must live as long as DST). */
typedef void *(*HMapCopyFn)(void *ud, const char **key, void *value);
void hmap_copy(HMap *dst, const HMap *src, HMapCopyFn fn, void *ud);

/* Iterate: for (size_t i = 0; hmap_next(m, &i, &k, &v);) { ... } */
bool hmap_next(const HMap *m, size_t *iter, const char **key, void **value);

#endif
