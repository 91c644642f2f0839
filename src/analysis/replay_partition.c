/* replay_partition.c — partition keys and bounds as PostgreSQL checks them: the strategy of PARTITION BY
 * (transformPartitionSpec), a bound's form and values (transformPartitionBound,
 * transformPartitionRangeBounds, validateInfiniteBounds), and a new bound against its siblings' bounds
 * (check_new_partition_bound): overlaps, hash moduli, a second default partition. What the model cannot
 * decide (a comparison under a collation it does not know, a value it does not evaluate) never gives an
 * error: such a value compares as unknown and the check that needs it is skipped. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "catalog/literal.h"
#include "catalog/builtins.h"
#include "sql/walk.h"
#include "util/arena.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <strings.h>
#include <math.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS    32
#define CMP_UNKNOWN 2 /* the order of two values is not known */
#define CMP_NE      3 /* the values differ, their order is not known */

/* How the model compares values of a key column. */
typedef enum KClass { KC_OTHER, KC_INT, KC_FLOAT, KC_TEXT, KC_DATE, KC_TS, KC_TSTZ, KC_BOOL } KClass;

typedef struct KeyCol {
	KClass cls;
	const char *type; /* catalog text, NULL when not known */
	const char *name; /* the column's name or the expression's text (messages) */
	bool is_expr;     /* an expression key */
	bool float4;      /* real: values round to single precision */
	bool int_only;    /* numeric(p,s): only integral literals are compared */
	int maxlen;       /* character varying(n) / character(n): n, else 0 */
	bool bpchar;      /* character(n): trailing spaces do not count */
	int text_order;   /* 2: byte order (C collation), 1: equality is byte equality, 0: neither known */
} KeyCol;

typedef struct PartKey {
	char strategy; /* 'l', 'r', 'h'; 0 when not known */
	size_t n;
	KeyCol cols[MAX_KEYS];
} PartKey;

typedef enum VKind { V_MIN = -1, V_VAL = 0, V_MAX = 1, V_NULL = 2 } VKind;

typedef struct Val {
	VKind kind;
	bool known; /* V_VAL: the value below is what PostgreSQL stores */
	long long i;
	double d;
	const char *s;
	int inf;       /* dates and timestamps: -1 -infinity, 1 infinity */
	bool midnight; /* timestamps: the time of day is 00:00:00 */
} Val;

/* A sibling's bound, read back from the catalog's text. */
typedef struct Sib {
	CatTable *t;
	bool is_default, usable;
	int modulus, remainder;
	size_t nvals;
	Val *vals; /* list values, or lower then upper bounds (2 * key columns) */
} Sib;

/* Where bound value N starts in the statement (exprLocation for the nodes a bound holds), -1 unknown. */
static int node_loc(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		return n->a_const->location;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		return n->type_cast->arg ? node_loc(n->type_cast->arg) : n->type_cast->location;
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return n->column_ref->location;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return n->func_call->location;
	case PG_QUERY__NODE__NODE_A_EXPR:
		return n->a_expr->location;
	case PG_QUERY__NODE__NODE_SUB_LINK:
		return n->sub_link->location;
	default:
		return -1;
	}
}

/* ---- values ---- */

static const char *trim(Arena *a, const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

static bool parse_int(const char *s, long long *out)
{
	if (!*s)
		return false;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno)
		return false;
	*out = v;
	return true;
}

/* A decimal literal with at most 15 significant digits (so that doubles order it exactly). */
static bool parse_decimal(const char *s, double *out, bool float4)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	int digits = 0, sig = 0;
	bool dot = false, lead = true;
	for (; *p; p++) {
		if (*p == '.' && !dot) {
			dot = true;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			break;
		digits++;
		if (*p != '0')
			lead = false;
		if (!lead)
			sig++;
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p || sig > 15)
		return false;
	errno = 0;
	double d = float4 ? (double)strtof(s, NULL) : strtod(s, NULL);
	if (errno || !isfinite(d))
		return false;
	*out = d;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 'YYYY-MM-DD' (a valid date of years 1..9999) into OUT (16 bytes); the rest of the text in *REST. */
static bool parse_date(const char *s, char *out, const char **rest)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
		return false;
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	*rest = s + 10;
	return true;
}

/* A date or timestamp literal of class CLS ('infinity', 'YYYY-MM-DD', and for timestamps an optional
 * ' HH:MM[:SS[.ffffff]]' without a time zone) into V. */
static bool parse_datetime(Arena *a, KClass cls, const char *s, Val *v)
{
	if (!strcmp(s, "infinity") || !strcmp(s, "-infinity")) {
		v->inf = s[0] == '-' ? -1 : 1;
		v->s = "";
		return true;
	}
	char date[16];
	const char *rest;
	if (!parse_date(s, date, &rest))
		return false;
	int hh = 0, mi = 0, ss = 0;
	char frac[7] = "000000";
	if (*rest) {
		if (cls == KC_DATE || (*rest != ' ' && *rest != 'T'))
			return false;
		int n = 0;
		if (sscanf(rest + 1, "%2d:%2d%n", &hh, &mi, &n) != 2 || n != 5)
			return false;
		const char *p = rest + 1 + n;
		if (*p == ':') {
			if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
				return false;
			ss = (p[1] - '0') * 10 + (p[2] - '0');
			p += 3;
			if (*p == '.') {
				p++;
				size_t k = 0;
				while (isdigit((unsigned char)*p) && k < 6)
					frac[k++] = *p++;
				if (!k || isdigit((unsigned char)*p))
					return false;
			}
		}
		if (*p || hh > 23 || mi > 59 || ss > 59)
			return false;
	}
	v->midnight = !hh && !mi && !ss && !strcmp(frac, "000000");
	v->s = arena_sprintf(a, "%s %02d:%02d:%02d.%s", date, hh, mi, ss, frac);
	return true;
}

static bool parse_bool(const char *s, long long *out)
{
	static const char *const t[] = {"t", "true", "y", "yes", "on", "1"};
	static const char *const f[] = {"f", "false", "n", "no", "off", "0"};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		if (!strcasecmp(s, t[i])) {
			*out = 1;
			return true;
		}
		if (!strcasecmp(s, f[i])) {
			*out = 0;
			return true;
		}
	}
	return false;
}

