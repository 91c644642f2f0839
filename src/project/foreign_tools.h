/* foreign_tools.h — the other migration tools strata lives beside: their names and where each keeps its
 * history table (Django's django_migrations, Alembic's alembic_version, dbmate's and golang-migrate's
 * schema_migrations, ...). One table of facts, read by the history readers (db/foreign_history.h) and by
 * the list of tables diff, drift, squash and lint leave alone (analysis/ignore.h). */
#ifndef STRATA_PROJECT_FOREIGN_TOOLS_H
#define STRATA_PROJECT_FOREIGN_TOOLS_H

#include "strata.h"

typedef enum ForeignTool {
	FT_DJANGO = 0,
	FT_ALEMBIC,
	FT_DBMATE,
	FT_GOLANG_MIGRATE,
	FT_SUPABASE,
	FT_GOOSE,
	FT_FLYWAY,
	FT_PRISMA,
	FT_DIESEL,
	FT_SQITCH,
	FT__COUNT
} ForeignTool;

typedef struct ForeignToolInfo {
	const char *name;   /* as given to --from: "django", "golang-migrate", ... */
	const char *label;  /* as people write it: "Django", "golang-migrate" */
	const char *schema; /* the schema of its table when the tool fixes it ("supabase_migrations",
	                       "sqitch"), else NULL: the first schema of the search_path */
	const char *table;  /* its history table */
	const char
	    *own_schema; /* a schema that belongs to the tool as a whole (sqitch's registry), or NULL */
} ForeignToolInfo;

extern const ForeignToolInfo foreign_tools[FT__COUNT];

/* The tool named NAME (also "migrate" for golang-migrate), or FT__COUNT. */
ForeignTool foreign_tool_from_name(const char *name);
/* "django, alembic, dbmate, ..." for messages (static). */
const char *foreign_tool_names(void);

#endif
