/* normalize_keys.c — one canonical text for the key lists the server prints with pg_get_partkeydef and
 * pg_get_constraintdef, from the statement as written or from the server's text: a partition key (which
 * the server wraps, an expression key in a second pair of parentheses unless it is a function call, with
 * its constants' casts) becomes the strategy in capitals, a column key as its quoted name, an expression
 * key normalized (expr_normalize) in one pair of parentheses; an exclusion constraint's elements likewise
 * (`USING gist ("roomId" WITH =, tsrange(a, b, '[)') WITH &&) INCLUDE (c)`). An element's COLLATE and
 * operator class are not part of the text (docs/normalization.md). */
#include "strata.h"
#include "catalog/catalog.h"
#include "catalog/normalize.h"
#include "sql/parse.h"
#include "util/strbuf.h"

const char *partkey_normalize(Arena *a, const PgQuery__PartitionSpec *ps)
{
	StrBuf sb = STRBUF_INIT;
	const char *strat = ps->strategy ? ps->strategy : "range";
	for (const char *q = strat; *q; q++)
		sb_putc(&sb, (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q));
	sb_append(&sb, " (");
	size_t k = 0;
	for (size_t i = 0; i < ps->n_part_params; i++) {
		const PgQuery__Node *p = ps->part_params[i];
		if (p->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM)
			continue;
		const PgQuery__PartitionElem *pe = p->partition_elem;
		if (k++)
			sb_append(&sb, ", ");
		if (pe->name && *pe->name)
			cat_quote_ident(&sb, pe->name);
		else
			sb_appendf(&sb, "(%s)", expr_normalize(a, pe->expr, NULL));
	}
	sb_putc(&sb, ')');
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

const char *partkey_normalize_sql(Arena *a, const char *text)
{
	if (!text)
		return NULL;
	char *sql = xasprintf("CREATE TABLE x () PARTITION BY %s", text);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	const char *r = text;
	if (pr && pr->n_stmts == 1 && pr->stmts[0]->stmt &&
	    pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_CREATE_STMT &&
	    pr->stmts[0]->stmt->create_stmt->partspec)
		r = partkey_normalize(a, pr->stmts[0]->stmt->create_stmt->partspec);
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

/* One index element: its quoted column, or its expression normalized, in parentheses unless a function
 * call (pg_get_indexdef_worker's looks_like_function). */
static void index_elem_text(Arena *a, StrBuf *sb, const PgQuery__IndexElem *el)
{
	if (el->name && *el->name) {
		cat_quote_ident(sb, el->name);
		return;
	}
	const char *t = el->expr ? expr_normalize(a, el->expr, NULL) : "?";
	if (el->expr && el->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
		sb_append(sb, t);
	else
		sb_appendf(sb, "(%s)", t);
}

const char *exclusion_normalize(Arena *a, const PgQuery__Constraint *c, const char *pred)
{
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "USING %s (", c->access_method && *c->access_method ? c->access_method : "gist");
	for (size_t i = 0; i < c->n_exclusions; i++) {
		const PgQuery__Node *pair = c->exclusions[i];
		if (i)
			sb_append(&sb, ", ");
		if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2 ||
		    pair->list->items[0]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) {
			sb_append(&sb, "? WITH ?");
			continue;
		}
		index_elem_text(a, &sb, pair->list->items[0]->index_elem);
		const PgQuery__Node *ops = pair->list->items[1];
		const PgQuery__Node *op = ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list->n_items
		                              ? ops->list->items[ops->list->n_items - 1]
		                              : NULL;
		sb_appendf(&sb, " WITH %s",
		           op && op->node_case == PG_QUERY__NODE__NODE_STRING ? op->string->sval : "?");
	}
	sb_putc(&sb, ')');
	for (size_t i = 0; i < c->n_including; i++) {
		const PgQuery__Node *n = c->including[i];
		sb_append(&sb, i ? ", " : " INCLUDE (");
		cat_quote_ident(&sb, n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : "?");
		if (i + 1 == c->n_including)
			sb_putc(&sb, ')');
	}
	if (pred)
		sb_appendf(&sb, " WHERE (%s)", pred);
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

const char *exclusion_normalize_sql(Arena *a, const char *text)
{
	char *sql = xasprintf("ALTER TABLE x ADD EXCLUDE %s", text);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	const char *r = NULL;
	const PgQuery__AlterTableStmt *at =
	    pr && pr->n_stmts == 1 && pr->stmts[0]->stmt &&
	            pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT
	        ? pr->stmts[0]->stmt->alter_table_stmt
	        : NULL;
	const PgQuery__Node *cmd = at && at->n_cmds == 1 ? at->cmds[0] : NULL;
	const PgQuery__Node *def =
	    cmd && cmd->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ? cmd->alter_table_cmd->def : NULL;
	if (def && def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
	    def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION) {
		const PgQuery__Constraint *c = def->constraint;
		r = exclusion_normalize(a, c,
		                        c->where_clause ? expr_normalize(a, c->where_clause, NULL) : NULL);
	}
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}
