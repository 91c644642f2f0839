/* replay_drop.c — DROP (RESTRICT/CASCADE), RENAME, SET SCHEMA and COMMENT ON for every modelled kind. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "catalog/relative.h"

/* "constraint x on table y depends on table z" lines, PostgreSQL's wording. */
static void describe(StrBuf *sb, CatObject *o)
{
	switch (o->kind) {
	case OBJ_CONSTRAINT:
	case OBJ_TRIGGER:
	case OBJ_POLICY:
		sb_appendf(sb, "%s %s on %s %s", obj_kind_name(o->kind), o->name,
		           o->owner ? obj_kind_name(o->owner->kind) : "table",
		           o->owner ? o->owner->name : "?");
		break;
	case OBJ_TABLE:
		sb_appendf(sb, "table %s", o->name); /* a column default */
		break;
	default:
		sb_appendf(sb, "%s %s", obj_kind_name(o->kind), o->name);
	}
}

void rp_report_blockers(ReplayState *st, CatObject *o, PtrList *blockers, int off, const char *what);
void rp_report_blockers(ReplayState *st, CatObject *o, PtrList *blockers, int off, const char *what)
{
	/* a function is described with its argument types, as getObjectDescription does */
	const char *args = o->kind == OBJ_FUNCTION && o->identity ? strchr(o->identity, '(') : NULL;
	char *w =
	    what ? xstrdup(what) : xasprintf("%s %s%s", obj_kind_name(o->kind), o->name, args ? args : "");
	Diag *d = rp_diag(st, SEV_ERROR, "dependent-objects", off,
	                  "cannot drop %s because other objects depend on it", w);
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < blockers->n; i++) {
		if (i)
			sb_putc(&sb, '\n');
		CatObject *b = blockers->items[i];
		if (b->kind == OBJ_TABLE && o->kind == OBJ_SEQUENCE)
			sb_appendf(&sb, "default value for a column of table %s depends on sequence %s",
			           b->name, o->name);
		else {
			describe(&sb, b);
			sb_appendf(&sb, " depends on %s", w);
		}
	}
	diag_set_detail(d, "%s", sb_str(&sb));
	diag_set_hint(d, "Use DROP ... CASCADE to drop the dependent objects too.");
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "2BP01");
	sb_release(&sb);
	free(w);
}

static const char *hist_class(ObjKind k)
{
	switch (k) {
	case OBJ_TYPE:
		return "type";
	case OBJ_FUNCTION:
		return "fn";
	case OBJ_SCHEMA:
		return "schema";
	default:
		return "rel";
	}
}

static void do_drop(ReplayState *st, CatObject *o, bool cascade, int off)
{
	PtrList blockers = {0}, dropped = {0};
	if (catalog_drop(st->cat, o, cascade, &blockers, &dropped) != 0) {
		rp_report_blockers(st, o, &blockers, off, NULL);
		return;
	}
	rp_note_drop(st, hist_class(o->kind), o->name, off);
	for (size_t i = 0; i < dropped.n; i++) {
		CatObject *d = dropped.items[i];
		if (d->kind == OBJ_TABLE || d->kind == OBJ_VIEW || d->kind == OBJ_MATVIEW ||
		    d->kind == OBJ_TYPE || d->kind == OBJ_FUNCTION)
			rp_note_drop(st, hist_class(d->kind), d->name, off);
	}
}

static ObjKind rel_kind_of(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return OBJ_TABLE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
		return OBJ_VIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		return OBJ_MATVIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		return OBJ_INDEX;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return OBJ_SEQUENCE;
	default:
		return OBJ__COUNT;
	}
}

static const char *wrong_kind_msg(ObjKind k)
{
	switch (k) {
	case OBJ_TABLE:
		return "\"%s\" is not a table";
	case OBJ_VIEW:
		return "\"%s\" is not a view";
	case OBJ_MATVIEW:
		return "\"%s\" is not a materialized view";
	case OBJ_INDEX:
		return "\"%s\" is not an index";
	case OBJ_SEQUENCE:
		return "\"%s\" is not a sequence";
	default:
		return "\"%s\" is not the right kind of object";
	}
}

