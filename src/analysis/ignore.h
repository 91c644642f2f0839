/* ignore.h — the tables strata leaves alone when it compares or writes schemas: other migration tools'
 * history tables (django_migrations, alembic_version, schema_migrations, goose_db_version,
 * flyway_schema_history, _prisma_migrations, __diesel_schema_migrations, sqitch's registry schema,
 * supabase_migrations) by default, plus the tables the user names (--ignore TABLE, [migrations] ignore).
 * diff, drift, squash and the lint rules use it; each says once what it left out. */
#ifndef STRATA_ANALYSIS_IGNORE_H
#define STRATA_ANALYSIS_IGNORE_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/strbuf.h"

typedef struct IgnoreList {
	char **extra; /* user entries: "table" (any schema) or "schema.table", as PostgreSQL stores names */
	size_t nextra;
	bool no_defaults; /* --no-ignore-defaults: only the user's entries */
	/* what was actually left out, for the one note: "django_migrations (Django's history)", deduplicated
	 */
	char **seen;
	size_t nseen;
} IgnoreList;

void ignore_init(IgnoreList *ig);
void ignore_release(IgnoreList *ig);
/* Add the entries of SPEC, a comma-separated list of [schema.]table (spaces around entries ignored). */
void ignore_add(IgnoreList *ig, const char *spec);
/* Why SCHEMA.NAME (a table) is left alone: the owning tool's label ("Django"), "--ignore", or NULL when
 * it is not. SCHEMA may be NULL (matches entries without a schema only). */
const char *ignore_table_reason(const IgnoreList *ig, const char *schema, const char *name);
/* The tool owning the whole schema SCHEMA (sqitch's registry, supabase_migrations), or NULL. */
const char *ignore_schema_reason(const IgnoreList *ig, const char *schema);
/* Record that NAME was left out for REASON (for ignore_note). */
void ignore_mark_seen(IgnoreList *ig, const char *name, const char *reason);
/* Drop every ignored table (with what depends on it: its sequences, indexes, constraints) and every
 * ignored tool schema (with its objects) from CAT, recording each in IG->seen. Returns how many tables
 * and schemas were left out. */
size_t ignore_apply(IgnoreList *ig, Catalog *cat);
/* The same, only for objects in SCHEMA (NULL: every schema; then tool schemas go too), found by name:
 * cheap on a catalog that holds many tenant schemas. */
size_t ignore_apply_in(IgnoreList *ig, Catalog *cat, const char *schema);
/* One line for people when something was left out ("" otherwise):
 * "left out tables that are not the application's: django_migrations (Django's history); --ignore TABLE
 * adds to the list". */
void ignore_note(const IgnoreList *ig, StrBuf *out);

#endif
