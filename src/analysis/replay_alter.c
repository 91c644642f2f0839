/* replay_alter.c — ALTER TABLE and its subcommands (columns, defaults, NOT NULL, types, constraints, RLS,
 * identity, inheritance, partitions); ALTER INDEX/SEQUENCE/VIEW variants that only touch storage are no-ops.
 */
#include "strata.h"
#include "analysis/replay_int.h"
#include "analysis/replay_foreign.h"
#include "analysis/replay_inherit.h"
#include "analysis/replay_col.h"
#include "analysis/replay_trigger.h"
#include "analysis/replay_atrules.h"

#include <pg_query.h>

void rp_attach_partition(ReplayState *st, CatTable *parent, CatTable *part,
                         const PgQuery__PartitionBoundSpec *b, int off);
void rp_detach_partition(ReplayState *st, CatTable *parent, CatTable *part);
void rp_set_column_default(ReplayState *st, CatTable *t, CatColumn *c, PgQuery__Node *e);
void rp_make_identity(ReplayState *st, CatTable *t, CatColumn *col, PgQuery__Constraint *c, int off);

static CatColumn *need_column(ReplayState *st, CatTable *t, const char *name, bool missing_ok, int off)
{
	CatColumn *c = table_find_column(t, name);
	if (!c && !missing_ok)
		rp_diag(st, SEV_ERROR, "undefined-column", off,
		        "column \"%s\" of relation \"%s\" does not exist", name, t->h.name);
	return c;
}

/* The tables that inherit from T or are its partitions. */
void rp_children_of(ReplayState *st, CatTable *t, PtrList *out)
{
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *o = t->h.rdeps.items[i];
		if (o->dropped || o->kind != OBJ_TABLE)
			continue;
		CatTable *c = (CatTable *)o;
		bool child = c->partition_of == t;
		for (size_t j = 0; j < c->inherits.n && !child; j++)
			child = c->inherits.items[j] == t;
		bool dup = false;
		for (size_t j = 0; j < out->n && !dup; j++)
			dup = out->items[j] == c;
		if (child && !dup)
			ptrlist_push(&st->cat->arena, out, c);
	}
}

typedef struct InhFix {
	CatColumn *col;
	int inhcount;
	bool is_local;
} InhFix;

/* ATExecDropColumn's collection: the column, and the children's copies that have no other source (the
 * others lose one inheritance; with ONLY they become local). Returns false after an error. */
static bool collect_drop_column(ReplayState *st, CatTable *t, const char *name, bool recurse, bool recursing,
                                int off, PtrList *targets, PtrList *fixes)
{
	CatColumn *c = table_find_column(t, name);
	if (!c) {
		rp_diag(st, SEV_ERROR, "undefined-column", off,
		        "column \"%s\" of relation \"%s\" does not exist", name, t->h.name);
		return false;
	}
	if (c->inhcount > 0 && !recursing) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off, "cannot drop inherited column \"%s\"",
		        name);
		return false;
	}
	if (rp_partkey_uses_column(t, name)) {
		Diag *d =
		    rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		            "cannot drop column \"%s\" because it is part of the partition key of relation "
		            "\"%s\"",
		            name, t->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return false;
	}
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	if (kids.n && t->relkind == REL_PARTITIONED && !recurse) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		                  "cannot drop column from only the partitioned table when partitions exist");
		diag_set_hint(d, "Do not specify the ONLY keyword.");
		return false;
	}
	for (size_t i = 0; i < kids.n; i++) {
		CatTable *k = kids.items[i];
		CatColumn *kc = table_find_column(k, name);
		if (!kc)
			continue;
		if (recurse && kc->inhcount == 1 && !kc->is_local) {
			if (!collect_drop_column(st, k, name, true, true, off, targets, fixes))
				return false;
			continue;
		}
		InhFix *f = arena_new(&st->cat->arena, InhFix);
		f->col = kc;
		f->inhcount = kc->inhcount > 0 ? kc->inhcount - 1 : 0;
		f->is_local = recurse ? kc->is_local : true;
		ptrlist_push(&st->cat->arena, fixes, f);
	}
	CatAddr *a = arena_new(&st->cat->arena, CatAddr);
	*a = (CatAddr){&t->h, c->name, false};
	ptrlist_push(&st->cat->arena, targets, a);
	return true;
}

/* DROP COLUMN: everything that depends on the column goes with it or needs CASCADE, as pg_depend says
 * (indexes and constraints on it go; views, foreign keys to it, generated columns using it, policies need
 * CASCADE); inheritance children lose their copy. */
static void drop_column(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse, int off)
{
	if (!table_find_column(t, cmd->name)) {
		if (!cmd->missing_ok)
			rp_diag(st, SEV_ERROR, "undefined-column", off,
			        "column \"%s\" of relation \"%s\" does not exist", cmd->name, t->h.name);
		return;
	}
	PtrList targets = {0}, fixes = {0};
	if (!collect_drop_column(st, t, cmd->name, recurse, false, off, &targets, &fixes))
		return;
	CatAddr *addrs = arena_array(&st->cat->arena, CatAddr, targets.n);
	for (size_t i = 0; i < targets.n; i++)
		addrs[i] = *(CatAddr *)targets.items[i];
	bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	if (!rp_drop_addrs(st, addrs, targets.n, cascade, off))
		return;
	for (size_t i = 0; i < fixes.n; i++) {
		InhFix *f = fixes.items[i];
		f->col->inhcount = f->inhcount;
		f->col->is_local = f->is_local;
	}
}

