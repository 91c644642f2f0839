/* lint_compat.c — rules about what a deploy does to running clients and data, rather than to locks:
 * dropping or renaming what the application still uses, DROP NOT NULL, TRUNCATE ... CASCADE, enum
 * values out of order, statements a re-run would trip over, and
 * the int/smallint key style rule. Like the lock rules, they leave alone what was created earlier in the
 * same migration or deploy (lint_existed_before). */
#include "strata.h"
#include "analysis/lint.h"
#include "analysis/replay_int.h"
#include "project/plan.h"
#include "util/strbuf.h"

typedef struct CompatState {
	bool open;         /* a BEGIN of this file is open */
	int begin_off;     /* where */
	char *dropped[16]; /* indexes dropped IF EXISTS earlier in this migration (a CREATE INDEX CONCURRENTLY
	                      of one of them is safe to re-run) */
	int ndropped;
} CompatState;

void *lint_compat_state(Linter *L, size_t size);
void lint_compat_free(void *state);

/* Free the per-migration state (NULL is fine). */
void lint_compat_free(void *state)
{
	CompatState *cs = state;
	for (int i = 0; cs && i < cs->ndropped; i++)
		free(cs->dropped[i]);
	free(cs);
}

static const char *last_name(PgQuery__Node **names, size_t n)
{
	return n ? rp_str(names[n - 1]) : NULL;
}

/* ---- dropping and renaming ---- */

static void drop_column(Linter *L, CatTable *t, const char *col, int off)
{
	CatColumn *c = table_find_column(t, col);
	if (!c || !lint_loc_existed_before(L, &c->origin))
		return;
	lint_report_on(L, LR_DROP_COLUMN, &t->h, off,
	               "dropping column \"%s\" of existing table %s breaks running clients that still read "
	               "or write it, and its data is gone",
	               col, lint_tname(L, &t->h));
	if (lint_last(L))
		diag_set_hint(lint_last(L),
		              "deploy code that no longer uses \"%s\" first (for an ORM: mark it "
		              "ignored), then drop it in a later migration",
		              col);
}

static void drop_not_null(Linter *L, CatTable *t, const char *col, int off)
{
	CatColumn *c = table_find_column(t, col);
	if (!c || !c->not_null || !lint_loc_existed_before(L, &c->origin))
		return;
	lint_report_on(L, LR_DROP_NOT_NULL, &t->h, off,
	               "DROP NOT NULL on column \"%s\" of existing table %s: running clients that expect a "
	               "value there break when the first NULL is written",
	               col, lint_tname(L, &t->h));
	if (lint_last(L))
		diag_set_hint(lint_last(L),
		              "deploy readers that handle NULL in \"%s\" first, then drop the "
		              "constraint in a later migration",
		              col);
}

static void alter_table(Linter *L, ReplayState *st, PgQuery__AlterTableStmt *as, int off)
{
	if (!as->relation)
		return;
	CatObject *o = rp_find_relation(st, as->relation->schemaname, as->relation->relname);
	if (!o || o->kind != OBJ_TABLE || !lint_existed_before(L, o))
		return;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		if (!cmd->name)
			continue;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
			drop_column(L, (CatTable *)o, cmd->name, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
			drop_not_null(L, (CatTable *)o, cmd->name, off);
			break;
		default:
			break;
		}
	}
}

