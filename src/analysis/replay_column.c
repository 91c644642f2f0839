/* replay_column.c — the rules of column definitions (parser/parse_utilcmd.c transformColumnDefinition,
 * catalog/heap.c CheckAttributeType) and of ALTER TABLE's column subcommands on identity and generated
 * columns and on persistence (commands/tablecmds.c), checked before the model changes. */
#include "analysis/replay_col.h"
#include "catalog/builtins.h"
#include "analysis/replay_inherit.h"
#include "analysis/replay_atrules.h"

#include <ctype.h>
#include <errno.h>
#include <strings.h>

#include "sql/walk.h"

bool rp_parse_bool_text(const char *v); /* replay_reloptions.c */

/* ---- literal defaults ---- */

static bool all_digits(const char *p, const char **end)
{
	const char *q = p;
	while (isdigit((unsigned char)*q))
		q++;
	*end = q;
	return q > p;
}

/* int2in/int4in/int8in of V: NULL when valid, else the SQLSTATE of the error (*RANGE: out of range). */
static bool int_text_ok(const char *v, int64_t lo, int64_t hi, bool *range)
{
	*range = false;
	const char *p = v;
	while (isspace((unsigned char)*p))
		p++;
	const char *digits = p;
	if (*p == '+' || *p == '-')
		digits = p + 1;
	const char *end;
	if (!all_digits(digits, &end))
		return false;
	const char *q = end;
	while (isspace((unsigned char)*q))
		q++;
	if (*q)
		return false;
	errno = 0;
	long long x = strtoll(p, NULL, 10);
	if (errno == ERANGE || x < lo || x > hi) {
		*range = true;
		return false;
	}
	return true;
}

/* numeric_in / float8in of V, leniently: a decimal number, or NaN / Infinity in their spellings. */
static bool number_text_ok(const char *v)
{
	const char *p = v;
	while (isspace((unsigned char)*p))
		p++;
	const char *s = p;
	if (*s == '+' || *s == '-')
		s++;
	static const char *const words[] = {"nan", "infinity", "inf"};
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		size_t n = strlen(words[i]);
		if (!strncasecmp(s, words[i], n)) {
			const char *q = s + n;
			while (isspace((unsigned char)*q))
				q++;
			if (!*q)
				return true;
		}
	}
	const char *e;
	bool whole = all_digits(s, &e);
	if (*e == '.') {
		const char *f;
		bool frac = all_digits(e + 1, &f);
		if (!whole && !frac)
			return false;
		e = f;
	} else if (!whole)
		return false;
	if (*e == 'e' || *e == 'E') {
		const char *x = e + 1;
		if (*x == '+' || *x == '-')
			x++;
		if (!all_digits(x, &e))
			return false;
	}
	while (isspace((unsigned char)*e))
		e++;
	return !*e;
}

/* uuid_in, leniently: 32 hexadecimal digits, hyphens and braces around them ignored. */
static bool uuid_text_ok(const char *v)
{
	int hex = 0;
	for (const char *p = v; *p; p++) {
		if (isxdigit((unsigned char)*p))
			hex++;
		else if (*p != '-' && *p != '{' && *p != '}')
			return false;
	}
	return hex == 32;
}

/* A string literal V given to a column of TYPE (catalog text) as its default: the type's input function
 * accepts it. Checked for the common built-in types whose input the model knows (integers, numeric, floats,
 * boolean, uuid); true for every other type. False after PostgreSQL's error. */