/* DROP CONSTRAINT: the constraint (its index with it) and what depends on them; the copies of a CHECK
 * constraint in inheritance children and partitions go too unless ONLY. */
/* ATExecDropConstraint's collection for a CHECK constraint of NAME: the children's copies inherited only
 * from here go too, the others lose one inheritance (with ONLY they become local). */
static void collect_child_checks(ReplayState *st, CatTable *t, const char *name, bool recurse,
                                 PtrList *targets, PtrList *fixes)
{
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++) {
		CatTable *kt = kids.items[i];
		CatConstraint *kk = catalog_find_constraint(st->cat, kt, name);
		if (!kk || kk->contype != CON_CHECK || kk->inhcount <= 0)
			continue;
		if (recurse && kk->inhcount == 1 && !kk->is_local) {
			CatAddr *ka = arena_new(&st->cat->arena, CatAddr);
			*ka = (CatAddr){&kk->h, NULL, false};
			ptrlist_push(&st->cat->arena, targets, ka);
			collect_child_checks(st, kt, name, true, targets, fixes);
		} else
			ptrlist_push(&st->cat->arena, fixes, kk);
	}
}

/* DROP CONSTRAINT: the constraint (its index with it) and what depends on them; an inherited one (from a
 * parent, or a partition's copy of its parent's key) cannot be dropped alone. */
static void drop_constraint(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse, int off)
{
	CatConstraint *k = catalog_find_constraint(st->cat, t, cmd->name);
	if (!k) {
		if (!cmd->missing_ok)
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->h.name);
		return;
	}
	bool inherited = k->inhcount > 0;
	for (size_t i = 0; i < k->h.ndeps; i++)
		inherited |= k->h.deps[i].type == DEP_PARTITION_PRI; /* coninhcount > 0 */
	if (inherited) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "cannot drop inherited constraint \"%s\" of relation \"%s\"", k->h.name, t->h.name);
		return;
	}
	if (k->contype == CON_CHECK && !k->no_inherit && !rp_partition_only_check(st, t, recurse, off))
		return;
	bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	PtrList targets = {0}, fixes = {0};
	CatAddr *a = arena_new(&st->cat->arena, CatAddr);
	*a = (CatAddr){&k->h, NULL, false};
	ptrlist_push(&st->cat->arena, &targets, a);
	if (k->contype == CON_CHECK)
		collect_child_checks(st, t, k->h.name, recurse, &targets, &fixes);
	CatAddr *addrs = arena_array(&st->cat->arena, CatAddr, targets.n);
	for (size_t i = 0; i < targets.n; i++)
		addrs[i] = *(CatAddr *)targets.items[i];
	if (!rp_drop_addrs(st, addrs, targets.n, cascade, off))
		return;
	for (size_t i = 0; i < fixes.n; i++) {
		CatConstraint *kk = fixes.items[i];
		kk->inhcount--;
		if (!recurse)
			kk->is_local = true;
	}
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
		if (!rp_inh_check_member(st, &t->h, cd->type_name, off)) /* CheckAttributeType first */
			return false;
		if (!rp_retype_prepare(st, t, c, newtype, cd->raw_default, off))
			return false;
	}
	return true;
}

/* ATPrepAlterColumnType's checks that involve other tables: a child that also inherits the column from an
 * unrelated parent, a new type that contains T's row type, T's row type stored in another table's column
 * (find_composite_type_dependencies). False with the error reported. */
static bool alter_column_type_allowed(ReplayState *st, CatTable *t, CatColumn *c, PgQuery__AlterTableCmd *cmd,
                                      bool recurse, bool recursing, int off)
{
	CatTable *bad = recurse && !recursing ? rp_inh_foreign_lineage(st, t, c->name) : NULL;
	if (bad) {
		Diag *d =
		    rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		            "cannot alter inherited column \"%s\" of relation \"%s\"", c->name, bad->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return false;
	}
	if (!rp_inh_check_member(st, &t->h, cmd->def->column_def->type_name, off))
		return false;
	const char *col = NULL;
	const CatObject *user = rp_inh_stored_use(st, &t->h, &col);
	if (user) {
		Diag *d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
		                  "cannot alter table \"%s\" because column \"%s.%s\" uses its row type",
		                  t->h.name, user->name, col);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
		return false;
	}
	return true;
}

/* ALTER COLUMN TYPE on T and, unless ONLY, on the tables that inherit the column (ATPrepAlterColumnType):
 * the column depends on its new type instead of the old one (its default keeps its references), and T's
 * stored expressions that use it are rebuilt or refuse the change (rp_retype_dependents). */
