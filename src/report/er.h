/* er.h — the ER diagram of a catalog: tables with their key columns, foreign keys as edges, laid out by
 * Graphviz (libgvc with its dot engine, not a layout of our own). In a multi-tenant project the shared and
 * the tenant tables are drawn apart and coloured differently, a tenant foreign key into the shared schema
 * is highlighted (the line the seeds' incidents crossed), and tables with row-level security are marked. */
#ifndef STRATA_REPORT_ER_H
#define STRATA_REPORT_ER_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* Tables drawn at most: beyond this Graphviz takes minutes and the picture says nothing; narrow it with
 * a --tables pattern. */
#define ER_MAX_TABLES 400

typedef enum ErSide { ER_PLAIN = 0, ER_SHARED, ER_TENANT } ErSide;

typedef struct ErOptions {
	const char *shared_schema; /* multi-tenant (schema per tenant): the shared schema; NULL: none */
	const char *const *tenant_schemas; /* the schemas whose tables are tenant tables (the replay's
	                                      template schema "$tenant", or a live tenant) */
	size_t n_tenant_schemas;
	const char *tenant_column; /* shared-table mode: a table with this column holds tenant rows (NULL: no
	                              such mode) */
	const char *tables;        /* LIKE pattern over table names, bare or schema-qualified; NULL: all */
	bool others_are_tenant; /* with SHARED_SCHEMA: every other schema is a tenant schema (a catalog read
	                           from a database: the shared schema and some tenant schemas) */
} ErOptions;

typedef struct ErStats {
	size_t tables;         /* tables in the catalog (partitions not counted) */
	size_t shown;          /* tables drawn */
	size_t edges;          /* foreign keys drawn */
	size_t cross;          /* tenant foreign keys into the shared schema */
	size_t rls;            /* drawn tables with row-level security enabled */
	size_t shared, tenant; /* drawn tables per side */
	bool too_many;         /* more than ER_MAX_TABLES matched: nothing drawn */
} ErStats;

/* Which side of the shared/tenant line table T is on under O. */
ErSide er_side(const CatTable *t, const ErOptions *o);

/* The diagram of CAT as Graphviz DOT text, appended to OUT (deterministic: tables by schema and name).
 * Tables that a drawn table references but the pattern leaves out are drawn as small dashed boxes. STATS
 * (may be NULL) counts what was drawn. With more than ER_MAX_TABLES matching tables, the graph is empty and
 * STATS->too_many is set. */
void er_dot(Catalog *cat, const ErOptions *o, StrBuf *out, ErStats *stats);

/* Lay DOT out with Graphviz's dot engine and render it as SVG: the <svg> element alone, without the XML
 * prolog, ready to be inlined in HTML. Returns 0, or -1 with an error in DL (Graphviz rejected the graph or
 * has no dot layout / svg renderer installed). */
int er_svg(const char *dot, StrBuf *svg, DiagList *dl) WARN_UNUSED;

#endif