/* The comparison class of a type name written in a cast (its last name), or -1. */
static int cast_class(const char *name)
{
	static const struct {
		const char *name;
		KClass cls;
	} m[] = {{"int2", KC_INT},     {"int4", KC_INT},     {"int8", KC_INT},         {"text", KC_TEXT},
	         {"date", KC_DATE},    {"timestamp", KC_TS}, {"timestamptz", KC_TSTZ}, {"bool", KC_BOOL},
	         {"float8", KC_FLOAT}, {"numeric", KC_FLOAT}};
	for (size_t i = 0; i < ARRAY_LEN(m); i++)
		if (!strcmp(m[i].name, name))
			return (int)m[i].cls;
	return -1;
}

/* The value bound expression N (raw: as written, or read back from the catalog) takes in key column K. */
static Val val_of(Arena *a, const KeyCol *k, const PgQuery__Node *n)
{
	Val v = {.kind = V_VAL};
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
		const PgQuery__TypeCast *tc = n->type_cast;
		if (!tc->arg || !tc->type_name || !tc->type_name->n_names || tc->type_name->n_typmods ||
		    tc->type_name->n_array_bounds)
			return v;
		if (tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST && tc->arg->a_const->isnull) {
			v.kind = V_NULL;
			return v;
		}
		const char *tn = rp_str(tc->type_name->names[tc->type_name->n_names - 1]);
		if (k->cls == KC_OTHER || !tn || cast_class(tn) != (int)k->cls ||
		    (k->cls == KC_FLOAT && strcmp(tn, k->float4 ? "float4" : "float8") &&
		     strcmp(tn, "numeric")))
			return v;
		if (k->cls == KC_FLOAT && (k->float4 || k->int_only || strcmp(tn, "numeric")))
			return v; /* only numeric values into numeric keys */
		return val_of(a, k, tc->arg);
	}
	if (n->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return v;
	const PgQuery__AConst *c = n->a_const;
	if (c->isnull) {
		v.kind = V_NULL;
		return v;
	}
	if (k->cls == KC_OTHER && c->val_case != PG_QUERY__A__CONST__VAL_SVAL) {
		/* a type the model does not evaluate: the same constant is the same value */
		v.s = c->val_case == PG_QUERY__A__CONST__VAL_IVAL   ? arena_sprintf(a, "i:%d", c->ival->ival)
		      : c->val_case == PG_QUERY__A__CONST__VAL_FVAL ? arena_sprintf(a, "f:%s", c->fval->fval)
		      : c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL ? (c->boolval->boolval ? "b:t" : "b:f")
		                                                       : NULL;
		v.known = v.s != NULL;
		return v;
	}
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		if (k->cls == KC_INT) {
			v.i = c->ival->ival;
			v.known = true;
		} else if (k->cls == KC_FLOAT) {
			v.d = k->float4 ? (double)(float)c->ival->ival : (double)c->ival->ival;
			v.known = true;
		} else if (k->cls == KC_TEXT && !k->maxlen) {
			v.s = arena_sprintf(a, "%d", c->ival->ival);
			v.known = true;
		}
		return v;
	case PG_QUERY__A__CONST__VAL_FVAL: {
		const char *s = c->fval->fval;
		if (k->cls == KC_INT)
			v.known = parse_int(s, &v.i);
		else if (k->cls == KC_FLOAT)
			v.known = (!k->int_only || !strpbrk(s, ".eE")) && parse_decimal(s, &v.d, k->float4);
		else if (k->cls == KC_TEXT && !k->maxlen && !strpbrk(s, "eE")) {
			v.s = arena_strdup(a, s);
			v.known = true;
		}
		return v;
	}
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		if (k->cls == KC_BOOL) {
			v.i = c->boolval->boolval;
			v.known = true;
		} else if (k->cls == KC_TEXT && !k->maxlen) {
			v.s = c->boolval->boolval ? "true" : "false";
			v.known = true;
		}
		return v;
	case PG_QUERY__A__CONST__VAL_SVAL:
		break;
	default:
		return v;
	}
	const char *raw = arena_strdup(a, c->sval->sval); /* the tree may go before the value */
	const char *s = trim(a, raw);
	switch (k->cls) {
	case KC_INT:
		v.known = parse_int(s, &v.i);
		break;
	case KC_FLOAT:
		v.known = (!k->int_only || !strpbrk(s, ".eE")) && parse_decimal(s, &v.d, k->float4);
		break;
	case KC_TEXT: {
		const char *t = raw;
		if (k->bpchar) {
			size_t len = strlen(raw);
			while (len && raw[len - 1] == ' ')
				len--;
			t = arena_strndup(a, raw, len);
		}
		if (k->maxlen && (int)strlen(t) > k->maxlen)
			break; /* multibyte lengths and truncation: not modelled */
		v.s = t;
		v.known = true;
		break;
	}
	case KC_DATE:
	case KC_TS:
	case KC_TSTZ:
		v.known = parse_datetime(a, k->cls, s, &v);
		break;
	case KC_BOOL:
		v.known = parse_bool(s, &v.i);
		break;
	case KC_OTHER:
		/* a type the model does not evaluate: the same text is the same value */
		if (strcasecmp(s, "now") && strcasecmp(s, "today") && strcasecmp(s, "tomorrow") &&
		    strcasecmp(s, "yesterday")) {
			v.s = arena_sprintf(a, "s:%s", raw);
			v.known = true;
		}
		break;
	}
	return v;
}

/* A and B (both V_VAL) of key column K: -1, 0, 1, CMP_NE or CMP_UNKNOWN. */
static int val_cmp(const KeyCol *k, const Val *a, const Val *b)
{
	if (!a->known || !b->known)
		return CMP_UNKNOWN;
	switch (k->cls) {
	case KC_INT:
	case KC_BOOL:
		return a->i < b->i ? -1 : a->i > b->i;
	case KC_FLOAT:
		return a->d < b->d ? -1 : a->d > b->d;
	case KC_TEXT: {
		int c = strcmp(a->s, b->s);
		if (k->text_order == 2)
			return c < 0 ? -1 : c > 0;
		if (!c)
			return 0;
		return k->text_order == 1 ? CMP_NE : CMP_UNKNOWN;
	}
	case KC_DATE:
	case KC_TS:
	case KC_TSTZ: {
		if (a->inf || b->inf)
			return a->inf < b->inf ? -1 : a->inf > b->inf;
		int c = strcmp(a->s, b->s);
		/* a timestamp with time zone read in the session's zone: only whole days order safely */
		if (k->cls == KC_TSTZ && c && !(a->midnight && b->midnight))
			return CMP_UNKNOWN;
		return c < 0 ? -1 : c > 0;
	}
	case KC_OTHER:
		return !strcmp(a->s, b->s) ? 0 : CMP_UNKNOWN;
	}
	return CMP_UNKNOWN;
}