static void alter_column_type(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse,
                              bool recursing, int off)
{
	CatColumn *c = need_column(st, t, cmd->name, false, off);
	if (!c || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
		return;
	if (c->inhcount > 0 && !recursing) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "cannot alter inherited column \"%s\"", c->name);
		return;
	}
	if (rp_partkey_uses_column(t, c->name)) {
		Diag *d =
		    rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		            "cannot alter column \"%s\" because it is part of the partition key of relation "
		            "\"%s\"",
		            c->name, t->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return;
	}
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	if (kids.n && !recurse && !recursing) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "type of inherited column \"%s\" must be changed in child tables too", c->name);
		return;
	}
	if (!alter_column_type_allowed(st, t, c, cmd, recurse, recursing, off))
		return;
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	CatObject *ut = NULL;
	bool as_type = false;
	const char *old_type = c->type;
	const char *new_type = rp_type_dep(st, cd->type_name, &ut, &as_type);
	if (c->identity_seq) {
		/* an identity column's sequence takes the new type first (transformAlterTableStmt: ALTER
		 * SEQUENCE ... AS type before the ALTER TABLE) */
		if (strcmp(new_type, "smallint") && strcmp(new_type, "integer") &&
		    strcmp(new_type, "bigint")) {
			rp_diag(st, SEV_ERROR, "invalid-parameter-value", off,
			        "identity column type must be smallint, integer, or bigint");
			return;
		}
		PgQuery__Node tn = PG_QUERY__NODE__INIT;
		tn.node_case = PG_QUERY__NODE__NODE_TYPE_NAME;
		tn.type_name = cd->type_name;
		PgQuery__DefElem as = PG_QUERY__DEF_ELEM__INIT;
		as.defname = "as";
		as.arg = &tn;
		PgQuery__Node opt = PG_QUERY__NODE__INIT;
		opt.node_case = PG_QUERY__NODE__NODE_DEF_ELEM;
		opt.def_elem = &as;
		PgQuery__Node *opts[] = {&opt};
		rp_seq_apply_options(st, c->identity_seq, opts, 1, false);
	}
	c->type = new_type;
	c->compression = NULL; /* ATExecAlterColumnType: back to the default method */
	/* the column no longer depends on its old type (its default, re-cooked with a cast, still does) */
	catalog_remove_subdeps(&t->h, c->name, true, false);
	if (ut)
		rp_column_type_dep(st, &t->h, c->name, ut, as_type);
	if (cd->coll_clause && cd->coll_clause->n_collname)
		c->collation = arena_strdup(
		    &st->cat->arena, rp_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
	if (!rp_retype_dependents(st, t, c, old_type, off) || !rp_fk_recheck(st, t, c->name, off))
		return;
	if (recurse)
		for (size_t i = 0; i < kids.n; i++)
			alter_column_type(st, kids.items[i], cmd, true, true, off);
}

/* The ColumnDef a child table gets when its parent adds COLUMN: the type, default, NOT NULL, CHECK and
 * generation expression, without keys, references or identity (which are not inherited). */
static PgQuery__ColumnDef *inherited_coldef(ReplayState *st, const PgQuery__ColumnDef *cd)
{
	PgQuery__ColumnDef *c = arena_new(&st->cat->arena, PgQuery__ColumnDef);
	*c = *cd;
	c->constraints = arena_array(&st->cat->arena, PgQuery__Node *, cd->n_constraints + 1);
	c->n_constraints = 0;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		PgQuery__Node *n = cd->constraints[i];
		if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		switch (n->constraint->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			c->constraints[c->n_constraints++] = n;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
			if (!n->constraint->is_no_inherit)
				c->constraints[c->n_constraints++] = n;
			break;
		default:
			break;
		}
	}
	return c;
}

/* ADD COLUMN (ATExecAddColumn): on T, then on every child unless ONLY (refused when there are children); a
 * child that has the column already merges it (same type required). */
static void add_column(ReplayState *st, CatTable *t, PgQuery__ColumnDef *cd, bool if_not_exists, bool recurse,
                       bool recursing, int off)
{
	if (!rp_column_name_not_system(st, cd->colname, cd->location))
		return;
	CatColumn *have = table_find_column(t, cd->colname);
	if (have && recursing) {
		CatObject *ut = NULL;
		bool as_type = false;
		const char *type = cd->type_name ? rp_type_dep(st, cd->type_name, &ut, &as_type) : have->type;
		if (strcmp(type, have->type)) {
			rp_diag(st, SEV_ERROR, "datatype-mismatch", off,
			        "child table \"%s\" has different type for column \"%s\"", t->h.name,
			        cd->colname);
			return;
		}
		have->inhcount++;
		if (cd->is_not_null)
			have->not_null = true;
		return;
	}
	if (have) {
		if (!if_not_exists)
			rp_diag(st, SEV_ERROR, "duplicate-column", cd->location,
			        "column \"%s\" of relation \"%s\" already exists", cd->colname, t->h.name);
		return;
	}
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	if (kids.n && !recurse) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "column must be added to child tables too");
		return;
	}
	if (!rp_inh_check_member(st, &t->h, cd->type_name, off))
		return;
	rp_add_column(st, t, cd, false, NULL);
	CatColumn *c = table_find_column(t, cd->colname);
	if (c && recursing) {
		c->is_local = false;
		c->inhcount = 1;
	}
	if (!kids.n)
		return;
	PgQuery__ColumnDef *child = inherited_coldef(st, cd);
	for (size_t i = 0; i < kids.n; i++)
		add_column(st, kids.items[i], child, false, true, true, off);
}

/* A subcommand that applies to the column COL of T and, unless ONLY, of its children: SET/DROP DEFAULT,
 * SET/DROP NOT NULL. */
