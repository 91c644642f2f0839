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
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_FUNCTION], &it, &key, &val);) {
		CatFunction *f = val;
		if (f->body && f->language && !strcmp(f->language, "sql") &&
		    (!strncmp(f->body, "RETURN ", 7) || !strncmp(f->body, "BEGIN ATOMIC", 12)))
			f->body = sqlbody_unqualify(&cat->arena, f->body, path, npath);
	}
	for (size_t it = 0; hmap_next(&cat->by_kind[OBJ_TYPE], &it, &key, &val);) {
		CatType *ty = val;
		ty->default_expr = unq(cat, ty->default_expr, true, path, npath);
		for (size_t i = 0; i < ty->nchecks; i++)
			ty->checks[i].expr = unq(cat, ty->checks[i].expr, true, path, npath);
	}
}

/* One stored text moved (sql_move_name). */
static const char *mv(Catalog *cat, const char *text, int form, char kind, const char *old_schema,
                      const char *name, const char *new_schema)
{
	return sql_move_name(&cat->arena, text, form, kind, old_schema, name, new_schema);
}

void catalog_move_names(Catalog *cat, char kind, const char *old_schema, const char *name,
                        const char *new_schema)
{
	if (!old_schema || !new_schema || !strcmp(old_schema, new_schema))
		return;
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->dropped)
			continue;
		switch (o->kind) {
		case OBJ_TABLE: {
			CatTable *t = (CatTable *)o;
			for (size_t k = 0; k < t->columns.n; k++) {
				CatColumn *c = t->columns.items[k];
				c->default_expr =
				    mv(cat, c->default_expr, 1, kind, old_schema, name, new_schema);
				c->default_src =
				    mv(cat, c->default_src, 1, kind, old_schema, name, new_schema);
				c->generated = mv(cat, c->generated, 1, kind, old_schema, name, new_schema);
				c->generated_src =
				    mv(cat, c->generated_src, 1, kind, old_schema, name, new_schema);
			}
			break;
		}
		case OBJ_CONSTRAINT: {
			CatConstraint *k = (CatConstraint *)o;
			k->check_expr = mv(cat, k->check_expr, 1, kind, old_schema, name, new_schema);
			k->check_src = mv(cat, k->check_src, 1, kind, old_schema, name, new_schema);
			break;
		}
		case OBJ_INDEX: {
			CatIndex *x = (CatIndex *)o;
			for (size_t k = 0; k < x->nkeys; k++) {
				x->keys[k].expr =
				    mv(cat, x->keys[k].expr, 1, kind, old_schema, name, new_schema);
				x->keys[k].expr_src =
				    mv(cat, x->keys[k].expr_src, 1, kind, old_schema, name, new_schema);
			}
			x->predicate = mv(cat, x->predicate, 1, kind, old_schema, name, new_schema);
			x->predicate_src = mv(cat, x->predicate_src, 1, kind, old_schema, name, new_schema);
			break;
		}
		case OBJ_VIEW:
		case OBJ_MATVIEW: {
			CatView *v = (CatView *)o;
			v->definition = mv(cat, v->definition, 0, kind, old_schema, name, new_schema);
			break;
		}
		case OBJ_POLICY: {
			CatPolicy *p = (CatPolicy *)o;
			p->using_expr = mv(cat, p->using_expr, 1, kind, old_schema, name, new_schema);
			p->with_check_expr =
			    mv(cat, p->with_check_expr, 1, kind, old_schema, name, new_schema);
			break;
		}
		case OBJ_TRIGGER: {
			CatTrigger *tg = (CatTrigger *)o;
			tg->when_expr = mv(cat, tg->when_expr, 1, kind, old_schema, name, new_schema);
			break;
		}
		case OBJ_TYPE: {
			CatType *ty = (CatType *)o;
			ty->default_expr = mv(cat, ty->default_expr, 1, kind, old_schema, name, new_schema);
			for (size_t k = 0; k < ty->nchecks; k++)
				ty->checks[k].expr =
				    mv(cat, ty->checks[k].expr, 1, kind, old_schema, name, new_schema);
			break;
		}
		case OBJ_FUNCTION: {
			CatFunction *f = (CatFunction *)o;
			if (f->body && f->language && !strcmp(f->language, "sql") &&
			    (!strncmp(f->body, "RETURN ", 7) || !strncmp(f->body, "BEGIN ATOMIC", 12)))
				f->body = mv(cat, f->body, 2, kind, old_schema, name, new_schema);
			break;
		}
		default:
			break;
		}
	}
}

