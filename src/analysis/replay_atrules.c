/* replay_atrules.c — column rules of ALTER TABLE / ALTER INDEX subcommands that change nothing the model
 * holds (statistics targets, storage, compression, attribute options) but still fail on a column PostgreSQL
 * cannot find, and the names of system columns (commands/tablecmds.c). */
#include "strata.h"
#include "analysis/replay_atrules.h"

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
	rp_diag(st, SEV_ERROR, "duplicate-column", off, "column name \"%s\" conflicts with a system column name",
	        name);
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
		break;
	default:
		return;
	}
	const char *name = cmd->name && cmd->name[0] ? cmd->name : NULL;
	if (!name) {
		if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics && cmd->num)
			rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			        "cannot refer to non-index column by number");
		return;
	}
	if (rp_is_system_column(name)) {
		rp_diag(st, SEV_ERROR, "feature-not-supported", off, "cannot alter system column \"%s\"", name);
		return;
	}
	if (!table_find_column(t, name))
		rp_diag(st, SEV_ERROR, "undefined-column", off, "column \"%s\" of relation \"%s\" does not exist",
		        name, t->h.name);
}

void rp_alter_index_rules(ReplayState *st, CatIndex *ix, const PgQuery__AlterTableStmt *as)
{
	int off = as->relation ? as->relation->location : -1;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics || (cmd->name && cmd->name[0]))
			continue;
		int n = cmd->num;
		if (n < 1 || (size_t)n > ix->nkeys + ix->ninclude) {
			rp_diag(st, SEV_ERROR, "undefined-column", off, "column number %d of relation \"%s\" does not exist",
			        n, ix->h.name);
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
			Diag *d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			                  "cannot alter statistics on non-expression column \"%s\" of index \"%s\"",
			                  k->column, ix->h.name);
			if (d)
				diag_set_hint(d, "Alter statistics on table column instead.");
			return;
		}
	}
}