static void column_attr(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse,
                        bool recursing, int off)
{
	CatColumn *c = need_column(st, t, cmd->name, false, off);
	if (!c)
		return;
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		rp_set_column_default(st, t, c, cmd->def);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		if (!recurse && !recursing && t->relkind == REL_PARTITIONED)
			for (size_t i = 0; i < kids.n; i++) {
				CatColumn *kc = table_find_column(kids.items[i], c->name);
				if (kc && !kc->not_null) {
					Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
					                  "constraint must be added to child tables too");
					diag_set_detail(
					    d, "Column \"%s\" of relation \"%s\" is not already NOT NULL.",
					    c->name, ((CatTable *)kids.items[i])->h.name);
					diag_set_hint(d, "Do not specify the ONLY keyword.");
					return;
				}
			}
		c->not_null = true;
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		if (!recursing && !rp_partition_only_check(st, t, recurse, off)) /* ATPrepDropNotNull */
			return;
		for (size_t i = 0; i < t->constraints.n; i++) {
			CatConstraint *k = t->constraints.items[i];
			for (size_t j = 0; k->contype == CON_PRIMARY && j < k->ncolumns; j++)
				if (!strcmp(k->columns[j], c->name)) {
					rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
					        "column \"%s\" is in a primary key", c->name);
					return;
				}
		}
		if (!recursing && t->partition_of) {
			CatColumn *pc = table_find_column(t->partition_of, c->name);
			if (pc && pc->not_null) {
				rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
				        "column \"%s\" is marked NOT NULL in parent table", c->name);
				return;
			}
		}
		c->not_null = false;
		break;
	default:
		return;
	}
	if (recurse)
		for (size_t i = 0; i < kids.n; i++)
			if (table_find_column(kids.items[i], c->name))
				column_attr(st, kids.items[i], cmd, true, true, off);
}

/* Before a CHECK constraint NAME (expression EXPR) goes to T's descendants: each one that has a CHECK of that
 * name must be mergeable with it (MergeWithExistingConstraint); false after PostgreSQL's error. */
static bool check_merges(ReplayState *st, CatTable *t, const char *name, const char *expr, bool not_valid,
                         int off)
{
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++) {
		CatTable *k = kids.items[i];
		CatConstraint *same = catalog_find_constraint(st->cat, k, name);
		if (!same) {
			if (!check_merges(st, k, name, expr, not_valid, off))
				return false;
			continue;
		}
		if (same->contype != CON_CHECK || !same->check_expr || !expr ||
		    strcmp(same->check_expr, expr)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off,
			        "constraint \"%s\" for relation \"%s\" already exists", name, k->h.name);
			return false;
		}
		if (same->no_inherit) {
			rp_diag(
			    st, SEV_ERROR, "invalid-object-definition", off,
			    "constraint \"%s\" conflicts with non-inherited constraint on relation \"%s\"",
			    name, k->h.name);
			return false;
		}
		if (!not_valid && same->not_valid) {
			rp_diag(st, SEV_ERROR, "invalid-object-definition", off,
			        "constraint \"%s\" conflicts with NOT VALID constraint on relation \"%s\"",
			        name, k->h.name);
			return false;
		}
	}
	return true;
}

/* The first partition below T (at any depth) whose column COL is not NOT NULL, or NULL. */
static CatTable *partition_nullable(ReplayState *st, CatTable *t, const char *col, int depth)
{
	PtrList parts = {0};
	rp_partitions_of(st, t, &parts);
	for (size_t i = 0; i < parts.n && depth < 64; i++) {
		CatTable *p = parts.items[i];
		CatColumn *pc = table_find_column(p, col);
		if (pc && !pc->not_null)
			return p;
		CatTable *below = partition_nullable(st, p, col, depth + 1);
		if (below)
			return below;
	}
	return NULL;
}

/* ALTER TABLE ONLY T ADD PRIMARY KEY on a partitioned table: the key's SET NOT NULL on a column T does not
 * yet hold NOT NULL becomes CHECK NOT NULL on every partition (ATPrepSetNotNull, ATExecCheckNotNull), which
 * each must already pass. False after the error. */
static bool pkey_only_not_null_check(ReplayState *st, CatTable *t, const PgQuery__Constraint *c, int off)
{
	for (size_t i = 0; i < c->n_keys; i++) {
		const char *col = rp_str(c->keys[i]);
		CatColumn *pc = col ? table_find_column(t, col) : NULL;
		CatTable *p = pc && !pc->not_null ? partition_nullable(st, t, col, 0) : NULL;
		if (p) {
			Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
			                  "constraint must be added to child tables too");
			diag_set_detail(d, "Column \"%s\" of relation \"%s\" is not already NOT NULL.", col,
			                p->h.name);
			diag_set_hint(d, "Do not specify the ONLY keyword.");
			return false;
		}
	}
	return true;
}

/* ADD CONSTRAINT: CHECK constraints go to every child too (unless NO INHERIT; ONLY is refused when there are
 * children), merging with a child's own constraint of the same name; a partitioned table's keys and foreign
 * keys are copied to its partitions. */
