/* replay_col.h — the rules of column definitions, identity and generated columns, sequences' options,
 * storage parameters and persistence (replay_column.c, replay_sequence.c, replay_reloptions.c). Not for use
 * outside src/analysis/replay*.c. */
#ifndef STRATA_ANALYSIS_REPLAY_COL_H
#define STRATA_ANALYSIS_REPLAY_COL_H

#include "strata.h"
#include "analysis/replay_int.h"

/* Is TYPE (catalog text) one a sequence or an identity column can have: smallint, integer or bigint? */
bool rp_seq_type_ok(const char *type);
/* init_params (commands/sequence.c): apply the options OPTS[0..N) of CREATE SEQUENCE (CREATING) or ALTER
 * SEQUENCE to S after PostgreSQL's checks (each option once; AS a sequence type; INCREMENT not zero; MINVALUE
 * and MAXVALUE within the type and ordered; START and RESTART within them; CACHE positive; OWNED BY NONE or
 * table.column, never on an identity sequence unless FOR_IDENTITY). Returns false after an error, S
 * unchanged then. */
bool rp_seq_options(ReplayState *st, CatSequence *s, PgQuery__Node **opts, size_t n, bool creating,
                    bool for_identity) WARN_UNUSED;

/* transformCreateStmt's column checks and DefineRelation's options for CREATE TABLE CS, before anything is
 * made: each column definition (transformColumnDefinition: NULL/NOT NULL, default, identity and generation
 * clauses; identity and generated columns refused on typed tables and partitions; a literal default valid
 * for its type), identity column types, pseudo-type columns (CheckAttributeType), the storage parameters
 * (WITH OIDS, unknown or invalid parameters). False after the first error. */
bool rp_check_create_table(ReplayState *st, const PgQuery__CreateStmt *cs) WARN_UNUSED;
/* CheckAttributeType for a column or attribute NAME of type TYPE (catalog text): false after "column has
 * pseudo-type". */
bool rp_check_column_type(ReplayState *st, const char *name, const char *type, int off) WARN_UNUSED;
/* GetColumnDefCollation: a COLLATE clause on a column (domain) of TYPE (catalog text) needs a collatable
 * type; false after the error for the built-in types known not to be (numbers, booleans, dates and times,
 * uuid, json, bytea, ... and their arrays). */
bool rp_check_collatable(ReplayState *st, const char *type, int off) WARN_UNUSED;
/* The preconditions of ALTER TABLE subcommand CMD on T (tablecmds.c's ATPrep and ATExec functions): ADD
 * COLUMN definitions, SET/DROP DEFAULT on identity and generated columns, DROP NOT NULL on an identity
 * column, ADD/SET/DROP IDENTITY, DROP EXPRESSION, SET LOGGED/UNLOGGED against foreign keys, a whole-row USING
 * recursing to children, storage parameters. False after the error. */
bool rp_check_alter_cmd(ReplayState *st, CatTable *t, const PgQuery__AlterTableCmd *cmd, bool recurse,
                        int off) WARN_UNUSED;

/* ATAddForeignKeyConstraint's checks of foreign key C of T on its columns COLS[0..NCOLS): ON DELETE SET
 * (columns) names some of them; a generated column allows no SET NULL / SET DEFAULT / CASCADE action that
 * would write it. False after the error. */
bool rp_check_fk_columns(ReplayState *st, CatTable *t, const PgQuery__Constraint *c, const char *const *cols,
                         size_t ncols) WARN_UNUSED;
/* An enum label fits NAMEDATALEN-1 bytes (EnumValuesCreate, AddEnumLabel, RenameEnumLabel). */
bool rp_check_enum_label(ReplayState *st, const char *label, int off) WARN_UNUSED;

/* transformCreateSchemaStmt: the relations CREATE SCHEMA NAME makes are in NAME (a different schema is
 * refused) and so cannot be temporary. False after the error. */
bool rp_check_schema_elements(ReplayState *st, const PgQuery__CreateSchemaStmt *cs,
                              const char *name) WARN_UNUSED;

/* Storage parameters (access/common/reloptions.c). */
typedef enum RelOptKind {
	RELOPT_HEAP,        /* a table, a materialized view (and toast.* for them) */
	RELOPT_PARTITIONED, /* a partitioned table: none of its own */
	RELOPT_VIEW,
	RELOPT_INDEX_BTREE,
	RELOPT_INDEX_HASH,
	RELOPT_INDEX_GIST,
	RELOPT_INDEX_SPGIST,
	RELOPT_INDEX_GIN,
	RELOPT_INDEX_BRIN,
	RELOPT_UNKNOWN /* not checked (an extension's index method) */
} RelOptKind;
/* transformRelOptions + the relation kind's validation of OPTS[0..N) (DefElem nodes): a known namespace,
 * known parameter names, values of the parameter's type within bounds, each once. RESET: names only.
 * ACCEPT_OIDS: CREATE TABLE's `oids` (false accepted, true refused). False after the error. */
bool rp_check_reloptions(ReplayState *st, RelOptKind kind, PgQuery__Node *const *opts, size_t n, bool reset,
                         bool accept_oids, int off) WARN_UNUSED;
/* index_opclass_options: the parameters OPTS[0..N) written after built-in operator class OPCLASS of index
 * method AM, parsed as the class's options procedure declares them (gist tsvector_ops: siglen; brin
 * *_bloom_ops: n_distinct_per_range, false_positive_rate; brin *_minmax_multi_ops: values_per_range); a class
 * without one has no options. False after PostgreSQL's error (22023). */
bool rp_check_opclass_options(ReplayState *st, const char *am, const char *opclass,
                              PgQuery__Node *const *opts, size_t n, int off) WARN_UNUSED;
/* DefineIndex's checks of what a built-in index method can do (amcanunique, amcaninclude, amcanmulticol,
 * amcanorder for ASC/DESC and NULLS FIRST/LAST) on IS; an extension's method is not checked. False after
 * PostgreSQL's error (0A000). */
bool rp_index_am_capable(ReplayState *st, const PgQuery__IndexStmt *is) WARN_UNUSED;
/* The kind of index method METHOD (NULL: btree). */
RelOptKind rp_index_reloptkind(const char *method);
/* ALTER TABLE/VIEW/INDEX/MATERIALIZED VIEW ... SET/RESET (...) on relation O: its options checked for O's
 * kind. False after the error. */
bool rp_check_alter_reloptions(ReplayState *st, const PgQuery__AlterTableStmt *as,
                               const CatObject *o) WARN_UNUSED;

/* The storage parameters of view V that the catalog keeps (check_option), from CREATE VIEW's WITH (...) or
 * ALTER VIEW ... SET / RESET (RESET), already checked. */
void rp_view_options_apply(ReplayState *st, CatView *v, PgQuery__Node *const *opts, size_t n, bool reset);
/* rp_view_options_apply for the SET/RESET subcommands of ALTER VIEW AS on O (a view; others are left). */
void rp_alter_view_options(ReplayState *st, const PgQuery__AlterTableStmt *as, CatObject *o);

#endif
