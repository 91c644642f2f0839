/* fleet.h — the state of a tenant fleet from the ledgers alone, one query per server: tenants per version
 * (per server), at head, pending, failed (with their errors), edited, never migrated, and the timing of the
 * rollouts that last wrote each row (per worker process and canary wave). `status --tenants` prints it;
 * `report --html` draws it. */
#ifndef STRATA_EXEC_FLEET_H
#define STRATA_EXEC_FLEET_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"

/* Time slices of one rollout run (tenants finished per slice, for the timing chart). */
#define FLEET_TIME_BUCKETS 40

typedef struct FleetFailure {
	char *tenant, *version, *error; /* version "" = none; error may be NULL */
	size_t server;                  /* index into the servers */
} FleetFailure;

/* The ledger rows last written by one worker process in one canary wave (wave 0: no waves). */
typedef struct FleetRun {
	char *worker; /* "HOST pid PID" */
	int wave, n_waves;
	size_t server;
	double t0, t1; /* epoch seconds of its first and last ledger write */
	long long ok, failed;
	long long buckets[FLEET_TIME_BUCKETS]; /* rows written in each slice of [t0, t1] */
} FleetRun;

/* One tenant, when the summary lists them all (fleet_summary_load with LIST). */
typedef struct FleetTenant {
	char *tenant, *version, *status; /* version "" = none */
	size_t server;
} FleetTenant;

typedef struct FleetServerSum {
	char *label; /* the URL without its password */
	bool has_ledger;
	long long tenants, at_head, pending, failed, edited, never;
} FleetServerSum;

typedef struct FleetSummary {
	char *head; /* newest tenant migration version ("" when none) */
	FleetServerSum *servers;
	size_t n_servers;
	char **versions; /* recorded versions, "" for never migrated; in the order the servers return them */
	size_t n_versions;
	long long *counts; /* n_versions x n_servers: counts[v * n_servers + s] */
	long long tenants, at_head, pending, failed, edited, never;
	FleetFailure *failures; /* every failed tenant: by server, version, chain, then name */
	size_t n_failures;
	FleetRun *runs; /* by start time */
	size_t n_runs;
	FleetTenant *tenants_list; /* with LIST: every tenant, by server then name; else NULL */
	size_t n_tenants_list;
} FleetSummary;

/* Read the ledger of each of the N SERVERS (URLs) with one query each and compare every row with SET (the
 * tenant migrations: a row whose version or checksum chain SET does not have is "edited"). A server without
 * a ledger counts no tenants. LIST: the same query also returns every tenant (tenants_list). Returns 0, or
 * -1 with an error in DL (connection or query failed); OUT is filled either way and freed with
 * fleet_summary_free. */
int fleet_summary_load(char *const *servers, size_t n, const MigrationSet *set, bool list, FleetSummary *out,
                       DiagList *dl) WARN_UNUSED;
/* Count N[s] tenants of server s that the tenant source returns but the ledger has no row for: never
 * migrated, so pending at version "none" (at head when there are no tenant migrations). */
void fleet_summary_add_unregistered(FleetSummary *fs, const long long *n);
void fleet_summary_free(FleetSummary *fs);
/* Tenants at version index V (into fs->versions) over every server. */
long long fleet_version_total(const FleetSummary *fs, size_t v);

#endif
