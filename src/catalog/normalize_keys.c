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
