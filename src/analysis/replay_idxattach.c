/* replay_idxattach.c — ALTER INDEX ... ATTACH PARTITION (ATExecAttachPartitionIdx and its callback
 * RangeVarCallbackForAttachIndex, refuseDupeIndexAttach, CompareIndexInfo in commands/tablecmds.c and
 * catalog/index.c), and what ALTER TABLE / ALTER INDEX refuse on an index before that: the statement's
 * object kind (RangeVarCallbackForAlterRelation), the relation kinds ATTACH and DETACH PARTITION take
 * (ATSimplePermissions), a bound on a partitioned index (transformPartitionCmd). */
#include "analysis/replay_int.h"

#include <string.h>

/* Is IX a partitioned index (its table is partitioned)? */
static bool partitioned_index(const CatIndex *ix)
{
	const CatObject *t = ix->h.owner;
	return t && t->kind == OBJ_TABLE && ((const CatTable *)t)->relkind == REL_PARTITIONED;
}

/* The index X is attached to (its pg_inherits parent: a PARTITION dependency on an index), or NULL. */
static CatIndex *parent_index_of(const CatObject *x)
{
	for (size_t i = 0; i < x->ndeps; i++)
		if (x->deps[i].type == DEP_PARTITION_PRI && x->deps[i].on && x->deps[i].on->kind == OBJ_INDEX)
			return (CatIndex *)x->deps[i].on;
	return NULL;
}

static bool same_or_unknown(const char *a, const char *b)
{
	return !a || !b || !strcmp(a, b);
}

/* CompareIndexInfo for indexes of a partition and its parent (columns matched by name): access method,
 * uniqueness, NULLS NOT DISTINCT, key and INCLUDE columns in order, expressions, predicate, the key
 * columns' collations when both are written, their operator classes (NULL: the type's default; a
 * non-default class is taken to be of another operator family than the default, as PostgreSQL's own are
 * for a column's type). ASC/DESC and NULLS FIRST/LAST are not compared: CompareIndexInfo ignores them. */
static bool same_definition(const CatIndex *a, const CatIndex *b)
{
	if (a->unique != b->unique || a->nulls_not_distinct != b->nulls_not_distinct ||
	    strcmp(a->method, b->method) || a->nkeys != b->nkeys || a->ninclude != b->ninclude ||
	    !a->predicate != !b->predicate || (a->predicate && strcmp(a->predicate, b->predicate)))
		return false;
	for (size_t i = 0; i < a->ninclude; i++)
		if (strcmp(a->include[i], b->include[i]))
			return false;
	for (size_t i = 0; i < a->nkeys; i++) {
		const CatIndexElem *x = &a->keys[i], *y = &b->keys[i];
		if (!x->column != !y->column || (x->column && strcmp(x->column, y->column)) ||
		    !x->expr != !y->expr || (x->expr && strcmp(x->expr, y->expr)) ||
		    !same_or_unknown(x->collation, y->collation) || !x->opclass != !y->opclass ||
		    (x->opclass && strcmp(x->opclass, y->opclass)))
			return false;
	}
	return true;
}

/* "cannot attach index ..." with SQLSTATE STATE and DETAIL; returns false. */
static bool refuse_attach(ReplayState *st, const char *rule, const char *state, int off, const CatIndex *part,
                          const CatIndex *parent, const char *detail)
{
	Diag *d =
	    rp_error_state(st, rule, state, off, "cannot attach index \"%s\" as a partition of index \"%s\"",
	                   part->h.name, parent->h.name);
	if (d && detail)
		diag_set_detail(d, "%s", detail);
	return false;
}

