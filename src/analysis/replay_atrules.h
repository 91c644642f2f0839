/* replay_atrules.h — column rules of ALTER TABLE / ALTER INDEX subcommands the model does not otherwise act
 * on (commands/tablecmds.c): system column names, the columns SET STATISTICS / STORAGE / COMPRESSION /
 * options name, index columns by number. Used by replay only. */
#ifndef STRATA_ANALYSIS_REPLAY_ATRULES_H
#define STRATA_ANALYSIS_REPLAY_ATRULES_H

#include "analysis/replay_int.h"

/* Is NAME a system column of a table (ctid, xmin, cmin, xmax, cmax, tableoid)? */
bool rp_is_system_column(const char *name);

/* check_for_column_name_collision's first rule: a table's column (added or renamed) may not take a system
 * column's name, IF NOT EXISTS or not. Reports "column name ... conflicts with a system column name" at OFF
 * and returns false. */
bool rp_column_name_not_system(ReplayState *st, const char *name, int off);

/* ALTER TABLE T ALTER COLUMN ... SET STATISTICS / SET STORAGE / SET COMPRESSION / SET (...) / RESET (...)
 * (ATExecSetStatistics, ATExecSetStorage, ...): the column exists, is not a system column, and is named
 * (a number only on an index). Reports the first violation; other subcommands pass. */
void rp_at_column_rules(ReplayState *st, CatTable *t, const PgQuery__AlterTableCmd *cmd, int off);

/* A relation (PARTITIONED: a partitioned table or index) placed in tablespace TS, named explicitly (NULL:
 * none): not pg_global ("only shared relations ...", DefineRelation / DefineIndex /
 * CheckRelationTableSpaceMove), and a partitioned one not in the database's default tablespace, taken to be
 * pg_default (as for every database not made WITH TABLESPACE). False after PostgreSQL's error at OFF. */
bool rp_tablespace_ok(ReplayState *st, const char *ts, bool partitioned, int off);
/* CREATE TABLE CS: rp_tablespace_ok for the table and for each key's USING INDEX TABLESPACE. */
bool rp_create_table_tablespaces_ok(ReplayState *st, const PgQuery__CreateStmt *cs);

/* Subcommand I of AS on table (or materialized view) REL, the rules of ATPrepCmd and of what it calls that
 * the model holds nothing for: one SET ACCESS METHOD per statement; CLUSTER ON / SET WITHOUT CLUSTER not on a
 * partitioned table (mark_index_clustered); SET TABLESPACE not to pg_global. False after PostgreSQL's
 * error. */
bool rp_at_prep_rules(ReplayState *st, const CatObject *rel, const PgQuery__AlterTableStmt *as, size_t i,
                      int off);

/* ALTER INDEX / MATERIALIZED VIEW REL ... (the subcommands the model does not act on): on an index, ALTER
 * COLUMN n SET STATISTICS needs column number n to exist and be a key expression (ATExecSetStatistics), and
 * ALTER COLUMN ... SET / RESET (options) is refused (ATSimplePermissions); on a materialized view, SET ACCESS
 * METHOD follows rp_table_am_rules. Reports the first violation. */
void rp_alter_relation_rules(ReplayState *st, CatObject *rel, const PgQuery__AlterTableStmt *as);

/* ADD PRIMARY KEY / UNIQUE USING INDEX IX on T (transformIndexConstraint): IX is T's, backs no constraint, is
 * a unique, total btree index of plain columns, each with default sorting (ascending, default NULLS order,
 * the column's collation). Reports the first violation and returns false. */
bool rp_using_index_rules(ReplayState *st, CatTable *t, CatIndex *ix, int off);

/* DefineIndex: no system column (tableoid included) as a key, an INCLUDE column, in a key expression or the
 * predicate of IS. Reports "index creation on system columns is not supported" and returns false. */
bool rp_index_system_column_rules(ReplayState *st, const PgQuery__IndexStmt *is);

/* A CHECK constraint's expression E reads no system column but tableoid (scanNSItemForColumn,
 * EXPR_KIND_CHECK_CONSTRAINT). Reports the first and returns false. */
bool rp_check_system_column_rules(ReplayState *st, const PgQuery__Node *e);

/* A table's access method AM (CREATE TABLE ... USING, ALTER TABLE ... SET ACCESS METHOD; NULL when none is
 * named): none on a partitioned table (PARTITIONED); heap, or one CREATE ACCESS METHOD ... TYPE TABLE made
 * (an index AM is refused); an unknown name is an error unless an extension or a table AM handler function
 * could have made it. ALTERING picks the partitioned-table message. Reports and returns false. */
bool rp_table_am_rules(ReplayState *st, const char *am, bool partitioned, bool altering, int off);

#endif
