/* guard.c — a diff rewritten so that each statement is harmless where it is not needed (see guard.h):
 * parse with libpg_query, set the IF [NOT] EXISTS / OR REPLACE flags PostgreSQL's grammar has, deparse. */
#include "strata.h"
#include "diff/guard.h"
#include "sql/parse.h"
#include "catalog/catalog.h"

/* schema.name of RV (the schema only when given), quoted where needed as the deparser quotes. */
static void qualified(StrBuf *sb, const PgQuery__RangeVar *rv)
{
	if (rv && rv->schemaname && *rv->schemaname) {
		cat_quote_ident(sb, rv->schemaname);
		sb_putc(sb, '.');
	}
	cat_quote_ident(sb, rv && rv->relname ? rv->relname : "");
}

/* Set the guard flags of STMT; statements that need a DROP ... IF EXISTS first get it in PRE. */
static void guard_stmt(PgQuery__Node *n, StrBuf *pre)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		n->create_stmt->if_not_exists = true;
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		if (n->index_stmt->idxname && *n->index_stmt->idxname)
			n->index_stmt->if_not_exists = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		n->create_seq_stmt->if_not_exists = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		n->create_schema_stmt->if_not_exists = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		n->create_extension_stmt->if_not_exists = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		n->create_table_as_stmt->if_not_exists = true;
		break;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		n->view_stmt->replace = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		n->create_function_stmt->replace = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
		PgQuery__CreateTrigStmt *t = n->create_trig_stmt;
		if (!t->isconstraint) {
			t->replace = true;
			break;
		}
		sb_append(pre, "DROP TRIGGER IF EXISTS ");
		cat_quote_ident(pre, t->trigname);
		sb_append(pre, " ON ");
		qualified(pre, t->relation);
		sb_append(pre, ";\n");
		break;
	}
	case PG_QUERY__NODE__NODE_DROP_STMT:
		n->drop_stmt->missing_ok = true;
		break;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		if (n->alter_enum_stmt->new_val && *n->alter_enum_stmt->new_val &&
		    (!n->alter_enum_stmt->old_val || !*n->alter_enum_stmt->old_val))
			n->alter_enum_stmt->skip_if_new_val_exists = true;
		break;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: {
		PgQuery__CreatePolicyStmt *p = n->create_policy_stmt;
		sb_append(pre, "DROP POLICY IF EXISTS ");
		cat_quote_ident(pre, p->policy_name);
		sb_append(pre, " ON ");
		qualified(pre, p->table);
		sb_append(pre, ";\n");
		break;
	}
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		PgQuery__AlterTableStmt *a = n->alter_table_stmt;
		for (size_t i = 0; i < a->n_cmds; i++) {
			if (a->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
				continue;
			PgQuery__AlterTableCmd *c = a->cmds[i]->alter_table_cmd;
			switch (c->subtype) {
			case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
			case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
				c->missing_ok = true;
				break;
			case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
				const PgQuery__Node *d = c->def;
				const char *name = d && d->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
				                       ? d->constraint->conname
				                       : NULL;
				if (!name || !*name)
					break;
				sb_append(pre, "ALTER TABLE ");
				qualified(pre, a->relation);
				sb_append(pre, " DROP CONSTRAINT IF EXISTS ");
				cat_quote_ident(pre, name);
				sb_append(pre, ";\n");
				break;
			}
			default:
				break;
			}
		}
		break;
	}
	default:
		break;
	}
}

/* The whole-line comments of SQL[FROM..TO) (the diff's `-- destructive: ...` lines) into OUT. */
static void keep_comments(StrBuf *out, const char *sql, size_t from, size_t to)
{
	for (size_t i = from; i < to;) {
		size_t e = i;
		while (e < to && sql[e] != '\n')
			e++;
		size_t b = i;
		while (b < e && (sql[b] == ' ' || sql[b] == '\t' || sql[b] == ';'))
			b++;
		if (e - b >= 2 && sql[b] == '-' && sql[b + 1] == '-') {
			sb_append_n(out, sql + b, e - b);
			sb_putc(out, '\n');
		}
		i = e + 1;
	}
}

int diff_guard(const char *sql, StrBuf *out, DiagList *dl)
{
	SqlParse p;
	if (sql_parse(sql, "the fix", &p, dl) != 0)
		return -1;
	int rc = 0;
	size_t prev_end = 0;
	StrBuf pre = STRBUF_INIT;
	PgQuery__ParseResult *pr = p.result;
	for (size_t i = 0; i < pr->n_stmts && !rc; i++) {
		PgQuery__Node *n = pr->stmts[i]->stmt;
		if (!n)
			continue;
		sb_reset(&pre);
		guard_stmt(n, &pre);
		/* one statement at a time through the deparser */
		PgQuery__RawStmt *one[1] = {pr->stmts[i]};
		PgQuery__ParseResult single = *pr;
		single.stmts = one;
		single.n_stmts = 1;
		PgQueryProtobuf pb;
		pb.len = pg_query__parse_result__get_packed_size(&single);
		pb.data = xmalloc(pb.len ? pb.len : 1);
		pg_query__parse_result__pack(&single, (uint8_t *)pb.data);
		PgQueryDeparseResult d = pg_query_deparse_protobuf(pb);
		free(pb.data);
		if (d.error || !d.query) {
			diag_add(dl, SEV_ERROR, "guard", NULL, 0, 0,
			         "statement %zu of the fix cannot be rewritten: %s", i + 1,
			         d.error ? d.error->message : "no text");
			rc = -1;
		} else {
			keep_comments(out, sql, prev_end, (size_t)p.stmts[i].offset);
			sb_append(out, sb_str(&pre));
			sb_append(out, d.query);
			sb_append(out, ";\n");
		}
		prev_end = (size_t)(p.stmts[i].offset + p.stmts[i].len);
		pg_query_free_deparse_result(d);
	}
	sb_release(&pre);
	sql_parse_free(&p);
	return rc;
}
