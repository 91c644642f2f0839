/* replay_rule.c — CREATE RULE: the one rule the model follows is the `_RETURN` rule that turns a table
 * into a view (rewriteDefine.c DefineQueryRewrite, "needed to load some pg_dump files"): an ON SELECT DO
 * INSTEAD rule with one SELECT on a plain table that has nothing a view cannot have. Other rules stay
 * statements the model does not cover. */
#include "strata.h"
#include "analysis/replay_int.h"

/* May table T become a view? PostgreSQL refuses a table with indexes, triggers, policies, inheritance or
 * partitioning (and one with rows, which the model cannot see); the model also wants no object to depend
 * on it and no constraint, so that the view takes its place with nothing left behind. */
static bool convertible(const CatTable *t)
{
	return t->relkind == REL_ORDINARY && !t->partition_of && !t->inherits.n && !t->constraints.n &&
	       !t->indexes.n && !t->triggers.n && !t->policies.n && !t->h.rdeps.n;
}

bool rp_rule_stmt(ReplayState *st, PgQuery__RuleStmt *rs)
{
	if (!rs->rulename || strcmp(rs->rulename, "_RETURN") || rs->event != PG_QUERY__CMD_TYPE__CMD_SELECT ||
	    !rs->instead || rs->n_actions != 1 || rs->where_clause || rs->replace ||
	    rs->actions[0]->node_case != PG_QUERY__NODE__NODE_SELECT_STMT || !rs->relation)
		return false;
	CatObject *o = rp_find_relation(st, rs->relation->schemaname, rs->relation->relname);
	if (!o || o->kind != OBJ_TABLE || !convertible((CatTable *)o))
		return false;
	CatTable *t = (CatTable *)o;
	size_t ncols = t->columns.n;
	const char *schema = o->schema;
	/* the view keeps the table's name and schema (and its columns, which the rule's target list must
	 * match: checkRuleResultList) */
	if (catalog_drop(st->cat, o, false, NULL, NULL) != 0)
		return false;
	PgQuery__RangeVar rv = *rs->relation;
	rv.schemaname = (char *)schema;
	PgQuery__ViewStmt vs = PG_QUERY__VIEW_STMT__INIT;
	vs.view = &rv;
	vs.query = rs->actions[0];
	rp_create_view(st, &vs);
	CatObject *v = catalog_find_relation(st->cat, schema, rv.relname);
	if (v && v->kind == OBJ_VIEW && ((CatView *)v)->ncolumns != ncols)
		rp_diag(st, SEV_ERROR, "invalid-object-definition", rs->relation->location,
		        "SELECT rule's target list has %s entries",
		        ((CatView *)v)->ncolumns < ncols ? "too few" : "too many");
	return true;
}
