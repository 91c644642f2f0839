/* replay_alter.c — ALTER TABLE and its subcommands (columns, defaults, NOT NULL, types, constraints, RLS,
 * identity, inheritance, partitions); ALTER INDEX/SEQUENCE/VIEW variants that only touch storage are no-ops.
 */
#include "strata.h"
#include "analysis/replay_int.h"

#include <pg_query.h>

void rp_attach_partition(ReplayState *st, CatTable *parent, CatTable *part, const char *bound, int off);
void rp_set_column_default(ReplayState *st, CatTable *t, CatColumn *c, PgQuery__Node *e);
void rp_make_identity(ReplayState *st, CatTable *t, CatColumn *col, PgQuery__Constraint *c, int off);
void rp_drop_column_deps(CatTable *t, const char *column);
void rp_report_blockers(ReplayState *st, CatObject *o, PtrList *blockers, int off, const char *what);

static bool list_has(const char **l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] && !strcmp(l[i], s))
			return true;
	return false;
}

static CatColumn *need_column(ReplayState *st, CatTable *t, const char *name, bool missing_ok, int off)
{
	CatColumn *c = table_find_column(t, name);
	if (!c && !missing_ok)
		rp_diag(st, SEV_ERROR, "undefined-column", off,
		        "column \"%s\" of relation \"%s\" does not exist", name, t->h.name);
	return c;
}

/* What dropping column C of T touches, as pg_depend records it for the column: GO gets what goes with it
 * (constraints and indexes on it, CHECKs and index expressions and predicates that use it: automatic
 * dependencies; the sequence it owns; with CASCADE also the views, triggers and policies that use it);
 * BLOCKERS what refuses the drop without CASCADE (views, triggers whose UPDATE OF list or WHEN uses it,
 * policies whose expressions use it, FKs of other tables that reference it: normal dependencies); GENCOLS
 * the generated columns of T whose expression uses it (a normal dependency: a blocker without CASCADE,
 * dropped with it otherwise). */
static void column_dependents(ReplayState *st, CatTable *t, CatColumn *c, bool cascade, PtrList *go,
                              PtrList *blockers, PtrList *gencols)
{
	Arena *ar = &st->cat->arena;
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		if (k->h.dropped)
			continue;
		if (list_has(k->columns, k->ncolumns, c->name) ||
		    (k->check_expr &&
		     rp_text_uses_column(k->check_src ? k->check_src : k->check_expr, c->name, NULL, 0)))
			ptrlist_push(ar, go, k);
	}
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		if (!ix->h.dropped && !ix->constraint && rp_index_uses_column(ix, c->name))
			ptrlist_push(ar, go, ix);
	}
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *g = t->columns.items[i];
		if (g != c && g->generated &&
		    rp_text_uses_column(g->generated_src ? g->generated_src : g->generated, c->name, NULL, 0))
			ptrlist_push(ar, gencols, g);
	}
	static const char *const new_old[] = {"new", "old"};
	for (size_t i = 0; i < t->triggers.n; i++) {
		CatTrigger *tg = t->triggers.items[i];
		if (!tg->h.dropped && (list_has(tg->update_columns, tg->nupdate_columns, c->name) ||
		                       rp_text_uses_column(tg->when_expr, c->name, new_old, 2)))
			ptrlist_push(ar, cascade ? go : blockers, tg);
	}
	const char *self[] = {t->h.name};
	for (size_t i = 0; i < t->policies.n; i++) {
		CatPolicy *p = t->policies.items[i];
		if (!p->h.dropped && (rp_text_uses_column(p->using_expr, c->name, self, 1) ||
		                      rp_text_uses_column(p->with_check_expr, c->name, self, 1)))
			ptrlist_push(ar, cascade ? go : blockers, p);
	}
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *o = t->h.rdeps.items[i];
		if (o->kind == OBJ_CONSTRAINT && o->owner != &t->h) {
			CatConstraint *k = (CatConstraint *)o;
			if (k->ref_table == t && list_has(k->ref_columns, k->nref_columns, c->name)) {
				/* the FK references this column: it depends on our unique index; handled via
				 * that index */
				if (!cascade)
					ptrlist_push(ar, blockers, o);
			}
		} else if (o->kind == OBJ_SEQUENCE && ((CatSequence *)o)->owned_by_table == t &&
		           ((CatSequence *)o)->owned_by_column &&
		           !strcmp(((CatSequence *)o)->owned_by_column, c->name)) {
			ptrlist_push(ar, go, o);
		} else if (o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW) {
			for (size_t j = 0; j < o->ndeps; j++)
				if (o->deps[j].on == &t->h && o->deps[j].column &&
				    !strcmp(o->deps[j].column, c->name)) {
					ptrlist_push(ar, cascade ? go : blockers, o);
					break;
				}
		}
	}
}