static void add_constraint_cmd(ReplayState *st, CatTable *t, PgQuery__Constraint *c, bool recurse,
                               bool recursing, int off)
{
	if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
		return;
	if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && !recursing &&
	    !rp_partition_check_fk(st, t, c, recurse, off))
		return;
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
		if (!recursing && c->conname && !c->is_no_inherit && recurse &&
		    !check_merges(st, t, c->conname, quiet_expr(st, EXPRK_CHECK, c->raw_expr, t),
		                  c->skip_validation, off))
			return;
		if (recursing && c->conname) {
			CatConstraint *same = catalog_find_constraint(st->cat, t, c->conname);
			if (same && same->contype == CON_CHECK) {
				/* merged with the child's own definition */
				if (t->partition_of) {
					same->inhcount = 1;
					same->is_local = false;
				} else
					same->inhcount++;
				return;
			}
		}
		if (!c->is_no_inherit && kids.n && !recurse) {
			rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
			        "constraint must be added to child tables too");
			return;
		}
	}
	if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY && !recurse && !recursing &&
	    t->relkind == REL_PARTITIONED && !pkey_only_not_null_check(st, t, c, off))
		return;
	CatConstraint *k = rp_add_constraint(st, t, c, NULL, false);
	if (!k)
		return;
	if (recursing && k->contype == CON_CHECK) {
		k->inhcount = 1;
		k->is_local = false;
	}
	if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && !c->is_no_inherit) {
		/* children get the parent's name */
		PgQuery__Constraint *named = arena_new(&st->cat->arena, PgQuery__Constraint);
		*named = *c;
		named->conname = (char *)k->h.name;
		for (size_t i = 0; i < kids.n; i++)
			add_constraint_cmd(st, kids.items[i], named, true, true, off);
		return;
	}
	/* ONLY: a key's index is made on the partitioned table alone (DefineIndex without recursion: it is
	 * invalid until ALTER INDEX ... ATTACH PARTITION completes it) */
	if (t->relkind == REL_PARTITIONED &&
	    ((recurse && (k->contype == CON_PRIMARY || k->contype == CON_UNIQUE)) ||
	     k->contype == CON_FOREIGN))
		for (size_t i = 0; i < kids.n; i++)
			if (((CatTable *)kids.items[i])->partition_of == t)
				rp_clone_constraint_to_partition(st, k, t, kids.items[i], off);
}

/* ALTER TABLE ... INHERIT (ATExecAddInherit): the child must already have the parent's columns (same types,
 * NOT NULL where the parent's are) and CHECK constraints, which become inherited once more. */
static void add_inherit(ReplayState *st, CatTable *t, CatTable *p, int off)
{
	if (t->partition_of) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "cannot change inheritance of a partition");
		return;
	}
	if (t->relkind == REL_PARTITIONED) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off,
		        "cannot change inheritance of partitioned table");
		return;
	}
	if (p->relkind == REL_PARTITIONED) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off,
		        "cannot inherit from partitioned table \"%s\"", p->h.name);
		return;
	}
	for (size_t i = 0; i < t->inherits.n; i++)
		if (t->inherits.items[i] == p) {
			rp_diag(st, SEV_ERROR, "duplicate-table", off,
			        "relation \"%s\" would be inherited from more than once", p->h.name);
			return;
		}
	/* circular: the parent descends from the child */
	PtrList up = {0};
	ptrlist_push(&st->cat->arena, &up, p);
	for (size_t i = 0; i < up.n; i++) {
		CatTable *x = up.items[i];
		if (x == t) {
			Diag *d = rp_diag(st, SEV_ERROR, "duplicate-table", off,
			                  "circular inheritance not allowed");
			diag_set_detail(d, "\"%s\" is already a child of \"%s\".", p->h.name, t->h.name);
			return;
		}
		for (size_t j = 0; j < x->inherits.n; j++)
			ptrlist_push(&st->cat->arena, &up, x->inherits.items[j]);
	}
	if (!rp_inh_merge_existing(st, t, p, off))
		return;
	ptrlist_push(&st->cat->arena, &t->inherits, p);
	catalog_add_dep(st->cat, &t->h, &p->h, NULL, DEP_NORMAL);
}

/* ALTER TABLE ... NO INHERIT (RemoveInheritance): what came from the parent alone becomes the child's own. */
static void drop_inherit(ReplayState *st, CatTable *t, CatTable *p, int off)
{
	bool parent = false;
	for (size_t i = 0; i < t->inherits.n; i++)
		parent |= t->inherits.items[i] == p;
	if (!parent) {
		rp_diag(st, SEV_ERROR, "undefined-table", off,
		        "relation \"%s\" is not a parent of relation \"%s\"", p->h.name, t->h.name);
		return;
	}
	for (size_t i = 0; i < p->columns.n; i++) {
		CatColumn *c = table_find_column(t, ((CatColumn *)p->columns.items[i])->name);
		if (c && c->inhcount > 0 && --c->inhcount == 0)
			c->is_local = true;
	}
	for (size_t i = 0; i < p->constraints.n; i++) {
		CatConstraint *pk = p->constraints.items[i];
		CatConstraint *k =
		    pk->contype == CON_CHECK ? catalog_find_constraint(st->cat, t, pk->h.name) : NULL;
		if (k && k->contype == CON_CHECK && k->inhcount > 0 && --k->inhcount == 0)
			k->is_local = true;
	}
	ptrlist_remove(&t->inherits, p);
	catalog_remove_dep(&t->h, &p->h, NULL);
}

