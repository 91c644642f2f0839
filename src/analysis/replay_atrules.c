/* replay_atrules.c — column rules of ALTER TABLE / ALTER INDEX subcommands that change nothing the model
 * holds (statistics targets, storage, compression, attribute options) but still fail on a column PostgreSQL
 * cannot find, and the names of system columns (commands/tablecmds.c). */
#include "strata.h"
#include "analysis/replay_atrules.h"
#include "analysis/replay_inherit.h"
#include "sql/walk.h"

bool rp_is_system_column(const char *name)
{
	static const char *const sys[] = {"ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"};
	for (size_t i = 0; name && i < ARRAY_LEN(sys); i++)
		if (!strcmp(name, sys[i]))
			return true;
	return false;
}

bool rp_column_name_not_system(ReplayState *st, const char *name, int off)
{
	if (!rp_is_system_column(name))
		return true;
	rp_diag(st, SEV_ERROR, "duplicate-column", off,
	        "column name \"%s\" conflicts with a system column name", name);
	return false;
}

void rp_at_column_rules(ReplayState *st, CatTable *t, const PgQuery__AlterTableCmd *cmd, int off)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
		break;
	default:
		return;
	}
	const char *name = cmd->name && cmd->name[0] ? cmd->name : NULL;
	if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod) {
		rp_table_am_rules(st, name, t->relkind == REL_PARTITIONED, true, off);
		return;
	}
	if (!name) {
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics && cmd->num)
			rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			        "cannot refer to non-index column by number");
		return;
	}
	if (rp_is_system_column(name)) {
		rp_diag(st, SEV_ERROR, "feature-not-supported", off, "cannot alter system column \"%s\"",
		        name);
		return;
	}
	const CatColumn *c = table_find_column(t, name);
	if (!c)
		rp_diag(st, SEV_ERROR, "undefined-column", off,
		        "column \"%s\" of relation \"%s\" does not exist", name, t->h.name);
	else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression && cmd->def &&
	         cmd->def->node_case == PG_QUERY__NODE__NODE_STRING)
		(void)rp_inh_compression_ok(st, c->type, cmd->def->string->sval, off);
}

bool rp_tablespace_ok(ReplayState *st, const char *ts, bool partitioned, int off)
{
	if (!ts || !ts[0])
		return true;
	if (partitioned && !strcmp(ts, "pg_default")) {
		rp_error_state(st, "feature-not-supported", "0A000", off,
		               "cannot specify default tablespace for partitioned relations");
		return false;
	}
	if (!strcmp(ts, "pg_global")) {
		rp_error_state(st, "invalid-parameter-value", "22023", off,
		               "only shared relations can be placed in pg_global tablespace");
		return false;
	}
	return true;
}

/* The USING INDEX TABLESPACE of constraint node N (a table's or a column's), or NULL. */
static const char *index_space(const PgQuery__Node *n)
{
	if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
		return NULL;
	const PgQuery__Constraint *c = n->constraint;
	bool keyed = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
	             c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
	             c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
	return keyed && c->indexspace && c->indexspace[0] ? c->indexspace : NULL;
}

bool rp_create_table_tablespaces_ok(ReplayState *st, const PgQuery__CreateStmt *cs)
{
	bool partitioned = cs->partspec != NULL;
	int off = cs->relation->location;
	if (!rp_tablespace_ok(st, cs->tablespacename, partitioned, off))
		return false;
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		const PgQuery__Node *e = cs->table_elts[i];
		if (!rp_tablespace_ok(st, index_space(e), partitioned, off))
			return false;
		if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		for (size_t j = 0; j < e->column_def->n_constraints; j++)
			if (!rp_tablespace_ok(st, index_space(e->column_def->constraints[j]), partitioned,
			                      off))
				return false;
	}
	return true;
}

bool rp_at_prep_rules(ReplayState *st, const CatObject *rel, const PgQuery__AlterTableStmt *as, size_t i,
                      int off)
{
	const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
		for (size_t j = 0; j < i; j++)
			if (as->cmds[j]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
			    as->cmds[j]->alter_table_cmd->subtype ==
			        PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod) {
				rp_error_state(st, "feature-not-supported", "0A000", off,
				               "cannot have multiple SET ACCESS METHOD subcommands");
				return false;
			}
		return true;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
		/* a partitioned relation may go back to the default one (it then has none) */
		return !cmd->name || strcmp(cmd->name, "pg_global") ||
		       rp_tablespace_ok(st, cmd->name, false, off);
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
		if (rel->kind == OBJ_TABLE && ((const CatTable *)rel)->relkind == REL_PARTITIONED) {
			rp_error_state(st, "feature-not-supported", "0A000", off,
			               "cannot mark index clustered in partitioned table");
			return false;
		}
		return true;
	default:
		return true;
	}
}

