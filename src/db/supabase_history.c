/* supabase_history.c — the Supabase CLI's history table written alongside strata's (see
 * supabase_history.h). */
#include "strata.h"
#include "db/supabase_history.h"
#include "sql/quote.h"

#define SUPABASE_TABLE "supabase_migrations.schema_migrations"

void supabase_history_ddl_sql(StrBuf *sb)
{
	/* the CLI's own statements: the table first had only version, then gained statements and name */
	sb_append(sb, "CREATE SCHEMA IF NOT EXISTS supabase_migrations;\n"
	              "CREATE TABLE IF NOT EXISTS " SUPABASE_TABLE " (version text NOT NULL PRIMARY KEY);\n"
	              "ALTER TABLE " SUPABASE_TABLE " ADD COLUMN IF NOT EXISTS statements text[];\n"
	              "ALTER TABLE " SUPABASE_TABLE " ADD COLUMN IF NOT EXISTS name text;\n");
}

void supabase_history_record_sql(StrBuf *sb, const Migration *m, const MigPlan *p)
{
	if (!m->version[0])
		return;
	sb_append(sb, "INSERT INTO " SUPABASE_TABLE " (version, name, statements) VALUES (");
	sql_quote_literal(sb, m->version);
	sb_append(sb, ", ");
	sql_quote_literal(sb, m->name ? m->name : "");
	sb_append(sb, ", ");
	if (!p) {
		sb_append(sb, "NULL");
	} else {
		sb_append(sb, "ARRAY[");
		for (size_t i = 0; i < p->n; i++) {
			StrBuf one = STRBUF_INIT;
			sb_append_n(&one, p->text + p->stmts[i].offset, p->stmts[i].len);
			if (i)
				sb_append(sb, ", ");
			sql_quote_literal(sb, sb_str(&one));
			sb_release(&one);
		}
		sb_append(sb, "]::text[]");
	}
	/* a version the CLI recorded already (a re-run after adoption) keeps one row, with strata's text */
	sb_append(sb, ") ON CONFLICT (version) DO UPDATE SET name = excluded.name, statements = "
	              "excluded.statements;\n");
}
