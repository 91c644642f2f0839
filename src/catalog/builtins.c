/* builtins.c — lookups over the generated pg_catalog tables (pg_builtins.c): types by oid and name,
 * functions and operators by name, casts by (source, target). */
#include "strata.h"
#include "catalog/builtins.h"
#include "util/hmap.h"

#include <pthread.h>

static HMap by_name;
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

/* typname and format_type text → index + 1 (0 is "absent" for hmap_get). Built once, kept for the process
 * (the keys are the static strings of the tables). */
static void build_by_name(void)
{
	hmap_init(&by_name);
	for (size_t i = 0; i < pg_nbtypes; i++) {
		if (!hmap_has(&by_name, pg_btypes[i].name))
			hmap_put(&by_name, pg_btypes[i].name, (void *)(uintptr_t)(i + 1));
		if (!hmap_has(&by_name, pg_btypes[i].format))
			hmap_put(&by_name, pg_btypes[i].format, (void *)(uintptr_t)(i + 1));
	}
}

uint16_t pgb_type_by_oid(uint32_t oid)
{
	size_t lo = 0, hi = pg_nbtypes;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (pg_btypes[mid].oid < oid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pg_nbtypes && pg_btypes[lo].oid == oid ? (uint16_t)lo : PGB_NONE;
}

uint16_t pgb_type_by_name(const char *name)
{
	pthread_once(&by_name_once, build_by_name);
	uintptr_t v = (uintptr_t)hmap_get(&by_name, name);
	return v ? (uint16_t)(v - 1) : PGB_NONE;
}

bool pgb_is_pseudo_type(const char *name)
{
	uint16_t t = name ? pgb_type_by_name(name) : PGB_NONE;
	return t != PGB_NONE && pg_btypes[t].typtype == 'p';
}

bool pgb_is_polymorphic_type(const char *name)
{
	static const char *const poly[] = {"anyelement",
	                                   "anyarray",
	                                   "anynonarray",
	                                   "anyenum",
	                                   "anyrange",
	                                   "anymultirange",
	                                   "anycompatible",
	                                   "anycompatiblearray",
	                                   "anycompatiblenonarray",
	                                   "anycompatiblerange",
	                                   "anycompatiblemultirange"};
	for (size_t i = 0; name && i < ARRAY_LEN(poly); i++)
		if (!strcmp(name, poly[i]))
			return true;
	return false;
}

/* The run of entries named NAME in a table sorted by name (strcmp order); ELEM/NAME_AT read entry I. */
static size_t named_range(const char *name, size_t n, const char *(*name_at)(size_t), size_t *first)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(name_at(mid), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && !strcmp(name_at(end), name))
		end++;
	*first = lo;
	return end - lo;
}

static const char *func_name_at(size_t i)
{
	return pg_bfuncs[i].name;
}

static const char *oper_name_at(size_t i)
{
	return pg_bopers[i].name;
}

size_t pgb_funcs_named(const char *name, size_t *first)
{
	return named_range(name, pg_nbfuncs, func_name_at, first);
}

size_t pgb_opers_named(const char *name, size_t *first)
{
	return named_range(name, pg_nbopers, oper_name_at, first);
}

const PgBCast *pgb_cast(uint16_t source, uint16_t target)
{
	size_t lo = 0, hi = pg_nbcasts;
	uint32_t key = (uint32_t)source << 16 | target;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint32_t k = (uint32_t)pg_bcasts[mid].source << 16 | pg_bcasts[mid].target;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < pg_nbcasts && pg_bcasts[lo].source == source && pg_bcasts[lo].target == target)
		return &pg_bcasts[lo];
	return NULL;
}

const PgBFunc *pgb_oper_func(const PgBOper *o)
{
	size_t first, n = pgb_funcs_named(o->func, &first);
	for (size_t i = 0; i < n; i++) {
		const PgBFunc *f = &pg_bfuncs[first + i];
		const uint16_t *a = &pg_bfunc_args[f->args];
		if (o->kind == 'b' && f->nargs == 2 && a[0] == o->left && a[1] == o->right)
			return f;
		if (o->kind == 'l' && f->nargs == 1 && a[0] == o->right)
			return f;
	}
	return NULL;
}

size_t pgb_opclasses_of(const char *am, size_t *first)
{
	size_t lo = 0, hi = pg_nbopclasses;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(pg_bopclasses[mid].am, am) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < pg_nbopclasses && !strcmp(pg_bopclasses[end].am, am))
		end++;
	*first = lo;
	return end - lo;
}
