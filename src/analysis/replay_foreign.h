/* replay_foreign.h — foreign tables (which the model does not hold as relations): the modelled tables they
 * are partitions or inheritance children of, and PostgreSQL's refusals involving them (replay_foreign.c). */
#ifndef STRATA_ANALYSIS_REPLAY_FOREIGN_H
#define STRATA_ANALYSIS_REPLAY_FOREIGN_H

#include "analysis/replay_int.h"

/* CREATE FOREIGN TABLE CS at OFF: PARTITION OF a modelled table (not a temporary one, MergeAttributes; not a
 * partitioned table with a unique index, DefineRelation) is recorded as its foreign partition, INHERITS
 * as a foreign child of each modelled parent. False with PostgreSQL's error (42809) reported. */
bool rp_foreign_create(ReplayState *st, const PgQuery__CreateStmt *cs, int off);
/* DROP FOREIGN TABLE NAME / its rename to NEWNAME: the record follows. */
void rp_foreign_forget(ReplayState *st, const char *name);
void rp_foreign_rename(ReplayState *st, const char *old, const char *newname);
/* CREATE INDEX on a foreign table (DefineIndex: "cannot create index on relation"). False after the error. */
bool rp_foreign_index_ok(ReplayState *st, const PgQuery__IndexStmt *is);
/* A unique index or key on partitioned table T with a foreign partition (at any depth; DefineIndex's
 * recursion). False after the error at OFF. */
bool rp_foreign_unique_ok(ReplayState *st, CatTable *t, int off);
/* CREATE TRIGGER on a foreign table: no INSTEAD OF, constraint trigger or transition tables
 * (CreateTriggerFiringOn). False after the error. */
bool rp_foreign_trigger_ok(ReplayState *st, const PgQuery__CreateTrigStmt *ts);
/* ALTER TABLE PARENT ATTACH (ATTACH true) / DETACH PARTITION PC of a foreign table: attached, not to a
 * temporary table nor one with unique indexes (ATExecAttachPartition, AttachPartitionEnsureIndexes);
 * recorded. False after the error at OFF; true (nothing done) when PC is no foreign table. */
bool rp_foreign_attach(ReplayState *st, CatTable *parent, const PgQuery__PartitionCmd *pc, bool attach,
                       int off);
/* ALTER [FOREIGN] TABLE AS on a foreign table: no column added to a foreign partition, nor NOT NULL dropped
 * from a column NOT NULL in its parent; INHERIT / NO
 * INHERIT of a modelled parent recorded. False after the error. */
bool rp_foreign_alter(ReplayState *st, const PgQuery__AlterTableStmt *as);
/* ALTER TABLE T ALTER COLUMN ... TYPE ... USING, recursing: a foreign child (of T or a descendant) cannot
 * take a USING expression (ATPrepAlterColumnType: "is not a table"). False after the error at OFF. */
bool rp_foreign_retype_ok(ReplayState *st, CatTable *t, int off);

#endif
