/* adopt.h — `strata baseline --from TOOL`: adopt exactly the migrations another tool recorded as applied
 * (db/foreign_history.h), verified as `baseline` verifies, into strata's history. */
#ifndef STRATA_EXEC_ADOPT_H
#define STRATA_EXEC_ADOPT_H

#include "strata.h"
#include "exec/apply.h"
#include "project/foreign_tools.h"

/* Read TOOL's history (in SCHEMA, or where the tool keeps it), match it to SET and record those
 * migrations as applied (mode baseline) after verifying (VERIFY) that the database has what they create.
 * Refuses, recording nothing, when the tool recorded a migration no file stands for, when it recorded one
 * as unfinished (golang-migrate dirty, a failed Flyway row), or when it recorded none. */
ApplyResult apply_baseline_from(PGconn *conn, const MigrationSet *set, ForeignTool tool, const char *schema,
                                bool verify, const ApplyOptions *o, DiagList *dl) WARN_UNUSED;

#endif
