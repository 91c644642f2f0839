/* check.h — `strata check` as a library call: every migration of a project parsed (up and down), the up
 * direction replayed into a catalog with the lint and order hooks, the tenant migrations replayed into a
 * template tenant schema under the scope rules, and optionally a suggested order and the comparison with
 * another git revision. The caller prints the report. */
#ifndef STRATA_ANALYSIS_CHECK_H
#define STRATA_ANALYSIS_CHECK_H

#include "strata.h"
#include "analysis/ignore.h"
#include "analysis/lint.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "project/config.h"
#include "project/project.h"
#include "util/diag.h"
#include "util/strbuf.h"

typedef struct CheckOptions {
	const Project *proj;     /* the (shared) migrations */
	const Config *cfg;       /* [lint] rules */
	const char *search_path; /* the replay's initial search_path (NULL: "$user", public) */
	const char *user;        /* the replay's current user (NULL: postgres) */
	const Prereq *prereq;    /* what exists before the first migration (platform, --prereq), or NULL */
	IgnoreList *ignore;      /* tables the lint rules leave alone (NULL: other tools' history tables) */
	bool verbose;            /* keep the "not modelled" notes (SEV_INFO) */
	bool suggest_order;      /* fill CheckReport.order_text (and .order_json when WANT_JSON) */
	bool want_json;
	const char *since; /* git revision to compare with, or NULL */
	const ReplayExact
	    *exact; /* --exact: dynamic SQL runs on a throwaway server (exec/exact.h), or NULL */
	/* tenant scope: replay TENANT_DIR into a template tenant schema (NULL: no tenant migrations) */
	const char *tenant_dir, *shared_schema, *tenant_search_path;
	long tenant_count; /* how many tenants the tenant migrations run in (a list source), 0: unknown */
	/* --database-url (NULL: offline): called once the migrations are discovered, before the replay, to
	 * fill LIVE (the pending migrations, every table's size, the tenants' largest tables) and *TENANTS
	 * (how many tenants; left alone when unknown). Returns 0, or -1 with the errors in DL. */
	int (*live)(void *ud, const MigrationSet *set, LintLive *live, long *tenants, DiagList *dl);
	void *live_ud;
	const char *tenant_mode; /* [tenants] mode as given on the command line (NULL: the config's) */
} CheckOptions;

typedef struct CheckReport {
	MigrationSet set;         /* the (shared) migrations checked (owned) */
	size_t tenant_migrations; /* tenant migrations checked (0 without tenant scope) */
	size_t statements;        /* statements parsed, shared and tenant */
	DiagList diags;           /* every finding, in order */
	bool failed;       /* discovery, config, prereq, suggestion or --since errors besides DIAGS' count */
	StrBuf order_text; /* --suggest-order, text form */
	void *order_json;  /* --suggest-order, a json_t * (owned; NULL unless asked) */
} CheckReport;

/* Run the checks of O into R (free with check_report_free). Never fails as a whole: what went wrong is in
 * R->diags (and R->failed). */
void check_run(const CheckOptions *o, CheckReport *r);
void check_report_free(CheckReport *r);

#endif