static void drop_tables(Linter *L, ReplayState *st, PgQuery__DropStmt *ds, int off)
{
	if (ds->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return;
	for (size_t i = 0; i < ds->n_objects; i++) {
		const PgQuery__Node *on = ds->objects[i];
		if (on->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		const char *schema = NULL, *name = NULL;
		rp_qualname(on->list->items, on->list->n_items, &schema, &name);
		CatObject *o = name ? rp_find_relation(st, schema, name) : NULL;
		if (!o || o->kind != OBJ_TABLE || !lint_existed_before(L, o) || lint_ignored(L, o))
			continue;
		lint_report_on(L, LR_DROP_TABLE, o, off,
		               "dropping existing table %s breaks running clients that still use it, and its "
		               "data is gone",
		               lint_tname(L, o));
		if (lint_last(L))
			diag_set_hint(lint_last(L),
			              "deploy code that no longer uses \"%s\" first, then drop it in a later "
			              "migration (renaming it away for a release finds the stragglers)",
			              o->name);
	}
}

static void rename_rel(Linter *L, ReplayState *st, PgQuery__RenameStmt *rs, int off)
{
	if (!rs->relation || (rs->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
	                      rs->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE))
		return;
	CatObject *o = rp_find_relation(st, rs->relation->schemaname, rs->relation->relname);
	if (!o || o->kind != OBJ_TABLE || !lint_existed_before(L, o) || lint_ignored(L, o))
		return;
	if (rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		lint_report_on(L, LR_RENAME_TABLE, o, off,
		               "renaming existing table %s to \"%s\" breaks running clients that use the old "
		               "name",
		               lint_tname(L, o), rs->newname ? rs->newname : "?");
		if (lint_last(L))
			diag_set_hint(
			    lint_last(L),
			    "rename it, then CREATE VIEW %s AS SELECT * FROM %s in the same migration "
			    "(a simple view is updatable) and drop the view once no client uses it",
			    o->name, rs->newname ? rs->newname : "?");
		return;
	}
	CatColumn *c = rs->subname ? table_find_column((CatTable *)o, rs->subname) : NULL;
	if (!c || !lint_loc_existed_before(L, &c->origin))
		return;
	lint_report_on(
	    L, LR_RENAME_COLUMN, o, off,
	    "renaming column \"%s\" of existing table %s to \"%s\" breaks running clients that use "
	    "the old name",
	    c->name, lint_tname(L, o), rs->newname ? rs->newname : "?");
	if (lint_last(L))
		diag_set_hint(lint_last(L),
		              "add the new column, write both, backfill, move the readers, then drop the old "
		              "one in later migrations");
}

static void drop_database(Linter *L, PgQuery__DropdbStmt *dd, int off)
{
	lint_report(L, LR_DROP_DATABASE, off,
	            "DROP DATABASE \"%s\" in a migration: every table in it is gone, for every client",
	            dd->dbname ? dd->dbname : "?");
	if (lint_last(L))
		diag_set_hint(lint_last(L),
		              "drop databases by hand, outside the migrations (it cannot run in "
		              "a transaction either)");
}

/* ---- TRUNCATE ... CASCADE ---- */

typedef struct ObjVec {
	CatObject **items;
	size_t n, cap;
} ObjVec;

static bool in_list(const ObjVec *l, const CatObject *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i] == p)
			return true;
	return false;
}

static void push(ObjVec *l, CatObject *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->n++] = p;
}

/* Tables with a foreign key to T, recursively, into OUT (which starts with the truncated tables). */
static void referencing(Catalog *cat, const CatObject *t, ObjVec *out)
{
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->dropped || o->kind != OBJ_CONSTRAINT)
			continue;
		CatConstraint *k = (CatConstraint *)o;
		if (k->contype != CON_FOREIGN || !k->ref_table || &k->ref_table->h != t || !o->owner ||
		    in_list(out, o->owner))
			continue;
		push(out, o->owner);
		referencing(cat, o->owner, out);
	}
}