/* One stored text of a user of a renamed function (FORM as sql_move_name's). */
static const char *rn(Catalog *cat, const char *text, int form, const CatFunction *fn, const char *old)
{
	return sql_rename_function(&cat->arena, text, form, fn->h.schema, old, fn->h.name, (int)fn->nargs);
}

void catalog_rename_function_refs(Catalog *cat, const CatFunction *fn, const char *old)
{
	for (size_t i = 0; i < fn->h.rdeps.n; i++) {
		CatObject *o = fn->h.rdeps.items[i];
		if (o->dropped)
			continue;
		switch (o->kind) {
		case OBJ_TABLE: {
			CatTable *t = (CatTable *)o;
			for (size_t k = 0; k < t->columns.n; k++) {
				CatColumn *c = t->columns.items[k];
				/* only the columns whose default or generation expression calls FN (an
				 * overload called elsewhere keeps its name) */
				bool uses = false;
				for (size_t d = 0; d < o->ndeps && !uses; d++)
					uses = o->deps[d].on == &fn->h &&
					       (!o->deps[d].from_column ||
					        !strcmp(o->deps[d].from_column, c->name));
				if (!uses)
					continue;
				c->default_expr = rn(cat, c->default_expr, 1, fn, old);
				c->default_src = rn(cat, c->default_src, 1, fn, old);
				c->generated = rn(cat, c->generated, 1, fn, old);
				c->generated_src = rn(cat, c->generated_src, 1, fn, old);
			}
			break;
		}
		case OBJ_CONSTRAINT: {
			CatConstraint *k = (CatConstraint *)o;
			k->check_expr = rn(cat, k->check_expr, 1, fn, old);
			k->check_src = rn(cat, k->check_src, 1, fn, old);
			break;
		}
		case OBJ_INDEX: {
			CatIndex *x = (CatIndex *)o;
			for (size_t k = 0; k < x->nkeys; k++) {
				x->keys[k].expr = rn(cat, x->keys[k].expr, 1, fn, old);
				x->keys[k].expr_src = rn(cat, x->keys[k].expr_src, 1, fn, old);
			}
			x->predicate = rn(cat, x->predicate, 1, fn, old);
			x->predicate_src = rn(cat, x->predicate_src, 1, fn, old);
			break;
		}
		case OBJ_VIEW:
		case OBJ_MATVIEW: {
			CatView *v = (CatView *)o;
			v->definition = rn(cat, v->definition, 0, fn, old);
			break;
		}
		case OBJ_POLICY: {
			CatPolicy *p = (CatPolicy *)o;
			p->using_expr = rn(cat, p->using_expr, 1, fn, old);
			p->with_check_expr = rn(cat, p->with_check_expr, 1, fn, old);
			break;
		}
		case OBJ_TRIGGER: {
			CatTrigger *tg = (CatTrigger *)o;
			tg->when_expr = rn(cat, tg->when_expr, 1, fn, old);
			break;
		}
		case OBJ_TYPE: {
			CatType *ty = (CatType *)o;
			ty->default_expr = rn(cat, ty->default_expr, 1, fn, old);
			for (size_t k = 0; k < ty->nchecks; k++)
				ty->checks[k].expr = rn(cat, ty->checks[k].expr, 1, fn, old);
			break;
		}
		case OBJ_FUNCTION: {
			CatFunction *f = (CatFunction *)o;
			if (f->body && f->language && !strcmp(f->language, "sql") &&
			    (!strncmp(f->body, "RETURN ", 7) || !strncmp(f->body, "BEGIN ATOMIC", 12)))
				f->body = rn(cat, f->body, 2, fn, old);
			break;
		}
		default:
			break;
		}
	}
}