/* Names of a List node (DROP TABLE a.b → List of String). */
static void list_names(PgQuery__Node *n, PgQuery__Node ***items, size_t *count)
{
	if (n->node_case == PG_QUERY__NODE__NODE_LIST) {
		*items = n->list->items;
		*count = n->list->n_items;
	} else {
		*items = NULL;
		*count = 0;
	}
}

/* Find the function an ObjectWithArgs names (args_unspecified: the only overload). */
static CatFunction *owa_function(ReplayState *st, PgQuery__ObjectWithArgs *owa)
{
	const char *schema, *name;
	rp_qualname(owa->objname, owa->n_objname, &schema, &name);
	if (!name)
		return NULL;
	const char *ps[32];
	size_t np = 0;
	if (schema)
		ps[np++] = schema;
	else
		np = rp_path_schemas(st, ps, 32);
	for (size_t i = 0; i < np; i++) {
		PtrList *l = catalog_find_functions(st->cat, ps[i], name);
		if (!l)
			continue;
		if (owa->args_unspecified)
			return l->items[0];
		const char **types = arena_array(&st->cat->arena, const char *, owa->n_objargs + 1);
		for (size_t j = 0; j < owa->n_objargs; j++) {
			PgQuery__Node *a = owa->objargs[j];
			types[j] = a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
			               ? rp_type_stored(st, a->type_name, NULL)
			               : "?";
		}
		const char *id = cat_ident_function(st->cat, ps[i], name, types, owa->n_objargs);
		CatObject *f = catalog_find(st->cat, OBJ_FUNCTION, id);
		if (f)
			return (CatFunction *)f;
	}
	return NULL;
}