void rp_alter_relation_rules(ReplayState *st, CatObject *rel, const PgQuery__AlterTableStmt *as)
{
	int off = as->relation ? as->relation->location : -1;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		if ((rel->kind == OBJ_MATVIEW || rel->kind == OBJ_INDEX) &&
		    !rp_at_prep_rules(st, rel, as, i, off))
			return;
		if (rel->kind == OBJ_MATVIEW &&
		    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod) {
			if (!rp_table_am_rules(st, cmd->name, false, true, off))
				return;
			continue;
		}
		if (rel->kind != OBJ_INDEX)
			continue;
		CatIndex *ix = (CatIndex *)rel;
		/* ATSimplePermissions: column options are for tables, materialized views, foreign tables */
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions ||
		    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions) {
			rp_diag(st, SEV_ERROR, "wrong-object-type", off,
			        "ALTER action ALTER COLUMN ... %s cannot be performed on relation \"%s\"",
			        cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions ? "SET" : "RESET",
			        ix->h.name);
			return;
		}
		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics ||
		    (cmd->name && cmd->name[0]))
			continue;
		int n = cmd->num;
		if (n < 1 || (size_t)n > ix->nkeys + ix->ninclude) {
			rp_diag(st, SEV_ERROR, "undefined-column", off,
			        "column number %d of relation \"%s\" does not exist", n, ix->h.name);
			return;
		}
		if ((size_t)n > ix->nkeys) {
			rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			        "cannot alter statistics on included column \"%s\" of index \"%s\"",
			        ix->include[n - 1 - ix->nkeys], ix->h.name);
			return;
		}
		const CatIndexElem *k = &ix->keys[n - 1];
		if (k->column) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			            "cannot alter statistics on non-expression column \"%s\" of index \"%s\"",
			            k->column, ix->h.name);
			if (d)
				diag_set_hint(d, "Alter statistics on table column instead.");
			return;
		}
	}
}

bool rp_using_index_rules(ReplayState *st, CatTable *t, CatIndex *ix, int off)
{
	const char *name = ix->h.name, *fmt = NULL;
	if (t->relkind == REL_PARTITIONED) {
		rp_diag(st, SEV_ERROR, "feature-not-supported", off,
		        "ALTER TABLE / ADD CONSTRAINT USING INDEX is not supported on partitioned tables");
		return false;
	}
	if (ix->constraint)
		fmt = "index \"%s\" is already associated with a constraint";
	else if (ix->h.owner != &t->h) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off,
		        "index \"%s\" does not belong to table \"%s\"", name, t->h.name);
		return false;
	} else if (!ix->unique)
		fmt = "\"%s\" is not a unique index";
	else if (ix->predicate)
		fmt = "\"%s\" is a partial index";
	else if (ix->method && strcmp(ix->method, "btree"))
		fmt = "index \"%s\" is not a btree";
	for (size_t i = 0; i < ix->nkeys && !fmt; i++)
		if (!ix->keys[i].column)
			fmt = "index \"%s\" contains expressions";
	if (fmt) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, fmt, name);
		return false;
	}
	for (size_t i = 0; i < ix->nkeys; i++) {
		const CatIndexElem *k = &ix->keys[i];
		const CatColumn *c = table_find_column(t, k->column);
		bool coll = k->collation && (!c || !c->collation || strcmp(k->collation, c->collation));
		if (k->desc || k->nulls != NULLS_DEFAULT || coll) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "wrong-object-type", off,
			            "index \"%s\" column number %zu does not have default sorting behavior",
			            name, i + 1);
			if (d)
				diag_set_detail(
				    d,
				    "Cannot create a primary key or unique constraint using such an index.");
			return false;
		}
	}
	return true;
}

/* ---- system columns in expressions ---- */

typedef struct SysRefWalk {
	bool allow_tableoid;
	const PgQuery__ColumnRef *found;
	const char *name;
} SysRefWalk;