/* PostgreSQL's ALTER TABLE passes (tablecmds.c AT_PASS_*): every DROP runs before every ALTER TYPE, which
 * runs before every ADD COLUMN, then NOT NULL, index-backed constraints, indexes, other constraints and
 * defaults, and the rest; within a pass, subcommands keep their order. */
static int at_pass(const PgQuery__AlterTableCmd *cmd)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOids:
		return 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		return cmd->def ? 9 : 0;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		return 1;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
		return 4;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		return 6;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIndexConstraint:
		return 7;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIndex:
		return 8;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
		if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			PgQuery__ConstrType ct = cmd->def->constraint->contype;
			if (ct == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
			    ct == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
			    ct == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
				return 7;
		}
		return 9;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
		return 9;
	default:
		return 10;
	}
}

static void exec_cmd(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse, int off);

/* ALTER TYPE composite ADD / DROP / ALTER ATTRIBUTE (ALTER TABLE's code in PostgreSQL): the attributes and
 * their type dependencies; a type change is refused while a table column has the type. */
static void alter_composite(ReplayState *st, PgQuery__AlterTableStmt *as)
{
	PgQuery__RangeVar *rv = as->relation;
	CatType *t =
	    rp_find_type(st, rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL, rv->relname);
	if (!t) {
		if (!as->missing_ok)
			rp_missing(st, "undefined-type", rv->location, "type", rv->relname,
			           "type \"%s\" does not exist", rv->relname);
		return;
	}
	if (t->type_kind != TYPE_COMPOSITE)
		return; /* ALTER TYPE ... OWNER / SET SCHEMA of other kinds come as other statements */
	int off = rv->location;
	/* find_typed_table_dependencies: tables OF this type change too, only with CASCADE */
	PtrList typed = {0};
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *r = t->h.rdeps.items[i];
		for (size_t j = 0; !r->dropped && r->kind == OBJ_TABLE && j < r->ndeps; j++)
			if (r->deps[j].on == &t->h && !r->deps[j].from_column &&
			    r->deps[j].type == DEP_NORMAL) {
				ptrlist_push(&st->cat->arena, &typed, r);
				break;
			}
	}
	for (size_t i = 0; i < as->n_cmds && typed.n; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn &&
		    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn &&
		    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType)
			continue;
		if (cmd->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
			Diag *d = rp_diag(st, SEV_ERROR, "dependent-objects", off,
			                  "cannot alter type \"%s\" because it is the type of a typed table",
			                  t->h.name);
			diag_set_hint(d, "Use ALTER ... CASCADE to alter the typed tables too.");
			return;
		}
	}
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		const char *name = cmd->name;
		size_t at = t->nattrs;
		for (size_t a = 0; name && a < t->nattrs; a++)
			if (!strcmp(t->attrs[a].name, name))
				at = a;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
			if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
				break;
			PgQuery__ColumnDef *cd = cmd->def->column_def;
			for (size_t a = 0; a < t->nattrs; a++)
				if (!strcmp(t->attrs[a].name, cd->colname)) {
					rp_diag(st, SEV_ERROR, "duplicate-column", off,
					        "column \"%s\" of relation \"%s\" already exists",
					        cd->colname, t->h.name);
					return;
				}
			if (!rp_inh_check_member(st, &t->h, cd->type_name, off))
				return;
			CatAttr *na = arena_array(&st->cat->arena, CatAttr, t->nattrs + 1);
			if (t->nattrs)
				memcpy(na, t->attrs, t->nattrs * sizeof(CatAttr));
			CatObject *dep = NULL;
			bool as_type = false;
			na[t->nattrs].name = arena_strdup(&st->cat->arena, cd->colname);
			na[t->nattrs].type = rp_type_dep(st, cd->type_name, &dep, &as_type);
			t->attrs = na;
			t->nattrs++;
			if (dep)
				rp_column_type_dep(st, &t->h, cd->colname, dep, as_type);
			for (size_t k = 0; k < typed.n; k++)
				add_column(st, typed.items[k], cd, false, true, false, off);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: {
			if (at == t->nattrs) {
				if (!cmd->missing_ok)
					rp_diag(st, SEV_ERROR, "undefined-column", off,
					        "column \"%s\" of relation \"%s\" does not exist", name,
					        t->h.name);
				break;
			}
			if (!rp_inh_domain_checks_drop_attr(
			        st, t, at, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE, off))
				return;
			const char *aname = t->attrs[at].name;
			CatAddr *addrs = arena_array(&st->cat->arena, CatAddr, typed.n + 1);
			size_t na = 0;
			addrs[na++] = (CatAddr){&t->h, aname, false};
			for (size_t k = 0; k < typed.n; k++)
				if (table_find_column(typed.items[k], aname))
					addrs[na++] = (CatAddr){typed.items[k], aname, false};
			(void)rp_drop_addrs(st, addrs, na,
			                    cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE, off);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
			if (at == t->nattrs) {
				rp_diag(st, SEV_ERROR, "undefined-column", off,
				        "column \"%s\" of relation \"%s\" does not exist", name, t->h.name);
				break;
			}
			if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
				break;
			if (!rp_inh_check_member(st, &t->h, cmd->def->column_def->type_name, off))
				return;
			const char *col = NULL;
			const CatObject *user = typed.n ? NULL : rp_inh_stored_use(st, &t->h, &col);
			if (user) {
				rp_diag(st, SEV_ERROR, "feature-not-supported", off,
				        "cannot alter type \"%s\" because column \"%s.%s\" uses it",
				        t->h.name, user->name, col);
				return;
			}
			CatObject *dep = NULL;
			bool as_type = false;
			const char *newtype =
			    rp_type_dep(st, cmd->def->column_def->type_name, &dep, &as_type);
			if (!rp_inh_domain_checks_retype_ok(st, t, at, newtype, off))
				return;
			t->attrs[at].type = newtype;
			catalog_remove_subdeps(&t->h, t->attrs[at].name, true, false);
			if (dep)
				rp_column_type_dep(st, &t->h, t->attrs[at].name, dep, as_type);
			for (size_t k = 0; k < typed.n; k++) {
				CatTable *tt = typed.items[k];
				CatColumn *c = table_find_column(tt, t->attrs[at].name);
				if (!c)
					continue;
				c->type = t->attrs[at].type;
				catalog_remove_subdeps(&tt->h, c->name, true, false);
				if (dep)
					rp_column_type_dep(st, &tt->h, c->name, dep, as_type);
			}
			break;
		}
		default:
			break; /* OWNER and the like */
		}
	}
}