void rp_alter_function(ReplayState *st, PgQuery__AlterFunctionStmt *as)
{
	CatFunction *f = as->func ? owa_function(st, as->func) : NULL;
	if (!f)
		return;
	for (size_t i = 0; i < as->n_actions; i++)
		if (as->actions[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM)
			rp_function_option(f, as->actions[i]->def_elem);
}

static CatType *typename_type(ReplayState *st, PgQuery__Node *n, const char **name_out)
{
	const char *schema = NULL, *name = NULL;
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		rp_qualname(n->type_name->names, n->type_name->n_names, &schema, &name);
	else if (n->node_case == PG_QUERY__NODE__NODE_LIST)
		rp_qualname(n->list->items, n->list->n_items, &schema, &name);
	*name_out = name;
	return name ? rp_find_type(st, schema, name) : NULL;
}

/* Member objects: [schema.]table.name */
static CatObject *member(ReplayState *st, PgQuery__Node *n, ObjKind kind, bool missing_ok, int off)
{
	PgQuery__Node **it;
	size_t c;
	list_names(n, &it, &c);
	if (c < 2)
		return NULL;
	const char *name = rp_str(it[c - 1]), *tbl = rp_str(it[c - 2]),
	           *schema = c >= 3 ? rp_str(it[c - 3]) : NULL;
	CatObject *t = rp_find_relation(st, schema, tbl);
	if (!t) {
		if (!missing_ok)
			rp_missing(st, "undefined-relation", off, "rel", tbl,
			           "relation \"%s\" does not exist", tbl);
		return NULL;
	}
	CatObject *o = kind == OBJ_TRIGGER ? (CatObject *)catalog_find_trigger(st->cat, t, name)
	               : kind == OBJ_POLICY && t->kind == OBJ_TABLE
	                   ? (CatObject *)catalog_find_policy(st->cat, (CatTable *)t, name)
	               : kind == OBJ_CONSTRAINT && t->kind == OBJ_TABLE
	                   ? (CatObject *)catalog_find_constraint(st->cat, (CatTable *)t, name)
	                   : NULL;
	if (!o && !missing_ok)
		rp_diag(st, SEV_ERROR, "undefined-object", off, "%s \"%s\" for %s \"%s\" does not exist",
		        obj_kind_name(kind), name, kind == OBJ_POLICY ? "table" : "relation", tbl);
	return o;
}

void rp_drop_stmt(ReplayState *st, PgQuery__DropStmt *ds)
{
	bool cascade = ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	int off = -1;
	ObjKind rk = rel_kind_of(ds->remove_type);
	for (size_t i = 0; i < ds->n_objects; i++) {
		PgQuery__Node *obj = ds->objects[i];
		if (rk != OBJ__COUNT) {
			PgQuery__Node **it;
			size_t c;
			list_names(obj, &it, &c);
			const char *schema, *name;
			rp_qualname(it, c, &schema, &name);
			if (!name)
				continue;
			CatObject *o = rp_find_relation(st, schema, name);
			if (!o) {
				if (!ds->missing_ok && !rp_is_system_name(schema, name))
					rp_missing(
					    st, rk == OBJ_TABLE ? "undefined-relation" : "undefined-object",
					    off, "rel", name, "%s \"%s%s%s\" does not exist",
					    obj_kind_name(rk), schema ? schema : "", schema ? "." : "", name);
				continue;
			}
			if (o->kind != rk) {
				Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", off, wrong_kind_msg(rk),
				                  name);
				diag_set_hint(d, "Use DROP %s to remove a %s.",
				              o->kind == OBJ_MATVIEW    ? "MATERIALIZED VIEW"
				              : o->kind == OBJ_VIEW     ? "VIEW"
				              : o->kind == OBJ_INDEX    ? "INDEX"
				              : o->kind == OBJ_SEQUENCE ? "SEQUENCE"
				                                        : "TABLE",
				              obj_kind_name(o->kind));
				continue;
			}
			if (o->kind == OBJ_INDEX && ((CatIndex *)o)->constraint) {
				CatConstraint *k = ((CatIndex *)o)->constraint;
				Diag *d = rp_diag(
				    st, SEV_ERROR, "dependent-objects", off,
				    "cannot drop index %s because constraint %s on table %s requires it",
				    o->name, k->h.name, k->h.owner->name);
				diag_set_hint(d, "You can drop constraint %s on table %s instead.", k->h.name,
				              k->h.owner->name);
				continue;
			}
			do_drop(st, o, cascade, off);
			continue;
		}
		switch (ds->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
			const char *name = rp_str(obj);
			CatSchema *s = name ? catalog_find_schema(st->cat, name) : NULL;
			if (!s) {
				if (!ds->missing_ok)
					rp_missing(st, "undefined-schema", off, "schema", name ? name : "?",
					           "schema \"%s\" does not exist", name ? name : "?");
				break;
			}
			/* schema contents depend on the schema */
			PtrList members = {0};
			for (size_t j = 0; j < st->cat->all.n; j++) {
				CatObject *o = st->cat->all.items[j];
				if (!o->dropped && o->schema && !strcmp(o->schema, name) && !o->owner)
					ptrlist_push(&st->cat->arena, &members, o);
			}
			if (members.n && !cascade) {
				PtrList shown = {0};
				for (size_t j = 0; j < members.n && j < 20; j++)
					ptrlist_push(&st->cat->arena, &shown, members.items[j]);
				rp_report_blockers(st, &s->h, &shown, off, NULL);
				break;
			}
			for (size_t j = 0; j < members.n; j++) {
				CatObject *o = members.items[j];
				if (!o->dropped && catalog_drop(st->cat, o, true, NULL, NULL) != 0)
					continue;
			}
			do_drop(st, &s->h, true, off);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
			const char *name = rp_str(obj);
			CatExtension *e = name ? catalog_find_extension(st->cat, name) : NULL;
			if (!e) {
				if (!ds->missing_ok)
					rp_diag(st, SEV_ERROR, "undefined-object", off,
					        "extension \"%s\" does not exist", name ? name : "?");
				break;
			}
			do_drop(st, &e->h, cascade, off);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
			const char *name = NULL;
			CatType *t = typename_type(st, obj, &name);
			if (!t) {
				if (!ds->missing_ok)
					rp_missing(st, "undefined-type", off, "type", name ? name : "?",
					           "type \"%s\" does not exist", name ? name : "?");
				break;
			}
			do_drop(st, &t->h, cascade, off);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
			if (obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
				break;
			CatFunction *f = owa_function(st, obj->object_with_args);
			if (!f) {
				const char *schema, *name;
				rp_qualname(obj->object_with_args->objname, obj->object_with_args->n_objname,
				            &schema, &name);
				if (!ds->missing_ok && !rp_any_extension(st))
					rp_missing(st, "undefined-function", off, "fn", name ? name : "?",
					           "function %s does not exist", name ? name : "?");
				break;
			}
			do_drop(st, &f->h, cascade, off);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
		case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
			ObjKind k = ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? OBJ_TRIGGER
			                                                                     : OBJ_POLICY;
			CatObject *o = member(st, obj, k, ds->missing_ok, off);
			if (o)
				do_drop(st, o, cascade, off);
			break;
		}
		default:
			break; /* roles, rules, operators, ...: not modelled */
		}
	}
}