/* "cannot drop column C of table T because other objects depend on it", listing BLOCKERS and GENCOLS as
 * PostgreSQL's detail does. */
static void report_column_blockers(ReplayState *st, CatTable *t, CatColumn *c, PtrList *blockers,
                                   PtrList *gencols, int off)
{
	Diag *d = rp_diag(st, SEV_ERROR, "dependent-objects", off,
	                  "cannot drop column %s of table %s because other objects depend on it", c->name,
	                  t->h.name);
	if (!d)
		return;
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < gencols->n; i++) {
		CatColumn *g = gencols->items[i];
		sb_appendf(&sb, "%scolumn %s of table %s depends on column %s of table %s",
		           sb.len ? "\n" : "", g->name, t->h.name, c->name, t->h.name);
	}
	for (size_t i = 0; i < blockers->n; i++) {
		CatObject *o = blockers->items[i];
		if (sb.len)
			sb_putc(&sb, '\n');
		sb_appendf(&sb, "%s %s", obj_kind_name(o->kind), o->name);
		if (o->owner)
			sb_appendf(&sb, " on %s %s", obj_kind_name(o->owner->kind), o->owner->name);
		sb_appendf(&sb, " depends on column %s of table %s", c->name, t->h.name);
	}
	diag_set_detail(d, "%s", sb_str(&sb));
	diag_set_hint(d, "Use DROP ... CASCADE to drop the dependent objects too.");
	snprintf(d->sqlstate, sizeof d->sqlstate, "2BP01");
	sb_release(&sb);
}

/* Drop column C of T and what goes with it (column_dependents; with CASCADE the generated columns that use
 * it too). False, with the error reported, when something refuses it. */
static bool drop_column_and_dependents(ReplayState *st, CatTable *t, CatColumn *c, bool cascade, int off)
{
	PtrList go = {0}, blockers = {0}, gencols = {0};
	column_dependents(st, t, c, cascade, &go, &blockers, &gencols);
	if (blockers.n || (gencols.n && !cascade)) {
		report_column_blockers(st, t, c, &blockers, &gencols, off);
		return false;
	}
	for (size_t i = 0; i < gencols.n; i++)
		if (!drop_column_and_dependents(st, t, gencols.items[i], cascade, off))
			return false;
	for (size_t i = 0; i < go.n; i++) {
		CatObject *o = go.items[i];
		if (o->dropped)
			continue;
		if (catalog_drop(st->cat, o, true, NULL, NULL) != 0)
			continue;
	}
	rp_drop_column_deps(t, c->name);
	table_remove_column(st->cat, t, c->name);
	return true;
}

/* DROP COLUMN (ATExecDropColumn). */
static void drop_column(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, int off)
{
	CatColumn *c = need_column(st, t, cmd->name, cmd->missing_ok, off);
	if (!c)
		return;
	if (rp_partkey_uses_column(t, c->name)) {
		Diag *d =
		    rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		            "cannot drop column \"%s\" because it is part of the partition key of relation "
		            "\"%s\"",
		            c->name, t->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return;
	}
	(void)drop_column_and_dependents(st, t, c, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE,
	                                 off);
}

static void drop_constraint(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, int off)
{
	CatConstraint *k = catalog_find_constraint(st->cat, t, cmd->name);
	if (!k) {
		if (!cmd->missing_ok)
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->h.name);
		return;
	}
	bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	PtrList blockers = {0};
	CatObject *target = &k->h;
	/* FKs depend on the backing index of a PK/UNIQUE: dropping the constraint drops the index */
	if (k->index) {
		for (size_t i = 0; i < k->index->h.rdeps.n; i++) {
			CatObject *d = k->index->h.rdeps.items[i];
			if (d != &k->h && d->kind == OBJ_CONSTRAINT && !cascade)
				ptrlist_push(&st->cat->arena, &blockers, d);
		}
		if (blockers.n) {
			const char *what =
			    arena_sprintf(&st->cat->arena, "constraint %s on table %s", k->h.name, t->h.name);
			rp_report_blockers(st, target, &blockers, off, what);
			return;
		}
		CatIndex *ix = k->index;
		if (catalog_drop(st->cat, &ix->h, true, NULL, NULL) != 0)
			return;
	}
	if (!k->h.dropped && catalog_drop(st->cat, target, true, NULL, NULL) != 0)
		return;
}

/* ATPrepAlterColumnType for every ALTER COLUMN TYPE of AS, before any subcommand runs (a USING expression
 * reads the table as it was): false with the error reported. */
