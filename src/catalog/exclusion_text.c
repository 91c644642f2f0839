/* exclusion_text.c — one text for an exclusion constraint's elements, from a migration's EXCLUDE clause or
 * from the server's pg_get_constraintdef(), so that the two compare equal. */
#include "strata.h"
#include "catalog/catalog.h"
#include "catalog/normalize.h"
#include "util/strbuf.h"

#include <string.h>

static const char *node_sval(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

const char *exclusion_text(Arena *a, const PgQuery__Constraint *c, const char *const *exprs,
                           const char *const *colls, const char *const *opclasses)
{
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "USING %s (", c->access_method && *c->access_method ? c->access_method : "gist");
	for (size_t i = 0; i < c->n_exclusions; i++) {
		const PgQuery__Node *pair = c->exclusions[i];
		if (i)
			sb_append(&sb, ", ");
		if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2) {
			sb_putc(&sb, '?');
			continue;
		}
		const PgQuery__Node *el = pair->list->items[0], *ops = pair->list->items[1];
		const PgQuery__IndexElem *ie =
		    el->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM ? el->index_elem : NULL;
		if (ie && ie->name && *ie->name)
			cat_quote_ident(&sb, ie->name);
		else if (ie && ie->expr && exprs && exprs[i]) {
			/* pg_get_indexdef_worker: a function call as it is, anything else in parentheses */
			bool fn = ie->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL;
			sb_appendf(&sb, fn ? "%s" : "(%s)", exprs[i]);
		} else
			sb_putc(&sb, '?');
		const char *coll = colls                   ? colls[i]
		                   : ie && ie->n_collation ? node_sval(ie->collation[ie->n_collation - 1])
		                                           : NULL;
		if (coll) {
			sb_append(&sb, " COLLATE ");
			cat_quote_ident(&sb, coll);
		}
		const char *opc = opclasses             ? opclasses[i]
		                  : ie && ie->n_opclass ? node_sval(ie->opclass[ie->n_opclass - 1])
		                                        : NULL;
		if (opc) {
			sb_putc(&sb, ' ');
			cat_quote_ident(&sb, opc);
		}
		const char *op = ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list->n_items
		                     ? node_sval(ops->list->items[ops->list->n_items - 1])
		                     : NULL;
		sb_appendf(&sb, " WITH %s", op ? op : "?");
	}
	sb_putc(&sb, ')');
	for (size_t i = 0; i < c->n_including; i++) { /* pg_get_constraintdef: the index's INCLUDE */
		sb_append(&sb, i ? ", " : " INCLUDE (");
		const char *col = node_sval(c->including[i]);
		cat_quote_ident(&sb, col ? col : "?");
		if (i + 1 == c->n_including)
			sb_putc(&sb, ')');
	}
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}