/* A type's canonical text is its qualified name (plus [] for arrays): when the type is renamed or moved, the
 * columns, attributes, domains and function signatures that spell it follow. */
static const char *retext(ReplayState *st, const char *t, const char *oldt, const char *newt)
{
	size_t ol = strlen(oldt);
	if (t && !strncmp(t, oldt, ol) && (t[ol] == 0 || t[ol] == '[' || t[ol] == '('))
		return arena_sprintf(&st->cat->arena, "%s%s", newt, t + ol);
	return t;
}

static void retype_users(ReplayState *st, CatObject *type, const char *oldt, const char *newt)
{
	for (size_t i = 0; i < type->rdeps.n; i++) {
		CatObject *o = type->rdeps.items[i];
		if (o->kind == OBJ_TABLE) {
			CatTable *t = (CatTable *)o;
			for (size_t c = 0; c < t->columns.n; c++) {
				CatColumn *col = t->columns.items[c];
				col->type = retext(st, col->type, oldt, newt);
			}
		} else if (o->kind == OBJ_TYPE) {
			CatType *ty = (CatType *)o;
			ty->base_type = retext(st, ty->base_type, oldt, newt);
			for (size_t a = 0; a < ty->nattrs; a++)
				ty->attrs[a].type = retext(st, ty->attrs[a].type, oldt, newt);
		} else if (o->kind == OBJ_FUNCTION) {
			CatFunction *f = (CatFunction *)o;
			bool changed = false;
			for (size_t a = 0; a < f->nargs; a++) {
				const char *nt = retext(st, f->arg_types[a], oldt, newt);
				changed |= nt != f->arg_types[a];
				f->arg_types[a] = nt;
			}
			f->returns = retext(st, f->returns, oldt, newt);
			if (changed) /* the signature is the identity */
				catalog_rename(st->cat, o, o->name);
		}
	}
}