/* ALTER TABLE on view, materialized view or sequence O: the first subcommand only tables take, refused as
 * ATSimplePermissions words it. */
static void relkind_refusal(ReplayState *st, const PgQuery__AlterTableStmt *as, const CatObject *o)
{
	const char *what = o->kind == OBJ_VIEW       ? "views"
	                   : o->kind == OBJ_MATVIEW  ? "materialized views"
	                   : o->kind == OBJ_SEQUENCE ? "sequences"
	                                             : NULL;
	for (size_t i = 0; what && i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const char *action = NULL;
		switch (as->cmds[i]->alter_table_cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
			action = "DROP COLUMN";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
			action = "ALTER COLUMN ... SET NOT NULL";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
			action = "ALTER COLUMN ... DROP NOT NULL";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			action = "ALTER COLUMN ... SET DATA TYPE";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
			action = "ADD CONSTRAINT";
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
			action = "DROP CONSTRAINT";
			break;
		default:
			break;
		}
		if (action) {
			Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", as->relation->location,
			                  "ALTER action %s cannot be performed on relation \"%s\"", action,
			                  o->name);
			diag_set_detail(d, "This operation is not supported for %s.", what);
			return;
		}
	}
}

void rp_alter_table(ReplayState *st, PgQuery__AlterTableStmt *as)
{
	PgQuery__ObjectType ot = as->objtype;
	if (ot == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
		alter_composite(st, as);
		return;
	}
	if (ot != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && ot != PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE) {
		/* ALTER INDEX/SEQUENCE/VIEW/MATERIALIZED VIEW ...: storage, owner, options */
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
		if (o && !rp_alter_index_partition_rules(st, o, as))
			return;
		if (o)
			rp_alter_relation_rules(st, o, as);
		if (o && rp_check_alter_reloptions(st, as, o))
			rp_alter_view_options(st, as, o);
		return;
	}
	CatObject *o = rp_range_relation(st, as->relation, as->missing_ok, NULL);
	if (!o)
		(void)rp_foreign_alter(st, as);
	if (!o || !rp_check_alter_reloptions(st, as, o))
		return;
	if (o->kind != OBJ_TABLE) {
		/* ALTER TABLE works on views and sequences too for renames/owner; nothing to model, but
		 * the table-only actions are refused (ATSimplePermissions) */
		if (rp_alter_index_partition_rules(st, o, as))
			relkind_refusal(st, as, o);
		return;
	}
	CatTable *t = (CatTable *)o;
	int off = as->relation->location;
	bool recurse = as->relation->inh;
	/* parse analysis (transformAlterTableStmt), in the order written: ALTER TYPE needs the column now */
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType &&
		    !need_column(st, t, cmd->name, false, off))
			return;
	}
	/* phase 1 (ATPrepCmd, transformPartitionCmd) checks, in the order written: what a typed table or a
	 * partition refuses, partition commands on a table that is not partitioned */
	bool typed = rp_is_typed_table(t);
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		const char *typed_refusal = NULL;
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
			if (t->relkind != REL_PARTITIONED) {
				rp_diag(st, SEV_ERROR, "wrong-object-type", off,
				        "table \"%s\" is not partitioned", t->h.name);
				return;
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
			typed_refusal = typed             ? "cannot add column to typed table"
			                : t->partition_of ? "cannot add column to a partition"
			                                  : NULL;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
			typed_refusal = typed ? "cannot drop column from typed table" : NULL;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			typed_refusal = typed ? "cannot alter column type of typed table" : NULL;
			if (!typed && recurse && cmd->def &&
			    cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
			    cmd->def->column_def->raw_default && !rp_foreign_retype_ok(st, t, off))
				return;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
			typed_refusal = typed ? "cannot change inheritance of typed table" : NULL;
			break;
		default:
			if (!rp_at_prep_rules(st, &t->h, as, i, off))
				return;
			break;
		}
		if (typed_refusal) {
			rp_diag(st, SEV_ERROR, "wrong-object-type", off, "%s", typed_refusal);
			return;
		}
	}
	/* ATPrepAlterColumnType: every USING reads the table as it was */
	if (!prepare_column_types(st, t, as, off))
		return;
	/* phase 2: the subcommands by pass */
	for (int pass = 0; pass <= 10; pass++)
		for (size_t i = 0; i < as->n_cmds; i++) {
			if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
				continue;
			PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
			if (at_pass(cmd) == pass && !t->h.dropped)
				exec_cmd(st, t, cmd, recurse, off);
		}
}

