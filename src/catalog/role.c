/* role.c — the roles of the model and PostgreSQL's membership rules over them (see role.h). */
#include "strata.h"
#include "catalog/role.h"

CatRole *cat_role_find(const Catalog *cat, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < cat->roles.list.n; i++) {
		CatRole *r = cat->roles.list.items[i];
		if (!strcmp(r->name, name))
			return r;
	}
	return NULL;
}

CatRole *cat_role_add(Catalog *cat, const char *name)
{
	CatRole *r = arena_alloc(&cat->arena, sizeof(CatRole));
	memset(r, 0, sizeof(*r));
	r->name = arena_strdup(&cat->arena, name);
	r->inherit = true;
	ptrlist_push(&cat->arena, &cat->roles.list, r);
	return r;
}

void cat_role_revoke(CatRole *r, const char *group)
{
	for (size_t i = 0; i < r->nmember_of; i++)
		if (!strcmp(r->member_of[i], group)) {
			memmove(&r->member_of[i], &r->member_of[i + 1],
			        (r->nmember_of - i - 1) * sizeof(char *));
			r->nmember_of--;
			return;
		}
}

void cat_role_remove(Catalog *cat, const char *name)
{
	PtrList *l = &cat->roles.list;
	for (size_t i = 0; i < l->n;) {
		CatRole *r = l->items[i];
		if (!strcmp(r->name, name)) {
			memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof(void *));
			l->n--;
			continue;
		}
		cat_role_revoke(r, name);
		i++;
	}
}

void cat_role_grant(Catalog *cat, CatRole *r, const char *group)
{
	for (size_t i = 0; i < r->nmember_of; i++)
		if (!strcmp(r->member_of[i], group))
			return;
	if (r->nmember_of == r->capmember_of) {
		size_t nc = r->capmember_of ? r->capmember_of * 2 : 4;
		const char **n = arena_array(&cat->arena, const char *, nc);
		if (r->nmember_of)
			memcpy(n, r->member_of, r->nmember_of * sizeof(char *));
		r->member_of = n;
		r->capmember_of = nc;
	}
	r->member_of[r->nmember_of++] = arena_strdup(&cat->arena, group);
}

bool cat_role_unrestricted(const Catalog *cat, const char *role)
{
	const CatRole *r = cat_role_find(cat, role);
	return !r || r->superuser;
}

/* Depth-first walk of FROM's inherited memberships looking for TARGET (roles_is_member_of with
 * ROLERECURSE_PRIVS); DEPTH bounds cycles (PostgreSQL refuses circular grants, the model may not know). */
static bool privs_walk(const Catalog *cat, const CatRole *from, const char *target, int depth)
{
	if (depth > 64 || !from->inherit)
		return false;
	for (size_t i = 0; i < from->nmember_of; i++) {
		const char *g = from->member_of[i];
		if (!strcmp(g, target))
			return true;
		const CatRole *gr = cat_role_find(cat, g);
		if (!gr || privs_walk(cat, gr, target, depth + 1))
			return true; /* an unknown role on the way may lead anywhere */
	}
	return false;
}

bool cat_role_has_privs(const Catalog *cat, const char *member, const char *role)
{
	if (!member || !role || !strcmp(member, role))
		return true;
	const CatRole *m = cat_role_find(cat, member);
	if (!m || m->superuser || !cat_role_find(cat, role))
		return true;
	return privs_walk(cat, m, role, 0);
}

const char *cat_object_rolowner(const CatObject *o)
{
	while (o && o->owner && !o->rolowner)
		o = o->owner;
	return o ? o->rolowner : NULL;
}

void cat_roles_copy(Catalog *dst, const Catalog *src)
{
	Arena *a = &dst->arena;
	PtrList l = {0};
	for (size_t i = 0; i < src->roles.list.n; i++) {
		const CatRole *s = src->roles.list.items[i];
		CatRole *r = arena_alloc(a, sizeof(CatRole));
		*r = *s;
		r->name = arena_strdup(a, s->name);
		r->member_of = arena_array(a, const char *, s->nmember_of ? s->nmember_of : 1);
		r->capmember_of = s->nmember_of ? s->nmember_of : 1;
		for (size_t k = 0; k < s->nmember_of; k++)
			r->member_of[k] = arena_strdup(a, s->member_of[k]);
		ptrlist_push(a, &l, r);
	}
	dst->roles.list = l;
	dst->roles.complete = src->roles.complete;
	dst->roles.login_role = arena_strdup(a, src->roles.login_role);
	dst->roles.session_role = arena_strdup(a, src->roles.session_role);
}