void rp_rename_stmt(ReplayState *st, PgQuery__RenameStmt *rs)
{
	int off = rs->relation ? rs->relation->location : -1;
	switch (rs->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
		CatObject *o = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!o)
			return;
		if (catalog_find_relation(st->cat, o->schema, rs->newname) ||
		    catalog_find_type(st->cat, o->schema, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off, "relation \"%s\" already exists",
			        rs->newname);
			return;
		}
		rp_note_drop(st, "rel", o->name, off);
		catalog_rename(st->cat, o, rs->newname);
		/* renaming a constraint's index renames the constraint */
		if (o->kind == OBJ_INDEX && ((CatIndex *)o)->constraint) {
			CatConstraint *k = ((CatIndex *)o)->constraint;
			catalog_rename(st->cat, &k->h, rs->newname);
			rp_register_conname(st, k);
		}
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		CatObject *o = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!o || o->kind != OBJ_TABLE)
			return;
		CatTable *t = (CatTable *)o;
		CatColumn *c = table_find_column(t, rs->subname);
		if (!c) {
			rp_diag(st, SEV_ERROR, "undefined-column", off, "column \"%s\" does not exist",
			        rs->subname);
			return;
		}
		if (table_find_column(t, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-column", off,
			        "column \"%s\" of relation \"%s\" already exists", rs->newname, t->h.name);
			return;
		}
		table_rename_column(st->cat, t, c, rs->newname);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		CatObject *o = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!o || o->kind != OBJ_TABLE)
			return;
		CatTable *t = (CatTable *)o;
		CatConstraint *k = catalog_find_constraint(st->cat, t, rs->subname);
		if (!k) {
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "constraint \"%s\" for table \"%s\" does not exist", rs->subname, t->h.name);
			return;
		}
		if (catalog_find_constraint(st->cat, t, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off,
			        "constraint \"%s\" for relation \"%s\" already exists", rs->newname,
			        t->h.name);
			return;
		}
		catalog_rename(st->cat, &k->h, rs->newname);
		rp_register_conname(st, k);
		if (k->index)
			catalog_rename(st->cat, &k->index->h, rs->newname);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		CatSchema *s = catalog_find_schema(st->cat, rs->subname);
		if (!s) {
			rp_missing(st, "undefined-schema", off, "schema", rs->subname,
			           "schema \"%s\" does not exist", rs->subname);
			return;
		}
		if (catalog_find_schema(st->cat, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off, "schema \"%s\" already exists",
			        rs->newname);
			return;
		}
		const char *old = s->h.name;
		catalog_rename(st->cat, &s->h, rs->newname);
		catalog_move_names(st->cat, 's', old, NULL, rs->newname);
		for (size_t i = 0; i < st->cat->all.n; i++) {
			CatObject *o = st->cat->all.items[i];
			if (!o->dropped && o->schema && !strcmp(o->schema, old) &&
			    o->kind != OBJ_CONSTRAINT && o->kind != OBJ_TRIGGER && o->kind != OBJ_POLICY)
				catalog_set_schema(st->cat, o, rs->newname);
		}
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name = NULL;
		CatType *t = rs->object ? typename_type(st, rs->object, &name) : NULL;
		if (!t) {
			if (!rs->missing_ok)
				rp_missing(st, "undefined-type", off, "type", name ? name : "?",
				           "type \"%s\" does not exist", name ? name : "?");
			return;
		}
		rp_note_drop(st, "type", t->h.name, off);
		const char *oldtext = t->h.identity;
		catalog_rename(st->cat, &t->h, rs->newname);
		retype_users(st, &t->h, oldtext, t->h.identity);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
		if (!rs->object || rs->object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return;
		CatFunction *f = owa_function(st, rs->object->object_with_args);
		if (f)
			catalog_rename(st->cat, &f->h, rs->newname);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		CatObject *t = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!t)
			return;
		CatObject *o = rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER
		                   ? (CatObject *)catalog_find_trigger(st->cat, t, rs->subname)
		               : t->kind == OBJ_TABLE
		                   ? (CatObject *)catalog_find_policy(st->cat, (CatTable *)t, rs->subname)
		                   : NULL;
		if (!o) {
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "%s \"%s\" for table \"%s\" does not exist",
			        rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? "trigger"
			                                                                 : "policy",
			        rs->subname, t->name);
			return;
		}
		catalog_rename(st->cat, o, rs->newname);
		return;
	}
	default:
		return;
	}
}

