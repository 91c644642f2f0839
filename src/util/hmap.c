/* hmap.c — string-keyed open-addressing hash map with linear probing (see hmap.h). */
#include "strata.h"
#include "util/hmap.h"

static const char tombstone_mark;
#define HMAP_TOMBSTONE (&tombstone_mark)

uint64_t hmap_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h;
}

void hmap_init(HMap *m)
{
	memset(m, 0, sizeof(*m));
}

void hmap_release(HMap *m)
{
	free(m->slots);
	hmap_init(m);
}

static HMapSlot *find_slot(const HMap *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		HMapSlot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (s->key != HMAP_TOMBSTONE && s->hash == h && strcmp(s->key, key) == 0)
			return s;
	}
}

static void rehash(HMap *m, size_t cap)
{
	HMapSlot *old = m->slots;
	size_t oldcap = m->cap;
	m->slots = xcalloc(cap, sizeof(HMapSlot));
	m->cap = cap;
	m->n = m->used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key && old[i].key != HMAP_TOMBSTONE)
			hmap_put(m, old[i].key, old[i].value);
	free(old);
}

void *hmap_get(const HMap *m, const char *key)
{
	HMapSlot *s = find_slot(m, key, hmap_hash(key));
	return s ? s->value : NULL;
}

bool hmap_has(const HMap *m, const char *key)
{
	return find_slot(m, key, hmap_hash(key)) != NULL;
}

const char *hmap_key(const HMap *m, const char *key)
{
	HMapSlot *s = find_slot(m, key, hmap_hash(key));
	return s ? s->key : NULL;
}

void hmap_put(HMap *m, const char *key, void *value)
{
	uint64_t h = hmap_hash(key);
	HMapSlot *s = find_slot(m, key, h);
	if (s) {
		s->value = value;
		return;
	}
	if ((m->used + 1) * 4 >= m->cap * 3)
		rehash(m, m->cap ? (m->n * 2 >= m->cap ? m->cap * 2 : m->cap) : 16);
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		s = &m->slots[i];
		if (!s->key || s->key == HMAP_TOMBSTONE) {
			if (!s->key)
				m->used++;
			s->key = key;
			s->hash = h;
			s->value = value;
			m->n++;
			return;
		}
	}
}

void *hmap_del(HMap *m, const char *key)
{
	HMapSlot *s = find_slot(m, key, hmap_hash(key));
	if (!s)
		return NULL;
	void *v = s->value;
	s->key = HMAP_TOMBSTONE;
	s->value = NULL;
	m->n--;
	return v;
}

void hmap_copy(HMap *dst, const HMap *src, HMapCopyFn fn, void *ud)
{
	*dst = *src;
	if (!src->cap)
		return;
	dst->slots = xmalloc(src->cap * sizeof(HMapSlot));
	memcpy(dst->slots, src->slots, src->cap * sizeof(HMapSlot));
	for (size_t i = 0; i < dst->cap; i++) {
		HMapSlot *s = &dst->slots[i];
		if (s->key && s->key != HMAP_TOMBSTONE)
			s->value = fn(ud, &s->key, s->value);
	}
}

bool hmap_next(const HMap *m, size_t *iter, const char **key, void **value)
{
	while (*iter < m->cap) {
		HMapSlot *s = &m->slots[(*iter)++];
		if (s->key && s->key != HMAP_TOMBSTONE) {
			if (key)
				*key = s->key;
			if (value)
				*value = s->value;
			return true;
		}
	}
	return false;
}
