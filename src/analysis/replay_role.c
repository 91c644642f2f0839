/* replay_role.c — roles, ownership and the privilege checks built on them, as PostgreSQL has them:
 * CREATE/ALTER/DROP ROLE and membership (commands/user.c), the current and session user (miscinit.c SET ROLE,
 * SET SESSION AUTHORIZATION), object owners and the ownership checks of aclchk.c (pg_class_ownercheck & co),
 * ALTER ... OWNER TO, DROP OWNED and REASSIGN OWNED (catalog/pg_shdepend.c shdepDropOwned,
 * shdepReassignOwned; commands/policy.c RemoveRoleFromObjectPolicy).
 *
 * What the model knows: the roles the history creates, plus the user the replay starts as (a superuser when
 * nothing else is known). A role it does not know may exist (made outside the history): it is never reported
 * missing and is treated as able to do anything, so no check here can refuse what PostgreSQL accepts.
 * Privileges granted with GRANT are not modelled: only ownership (which no GRANT gives) and the superuser
 * attribute are checked. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "catalog/role.h"

#define OT(x) PG_QUERY__OBJECT_TYPE__OBJECT_##x

/* ---- roles named by statements ---- */

const char *rp_role_spec(ReplayState *st, const PgQuery__RoleSpec *rs)
{
	if (!rs)
		return NULL;
	switch (rs->roletype) {
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
		return rs->rolename;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
		return st->user;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
		return st->cat->roles.session_role ? st->cat->roles.session_role : st->user;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
		return "public";
	default:
		return NULL;
	}
}

static const char *node_role(ReplayState *st, const PgQuery__Node *n)
{
	if (!n)
		return NULL;
	if (n->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC)
		return rp_role_spec(st, n->role_spec);
	if (n->node_case == PG_QUERY__NODE__NODE_ACCESS_PRIV)
		return n->access_priv->priv_name;
	return rp_str(n);
}

static Diag *privilege_error(ReplayState *st, int off, const char *fmt, const char *a, const char *b)
{
	Diag *d = rp_diag(st, SEV_ERROR, "insufficient-privilege", off, fmt, a, b);
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "42501");
	return d;
}

/* Is the current role unrestricted (a superuser, or a role the model does not know)? */
static bool unrestricted(ReplayState *st)
{
	return cat_role_unrestricted(st->cat, st->user);
}

void rp_role_init(ReplayState *st)
{
	CatRoles *r = &st->cat->roles;
	r->login_role = arena_strdup(&st->cat->arena, st->user); /* a new session logs in as ST->user */
	r->session_role = arena_strdup(&st->cat->arena, st->user);
	if (!cat_role_find(st->cat, st->user) && !r->complete) {
		CatRole *u = cat_role_add(st->cat, st->user);
		u->superuser = true;
		u->assumed = true;
	}
}

void rp_role_session_start(ReplayState *st)
{
	st->cat->roles.session_role = arena_strdup(&st->cat->arena, st->user);
}

static bool in_list(const char *s, const char **l, size_t n);
static void acl_edit(ReplayState *st, const char ***list, size_t *n, const char *role, bool add);
static bool schema_grants(ReplayState *st, const char *role, bool revoke, const char **where);

/* ---- CREATE / ALTER / DROP ROLE, GRANT role ---- */

static bool defelem_bool(const PgQuery__DefElem *d, bool dflt)
{
	if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		return d->arg->boolean->boolval;
	if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
		return d->arg->integer->ival != 0;
	return dflt;
}

/* Apply role options (CreateRole / AlterRole's DefElems) to R; ACTION -1 drops the listed members (ALTER
 * GROUP ... DROP USER). */
static void role_options(ReplayState *st, CatRole *r, PgQuery__Node **opts, size_t n, int action)
{
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = opts[i]->def_elem;
		if (!d->defname)
			continue;
		if (!strcmp(d->defname, "superuser"))
			r->superuser = r->assumed || defelem_bool(d, true);
		else if (!strcmp(d->defname, "inherit"))
			r->inherit = defelem_bool(d, true);
		else if (!strcmp(d->defname, "addroleto") || !strcmp(d->defname, "rolemembers") ||
		         !strcmp(d->defname, "adminmembers")) {
			bool in_role = !strcmp(d->defname, "addroleto");
			if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
				continue;
			for (size_t k = 0; k < d->arg->list->n_items; k++) {
				const char *other = node_role(st, d->arg->list->items[k]);
				if (!other)
					continue;
				if (in_role) {
					cat_role_grant(st->cat, r, other);
					continue;
				}
				CatRole *m = cat_role_find(st->cat, other);
				if (!m)
					continue;
				if (action < 0)
					cat_role_revoke(m, r->name);
				else
					cat_role_grant(st->cat, m, r->name);
			}
		}
	}
}

static void create_role(ReplayState *st, PgQuery__CreateRoleStmt *cs)
{
	if (!cs->role)
		return;
	CatRole *r = cat_role_find(st->cat, cs->role);
	if (r && !r->assumed) {
		Diag *d =
		    rp_diag(st, SEV_ERROR, "duplicate-object", -1, "role \"%s\" already exists", cs->role);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42710");
		return;
	}
	if (!r)
		r = cat_role_add(st->cat, cs->role);
	role_options(st, r, cs->options, cs->n_options, 1);
}