static void sysref_node(void *ud, const PgQuery__Node *n)
{
	SysRefWalk *w = ud;
	if (w->found || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return;
	const PgQuery__ColumnRef *cr = n->column_ref;
	/* `col` or `tbl.col`: the last field names the column */
	if (!cr->n_fields || cr->n_fields > 2)
		return;
	const char *col = rp_str(cr->fields[cr->n_fields - 1]);
	if (!col || !rp_is_system_column(col) || (w->allow_tableoid && !strcmp(col, "tableoid")))
		return;
	w->found = cr;
	w->name = col;
}

/* The first reference to a system column in E (tableoid excepted when ALLOW_TABLEOID), or NULL. */
static const PgQuery__ColumnRef *system_ref(const PgQuery__Node *e, bool allow_tableoid, const char **name)
{
	SysRefWalk w = {allow_tableoid, NULL, NULL};
	sql_walk_nodes(e, sysref_node, &w);
	*name = w.name;
	return w.found;
}

bool rp_index_system_column_rules(ReplayState *st, const PgQuery__IndexStmt *is)
{
	const char *name = NULL;
	int off = -1;
	bool bad = false;
	for (size_t i = 0; i < is->n_index_params + is->n_index_including_params && !bad; i++) {
		const PgQuery__Node *n = i < is->n_index_params
		                             ? is->index_params[i]
		                             : is->index_including_params[i - is->n_index_params];
		if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		const PgQuery__IndexElem *el = n->index_elem;
		if (el->name && rp_is_system_column(el->name))
			bad = true;
		else if (el->expr) {
			const PgQuery__ColumnRef *cr = system_ref(el->expr, false, &name);
			if (cr)
				bad = true, off = cr->location;
		}
	}
	if (!bad && is->where_clause) {
		const PgQuery__ColumnRef *cr = system_ref(is->where_clause, false, &name);
		if (cr)
			bad = true, off = cr->location;
	}
	if (!bad)
		return true;
	rp_diag(st, SEV_ERROR, "feature-not-supported", off,
	        "index creation on system columns is not supported");
	return false;
}

bool rp_check_system_column_rules(ReplayState *st, const PgQuery__Node *e)
{
	const char *name = NULL;
	const PgQuery__ColumnRef *cr = e ? system_ref(e, true, &name) : NULL;
	if (!cr)
		return true;
	rp_diag(st, SEV_ERROR, "invalid-column-reference", cr->location,
	        "system column \"%s\" reference in check constraint is invalid", name);
	return false;
}

/* ---- table access methods ---- */

/* Could a table access method the model has not seen exist? An extension, or a table AM handler function
 * (CREATE ACCESS METHOD needs one), may have made it. */
static bool unknown_am_possible(ReplayState *st)
{
	if (rp_any_extension(st))
		return true;
	for (size_t i = 0; i < st->cat->all.n; i++) {
		const CatObject *o = st->cat->all.items[i];
		if (o->kind == OBJ_FUNCTION && !o->dropped && ((const CatFunction *)o)->returns &&
		    strstr(((const CatFunction *)o)->returns, "table_am_handler"))
			return true;
	}
	return false;
}

bool rp_table_am_rules(ReplayState *st, const char *am, bool partitioned, bool altering, int off)
{
	if (partitioned && am) {
		rp_diag(st, SEV_ERROR, "feature-not-supported", off,
		        altering
		            ? "cannot change access method of a partitioned table"
		            : "specifying a table access method is not supported on a partitioned table");
		return false;
	}
	if (!am || !am[0] || !strcmp(am, "heap"))
		return true;
	static const char *const index_ams[] = {"btree", "hash", "gist", "gin", "spgist", "brin"};
	char *k = xasprintf("a:%s", am);
	const char *type = hmap_get(&st->unmodelled, k);
	free(k);
	bool index_am = type && type[0] == 'i';
	for (size_t i = 0; i < ARRAY_LEN(index_ams) && !type && !index_am; i++)
		index_am = !strcmp(am, index_ams[i]);
	if (index_am) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "access method \"%s\" is not of type TABLE",
		        am);
		return false;
	}
	if (type || unknown_am_possible(st))
		return true;
	rp_diag(st, SEV_ERROR, "undefined-object", off, "access method \"%s\" does not exist", am);
	return false;
}
