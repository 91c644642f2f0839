/* replay_foreign.c — foreign tables, which the model does not hold as relations: which modelled tables have
 * foreign tables as partitions or inheritance children (CatTable.foreign_children, so that a rollback
 * undoes it), and PostgreSQL's refusals that involve them: an index on a foreign table, a unique index over
 * a foreign partition, a foreign partition of a table with unique indexes, transition tables and constraint
 * triggers on a foreign table, a column added to a foreign partition, ALTER COLUMN TYPE ... USING reaching a
 * foreign child, a foreign partition of a temporary table (commands/indexcmds.c, tablecmds.c, trigger.c). */
#include "strata.h"
#include "analysis/replay_foreign.h"

/* ---- the model's record ---------------------------------------------------------------------------- */

/* Is NAME (RV, not a relation the model holds) a foreign table a statement of the history made? */
static bool foreign_named(ReplayState *st, const PgQuery__RangeVar *rv)
{
	if (!rv || !rv->relname)
		return false;
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	if (rp_find_relation(st, schema, rv->relname))
		return false;
	char *k = xasprintf("r:%s", rv->relname);
	bool has = hmap_has(&st->unmodelled, k);
	free(k);
	return has;
}

/* The schema-qualified name of foreign table RV as its creation, or an unqualified reference, takes it:
 * the schema written, else the path's first schema (a same-named foreign table in a later schema is then
 * never taken for it). Arena; NULL when the path has no schema. */
static const char *qualified(ReplayState *st, const PgQuery__RangeVar *rv)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	const char *ps[32];
	if (!schema && rp_path_schemas_fn(st, ps, 32))
		schema = ps[0];
	return schema ? arena_sprintf(&st->cat->arena, "%s.%s", schema, rv->relname) : NULL;
}

/* Does entry E (N bytes, after its kind) name NAME: the qualified name, or (BARE) any schema's? */
static bool entry_is(const char *e, size_t n, const char *name, bool bare)
{
	if (bare) {
		const char *dot = memchr(e, '.', n);
		if (dot) {
			n -= (size_t)(dot + 1 - e);
			e = dot + 1;
		}
	}
	return n == strlen(name) && !strncmp(e, name, n);
}

/* Entries of T's list: "p<schema>.<name>" a foreign partition, "i<schema>.<name>" a foreign inheritance
 * child; one per line. */
static bool has_entry(const CatTable *t, char kind, const char *name)
{
	for (const char *p = t->foreign_children; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if ((kind == 0 || p[0] == kind) && entry_is(p + 1, n - 1, name, false))
			return true;
		p = e ? e + 1 : p + n;
	}
	return false;
}

static void add_entry(ReplayState *st, CatTable *t, char kind, const char *name)
{
	if (has_entry(t, kind, name))
		return;
	t->foreign_children =
	    arena_sprintf(&st->cat->arena, "%s%s%c%s", t->foreign_children ? t->foreign_children : "",
	                  t->foreign_children ? "\n" : "", kind, name);
}

/* Remove NAME's entries of KIND (0: any) from T's list; BARE: NAME unqualified, of any schema. */
static void remove_entry(ReplayState *st, CatTable *t, char kind, const char *name, bool bare)
{
	StrBuf sb = STRBUF_INIT;
	bool removed = false;
	for (const char *p = t->foreign_children; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool drop = (kind == 0 || p[0] == kind) && entry_is(p + 1, n - 1, name, bare);
		removed |= drop;
		if (!drop) {
			if (sb.len)
				sb_putc(&sb, '\n');
			sb_append_n(&sb, p, n);
		}
		p = e ? e + 1 : p + n;
	}
	if (removed)
		t->foreign_children = sb.len ? arena_strdup(&st->cat->arena, sb_str(&sb)) : NULL;
	sb_release(&sb);
}

/* The first foreign child (of KIND) of T, or of one of its modelled descendants: *AT gets the table whose
 * child it is; NULL when none. */