/* partition_rbound_cmp: range bound A (lower when A_LOWER) against B; -1, 0, 1 or CMP_UNKNOWN. */
static int rbound_cmp(const PartKey *key, const Val *a, bool a_lower, const Val *b, bool b_lower)
{
	int c = 0;
	for (size_t i = 0; i < key->n; i++) {
		if (a[i].kind != b[i].kind)
			return a[i].kind < b[i].kind ? -1 : 1;
		if (a[i].kind != V_VAL)
			break;
		c = val_cmp(&key->cols[i], &a[i], &b[i]);
		if (c == CMP_NE)
			c = CMP_UNKNOWN;
		if (c)
			break;
	}
	if (c == 0 && a_lower != b_lower)
		c = a_lower ? 1 : -1;
	return c;
}

/* ---- the parent's key ---- */

static PgQuery__ParseResult *parse_text(const char *sql)
{
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;
	if (!pr.error)
		tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
		                                      (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	if (tree && (tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	             tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_STMT)) {
		pg_query__parse_result__free_unpacked(tree, NULL);
		tree = NULL;
	}
	return tree;
}

static int collation_order(const char *coll)
{
	if (!coll || !strcmp(coll, "default"))
		return 1;
	const char *dot = strrchr(coll, '.');
	const char *base = dot ? dot + 1 : coll;
	if (!strcmp(base, "C") || !strcmp(base, "POSIX") || !strcmp(base, "\"C\"") ||
	    !strcmp(base, "\"POSIX\""))
		return 2;
	return 0;
}

static void key_col_of_type(KeyCol *k, const char *type)
{
	k->type = type;
	k->cls = KC_OTHER;
	if (!type)
		return;
	if (!strcmp(type, "smallint") || !strcmp(type, "integer") || !strcmp(type, "bigint"))
		k->cls = KC_INT;
	else if (!strcmp(type, "numeric") || !strncmp(type, "numeric(", 8)) {
		k->cls = KC_FLOAT;
		k->int_only = !strncmp(type, "numeric(", 8);
	} else if (!strcmp(type, "real")) {
		k->cls = KC_FLOAT;
		k->float4 = true;
	} else if (!strcmp(type, "double precision"))
		k->cls = KC_FLOAT;
	else if (!strcmp(type, "text") || !strcmp(type, "character varying") ||
	         !strncmp(type, "character varying(", 18)) {
		k->cls = KC_TEXT;
		k->maxlen = !strncmp(type, "character varying(", 18) ? atoi(type + 18) : 0;
	} else if (!strncmp(type, "character(", 10) || !strcmp(type, "bpchar")) {
		k->cls = KC_TEXT;
		k->bpchar = true;
		k->maxlen = !strncmp(type, "character(", 10) ? atoi(type + 10) : 0;
	} else if (!strcmp(type, "date"))
		k->cls = KC_DATE;
	else if (!strcmp(type, "timestamp without time zone"))
		k->cls = KC_TS;
	else if (!strcmp(type, "timestamp with time zone"))
		k->cls = KC_TSTZ;
	else if (!strcmp(type, "boolean"))
		k->cls = KC_BOOL;
}

/* The partition key of PARENT as the model knows it (types and collations of its columns). False when
 * the key text does not parse. */
static bool load_key(ReplayState *st, Arena *a, CatTable *parent, PartKey *key)
{
	memset(key, 0, sizeof *key);
	if (!parent->partition_key)
		return false;
	char *sql = xasprintf("CREATE TABLE x () PARTITION BY %s", parent->partition_key);
	PgQuery__ParseResult *tree = parse_text(sql);
	free(sql);
	if (!tree)
		return false;
	const PgQuery__PartitionSpec *ps = tree->stmts[0]->stmt->create_stmt->partspec;
	bool ok = ps && ps->n_part_params && ps->n_part_params <= MAX_KEYS;
	if (ok) {
		key->strategy = !strcmp(ps->strategy, "list")    ? 'l'
		                : !strcmp(ps->strategy, "range") ? 'r'
		                : !strcmp(ps->strategy, "hash")  ? 'h'
		                                                 : 0;
		key->n = ps->n_part_params;
	}
	for (size_t i = 0; ok && i < key->n; i++) {
		const PgQuery__Node *p = ps->part_params[i];
		KeyCol *k = &key->cols[i];
		if (p->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM) {
			ok = false;
			break;
		}
		const PgQuery__PartitionElem *pe = p->partition_elem;
		const char *coll = NULL;
		bool coll_known = true;
		if (pe->name && *pe->name) {
			const CatColumn *c = table_find_column(parent, pe->name);
			key_col_of_type(k, c ? arena_strdup(a, c->type) : NULL);
			k->name = arena_strdup(a, pe->name);
			coll = c ? c->collation : NULL;
		} else {
			/* the stored text of an expression key is normalized (its casts dropped): its type is
			 * not known for sure, and its values are equal only when written the same */
			key_col_of_type(k, NULL);
			k->name = arena_strdup(a, rp_expr(st, pe->expr));
			k->is_expr = true;
			coll_known = false;
		}
		if (pe->n_collation) {
			coll = arena_strdup(a, rp_str(pe->collation[pe->n_collation - 1]));
			coll_known = true;
		}
		k->text_order = coll_known ? collation_order(coll) : 0;
	}
	pg_query__parse_result__free_unpacked(tree, NULL);
	return ok && key->strategy;
}

/* ---- bounds ---- */

static bool is_infinite_ref(const PgQuery__Node *n, VKind *kind)
{
	if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1)
		return false;
	const char *s = rp_str(n->column_ref->fields[0]);
	if (s && !strcmp(s, "minvalue"))
		*kind = V_MIN;
	else if (s && !strcmp(s, "maxvalue"))
		*kind = V_MAX;
	else
		return false;
	return true;
}

