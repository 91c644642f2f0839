/* foreign_history.h — reading another tool's history table (Django's django_migrations, Alembic's
 * alembic_version, dbmate's / golang-migrate's / Supabase's schema_migrations, goose_db_version,
 * flyway_schema_history, _prisma_migrations, __diesel_schema_migrations, sqitch.changes) and matching it
 * to the migrations on disk: which of them that tool applied. `strata status --from TOOL` shows it and
 * `strata baseline --from TOOL` adopts it. Django and Alembic rows are matched through the header line
 * `strata import` writes in each file (project/import_marker.h); the others by version or name. Read only. */
#ifndef STRATA_DB_FOREIGN_HISTORY_H
#define STRATA_DB_FOREIGN_HISTORY_H

#include "strata.h"
#include "db/history.h"
#include "project/foreign_tools.h"
#include "project/migration.h"
#include "util/diag.h"

#include <libpq-fe.h>

typedef struct ForeignRow {
	char *key;        /* version, "app.name" (Django), revision (Alembic heads), folder name (Prisma),
	                     change name (sqitch), script name (Flyway repeatables: "R__x.sql") */
	char *applied_at; /* as the server prints it, or NULL */
	bool upto;        /* every version up to this one is applied (golang-migrate's one row, a Flyway
	                     baseline, Alembic heads: every ancestor) */
	bool failed;      /* recorded as not finished (golang-migrate dirty, Flyway success = false) */
} ForeignRow;

typedef struct ForeignHistory {
	ForeignTool tool;
	char *table; /* the table read, quoted: "public"."django_migrations" */
	bool exists;
	ForeignRow *rows; /* in the tool's order */
	size_t n;
} ForeignHistory;

/* Read TOOL's table (in SCHEMA when non-NULL, else where the tool keeps it: its fixed schema or the
 * search_path). A missing table is an empty history (returns 0, OUT->exists false). A table without the
 * tool's columns is an error naming the columns it lacks. Returns 0 or -1 (DL). */
int foreign_history_load(PGconn *conn, ForeignTool tool, const char *schema, ForeignHistory *out,
                         DiagList *dl) WARN_UNUSED;
void foreign_history_free(ForeignHistory *fh);

/* Which migrations of SET the tool applied: APPLIED[i] (SET->n entries) for set->items[i], FAILED[i] (may
 * be NULL) when the tool recorded it as not finished. Rows that match no migration are added to DL as
 * errors (rule foreign-missing-file) when MISSING_ERR, else warnings. Returns how many rows matched no
 * migration. */
size_t foreign_history_match(const ForeignHistory *fh, const MigrationSet *set, bool *applied, bool *failed,
                             bool missing_err, DiagList *dl);

/* The same as history rows, for `strata status`: one successful row per applied migration (with the
 * file's checksum: the tools keep none strata can compare), a failed one per unfinished migration, and a
 * row per unmatched entry (a missing file). MODE of each row is the tool's name. */
void foreign_history_rows(const ForeignHistory *fh, const MigrationSet *set, HistoryRows *out);

/* Which tool's history SCHEMA.TABLE is, from its name and columns (for a --history-table that names one):
 * FT__COUNT when it is not one (or does not exist). Errors reading the catalog are ignored. */
ForeignTool foreign_history_identify(PGconn *conn, const char *schema, const char *table);

#endif