static const char *first_foreign(ReplayState *st, CatTable *t, char kind, CatTable **at, int depth)
{
	if (depth > 64)
		return NULL;
	for (const char *p = t->foreign_children; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (kind == 0 || p[0] == kind) {
			*at = t;
			const char *dot = memchr(p + 1, '.', n - 1);
			const char *b = dot ? dot + 1 : p + 1;
			return arena_strndup(&st->cat->arena, b, (size_t)(p + n - b));
		}
		p = e ? e + 1 : p + n;
	}
	PtrList kids = {0};
	if (kind == 'p')
		rp_partitions_of(st, t, &kids);
	else
		rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++) {
		const char *f = first_foreign(st, kids.items[i], kind, at, depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

/* Does partitioned table T have a unique (or primary key) index? */
static bool has_unique_index(const CatTable *t)
{
	for (size_t i = 0; i < t->indexes.n; i++) {
		const CatIndex *ix = t->indexes.items[i];
		if (!ix->h.dropped && ix->unique)
			return true;
	}
	return false;
}

static CatTable *modelled_table(ReplayState *st, const PgQuery__RangeVar *rv)
{
	const char *schema = rv && rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	CatObject *o = rv && rv->relname ? rp_find_relation(st, schema, rv->relname) : NULL;
	return o && o->kind == OBJ_TABLE ? (CatTable *)o : NULL;
}

/* ---- statements -------------------------------------------------------------------------------------- */

bool rp_foreign_create(ReplayState *st, const PgQuery__CreateStmt *cs, int off)
{
	if (!cs || !cs->relation || !cs->relation->relname)
		return true;
	const char *name = qualified(st, cs->relation);
	if (!name)
		return true;
	if (cs->partbound && cs->n_inh_relations == 1 &&
	    cs->inh_relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
		CatTable *parent = modelled_table(st, cs->inh_relations[0]->range_var);
		if (!parent)
			return true;
		if (rp_is_temp_schema(parent->h.schema)) { /* MergeAttributes */
			rp_error_state(
			    st, "wrong-object-type", "42809", off,
			    "cannot create a permanent relation as partition of temporary relation \"%s\"",
			    parent->h.name);
			return false;
		}
		if (parent->relkind == REL_PARTITIONED && has_unique_index(parent)) { /* DefineRelation */
			Diag *d = rp_error_state(
			    st, "wrong-object-type", "42809", off,
			    "cannot create foreign partition of partitioned table \"%s\"", parent->h.name);
			diag_set_detail(d, "Table \"%s\" contains indexes that are unique.", parent->h.name);
			return false;
		}
		add_entry(st, parent, 'p', name);
		return true;
	}
	for (size_t i = 0; i < cs->n_inh_relations; i++) {
		if (cs->inh_relations[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			continue;
		CatTable *parent = modelled_table(st, cs->inh_relations[i]->range_var);
		if (parent)
			add_entry(st, parent, 'i', name);
	}
	return true;
}

void rp_foreign_forget(ReplayState *st, const char *name)
{
	for (size_t i = 0; name && i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (!o->dropped && o->kind == OBJ_TABLE && ((CatTable *)o)->foreign_children)
			remove_entry(st, (CatTable *)o, 0, name, true);
	}
}

void rp_foreign_rename(ReplayState *st, const char *old, const char *newname)
{
	for (size_t i = 0; old && newname && i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->dropped || o->kind != OBJ_TABLE || !((CatTable *)o)->foreign_children)
			continue;
		CatTable *t = (CatTable *)o;
		/* each entry of that bare name keeps its schema */
		StrBuf sb = STRBUF_INIT;
		for (const char *p = t->foreign_children; p && *p;) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			const char *dot = memchr(p + 1, '.', n - 1);
			if (sb.len)
				sb_putc(&sb, '\n');
			if (dot && entry_is(p + 1, n - 1, old, true)) {
				sb_append_n(&sb, p, (size_t)(dot + 1 - p));
				sb_append(&sb, newname);
			} else
				sb_append_n(&sb, p, n);
			p = e ? e + 1 : p + n;
		}
		t->foreign_children = sb.len ? arena_strdup(&st->cat->arena, sb_str(&sb)) : NULL;
		sb_release(&sb);
	}
}

bool rp_foreign_index_ok(ReplayState *st, const PgQuery__IndexStmt *is)
{
	if (!foreign_named(st, is->relation))
		return true;
	Diag *d = rp_error_state(st, "wrong-object-type", "42809", is->relation->location,
	                         "cannot create index on relation \"%s\"", is->relation->relname);
	diag_set_detail(d, "This operation is not supported for foreign tables.");
	return false;
}

bool rp_foreign_unique_ok(ReplayState *st, CatTable *t, int off)
{
	if (t->relkind != REL_PARTITIONED)
		return true;
	CatTable *at = NULL;
	const char *f = first_foreign(st, t, 'p', &at, 0);
	if (!f)
		return true;
	Diag *d = rp_error_state(st, "wrong-object-type", "42809", off,
	                         "cannot create unique index on partitioned table \"%s\"", at->h.name);
	diag_set_detail(d, "Table \"%s\" contains partitions that are foreign tables.", at->h.name);
	return false;
}

bool rp_foreign_trigger_ok(ReplayState *st, const PgQuery__CreateTrigStmt *ts)
{
	if (!foreign_named(st, ts->relation))
		return true;
	bool instead = (ts->timing & 64) != 0;
	const char *detail = instead            ? "Foreign tables cannot have INSTEAD OF triggers."
	                     : ts->isconstraint ? "Foreign tables cannot have constraint triggers."
	                     : ts->n_transition_rels
	                         ? "Triggers on foreign tables cannot have transition tables."
	                         : NULL;
	if (!detail)
		return true;
	Diag *d = rp_error_state(st, "wrong-object-type", "42809", ts->relation->location,
	                         "\"%s\" is a foreign table", ts->relation->relname);
	diag_set_detail(d, "%s", detail);
	return false;
}

bool rp_foreign_attach(ReplayState *st, CatTable *parent, const PgQuery__PartitionCmd *pc, bool attach,
                       int off)
{
	if (!foreign_named(st, pc->name))
		return true;
	const char *name = pc->name->relname, *qname = qualified(st, pc->name);
	if (!attach) { /* (by bare name: fewer entries never make an error) */
		remove_entry(st, parent, 'p', name, true);
		return true;
	}
	if (!qname)
		return true;
	if (rp_is_temp_schema(parent->h.schema)) { /* ATExecAttachPartition */
		rp_error_state(st, "wrong-object-type", "42809", off,
		               "cannot attach a permanent relation as partition of temporary relation \"%s\"",
		               parent->h.name);
		return false;
	}
	if (has_unique_index(parent)) { /* AttachPartitionEnsureIndexes */
		Diag *d = rp_error_state(
		    st, "wrong-object-type", "42809", off,
		    "cannot attach foreign table \"%s\" as partition of partitioned table \"%s\"", name,
		    parent->h.name);
		diag_set_detail(d, "Partitioned table \"%s\" contains unique indexes.", parent->h.name);
		return false;
	}
	add_entry(st, parent, 'p', qname);
	return true;
}

bool rp_foreign_alter(ReplayState *st, const PgQuery__AlterTableStmt *as)
{
	if (!foreign_named(st, as->relation))
		return true;
	const char *name = qualified(st, as->relation);
	if (!name)
		return true;
	int off = as->relation->location;
	CatTable *parent = NULL; /* of a foreign partition */
	for (size_t i = 0; i < st->cat->all.n && !parent; i++) {
		CatObject *o = st->cat->all.items[i];
		if (!o->dropped && o->kind == OBJ_TABLE && has_entry((CatTable *)o, 'p', name))
			parent = (CatTable *)o;
	}
	bool partition = parent != NULL;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
			if (partition) { /* ATPrepAddColumn */
				rp_error_state(st, "wrong-object-type", "42809", off,
				               "cannot add column to a partition");
				return false;
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: { /* ATExecDropNotNull */
			const CatColumn *pc =
			    parent && cmd->name ? table_find_column(parent, cmd->name) : NULL;
			if (pc && pc->not_null) {
				rp_error_state(st, "invalid-table-definition", "42P16", off,
				               "column \"%s\" is marked NOT NULL in parent table", cmd->name);
				return false;
			}
			break;
		}
		default:
			break;
		}
	}
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		bool add = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit;
		if ((!add && cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit) || !cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			continue;
		CatTable *p = modelled_table(st, cmd->def->range_var);
		if (p && add)
			add_entry(st, p, 'i', name);
		else if (p)
			remove_entry(st, p, 'i', as->relation->relname, true);
	}
	return true;
}

bool rp_foreign_retype_ok(ReplayState *st, CatTable *t, int off)
{
	CatTable *at = NULL;
	const char *f = first_foreign(st, t, 0, &at, 0);
	if (!f)
		return true;
	rp_error_state(st, "wrong-object-type", "42809", off, "\"%s\" is not a table", f);
	return false;
}