/* The objects owned by ROLE (whole objects only: parts go with their table). */
static void owned_objects(ReplayState *st, const char *role, PtrList *out)
{
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (!o->dropped && !o->owner && o->rolowner && !strcmp(o->rolowner, role))
			ptrlist_push(&st->cat->arena, out, o);
	}
}

static void drop_role(ReplayState *st, PgQuery__DropRoleStmt *ds)
{
	for (size_t i = 0; i < ds->n_roles; i++) {
		const char *name = node_role(st, ds->roles[i]);
		if (!name)
			continue;
		PtrList owned = {0};
		owned_objects(st, name, &owned);
		if (owned.n) { /* checkSharedDependencies: the role owns objects (privileges are not modelled)
			        */
			StrBuf sb = STRBUF_INIT;
			CatAddr a = {owned.items[0], NULL, false};
			rp_describe(st, &sb, &a);
			Diag *d =
			    rp_diag(st, SEV_ERROR, "dependent-objects", -1,
			            "role \"%s\" cannot be dropped because some objects depend on it", name);
			if (d) {
				snprintf(d->sqlstate, sizeof d->sqlstate, "2BP01");
				d->detail = xasprintf("owner of %s", sb_str(&sb));
			}
			sb_release(&sb);
			return;
		}
		const char *where = NULL;
		if (schema_grants(st, name, false, &where)) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "dependent-objects", -1,
			            "role \"%s\" cannot be dropped because some objects depend on it", name);
			if (d) {
				snprintf(d->sqlstate, sizeof d->sqlstate, "2BP01");
				d->detail = xasprintf("privileges for schema %s", where);
			}
			return;
		}
	}
	for (size_t i = 0; i < ds->n_roles; i++) {
		const char *name = node_role(st, ds->roles[i]);
		if (name)
			cat_role_remove(st->cat, name);
	}
}

static void grant_role(ReplayState *st, PgQuery__GrantRoleStmt *gs)
{
	for (size_t j = 0; j < gs->n_grantee_roles; j++) {
		CatRole *m = cat_role_find(st->cat, node_role(st, gs->grantee_roles[j]));
		if (!m)
			continue;
		for (size_t i = 0; i < gs->n_granted_roles; i++) {
			const char *g = node_role(st, gs->granted_roles[i]);
			if (!g)
				continue;
			if (gs->is_grant)
				cat_role_grant(st->cat, m, g);
			else if (!gs->admin_opt) /* REVOKE ADMIN OPTION FOR keeps the membership */
				cat_role_revoke(m, g);
		}
	}
}

/* ALTER ROLE a RENAME TO b: owners follow (they are role names in the model). */
static void rename_role(ReplayState *st, const char *from, const char *to)
{
	CatRole *r = cat_role_find(st->cat, from);
	if (r)
		r->name = arena_strdup(&st->cat->arena, to);
	for (size_t i = 0; i < st->cat->roles.list.n; i++) {
		CatRole *m = st->cat->roles.list.items[i];
		for (size_t k = 0; k < m->nmember_of; k++)
			if (!strcmp(m->member_of[k], from))
				m->member_of[k] = r ? r->name : arena_strdup(&st->cat->arena, to);
	}
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->rolowner && !strcmp(o->rolowner, from))
			o->rolowner = arena_strdup(&st->cat->arena, to);
		if (o->kind != OBJ_SCHEMA || o->dropped)
			continue;
		CatSchema *s = (CatSchema *)o;
		if (in_list(from, s->create_to, s->ncreate_to)) {
			acl_edit(st, &s->create_to, &s->ncreate_to, from, false);
			acl_edit(st, &s->create_to, &s->ncreate_to, to, true);
		}
		if (in_list(from, s->usage_to, s->nusage_to)) {
			acl_edit(st, &s->usage_to, &s->nusage_to, from, false);
			acl_edit(st, &s->usage_to, &s->nusage_to, to, true);
		}
	}
}

/* SET [LOCAL] ROLE / SESSION AUTHORIZATION and their RESET (the current role is ST->user, which the
 * transaction layer restores on ROLLBACK and, for SET LOCAL, at the end of the block). */
static bool set_role(ReplayState *st, PgQuery__VariableSetStmt *vs)
{
	bool role = !strcmp(vs->name, "role"), session = !strcmp(vs->name, "session_authorization");
	if (!role && !session)
		return false;
	const char *to = NULL;
	if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && vs->n_args == 1 &&
	    vs->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST && vs->args[0]->a_const->sval)
		to = vs->args[0]->a_const->sval->sval;
	if (session) {
		const char *s = to ? to : st->cat->roles.login_role;
		if (!s)
			return true;
		st->cat->roles.session_role = arena_strdup(&st->cat->arena, s);
		free(st->user);
		st->user = xstrdup(s);
	} else {
		const char *s = to && strcmp(to, "none") ? to : st->cat->roles.session_role;
		if (!s)
			return true;
		free(st->user);
		st->user = xstrdup(s);
	}
	return true;
}