static void exec_cmd(ReplayState *st, CatTable *t, PgQuery__AlterTableCmd *cmd, bool recurse, int off)
{
	if (!rp_check_alter_cmd(st, t, cmd, recurse, off))
		return;
	{
		switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
				add_column(st, t, cmd->def->column_def, cmd->missing_ok, recurse, false, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
			drop_column(st, t, cmd, recurse, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
			column_attr(st, t, cmd, recurse, false, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
			if (table_find_column(t, cmd->name) &&
			    !rp_inh_drop_expression_ok(st, t, cmd->name, recurse, off))
				break;
			CatColumn *c = need_column(st, t, cmd->name, cmd->missing_ok, off);
			if (c && c->generated) { /* the expression goes with its dependencies */
				c->generated = c->generated_src = NULL;
				catalog_remove_subdeps(&t->h, c->name, false, true);
			}
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
			alter_column_type(st, t, cmd, recurse, false, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
				add_constraint_cmd(st, t, cmd->def->constraint, recurse, false, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
			drop_constraint(st, t, cmd, recurse, off);
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
				if (k)
					rp_partition_alter_constraint(st, t, k, c->deferrable,
					                              c->initdeferred, off);
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
				/* the sequence is part of the column (internal dependency): DROP IDENTITY
				 * deletes it as such (PERFORM_DELETION_INTERNAL) */
				if (c->identity_seq) {
					catalog_remove_dep(&c->identity_seq->h, &t->h, NULL);
					if (catalog_drop(st->cat, &c->identity_seq->h, true, NULL, NULL) == 0)
						c->identity_seq = NULL;
				}
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
				if (p && p->kind == OBJ_TABLE && rp_trigger_inherit_check(st, t, off))
					add_inherit(st, t, (CatTable *)p, off);
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
				CatObject *p = rp_range_relation(st, cmd->def->range_var, false, NULL);
				if (p && p->kind == OBJ_TABLE)
					drop_inherit(st, t, (CatTable *)p, off);
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
				PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
				CatObject *p = rp_range_relation(st, pc->name, false, NULL);
				if (!p)
					(void)rp_foreign_attach(st, t, pc, true, off);
				if (p && p->kind == OBJ_TABLE &&
				    rp_trigger_attach_check(st, t, (CatTable *)p, off))
					rp_attach_partition(st, t, (CatTable *)p, pc->bound, off);
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
				CatObject *p =
				    rp_range_relation(st, cmd->def->partition_cmd->name, false, NULL);
				if (!p)
					(void)rp_foreign_attach(st, t, cmd->def->partition_cmd, false, off);
				if (p && p->kind == OBJ_TABLE && ((CatTable *)p)->partition_of != t)
					rp_diag(st, SEV_ERROR, "undefined-table", off,
					        "relation \"%s\" is not a partition of relation \"%s\"",
					        p->name, t->h.name); /* RemoveInheritance */
				else if (p && p->kind == OBJ_TABLE &&
				         rp_partition_detach_check(st, t, cmd->def->partition_cmd->concurrent,
				                                   off)) {
					char *chk = cmd->def->partition_cmd->concurrent
					                ? rp_detach_concurrently_check(st, (CatTable *)p)
					                : NULL;
					rp_detach_partition(st, t, (CatTable *)p);
					if (chk)
						rp_replay_lenient(st, (const char *const *)&chk, 1, off);
					free(chk);
				}
			}
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
			rp_opaque(st, 3, -1, NULL);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage: {
			int before = st->errors; /* the column must exist and not be a system column */
			rp_at_column_rules(st, t, cmd, off);
			if (st->errors == before && cmd->name)
				(void)rp_inh_set_storage(st, t, cmd->name, cmd->def ? rp_str(cmd->def) : NULL,
				                         recurse, off);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: /* a column number is an index's */
			rp_at_column_rules(st, t, cmd, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression: {
			int before = st->errors;
			rp_at_column_rules(st, t, cmd, off);
			if (st->errors == before && cmd->name && cmd->def &&
			    cmd->def->node_case == PG_QUERY__NODE__NODE_STRING)
				rp_inh_set_compression(st, t, cmd->name, cmd->def->string->sval, recurse);
			break;
		}
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf:
			if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
				rp_inh_add_of(st, t, cmd->def->type_name, off);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf:
			rp_inh_drop_of(st, t, off);
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
		default: /* storage, statistics, options, tablespace, replica identity, cluster: not
		            modelled, but the column they name must exist */
			rp_at_column_rules(st, t, cmd, off);
			break;
		}
	}
}