void rp_alter_schema_stmt(ReplayState *st, PgQuery__AlterObjectSchemaStmt *as)
{
	int off = as->relation ? as->relation->location : -1;
	if (!catalog_find_schema(st->cat, as->newschema)) {
		rp_missing(st, "undefined-schema", off, "schema", as->newschema,
		           "schema \"%s\" does not exist", as->newschema);
		return;
	}
	CatObject *o = NULL;
	switch (as->object_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		o = rp_range_relation(st, as->relation, as->missing_ok, NULL);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name;
		o = as->object ? (CatObject *)typename_type(st, as->object, &name) : NULL;
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		if (as->object && as->object->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			o = (CatObject *)owa_function(st, as->object->object_with_args);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		const char *name = rp_str(as->object);
		CatExtension *e = name ? catalog_find_extension(st->cat, name) : NULL;
		if (e)
			e->ext_schema = arena_strdup(&st->cat->arena, as->newschema);
		return;
	}
	default:
		return;
	}
	if (!o)
		return;
	if (o->kind != OBJ_FUNCTION && o->kind != OBJ_TYPE &&
	    catalog_find_relation(st->cat, as->newschema, o->name)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off,
		        "relation \"%s\" already exists in schema \"%s\"", o->name, as->newschema);
		return;
	}
	const char *oldtext = o->identity;
	catalog_set_schema(st->cat, o, as->newschema);
	if (o->kind == OBJ_TYPE)
		retype_users(st, o, oldtext, o->identity);
}

void rp_comment_stmt(ReplayState *st, PgQuery__CommentStmt *cs)
{
	const char *text = cs->comment && cs->comment[0] ? arena_strdup(&st->cat->arena, cs->comment) : NULL;
	PgQuery__Node *obj = cs->object;
	if (!obj)
		return;
	int off = -1;
	PgQuery__Node **it;
	size_t c;
	list_names(obj, &it, &c);
	switch (cs->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		const char *schema, *name;
		rp_qualname(it, c, &schema, &name);
		if (!name)
			return;
		CatObject *o = rp_find_relation(st, schema, name);
		if (!o) {
			if (!rp_is_system_name(schema, name))
				rp_missing(st, "undefined-relation", off, "rel", name,
				           "relation \"%s%s%s\" does not exist", schema ? schema : "",
				           schema ? "." : "", name);
			return;
		}
		o->comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		if (c < 2)
			return;
		const char *col = rp_str(it[c - 1]), *tbl = rp_str(it[c - 2]),
		           *schema = c >= 3 ? rp_str(it[c - 3]) : NULL;
		CatObject *o = rp_find_relation(st, schema, tbl);
		if (!o) {
			if (!rp_is_system_name(schema, tbl))
				rp_missing(st, "undefined-relation", off, "rel", tbl,
				           "relation \"%s%s%s\" does not exist", schema ? schema : "",
				           schema ? "." : "", tbl);
			return;
		}
		if (o->kind != OBJ_TABLE)
			return;
		CatColumn *cc = table_find_column((CatTable *)o, col);
		if (!cc) {
			rp_diag(st, SEV_ERROR, "undefined-column", off,
			        "column \"%s\" of relation \"%s\" does not exist", col, tbl);
			return;
		}
		cc->comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		CatSchema *s = rp_str(obj) ? catalog_find_schema(st->cat, rp_str(obj)) : NULL;
		if (s)
			s->h.comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		CatExtension *e = rp_str(obj) ? catalog_find_extension(st->cat, rp_str(obj)) : NULL;
		if (e)
			e->h.comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name;
		CatType *t = typename_type(st, obj, &name);
		if (t)
			t->h.comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		if (obj->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) {
			CatFunction *f = owa_function(st, obj->object_with_args);
			if (f)
				f->h.comment = text;
		}
		return;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		ObjKind k = cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER  ? OBJ_TRIGGER
		            : cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY ? OBJ_POLICY
		                                                                  : OBJ_CONSTRAINT;
		CatObject *o = member(st, obj, k, false, off);
		if (o)
			o->comment = text;
		return;
	}
	default:
		return;
	}
}