/* ---- object lookup for the ownership checks ---- */

/* The function OWA names: the only one of its name with that many arguments on the path, else NULL. */
static CatObject *find_function(ReplayState *st, const PgQuery__ObjectWithArgs *owa)
{
	const char *schema, *name;
	rp_qualname(owa->objname, owa->n_objname, &schema, &name);
	if (!name)
		return NULL;
	const char *ps[32];
	size_t np = schema ? 1 : rp_path_schemas_fn(st, ps, 32);
	if (schema)
		ps[0] = schema;
	for (size_t i = 0; i < np; i++) {
		PtrList *l = catalog_find_functions(st->cat, ps[i], name);
		if (!l || !l->n)
			continue;
		CatObject *found = NULL;
		for (size_t j = 0; j < l->n; j++) {
			CatFunction *f = l->items[j];
			if (owa->args_unspecified || f->nargs == owa->n_objargs) {
				if (found)
					return NULL;
				found = &f->h;
			}
		}
		return found;
	}
	return NULL;
}

static CatObject *find_type_names(ReplayState *st, PgQuery__Node **names, size_t n)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	return name ? (CatObject *)rp_find_type(st, schema, name) : NULL;
}

static CatObject *find_type_node(ReplayState *st, const PgQuery__Node *obj)
{
	if (!obj)
		return NULL;
	if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		return find_type_names(st, obj->type_name->names, obj->type_name->n_names);
	if (obj->node_case == PG_QUERY__NODE__NODE_LIST)
		return find_type_names(st, obj->list->items, obj->list->n_items);
	return NULL;
}

static CatObject *find_relation_names(ReplayState *st, PgQuery__Node **names, size_t n)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	return name ? rp_find_relation(st, schema, name) : NULL;
}

static bool is_relation_kind(PgQuery__ObjectType t)
{
	return t == OT(TABLE) || t == OT(VIEW) || t == OT(MATVIEW) || t == OT(INDEX) || t == OT(SEQUENCE) ||
	       t == OT(FOREIGN_TABLE);
}

/* The object whose owner a statement about object OBJ (or relation REL) of kind T needs: the relation for
 * its columns, constraints, triggers, policies and rules; the type for a domain's constraints. NULL when the
 * model does not know it (the statement's own handler reports what is missing). */
static CatObject *target_object(ReplayState *st, PgQuery__ObjectType t, const PgQuery__Node *obj,
                                const PgQuery__RangeVar *rel, const char *subname)
{
	if (rel && (is_relation_kind(t) || t == OT(COLUMN) || t == OT(TABCONSTRAINT) || t == OT(TRIGGER) ||
	            t == OT(POLICY) || t == OT(RULE)))
		return rp_find_relation(st, rel->schemaname, rel->relname);
	if (t == OT(SCHEMA)) {
		const char *name = obj ? rp_str(obj) : subname;
		return name ? (CatObject *)catalog_find_schema(st->cat, name) : NULL;
	}
	if (!obj)
		return NULL;
	if (t == OT(FUNCTION) || t == OT(PROCEDURE) || t == OT(ROUTINE) || t == OT(AGGREGATE))
		return obj->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS
		           ? find_function(st, obj->object_with_args)
		           : NULL;
	if (t == OT(TYPE) || t == OT(DOMAIN))
		return find_type_node(st, obj);
	if (t == OT(STATISTIC_EXT) && obj->node_case == PG_QUERY__NODE__NODE_LIST)
		return (CatObject *)rp_find_statistics(st, obj->list->items, obj->list->n_items);
	if (obj->node_case != PG_QUERY__NODE__NODE_LIST)
		return NULL;
	PgQuery__Node **items = obj->list->items;
	size_t n = obj->list->n_items;
	if (is_relation_kind(t))
		return find_relation_names(st, items, n);
	if ((t == OT(COLUMN) || t == OT(TABCONSTRAINT) || t == OT(TRIGGER) || t == OT(POLICY) ||
	     t == OT(RULE)) &&
	    n >= 2)
		return find_relation_names(st, items, n - 1);
	if (t == OT(DOMCONSTRAINT) && n == 2)
		return find_type_node(st, items[0]);
	return NULL;
}

/* Does the current role own O (pg_*_ownercheck: superuser, or has the privileges of O's owner)? Unknown
 * owners pass. */
static bool owns(ReplayState *st, const CatObject *o)
{
	return !o || unrestricted(st) || cat_role_has_privs(st->cat, st->user, cat_object_rolowner(o));
}

/* The object that carries the owner of O (a part's table). */
static const CatObject *owning_object(const CatObject *o)
{
	while (o->owner && !o->rolowner)
		o = o->owner;
	return o;
}

