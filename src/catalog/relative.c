/* relative.c — stored expression texts made relative to a search_path (see relative.h): the model keeps
 * what the migrations wrote (`public.lower(x)`, `nextval('public.s'::regclass)`, `FROM public.posts` from a
 * pg_dump file run with an empty search_path), the server prints names visible on the search_path of the
 * session that reads them unqualified. */
#include "strata.h"
#include "catalog/relative.h"
#include "catalog/normalize.h"

static const char *unq(Catalog *cat, const char *text, bool is_expr, const char *const *path, size_t npath)
{
	return sql_unqualify(&cat->arena, text, is_expr, path, npath);
}

void catalog_unqualify(Catalog *cat, const char *const *path, size_t npath)
{
	if (!npath)
		return;
	const char *key;
	void *val;
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_TABLE], &it, &key, &val);) {
		CatTable *t = val;
		for (size_t i = 0; i < t->columns.n; i++) {
			CatColumn *c = t->columns.items[i];
			c->default_expr = unq(cat, c->default_expr, true, path, npath);
			c->generated = unq(cat, c->generated, true, path, npath);
		}
	}
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_CONSTRAINT], &it, &key, &val);) {
		CatConstraint *k = val;
		k->check_expr = unq(cat, k->check_expr, true, path, npath);
	}
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_INDEX], &it, &key, &val);) {
		CatIndex *x = val;
		for (size_t i = 0; i < x->nkeys; i++)
			x->keys[i].expr = unq(cat, x->keys[i].expr, true, path, npath);
		x->predicate = unq(cat, x->predicate, true, path, npath);
	}
	for (int kind = OBJ_VIEW; kind <= OBJ_MATVIEW; kind++)
		for (size_t it = 0; hmap_next(&cat->by_kind[kind], &it, &key, &val);) {
			CatView *v = val;
			v->definition = unq(cat, v->definition, false, path, npath);
		}
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_POLICY], &it, &key, &val);) {
		CatPolicy *p = val;
		p->using_expr = unq(cat, p->using_expr, true, path, npath);
		p->with_check_expr = unq(cat, p->with_check_expr, true, path, npath);
	}
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_TRIGGER], &it, &key, &val);) {
		CatTrigger *tg = val;
		tg->when_expr = unq(cat, tg->when_expr, true, path, npath);
	}
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_TYPE], &it, &key, &val);) {
		CatType *ty = val;
		ty->default_expr = unq(cat, ty->default_expr, true, path, npath);
		for (size_t i = 0; i < ty->nchecks; i++)
			ty->checks[i].expr = unq(cat, ty->checks[i].expr, true, path, npath);
	}
}
