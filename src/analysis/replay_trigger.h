/* replay_trigger.h — CREATE TRIGGER's rules and the names of the row triggers partitions inherit
 * (commands/trigger.c, CloneRowTriggersToPartition). Used by replay only. */
#ifndef STRATA_ANALYSIS_REPLAY_TRIGGER_H
#define STRATA_ANALYSIS_REPLAY_TRIGGER_H

#include "analysis/replay_int.h"

/* CreateTriggerFiringOn's checks of TS on REL before any name lookup: relation kind (tables take no
 * INSTEAD OF, views no row BEFORE/AFTER nor TRUNCATE, other kinds none), INSTEAD OF (row, no WHEN, no
 * columns), transition tables, OLD/NEW in WHEN, UPDATE OF columns. Reports the first violation and returns
 * false; true when none. */
bool rp_trigger_rules(ReplayState *st, const PgQuery__CreateTrigStmt *ts, CatObject *rel);

/* The row trigger NAME of a proper ancestor of T (PARTITION OF chain), which PostgreSQL clones to T; NULL
 * when there is none. */
CatTrigger *rp_trigger_clone_source(CatTable *t, const char *name);

/* The name rules of CREATE [OR REPLACE] TRIGGER TS on REL: a duplicate (own trigger or clone) without OR
 * REPLACE, replacing a clone or a constraint trigger, and for a row trigger on a partitioned table the same
 * on every partition below (OR REPLACE drops their own triggers of that name, which become clones). *OLD is
 * REL's own trigger of that name (to be replaced) or NULL. Returns false after reporting an error. */
bool rp_trigger_name_check(ReplayState *st, const PgQuery__CreateTrigStmt *ts, CatObject *rel,
                           CatTrigger **old);

/* ATTACH PARTITION PART to PARENT: no row trigger with transition tables on PART, no trigger of PART (or its
 * partitions) named as a row trigger PARENT clones. Returns false after reporting an error. */
bool rp_trigger_attach_check(ReplayState *st, CatTable *parent, CatTable *part, int off);

/* ALTER TABLE CHILD INHERIT: no row trigger with transition tables on CHILD. */
bool rp_trigger_inherit_check(ReplayState *st, CatTable *child, int off);

/* ALTER TRIGGER TG ON REL RENAME TO NEWNAME (renametrig): the new name is free on REL and, for a row
 * trigger of a partitioned table, on every partition below. Returns false after reporting an error. */
bool rp_trigger_rename_check(ReplayState *st, CatObject *rel, CatTrigger *tg, const char *newname, int off);

#endif