/* aclcheck_error(ACLCHECK_NOT_OWNER): "must be owner of table t" (false) unless the current role owns O. */
static bool check_owner(ReplayState *st, const CatObject *o, int off)
{
	if (owns(st, o))
		return true;
	const CatObject *w = o->kind == OBJ_INDEX ? o : owning_object(o);
	const char *kind = w->kind == OBJ_TYPE && ((const CatType *)w)->type_kind == TYPE_DOMAIN
	                       ? "type"
	                       : obj_kind_name(w->kind);
	privilege_error(st, off, "must be owner of %s %s", kind, w->name);
	return false;
}

static bool in_list(const char *s, const char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, l[i]))
			return true;
	return false;
}

/* ---- schema privileges (CREATE, USAGE), where the model knows a schema's ACL ---- */

/* LIST (N entries) with ROLE added (ADD) or removed: a new arena array, so a checkpoint's copy is never
 * changed under it. */
static void acl_edit(ReplayState *st, const char ***list, size_t *n, const char *role, bool add)
{
	bool has = in_list(role, *list, *n);
	if (has == add)
		return;
	const char **nl = arena_array(&st->cat->arena, const char *, *n + 1);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], role))
			nl[k++] = (*list)[i];
	if (add)
		nl[k++] = arena_strdup(&st->cat->arena, role);
	*list = nl;
	*n = k;
}

/* pg_namespace_aclcheck: may the current role use (CREATE false: USAGE) or create in S? True when the
 * model does not know S's ACL. */
static bool schema_allows(ReplayState *st, const CatSchema *s, bool create)
{
	if (!s || !s->acl_known || unrestricted(st) || owns(st, &s->h))
		return true;
	const char **l = create ? s->create_to : s->usage_to;
	size_t n = create ? s->ncreate_to : s->nusage_to;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i], "public") || cat_role_has_privs(st->cat, st->user, l[i]))
			return true;
	return false;
}

/* LookupCreationNamespace / RangeVarGetCreationNamespace: creating in SCHEMA (NULL: the first schema of the
 * path, which PostgreSQL uses only when the role may use it) needs CREATE on it. */
static bool check_create_schema(ReplayState *st, const char *schema, int off)
{
	if (unrestricted(st))
		return true;
	const CatSchema *s = NULL;
	if (schema)
		s = catalog_find_schema(st->cat, schema);
	else {
		const char *ps[32];
		if (rp_path_schemas_fn(st, ps, 32) == 0)
			return true;
		s = catalog_find_schema(st->cat, ps[0]);
		if (!schema_allows(st, s, false))
			return true; /* not on the role's effective path: the object goes elsewhere */
	}
	if (schema_allows(st, s, true))
		return true;
	privilege_error(st, off, "permission denied for schema %s", s->h.name, NULL);
	return false;
}

static bool check_create_names(ReplayState *st, PgQuery__Node **names, size_t n, int off)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	return check_create_schema(st, schema, off);
}

static bool check_create_rv(ReplayState *st, const PgQuery__RangeVar *rv, int off)
{
	if (!rv || (rv->relpersistence && rv->relpersistence[0] == 't') ||
	    (rv->schemaname && rp_is_temp_schema(rv->schemaname)))
		return true;
	return check_create_schema(st, rv->schemaname, off);
}

/* GRANT / REVOKE ... ON SCHEMA: CREATE and USAGE (ALL: both) for the grantees. */
static void grant_schema(ReplayState *st, const PgQuery__GrantStmt *gs)
{
	if (gs->objtype != OT(SCHEMA) || gs->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT ||
	    (!gs->is_grant && gs->grant_option))
		return;
	bool create = gs->n_privileges == 0, usage = gs->n_privileges == 0;
	for (size_t i = 0; i < gs->n_privileges; i++) {
		const PgQuery__Node *p = gs->privileges[i];
		const char *name =
		    p->node_case == PG_QUERY__NODE__NODE_ACCESS_PRIV ? p->access_priv->priv_name : NULL;
		if (!name)
			create = usage = true;
		else if (!strcmp(name, "create"))
			create = true;
		else if (!strcmp(name, "usage"))
			usage = true;
	}
	for (size_t i = 0; i < gs->n_objects; i++) {
		CatSchema *s =
		    rp_str(gs->objects[i]) ? catalog_find_schema(st->cat, rp_str(gs->objects[i])) : NULL;
		if (!s)
			continue;
		for (size_t k = 0; k < gs->n_grantees; k++) {
			const char *r = node_role(st, gs->grantees[k]);
			if (!r)
				continue;
			if (create)
				acl_edit(st, &s->create_to, &s->ncreate_to, r, gs->is_grant);
			if (usage)
				acl_edit(st, &s->usage_to, &s->nusage_to, r, gs->is_grant);
		}
	}
}

/* Privileges granted to ROLE on schemas (the model's known ACLs): revoked (DROP OWNED), or asked about
 * (DROP ROLE is refused while any remain: the schema named in *WHERE). */