static bool is_null_const(const PgQuery__Node *n)
{
	while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		n = n->type_cast->arg;
	return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->isnull;
}

static Diag *bound_error(ReplayState *st, int off, const char *sqlstate, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
static Diag *bound_error(ReplayState *st, int off, const char *sqlstate, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	Diag *d = rp_diag(st, SEV_ERROR, "invalid-partition-bound", off, "%s", msg);
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "%s", sqlstate);
	return d;
}

/* transformPartitionBoundValue: E analysed as a partition bound (no column references, sub-queries,
 * aggregates or set-returning functions) and assignable to key column K. False after the error. */
static bool check_value(ReplayState *st, const ExprEnv *env, const KeyCol *k, const PgQuery__Node *e, int off)
{
	char *type = NULL;
	ExprError err = {0};
	PgQuery__Node *an = expr_analyze_typed(env, EXPRK_PARTITION_BOUND, e, NULL, NULL, &type, &err);
	if (!an) {
		if (err.set) {
			if (err.location < 0)
				err.location = off;
			rp_expr_error(st, &err);
		}
		expr_error_clear(&err);
		free(type);
		return !err.set;
	}
	expr_tree_free(an);
	bool ok = true;
	if (type && k->type) {
		char *to_name = NULL;
		if (expr_assignable(env, type, k->type, &to_name) == 0) {
			Diag *d = rp_diag(st, SEV_ERROR, "datatype-mismatch", node_loc(e),
			                  "specified value cannot be cast to type %s for column \"%s\"",
			                  to_name ? to_name : k->type, k->name);
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "42804");
			ok = false;
		}
		free(to_name);
	}
	free(type);
	return ok;
}

/* validateInfiniteBounds over the NVALS bounds V (from the nodes E, for the error's location). */
static bool check_infinite(ReplayState *st, const Val *v, PgQuery__Node **e, size_t n)
{
	VKind kind = V_VAL;
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == kind)
			continue;
		if (kind == V_VAL) {
			kind = v[i].kind;
			continue;
		}
		bound_error(st, node_loc(e[i]), "42804", "every bound following %s must also be %s",
		            kind == V_MAX ? "MAXVALUE" : "MINVALUE", kind == V_MAX ? "MAXVALUE" : "MINVALUE");
		return false;
	}
	return true;
}

/* The values of range bound list E (N = key columns) into OUT. */
static void range_vals(Arena *a, const PartKey *key, PgQuery__Node **e, Val *out)
{
	for (size_t i = 0; i < key->n; i++) {
		VKind kind;
		if (is_infinite_ref(e[i], &kind))
			out[i] = (Val){.kind = kind};
		else
			out[i] = val_of(a, &key->cols[i], e[i]);
	}
}

/* SIB's bound, read back from the catalog's text. */
static void load_sibling(Arena *a, const PartKey *key, Sib *s)
{
	const char *b = s->t->partition_bound;
	if (!b)
		return; /* not known: neither a default nor a usable bound */
	if (!strcmp(b, "DEFAULT")) {
		s->is_default = true;
		return;
	}
	char *sql = xasprintf("CREATE TABLE x PARTITION OF y %s", b);
	PgQuery__ParseResult *tree = parse_text(sql);
	free(sql);
	const PgQuery__PartitionBoundSpec *pb = tree ? tree->stmts[0]->stmt->create_stmt->partbound : NULL;
	if (!pb) {
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		return;
	}
	if (pb->is_default)
		s->is_default = true;
	else if (key->strategy == 'h' && !pb->n_listdatums && !pb->n_lowerdatums) {
		s->modulus = pb->modulus;
		s->remainder = pb->remainder;
		s->usable = s->modulus > 0;
	} else if (key->strategy == 'l' && pb->n_listdatums) {
		s->nvals = pb->n_listdatums;
		s->vals = arena_array(a, Val, s->nvals);
		for (size_t i = 0; i < s->nvals; i++)
			s->vals[i] = val_of(a, &key->cols[0], pb->listdatums[i]);
		s->usable = true;
	} else if (key->strategy == 'r' && pb->n_lowerdatums == key->n && pb->n_upperdatums == key->n) {
		s->nvals = 2 * key->n;
		s->vals = arena_array(a, Val, s->nvals);
		range_vals(a, key, pb->lowerdatums, s->vals);
		range_vals(a, key, pb->upperdatums, s->vals + key->n);
		s->usable = true;
	}
	pg_query__parse_result__free_unpacked(tree, NULL);
}

static void overlap_error(ReplayState *st, int off, const char *relname, const Sib *s)
{
	bound_error(st, off, "42P17", "partition \"%s\" would overlap partition \"%s\"", relname,
	            s->t->h.name);
}

