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

/* DROP COLUMN: indexes and constraints on the column go with it; FKs from other tables and views that use it
 * need CASCADE. */
static void drop_column(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, int off)
{
	CatColumn *c = need_column(st, t, cmd->name, cmd->missing_ok, off);
	if (!c)
		return;
	bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	PtrList go = {0}, blockers = {0};
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		if (list_has(k->columns, k->ncolumns, c->name))
			ptrlist_push(&st->cat->arena, &go, k);
		else if (k->check_expr) {
			/* a CHECK mentioning the column (by name, approximately) */
			const char *p = strstr(k->check_expr, c->name);
			if (p) {
				size_t ln = strlen(c->name);
				bool word = (p == k->check_expr ||
				             !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z'))) &&
				            !(p[ln] == '_' || (p[ln] >= 'a' && p[ln] <= 'z') ||
				              (p[ln] >= '0' && p[ln] <= '9'));
				if (word)
					ptrlist_push(&st->cat->arena, &go, k);
			}
		}
	}
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		bool uses = list_has(ix->include, ix->ninclude, c->name);
		for (size_t j = 0; j < ix->nkeys && !uses; j++)
			uses = ix->keys[j].column && !strcmp(ix->keys[j].column, c->name);
		if (uses && !ix->constraint)
			ptrlist_push(&st->cat->arena, &go, ix);
	}
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *o = t->h.rdeps.items[i];
		if (o->kind == OBJ_CONSTRAINT && o->owner != &t->h) {
			CatConstraint *k = (CatConstraint *)o;
			if (k->ref_table == t && list_has(k->ref_columns, k->nref_columns, c->name)) {
				/* the FK references this column: it depends on our unique index; handled via
				 * that index */
				if (!cascade)
					ptrlist_push(&st->cat->arena, &blockers, o);
			}
		} else if (o->kind == OBJ_SEQUENCE && ((CatSequence *)o)->owned_by_table == t &&
		           ((CatSequence *)o)->owned_by_column &&
		           !strcmp(((CatSequence *)o)->owned_by_column, c->name)) {
			ptrlist_push(&st->cat->arena, &go, o);
		} else if (o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW) {
			for (size_t j = 0; j < o->ndeps; j++)
				if (o->deps[j].on == &t->h && o->deps[j].column &&
				    !strcmp(o->deps[j].column, c->name)) {
					if (!cascade)
						ptrlist_push(&st->cat->arena, &blockers, o);
					else
						ptrlist_push(&st->cat->arena, &go, o);
					break;
				}
		}
	}
	if (blockers.n) {
		const char *what =
		    arena_sprintf(&st->cat->arena, "column %s of table %s", c->name, t->h.name);
		rp_report_blockers(st, &t->h, &blockers, off, what);
		return;
	}
	for (size_t i = 0; i < go.n; i++) {
		CatObject *o = go.items[i];
		if (o->dropped)
			continue;
		if (catalog_drop(st->cat, o, true, NULL, NULL) != 0)
			continue;
	}
	rp_drop_column_deps(t, c->name);
	table_remove_column(st->cat, t, c->name);
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

/* The analysed tree of stored expression TEXT of T (KIND), or NULL (its error, if any, is not reported: the
 * text lost the casts the server re-parses with). */
static PgQuery__Node *reanalyze(ReplayState *st, ExprKind kind, const char *text, CatTable *t)
{
	char *sql = xasprintf("SELECT %s", text);
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
	free(sql);
	PgQuery__ParseResult *tree = NULL;
	if (!pr.error)
		tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
		                                      (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	PgQuery__Node *out = NULL;
	if (tree && tree->n_stmts == 1 && tree->stmts[0]->stmt &&
	    tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
	    tree->stmts[0]->stmt->select_stmt->n_target_list == 1) {
		const PgQuery__Node *e = tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
		ExprEnv env;
		const char *path[32];
		rp_expr_env(st, &env, path);
		ExprError err;
		out = expr_analyze(&env, kind, e, &t->h, NULL, &err);
		expr_error_clear(&err);
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return out;
}

/* ALTER COLUMN TYPE: PostgreSQL re-parses the definitions of T's indexes that use column COL against its new
 * type; a key expression that is then the bare column (`date(d)` once d is a date) becomes a column key, as
 * ComputeIndexAttrs makes it. Only that: the model's texts lost the casts the server re-parses with (the
 * literal of `d > '2020-01-01'` stays a timestamp when d becomes a date), so other expressions keep theirs.
 */
static void reanalyze_table(ReplayState *st, CatTable *t, const char *col)
{
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		if (ix->h.dropped)
			continue;
		for (size_t k = 0; k < ix->nkeys; k++) {
			CatIndexElem *e = &ix->keys[k];
			if (!e->expr || !strstr(e->expr, col))
				continue;
			PgQuery__Node *a = reanalyze(st, EXPRK_INDEX_EXPR, e->expr, t);
			if (a && a->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			    a->column_ref->n_fields == 1 && rp_str(a->column_ref->fields[0])) {
				e->column = arena_strdup(&st->cat->arena, rp_str(a->column_ref->fields[0]));
				e->expr = NULL;
			}
			expr_tree_free(a);
		}
	}
}

static void alter_column_type(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, int off)
{
	CatColumn *c = need_column(st, t, cmd->name, false, off);
	if (!c || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
		return;
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	CatType *ut = NULL;
	/* the column no longer depends on its old type */
	for (size_t i = 0; i < t->h.ndeps;) {
		CatDep *d = &t->h.deps[i];
		if (d->on->kind == OBJ_TYPE && d->column && !strcmp(d->column, c->name)) {
			catalog_remove_dep(&t->h, d->on, c->name);
			i = 0;
		} else
			i++;
	}
	c->type = rp_type(st, cd->type_name, &ut);
	if (ut)
		catalog_add_dep(st->cat, &t->h, &ut->h, c->name, DEP_NORMAL);
	reanalyze_table(st, t, c->name);
	if (cd->coll_clause && cd->coll_clause->n_collname)
		c->collation = arena_strdup(
		    &st->cat->arena, rp_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
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
				c->generated = NULL;
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			alter_column_type(st, t, cmd, off);
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