static bool schema_grants(ReplayState *st, const char *role, bool revoke, const char **where)
{
	bool any = false;
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->dropped || o->kind != OBJ_SCHEMA)
			continue;
		CatSchema *s = (CatSchema *)o;
		if (!in_list(role, s->create_to, s->ncreate_to) && !in_list(role, s->usage_to, s->nusage_to))
			continue;
		any = true;
		if (where)
			*where = o->name;
		if (!revoke)
			break;
		acl_edit(st, &s->create_to, &s->ncreate_to, role, false);
		acl_edit(st, &s->usage_to, &s->nusage_to, role, false);
	}
	return any;
}

/* heap.c's IsSystemClass for the relation a statement names but the model does not hold: a table of
 * pg_catalog (PostgreSQL 15's catalogs), which no one may alter without allow_system_table_mods. */
static bool is_system_catalog(ReplayState *st, const char *schema, const char *name)
{
	static const char *const catalogs[] = {"pg_aggregate",
	                                       "pg_am",
	                                       "pg_amop",
	                                       "pg_amproc",
	                                       "pg_attrdef",
	                                       "pg_attribute",
	                                       "pg_auth_members",
	                                       "pg_authid",
	                                       "pg_cast",
	                                       "pg_class",
	                                       "pg_collation",
	                                       "pg_constraint",
	                                       "pg_conversion",
	                                       "pg_database",
	                                       "pg_db_role_setting",
	                                       "pg_default_acl",
	                                       "pg_depend",
	                                       "pg_description",
	                                       "pg_enum",
	                                       "pg_event_trigger",
	                                       "pg_extension",
	                                       "pg_foreign_data_wrapper",
	                                       "pg_foreign_server",
	                                       "pg_foreign_table",
	                                       "pg_index",
	                                       "pg_inherits",
	                                       "pg_init_privs",
	                                       "pg_language",
	                                       "pg_largeobject",
	                                       "pg_largeobject_metadata",
	                                       "pg_namespace",
	                                       "pg_opclass",
	                                       "pg_operator",
	                                       "pg_opfamily",
	                                       "pg_parameter_acl",
	                                       "pg_partitioned_table",
	                                       "pg_policy",
	                                       "pg_proc",
	                                       "pg_publication",
	                                       "pg_publication_namespace",
	                                       "pg_publication_rel",
	                                       "pg_range",
	                                       "pg_replication_origin",
	                                       "pg_rewrite",
	                                       "pg_seclabel",
	                                       "pg_sequence",
	                                       "pg_shdepend",
	                                       "pg_shdescription",
	                                       "pg_shseclabel",
	                                       "pg_statistic",
	                                       "pg_statistic_ext",
	                                       "pg_statistic_ext_data",
	                                       "pg_subscription",
	                                       "pg_subscription_rel",
	                                       "pg_tablespace",
	                                       "pg_transform",
	                                       "pg_trigger",
	                                       "pg_ts_config",
	                                       "pg_ts_config_map",
	                                       "pg_ts_dict",
	                                       "pg_ts_parser",
	                                       "pg_ts_template",
	                                       "pg_type",
	                                       "pg_user_mapping"};
	if (!name || (schema && strcmp(schema, "pg_catalog")) || rp_find_relation(st, schema, name))
		return false;
	for (size_t i = 0; i < ARRAY_LEN(catalogs); i++)
		if (!strcmp(catalogs[i], name))
			return true;
	return false;
}

static bool check_relation(ReplayState *st, const PgQuery__RangeVar *rv, int off)
{
	if (!rv)
		return true;
	if (is_system_catalog(st, rv->schemaname, rv->relname)) {
		privilege_error(st, off, "permission denied: \"%s\" is a system catalog", rv->relname, NULL);
		return false;
	}
	return check_owner(st, rp_find_relation(st, rv->schemaname, rv->relname), off);
}

/* heap_create: no relation is created in pg_catalog (nor pg_toast) without allow_system_table_mods. */
static bool check_create_in(ReplayState *st, const PgQuery__RangeVar *rv, int off)
{
	if (!rv || !rv->schemaname ||
	    (strcmp(rv->schemaname, "pg_catalog") && strcmp(rv->schemaname, "pg_toast")))
		return true;
	privilege_error(st, off, "permission denied to create \"%s.%s\"", rv->schemaname, rv->relname);
	return false;
}

/* RemoveObjects / RemoveRelations: the object's owner or its schema's owner may drop it (a policy, trigger
 * or rule: its table's owner only). */
static bool check_drop(ReplayState *st, PgQuery__DropStmt *ds, int off)
{
	PgQuery__ObjectType t = ds->remove_type;
	if (unrestricted(st))
		return true;
	for (size_t i = 0; i < ds->n_objects; i++) {
		CatObject *o = target_object(st, t, ds->objects[i], NULL, NULL);
		if (!o || owns(st, o))
			continue;
		bool part = t == OT(POLICY) || t == OT(TRIGGER) || t == OT(RULE);
		if (o->schema && !part && (!o->owner || o->kind == OBJ_INDEX)) {
			CatSchema *s = catalog_find_schema(st->cat, o->schema);
			if (s && owns(st, &s->h))
				continue;
		}
		if (part) {
			const CatObject *w = owning_object(o);
			privilege_error(st, off, "must be owner of relation %s", w->name, NULL);
			return false;
		}
		return check_owner(st, o, off);
	}
	return true;
}