/* ATExecAttachPartitionIdx: attach the index NAME to PARENT (a partitioned index). */
static bool attach_index(ReplayState *st, CatIndex *parent, PgQuery__RangeVar *name, int off)
{
	/* a missing index is not reported: a CREATE INDEX CONCURRENTLY that failed on a row leaves its
	 * invalid index behind, which the model cannot know */
	CatObject *o = rp_range_relation(st, name, true, NULL);
	if (!o)
		return true;
	if (o->kind != OBJ_INDEX) {
		rp_error_state(st, "invalid-object-definition", "42P17", name->location,
		               "\"%s\" is not an index", o->name);
		return false;
	}
	CatIndex *part = (CatIndex *)o;
	CatIndex *cur = parent_index_of(&part->h);
	if (cur == parent)
		return true; /* already attached: nothing to do */
	CatObject *ptab = parent->h.owner, *ctab = part->h.owner;
	if (!ptab || !ctab || ptab->kind != OBJ_TABLE || ctab->kind != OBJ_TABLE)
		return true; /* a materialized view's index: the model says nothing */
	CatTable *pt = (CatTable *)ptab, *ct = (CatTable *)ctab;
	char detail[512];
	for (size_t i = 0; i < ct->indexes.n; i++) { /* refuseDupeIndexAttach */
		CatIndex *x = ct->indexes.items[i];
		if (x != part && !x->h.dropped && parent_index_of(&x->h) == parent) {
			snprintf(detail, sizeof detail,
			         "Another index is already attached for partition \"%s\".", ct->h.name);
			return refuse_attach(st, "object-not-in-prerequisite-state", "55000", off, part,
			                     parent, detail);
		}
	}
	if (cur) {
		snprintf(detail, sizeof detail, "Index \"%s\" is already attached to another index.",
		         part->h.name);
		return refuse_attach(st, "object-not-in-prerequisite-state", "55000", off, part, parent,
		                     detail);
	}
	if (ct->partition_of != pt) {
		snprintf(detail, sizeof detail,
		         "Index \"%s\" is not an index on any partition of table \"%s\".", part->h.name,
		         pt->h.name);
		return refuse_attach(st, "object-not-in-prerequisite-state", "55000", off, part, parent,
		                     detail);
	}
	if (!same_definition(part, parent))
		return refuse_attach(st, "invalid-object-definition", "42P17", off, part, parent,
		                     "The index definitions do not match.");
	if (parent->constraint && !part->constraint) {
		snprintf(
		    detail, sizeof detail,
		    "The index \"%s\" belongs to a constraint in table \"%s\" but no constraint exists for "
		    "index \"%s\".",
		    parent->h.name, pt->h.name, part->h.name);
		return refuse_attach(st, "invalid-object-definition", "42P17", off, part, parent, detail);
	}
	/* IndexSetParentIndex, ConstraintSetParentConstraint: pg_depend's PARTITION entries */
	catalog_add_dep(st->cat, &part->h, &parent->h, NULL, DEP_PARTITION_PRI);
	catalog_add_dep(st->cat, &part->h, &ct->h, NULL, DEP_PARTITION_SEC);
	if (parent->constraint && part->constraint) {
		catalog_add_dep(st->cat, &part->constraint->h, &parent->constraint->h, NULL,
		                DEP_PARTITION_PRI);
		catalog_add_dep(st->cat, &part->constraint->h, &ct->h, NULL, DEP_PARTITION_SEC);
	}
	return true;
}

bool rp_alter_index_partition_rules(ReplayState *st, CatObject *o, const PgQuery__AlterTableStmt *as)
{
	int off = as->relation ? as->relation->location : -1;
	if (as->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX && o->kind != OBJ_INDEX) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "\"%s\" is not an index", o->name);
		return false;
	}
	if (o->kind != OBJ_INDEX)
		return true;
	CatIndex *ix = (CatIndex *)o;
	bool partitioned = partitioned_index(ix);
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		bool attach = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition;
		if (!attach && cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition)
			continue;
		if (!attach || !partitioned) { /* ATSimplePermissions: ATT_TABLE (| ATT_PARTITIONED_INDEX) */
			Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", off,
			                  "ALTER action %s PARTITION cannot be performed on relation \"%s\"",
			                  attach ? "ATTACH" : "DETACH", ix->h.name);
			if (d)
				diag_set_detail(d, "This operation is not supported for %s.",
				                partitioned ? "partitioned indexes" : "indexes");
			return false;
		}
		const PgQuery__PartitionCmd *pc =
		    cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD
		        ? cmd->def->partition_cmd
		        : NULL;
		if (!pc || !pc->name)
			continue;
		if (pc->bound) { /* transformPartitionCmd: ALTER TABLE's grammar lets a bound through */
			rp_error_state(st, "invalid-object-definition", "42P17", off,
			               "\"%s\" is not a partitioned table", ix->h.name);
			return false;
		}
		if (!attach_index(st, ix, pc->name, off))
			return false;
	}
	return true;
}