static bool literal_fits(ReplayState *st, const char *v, const char *type, int off)
{
	const CatObject *uo = catalog_find(st->cat, OBJ_TYPE, type);
	const CatType *ut = uo ? (const CatType *)uo : NULL;
	while (ut && ut->type_kind == TYPE_DOMAIN && ut->base_type) { /* a domain: its base type's input */
		uo = catalog_find(st->cat, OBJ_TYPE, ut->base_type);
		ut = uo ? (const CatType *)uo : NULL;
	}
	if (ut && ut->type_kind == TYPE_ENUM) {
		ExprEnumUse use = expr_enum_use(ut, v, &st->new_enum_labels);
		if (use == ENUM_USE_UNDEFINED)
			rp_error_state(st, "undefined-enum-value", "22P02", off,
			               "invalid input value for enum %s: \"%s\"", ut->h.name, v);
		else if (use == ENUM_USE_UNSAFE) {
			Diag *d =
			    rp_error_state(st, "unsafe-new-enum-value", "55P04", off,
			                   "unsafe use of new value \"%s\" of enum type %s", v, ut->h.name);
			if (d)
				diag_set_hint(d, "%s", EXPR_ENUM_UNSAFE_HINT);
		}
		return use == ENUM_USE_OK;
	}
	static const struct {
		const char *type;
		int64_t lo, hi;
	} ints[] = {{"smallint", INT16_MIN, INT16_MAX},
	            {"integer", INT32_MIN, INT32_MAX},
	            {"bigint", INT64_MIN, INT64_MAX}};
	for (size_t i = 0; i < ARRAY_LEN(ints); i++) {
		if (strcmp(type, ints[i].type))
			continue;
		bool range;
		if (int_text_ok(v, ints[i].lo, ints[i].hi, &range))
			return true;
		if (range)
			rp_error_state(st, "numeric-value-out-of-range", "22003", off,
			               "value \"%s\" is out of range for type %s", v, type);
		else
			rp_error_state(st, "invalid-text-representation", "22P02", off,
			               "invalid input syntax for type %s: \"%s\"", type, v);
		return false;
	}
	bool ok = true;
	const char *shown = type;
	if (!strcmp(type, "numeric") || !strncmp(type, "numeric(", 8)) {
		ok = number_text_ok(v);
		shown = "numeric";
	} else if (!strcmp(type, "double precision") || !strcmp(type, "real"))
		ok = number_text_ok(v);
	else if (!strcmp(type, "boolean")) {
		const char *p = v;
		while (isspace((unsigned char)*p))
			p++;
		char buf[16];
		size_t n = strlen(p);
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		ok = n < sizeof buf;
		if (ok) {
			memcpy(buf, p, n);
			buf[n] = 0;
			ok = rp_parse_bool_text(buf);
		}
	} else if (!strcmp(type, "uuid"))
		ok = uuid_text_ok(v);
	if (!ok)
		rp_error_state(st, "invalid-text-representation", "22P02", off,
		               "invalid input syntax for type %s: \"%s\"", shown, v);
	return ok;
}

/* A default expression E that is a bare string literal: its text, else NULL. */
static const char *string_literal(const PgQuery__Node *e)
{
	if (!e || e->node_case != PG_QUERY__NODE__NODE_A_CONST || e->a_const->isnull ||
	    e->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || !e->a_const->sval)
		return NULL;
	return e->a_const->sval->sval;
}

/* ---- column definitions ---- */

bool rp_check_column_type(ReplayState *st, const char *name, const char *type, int off)
{
	if (type && pgb_is_pseudo_type(type)) {
		rp_error_state(st, "invalid-table-definition", "42P16", off,
		               "column \"%s\" has pseudo-type %s", name, type);
		return false;
	}
	return true;
}