static bool has_option(PgQuery__Node **opts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && opts[i]->def_elem->defname &&
		    !strcmp(opts[i]->def_elem->defname, name) && defelem_bool(opts[i]->def_elem, true))
			return true;
	return false;
}

bool rp_role_check(ReplayState *st, const PgQuery__Node *n, int off)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return check_relation(st, n->alter_table_stmt->relation, off);
	case PG_QUERY__NODE__NODE_RENAME_STMT: {
		const PgQuery__RenameStmt *rs = n->rename_stmt;
		if (rs->relation && is_relation_kind(rs->rename_type))
			return check_relation(st, rs->relation, off);
		return check_owner(
		    st, target_object(st, rs->rename_type, rs->object, rs->relation, rs->subname), off);
	}
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: {
		const PgQuery__AlterObjectSchemaStmt *as = n->alter_object_schema_stmt;
		CatObject *o = target_object(st, as->object_type, as->object, as->relation, NULL);
		return check_owner(st, o, off) &&
		       (!o || !as->newschema || check_create_schema(st, as->newschema, off));
	}
	case PG_QUERY__NODE__NODE_COMMENT_STMT: {
		const PgQuery__CommentStmt *cs = n->comment_stmt;
		return check_owner(st, target_object(st, cs->objtype, cs->object, NULL, NULL), off);
	}
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return check_drop(st, n->drop_stmt, off);
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return check_owner(st,
		                   n->index_stmt->relation
		                       ? rp_find_relation(st, n->index_stmt->relation->schemaname,
		                                          n->index_stmt->relation->relname)
		                       : NULL,
		                   off);
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT: {
		const PgQuery__RangeVar *rv = n->node_case == PG_QUERY__NODE__NODE_CREATE_POLICY_STMT
		                                  ? n->create_policy_stmt->table
		                                  : n->alter_policy_stmt->table;
		return check_owner(st, rv ? rp_find_relation(st, rv->schemaname, rv->relname) : NULL, off);
	}
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: {
		const PgQuery__AlterSeqStmt *as = n->alter_seq_stmt;
		const PgQuery__RangeVar *rv = as->sequence;
		CatObject *o = rv ? rp_find_relation(st, rv->schemaname, rv->relname) : NULL;
		if (!check_owner(st, o, off))
			return false;
		/* process_owned_by: an identity column's sequence belongs to it for good */
		if (o && o->kind == OBJ_SEQUENCE && ((CatSequence *)o)->is_identity && !as->for_identity &&
		    ((CatSequence *)o)->owned_by_table)
			for (size_t i = 0; i < as->n_options; i++)
				if (as->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
				    as->options[i]->def_elem->defname &&
				    !strcmp(as->options[i]->def_elem->defname, "owned_by")) {
					Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", off,
					                  "cannot change ownership of identity sequence");
					if (d) {
						snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
						d->detail = xasprintf(
						    "Sequence \"%s\" is linked to table \"%s\".", o->name,
						    ((CatSequence *)o)->owned_by_table->h.name);
					}
					return false;
				}
		return true;
	}
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT: {
		const PgQuery__AlterFunctionStmt *as = n->alter_function_stmt;
		if (as->func && !check_owner(st, find_function(st, as->func), off))
			return false;
		if (has_option(as->actions, as->n_actions, "leakproof") && !unrestricted(st)) {
			privilege_error(st, off, "only superuser can define a leakproof function", NULL,
			                NULL);
			return false;
		}
		return true;
	}
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
		const PgQuery__CreateFunctionStmt *fs = n->create_function_stmt;
		if (!check_create_names(st, fs->funcname, fs->n_funcname, off))
			return false;
		if (has_option(fs->options, fs->n_options, "leakproof") && !unrestricted(st)) {
			privilege_error(st, off, "only superuser can define a leakproof function", NULL,
			                NULL);
			return false;
		}
		return true;
	}
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: {
		const PgQuery__AlterDomainStmt *ds = n->alter_domain_stmt;
		return check_owner(st, find_type_names(st, ds->type_name, ds->n_type_name), off);
	}
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: {
		const PgQuery__AlterEnumStmt *es = n->alter_enum_stmt;
		return check_owner(st, find_type_names(st, es->type_name, es->n_type_name), off);
	}
	case PG_QUERY__NODE__NODE_CREATE_STMT: {
		const PgQuery__CreateStmt *cs = n->create_stmt;
		if (!check_create_in(st, cs->relation, off) || !check_create_rv(st, cs->relation, off))
			return false;
		/* MergeAttributes: inheriting from (or being a partition of) a table needs to own it */
		for (size_t i = 0; i < cs->n_inh_relations; i++) {
			const PgQuery__Node *p = cs->inh_relations[i];
			if (p->node_case == PG_QUERY__NODE__NODE_RANGE_VAR &&
			    !check_owner(
			        st, rp_find_relation(st, p->range_var->schemaname, p->range_var->relname),
			        off))
				return false;
		}
		return true;
	}
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return check_create_in(st, n->view_stmt->view, off) &&
		       check_create_rv(st, n->view_stmt->view, off);
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return check_create_in(st, n->create_seq_stmt->sequence, off) &&
		       check_create_rv(st, n->create_seq_stmt->sequence, off);
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return !n->create_table_as_stmt->into ||
		       (check_create_in(st, n->create_table_as_stmt->into->rel, off) &&
		        check_create_rv(st, n->create_table_as_stmt->into->rel, off));
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		return check_create_names(st, n->create_enum_stmt->type_name,
		                          n->create_enum_stmt->n_type_name, off);
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		return check_create_names(st, n->create_range_stmt->type_name,
		                          n->create_range_stmt->n_type_name, off);
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		return check_create_names(st, n->create_domain_stmt->domainname,
		                          n->create_domain_stmt->n_domainname, off);
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		return check_create_rv(st, n->composite_type_stmt->typevar, off);
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		return check_create_names(st, n->define_stmt->defnames, n->define_stmt->n_defnames, off);
	default:
		return true;
	}
}

