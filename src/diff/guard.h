/* guard.h — a diff made safe to run where it is not needed: every statement rewritten so that it brings a
 * database to the wanted state whether it is the drifted one the diff was computed from or one that is
 * already there (a fresh database built by the migrations). `drift --fix` writes its migration this way: the
 * fix runs on every database that later applies the folder, and only the drifted one changes. */
#ifndef STRATA_DIFF_GUARD_H
#define STRATA_DIFF_GUARD_H

#include "strata.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* Rewrite the statements of SQL (as diff_catalogs writes them) into OUT, each ';'-terminated on its own
 * line(s), as PostgreSQL's parser reads them:
 *   CREATE TABLE / INDEX / SEQUENCE / SCHEMA / EXTENSION / MATERIALIZED VIEW → ... IF NOT EXISTS;
 *   CREATE VIEW / FUNCTION / TRIGGER → CREATE OR REPLACE (a constraint trigger: DROP ... IF EXISTS first);
 *   DROP ... → DROP ... IF EXISTS; ALTER TABLE ADD / DROP COLUMN, DROP CONSTRAINT, DROP IDENTITY → IF
 *   [NOT] EXISTS; ALTER TABLE ADD CONSTRAINT and CREATE POLICY → the same name dropped IF EXISTS first;
 *   ALTER TYPE ADD VALUE → IF NOT EXISTS; what sets a value (types, defaults, NOT NULL, comments) as is.
 * Statements with no guarded form (CREATE TYPE, ADD GENERATED AS IDENTITY) are kept as they are: the
 * caller's proof on a database already in the wanted state finds them. Returns 0, or -1 when SQL does not
 * parse (error in DL). */
int diff_guard(const char *sql, StrBuf *out, DiagList *dl) WARN_UNUSED;

#endif
