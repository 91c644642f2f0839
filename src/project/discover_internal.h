/* discover_internal.h — the pieces of migration discovery shared between src/project/ files and the unit
 * tests: version compare helpers, section splitting, placeholder filling, checksums. Not for other modules.
 */
#ifndef STRATA_PROJECT_DISCOVER_INTERNAL_H
#define STRATA_PROJECT_DISCOVER_INTERNAL_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"

/* Compare two unsigned decimal digit strings by value (any length, leading zeros ignored): <0, 0, >0. */
int mig_cmp_decimal(const char *a, size_t alen, const char *b, size_t blen);

/* True when TEXT holds no statement: only whitespace and SQL comments. */
bool mig_text_is_empty(const char *text);

/* Split a sectioned file (dbmate "-- migrate:up/down", goose "-- +goose Up/Down") of format F.
 * TEXT is NUL-terminated. On success returns 0, *UP is a malloc'd copy of TEXT of the same length where
 * every byte outside the up section is a space (newlines kept), *DOWN likewise for the down section or
 * NULL when the file has no down marker, and *NO_TX is set from the flags (dbmate transaction:false,
 * goose NO TRANSACTION). Returns -1 with an error (file:line:col) when the file has no up marker or the
 * markers are out of order; *UP and *DOWN are then NULL. */
int mig_split_sections(MigFormat f, const char *text, const char *path, char **up, char **down, bool *no_tx,
                       DiagList *dl) WARN_UNUSED;

/* Fill placeholders in *TEXT (NUL-terminated, malloc'd; replaced in place when anything is substituted).
 * Flyway ${name} is recognised only for FMT_FLYWAY files and Go-template {{ ... }} only for
 * FMT_GOLANG_MIGRATE (pop/GoTrue), the tools that render them. Values come from VARS; Flyway's built-in
 * ${flyway:filename} is the file's base name. Returns 0, or -1 after adding one error per unfilled or
 * unsupported placeholder with its file:line:col in the original text.
 * Location limit: lines stay exact (unless a value holds a newline); on a line holding a placeholder,
 * columns after it shift by the length difference between the placeholder and its value. */
int mig_fill_placeholders(MigFormat f, const char *path, char **text, const MigVar *vars, size_t n_vars,
                          DiagList *dl) WARN_UNUSED;

/* Lowercase hex SHA-256 of A (ALEN bytes), followed — when B is not NULL — by one NUL byte and B (BLEN
 * bytes). Migration text never holds NUL (sql_check_text), so the separator keeps "up|down" unambiguous. */
void mig_checksum(const char *a, size_t alen, const char *b, size_t blen, char out[65]);

#endif