/* ---- ALTER ... OWNER TO, DROP OWNED, REASSIGN OWNED ---- */

static void set_owner(ReplayState *st, CatObject *o, const char *role)
{
	o->rolowner = arena_strdup(&st->cat->arena, role);
	if (o->kind == OBJ_SCHEMA)
		((CatSchema *)o)->owner_role = o->rolowner;
	if (o->kind == OBJ_TABLE) /* ATExecChangeOwner recurses to the sequences the table owns */
		for (size_t i = 0; i < st->cat->all.n; i++) {
			CatObject *s = st->cat->all.items[i];
			if (!s->dropped && s->kind == OBJ_SEQUENCE &&
			    ((CatSequence *)s)->owned_by_table == (CatTable *)o)
				s->rolowner = o->rolowner;
		}
}

/* ATExecChangeOwner / AlterObjectOwner_internal: owner of the object and able to become NEWOWNER. */
static bool change_owner(ReplayState *st, CatObject *o, const char *newowner, int off)
{
	if (!o || !newowner)
		return true;
	if (o->kind == OBJ_INDEX || o->owner) /* "cannot change owner of index": a warning, no effect */
		return true;
	const char *cur = cat_object_rolowner(o);
	if (cur && !strcmp(cur, newowner))
		return true;
	if (o->kind == OBJ_SEQUENCE && ((CatSequence *)o)->owned_by_table && cur) {
		/* ATExecChangeOwner: a sequence linked to a column changes owner with its table only */
		Diag *d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
		                  "cannot change owner of sequence \"%s\"", o->name);
		if (d) {
			snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			d->detail = xasprintf("Sequence \"%s\" is linked to table \"%s\".", o->name,
			                      ((CatSequence *)o)->owned_by_table->h.name);
		}
		return false;
	}
	if (!check_owner(st, o, off))
		return false;
	if (!unrestricted(st) && !cat_role_has_privs(st->cat, st->user, newowner)) {
		privilege_error(st, off, "must be member of role \"%s\"", newowner, NULL);
		return false;
	}
	set_owner(st, o, newowner);
	return true;
}

static void alter_owner(ReplayState *st, PgQuery__AlterOwnerStmt *as, int off)
{
	CatObject *o = target_object(st, as->object_type, as->object, as->relation, NULL);
	(void)change_owner(st, o, rp_role_spec(st, as->newowner), off);
}

static bool roles_of(ReplayState *st, PgQuery__Node **roles, size_t n, const char **out, size_t max,
                     size_t *nout, const char *what, int off)
{
	*nout = 0;
	for (size_t i = 0; i < n && *nout < max; i++) {
		const char *r = node_role(st, roles[i]);
		if (!r)
			continue;
		if (!unrestricted(st) && !cat_role_has_privs(st->cat, st->user, r)) {
			privilege_error(st, off, "permission denied to %s objects", what, NULL);
			return false;
		}
		out[(*nout)++] = r;
	}
	return true;
}

/* shdepDropOwned: the policies naming a dropped role lose it (dropped when it was their only role), then
 * every object the roles own is dropped in one deletion (CASCADE or not). */
static void drop_owned(ReplayState *st, PgQuery__DropOwnedStmt *ds, int off)
{
	const char *roles[64];
	size_t nroles;
	if (!roles_of(st, ds->roles, ds->n_roles, roles, 64, &nroles, "drop", off))
		return;
	for (size_t i = 0; i < nroles; i++) /* its privileges are revoked */
		(void)schema_grants(st, roles[i], true, NULL);
	Arena *a = &st->cat->arena;
	PtrList targets = {0};
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->dropped)
			continue;
		if (!o->owner && o->rolowner && in_list(o->rolowner, roles, nroles)) {
			ptrlist_push(a, &targets, o);
			continue;
		}
		if (o->kind != OBJ_POLICY)
			continue;
		CatPolicy *p = (CatPolicy *)o;
		size_t keep = 0;
		for (size_t k = 0; k < p->nroles; k++)
			keep += !in_list(p->roles[k], roles, nroles);
		if (keep == p->nroles)
			continue;
		if (!keep) { /* RemoveRoleFromObjectPolicy: no role left, the policy goes */
			ptrlist_push(a, &targets, o);
			continue;
		}
		const char **nr = arena_array(a, const char *, keep);
		size_t j = 0;
		for (size_t k = 0; k < p->nroles; k++)
			if (!in_list(p->roles[k], roles, nroles))
				nr[j++] = p->roles[k];
		p->roles = nr;
		p->nroles = keep;
	}
	if (!targets.n)
		return;
	CatAddr *addrs = arena_array(a, CatAddr, targets.n);
	for (size_t i = 0; i < targets.n; i++)
		addrs[i] = (CatAddr){targets.items[i], NULL, false};
	(void)rp_drop_addrs(st, addrs, targets.n, ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE, off);
}

