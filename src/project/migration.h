/* migration.h — what a migration is, and discovery: find every migration in a folder, in the order the
 * owning tool (Flyway, golang-migrate, dbmate, goose, Prisma, diesel, plain numbered files, ...) applies
 * them, with up/down text, flags and a SHA-256 checksum. */
#ifndef STRATA_PROJECT_MIGRATION_H
#define STRATA_PROJECT_MIGRATION_H

#include "strata.h"
#include "util/diag.h"

typedef enum MigFormat {
	FMT_AUTO = 0,       /* detect */
	FMT_FLYWAY,         /* V<ver>__<name>.sql, U<ver>__, R__<name>.sql */
	FMT_GOLANG_MIGRATE, /* <ver>_<name>.up.sql / .down.sql (also popx/pop: <ver>_<name>[.postgres].up.sql)
	                     */
	FMT_DBMATE,         /* <ver>_<name>.sql with -- migrate:up / -- migrate:down */
	FMT_GOOSE,          /* <ver>_<name>.sql with -- +goose Up / Down */
	FMT_PRISMA,         /* <timestamp>_<name>/migration.sql */
	FMT_DIESEL,         /* <version>_<name>/up.sql + down.sql */
	FMT_PLAIN,    /* numbered or timestamped .sql files, numeric order (also one single .sql file) */
	FMT_TEMPORAL, /* temporal-sql-tool: versioned/v<major>.<minor>/manifest.json lists the files */
	FMT_LEXICAL,  /* <name>.up.sql / .down.sql or <name>.sql; the version is the whole name (without the
	                 up/down suffix) and the order is byte order (maragudk/migrate, sql-migrate's
	                 fallback):  detected when numbered prefixes repeat */
	FMT_TERN, /* <ver>_<name>.sql, up above "---- create above / drop below ----", down below (tern) */
	FMT__COUNT
} MigFormat;

/* tern's separator of the up part (above) from the down part (below), found anywhere in the text */
#define TERN_SPLIT "---- create above / drop below ----"

typedef enum MigKind {
	MIG_VERSIONED = 0,
	MIG_REPEATABLE, /* Flyway R__: after all versioned ones, re-run when the checksum changes */
} MigKind;

typedef enum MigScope { SCOPE_SHARED = 0, SCOPE_TENANT } MigScope;

typedef struct Migration {
	char *version; /* as written ("1_10", "20221206131204", "2017-08-31-230457"); "" for repeatables */
	char *name;    /* description part */
	MigFormat format;
	MigKind kind;
	MigScope scope;
	char *up_path;   /* file holding the up text (path as dir + relative name) */
	char *down_path; /* file holding the down text, or NULL (may equal up_path for sectioned formats) */
	/* Up/down SQL with byte offsets equal to offsets in up_path/down_path: sections that are not part of
	 * this direction are blanked (spaces, newlines kept), so parser locations map straight to the file.
	 * down_sql is NULL when there is no down migration. */
	char *up_sql;
	char *down_sql;
	bool no_transaction; /* dbmate transaction:false, goose NO TRANSACTION, diesel
	                        run_in_transaction=false */
	char checksum[65]; /* lowercase hex SHA-256 of the up file's raw bytes (and down file's when separate)
	                    */
	/* The owning tool runs nothing for this migration (popx skips empty files; postgres-migrations runs
	 * "SELECT 1" for a file starting with "-- postgres-migrations ignore"). It stays in the set (it holds
	 * a version), but executors and the replay skip it. skip_reason is a static string, NULL when !skip.
	 */
	bool skip;
	const char *skip_reason;
	unsigned folder; /* index into MigrationSet.folders (0 for a one-folder set) */
} Migration;

/* One folder of a project with several (`--dir A --dir B`): its own convention; its migrations are
 * contiguous in the set, after those of the folders before it. */
typedef struct MigFolder {
	char *dir;
	MigFormat format;
	char *format_why; /* heap, see MigrationSet.format_why */
	size_t first, n;  /* its migrations: items[first .. first + n) */
} MigFolder;

typedef struct MigrationSet {
	char *dir;
	MigFormat format; /* detected or forced */
	Migration *items; /* in apply order: versioned by version, then repeatables by name */
	size_t n;
	char *format_why; /* why this convention: forced, or what detection saw (heap, for `strata ls`) */
	/* Several folders (project/project.h): one entry each, in apply order; NULL/0 for one folder. DIR,
	 * FORMAT and FORMAT_WHY above are then those of the last folder (where new migrations are written).
	 */
	MigFolder *folders;
	size_t n_folders;
} MigrationSet;

/* A name=value pair for placeholder substitution (${name} Flyway style, {{ ... }} Go-template style). */
typedef struct MigVar {
	const char *name;
	const char *value;
} MigVar;

typedef struct DiscoverOptions {
	MigFormat format; /* FMT_AUTO to detect */
	const MigVar *vars;
	size_t n_vars;
	MigScope scope; /* scope given to every migration found */
} DiscoverOptions;

const char *mig_format_name(MigFormat f);         /* "flyway", "golang-migrate", ... */
MigFormat mig_format_from_name(const char *name); /* FMT__COUNT when unknown; "auto" → FMT_AUTO */

/* Discover the migrations in DIR. Returns 0 and fills OUT (free with migration_set_free) when no error
 * diagnostic was added; warnings (a file that matches no convention, an empty migration) are added to DL
 * and discovery continues. Errors (missing folder, two files with one version, unreadable or non-text
 * file, unfilled placeholder) are added with the file (and line:col where it applies) and -1 is
 * returned; OUT is then still valid and freeable, holding what could be read. */
int discover_migrations(const char *dir, const DiscoverOptions *opts, MigrationSet *out,
                        DiagList *dl) WARN_UNUSED;
void migration_set_free(MigrationSet *set);

/* Compare two versions of format F as the owning tool orders them (<0, 0, >0). */
int mig_version_cmp(MigFormat f, const char *a, const char *b);

/* Compare two versions of SET: in a one-folder set as mig_version_cmp(set->format, ...); with several
 * folders a version of an earlier folder comes first, and two of one folder compare by its convention. A
 * version that no migration of SET has (a history row whose file is gone, a --to typo) counts as one of
 * the last folder. */
int mig_set_version_cmp(const MigrationSet *set, const char *a, const char *b);

#endif