/* "(v1, v2)" as get_range_partbound_string prints a range bound. */
static const char *range_text(ReplayState *st, Arena *a, PgQuery__Node **e, size_t n)
{
	StrBuf sb = STRBUF_INIT;
	sb_putc(&sb, '(');
	for (size_t i = 0; i < n; i++) {
		VKind kind;
		if (i)
			sb_append(&sb, ", ");
		if (is_infinite_ref(e[i], &kind))
			sb_append(&sb, kind == V_MIN ? "MINVALUE" : "MAXVALUE");
		else
			sb_append(&sb, rp_expr(st, e[i]));
	}
	sb_putc(&sb, ')');
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

static int sib_hash_cmp(const void *x, const void *y)
{
	const Sib *a = *(Sib *const *)x, *b = *(Sib *const *)y;
	if (a->modulus != b->modulus)
		return a->modulus < b->modulus ? -1 : 1;
	return a->remainder < b->remainder ? -1 : a->remainder > b->remainder;
}

/* check_new_partition_bound for a hash bound (M, R) among the siblings S. */
static bool check_hash(ReplayState *st, const char *relname, int m, int r, Sib **s, size_t n, int off)
{
	if (!n)
		return true;
	qsort(s, n, sizeof *s, sib_hash_cmp);
	/* the greatest (modulus, remainder) not above the new one */
	ptrdiff_t at = -1;
	for (size_t i = 0; i < n; i++)
		if (s[i]->modulus < m || (s[i]->modulus == m && s[i]->remainder <= r))
			at = (ptrdiff_t)i;
	char nb[32], pb[32];
	snprintf(nb, sizeof nb, "%d", m);
	const Sib *bad = NULL;
	int other = 0;
	bool divides_new = false;
	if (at < 0) {
		if (s[0]->modulus % m)
			bad = s[0], other = s[0]->modulus;
	} else {
		if (m % s[at]->modulus)
			bad = s[at], other = s[at]->modulus, divides_new = true;
		else if ((size_t)at + 1 < n && s[at + 1]->modulus % m)
			bad = s[at + 1], other = s[at + 1]->modulus;
	}
	if (bad) {
		snprintf(pb, sizeof pb, "%d", other);
		Diag *d =
		    bound_error(st, -1, "42P17",
		                "every hash partition modulus must be a factor of the next larger modulus");
		if (d)
			diag_set_detail(d,
			                divides_new
			                    ? "The new modulus %s is not divisible by %s, the modulus of "
			                      "existing partition \"%s\"."
			                    : "The new modulus %s is not a factor of %s, the modulus of "
			                      "existing partition \"%s\".",
			                nb, pb, bad->t->h.name);
		return false;
	}
	/* every remainder below the greatest modulus that the new partition would take */
	int greatest = s[n - 1]->modulus;
	long rem = r >= greatest ? r % greatest : r;
	for (long steps = 0; rem < greatest && steps < 1000000; rem += m, steps++)
		for (size_t i = 0; i < n; i++)
			if (rem % s[i]->modulus == s[i]->remainder) {
				overlap_error(st, off, relname, s[i]);
				return false;
			}
	return true;
}

bool rp_partition_check_bound(ReplayState *st, CatTable *parent, CatTable *part,
                              const PgQuery__PartitionBoundSpec *b, int off)
{
	const char *relname = part->h.name;
	if (parent->relkind != REL_PARTITIONED) {
		bound_error(st, off, "42P17", "\"%s\" is not partitioned", parent->h.name);
		return false;
	}
	if (!b)
		return true;
	Arena a;
	arena_init(&a);
	PartKey key;
	bool ok = true;
	if (!load_key(st, &a, parent, &key))
		goto done;
	static const char *const sname[] = {"hash", "list", "range"};
	const char *kname = sname[key.strategy == 'h' ? 0 : key.strategy == 'l' ? 1 : 2];
	if (b->is_default && key.strategy == 'h') {
		bound_error(st, off, "42P16", "a hash-partitioned table may not have a default partition");
		ok = false;
		goto done;
	}
	/* the siblings */
	PtrList kids = {0};
	rp_children_of(st, parent, &kids);
	size_t nsib = 0;
	Sib *sibs = arena_array(&a, Sib, kids.n ? kids.n : 1);
	Sib **hs = arena_array(&a, Sib *, kids.n ? kids.n : 1);
	size_t nhs = 0;
	bool all_usable = true;
	for (size_t i = 0; i < kids.n; i++) {
		CatTable *k = kids.items[i];
		if (k->partition_of != parent || k == part)
			continue;
		Sib *s = &sibs[nsib++];
		memset(s, 0, sizeof *s);
		s->t = k;
		load_sibling(&a, &key, s);
		if (s->is_default && b->is_default) {
			bound_error(st, off, "42P17",
			            "partition \"%s\" conflicts with existing default partition \"%s\"",
			            relname, k->h.name);
			ok = false;
			goto done;
		}
		if (!s->is_default && !s->usable)
			all_usable = false;
		if (s->usable && key.strategy == 'h')
			hs[nhs++] = s;
	}
	if (b->is_default)
		goto done;
	char bs = b->strategy && b->strategy[0] ? b->strategy[0] : 0;
	if (bs != key.strategy) {
		bound_error(st, off, "42P16", "invalid bound specification for a %s partition", kname);
		ok = false;
		goto done;
	}
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	if (key.strategy == 'h') {
		if (b->modulus <= 0 || b->remainder >= b->modulus) {
			bound_error(
			    st, off, "42P16",
			    b->modulus <= 0
			        ? "modulus for hash partition must be an integer value greater than zero"
			        : "remainder for hash partition must be less than modulus");
			ok = false;
		} else if (all_usable)
			ok = check_hash(st, relname, b->modulus, b->remainder, hs, nhs, off);
		goto done;
	}
	if (key.strategy == 'l') {
		Val *nv = arena_array(&a, Val, b->n_listdatums ? b->n_listdatums : 1);
		for (size_t i = 0; i < b->n_listdatums; i++) {
			if (!check_value(st, &env, &key.cols[0], b->listdatums[i], off)) {
				ok = false;
				goto done;
			}
			nv[i] = val_of(&a, &key.cols[0], b->listdatums[i]);
		}
		for (size_t i = 0; i < b->n_listdatums; i++)
			for (size_t j = 0; j < nsib; j++) {
				const Sib *s = &sibs[j];
				for (size_t v = 0; s->usable && v < s->nvals; v++) {
					bool hit = nv[i].kind == V_NULL
					               ? s->vals[v].kind == V_NULL
					               : nv[i].kind == V_VAL && s->vals[v].kind == V_VAL &&
					                     val_cmp(&key.cols[0], &nv[i], &s->vals[v]) == 0;
					if (hit) {
						overlap_error(st, node_loc(b->listdatums[i]), relname, s);
						ok = false;
						goto done;
					}
				}
			}
		goto done;
	}
	/* range */
	if (b->n_lowerdatums != key.n || b->n_upperdatums != key.n) {
		bound_error(st, off, "42P16", "%s must specify exactly one value per partitioning column",
		            b->n_lowerdatums != key.n ? "FROM" : "TO");
		ok = false;
		goto done;
	}
	Val *lo = arena_array(&a, Val, key.n), *up = arena_array(&a, Val, key.n);
	for (int side = 0; side < 2; side++) {
		PgQuery__Node **e = side ? b->upperdatums : b->lowerdatums;
		Val *v = side ? up : lo;
		for (size_t i = 0; i < key.n; i++) {
			VKind kind;
			if (is_infinite_ref(e[i], &kind)) {
				v[i] = (Val){.kind = kind};
				continue;
			}
			if (!check_value(st, &env, &key.cols[i], e[i], off)) {
				ok = false;
				goto done;
			}
			if (is_null_const(e[i])) {
				bound_error(st, node_loc(e[i]), "42P17",
				            "cannot specify NULL in range bound");
				ok = false;
				goto done;
			}
			v[i] = val_of(&a, &key.cols[i], e[i]);
		}
		if (!check_infinite(st, v, e, key.n)) {
			ok = false;
			goto done;
		}
	}
	int c = rbound_cmp(&key, lo, true, up, false);
	if (c == 1) {
		Diag *d = bound_error(st, node_loc(b->lowerdatums[0]), "42P17",
		                      "empty range bound specified for partition \"%s\"", relname);
		if (d)
			diag_set_detail(
			    d, "Specified lower bound %s is greater than or equal to upper bound %s.",
			    range_text(st, &a, b->lowerdatums, key.n),
			    range_text(st, &a, b->upperdatums, key.n));
		ok = false;
		goto done;
	}
	if (c != -1)
		goto done;
	/* the overlapping sibling with the lowest lower bound (PostgreSQL's binary search finds that one) */
	const Sib *with = NULL;
	for (size_t j = 0; j < nsib; j++) {
		const Sib *s = &sibs[j];
		if (!s->usable)
			continue;
		const Val *sl = s->vals, *su = s->vals + key.n;
		if (rbound_cmp(&key, lo, true, su, false) == -1 &&
		    rbound_cmp(&key, sl, true, up, false) == -1 &&
		    (!with || rbound_cmp(&key, sl, true, with->vals, true) == -1))
			with = s;
	}
	if (with) {
		overlap_error(st, node_loc(b->lowerdatums[0]), relname, with);
		ok = false;
	}
done:
	arena_release(&a);
	return ok;
}

bool rp_partition_check_spec(ReplayState *st, const PgQuery__PartitionSpec *spec)
{
	const char *s = spec->strategy ? spec->strategy : "";
	if (strcasecmp(s, "list") && strcasecmp(s, "range") && strcasecmp(s, "hash")) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-parameter-value", spec->location,
		                  "unrecognized partitioning strategy \"%s\"", s);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "22023");
		return false;
	}
	if (!strcasecmp(s, "list") && spec->n_part_params != 1) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", spec->location,
		                  "cannot use \"list\" partition strategy with more than one column");
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P17");
		return false;
	}
	return true;
}

