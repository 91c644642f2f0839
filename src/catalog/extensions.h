/* extensions.h — what well-known extensions create under fixed names: schemas (pg_cron's `cron`, pgsodium's,
 * supabase_vault's `vault`, PostGIS topology's ...) and relations (PostGIS's `spatial_ref_sys`, `cron.job`,
 * `vault.secrets`, ...). The model does not follow extension scripts (catalog.h: an extension is its name,
 * schema and version), so without these facts a history that schedules a job in `cron` or references
 * `spatial_ref_sys` would be refused for objects PostgreSQL has. The facts come from the extensions' control
 * files and install scripts; an extension not listed makes nothing the model knows of. */
#ifndef STRATA_CATALOG_EXTENSIONS_H
#define STRATA_CATALOG_EXTENSIONS_H

#include "strata.h"
#include "catalog/catalog.h"

/* The schemas extension EXT makes (NULL-terminated; an empty list when none are known). Whether its
 * script makes one (an extension member, which introspection leaves out) or CREATE EXTENSION makes it from
 * the control file's `schema` (a plain schema), it exists once the extension does. */
const char *const *ext_made_schemas(const char *ext);

/* The relations extension EXT makes (NULL-terminated), each "schema.name" where the schema "@" is the
 * extension's own (CREATE EXTENSION ... SCHEMA). */
const char *const *ext_made_relations(const char *ext);

/* The name of the extension in CAT that makes schema SCHEMA, or NULL. Such a schema is the extension's:
 * it is not compared, dumped or diffed apart from it (CREATE EXTENSION makes it again). */
const char *catalog_schema_made_by_extension(Catalog *cat, const char *schema);

/* Add to CAT the schemas extension E makes that CAT does not hold yet (after CREATE EXTENSION, or when a
 * server's catalog is read: the members are not introspected). */
void catalog_add_extension_schemas(Catalog *cat, const CatExtension *e);

#endif
