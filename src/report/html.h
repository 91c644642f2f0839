/* html.h — `strata report --html`: one self-contained HTML page (inline CSS, JS and SVG, no network: it
 * works offline and as a CI artifact) with the fleet (tenants per version and server, failures, drift
 * groups, rollout timing, all from one ledger query per server), the schema as an ER diagram (report/er.h)
 * and the history (migrations with their lint findings and the order analysis). The page is aggregated:
 * a 10,000-tenant fleet is a few counts, and tenants are listed in full only when asked. Also the project
 * replay and diagram that `strata schema --format dot|svg` prints. */
#ifndef STRATA_REPORT_HTML_H
#define STRATA_REPORT_HTML_H

#include "strata.h"
#include "analysis/drift.h"
#include "analysis/lint.h"
#include "catalog/catalog.h"
#include "exec/drift_run.h"
#include "exec/tenants.h"
#include "project/tenancy.h"
#include "project/migration.h"
#include "report/er.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* A project as the report reads it. */
typedef struct ReportProject {
	const char *dir;            /* the migrations folder (labels only) */
	const MigrationSet *set;    /* the project's migrations (the shared ones when there are tenants) */
	const char *tenant_dir;     /* labels only */
	const MigrationSet *tenant; /* tenant migrations, or NULL */
	TenantMode mode;            /* with TENANT: schema, database or shared */
	const char *shared_schema;  /* NULL: public */
	const char *tenant_search_path; /* template with $tenant; NULL: "$tenant, <shared>" */
	const char *search_path;        /* the replay's search_path in a project without tenant migrations */
	const char *user;               /* the replay's current user (NULL: postgres) */
	const LintConfig *lint;         /* NULL: the defaults */
	const char *tenant_column;      /* shared-table mode: the tenant key column (NULL: tenant_id) */
} ReportProject;

/* The catalog the project's history builds: its migrations replayed offline, then (with tenant migrations
 * in schema or database mode) the tenant migrations replayed into the template tenant schema "$tenant"
 * under the tenant search_path. Replay errors go to DL (the catalog is built as far as it goes). The caller
 * frees the catalog. */
Catalog *report_project_catalog(const ReportProject *p, DiagList *dl);

/* --from-db: the catalog of database URL, only SCHEMAS (N) when given; with none in a schema-per-tenant
 * project, the shared schema and the first tenant of the ledger (one tenant stands for all). strata's own
 * tables (HIST_SCHEMA.HIST_TABLE, the ledger, each tenant's history) are left out. Returns 0, or -1 with
 * an error in DL; the caller frees *OUT. */
int report_live_catalog(const char *url, const char *const *schemas, size_t n, const ReportProject *p,
                        const char *hist_schema, const char *hist_table, Catalog **out,
                        DiagList *dl) WARN_UNUSED;

/* With tenant migrations (schema or database mode): replay them into the template tenant schema of CAT,
 * which holds the replayed project migrations (what report_project_catalog does after its replay). */
void report_project_tenants(const ReportProject *p, Catalog *cat, DiagList *dl);

/* `strata schema --format dot|svg`: the ER diagram of CAT (the project's replay, or a database read when
 * FROM_DB) with P's shared/tenant line, only the tables matching TABLES (may be NULL), as DOT, or as SVG
 * (a standalone file) when SVG. Returns 0, or -1 with an error in DL (Graphviz). */
int report_diagram(const ReportProject *p, Catalog *cat, bool from_db, const char *tables, bool svg,
                   StrBuf *out, ErStats *stats, DiagList *dl) WARN_UNUSED;

/* The ER options that draw P's shared/tenant line: shared schema and template tenant schema, or (shared-
 * table mode) the tenant key column. TABLES is the --tables pattern (may be NULL). FROM_DB: the catalog was
 * read from a database, where every schema but the shared one is a tenant schema. TENANT_SCHEMAS must
 * hold one entry; O borrows from P and it. */
void report_er_options(const ReportProject *p, const char *tables, bool from_db, const char **tenant_schemas,
                       ErOptions *o);

typedef struct ReportOptions {
	const char *title;
	bool schema_only;          /* the Schema section alone: no fleet, no history, no database */
	bool all_tenants;          /* list every failed tenant and every tenant of a drift group */
	const char *tables;        /* --tables: LIKE pattern of the tables to draw */
	const TenantConfig *fleet; /* the fleet (servers, source); NULL: no Fleet section. The tenants of a
	                              source other than the ledger that have no ledger row are counted never
	                              migrated, as `status --tenants` counts them (exec/fleet_servers.h) */
	const DriftOptions *drift; /* drift_tenants_run over every tenant of FLEET (exec/drift_run.h), grouped
	                              as `drift --tenants` groups them; NULL: no drift groups */
	const char *drift_skipped; /* why there are no drift groups (shown), or NULL */
	Catalog *live;             /* --from-db: draw this catalog instead of the replayed one (borrowed) */
} ReportOptions;

/* Numbers of the page written, for the command's one-line summary. */
typedef struct ReportStats {
	size_t bytes;
	long long tenants, failed;
	size_t versions, drift_groups, migrations, findings;
	ErStats er;
} ReportStats;

/* Build the page for project P into OUT. Returns 0, or -1 with an error in DL (a server unreachable, the
 * drift failed, Graphviz missing); warnings (replay errors, a diagram too big to draw) are in DL too and
 * shown on the page. */
int report_html(const ReportProject *p, const ReportOptions *o, StrBuf *out, ReportStats *stats,
                DiagList *dl) WARN_UNUSED;

/* The page around DATA (the report's JSON model, see report_html) and SVG (the diagram, may be empty):
 * HTML with the CSS and the script inline; DATA is embedded as JSON that cannot close its <script>. */
void report_html_page(const char *title, const char *data_json, const char *svg, StrBuf *out);

#endif
