/* foreign_tools.c — the facts about other migration tools' history tables (see foreign_tools.h). */
#include "strata.h"
#include "project/foreign_tools.h"

const ForeignToolInfo foreign_tools[FT__COUNT] = {
    [FT_DJANGO] = {"django", "Django", NULL, "django_migrations", NULL},
    [FT_ALEMBIC] = {"alembic", "Alembic", NULL, "alembic_version", NULL},
    [FT_DBMATE] = {"dbmate", "dbmate", NULL, "schema_migrations", NULL},
    [FT_GOLANG_MIGRATE] = {"golang-migrate", "golang-migrate", NULL, "schema_migrations", NULL},
    [FT_SUPABASE] = {"supabase", "Supabase", "supabase_migrations", "schema_migrations",
                     "supabase_migrations"},
    [FT_GOOSE] = {"goose", "goose", NULL, "goose_db_version", NULL},
    [FT_FLYWAY] = {"flyway", "Flyway", NULL, "flyway_schema_history", NULL},
    [FT_PRISMA] = {"prisma", "Prisma", NULL, "_prisma_migrations", NULL},
    [FT_DIESEL] = {"diesel", "diesel", NULL, "__diesel_schema_migrations", NULL},
    [FT_SQITCH] = {"sqitch", "sqitch", "sqitch", "changes", "sqitch"},
};

ForeignTool foreign_tool_from_name(const char *name)
{
	if (!strcmp(name, "migrate"))
		return FT_GOLANG_MIGRATE;
	for (int i = 0; i < FT__COUNT; i++)
		if (!strcmp(name, foreign_tools[i].name))
			return (ForeignTool)i;
	return FT__COUNT;
}

const char *foreign_tool_names(void)
{
	return "django, alembic, dbmate, golang-migrate, supabase, goose, flyway, prisma, diesel, sqitch";
}