static bool prepare_column_types(ReplayState *st, CatTable *t, PgQuery__AlterTableStmt *as, int off)
{
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType || !cmd->def ||
		    cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		CatColumn *c = table_find_column(t, cmd->name);
		if (!c)
			continue; /* (reported when the subcommand runs) */
		PgQuery__ColumnDef *cd = cmd->def->column_def;
		CatType *ut = NULL;
		DiagList quiet = DIAGLIST_INIT, *saved = st->dl;
		st->dl = &quiet; /* the type's own errors are reported when the subcommand runs */
		const char *newtype = rp_type(st, cd->type_name, &ut);
		st->dl = saved;
		diag_list_release(&quiet);
		if (!rp_retype_prepare(st, t, c, newtype, cd->raw_default, off))
			return false;
	}
	return true;
}

/* Column C of T gets type NEWTYPE (UT: the user type, or NULL; COLL: the written collation, or NULL), and
 * T's stored expressions that use it are rebuilt (rp_retype_dependents). With RECURSE the same happens in
 * every inheritance child and partition that has the column, as ATPrepAlterColumnType recurses (the
 * children's columns are inherited, so they change with the parent's). False with the error reported. */
static bool set_column_type(ReplayState *st, CatTable *t, CatColumn *c, const char *newtype, CatType *ut,
                            const char *coll, bool recurse, int depth, int off)
{
	if (rp_partkey_uses_column(t, c->name)) {
		Diag *d =
		    rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		            "cannot alter column \"%s\" because it is part of the partition key of relation "
		            "\"%s\"",
		            c->name, t->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return false;
	}
	/* the column no longer depends on its old type */
	for (size_t i = 0; i < t->h.ndeps;) {
		CatDep *d = &t->h.deps[i];
		if (d->on->kind == OBJ_TYPE && d->column && !strcmp(d->column, c->name)) {
			catalog_remove_dep(&t->h, d->on, c->name);
			i = 0;
		} else
			i++;
	}
	const char *oldtype = c->type;
	c->type = newtype;
	if (ut)
		catalog_add_dep(st->cat, &t->h, &ut->h, c->name, DEP_NORMAL);
	if (coll)
		c->collation = arena_strdup(&st->cat->arena, coll);
	if (!rp_retype_dependents(st, t, c, oldtype, off))
		return false;
	if (!recurse || depth > 64)
		return true;
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *o = t->h.rdeps.items[i];
		if (o->kind != OBJ_TABLE || o->dropped)
			continue;
		CatTable *child = (CatTable *)o;
		bool is_child = child->partition_of == t;
		for (size_t j = 0; j < child->inherits.n && !is_child; j++)
			is_child = child->inherits.items[j] == t;
		CatColumn *cc = is_child ? table_find_column(child, c->name) : NULL;
		if (cc && strcmp(cc->type, newtype) &&
		    !set_column_type(st, child, cc, newtype, ut, coll, true, depth + 1, off))
			return false;
	}
	return true;
}

static void alter_column_type(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse,
                              int off)
{
	CatColumn *c = need_column(st, t, cmd->name, false, off);
	if (!c || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
		return;
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	CatType *ut = NULL;
	const char *newtype = rp_type(st, cd->type_name, &ut);
	const char *coll = cd->coll_clause && cd->coll_clause->n_collname
	                       ? rp_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1])
	                       : NULL;
	(void)set_column_type(st, t, c, newtype, ut, coll, recurse, 0, off);
}

static void add_constraint_cmd(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd)
{
	if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
		return;
	PgQuery__Constraint *c = cmd->def->constraint;
	if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
		return;
	(void)rp_add_constraint(st, t, c, NULL, false);
}

