/* tenant_drop.c — `strata tenant drop`: a tenant's schema or database and its ledger row (see
 * tenant_drop.h). */
#include "strata.h"
#include "db/connect.h"
#include "db/session.h"
#include "exec/fleet.h"
#include "exec/tenant_drop.h"
#include "sql/quote.h"

/* Schema mode (see tenant_drop). */
static int drop_schemas(const TenantConfig *t, char **names, size_t n, FILE *out, DiagList *dl)
{
	FleetServer *fs = NULL;
	int rc = fleet_open(t, &fs, true, dl) != 0 ? EXIT_USAGE : 0;
	for (size_t k = 0; !rc && k < n; k++) {
		bool done = false;
		for (size_t i = 0; i < t->n_servers && !done && !rc; i++) {
			PGconn *conn = fs[i].conn;
			const char *p[1] = {names[k]};
			PGresult *r = db_query(conn,
			                       "SELECT to_regnamespace(quote_ident($1)) IS NOT NULL, "
			                       "EXISTS (SELECT 1 FROM strata.ledger WHERE target = $1)",
			                       1, p, "finding the tenant", dl);
			if (!r) {
				rc = EXIT_USAGE;
				break;
			}
			bool schema = PQgetvalue(r, 0, 0)[0] == 't', ledger = PQgetvalue(r, 0, 1)[0] == 't';
			PQclear(r);
			if (!schema && !ledger)
				continue;
			StrBuf q = STRBUF_INIT;
			if (schema) {
				sb_append(&q, "DROP SCHEMA ");
				sql_quote_ident(&q, names[k]);
				sb_append(&q, " CASCADE");
			} else
				sb_append(&q, "SELECT 1");
			/* the same advisory key as strata.claim(): a rollout on this tenant and the drop take
			 * turns */
			PGresult *b = db_query(conn, "BEGIN", 0, NULL, "starting the transaction", dl);
			PGresult *l =
			    b ? db_query(conn,
			                 "SELECT pg_try_advisory_xact_lock(hashtextextended('strata:' || "
			                 "current_database() || '/tenant/' || $1, 0))",
			                 1, p, "locking the tenant", dl)
			      : NULL;
			bool ok = l && PQgetvalue(l, 0, 0)[0] == 't';
			if (l && !ok) {
				diag_add(dl, SEV_ERROR, "target-busy", NULL, 0, 0,
				         "tenant \"%s\" is being migrated by another session", names[k]);
			}
			PGresult *d =
			    ok ? db_query(conn, sb_str(&q), 0, NULL, "dropping the tenant schema", dl) : NULL;
			PGresult *e = d ? db_query(conn, "DELETE FROM strata.ledger WHERE target = $1", 1, p,
			                           "removing the ledger row", dl)
			                : NULL;
			PGresult *cm = e ? db_query(conn, "COMMIT", 0, NULL, "committing", dl) : NULL;
			if (cm)
				fprintf(out, "dropped tenant \"%s\"%s\n", names[k],
				        schema ? "" : " (ledger row only: no schema)");
			else {
				PQclear(PQexec(conn, "ROLLBACK"));
				rc = EXIT_FINDINGS;
			}
			PQclear(b);
			PQclear(l);
			PQclear(d);
			PQclear(e);
			PQclear(cm);
			sb_release(&q);
			done = true;
		}
		if (!done && !rc) {
			diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0, "tenant \"%s\" does not exist",
			         names[k]);
			rc = EXIT_FINDINGS;
		}
	}
	fleet_close(t, fs);
	return rc;
}

/* Database mode: DROP DATABASE cannot run in a transaction, so the tenant is held with a session-level
 * advisory lock on the key strata.claim() takes at transaction level in the main database (a rollout on
 * this tenant and the drop take turns), dropped WITH (FORCE) (PostgreSQL 13+: its sessions are
 * terminated), then its ledger row deleted. A crash between the two leaves a ledger row without a
 * database: a re-run of the drop removes it. */
static int drop_databases(const TenantConfig *t, char **names, size_t n, FILE *out, DiagList *dl)
{
	FleetServer *fs = NULL;
	int rc = fleet_open(t, &fs, true, dl) != 0 ? EXIT_USAGE : 0;
	for (size_t k = 0; !rc && k < n; k++) {
		bool done = false;
		for (size_t i = 0; i < t->n_servers && !done && !rc; i++) {
			PGconn *conn = fs[i].conn;
			const char *p[1] = {names[k]};
			PGresult *r =
			    db_query(conn,
			             "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1), "
			             "EXISTS (SELECT 1 FROM strata.ledger WHERE target = $1), "
			             "$1 = current_database()",
			             1, p, "finding the tenant", dl);
			if (!r) {
				rc = EXIT_USAGE;
				break;
			}
			bool db = PQgetvalue(r, 0, 0)[0] == 't', ledger = PQgetvalue(r, 0, 1)[0] == 't',
			     main_db = PQgetvalue(r, 0, 2)[0] == 't';
			PQclear(r);
			if (main_db) {
				diag_add(dl, SEV_ERROR, "tenant-name", NULL, 0, 0,
				         "\"%s\" is the server's main database, not a tenant", names[k]);
				rc = EXIT_USAGE;
				break;
			}
			if (!db && !ledger)
				continue;
			done = true;
			PGresult *l = db_query(conn,
			                       "SELECT pg_try_advisory_lock(hashtextextended('strata:' || "
			                       "current_database() || '/tenant/' || $1, 0))",
			                       1, p, "locking the tenant", dl);
			if (!l) {
				rc = EXIT_USAGE;
				break;
			}
			bool ok = PQgetvalue(l, 0, 0)[0] == 't';
			PQclear(l);
			if (!ok) {
				diag_add(dl, SEV_ERROR, "target-busy", NULL, 0, 0,
				         "tenant \"%s\" is being migrated by another session", names[k]);
				rc = EXIT_FINDINGS;
				break;
			}
			StrBuf q = STRBUF_INIT;
			sb_append(&q, "DROP DATABASE IF EXISTS ");
			sql_quote_ident(&q, names[k]);
			sb_append(&q, " WITH (FORCE)");
			PGresult *e = NULL;
			if (db_exec(conn, sb_str(&q), "dropping the tenant database", dl) == 0 &&
			    (e = db_query(conn, "DELETE FROM strata.ledger WHERE target = $1", 1, p,
			                  "removing the ledger row", dl)) != NULL)
				fprintf(out, "dropped tenant \"%s\"%s\n", names[k],
				        db ? "" : " (ledger row only: no database)");
			else
				rc = EXIT_FINDINGS;
			PQclear(e);
			PQclear(db_query(conn,
			                 "SELECT pg_advisory_unlock(hashtextextended('strata:' || "
			                 "current_database() || '/tenant/' || $1, 0))",
			                 1, p, "unlocking the tenant", dl));
			sb_release(&q);
		}
		if (!done && !rc) {
			diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0, "tenant \"%s\" does not exist",
			         names[k]);
			rc = EXIT_FINDINGS;
		}
	}
	fleet_close(t, fs);
	return rc;
}

int tenant_drop(const TenantConfig *t, char **names, size_t n, FILE *out, DiagList *dl)
{
	return t->mode == TMODE_DATABASE ? drop_databases(t, names, n, out, dl)
	                                 : drop_schemas(t, names, n, out, dl);
}