bool rp_partition_detach_check(ReplayState *st, CatTable *parent, bool concurrent, int off)
{
	if (!concurrent)
		return true;
	PtrList kids = {0};
	rp_children_of(st, parent, &kids);
	for (size_t i = 0; i < kids.n; i++) {
		const CatTable *k = kids.items[i];
		if (k->partition_of == parent &&
		    (k->partition_bound && !strcmp(k->partition_bound, "DEFAULT"))) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "object-not-in-prerequisite-state", off,
			            "cannot detach partitions concurrently when a default partition exists");
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "55000");
			return false;
		}
	}
	return true;
}

/* ---- the partition key ---- */

typedef struct KeyRefs {
	const CatTable *t;
	const char *gen; /* the first generated column the expression uses */
	bool whole_row;  /* the expression uses the whole row */
	size_t ncolrefs; /* column references */
} KeyRefs;

static void key_refs_cb(void *ud, const PgQuery__Node *n)
{
	KeyRefs *r = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return;
	const PgQuery__ColumnRef *cr = n->column_ref;
	r->ncolrefs++;
	if (!cr->n_fields)
		return;
	const PgQuery__Node *last = cr->fields[cr->n_fields - 1];
	const char *name = rp_str(last);
	const CatColumn *c = name ? table_find_column(r->t, name) : NULL;
	if (last->node_case == PG_QUERY__NODE__NODE_A_STAR ||
	    (!c && cr->n_fields == 1 && name && !strcmp(name, r->t->h.name)))
		r->whole_row = true;
	else if (c && c->generated && !r->gen)
		r->gen = c->name;
}

bool rp_partition_check_key_expr(ReplayState *st, const CatTable *t, const PgQuery__PartitionElem *pe,
                                 size_t attn, const char *type)
{
	if (type && pgb_is_pseudo_type(type)) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", pe->location,
		                  "partition key column %zu has pseudo-type %s", attn, type);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return false;
	}
	KeyRefs r = {.t = t};
	sql_walk_nodes(pe->expr, key_refs_cb, &r);
	const char *gen = r.gen;
	for (size_t i = 0; r.whole_row && !gen && i < t->columns.n; i++) {
		const CatColumn *c = t->columns.items[i];
		if (c->generated)
			gen = c->name;
	}
	if (gen) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", pe->location,
		                  "cannot use generated column in partition key");
		if (d) {
			diag_set_detail(d, "Column \"%s\" is a generated column.", gen);
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P17");
		}
		return false;
	}
	/* no column at all: the planner folds the (immutable) expression to a constant */
	if (!r.ncolrefs) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", -1,
		                  "cannot use constant expression as partition key");
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P17");
		return false;
	}
	return true;
}

bool rp_partition_check_fk(ReplayState *st, const CatTable *t, const PgQuery__Constraint *c, bool recurse,
                           int off)
{
	if (t->relkind != REL_PARTITIONED || !c->pktable)
		return true;
	bool not_valid = c->skip_validation && !c->initially_valid;
	if (recurse && !not_valid)
		return true;
	CatObject *pk = rp_range_relation(st, c->pktable, true, NULL);
	if (!pk)
		return true; /* "does not exist" comes first, from the key's own checks */
	Diag *d =
	    rp_diag(st, SEV_ERROR, "wrong-object-type", off,
	            !recurse ? "cannot use ONLY for foreign key on partitioned table \"%s\" referencing "
	                       "relation \"%s\""
	                     : "cannot add NOT VALID foreign key on partitioned table \"%s\" referencing "
	                       "relation \"%s\"",
	            t->h.name, pk->name);
	if (d) {
		snprintf(d->sqlstate, sizeof d->sqlstate, "42809");
		if (recurse)
			diag_set_detail(d, "This feature is not yet supported on partitioned tables.");
	}
	return false;
}

/* ---- ATTACH and DETACH ---- */

static const char **dup_strv(ReplayState *st, const char **v, size_t n)
{
	if (!v)
		return NULL;
	const char **r = arena_array(&st->cat->arena, const char *, n ? n : 1);
	memcpy(r, v, n * sizeof *v);
	return r;
}