/* shdepReassignOwned: every object the roles own passes to NEWROLE. */
static void reassign_owned(ReplayState *st, PgQuery__ReassignOwnedStmt *rs, int off)
{
	const char *roles[64];
	size_t nroles;
	const char *to = rp_role_spec(st, rs->newrole);
	if (!to || !roles_of(st, rs->roles, rs->n_roles, roles, 64, &nroles, "reassign", off))
		return;
	if (!unrestricted(st) && !cat_role_has_privs(st->cat, st->user, to)) {
		privilege_error(st, off, "permission denied to reassign objects", NULL, NULL);
		return;
	}
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (!o->dropped && !o->owner && o->rolowner && in_list(o->rolowner, roles, nroles))
			set_owner(st, o, to);
	}
}

bool rp_role_statement(ReplayState *st, const PgQuery__Node *n, int off)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
		create_role(st, n->create_role_stmt);
		return true;
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: {
		PgQuery__AlterRoleStmt *as = n->alter_role_stmt;
		CatRole *r = cat_role_find(st->cat, rp_role_spec(st, as->role));
		if (r)
			role_options(st, r, as->options, as->n_options, as->action);
		return true;
	}
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
		drop_role(st, n->drop_role_stmt);
		return true;
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
		grant_role(st, n->grant_role_stmt);
		return true;
	case PG_QUERY__NODE__NODE_DROP_OWNED_STMT:
		drop_owned(st, n->drop_owned_stmt, off);
		return true;
	case PG_QUERY__NODE__NODE_REASSIGN_OWNED_STMT:
		reassign_owned(st, n->reassign_owned_stmt, off);
		return true;
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		alter_owner(st, n->alter_owner_stmt, off);
		return true;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		if (n->rename_stmt->rename_type != OT(ROLE))
			return false;
		if (n->rename_stmt->subname && n->rename_stmt->newname)
			rename_role(st, n->rename_stmt->subname, n->rename_stmt->newname);
		return true;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		return n->variable_set_stmt->name && set_role(st, n->variable_set_stmt);
	default:
		return false;
	}
}

void rp_role_after(ReplayState *st, const PgQuery__Node *n, uint32_t seq0, int errors0, int off)
{
	if (st->errors != errors0)
		return;
	const char *role = st->user;
	bool force = false;
	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT && n->create_schema_stmt->authrole) {
		/* CreateSchemaCommand: the schema and its elements are made as the AUTHORIZATION role */
		role = rp_role_spec(st, n->create_schema_stmt->authrole);
		force = true;
	}
	if (role) {
		PtrList *all = &st->cat->all;
		for (size_t i = all->n; i-- > 0;) {
			CatObject *o = all->items[i];
			if (o->seq < seq0)
				break;
			if (o->kind == OBJ_SCHEMA && rp_is_temp_schema(o->name))
				continue; /* the session's temporary schema is no one's */
			if (!o->owner && (force || !o->rolowner))
				o->rolowner = arena_strdup(&st->cat->arena, role);
		}
	}
	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT) {
		/* a schema the history makes: its ACL is its owner's, until GRANT ... ON SCHEMA */
		const char *name = n->create_schema_stmt->schemaname
		                       ? n->create_schema_stmt->schemaname
		                       : rp_role_spec(st, n->create_schema_stmt->authrole);
		CatSchema *s = name ? catalog_find_schema(st->cat, name) : NULL;
		if (s && s->h.seq >= seq0)
			s->acl_known = true;
	}
	if (n->node_case == PG_QUERY__NODE__NODE_GRANT_STMT)
		grant_schema(st, n->grant_stmt);
	if (n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
		/* ALTER TABLE ... OWNER TO (the table's handler leaves it to this module) */
		PgQuery__AlterTableStmt *as = n->alter_table_stmt;
		CatObject *o = as->relation
		                   ? rp_find_relation(st, as->relation->schemaname, as->relation->relname)
		                   : NULL;
		for (size_t i = 0; o && i < as->n_cmds; i++) {
			const PgQuery__Node *c = as->cmds[i];
			if (c->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
			    c->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
				(void)change_owner(st, o, rp_role_spec(st, c->alter_table_cmd->newowner),
				                   off);
		}
	}
}