bool rp_check_collatable(ReplayState *st, const char *type, int off)
{
	static const char *const plain[] = {"smallint",
	                                    "integer",
	                                    "bigint",
	                                    "numeric",
	                                    "real",
	                                    "double precision",
	                                    "boolean",
	                                    "date",
	                                    "time",
	                                    "timetz",
	                                    "timestamp",
	                                    "timestamptz",
	                                    "interval",
	                                    "uuid",
	                                    "json",
	                                    "jsonb",
	                                    "bytea",
	                                    "money",
	                                    "oid",
	                                    "inet",
	                                    "cidr",
	                                    "macaddr",
	                                    "macaddr8",
	                                    "point",
	                                    "tsvector",
	                                    "time without time zone",
	                                    "time with time zone",
	                                    "timestamp without time zone",
	                                    "timestamp with time zone"};
	if (!type)
		return true;
	/* the type without its modifier and array brackets: integer[], numeric(10,2), timestamp(3) ... */
	char base[64];
	size_t n = strcspn(type, "([");
	if (n >= sizeof base)
		return true;
	memcpy(base, type, n);
	base[n] = 0;
	const char *rest = type + n;
	if (*rest == '(') { /* time(3) with time zone: the words after the modifier belong to the name */
		const char *close = strchr(rest, ')');
		if (close && !strncmp(close + 1, " with", 5)) {
			size_t m = strcspn(close + 1, "[");
			if (n + m < sizeof base) {
				memcpy(base + n, close + 1, m);
				base[n + m] = 0;
			}
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(plain); i++)
		if (!strcmp(base, plain[i])) {
			rp_error_state(st, "datatype-mismatch", "42804", off,
			               "collations are not supported by type %s", type);
			return false;
		}
	return true;
}

/* The serial type a column's type name spells (smallserial, serial, bigserial and their aliases), as the
 * integer type it becomes; NULL when none. */
static const char *serial_type(const PgQuery__TypeName *tn)
{
	if (!tn || tn->n_names != 1 || tn->pct_type)
		return NULL;
	const char *n = rp_str(tn->names[0]);
	if (!n)
		return NULL;
	if (!strcmp(n, "smallserial") || !strcmp(n, "serial2"))
		return "smallint";
	if (!strcmp(n, "serial") || !strcmp(n, "serial4"))
		return "integer";
	if (!strcmp(n, "bigserial") || !strcmp(n, "serial8"))
		return "bigint";
	return NULL;
}

/* The column's type as catalog text (serial types as their integer type), NULL when the model cannot tell
 * (no type given, or a type it does not know: other code reports an undefined one). */
static const char *column_type(ReplayState *st, const PgQuery__ColumnDef *cd)
{
	const char *serial = serial_type(cd->type_name);
	if (serial)
		return serial;
	if (!cd->type_name || !rp_type_known(st, cd->type_name))
		return NULL;
	st->lenient++;
	const char *t = rp_type(st, cd->type_name, NULL);
	st->lenient--;
	diag_list_release(&st->scratch);
	return t;
}

/* transformColumnDefinition's checks of CD of relation RELNAME (OF_TYPE: a typed table's WITH OPTIONS;
 * PARTITION: a partition's). *IDENTITY is set when the column is an identity column. */
static bool check_column_def(ReplayState *st, const char *relname, const PgQuery__ColumnDef *cd, bool of_type,
                             bool partition, bool *identity)
{
	*identity = false;
	bool serial = serial_type(cd->type_name) != NULL;
	if (serial && cd->type_name->n_array_bounds) {
		rp_error_state(st, "feature-not-supported", "0A000", cd->type_name->location,
		               "array of serial is not implemented");
		return false;
	}
	bool saw_nullable = false, not_null = false, saw_default = false, saw_identity = false,
	     saw_generated = false;
	/* a serial column's DEFAULT nextval(...) and NOT NULL come after the written constraints */
	size_t n = cd->n_constraints + (serial ? 2 : 0);
	for (size_t i = 0; i < n; i++) {
		PgQuery__ConstrType ct;
		const PgQuery__Constraint *c = NULL;
		int loc = cd->location;
		if (i < cd->n_constraints) {
			if (cd->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
				continue;
			c = cd->constraints[i]->constraint;
			ct = c->contype;
			loc = c->location;
		} else
			ct = i == cd->n_constraints ? PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT
			                            : PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
		const char *conflict =
		    "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"";
		switch (ct) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: {
			bool nn = ct == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
			if (saw_nullable && not_null != nn) {
				rp_error_state(st, "syntax-error", "42601", loc, conflict, cd->colname,
				               relname);
				return false;
			}
			not_null = nn;
			saw_nullable = true;
			break;
		}
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			if (saw_default) {
				rp_error_state(
				    st, "syntax-error", "42601", loc,
				    "multiple default values specified for column \"%s\" of table \"%s\"",
				    cd->colname, relname);
				return false;
			}
			saw_default = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			if (of_type || partition) {
				rp_error_state(st, "feature-not-supported", "0A000", loc,
				               of_type ? "identity columns are not supported on typed tables"
				                       : "identity columns are not supported on partitions");
				return false;
			}
			if (saw_identity) {
				rp_error_state(
				    st, "syntax-error", "42601", loc,
				    "multiple identity specifications for column \"%s\" of table \"%s\"",
				    cd->colname, relname);
				return false;
			}
			saw_identity = true;
			if (saw_nullable && !not_null) {
				rp_error_state(st, "syntax-error", "42601", loc, conflict, cd->colname,
				               relname);
				return false;
			}
			not_null = saw_nullable = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			if (of_type || partition) {
				rp_error_state(st, "feature-not-supported", "0A000", loc,
				               of_type ? "generated columns are not supported on typed tables"
				                       : "generated columns are not supported on partitions");
				return false;
			}
			if (saw_generated) {
				rp_error_state(
				    st, "syntax-error", "42601", loc,
				    "multiple generation clauses specified for column \"%s\" of table \"%s\"",
				    cd->colname, relname);
				return false;
			}
			saw_generated = true;
			break;
		default:
			break;
		}
		const char *both =
		    saw_default && saw_identity
		        ? "both default and identity specified for column \"%s\" of table \"%s\""
		    : saw_default && saw_generated
		        ? "both default and generation expression specified for column \"%s\" of "
		          "table \"%s\""
		    : saw_identity && saw_generated
		        ? "both identity and generation expression specified for column \"%s\" of "
		          "table \"%s\""
		        : NULL;
		if (both) {
			rp_error_state(st, "syntax-error", "42601", loc, both, cd->colname, relname);
			return false;
		}
	}
	*identity = saw_identity;
	return true;
}

/* The checks of one column definition made after parse analysis: an identity column's type (its sequence's
 * AS), a literal default valid for the type, not a pseudo-type. */
static bool check_column_later(ReplayState *st, const PgQuery__ColumnDef *cd, bool identity)
{
	const char *type = column_type(st, cd);
	if (!type)
		return true;
	if (identity && !rp_seq_type_ok(type)) {
		rp_error_state(st, "invalid-parameter-value", "22023", cd->location,
		               "identity column type must be smallint, integer, or bigint");
		return false;
	}
	const PgQuery__Node *def = cd->raw_default;
	for (size_t i = 0; !def && i < cd->n_constraints; i++)
		if (cd->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
		    cd->constraints[i]->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
			def = cd->constraints[i]->constraint->raw_expr;
	if (cd->coll_clause && !rp_check_collatable(st, type, cd->coll_clause->location))
		return false;
	const char *lit = string_literal(def);
	if (lit && !literal_fits(st, lit, type, def->a_const->location))
		return false;
	return rp_check_column_type(st, cd->colname, type,
	                            cd->type_name ? cd->type_name->location : cd->location) &&
	       rp_inh_compression_ok(st, type, cd->compression && cd->compression[0] ? cd->compression : NULL,
	                             cd->location);
}

bool rp_check_create_table(ReplayState *st, const PgQuery__CreateStmt *cs)
{
	const char *relname = cs->relation->relname;
	bool of_type = cs->of_typename != NULL, partition = cs->partbound != NULL;
	size_t n = cs->n_table_elts;
	bool *identity = xcalloc(n + 1, sizeof *identity);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		if (cs->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			ok = check_column_def(st, relname, cs->table_elts[i]->column_def, of_type, partition,
			                      &identity[i]);
	for (size_t i = 0; ok && i < n; i++)
		if (cs->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			ok = check_column_later(st, cs->table_elts[i]->column_def, identity[i]);
	free(identity);
	if (!ok)
		return false;
	RelOptKind kind = cs->partspec ? RELOPT_PARTITIONED : RELOPT_HEAP;
	return rp_check_reloptions(st, kind, cs->options, cs->n_options, false, true,
	                           cs->relation->location) &&
	       rp_create_table_tablespaces_ok(st, cs);
}

/* ---- ALTER TABLE subcommands ---- */

typedef struct WholeRow {
	const char *relname;
	const CatTable *t;
	int location;
} WholeRow;

static void whole_row_cb(void *ud, const PgQuery__Node *n)
{
	WholeRow *w = ud;
	if (w->location >= 0 || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return;
	const PgQuery__ColumnRef *cr = n->column_ref;
	if (cr->n_fields == 1) {
		const char *name = rp_str(cr->fields[0]);
		if (name && !strcmp(name, w->relname) && !table_find_column((CatTable *)w->t, name))
			w->location = cr->location;
	} else if (cr->n_fields == 2 && cr->fields[1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
		const char *name = rp_str(cr->fields[0]);
		if (name && !strcmp(name, w->relname))
			w->location = cr->location;
	}
}

/* ATPrepChangePersistence: the foreign keys between T and other tables keep permanent tables off unlogged
 * ones. */
static bool check_persistence(ReplayState *st, CatTable *t, bool to_logged, int off)
{
	if (rp_is_temp_schema(t->h.schema)) {
		rp_error_state(st, "invalid-table-definition", "42P16", off,
		               "cannot change logged status of table \"%s\" because it is temporary",
		               t->h.name);
		return false;
	}
	if (to_logged != t->unlogged)
		return true; /* nothing to do */
	if (to_logged) {
		for (size_t i = 0; i < t->constraints.n; i++) {
			CatConstraint *k = t->constraints.items[i];
			if (k->contype != CON_FOREIGN || !k->ref_table || k->ref_table == t ||
			    !k->ref_table->unlogged)
				continue;
			rp_error_state(
			    st, "invalid-table-definition", "42P16", off,
			    "could not change table \"%s\" to logged because it references unlogged table "
			    "\"%s\"",
			    t->h.name, k->ref_table->h.name);
			return false;
		}
		return true;
	}
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *o = t->h.rdeps.items[i];
		if (o->dropped || o->kind != OBJ_CONSTRAINT)
			continue;
		CatConstraint *k = (CatConstraint *)o;
		CatTable *from = (CatTable *)k->h.owner;
		if (k->contype != CON_FOREIGN || k->ref_table != t || !from || from == t || from->unlogged ||
		    rp_is_temp_schema(from->h.schema))
			continue;
		rp_error_state(
		    st, "invalid-table-definition", "42P16", off,
		    "could not change table \"%s\" to unlogged because it references logged table \"%s\"",
		    t->h.name, from->h.name);
		return false;
	}
	return true;
}

/* ATExecReplicaIdentity: REPLICA IDENTITY USING INDEX NAME needs a unique, immediate, non-partial index of T
 * over NOT NULL columns only. */
static bool check_replica_index(ReplayState *st, CatTable *t, const char *name, int off)
{
	CatObject *o = catalog_find_relation(st->cat, t->h.schema, name);
	if (!o || o->kind != OBJ_INDEX) {
		rp_error_state(st, "undefined-object", "42704", off,
		               "index \"%s\" for table \"%s\" does not exist", name, t->h.name);
		return false;
	}
	CatIndex *ix = (CatIndex *)o;
	const char *why = NULL, *state = "42809";
	if (ix->h.owner != &t->h) {
		rp_error_state(st, "wrong-object-type", state, off, "\"%s\" is not an index for table \"%s\"",
		               name, t->h.name);
		return false;
	}
	bool expr = false;
	for (size_t i = 0; i < ix->nkeys; i++)
		expr |= ix->keys[i].column == NULL;
	if (!ix->unique) {
		why = "cannot use non-unique index \"%s\" as replica identity";
	} else if (ix->constraint && ix->constraint->deferrable) {
		why = "cannot use non-immediate index \"%s\" as replica identity";
		state = "0A000";
	} else if (expr) {
		why = "cannot use expression index \"%s\" as replica identity";
		state = "0A000";
	} else if (ix->predicate) {
		why = "cannot use partial index \"%s\" as replica identity";
		state = "0A000";
	}
	if (why) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-replica-identity", off, why, name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "%s", state);
		return false;
	}
	for (size_t i = 0; i < ix->nkeys; i++) {
		CatColumn *c = table_find_column(t, ix->keys[i].column);
		if (c && !c->not_null) {
			rp_error_state(st, "invalid-replica-identity", "42809", off,
			               "index \"%s\" cannot be used as replica identity because column "
			               "\"%s\" is nullable",
			               name, c->name);
			return false;
		}
	}
	return true;
}

bool rp_check_alter_cmd(ReplayState *st, CatTable *t, const PgQuery__AlterTableCmd *cmd, bool recurse,
                        int off)
{
	const char *rel = t->h.name;
	CatColumn *c = cmd->name ? table_find_column(t, cmd->name) : NULL;
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse: {
		if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return true;
		const PgQuery__ColumnDef *cd = cmd->def->column_def;
		if (cmd->missing_ok && table_find_column(t, cd->colname))
			return true; /* IF NOT EXISTS: skipped */
		bool identity;
		if (!check_column_def(st, rel, cd, false, false, &identity) ||
		    !check_column_later(st, cd, identity))
			return false;
		if (identity && recurse) {
			PtrList kids = {0};
			rp_children_of(st, t, &kids);
			if (kids.n) {
				rp_error_state(
				    st, "invalid-table-definition", "42P16", off,
				    "cannot recursively add identity column to table that has child tables");
				return false;
			}
		}
		return true;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		if (!c)
			return true;
		if (c->identity) {
			Diag *d = rp_error_state(st, "syntax-error", "42601", off,
			                         "column \"%s\" of relation \"%s\" is an identity column",
			                         c->name, rel);
			if (!cmd->def)
				diag_set_hint(d,
				              "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
			return false;
		}
		if (c->generated) {
			Diag *d = rp_error_state(st, "syntax-error", "42601", off,
			                         "column \"%s\" of relation \"%s\" is a generated column",
			                         c->name, rel);
			if (!cmd->def)
				diag_set_hint(
				    d, "Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.");
			return false;
		}
		if (cmd->def && string_literal(cmd->def) &&
		    !literal_fits(st, string_literal(cmd->def), c->type, cmd->def->a_const->location))
			return false;
		return true;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		if (c && c->identity) {
			rp_error_state(st, "syntax-error", "42601", off,
			               "column \"%s\" of relation \"%s\" is an identity column", c->name,
			               rel);
			return false;
		}
		return true;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
		if (!c)
			return true;
		if (!c->type_unknown && c->type && strcmp(c->type, "?") && !rp_seq_type_ok(c->type)) {
			rp_error_state(st, "invalid-parameter-value", "22023", off,
			               "identity column type must be smallint, integer, or bigint");
			return false;
		}
		if (!c->not_null) {
			rp_error_state(
			    st, "object-not-in-prerequisite-state", "55000", off,
			    "column \"%s\" of relation \"%s\" must be declared NOT NULL before identity can "
			    "be added",
			    c->name, rel);
			return false;
		}
		if (c->identity) {
			rp_error_state(st, "object-not-in-prerequisite-state", "55000", off,
			               "column \"%s\" of relation \"%s\" is already an identity column",
			               c->name, rel);
			return false;
		}
		if (c->default_expr || c->generated) {
			rp_error_state(st, "object-not-in-prerequisite-state", "55000", off,
			               "column \"%s\" of relation \"%s\" already has a default value",
			               c->name, rel);
			return false;
		}
		return true;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
		if (c && !c->identity &&
		    !(cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity && cmd->missing_ok)) {
			rp_error_state(st, "object-not-in-prerequisite-state", "55000", off,
			               "column \"%s\" of relation \"%s\" is not an identity column", c->name,
			               rel);
			return false;
		}
		return true;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
		if (!c)
			return true;
		PtrList kids = {0};
		rp_children_of(st, t, &kids);
		if (!recurse && kids.n) {
			rp_error_state(st, "feature-not-supported", "0A000", off,
			               "ALTER TABLE / DROP EXPRESSION must be applied to child tables too");
			return false;
		}
		if (c->inhcount > 0) {
			rp_error_state(st, "invalid-table-definition", "42P16", off,
			               "cannot drop generation expression from inherited column");
			return false;
		}
		if (!c->generated && !cmd->missing_ok) {
			rp_error_state(st, "object-not-in-prerequisite-state", "55000", off,
			               "column \"%s\" of relation \"%s\" is not a stored generated column",
			               c->name, rel);
			return false;
		}
		return true;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
		if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
		    cmd->def->column_def->coll_clause && cmd->def->column_def->type_name &&
		    !rp_check_collatable(st, column_type(st, cmd->def->column_def),
		                         cmd->def->column_def->coll_clause->location))
			return false;
		if (!recurse || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF ||
		    !cmd->def->column_def->raw_default)
			return true;
		PtrList kids = {0};
		rp_children_of(st, t, &kids);
		if (!kids.n)
			return true;
		WholeRow w = {rel, t, -1};
		sql_walk_nodes(cmd->def->column_def->raw_default, whole_row_cb, &w);
		if (w.location < 0)
			return true;
		Diag *d = rp_error_state(st, "feature-not-supported", "0A000", w.location,
		                         "cannot convert whole-row table reference");
		diag_set_detail(d, "USING expression contains a whole-row table reference.");
		return false;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity: {
		const PgQuery__ReplicaIdentityStmt *ri =
		    cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT
		        ? cmd->def->replica_identity_stmt
		        : NULL;
		if (!ri || !ri->identity_type || ri->identity_type[0] != 'i' || !ri->name)
			return true;
		return check_replica_index(st, t, ri->name, off);
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		return check_persistence(st, t, cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged,
		                         off);
	default:
		return true;
	}
}

/* ---- foreign keys, enum labels ---- */

bool rp_check_fk_columns(ReplayState *st, CatTable *t, const PgQuery__Constraint *c, const char *const *cols,
                         size_t ncols)
{
	for (size_t i = 0; i < c->n_fk_del_set_cols; i++) {
		const char *sc = rp_str(c->fk_del_set_cols[i]);
		if (!sc)
			continue;
		if (!table_find_column(t, sc)) {
			rp_error_state(st, "undefined-column", "42703", c->location,
			               "column \"%s\" referenced in foreign key constraint does not exist",
			               sc);
			return false;
		}
		bool seen = false;
		for (size_t j = 0; j < ncols && !seen; j++)
			seen = cols[j] && !strcmp(cols[j], sc);
		if (!seen) {
			rp_error_state(
			    st, "invalid-column-reference", "42P10", c->location,
			    "column \"%s\" referenced in ON DELETE SET action must be part of foreign key",
			    sc);
			return false;
		}
	}
	for (size_t i = 0; i < ncols; i++) {
		CatColumn *col = cols[i] ? table_find_column(t, cols[i]) : NULL;
		if (!col || !col->generated)
			continue;
		const char *u = c->fk_upd_action, *d = c->fk_del_action;
		const char *bad = u && (u[0] == 'n' || u[0] == 'd' || u[0] == 'c') ? "ON UPDATE"
		                  : d && (d[0] == 'n' || d[0] == 'd')              ? "ON DELETE"
		                                                                   : NULL;
		if (bad) {
			rp_error_state(
			    st, "syntax-error", "42601", c->location,
			    "invalid %s action for foreign key constraint containing generated column", bad);
			return false;
		}
	}
	return true;
}

bool rp_check_enum_label(ReplayState *st, const char *label, int off)
{
	if (!label || strlen(label) <= NAMEDATALEN - 1)
		return true;
	Diag *d = rp_error_state(st, "invalid-name", "42602", off, "invalid enum label \"%s\"", label);
	diag_set_detail(d, "Labels must be %d bytes or less.", NAMEDATALEN - 1);
	return false;
}

/* ---- persistence ---- */

bool rp_check_schema_elements(ReplayState *st, const PgQuery__CreateSchemaStmt *cs, const char *name)
{
	for (size_t i = 0; i < cs->n_schema_elts; i++) {
		const PgQuery__Node *e = cs->schema_elts[i];
		const PgQuery__RangeVar *rv =
		    e->node_case == PG_QUERY__NODE__NODE_CREATE_STMT       ? e->create_stmt->relation
		    : e->node_case == PG_QUERY__NODE__NODE_VIEW_STMT       ? e->view_stmt->view
		    : e->node_case == PG_QUERY__NODE__NODE_CREATE_SEQ_STMT ? e->create_seq_stmt->sequence
		                                                           : NULL;
		if (!rv)
			continue;
		if (rv->schemaname && rv->schemaname[0] && strcmp(rv->schemaname, name)) {
			rp_error_state(
			    st, "invalid-schema-definition", "42P15", rv->location,
			    "CREATE specifies a schema (%s) different from the one being created (%s)",
			    rv->schemaname, name);
			return false;
		}
		if (rv->relpersistence && rv->relpersistence[0] == 't' && !rp_is_temp_schema(name)) {
			rp_error_state(st, "invalid-table-definition", "42P16", rv->location,
			               "cannot create temporary relation in non-temporary schema");
			return false;
		}
	}
	return true;
}