void rp_partition_unshare(ReplayState *st, CatTable *part)
{
	for (size_t i = 0; i < part->indexes.n; i++) {
		CatIndex *ix = part->indexes.items[i];
		if (ix->keys) {
			CatIndexElem *e =
			    arena_array(&st->cat->arena, CatIndexElem, ix->nkeys ? ix->nkeys : 1);
			memcpy(e, ix->keys, ix->nkeys * sizeof *e);
			ix->keys = e;
		}
		ix->include = dup_strv(st, ix->include, ix->ninclude);
	}
	for (size_t i = 0; i < part->constraints.n; i++) {
		CatConstraint *k = part->constraints.items[i];
		k->columns = dup_strv(st, k->columns, k->ncolumns);
		k->ref_columns = dup_strv(st, k->ref_columns, k->nref_columns);
	}
}

bool rp_partition_only_check(ReplayState *st, CatTable *t, bool recurse, int off)
{
	if (recurse || t->relkind != REL_PARTITIONED)
		return true;
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++)
		if (((CatTable *)kids.items[i])->partition_of == t) {
			Diag *d = rp_diag(
			    st, SEV_ERROR, "invalid-table-definition", off,
			    "cannot remove constraint from only the partitioned table when partitions "
			    "exist");
			if (d) {
				diag_set_hint(d, "Do not specify the ONLY keyword.");
				snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
			}
			return false;
		}
	return true;
}

bool rp_partition_attach_fk_check(ReplayState *st, CatTable *parent, CatTable *part, int off)
{
	for (size_t i = 0; i < parent->constraints.n; i++) {
		const CatConstraint *k = parent->constraints.items[i];
		if (k->contype == CON_FOREIGN && k->ref_table == part) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			            "cannot attach table \"%s\" as a partition because it is referenced by "
			            "foreign key \"%s\"",
			            part->h.name, k->h.name);
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			return false;
		}
	}
	return true;
}

bool rp_partition_check_unique(ReplayState *st, CatTable *t, const char *const *cols, size_t n,
                               const char *contype, int off)
{
	if (t->relkind != REL_PARTITIONED)
		return true;
	Arena a;
	arena_init(&a);
	PartKey key;
	bool ok = true;
	if (load_key(st, &a, t, &key))
		for (size_t i = 0; i < key.n && ok; i++) {
			const KeyCol *k = &key.cols[i];
			Diag *d = NULL;
			if (k->is_expr) {
				d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
				            "unsupported %s constraint with partition key definition",
				            contype);
				if (d)
					diag_set_detail(d,
					                "%s constraints cannot be used when partition keys "
					                "include expressions.",
					                contype);
			} else {
				bool found = false;
				for (size_t j = 0; j < n && !found; j++)
					found = cols[j] && !strcmp(cols[j], k->name);
				if (found)
					continue;
				d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
				            "unique constraint on partitioned table must include all "
				            "partitioning columns");
				if (d)
					diag_set_detail(d,
					                "%s constraint on table \"%s\" lacks column \"%s\" "
					                "which is part of the "
					                "partition key.",
					                contype, t->h.name, k->name);
			}
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			ok = false;
		}
	arena_release(&a);
	return ok;
}

/* The constraint K is a partition copy of (pg_constraint.conparentid), or NULL. */
static CatConstraint *parent_constraint(const CatConstraint *k)
{
	for (size_t i = 0; i < k->h.ndeps; i++)
		if (k->h.deps[i].type == DEP_PARTITION_PRI && k->h.deps[i].on->kind == OBJ_CONSTRAINT)
			return (CatConstraint *)k->h.deps[i].on;
	return NULL;
}

/* K and its copies in the partitions of T (recursively) take the deferrability. */
static void set_deferrable(ReplayState *st, CatTable *t, CatConstraint *k, bool deferrable, bool initdeferred,
                           int depth)
{
	k->deferrable = deferrable;
	k->initially_deferred = initdeferred;
	if (depth > 64)
		return;
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++) {
		CatTable *p = kids.items[i];
		if (p->partition_of != t)
			continue;
		for (size_t j = 0; j < p->constraints.n; j++) {
			CatConstraint *pk = p->constraints.items[j];
			if (parent_constraint(pk) == k)
				set_deferrable(st, p, pk, deferrable, initdeferred, depth + 1);
		}
	}
}

void rp_partition_alter_constraint(ReplayState *st, CatTable *t, CatConstraint *k, bool deferrable,
                                   bool initdeferred, int off)
{
	const CatConstraint *top = parent_constraint(k);
	if (top && k->contype == CON_FOREIGN) {
		for (int guard = 0; guard < 64 && parent_constraint(top); guard++)
			top = parent_constraint(top);
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", off,
		                  "cannot alter constraint \"%s\" on relation \"%s\"", k->h.name, t->h.name);
		if (d) {
			const CatObject *owner = top->h.owner;
			if (owner)
				diag_set_detail(
				    d,
				    "Constraint \"%s\" is derived from constraint \"%s\" of relation \"%s\".",
				    k->h.name, top->h.name, owner->name);
			diag_set_hint(d, "You may alter the constraint it derives from, instead.");
			snprintf(d->sqlstate, sizeof d->sqlstate, "XX000");
		}
		return;
	}
	set_deferrable(st, t, k, deferrable, initdeferred, 0);
}

/* Key PK (or unique index PIX when PK is NULL) copied into PART and its partitions (DefineIndex). */
static bool check_clone(ReplayState *st, const CatConstraint *pk, const CatIndex *pix, CatTable *part,
                        int off, int depth)
{
	if (pk && rp_equivalent_key(part, pk))
		return true; /* the partition's own key stands for it */
	const char *const *cols;
	size_t n;
	const char **tmp = NULL;
	if (pk) {
		cols = pk->columns;
		n = pk->ncolumns;
	} else {
		tmp = arena_array(&st->cat->arena, const char *, pix->nkeys ? pix->nkeys : 1);
		for (size_t i = 0; i < pix->nkeys; i++)
			tmp[i] = pix->keys[i].column;
		cols = tmp;
		n = pix->nkeys;
	}
	if (pk && pk->contype == CON_PRIMARY)
		for (size_t i = 0; i < part->constraints.n; i++)
			if (((CatConstraint *)part->constraints.items[i])->contype == CON_PRIMARY) {
				Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
				                  "multiple primary keys for table \"%s\" are not allowed",
				                  part->h.name);
				if (d)
					snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
				return false;
			}
	if (!rp_partition_check_unique(st, part, cols, n,
	                               pk && pk->contype == CON_PRIMARY ? "PRIMARY KEY" : "UNIQUE", off))
		return false;
	if (depth > 32)
		return true;
	PtrList kids = {0};
	rp_children_of(st, part, &kids);
	for (size_t i = 0; i < kids.n; i++) {
		CatTable *k = kids.items[i];
		if (k->partition_of == part && !check_clone(st, pk, pix, k, off, depth + 1))
			return false;
	}
	return true;
}