void rp_alter_table(ReplayState *st, PgQuery__AlterTableStmt *as)
{
	PgQuery__ObjectType ot = as->objtype;
	if (ot != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && ot != PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE) {
		/* ALTER INDEX/SEQUENCE/VIEW/MATERIALIZED VIEW/TYPE ...: storage, owner, options */
		bool owner = false;
		for (size_t i = 0; i < as->n_cmds; i++)
			if (as->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
			    as->cmds[i]->alter_table_cmd->subtype ==
			        PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
				owner = true;
		if (owner)
			rp_opaque(st, 3, -1, NULL);
		CatObject *o = rp_range_relation(
		    st, as->relation, as->missing_ok || ot == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE, NULL);
		(void)o;
		return;
	}
	CatObject *o = rp_range_relation(st, as->relation, as->missing_ok, NULL);
	if (!o)
		return;
	if (o->kind != OBJ_TABLE) {
		/* ALTER TABLE works on views and sequences too for renames/owner; nothing to model */
		return;
	}
	CatTable *t = (CatTable *)o;
	if (!prepare_column_types(st, t, as, as->relation->location))
		return;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		int off = as->relation->location;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse: {
			if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
				break;
			PgQuery__ColumnDef *cd = cmd->def->column_def;
			if (table_find_column(t, cd->colname)) {
				if (!cmd->missing_ok)
					rp_diag(st, SEV_ERROR, "duplicate-column", cd->location,
					        "column \"%s\" of relation \"%s\" already exists",
					        cd->colname, t->h.name);
				break;
			}
			rp_add_column(st, t, cd, false, NULL);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
			drop_column(st, t, cmd, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
			CatColumn *c = need_column(st, t, cmd->name, false, off);
			if (c)
				rp_set_column_default(st, t, c, cmd->def);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: {
			CatColumn *c = need_column(st, t, cmd->name, false, off);
			if (c)
				c->not_null = true;
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: {
			CatColumn *c = need_column(st, t, cmd->name, false, off);
			if (c)
				c->not_null = false;
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
			CatColumn *c = need_column(st, t, cmd->name, cmd->missing_ok, off);
			if (c)
				c->generated = c->generated_src = NULL;
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			alter_column_type(st, t, cmd, as->relation->inh, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
			add_constraint_cmd(st, t, cmd);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
			drop_constraint(st, t, cmd, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse: {
			CatConstraint *k = catalog_find_constraint(st->cat, t, cmd->name);
			if (!k)
				rp_diag(st, SEV_ERROR, "undefined-object", off,
				        "constraint \"%s\" of relation \"%s\" does not exist", cmd->name,
				        t->h.name);
			else
				k->not_valid = false;
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
				PgQuery__Constraint *c = cmd->def->constraint;
				CatConstraint *k = catalog_find_constraint(st->cat, t, c->conname);
				if (k) {
					k->deferrable = c->deferrable;
					k->initially_deferred = c->initdeferred;
				}
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
			t->rls_enabled = true;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
			t->rls_enabled = false;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
			t->rls_forced = true;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
			t->rls_forced = false;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
			t->unlogged = false;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
			t->unlogged = true;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: {
			CatColumn *c = need_column(st, t, cmd->name, false, off);
			if (c && cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
				rp_make_identity(st, t, c, cmd->def->constraint, off);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: {
			CatColumn *c = need_column(st, t, cmd->name, false, off);
			if (c && c->identity) {
				c->identity = IDENT_NONE;
				if (c->identity_seq &&
				    catalog_drop(st->cat, &c->identity_seq->h, true, NULL, NULL) == 0)
					c->identity_seq = NULL;
			}
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: {
			CatColumn *c = need_column(st, t, cmd->name, false, off);
			if (c && c->identity_seq && cmd->def &&
			    cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
				PgQuery__List *l = cmd->def->list;
				for (size_t j = 0; j < l->n_items; j++) {
					PgQuery__Node *dn = l->items[j];
					if (dn->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
					    !strcmp(dn->def_elem->defname, "generated") &&
					    dn->def_elem->arg &&
					    dn->def_elem->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
						c->identity = dn->def_elem->arg->integer->ival == 'a'
						                  ? IDENT_ALWAYS
						                  : IDENT_BY_DEFAULT;
				}
				rp_seq_apply_options(st, c->identity_seq, l->items, l->n_items, false);
			}
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
				CatObject *p = rp_range_relation(st, cmd->def->range_var, false, NULL);
				if (p && p->kind == OBJ_TABLE) {
					ptrlist_push(&st->cat->arena, &t->inherits, p);
					catalog_add_dep(st->cat, &t->h, p, NULL, DEP_NORMAL);
				}
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
				CatObject *p = rp_range_relation(st, cmd->def->range_var, false, NULL);
				if (p) {
					ptrlist_remove(&t->inherits, p);
					catalog_remove_dep(&t->h, p, NULL);
				}
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
				PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
				CatObject *p = rp_range_relation(st, pc->name, false, NULL);
				if (p && p->kind == OBJ_TABLE)
					rp_attach_partition(
					    st, t, (CatTable *)p,
					    pc->bound && pc->bound->is_default ? "DEFAULT" : "FOR VALUES ...",
					    off);
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
				CatObject *p =
				    rp_range_relation(st, cmd->def->partition_cmd->name, false, NULL);
				if (p && p->kind == OBJ_TABLE) {
					((CatTable *)p)->partition_of = NULL;
					((CatTable *)p)->partition_bound = NULL;
					catalog_remove_dep(p, &t->h, NULL);
				}
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
			rp_opaque(st, 3, -1, NULL);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig: {
			CatTrigger *tg = cmd->name ? catalog_find_trigger(st->cat, &t->h, cmd->name) : NULL;
			if (tg)
				tg->enabled =
				    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig         ? 'D'
				    : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig  ? 'A'
				    : cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig ? 'R'
				                                                                       : 'O';
			break;
		}
		default:
			break; /* storage, statistics, options, tablespace, replica identity, cluster: not
			          modelled */
		}
	}
}
