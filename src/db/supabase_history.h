/* supabase_history.h — keeping the Supabase CLI's own history table (supabase_migrations.schema_migrations:
 * version, statements, name) in step with strata's, for a Supabase project (analysis/platform.h). Without
 * it, `supabase db push` or `supabase migration list` after `strata up` would see nothing applied and run
 * every file again. strata's history stays the truth; this table is written in the same transaction as
 * strata's row, so the two never disagree about what one run did. strata never removes a row from it
 * (Supabase migrations have no down files; the CLI's own rows stay). */
#ifndef STRATA_DB_SUPABASE_HISTORY_H
#define STRATA_DB_SUPABASE_HISTORY_H

#include "strata.h"
#include "project/plan.h"
#include "util/strbuf.h"

/* SQL creating the table when missing, with the columns the Supabase CLI creates and reads. */
void supabase_history_ddl_sql(StrBuf *sb);

/* SQL recording M as applied: its version, its name and its statements' texts (from P, the plan of its up
 * text; NULL records no statements). Nothing for a migration without a version. */
void supabase_history_record_sql(StrBuf *sb, const Migration *m, const MigPlan *p);

#endif