bool rp_partition_check_clones(ReplayState *st, CatTable *parent, CatTable *part, int off)
{
	for (size_t i = 0; i < parent->constraints.n; i++) {
		const CatConstraint *pk = parent->constraints.items[i];
		if ((pk->contype == CON_PRIMARY || pk->contype == CON_UNIQUE) && pk->columns &&
		    !check_clone(st, pk, NULL, part, off, 0))
			return false;
	}
	for (size_t i = 0; i < parent->indexes.n; i++) {
		const CatIndex *pix = parent->indexes.items[i];
		if (pix->unique && !pix->constraint && pix->keys && !check_clone(st, NULL, pix, part, off, 0))
			return false;
	}
	return true;
}

/* ---- the bound's text ---- */

/* Value E of key column K as get_const_expr prints a bound's constant (showtype -1) into SB. */
static void value_text(ReplayState *st, Arena *a, StrBuf *sb, const KeyCol *k, const PgQuery__Node *e)
{
	VKind kind;
	if (is_infinite_ref(e, &kind)) {
		sb_append(sb, kind == V_MIN ? "MINVALUE" : "MAXVALUE");
		return;
	}
	Val v = val_of(a, k, e);
	if (v.kind == V_NULL) {
		sb_append(sb, "NULL");
		return;
	}
	if (!v.known) {
		sb_append(sb, rp_expr(st, e));
		return;
	}
	switch (k->cls) {
	case KC_INT:
		/* INT4 bare unless negative; other integer types quoted */
		sb_appendf(sb, !strcmp(k->type, "integer") && v.i >= 0 ? "%lld" : "'%lld'", v.i);
		return;
	case KC_BOOL:
		sb_append(sb, v.i ? "true" : "false");
		return;
	case KC_TEXT: {
		if (strchr(v.s, '\\'))
			break;
		sb_putc(sb, '\'');
		for (const char *p = v.s; *p; p++) {
			if (*p == '\'')
				sb_putc(sb, '\'');
			sb_putc(sb, *p);
		}
		for (int n = (int)strlen(v.s); k->bpchar && n < k->maxlen; n++)
			sb_putc(sb, ' ');
		sb_putc(sb, '\'');
		return;
	}
	case KC_DATE:
	case KC_TS:
		if (v.inf) {
			sb_append(sb, v.inf < 0 ? "'-infinity'" : "'infinity'");
			return;
		}
		if (k->cls == KC_DATE) {
			sb_appendf(sb, "'%.10s'", v.s);
			return;
		} else {
			/* timestamp_out: seconds always, a fraction without its trailing zeros */
			size_t n = strlen(v.s);
			while (n && v.s[n - 1] == '0')
				n--;
			if (n && v.s[n - 1] == '.')
				n--;
			sb_appendf(sb, "'%.*s'", (int)n, v.s);
			return;
		}
	case KC_FLOAT: {
		if (k->float4 || strcmp(k->type, "numeric")) {
			if (k->int_only)
				break; /* numeric(p,s): rounded to the scale (not modelled) */
			/* float4out/float8out of the value, quoted (get_const_expr's default case) */
			char buf[64];
			lit_float_print(v.d, k->float4, buf, sizeof buf);
			sb_appendf(sb, "'%s'", buf);
			return;
		}
		const char *in = NULL;
		if (e->node_case == PG_QUERY__NODE__NODE_A_CONST) {
			const PgQuery__AConst *c = e->a_const;
			if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
				sb_appendf(sb, "'%d'", c->ival->ival);
				return;
			}
			in = c->val_case == PG_QUERY__A__CONST__VAL_FVAL   ? c->fval->fval
			     : c->val_case == PG_QUERY__A__CONST__VAL_SVAL ? c->sval->sval
			                                                   : NULL;
		}
		char *out = in ? lit_numeric_out(in) : NULL;
		if (!out)
			break;
		/* numeric_out's text: bare when it reads back as a numeric constant (digits and a point) */
		if (isdigit((unsigned char)out[0]) && strchr(out, '.'))
			sb_append(sb, out);
		else
			sb_appendf(sb, "'%s'", out);
		free(out);
		return;
	}
	case KC_TSTZ:
	case KC_OTHER:
		break;
	}
	sb_append(sb, rp_expr(st, e));
}

const char *rp_partition_bound_text(ReplayState *st, CatTable *parent, const PgQuery__PartitionBoundSpec *b)
{
	if (!b || !parent)
		return NULL;
	if (b->is_default)
		return "DEFAULT";
	Arena a;
	arena_init(&a);
	PartKey key;
	const char *r = NULL;
	if (load_key(st, &a, parent, &key) && (b->n_listdatums || b->n_lowerdatums)) {
		StrBuf sb = STRBUF_INIT;
		sb_append(&sb, "FOR VALUES ");
		if (b->n_listdatums) {
			sb_append(&sb, "IN (");
			for (size_t i = 0; i < b->n_listdatums; i++) {
				if (i)
					sb_append(&sb, ", ");
				value_text(st, &a, &sb, &key.cols[0], b->listdatums[i]);
			}
			sb_putc(&sb, ')');
		} else if (b->n_lowerdatums == key.n && b->n_upperdatums == key.n) {
			for (int side = 0; side < 2; side++) {
				PgQuery__Node **e = side ? b->upperdatums : b->lowerdatums;
				sb_append(&sb, side ? ") TO (" : "FROM (");
				for (size_t i = 0; i < key.n; i++) {
					if (i)
						sb_append(&sb, ", ");
					value_text(st, &a, &sb, &key.cols[i], e[i]);
				}
			}
			sb_putc(&sb, ')');
		} else {
			sb_release(&sb);
			arena_release(&a);
			return NULL;
		}
		r = arena_strdup(&st->cat->arena, sb_str(&sb));
		sb_release(&sb);
	}
	arena_release(&a);
	return r;
}
