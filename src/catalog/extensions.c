/* extensions.c — the schemas and relations well-known extensions make under fixed names (extensions.h). */
#include "strata.h"
#include "catalog/extensions.h"

#include <string.h>

typedef struct ExtFacts {
	const char *ext;
	const char *const *schemas;   /* NULL-terminated */
	const char *const *relations; /* "schema.name", "@" = the extension's schema; NULL-terminated */
} ExtFacts;

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE      ((const char *const[]){NULL})

/* From each extension's control file (`schema = ...`: CREATE EXTENSION makes it) and install script
 * (CREATE SCHEMA / TABLE / VIEW / SEQUENCE under a fixed name). Objects a function of the extension makes
 * later (pgmq.create's queue tables, timescaledb's chunks) are not here: they are dynamic. */
static const ExtFacts facts[] = {
    {"pg_cron", LIST("cron"), LIST("cron.job", "cron.job_run_details", "cron.jobid_seq", "cron.runid_seq")},
    {"pg_net", LIST("net"), LIST("net.http_request_queue", "net._http_response")},
    {"pgsodium", LIST("pgsodium", "pgsodium_masks"),
     LIST("pgsodium.key", "pgsodium.valid_key", "pgsodium.decrypted_key", "pgsodium.masking_rule",
          "pgsodium.mask_columns")},
    {"supabase_vault", LIST("vault"), LIST("vault.secrets", "vault.decrypted_secrets")},
    {"pg_graphql", LIST("graphql"), NONE},
    {"pgmq", LIST("pgmq"), LIST("pgmq.meta")},
    {"postgis", NONE, LIST("@.spatial_ref_sys", "@.geometry_columns", "@.geography_columns")},
    {"postgis_raster", NONE, LIST("@.raster_columns", "@.raster_overviews")},
    {"postgis_topology", LIST("topology"), LIST("topology.topology", "topology.layer")},
    {"postgis_tiger_geocoder", LIST("tiger", "tiger_data"), NONE},
    {"timescaledb",
     LIST("_timescaledb_catalog", "_timescaledb_internal", "_timescaledb_cache", "_timescaledb_config",
          "_timescaledb_functions", "_timescaledb_debug", "timescaledb_information",
          "timescaledb_experimental"),
     LIST("timescaledb_information.hypertables", "timescaledb_information.chunks",
          "timescaledb_information.dimensions", "timescaledb_information.jobs",
          "timescaledb_information.job_stats", "timescaledb_information.continuous_aggregates",
          "timescaledb_information.compression_settings")},
    {"pg_stat_statements", NONE, LIST("@.pg_stat_statements", "@.pg_stat_statements_info")},
    {"pg_stat_monitor", NONE, LIST("@.pg_stat_monitor")},
    {"pg_buffercache", NONE, LIST("@.pg_buffercache")},
    {"pg_partman", NONE,
     LIST("@.part_config", "@.part_config_sub", "@.custom_time_partitions", "@.table_privs")},
    {"pg_repack", LIST("repack"), LIST("repack.tables", "repack.primary_keys")},
    {"hypopg", NONE, LIST("@.hypopg_list_indexes", "@.hypopg_hidden_indexes")},
    {"pg_hint_plan", LIST("hint_plan"), LIST("hint_plan.hints")},
};

static const char *const none[] = {NULL};

static const ExtFacts *facts_of(const char *ext)
{
	for (size_t i = 0; ext && i < ARRAY_LEN(facts); i++)
		if (!strcmp(facts[i].ext, ext))
			return &facts[i];
	return NULL;
}

const char *const *ext_made_schemas(const char *ext)
{
	const ExtFacts *f = facts_of(ext);
	return f ? f->schemas : none;
}

const char *const *ext_made_relations(const char *ext)
{
	const ExtFacts *f = facts_of(ext);
	return f ? f->relations : none;
}

const char *catalog_schema_made_by_extension(Catalog *cat, const char *schema)
{
	if (!schema)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(facts); i++)
		for (const char *const *s = facts[i].schemas; *s; s++)
			if (!strcmp(*s, schema) && catalog_find_extension(cat, facts[i].ext))
				return facts[i].ext;
	return NULL;
}

void catalog_add_extension_schemas(Catalog *cat, const CatExtension *e)
{
	for (const char *const *s = ext_made_schemas(e->h.name); *s; s++) {
		if (catalog_find_schema(cat, *s))
			continue;
		CatSchema *sc = (CatSchema *)catalog_add(cat, OBJ_SCHEMA, NULL, *s, NULL, &e->h.origin);
		sc->made_by_ext = e->h.name;
		/* it goes with the extension, and cannot be dropped alone (an extension member) */
		catalog_add_dep(cat, &sc->h, (CatObject *)&e->h, NULL, DEP_INTERNAL);
	}
}