static void truncate_cascade(Linter *L, ReplayState *st, PgQuery__TruncateStmt *ts, int off)
{
	if (ts->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
		return;
	ObjVec all = {0};
	size_t named = 0;
	for (size_t i = 0; i < ts->n_relations; i++) {
		const PgQuery__Node *rn = ts->relations[i];
		if (rn->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			continue;
		CatObject *o = rp_find_relation(st, rn->range_var->schemaname, rn->range_var->relname);
		if (o && o->kind == OBJ_TABLE && !in_list(&all, o))
			push(&all, o);
	}
	named = all.n;
	for (size_t i = 0; i < named; i++)
		referencing(st->cat, all.items[i], &all);
	if (all.n > named) {
		StrBuf sb = STRBUF_INIT;
		for (size_t i = named; i < all.n && i < named + 5; i++)
			sb_appendf(&sb, "%s%s", i > named ? ", " : "", lint_tname(L, all.items[i]));
		if (all.n > named + 5)
			sb_appendf(&sb, " and %zu more", all.n - named - 5);
		lint_report(L, LR_TRUNCATE_CASCADE, off,
		            "TRUNCATE ... CASCADE also empties %zu table%s with foreign keys to %s: %s",
		            all.n - named, all.n - named == 1 ? "" : "s", lint_tname(L, all.items[0]),
		            sb_str(&sb));
		if (lint_last(L))
			diag_set_hint(lint_last(L),
			              "name every table to empty in the TRUNCATE and drop CASCADE, so "
			              "that a new foreign key cannot widen it silently");
		sb_release(&sb);
	}
	free(all.items);
}

/* ---- enum values ---- */

/* ALTER TYPE ... ADD VALUE without BEFORE/AFTER appends the value. When the existing labels are in
 * alphabetical order (three or more of them, so it is not chance), a value that sorts before the last one
 * breaks that order: ORDER BY and < on the column stop being alphabetical. */
static void enum_value(Linter *L, ReplayState *st, PgQuery__AlterEnumStmt *ae, int off)
{
	if (!ae->new_val || ae->old_val || ae->new_val_neighbor)
		return; /* RENAME VALUE, or a position given */
	const char *schema = NULL, *name = NULL;
	rp_qualname(ae->type_name, ae->n_type_name, &schema, &name);
	CatType *ty = name ? rp_find_type(st, schema, name) : NULL;
	if (!ty || ty->type_kind != TYPE_ENUM || ty->nlabels < 3 || !lint_existed_before(L, &ty->h))
		return;
	for (size_t i = 0; i < ty->nlabels; i++)
		if (!strcmp(ty->labels[i], ae->new_val))
			return; /* IF NOT EXISTS of a value that is there */
	for (size_t i = 1; i < ty->nlabels; i++)
		if (strcmp(ty->labels[i - 1], ty->labels[i]) >= 0)
			return; /* not in alphabetical order: appending is as good as anywhere */
	if (strcmp(ae->new_val, ty->labels[ty->nlabels - 1]) > 0)
		return;
	size_t at = 0;
	while (at < ty->nlabels && strcmp(ty->labels[at], ae->new_val) < 0)
		at++;
	lint_report(L, LR_ENUM_VALUE_ORDER, off,
	            "ADD VALUE '%s' appends it after '%s', out of the alphabetical order of the values of "
	            "\"%s\" ('%s' ... '%s')",
	            ae->new_val, ty->labels[ty->nlabels - 1], ty->h.name, ty->labels[0],
	            ty->labels[ty->nlabels - 1]);
	if (lint_last(L))
		diag_set_hint(lint_last(L), "ALTER TYPE %s ADD VALUE '%s' BEFORE '%s'", ty->h.name,
		              ae->new_val, ty->labels[at]);
}

/* ---- re-runs ---- */

/* What makes statement N fail when it already happened (a re-run of the file after a failure further
 * down), and its idempotent form; NULL when a re-run is harmless. *CIC: a CREATE INDEX CONCURRENTLY. */
static const char *rerun_problem(const PgQuery__Node *n, const char **fix, bool *cic)
{
	*cic = false;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		*fix = "CREATE TABLE IF NOT EXISTS";
		return n->create_stmt->if_not_exists ? NULL : "CREATE TABLE";
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		*cic = n->index_stmt->concurrent;
		*fix = "CREATE INDEX IF NOT EXISTS";
		return n->index_stmt->if_not_exists ? NULL
		       : *cic                       ? "CREATE INDEX CONCURRENTLY"
		                                    : "CREATE INDEX";
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		*fix = "CREATE SEQUENCE IF NOT EXISTS";
		return n->create_seq_stmt->if_not_exists ? NULL : "CREATE SEQUENCE";
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		*fix = "CREATE SCHEMA IF NOT EXISTS";
		return n->create_schema_stmt->if_not_exists ? NULL : "CREATE SCHEMA";
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		*fix = "CREATE EXTENSION IF NOT EXISTS";
		return n->create_extension_stmt->if_not_exists ? NULL : "CREATE EXTENSION";
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		*fix = "CREATE OR REPLACE VIEW";
		return n->view_stmt->replace ? NULL : "CREATE VIEW";
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		*fix = "CREATE OR REPLACE FUNCTION";
		return n->create_function_stmt->replace ? NULL : "CREATE FUNCTION";
	case PG_QUERY__NODE__NODE_DROP_STMT:
		if (n->drop_stmt->missing_ok)
			return NULL;
		switch (n->drop_stmt->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
			*fix = "DROP TABLE IF EXISTS";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
			*fix = "DROP INDEX IF EXISTS";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
			*fix = "DROP VIEW IF EXISTS";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
			*fix = "DROP SEQUENCE IF EXISTS";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
			*fix = "DROP TYPE IF EXISTS";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
			*fix = "DROP FUNCTION IF EXISTS";
			break;
		default:
			*fix = "DROP ... IF EXISTS";
			return "DROP";
		}
		return *fix; /* the message cuts " IF EXISTS" */
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		for (size_t i = 0; i < n->alter_table_stmt->n_cmds; i++) {
			const PgQuery__Node *c = n->alter_table_stmt->cmds[i];
			if (c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
				continue;
			const PgQuery__AlterTableCmd *cmd = c->alter_table_cmd;
			switch (cmd->subtype) {
			case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
				if (!cmd->missing_ok) {
					*fix = "ADD COLUMN IF NOT EXISTS";
					return "ADD COLUMN";
				}
				break;
			case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
				if (!cmd->missing_ok) {
					*fix = "DROP COLUMN IF EXISTS";
					return "DROP COLUMN";
				}
				break;
			case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
			case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
				*fix = "DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT";
				return "ADD CONSTRAINT";
			default:
				break;
			}
		}
		return NULL;
	default:
		return NULL;
	}
}

/* Remember the indexes a DROP INDEX ... IF EXISTS names. */
static void note_dropped(CompatState *cs, const PgQuery__DropStmt *ds)
{
	if (ds->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || !ds->missing_ok)
		return;
	for (size_t i = 0; i < ds->n_objects && cs->ndropped < (int)ARRAY_LEN(cs->dropped); i++) {
		const PgQuery__Node *on = ds->objects[i];
		if (on->node_case != PG_QUERY__NODE__NODE_LIST || !on->list->n_items)
			continue;
		const char *name = rp_str(on->list->items[on->list->n_items - 1]);
		if (name)
			cs->dropped[cs->ndropped++] = xstrdup(name);
	}
}

static void rerun(Linter *L, CompatState *cs, const SqlStmt *stmt)
{
	const char *fix = NULL;
	bool cic = false;
	if (stmt->node->node_case == PG_QUERY__NODE__NODE_DROP_STMT)
		note_dropped(cs, stmt->node->drop_stmt);
	const char *what = rerun_problem(stmt->node, &fix, &cic);
	/* CREATE INDEX CONCURRENTLY: safe to re-run after a DROP INDEX IF EXISTS of its name (a failed build
	 * leaves an INVALID index, which IF NOT EXISTS would keep) */
	if (cic && stmt->node->index_stmt->idxname) {
		what = "CREATE INDEX CONCURRENTLY";
		for (int i = 0; i < cs->ndropped; i++)
			if (!strcmp(cs->dropped[i], stmt->node->index_stmt->idxname))
				what = NULL;
	} else if (cic) {
		what = "CREATE INDEX CONCURRENTLY";
	}
	if (!what)
		return;
	size_t wl = strlen(what);
	if (wl > 10 && !strcmp(what + wl - 10, " IF EXISTS"))
		wl -= 10;
	lint_hold(L, LR_NOT_IDEMPOTENT, true);
	lint_report(L, LR_NOT_IDEMPOTENT, stmt->offset,
	            "%.*s fails when re-run, and this migration runs outside a transaction: after a failure "
	            "further down it stays applied",
	            (int)wl, what);
	if (lint_last(L) && cic) {
		const PgQuery__IndexStmt *is = stmt->node->index_stmt;
		lint_add_detail(
		    lint_last(L),
		    "a CREATE INDEX CONCURRENTLY that fails leaves an INVALID index behind, which "
		    "IF NOT EXISTS would keep");
		if (is->idxname)
			diag_set_hint(lint_last(L), "precede it with DROP INDEX CONCURRENTLY IF EXISTS %s",
			              is->idxname);
		else
			diag_set_hint(lint_last(L), "name the index, and precede it with DROP INDEX "
			                            "CONCURRENTLY IF EXISTS of that name");
	} else if (lint_last(L)) {
		diag_set_hint(lint_last(L), "use %s", fix);
	}
	lint_hold(L, LR_NOT_IDEMPOTENT, false);
}

/* ---- integer keys ---- */

static bool is_small_int(const PgQuery__TypeName *tn, const char **as)
{
	const char *n = tn ? last_name(tn->names, tn->n_names) : NULL;
	if (!n || tn->array_bounds)
		return false;
	if (!strcmp(n, "int4") || !strcmp(n, "serial") || !strcmp(n, "serial4"))
		*as = "integer";
	else if (!strcmp(n, "int2") || !strcmp(n, "smallserial") || !strcmp(n, "serial2"))
		*as = "smallint";
	else
		return false;
	return true;
}

static void int_key(Linter *L, const PgQuery__ColumnDef *cd, const char *table, bool pk)
{
	const char *as;
	if (!cd || !cd->colname || !is_small_int(cd->type_name, &as))
		return;
	bool identity = false;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Node *cn = cd->constraints[i];
		if (cn->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		if (cn->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
			pk = true;
		if (cn->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
			identity = true;
	}
	const char *tn = last_name(cd->type_name->names, cd->type_name->n_names);
	if (!pk && !identity && strncmp(tn, "serial", 6) && strcmp(tn, "smallserial"))
		return;
	lint_report(L, LR_PREFER_BIGINT_KEY, cd->location,
	            "%s column \"%s\" of \"%s\" is %s: inserts fail once it passes %s",
	            pk ? "primary key" : "generated key", cd->colname, table, as,
	            !strcmp(as, "integer") ? "2,147,483,647" : "32,767");
	if (lint_last(L))
		diag_set_hint(lint_last(L),
		              "use bigint (bigint GENERATED BY DEFAULT AS IDENTITY): changing it "
		              "later rewrites the table and every foreign key column pointing "
		              "at it");
}

static bool named_in_pk(const PgQuery__CreateStmt *cs, const char *col)
{
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		const PgQuery__Node *e = cs->table_elts[i];
		if (e->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
		    e->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
			continue;
		for (size_t k = 0; k < e->constraint->n_keys; k++) {
			const char *c = rp_str(e->constraint->keys[k]);
			if (c && !strcmp(c, col))
				return true;
		}
	}
	return false;
}

static void create_table_keys(Linter *L, const PgQuery__CreateStmt *cs)
{
	const char *table = cs->relation && cs->relation->relname ? cs->relation->relname : "?";
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		const PgQuery__Node *e = cs->table_elts[i];
		if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF && e->column_def->colname)
			int_key(L, e->column_def, table, named_in_pk(cs, e->column_def->colname));
	}
}

static void alter_table_keys(Linter *L, const PgQuery__AlterTableStmt *as)
{
	const char *table = as->relation && as->relation->relname ? as->relation->relname : "?";
	for (size_t i = 0; i < as->n_cmds; i++) {
		const PgQuery__Node *c = as->cmds[i];
		if (c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = c->alter_table_cmd;
		if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
		     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse) &&
		    cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			int_key(L, cmd->def->column_def, table, false);
	}
}

/* ---- dispatch ---- */

void lint_compat_stmt(Linter *L, ReplayState *st, const SqlStmt *stmt, bool after)
{
	if (after)
		return;
	CompatState *cs = lint_compat_state(L, sizeof(CompatState));
	PgQuery__Node *n = stmt->node;
	int off = stmt->offset;
	rerun(L, cs, stmt);
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		create_table_keys(L, n->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		alter_table(L, st, n->alter_table_stmt, off);
		alter_table_keys(L, n->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		drop_tables(L, st, n->drop_stmt, off);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		rename_rel(L, st, n->rename_stmt, off);
		break;
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		drop_database(L, n->dropdb_stmt, off);
		break;
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		truncate_cascade(L, st, n->truncate_stmt, off);
		break;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		enum_value(L, st, n->alter_enum_stmt, off);
		break;
	default:
		break;
	}
}
