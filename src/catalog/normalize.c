/* normalize.c — canonical text of expressions, queries and type names (see normalize.h and
 * docs/normalization.md). Expressions are printed by libpg_query's deparser after a rewrite of a private copy
 * of the tree that removes the differences between what a migration writes and what pg_get_expr prints. */
#include "strata.h"
#include "sql/colname.h"
#include "catalog/catalog.h"
#include "catalog/normalize.h"
#include "sql/parse.h"
#include "sql/walk.h"
#include "util/hmap.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <pg_query.h>
#include <protobuf-c/protobuf-c.h>
#include <pthread.h>

static PgQuery__Node *new_node(void)
{
	PgQuery__Node *n = xmalloc(sizeof(*n));
	pg_query__node__init(n);
	return n;
}

static PgQuery__Node *string_node(const char *s)
{
	PgQuery__String *str = xmalloc(sizeof(*str));
	pg_query__string__init(str);
	str->sval = xstrdup(s);
	PgQuery__Node *n = new_node();
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	return n;
}

static const char *node_str(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* Last component of a TypeName's name list. */
static const char *typename_last(const PgQuery__TypeName *tn)
{
	return tn && tn->n_names ? node_str(tn->names[tn->n_names - 1]) : NULL;
}

static bool is_numeric_type(const char *t)
{
	static const char *const nt[] = {
	    "int2",   "int4",     "int8", "numeric",          "float4", "float8", "integer",
	    "bigint", "smallint", "real", "double precision", "int",    "decimal"};
	for (size_t i = 0; i < ARRAY_LEN(nt); i++)
		if (!strcmp(t, nt[i]))
			return true;
	return false;
}

static bool looks_numeric(const char *s, bool *is_int)
{
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return false;
	bool dot = false, digits = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			return false;
	}
	*is_int = !dot;
	return digits;
}

/* Move the contents of CHILD into N (N keeps its address), freeing N's old payload except CHILD. */
static void replace_with(PgQuery__Node *n, PgQuery__Node *child, ProtobufCMessage *old_payload,
                         PgQuery__Node **child_slot)
{
	*child_slot = NULL;
	PgQuery__Node tmp = *child;
	free(child);
	protobuf_c_message_free_unpacked(old_payload, NULL);
	*n = tmp;
}

/* ---- literal values of date/time and interval types (docs/normalization.md, "typed literals") ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

static bool read_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

enum { DT_DATE, DT_TIMESTAMP, DT_TIMESTAMPTZ };

/* Canonical output text of a date/time literal S read as KIND, as the server prints the constant with
 * DateStyle ISO and TimeZone UTC (a timestamptz literal without a zone is read in UTC, the zone of the
 * clusters strata starts): `2020-01-01`, `2020-01-01 10:00:00`, `2020-01-01 10:00:00.5+00`. A zone written
 * on a timestamp without time zone is ignored, as PostgreSQL does. Returns malloc'd text, or NULL when S
 * is not of the simple ISO forms (then the literal is left as written). */
static char *datetime_canonical(const char *s, int kind)
{
	int Y, M, D, h = 0, mi = 0, sec = 0, off = 0;
	char frac[8] = "";
	if (!strcmp(s, "epoch"))
		s = "1970-01-01";
	else if (!strcmp(s, "infinity") || !strcmp(s, "-infinity"))
		return xstrdup(s);
	const char *p = s;
	if (!read_digits(&p, 4, &Y) || *p++ != '-' || !read_digits(&p, 2, &M) || *p++ != '-' ||
	    !read_digits(&p, 2, &D))
		return NULL;
	if (M < 1 || M > 12 || D < 1 || D > 31)
		return NULL;
	if (*p == ' ' || *p == 'T') {
		p++;
		if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &mi))
			return NULL;
		if (*p == ':') {
			p++;
			if (!read_digits(&p, 2, &sec))
				return NULL;
			if (*p == '.') {
				p++;
				size_t n = 0;
				while (*p >= '0' && *p <= '9') {
					if (n < 6)
						frac[n++] = *p;
					p++;
				}
				frac[n] = 0;
				while (n && frac[n - 1] == '0')
					frac[--n] = 0;
			}
		}
		if (h > 24 || mi > 59 || sec > 60)
			return NULL;
	}
	while (*p == ' ')
		p++;
	bool zone = false;
	if (*p == 'Z' || !strcmp(p, "UTC") || !strcmp(p, "utc")) {
		zone = true;
		p += *p == 'Z' ? 1 : 3;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh = 0, om = 0;
		if (!read_digits(&p, 2, &oh))
			return NULL;
		if (*p == ':')
			p++;
		if (*p >= '0' && *p <= '9' && !read_digits(&p, 2, &om))
			return NULL;
		off = sign * (oh * 60 + om);
		zone = true;
	}
	if (*p)
		return NULL;
	if (kind == DT_DATE)
		return xasprintf("%04d-%02d-%02d", Y, M, D);
	if (kind == DT_TIMESTAMPTZ && zone && off) {
		long long t = days_from_civil(Y, (unsigned)M, (unsigned)D) * 1440 + h * 60 + mi - off;
		long long days = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
		long long mins = t - days * 1440;
		long long y;
		unsigned m, d;
		civil_from_days(days, &y, &m, &d);
		Y = (int)y, M = (int)m, D = (int)d, h = (int)(mins / 60), mi = (int)(mins % 60);
	}
	return xasprintf("%04d-%02d-%02d %02d:%02d:%02d%s%s%s", Y, M, D, h, mi, sec, frac[0] ? "." : "", frac,
	                 kind == DT_TIMESTAMPTZ ? "+00" : "");
}

/* Canonical output text of an interval literal as the server prints it (IntervalStyle postgres):
 * `3 minutes` → `00:03:00`, `1 day 2 hours` → `1 day 02:00:00`, `2 weeks` → `14 days`, `13 months` →
 * `1 year 1 mon`. Only non-negative whole amounts of the usual units and `HH:MM[:SS]`; anything else
 * returns NULL (the literal is left as written). */
static char *interval_canonical(const char *s)
{
	long long months = 0, days = 0, secs = 0;
	const char *p = s;
	bool any = false;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p < '0' || *p > '9')
			return NULL;
		long long v = 0;
		const char *start = p;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		if (p - start > 9)
			return NULL;
		if (*p == ':') { /* HH:MM[:SS] */
			int mi = 0, sec = 0;
			p++;
			if (!read_digits(&p, 2, &mi))
				return NULL;
			if (*p == ':') {
				p++;
				if (!read_digits(&p, 2, &sec))
					return NULL;
			}
			secs += v * 3600 + mi * 60 + sec;
			any = true;
			continue;
		}
		while (*p == ' ')
			p++;
		char unit[16];
		size_t n = 0;
		while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && n < sizeof(unit) - 1)
			unit[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p), p++;
		unit[n] = 0;
		if (n && unit[n - 1] == 's' && n > 1)
			unit[--n] = 0;
		if (!strcmp(unit, "year") || !strcmp(unit, "yr") || !strcmp(unit, "y"))
			months += v * 12;
		else if (!strcmp(unit, "mon") || !strcmp(unit, "month"))
			months += v;
		else if (!strcmp(unit, "week") || !strcmp(unit, "w"))
			days += v * 7;
		else if (!strcmp(unit, "day") || !strcmp(unit, "d"))
			days += v;
		else if (!strcmp(unit, "hour") || !strcmp(unit, "hr") || !strcmp(unit, "h"))
			secs += v * 3600;
		else if (!strcmp(unit, "minute") || !strcmp(unit, "min") || !strcmp(unit, "m"))
			secs += v * 60;
		else if (!strcmp(unit, "second") || !strcmp(unit, "sec") || !strcmp(unit, "s"))
			secs += v;
		else
			return NULL;
		any = true;
	}
	if (!any)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	long long y = months / 12, mo = months % 12;
	if (y)
		sb_appendf(&sb, "%lld year%s", y, y == 1 ? "" : "s");
	if (mo)
		sb_appendf(&sb, "%s%lld mon%s", sb.len ? " " : "", mo, mo == 1 ? "" : "s");
	if (days)
		sb_appendf(&sb, "%s%lld day%s", sb.len ? " " : "", days, days == 1 ? "" : "s");
	if (secs || !sb.len)
		sb_appendf(&sb, "%s%02lld:%02lld:%02lld", sb.len ? " " : "", secs / 3600, secs / 60 % 60,
		           secs % 60);
	char *r = xstrdup(sb_str(&sb));
	sb_release(&sb);
	return r;
}

/* Array literal text with the white space around unquoted elements removed, as array_out prints it
 * ('{a, b}' → '{a,b}'); NULL when S is not an array literal of unquoted words and quoted strings (a JSON
 * object such as '{"a": 1}' is left alone: a ':' outside quotes means it is not an array). */
static char *array_literal_canonical(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || s[0] != '{' || s[n - 1] != '}')
		return NULL;
	StrBuf sb = STRBUF_INIT;
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"') { /* quoted element: copied as is */
			sb_putc(&sb, c);
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < n)
					sb_putc(&sb, s[i++]);
				sb_putc(&sb, s[i]);
			}
			if (i >= n)
				goto bad;
			sb_putc(&sb, '"');
		} else if (c == ':') {
			goto bad;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			/* white space next to a delimiter is not part of the element */
			size_t j = i;
			while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
				j++;
			char prev = sb.len ? sb_str(&sb)[sb.len - 1] : '{';
			if (prev == '{' || prev == ',' || s[j] == ',' || s[j] == '}') {
				changed = true;
				i = j - 1;
				continue;
			}
			sb_putc(&sb, c);
		} else {
			sb_putc(&sb, c);
		}
	}
	if (!changed)
		goto bad;
	char *r = xstrdup(sb_str(&sb));
	sb_release(&sb);
	return r;
bad:
	sb_release(&sb);
	return NULL;
}

/* Canonical text of a bytea literal: the hex form byteaout prints (`''` → `\x`, `abc` → `\x616263`,
 * `\xDEAD` → `\xdead`); NULL when S is not valid bytea input. */
static char *bytea_canonical(const char *s)
{
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "\\x");
	static const char hex[] = "0123456789abcdef";
	if (s[0] == '\\' && s[1] == 'x') {
		for (const char *p = s + 2; *p; p++) {
			char c = *p;
			if (c == ' ' || c == '\t' || c == '\n')
				continue;
			if (c >= 'A' && c <= 'F')
				c = (char)(c + 32);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				goto bad;
			sb_putc(&sb, c);
		}
	} else {
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			unsigned v = *p;
			if (*p == '\\') {
				if (p[1] == '\\')
					p++;
				else if (p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
				         p[3] >= '0' && p[3] <= '7') {
					v = (unsigned)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
					p += 3;
				} else
					goto bad;
			}
			sb_putc(&sb, hex[v >> 4]);
			sb_putc(&sb, hex[v & 15]);
		}
	}
	char *r = xstrdup(sb_str(&sb));
	sb_release(&sb);
	return r;
bad:
	sb_release(&sb);
	return NULL;
}

/* Replace the text of string constant C with V (owned). */
static void set_sval(PgQuery__AConst *c, char *v)
{
	if (c->sval->sval && c->sval->sval != (char *)protobuf_c_empty_string)
		free(c->sval->sval);
	c->sval->sval = v;
}

/* Date/time kind of a type name (last component) or canonical type text; -1 when not one. */
static int datetime_kind(const char *t)
{
	if (!strcmp(t, "date"))
		return DT_DATE;
	if (!strcmp(t, "timestamp") || !strncmp(t, "timestamp without", 17) ||
	    (!strncmp(t, "timestamp(", 10) && strstr(t, "without")))
		return DT_TIMESTAMP;
	if (!strcmp(t, "timestamptz") || !strncmp(t, "timestamp with ", 15) ||
	    (!strncmp(t, "timestamp(", 10) && strstr(t, ") with ")))
		return DT_TIMESTAMPTZ;
	return -1;
}

/* A regclass constant as regclassout prints the name it was read as: each part folded or kept as the
 * identifier rules say, then quoted only where needed ('UPPER_SEQ' is 'upper_seq'); NULL (kept as written)
 * when TEXT is not a name or is an OID. The qualification stays as written (visibility needs the catalog). */
static char *regclass_canonical(const char *text)
{
	if (strspn(text, "0123456789") == strlen(text)) /* an OID: regclassin takes it as a number */
		return NULL;
	char parts[3][256];
	int np = sql_split_qualified_name(text, parts, 3);
	if (!np)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	for (int i = 0; i < np; i++) {
		if (i)
			sb_putc(&sb, '.');
		cat_quote_ident(&sb, parts[i]);
	}
	return sb_detach(&sb);
}

/* Canonicalize the text of string constant C read as type T (a TypeName's last component or a
 * canonical type): date/time values, intervals and array literals print as the server prints them. */
static void canonical_literal(PgQuery__AConst *c, const char *t, bool array_type)
{
	if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL || !c->sval->sval)
		return;
	char *v = NULL;
	int k = array_type ? -1 : datetime_kind(t);
	if (k >= 0)
		v = datetime_canonical(c->sval->sval, k);
	else if (!array_type && !strcmp(t, "interval"))
		v = interval_canonical(c->sval->sval);
	else if (!array_type && !strcmp(t, "bytea"))
		v = bytea_canonical(c->sval->sval);
	else if (!array_type && !strcmp(t, "regclass"))
		v = regclass_canonical(c->sval->sval);
	if (v)
		set_sval(c, v);
}

/* Built-in type names that the grammar does not turn into pg_catalog.<name> by itself (`bool`, `int8`,
 * `timestamptz` are plain identifiers; `boolean`, `bigint`, `timestamp with time zone` are keywords that
 * parse to pg_catalog.bool, ...). Qualifying them makes both spellings print alike. */
static bool is_internal_builtin(const char *t)
{
	static const char *const names[] = {
	    "bool",   "int2", "int4",    "int8",   "float4",  "float8",   "timestamptz", "timestamp",
	    "timetz", "time", "varchar", "bpchar", "numeric", "interval", "bit",         "varbit"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (!strcmp(t, names[i]))
			return true;
	return false;
}

static void qualify_builtin(PgQuery__TypeName *tn)
{
	if (!tn || tn->n_names != 1 || !node_str(tn->names[0]) ||
	    !is_internal_builtin(node_str(tn->names[0])))
		return;
	PgQuery__Node **names = xmalloc(2 * sizeof(*names));
	names[0] = string_node("pg_catalog");
	names[1] = tn->names[0];
	free(tn->names);
	tn->names = names;
	tn->n_names = 2;
}

/* Is N an expression of a character type by its form (a cast to text/varchar, or COALESCE of one)? */
static bool is_string_expr(const PgQuery__Node *n)
{
	if (!n)
		return false;
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
		const char *t = typename_last(n->type_cast->type_name);
		return t && !n->type_cast->type_name->n_array_bounds &&
		       (!strcmp(t, "text") || !strcmp(t, "varchar"));
	}
	if (n->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR) {
		for (size_t i = 0; i < n->coalesce_expr->n_args; i++)
			if (is_string_expr(n->coalesce_expr->args[i]))
				return true;
	}
	return false;
}

static bool is_integer_type(const char *t)
{
	return !strcmp(t, "int2") || !strcmp(t, "int4") || !strcmp(t, "int8") || !strcmp(t, "numeric");
}

/* The rewrite's state below (in_array, strip_rel, protected_cast, query_mode, cast_arg) is per thread:
 * the two loads of `strata diff` normalize at once. */

/* >0 while inside an ARRAY[...] constructor: there a column's cast decides the array's element type
 * (ARRAY[name::text] || text_array), so it is kept. */
static _Thread_local int in_array;

static void walk_msg(ProtobufCMessage *m);

static void visit(ProtobufCMessage *m);

/* The relation whose expression is normalized (expr_normalize_rel): references `rel.col` and
 * `schema.rel.col` print as `col`, as pg_get_expr prints the columns of the one relation in scope. */
static _Thread_local const char *strip_rel;

/* In a query, the cast that is the whole value of the output column being visited: kept. */
static _Thread_local const PgQuery__Node *protected_cast;
/* Set while normalizing a query (view definition): the output-column rules of view_query_normalize run. */
static _Thread_local bool query_mode;

/* Rewrite rules applied bottom-up to every Node (docs/normalization.md). */
static void rewrite(PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		PgQuery__ColumnRef *cr = n->column_ref;
		if (!strip_rel || cr->n_fields < 2 || cr->n_fields > 3 ||
		    !node_str(cr->fields[cr->n_fields - 2]) ||
		    strcmp(node_str(cr->fields[cr->n_fields - 2]), strip_rel) ||
		    cr->fields[cr->n_fields - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
			break;
		size_t drop = cr->n_fields - 1;
		for (size_t i = 0; i < drop; i++)
			protobuf_c_message_free_unpacked(&cr->fields[i]->base, NULL);
		cr->fields[0] = cr->fields[drop];
		cr->n_fields = 1;
		break;
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		PgQuery__TypeCast *tc = n->type_cast;
		qualify_builtin(tc->type_name);
		if (n == protected_cast)
			break; /* a query's output column: its cast sets the column's type */
		const char *t = typename_last(tc->type_name);
		PgQuery__Node *arg = tc->arg;
		if (!t || !arg || tc->type_name->n_names > 2)
			break;
		if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST)
			canonical_literal(arg->a_const, t, tc->type_name->n_array_bounds > 0);
		if (!strcmp(t, "regclass"))
			break; /* kept: nextval('s'::regclass) */
		if (!strcmp(t, "bool") && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
			/* 't'::boolean → true */
			const char *v = arg->a_const->sval->sval;
			int b = !strcmp(v, "t") || !strcmp(v, "true") || !strcmp(v, "y") ||
			                !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1")
			            ? 1
			        : !strcmp(v, "f") || !strcmp(v, "false") || !strcmp(v, "n") ||
			                !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0")
			            ? 0
			            : -1;
			if (b >= 0) {
				PgQuery__AConst *c = arg->a_const;
				protobuf_c_message_free_unpacked(&c->sval->base, NULL);
				PgQuery__Boolean *bv = xmalloc(sizeof(*bv));
				pg_query__boolean__init(bv);
				bv->boolval = b;
				c->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
				c->boolval = bv;
				replace_with(n, arg, &tc->base, &tc->arg);
				break;
			}
		}
		if (query_mode && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && strcmp(t, "text") &&
		    strcmp(t, "varchar") && strcmp(t, "bpchar") && strcmp(t, "name")) {
			/* In a query the literal's type is not fixed by a column: `now() - '90
			 * days'::interval` without its cast would resolve the literal as a timestamp. Kept
			 * (the server prints it too), except numbers, which are typed without a cast. */
			bool is_int;
			if (!(is_numeric_type(t) && !tc->type_name->n_array_bounds &&
			      looks_numeric(arg->a_const->sval->sval, &is_int)))
				break;
		}
		if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
			PgQuery__AConst *c = arg->a_const;
			bool is_int;
			if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && is_numeric_type(t) &&
			    !tc->type_name->n_array_bounds && looks_numeric(c->sval->sval, &is_int)) {
				/* '-1'::integer → -1 */
				char *s = c->sval->sval;
				c->sval->sval = NULL;
				protobuf_c_message_free_unpacked(&c->sval->base, NULL);
				long long v = strtoll(s, NULL, 10);
				if (is_int && v >= INT32_MIN && v <= INT32_MAX) {
					PgQuery__Integer *iv = xmalloc(sizeof(*iv));
					pg_query__integer__init(iv);
					iv->ival = (int32_t)v;
					c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
					c->ival = iv;
					free(s);
				} else {
					PgQuery__Float *fv = xmalloc(sizeof(*fv));
					pg_query__float__init(fv);
					fv->fval = s;
					c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
					c->fval = fv;
				}
			}
			replace_with(n, arg, &tc->base, &tc->arg);
		} else if (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && !in_array &&
		           (!strcmp(t, "text") || !strcmp(t, "varchar")) && !tc->type_name->n_array_bounds) {
			replace_with(n, arg, &tc->base, &tc->arg);
		} else if (!in_array && (!strcmp(t, "text") || !strcmp(t, "varchar")) &&
		           !tc->type_name->n_array_bounds && !tc->type_name->n_typmods &&
		           is_string_expr(arg)) {
			/* CAST(x AS varchar)::text: the server's implicit cast to a text argument (binary
			 * coercible) */
			replace_with(n, arg, &tc->base, &tc->arg);
		} else if (arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
		           (!strcmp(t, "text") || !strcmp(t, "varchar"))) {
			/* (ARRAY['a'::varchar])::text[] as the server prints IN lists; other element types
			 * keep it */
			bool all_const =
			    arg->a_array_expr->n_elements > 0; /* ARRAY[]::int[] needs its cast */
			for (size_t i = 0; i < arg->a_array_expr->n_elements; i++)
				if (arg->a_array_expr->elements[i]->node_case != PG_QUERY__NODE__NODE_A_CONST)
					all_const = false;
			if (all_const)
				replace_with(n, arg, &tc->base, &tc->arg);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_A_CONST: {
		/* '{a, b}' → '{a,b}' (array_out's form), typed or not */
		PgQuery__AConst *c = n->a_const;
		if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && c->sval->sval) {
			char *v = array_literal_canonical(c->sval->sval);
			if (v)
				set_sval(c, v);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
		/* COALESCE(int_col::bigint, bigint_col): the server's cast of a column to the arguments'
		 * common integer type (a widening that changes no value) */
		bool co = n->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR;
		size_t na = co ? n->coalesce_expr->n_args : n->min_max_expr->n_args;
		PgQuery__Node **args = co ? n->coalesce_expr->args : n->min_max_expr->args;
		for (size_t i = 0; i < na; i++) {
			PgQuery__Node *x = args[i];
			if (x->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || !x->type_cast->arg ||
			    x->type_cast->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF ||
			    x->type_cast->type_name->n_array_bounds)
				continue;
			const char *t = typename_last(x->type_cast->type_name);
			if (t && is_integer_type(t) && strcmp(t, "numeric"))
				replace_with(x, x->type_cast->arg, &x->type_cast->base, &x->type_cast->arg);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *e = n->a_expr;
		if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && e->n_name == 1 && node_str(e->name[0])) {
			/* a ~~ b is how the server prints a LIKE b (!~~ NOT LIKE, ~~* ILIKE, !~~* NOT ILIKE)
			 */
			const char *op = node_str(e->name[0]);
			if (!strcmp(op, "~~") || !strcmp(op, "!~~"))
				e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_LIKE;
			else if (!strcmp(op, "~~*") || !strcmp(op, "!~~*"))
				e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE;
			break;
		}
		if ((e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
		     e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL) &&
		    e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
		    e->rexpr->type_cast->arg &&
		    e->rexpr->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
		    e->rexpr->type_cast->type_name->n_array_bounds) {
			/* x = ANY (ARRAY['a'::t, 'b'::t]) (hoisted to ARRAY['a', 'b']::t[]): the list's type
			 * is x's */
			PgQuery__Node *r = e->rexpr;
			replace_with(r, r->type_cast->arg, &r->type_cast->base, &r->type_cast->arg);
		}
		if ((e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
		     e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL) &&
		    e->n_name == 1 && e->rexpr && e->rexpr->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
		    e->rexpr->a_array_expr->n_elements) {
			/* x = ANY (ARRAY[consts]) → x IN (consts); x <> ALL (...) → x NOT IN (...): the
			 * server's form of an IN list, turned back into the list (whose literals resolve
			 * against x's type) */
			const char *op = node_str(e->name[0]);
			bool any = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
			bool all_const = true;
			PgQuery__AArrayExpr *arr = e->rexpr->a_array_expr;
			for (size_t i = 0; i < arr->n_elements; i++)
				all_const &= arr->elements[i]->node_case == PG_QUERY__NODE__NODE_A_CONST;
			if (op && all_const && ((any && !strcmp(op, "=")) || (!any && !strcmp(op, "<>")))) {
				PgQuery__List *l = xmalloc(sizeof(*l));
				pg_query__list__init(l);
				l->n_items = arr->n_elements;
				l->items = arr->elements;
				arr->n_elements = 0;
				arr->elements = NULL;
				protobuf_c_message_free_unpacked(&e->rexpr->base, NULL);
				e->rexpr = new_node();
				e->rexpr->node_case = PG_QUERY__NODE__NODE_LIST;
				e->rexpr->list = l;
				e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_IN;
			}
			break;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = n->func_call;
		if (f->n_funcname == 2 && node_str(f->funcname[0]) &&
		    !strcmp(node_str(f->funcname[0]), "pg_catalog")) {
			protobuf_c_message_free_unpacked(&f->funcname[0]->base, NULL);
			f->funcname[0] = f->funcname[1];
			f->n_funcname = 1;
		}
		const char *fn = f->n_funcname == 1 ? node_str(f->funcname[0]) : NULL;
		if (fn && (!strcmp(fn, "nextval") || !strcmp(fn, "currval") || !strcmp(fn, "setval")) &&
		    f->n_args >= 1 && f->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    f->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
			PgQuery__TypeCast *tc = xmalloc(sizeof(*tc));
			pg_query__type_cast__init(tc);
			tc->arg = f->args[0];
			tc->type_name = xmalloc(sizeof(*tc->type_name));
			pg_query__type_name__init(tc->type_name);
			tc->type_name->n_names = 1;
			tc->type_name->names = xmalloc(sizeof(PgQuery__Node *));
			tc->type_name->names[0] = string_node("regclass");
			tc->type_name->typemod = -1;
			canonical_literal(tc->arg->a_const, "regclass", false);
			PgQuery__Node *w = new_node();
			w->node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
			w->type_cast = tc;
			f->args[0] = w;
		}
		break;
	}
	default:
		break;
	}
}

/* The ARRAY[...] that is the argument of a cast being visited: it is not hoisted (below). */
static _Thread_local const PgQuery__Node *cast_arg;

/* ARRAY['a'::t, 'b'::t] → ARRAY['a', 'b']::t[]: every element a constant cast to the same type T, and the
 * array itself not cast. That is how the server prints a typed array literal (an enum array default); the
 * form written in migrations is the cast of the whole array. Hoisting the type keeps the meaning (the
 * element casts of constants are dropped next, the array cast stays). */
static void hoist_array_cast(PgQuery__Node *n)
{
	PgQuery__AArrayExpr *arr = n->a_array_expr;
	if (!arr->n_elements || n == cast_arg)
		return;
	PgQuery__TypeName *first = NULL;
	for (size_t i = 0; i < arr->n_elements; i++) {
		const PgQuery__Node *e = arr->elements[i];
		if (e->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || !e->type_cast->arg ||
		    e->type_cast->arg->node_case != PG_QUERY__NODE__NODE_A_CONST ||
		    !e->type_cast->type_name || e->type_cast->type_name->n_array_bounds ||
		    e->type_cast->type_name->n_typmods)
			return;
		PgQuery__TypeName *tn = e->type_cast->type_name;
		if (!first) {
			first = tn;
			continue;
		}
		if (tn->n_names != first->n_names)
			return;
		for (size_t k = 0; k < tn->n_names; k++)
			if (!node_str(tn->names[k]) || !node_str(first->names[k]) ||
			    strcmp(node_str(tn->names[k]), node_str(first->names[k])))
				return;
	}
	const char *t = typename_last(first);
	if (!t || !strcmp(t, "regclass"))
		return;
	PgQuery__TypeName *tn = xmalloc(sizeof(*tn));
	pg_query__type_name__init(tn);
	tn->n_names = first->n_names;
	tn->names = xmalloc(tn->n_names * sizeof(PgQuery__Node *));
	for (size_t k = 0; k < tn->n_names; k++)
		tn->names[k] = string_node(node_str(first->names[k]));
	tn->typemod = -1;
	tn->n_array_bounds = 1;
	tn->array_bounds = xmalloc(sizeof(PgQuery__Node *));
	PgQuery__Integer *iv = xmalloc(sizeof(*iv));
	pg_query__integer__init(iv);
	iv->ival = -1;
	tn->array_bounds[0] = new_node();
	tn->array_bounds[0]->node_case = PG_QUERY__NODE__NODE_INTEGER;
	tn->array_bounds[0]->integer = iv;
	PgQuery__Node *child = new_node();
	*child = *n; /* the array moves into the cast */
	PgQuery__TypeCast *tc = xmalloc(sizeof(*tc));
	pg_query__type_cast__init(tc);
	tc->arg = child;
	tc->type_name = tn;
	tc->location = -1;
	pg_query__node__init(n);
	n->node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
	n->type_cast = tc;
}

static void visit(ProtobufCMessage *m)
{
	if (!m)
		return;
	if (m->descriptor == &pg_query__node__descriptor) {
		PgQuery__Node *n = (PgQuery__Node *)m;
		if (n->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
			hoist_array_cast(n);
		if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
			cast_arg = n->type_cast->arg;
		if (query_mode && n->node_case == PG_QUERY__NODE__NODE_RES_TARGET && n->res_target->val) {
			const PgQuery__Node *saved = protected_cast;
			if (n->res_target->val->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
				protected_cast = n->res_target->val;
			walk_msg(m);
			protected_cast = saved;
			return;
		}
	}
	bool arr = m->descriptor == &pg_query__node__descriptor &&
	           ((PgQuery__Node *)m)->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
	in_array += arr;
	walk_msg(m);
	in_array -= arr;
	if (m->descriptor == &pg_query__node__descriptor)
		rewrite((PgQuery__Node *)m);
}

static bool visit_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)ud;
	(void)field;
	visit(c);
	return false;
}

static void walk_msg(ProtobufCMessage *m)
{
	sql_each_child(m, visit_child, NULL);
}

/* Does any node under M need a rewrite rule (a cast, IN list, qualified or sequence function)? When none
 * does, the borrowed tree is printed directly, without the private copy. */
static bool needs_rewrite(const ProtobufCMessage *m);

static bool needs_rewrite_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)ud;
	(void)field;
	return needs_rewrite(c);
}

static bool needs_rewrite(const ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__node__descriptor) {
		const PgQuery__Node *n = (const PgQuery__Node *)m;
		if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST ||
		    n->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR ||
		    n->node_case == PG_QUERY__NODE__NODE_MIN_MAX_EXPR)
			return true;
		if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL && n->a_const->sval->sval &&
		    n->a_const->sval->sval[0] == '{')
			return true;
		if (n->node_case == PG_QUERY__NODE__NODE_A_EXPR &&
		    n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && n->a_expr->n_name == 1 &&
		    node_str(n->a_expr->name[0]) && strstr(node_str(n->a_expr->name[0]), "~~"))
			return true;
		if (n->node_case == PG_QUERY__NODE__NODE_A_EXPR &&
		    (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
		     n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL))
			return true;
		if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
			const PgQuery__FuncCall *f = n->func_call;
			const char *fn = f->n_funcname ? node_str(f->funcname[f->n_funcname - 1]) : NULL;
			if (f->n_funcname > 1 || (fn && (!strcmp(fn, "nextval") || !strcmp(fn, "currval") ||
			                                 !strcmp(fn, "setval"))))
				return true;
		}
	}
	return sql_each_child(m, needs_rewrite_child, NULL);
}

/* Deparse a one-statement ParseResult; returns malloc'd text or NULL. */
static char *deparse_result(PgQuery__ParseResult *pr)
{
	PgQueryProtobuf pb;
	pb.len = pg_query__parse_result__get_packed_size(pr);
	pb.data = xmalloc(pb.len ? pb.len : 1);
	pg_query__parse_result__pack(pr, (uint8_t *)pb.data);
	PgQueryDeparseResult dr = pg_query_deparse_protobuf(pb);
	free(pb.data);
	char *out = NULL;
	if (!dr.error && dr.query)
		out = xstrdup(dr.query);
	pg_query_free_deparse_result(dr);
	return out;
}

/* Owned deep copy of a ParseResult (pack + unpack). */
static PgQuery__ParseResult *copy_result(PgQuery__ParseResult *pr)
{
	size_t len = pg_query__parse_result__get_packed_size(pr);
	uint8_t *buf = xmalloc(len ? len : 1);
	pg_query__parse_result__pack(pr, buf);
	PgQuery__ParseResult *c = pg_query__parse_result__unpack(NULL, len, buf);
	free(buf);
	return c;
}

/* Context rule for a column default: the top expression of OWNED, when it is a lone quoted literal, is read
 * as the column's type CONTEXT_TYPE, as the server does before it stores the constant ('t' → true, '5' → 5,
 * '2020-01-01' on a timestamp column → '2020-01-01 00:00:00'). A literal with a cast of its own is left to
 * the cast rules: '1970-01-01'::timestamp on a timestamptz column stays a timestamp value. */
static void apply_context(PgQuery__ParseResult *pr, const char *context_type)
{
	if (!context_type || pr->n_stmts != 1 || !pr->stmts[0]->stmt ||
	    pr->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return;
	PgQuery__SelectStmt *sel = pr->stmts[0]->stmt->select_stmt;
	if (sel->n_target_list != 1 || sel->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return;
	PgQuery__Node *v = sel->target_list[0]->res_target->val;
	if (!v || v->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    v->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || !v->a_const->sval->sval)
		return;
	PgQuery__AConst *c = v->a_const;
	const char *inner = c->sval->sval;
	if (strstr(context_type, "[]"))
		return;
	if (!strcmp(context_type, "boolean")) {
		int b = !strcmp(inner, "t") || !strcmp(inner, "true") || !strcmp(inner, "on") ||
		                !strcmp(inner, "yes")
		            ? 1
		        : !strcmp(inner, "f") || !strcmp(inner, "false") || !strcmp(inner, "off") ||
		                !strcmp(inner, "no")
		            ? 0
		            : -1;
		if (b < 0)
			return;
		protobuf_c_message_free_unpacked(&c->sval->base, NULL);
		PgQuery__Boolean *bv = xmalloc(sizeof(*bv));
		pg_query__boolean__init(bv);
		bv->boolval = b;
		c->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
		c->boolval = bv;
		return;
	}
	const char *paren = strchr(context_type, '(');
	char *base = xstrndup(context_type, paren ? (size_t)(paren - context_type) : strlen(context_type));
	bool is_int;
	if (is_numeric_type(base) && looks_numeric(inner, &is_int)) {
		char *s = c->sval->sval;
		c->sval->sval = NULL;
		protobuf_c_message_free_unpacked(&c->sval->base, NULL);
		PgQuery__Float *fv = xmalloc(sizeof(*fv));
		pg_query__float__init(fv);
		fv->fval = s;
		c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
		c->fval = fv;
	} else if (datetime_kind(context_type) >= 0 || !strcmp(base, "interval") || !strcmp(base, "bytea")) {
		canonical_literal(c, datetime_kind(context_type) >= 0 ? context_type : base, false);
	}
	free(base);
}

/* Normalize the owned `SELECT <e>` parse result (consumed), deparse, strip "SELECT ". Malloc'd text, or
 * NULL when it does not deparse. */
static char *normalize_select_target(PgQuery__ParseResult *owned, const char *context_type)
{
	apply_context(owned, context_type);
	cast_arg = NULL;
	visit(&owned->base);
	char *txt = deparse_result(owned);
	pg_query__parse_result__free_unpacked(owned, NULL);
	if (txt && !strncmp(txt, "SELECT ", 7))
		memmove(txt, txt + 7, strlen(txt + 7) + 1);
	return txt;
}

const char *expr_normalize(Arena *a, const PgQuery__Node *e, const char *context_type)
{
	return expr_normalize_rel(a, e, context_type, NULL);
}

/* `SELECT E` as a parse result on the caller's stack: nothing allocated, E borrowed. */
typedef struct SelectOf {
	PgQuery__ResTarget rt;
	PgQuery__Node rtn, seln;
	PgQuery__Node *tl[1];
	PgQuery__SelectStmt sel;
	PgQuery__RawStmt raw;
	PgQuery__RawStmt *stmts[1];
	PgQuery__ParseResult pr;
} SelectOf;

static PgQuery__ParseResult *select_of(SelectOf *s, const PgQuery__Node *e)
{
	pg_query__res_target__init(&s->rt);
	s->rt.val = (PgQuery__Node *)e;
	pg_query__node__init(&s->rtn);
	s->rtn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	s->rtn.res_target = &s->rt;
	s->tl[0] = &s->rtn;
	pg_query__select_stmt__init(&s->sel);
	s->sel.n_target_list = 1;
	s->sel.target_list = s->tl;
	s->sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	s->sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	pg_query__node__init(&s->seln);
	s->seln.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	s->seln.select_stmt = &s->sel;
	pg_query__raw_stmt__init(&s->raw);
	s->raw.stmt = &s->seln;
	s->stmts[0] = &s->raw;
	pg_query__parse_result__init(&s->pr);
	s->pr.version = PG_VERSION_NUM;
	s->pr.n_stmts = 1;
	s->pr.stmts = s->stmts;
	return &s->pr;
}

/* PR (one `SELECT <expr>`) deparsed, "SELECT " stripped: malloc'd, or NULL when it does not deparse. */
static char *deparse_target(PgQuery__ParseResult *pr)
{
	char *txt = deparse_result(pr);
	if (txt && !strncmp(txt, "SELECT ", 7))
		memmove(txt, txt + 7, strlen(txt + 7) + 1);
	return txt;
}

/* E deparsed as it is (no normalization): malloc'd, or NULL. */
static char *deparse_expr(const PgQuery__Node *e)
{
	SelectOf so;
	return deparse_target(select_of(&so, e));
}

const char *expr_deparse(Arena *a, const PgQuery__Node *e)
{
	if (!e)
		return NULL;
	char *txt = deparse_expr(e);
	const char *r = txt ? arena_strdup(a, txt) : NULL;
	free(txt);
	return r;
}

/* expr_normalize_rel without the memo: malloc'd text, or NULL when the tree does not deparse. */
static char *expr_normalize_uncached(const PgQuery__Node *e, const char *context_type, const char *rel)
{
	SelectOf so;
	PgQuery__ParseResult *pr = select_of(&so, e);
	if (!context_type && !rel && !needs_rewrite(&e->base))
		return deparse_target(pr);
	PgQuery__ParseResult *owned = copy_result(pr);
	if (!owned)
		return NULL;
	strip_rel = rel;
	char *r = normalize_select_target(owned, context_type);
	strip_rel = NULL;
	return r;
}

/* ---- the memo ---- */

/* Normalized expression text by (the tree's structure without its locations, context type, relation): the
 * same expression (a DEFAULT now() on every table) goes through pack, rewrite and deparse once per process,
 * not once per column. One memo for every thread (the two loads of `strata diff` run at once), under one
 * lock; a hit is copied into the caller's arena under it, so that a flush (past MEMO_MAX_BYTES, to bound
 * what a long process keeps) never takes text from under a reader. Its memory stays reachable to the end. */
#define MEMO_MAX_BYTES ((size_t)32 << 20)
static struct {
	pthread_mutex_t mu;
	HMap map;    /* key → text, both in arena */
	Arena arena; /* keys and texts */
	size_t hits, misses;
} memo = {PTHREAD_MUTEX_INITIALIZER, HMAP_INIT, {NULL, 0}, 0, 0};

static void memo_key_part(StrBuf *k, const char *s)
{
	if (s)
		sb_appendf(k, "s%zu:%s", strlen(s), s);
	else
		sb_putc(k, 'n');
}

void expr_memo_stats(size_t *hits, size_t *misses)
{
	pthread_mutex_lock(&memo.mu);
	*hits = memo.hits;
	*misses = memo.misses;
	pthread_mutex_unlock(&memo.mu);
}

void expr_memo_clear(void)
{
	pthread_mutex_lock(&memo.mu);
	hmap_release(&memo.map);
	arena_release(&memo.arena);
	memo.hits = memo.misses = 0;
	pthread_mutex_unlock(&memo.mu);
}

typedef struct RelRef {
	const char *rel;
	bool found;
} RelRef;

static void find_rel_ref(void *ud, const PgQuery__Node *n)
{
	RelRef *r = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return;
	const PgQuery__ColumnRef *cr = n->column_ref;
	if (cr->n_fields >= 2 && cr->n_fields <= 3 && node_str(cr->fields[cr->n_fields - 2]) &&
	    !strcmp(node_str(cr->fields[cr->n_fields - 2]), r->rel))
		r->found = true;
}

const char *expr_normalize_rel(Arena *a, const PgQuery__Node *e, const char *context_type, const char *rel)
{
	if (!e)
		return NULL;
	if (rel) {
		/* REL only matters to a column reference qualified with it (the rewrite rule for them):
		 * without one, the expression is the same for every relation (DEFAULT now() on each table:
		 * one entry) */
		RelRef rr = {rel, false};
		sql_walk_nodes(e, find_rel_ref, &rr);
		if (!rr.found)
			rel = NULL;
	}
	StrBuf key = STRBUF_INIT;
	memo_key_part(&key, context_type);
	memo_key_part(&key, rel);
	sql_tree_key(&key, &e->base);
	pthread_mutex_lock(&memo.mu);
	const char *hit = hmap_get(&memo.map, sb_str(&key));
	const char *r = hit ? arena_strdup(a, hit) : NULL;
	memo.hits += hit != NULL;
	memo.misses += hit == NULL;
	pthread_mutex_unlock(&memo.mu);
	if (r) {
		sb_release(&key);
		return r;
	}
	char *txt = expr_normalize_uncached(e, context_type, rel);
	r = arena_strdup(a, txt ? txt : "?");
	pthread_mutex_lock(&memo.mu);
	if (memo.arena.used_total > MEMO_MAX_BYTES) {
		hmap_release(&memo.map);
		arena_release(&memo.arena);
	}
	if (!hmap_has(&memo.map, sb_str(&key))) /* another thread may have put it meanwhile */
		hmap_put(&memo.map, arena_strndup(&memo.arena, sb_str(&key), key.len),
		         arena_strdup(&memo.arena, r));
	pthread_mutex_unlock(&memo.mu);
	free(txt);
	sb_release(&key);
	return r;
}

const char *expr_normalize_sql(Arena *a, const char *text, const char *context_type)
{
	char *sql = xasprintf("SELECT %s", text);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	if (!pr)
		return NULL;
	char *txt = normalize_select_target(pr, context_type);
	const char *r = arena_strdup(a, txt);
	free(txt);
	return r;
}

const char *query_normalize(Arena *a, const PgQuery__Node *select)
{
	/* Queries are printed as written (no rewrite rules): dropping a literal's cast in a SELECT list would
	 * change the view's column types. */
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	raw.stmt = (PgQuery__Node *)select;
	PgQuery__RawStmt *stmts[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = stmts;
	char *txt = deparse_result(&pr);
	const char *r = arena_strdup(a, txt ? txt : "?");
	free(txt);
	return r;
}

const char *query_normalize_sql(Arena *a, const char *text)
{
	PgQuery__ParseResult *pr = sql_parse_owned(text);
	if (!pr)
		return NULL;
	char *txt = deparse_result(pr);
	pg_query__parse_result__free_unpacked(pr, NULL);
	const char *r = txt ? arena_strdup(a, txt) : NULL;
	free(txt);
	return r;
}

/* ---- view definitions ---- */

static void set_string(char **slot, const char *v);

/* Output-column names as pg_get_viewdef prints them, in every SELECT of the query: `col AS col` loses its
 * AS, an expression without AS gets the name PostgreSQL gave it (`sum(x)` → `sum(x) AS sum`,
 * `ROW(...)::t` → `... AS "row"`). TOP (the view's own SELECT list, or each branch of a set operation at
 * the top) takes the names in COLS when given (CREATE VIEW v (a, b) renames its columns). */
static void name_targets(PgQuery__SelectStmt *s, const char *const *cols, size_t ncols)
{
	if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		if (s->larg)
			name_targets(s->larg, cols, ncols);
		if (s->rarg)
			name_targets(s->rarg, NULL,
			             0); /* the names are the left branch's; the right ones are not printed */
		return;
	}
	for (size_t i = 0; i < s->n_target_list; i++) {
		PgQuery__Node *t = s->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target->val)
			continue;
		PgQuery__ResTarget *rt = t->res_target;
		if (rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && rt->val->column_ref->n_fields &&
		    rt->val->column_ref->fields[rt->val->column_ref->n_fields - 1]->node_case ==
		        PG_QUERY__NODE__NODE_A_STAR)
			continue;
		if (i < ncols && cols[i])
			set_string(&rt->name, cols[i]);
		const char *fig;
		sql_figure_colname(rt->val, &fig, NULL, NULL);
		bool is_col = rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF;
		if (is_col && rt->name && rt->name[0] && !strcmp(rt->name, fig)) {
			free(rt->name);
			rt->name = (char *)protobuf_c_empty_string;
		} else if (!is_col && (!rt->name || !rt->name[0])) {
			set_string(&rt->name, fig);
		}
	}
}

static void name_all(ProtobufCMessage *m, const char *const *cols, size_t ncols, bool top);

/* UD is the parent: a SELECT's larg/rarg were named by the parent already. */
static bool name_all_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	const ProtobufCMessage *parent = ud;
	if (parent->descriptor == &pg_query__select_stmt__descriptor &&
	    (!strcmp(field->name, "larg") || !strcmp(field->name, "rarg")))
		return false;
	name_all(c, NULL, 0, false);
	return false;
}

/* Visit every SELECT of M (sub-queries included) with name_targets; the top one gets COLS. */
static void name_all(ProtobufCMessage *m, const char *const *cols, size_t ncols, bool top)
{
	if (m->descriptor == &pg_query__select_stmt__descriptor) {
		PgQuery__SelectStmt *s = (PgQuery__SelectStmt *)m;
		name_targets(s, top ? cols : NULL, top ? ncols : 0);
		if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
			if (s->larg)
				name_all(&s->larg->base, NULL, 0, false);
			if (s->rarg)
				name_all(&s->rarg->base, NULL, 0, false);
			/* larg/rarg themselves were named above; their sub-queries are reached below */
		}
	}
	sql_each_child(m, name_all_child, m);
}

/* ---- column references qualified with their relation (replay side) ---- */

typedef struct QScope {
	const struct QScope *up;
	size_t n;
	const char *schema[32], *rel[32], *label[32]; /* label: the alias, else the relation name */
} QScope;

typedef struct QualCtx {
	ViewColumnFn fn;
	void *ctx;
} QualCtx;

static void scope_from(QScope *sc, const PgQuery__Node *n)
{
	if (!n || sc->n >= 32)
		return;
	if (n->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
		const PgQuery__RangeVar *rv = n->range_var;
		sc->schema[sc->n] = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
		sc->rel[sc->n] = rv->relname;
		sc->label[sc->n] = rv->alias && rv->alias->aliasname ? rv->alias->aliasname : rv->relname;
		sc->n++;
	} else if (n->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) {
		if (n->join_expr->n_using_clause || n->join_expr->is_natural)
			sc->n = 33; /* USING/NATURAL merge columns: leave the references alone */
		scope_from(sc, n->join_expr->larg);
		scope_from(sc, n->join_expr->rarg);
	} else {
		/* a sub-query or function in FROM: columns unknown */
		sc->schema[sc->n] = NULL;
		sc->rel[sc->n] = NULL;
		sc->label[sc->n] =
		    n->node_case == PG_QUERY__NODE__NODE_RANGE_SUBSELECT && n->range_subselect->alias
		        ? n->range_subselect->alias->aliasname
		        : NULL;
		sc->n++;
	}
}

static void qualify_walk(QualCtx *q, ProtobufCMessage *m, const QScope *sc);

static void qualify_select(QualCtx *q, PgQuery__SelectStmt *s, const QScope *up);

static void qualify_child(QualCtx *q, ProtobufCMessage *c, const QScope *sc)
{
	if (c->descriptor == &pg_query__select_stmt__descriptor)
		qualify_select(q, (PgQuery__SelectStmt *)c, sc);
	else
		qualify_walk(q, c, sc);
}

static void qualify_select(QualCtx *q, PgQuery__SelectStmt *s, const QScope *up)
{
	if (s->with_clause)
		return; /* CTE names in FROM: left alone */
	if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		if (s->larg)
			qualify_select(q, s->larg, up);
		if (s->rarg)
			qualify_select(q, s->rarg, up);
		return;
	}
	QScope sc = {0};
	sc.up = up;
	for (size_t i = 0; i < s->n_from_clause; i++)
		scope_from(&sc, s->from_clause[i]);
	qualify_walk(q, &s->base, &sc);
}

/* Qualify the bare column reference CR with the one relation of scope SC (or an outer one) that has it. */
static void qualify_ref(QualCtx *q, PgQuery__ColumnRef *cr, const QScope *sc)
{
	if (cr->n_fields != 1 || !node_str(cr->fields[0]))
		return;
	const char *col = node_str(cr->fields[0]);
	for (const QScope *s = sc; s; s = s->up) {
		if (s->n > 32)
			return;
		int found = -1, unknown = 0, hits = 0;
		for (size_t i = 0; i < s->n; i++) {
			int r = s->rel[i] ? q->fn(q->ctx, s->schema[i], s->rel[i], col) : -1;
			if (r > 0) {
				hits++;
				found = (int)i;
			} else if (r < 0)
				unknown++;
		}
		if (hits == 1 && !unknown) {
			PgQuery__Node **f = xmalloc(2 * sizeof(*f));
			f[0] = string_node(s->label[found]);
			f[1] = cr->fields[0];
			free(cr->fields);
			cr->fields = f;
			cr->n_fields = 2;
			return;
		}
		if (s->n == 1 && unknown == 1 && s->label[0]) {
			/* the only relation of the nearest level with relations, its columns unknown: the
			 * reference is its (the levels inside have none) */
			PgQuery__Node **f = xmalloc(2 * sizeof(*f));
			f[0] = string_node(s->label[0]);
			f[1] = cr->fields[0];
			free(cr->fields);
			cr->fields = f;
			cr->n_fields = 2;
			return;
		}
		if (hits || unknown)
			return;
	}
}

typedef struct QualifyStep {
	QualCtx *q;
	const QScope *sc;
	bool is_select;
} QualifyStep;

static bool qualify_step(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	QualifyStep *st = ud;
	if (st->is_select && (!strcmp(field->name, "sort_clause") || !strcmp(field->name, "with_clause")))
		return false; /* ORDER BY may name output columns; CTEs are left alone */
	qualify_child(st->q, c, st->sc);
	return false;
}

static void qualify_walk(QualCtx *q, ProtobufCMessage *m, const QScope *sc)
{
	if (m->descriptor == &pg_query__column_ref__descriptor) {
		qualify_ref(q, (PgQuery__ColumnRef *)m, sc);
		return;
	}
	QualifyStep step = {q, sc, m->descriptor == &pg_query__select_stmt__descriptor};
	sql_each_child(m, qualify_step, &step);
}

/* Normalize a view's query: the expression rules (docs/normalization.md) everywhere except the cast that is
 * an output column's whole value, then the output-column names. */
static const char *view_query_finish(Arena *a, PgQuery__ParseResult *pr, const char *const *cols,
                                     size_t ncols)
{
	if (pr->n_stmts == 1 && pr->stmts[0]->stmt &&
	    pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
		name_all(&pr->stmts[0]->stmt->select_stmt->base, cols, ncols, true);
	query_mode = true;
	protected_cast = NULL;
	cast_arg = NULL;
	visit(&pr->base);
	query_mode = false;
	protected_cast = NULL;
	char *txt = deparse_result(pr);
	const char *r = txt ? arena_strdup(a, txt) : NULL;
	free(txt);
	return r;
}

const char *view_query_normalize(Arena *a, const PgQuery__Node *select, const char *const *cols, size_t ncols,
                                 ViewColumnFn fn, void *ctx)
{
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	raw.stmt = (PgQuery__Node *)select;
	PgQuery__RawStmt *stmts[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = stmts;
	PgQuery__ParseResult *owned = copy_result(&pr);
	if (!owned)
		return arena_strdup(a, "?");
	if (fn && owned->stmts[0]->stmt &&
	    owned->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		QualCtx q = {fn, ctx};
		qualify_select(&q, owned->stmts[0]->stmt->select_stmt, NULL);
	}
	const char *r = view_query_finish(a, owned, cols, ncols);
	pg_query__parse_result__free_unpacked(owned, NULL);
	return r ? r : arena_strdup(a, "?");
}

const char *view_query_normalize_sql(Arena *a, const char *text)
{
	PgQuery__ParseResult *pr = sql_parse_owned(text);
	if (!pr)
		return NULL;
	const char *r = view_query_finish(a, pr, NULL, 0);
	pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

/* ---- renames inside stored text ---- */

typedef struct RenameWalk {
	const char *schema, *table, *old, *newname;
	bool relation; /* renaming a relation (else a column) */
	bool no_bare;  /* columns: only table-qualified references */
	int changed;
	/* columns: the aliases TABLE has in the query (`FROM t x`): `x.col` names its column too */
	const char *aliases[16];
	size_t naliases;
	/* an expression's own wrapper target (`SELECT expr`): no output column to keep the name of */
	const PgQuery__ResTarget *wrapper;
} RenameWalk;

static void set_string(char **slot, const char *v)
{
	if (*slot && *slot != (char *)protobuf_c_empty_string)
		free(*slot);
	*slot = xstrdup(v);
}

static void rename_walk(RenameWalk *w, ProtobufCMessage *m);

static bool rename_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	rename_walk(ud, c);
	return false;
}

/* The text of regclass constant TEXT ('seq', 'public."Seq"') after relation W->old of schema W->schema is
 * renamed W->newname, kept qualified as it was; NULL when it names another relation. Parts parse as
 * identifiers do: unquoted ones fold to lower case. */
static char *regclass_renamed(const char *text, const RenameWalk *w)
{
	char parts[3][256];
	int np = sql_split_qualified_name(text, parts, 3);
	if (!np || np > 2 || strcmp(parts[np - 1], w->old))
		return NULL;
	if (np == 2 && (!w->schema || strcmp(parts[0], w->schema)))
		return NULL;
	StrBuf sb = STRBUF_INIT;
	if (np == 2) {
		cat_quote_ident(&sb, parts[0]);
		sb_putc(&sb, '.');
	}
	cat_quote_ident(&sb, w->newname);
	return sb_detach(&sb);
}

static void rename_walk(RenameWalk *w, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__type_cast__descriptor && w->relation) {
		/* 'old'::regclass: the server stores the relation's OID and prints its current name */
		PgQuery__TypeCast *tc = (PgQuery__TypeCast *)m;
		const char *ty = typename_last(tc->type_name);
		if (ty && !strcmp(ty, "regclass") && tc->arg &&
		    tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    tc->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		    tc->arg->a_const->sval->sval) {
			char *v = regclass_renamed(tc->arg->a_const->sval->sval, w);
			if (v) {
				set_sval(tc->arg->a_const, v);
				w->changed++;
			}
		}
	}
	if (m->descriptor == &pg_query__res_target__descriptor && !w->relation) {
		/* a view's output column keeps its name: SELECT a → SELECT z AS a */
		PgQuery__ResTarget *rt = (PgQuery__ResTarget *)m;
		if (rt != w->wrapper && (!rt->name || !rt->name[0]) && rt->val &&
		    rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
			PgQuery__ColumnRef *cr = rt->val->column_ref;
			const char *last = cr->n_fields ? node_str(cr->fields[cr->n_fields - 1]) : NULL;
			if (last && !strcmp(last, w->old))
				set_string(&rt->name, w->old);
		}
	}
	if (m->descriptor == &pg_query__range_var__descriptor && w->relation) {
		PgQuery__RangeVar *rv = (PgQuery__RangeVar *)m;
		bool schema_ok = !rv->schemaname || !rv->schemaname[0] ||
		                 (w->schema && !strcmp(rv->schemaname, w->schema));
		if (schema_ok && rv->relname && !strcmp(rv->relname, w->old)) {
			set_string(&rv->relname, w->newname);
			w->changed++;
		}
	} else if (m->descriptor == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *cr = (PgQuery__ColumnRef *)m;
		if (w->relation) { /* old.col → new.col */
			if (cr->n_fields >= 2 && node_str(cr->fields[cr->n_fields - 2]) &&
			    !strcmp(node_str(cr->fields[cr->n_fields - 2]), w->old)) {
				set_string(&cr->fields[cr->n_fields - 2]->string->sval, w->newname);
				w->changed++;
			}
		} else {
			const char *last = cr->n_fields ? node_str(cr->fields[cr->n_fields - 1]) : NULL;
			bool qual_ok = (cr->n_fields == 1 && !w->no_bare) ||
			               (cr->n_fields == 2 && node_str(cr->fields[0]) && w->table &&
			                !strcmp(node_str(cr->fields[0]), w->table));
			for (size_t i = 0; i < w->naliases && !qual_ok; i++)
				qual_ok = cr->n_fields == 2 && node_str(cr->fields[0]) &&
				          !strcmp(node_str(cr->fields[0]), w->aliases[i]);
			if (last && qual_ok && !strcmp(last, w->old)) {
				set_string(&cr->fields[cr->n_fields - 1]->string->sval, w->newname);
				w->changed++;
			}
		}
	}
	sql_each_child(m, rename_child, w);
}

/* The aliases of relation W->table in the tree at M (RangeVars `table AS alias`), into W->aliases. */
static bool alias_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field);

static void collect_aliases(RenameWalk *w, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__range_var__descriptor) {
		const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *)m;
		if (rv->relname && !strcmp(rv->relname, w->table) && rv->alias && rv->alias->aliasname &&
		    rv->alias->aliasname[0] && w->naliases < ARRAY_LEN(w->aliases))
			w->aliases[w->naliases++] = rv->alias->aliasname;
	}
	sql_each_child(m, alias_child, w);
}

static bool alias_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	collect_aliases(ud, c);
	return false;
}

static const char *rename_in(Arena *a, const char *text, bool is_expr, RenameWalk *w)
{
	if (!text)
		return text;
	char *sql = is_expr ? xasprintf("SELECT %s", text) : xstrdup(text);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	if (!pr)
		return text;
	if (!w->relation && w->table && (!is_expr || w->no_bare))
		collect_aliases(w, &pr->base);
	if (is_expr && pr->n_stmts == 1 && pr->stmts[0]->stmt &&
	    pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
	    pr->stmts[0]->stmt->select_stmt->n_target_list == 1 &&
	    pr->stmts[0]->stmt->select_stmt->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
		w->wrapper = pr->stmts[0]->stmt->select_stmt->target_list[0]->res_target;
	rename_walk(w, &pr->base);
	const char *r = text;
	if (w->changed) {
		char *txt = deparse_result(pr);
		if (txt)
			r = arena_strdup(a, is_expr && !strncmp(txt, "SELECT ", 7) ? txt + 7 : txt);
		free(txt);
	}
	pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

const char *expr_rename_column(Arena *a, const char *expr, const char *table, const char *old,
                               const char *newname)
{
	if (!expr || !strstr(expr, old))
		return expr;
	RenameWalk w = {NULL, table, old, newname, false, false, 0, {0}, 0, NULL};
	return rename_in(a, expr, true, &w);
}

const char *expr_rename_column_of(Arena *a, const char *expr, const char *table, const char *old,
                                  const char *newname)
{
	if (!expr || !strstr(expr, old))
		return expr;
	RenameWalk w = {NULL, table, old, newname, false, true, 0, {0}, 0, NULL};
	return rename_in(a, expr, true, &w);
}

const char *query_rename_column(Arena *a, const char *query, const char *table, const char *old,
                                const char *newname, bool unqualified_too)
{
	if (!query || !strstr(query, old))
		return query;
	RenameWalk w = {NULL, table, old, newname, false, !unqualified_too, 0, {0}, 0, NULL};
	return rename_in(a, query, false, &w);
}

const char *query_rename_output(Arena *a, const char *query, size_t index, const char *newname)
{
	if (!query)
		return query;
	PgQuery__ParseResult *pr = sql_parse_owned(query);
	if (!pr)
		return query;
	const char *r = query;
	PgQuery__SelectStmt *sel = pr->n_stmts == 1 && pr->stmts[0]->stmt &&
	                                   pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT
	                               ? pr->stmts[0]->stmt->select_stmt
	                               : NULL;
	/* a set operation's output names are its first arm's */
	while (sel && sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE && sel->larg)
		sel = sel->larg;
	if (sel && index < sel->n_target_list &&
	    sel->target_list[index]->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
		set_string(&sel->target_list[index]->res_target->name, newname);
		char *txt = deparse_result(pr);
		if (txt)
			r = arena_strdup(a, txt);
		free(txt);
	}
	pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

typedef struct CallRename {
	const int *locs;
	size_t n;
	const char *newname;
	int changed;
} CallRename;

static void calls_walk(CallRename *c, ProtobufCMessage *m);

static bool calls_child(void *ud, ProtobufCMessage *m, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	calls_walk(ud, m);
	return false;
}

static void calls_walk(CallRename *c, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__func_call__descriptor) {
		PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
		for (size_t i = 0; i < c->n && f->n_funcname; i++)
			if (c->locs[i] == f->location) {
				set_string(&f->funcname[f->n_funcname - 1]->string->sval, c->newname);
				c->changed++;
				break;
			}
	}
	sql_each_child(m, calls_child, c);
}

const char *query_rename_calls(Arena *a, const char *query, const int *locs, size_t n, const char *newname)
{
	if (!query || !n)
		return query;
	PgQuery__ParseResult *pr = sql_parse_owned(query);
	if (!pr)
		return query;
	CallRename c = {locs, n, newname, 0};
	calls_walk(&c, &pr->base);
	const char *r = query;
	if (c.changed) {
		char *txt = deparse_result(pr);
		if (txt)
			r = arena_strdup(a, txt);
		free(txt);
	}
	pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

const char *expr_rename_relation(Arena *a, const char *expr, const char *schema, const char *old,
                                 const char *newname)
{
	if (!expr || !strstr(expr, old))
		return expr;
	RenameWalk w = {schema, NULL, old, newname, true, false, 0, {0}, 0, NULL};
	return rename_in(a, expr, true, &w);
}

const char *query_rename_relation(Arena *a, const char *query, const char *schema, const char *old,
                                  const char *newname)
{
	if (!query || !strstr(query, old))
		return query;
	RenameWalk w = {schema, NULL, old, newname, true, false, 0, {0}, 0, NULL};
	return rename_in(a, query, false, &w);
}

/* ---- names relative to a search_path ---- */

typedef struct Unqualify {
	const char *const *path;
	size_t npath;
	int changed;
} Unqualify;

static bool in_path(const Unqualify *u, const char *schema)
{
	if (!schema || !schema[0] || !strcmp(schema, "pg_catalog"))
		return false;
	for (size_t i = 0; i < u->npath; i++)
		if (!strcmp(u->path[i], schema))
			return true;
	return false;
}

static void unqualify_walk(Unqualify *u, ProtobufCMessage *m);

static bool unqualify_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	unqualify_walk(ud, c);
	return false;
}

static void unqualify_walk(Unqualify *u, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *rv = (PgQuery__RangeVar *)m;
		if (in_path(u, rv->schemaname)) {
			set_string(&rv->schemaname, "");
			u->changed++;
		}
	} else if (m->descriptor == &pg_query__func_call__descriptor) {
		PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
		if (f->n_funcname == 2 && in_path(u, node_str(f->funcname[0]))) {
			protobuf_c_message_free_unpacked(&f->funcname[0]->base, NULL);
			f->funcname[0] = f->funcname[1];
			f->n_funcname = 1;
			u->changed++;
		}
	} else if (m->descriptor == &pg_query__type_name__descriptor) {
		PgQuery__TypeName *tn = (PgQuery__TypeName *)m;
		if (tn->n_names == 2 && in_path(u, node_str(tn->names[0]))) {
			protobuf_c_message_free_unpacked(&tn->names[0]->base, NULL);
			tn->names[0] = tn->names[1];
			tn->n_names = 1;
			u->changed++;
		}
	} else if (m->descriptor == &pg_query__type_cast__descriptor) {
		/* 'schema.rel'::regclass */
		PgQuery__TypeCast *tc = (PgQuery__TypeCast *)m;
		const char *t = typename_last(tc->type_name);
		if (t && !strcmp(t, "regclass") && tc->arg &&
		    tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    tc->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		    tc->arg->a_const->sval->sval) {
			const char *v = tc->arg->a_const->sval->sval;
			const char *dot = strchr(v, '.');
			if (dot && v[0] != '"' && !strchr(dot + 1, '.')) {
				char *schema = xstrndup(v, (size_t)(dot - v));
				if (in_path(u, schema)) {
					set_sval(tc->arg->a_const, xstrdup(dot + 1));
					u->changed++;
				}
				free(schema);
			}
		}
	}
	sql_each_child(m, unqualify_child, u);
}

const char *sql_unqualify(Arena *a, const char *text, bool is_expr, const char *const *path, size_t npath)
{
	if (!text || !npath || !strchr(text, '.'))
		return text;
	char *sql = is_expr ? xasprintf("SELECT %s", text) : xstrdup(text);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	if (!pr)
		return text;
	Unqualify u = {path, npath, 0};
	unqualify_walk(&u, &pr->base);
	const char *r = text;
	if (u.changed) {
		char *txt = deparse_result(pr);
		if (txt)
			r = arena_strdup(a, is_expr && !strncmp(txt, "SELECT ", 7) ? txt + 7 : txt);
		free(txt);
	}
	pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

/* ---- names moved to another schema ---- */

static void quote_name(StrBuf *sb, const char *s);
static const PgQuery__Node *parse_body(const char *text, PgQuery__ParseResult **pr);

typedef struct Move {
	char kind; /* 'r' relations, 'f' functions, 't' types, 's' every name of a schema; 'F' a function
	              renamed (NEW_NAME), only its calls with NARGS arguments (-1: any) */
	const char *old_schema, *name, *new_schema;
	int changed;
	const char *new_name;
	int nargs;
} Move;

static bool move_match(const Move *mv, const char *schema, const char *name)
{
	return schema && !strcmp(schema, mv->old_schema) &&
	       (mv->kind == 's' || (name && !strcmp(name, mv->name)));
}

static void move_walk(Move *mv, ProtobufCMessage *m);

static bool move_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	move_walk(ud, c);
	return false;
}

/* A two-part name list (schema, name) whose schema moves. */
static void move_names(Move *mv, PgQuery__Node **names, size_t n, char kind)
{
	if (n == 2 && (mv->kind == kind || mv->kind == 's') &&
	    move_match(mv, node_str(names[0]), node_str(names[1]))) {
		set_string(&names[0]->string->sval, mv->new_schema);
		mv->changed++;
	}
}

static void move_walk(Move *mv, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__range_var__descriptor) {
		PgQuery__RangeVar *rv = (PgQuery__RangeVar *)m;
		if ((mv->kind == 'r' || mv->kind == 's') && move_match(mv, rv->schemaname, rv->relname)) {
			set_string(&rv->schemaname, mv->new_schema);
			mv->changed++;
		}
	} else if (m->descriptor == &pg_query__func_call__descriptor && mv->kind == 'F') {
		PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
		size_t n = f->n_funcname;
		const char *last = n ? node_str(f->funcname[n - 1]) : NULL;
		bool schema_ok = n == 1 || (n == 2 && node_str(f->funcname[0]) &&
		                            !strcmp(node_str(f->funcname[0]), mv->old_schema));
		if (last && schema_ok && !strcmp(last, mv->name) &&
		    (mv->nargs < 0 || (size_t)mv->nargs == f->n_args)) {
			set_string(&f->funcname[n - 1]->string->sval, mv->new_name);
			mv->changed++;
		}
	} else if (m->descriptor == &pg_query__func_call__descriptor) {
		PgQuery__FuncCall *f = (PgQuery__FuncCall *)m;
		move_names(mv, f->funcname, f->n_funcname, 'f');
	} else if (m->descriptor == &pg_query__type_name__descriptor) {
		PgQuery__TypeName *tn = (PgQuery__TypeName *)m;
		move_names(mv, tn->names, tn->n_names, 't');
	} else if (m->descriptor == &pg_query__type_cast__descriptor &&
	           (mv->kind == 'r' || mv->kind == 's')) {
		/* 'schema.rel'::regclass */
		PgQuery__TypeCast *tc = (PgQuery__TypeCast *)m;
		const char *t = typename_last(tc->type_name);
		if (t && !strcmp(t, "regclass") && tc->arg &&
		    tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    tc->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		    tc->arg->a_const->sval->sval) {
			char *schema = NULL, *name = NULL;
			if (sql_split_qualified(tc->arg->a_const->sval->sval, &schema, &name) == 0 &&
			    move_match(mv, schema, name)) {
				StrBuf sb = STRBUF_INIT;
				quote_name(&sb, mv->new_schema);
				sb_putc(&sb, '.');
				quote_name(&sb, name);
				set_sval(tc->arg->a_const, sb_detach(&sb));
				mv->changed++;
			}
			free(schema);
			free(name);
		}
	}
	sql_each_child(m, move_child, mv);
}

static const char *move_in(Arena *a, const char *text, int form, Move *mv);

const char *sql_move_name(Arena *a, const char *text, int form, char kind, const char *old_schema,
                          const char *name, const char *new_schema)
{
	if (!text || !strstr(text, old_schema))
		return text;
	Move mv = {kind, old_schema, name, new_schema, 0, NULL, -1};
	return move_in(a, text, form, &mv);
}

const char *sql_rename_function(Arena *a, const char *text, int form, const char *schema, const char *old,
                                const char *newname, int nargs)
{
	if (!text || !strstr(text, old))
		return text;
	Move mv = {'F', schema, old, schema, 0, newname, nargs};
	return move_in(a, text, form, &mv);
}

/* TEXT (FORM as sql_move_name's) with MV applied: printed again when something changed, else TEXT. */
static const char *move_in(Arena *a, const char *text, int form, Move *mvp)
{
	PgQuery__ParseResult *pr = NULL;
	const PgQuery__Node *body = NULL;
	if (form == 2) {
		body = parse_body(text, &pr);
		if (!body) {
			if (pr)
				pg_query__parse_result__free_unpacked(pr, NULL);
			return text;
		}
	} else {
		char *sql = form == 1 ? xasprintf("SELECT %s", text) : xstrdup(text);
		pr = sql_parse_owned(sql);
		free(sql);
	}
	if (!pr)
		return text;
	move_walk(mvp, &pr->base);
	const char *r = text;
	if (mvp->changed) {
		if (form == 2) {
			const char *n = sqlbody_normalize(a, body);
			if (n)
				r = n;
		} else {
			char *txt = deparse_result(pr);
			if (txt)
				r = arena_strdup(a, form == 1 && !strncmp(txt, "SELECT ", 7) ? txt + 7 : txt);
			free(txt);
		}
	}
	pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

static const struct {
	const char *in, *out;
} builtin_types[] = {
    {"int2", "smallint"},
    {"smallint", "smallint"},
    {"int4", "integer"},
    {"int", "integer"},
    {"integer", "integer"},
    {"int8", "bigint"},
    {"bigint", "bigint"},
    {"float4", "real"},
    {"real", "real"},
    {"float8", "double precision"},
    {"double precision", "double precision"},
    {"numeric", "numeric"},
    {"decimal", "numeric"},
    {"bool", "boolean"},
    {"boolean", "boolean"},
    {"varchar", "character varying"},
    {"character varying", "character varying"},
    {"bpchar", "character"},
    {"char", "\"char\""},
    {"character", "character"},
    {"text", "text"},
    {"name", "name"},
    {"bytea", "bytea"},
    {"uuid", "uuid"},
    {"json", "json"},
    {"jsonb", "jsonb"},
    {"date", "date"},
    {"time", "time without time zone"},
    {"timetz", "time with time zone"},
    {"timestamp", "timestamp without time zone"},
    {"timestamptz", "timestamp with time zone"},
    {"interval", "interval"},
    {"inet", "inet"},
    {"cidr", "cidr"},
    {"macaddr", "macaddr"},
    {"macaddr8", "macaddr8"},
    {"money", "money"},
    {"bit", "bit"},
    {"varbit", "bit varying"},
    {"tsvector", "tsvector"},
    {"tsquery", "tsquery"},
    {"xml", "xml"},
    {"oid", "oid"},
    {"regclass", "regclass"},
    {"regtype", "regtype"},
    {"regproc", "regproc"},
    {"regprocedure", "regprocedure"},
    {"regconfig", "regconfig"},
    {"point", "point"},
    {"line", "line"},
    {"lseg", "lseg"},
    {"box", "box"},
    {"path", "path"},
    {"polygon", "polygon"},
    {"circle", "circle"},
    {"int4range", "int4range"},
    {"int8range", "int8range"},
    {"numrange", "numrange"},
    {"tsrange", "tsrange"},
    {"tstzrange", "tstzrange"},
    {"daterange", "daterange"},
    {"int4multirange", "int4multirange"},
    /* the rest of PostgreSQL 15's pg_catalog base and pseudo types (format_type spells them as named) */
    {"int8multirange", "int8multirange"},
    {"nummultirange", "nummultirange"},
    {"tsmultirange", "tsmultirange"},
    {"datemultirange", "datemultirange"},
    {"anymultirange", "anymultirange"},
    {"anycompatiblearray", "anycompatiblearray"},
    {"anycompatiblenonarray", "anycompatiblenonarray"},
    {"anycompatiblerange", "anycompatiblerange"},
    {"anycompatiblemultirange", "anycompatiblemultirange"},
    {"any", "\"any\""},
    {"xid8", "xid8"},
    {"regcollation", "regcollation"},
    {"regdictionary", "regdictionary"},
    {"regoperator", "regoperator"},
    {"table_am_handler", "table_am_handler"},
    {"index_am_handler", "index_am_handler"},
    {"tsm_handler", "tsm_handler"},
    {"pg_ddl_command", "pg_ddl_command"},
    {"pg_node_tree", "pg_node_tree"},
    {"pg_ndistinct", "pg_ndistinct"},
    {"pg_dependencies", "pg_dependencies"},
    {"pg_mcv_list", "pg_mcv_list"},
    {"pg_brin_bloom_summary", "pg_brin_bloom_summary"},
    {"pg_brin_minmax_multi_summary", "pg_brin_minmax_multi_summary"},
    {"tstzmultirange", "tstzmultirange"},
    {"record", "record"},
    {"trigger", "trigger"},
    {"void", "void"},
    {"anyelement", "anyelement"},
    {"anyarray", "anyarray"},
    {"anynonarray", "anynonarray"},
    {"anyenum", "anyenum"},
    {"anyrange", "anyrange"},
    {"cstring", "cstring"},
    {"internal", "internal"},
    {"event_trigger", "event_trigger"},
    {"xid", "xid"},
    {"tid", "tid"},
    {"cid", "cid"},
    {"pg_lsn", "pg_lsn"},
    {"txid_snapshot", "txid_snapshot"},
    {"pg_snapshot", "pg_snapshot"},
    {"aclitem", "aclitem"},
    {"refcursor", "refcursor"},
    {"regnamespace", "regnamespace"},
    {"regrole", "regrole"},
    {"regoper", "regoper"},
    {"language_handler", "language_handler"},
    {"fdw_handler", "fdw_handler"},
    {"anycompatible", "anycompatible"},
    {"jsonpath", "jsonpath"},
    {"gtsvector", "gtsvector"},
    {"int2vector", "int2vector"},
    {"oidvector", "oidvector"},
    {"smgr", "smgr"},
    {"unknown", "unknown"},
    {"serial", "integer"},
};

const char *type_builtin_canonical(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(builtin_types); i++)
		if (!strcmp(name, builtin_types[i].in))
			return builtin_types[i].out;
	return NULL;
}

static void append_typmods(StrBuf *sb, const PgQuery__TypeName *tn)
{
	if (!tn->n_typmods)
		return;
	sb_putc(sb, '(');
	for (size_t i = 0; i < tn->n_typmods; i++) {
		const PgQuery__Node *m = tn->typmods[i];
		if (i)
			sb_putc(sb, ',');
		if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			sb_appendf(sb, "%d", m->a_const->ival->ival);
		else if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		         m->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			sb_append(sb, m->a_const->sval->sval);
		else if (m->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && m->column_ref->n_fields == 1)
			sb_append(sb, node_str(m->column_ref->fields[0]) ? node_str(m->column_ref->fields[0])
			                                                 : "?");
		else
			sb_putc(sb, '?');
	}
	sb_putc(sb, ')');
}

/* quote_ident with a local rule set (the catalog's one lives in catalog.c; kept independent here). */
static void quote_name(StrBuf *sb, const char *s)
{
	bool plain = (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_';
	for (const char *p = s; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
	if (plain) {
		sb_append(sb, s);
		return;
	}
	sb_putc(sb, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_putc(sb, '"');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

const char *type_canonical(Arena *a, const PgQuery__TypeName *tn, const char *resolved_schema)
{
	StrBuf sb = STRBUF_INIT;
	const char *last = typename_last(tn);
	if (!last)
		last = "?";
	bool pgcat =
	    tn->n_names == 2 && node_str(tn->names[0]) && !strcmp(node_str(tn->names[0]), "pg_catalog");
	const char *canon =
	    (tn->n_names == 1 || pgcat) && !resolved_schema ? type_builtin_canonical(last) : NULL;
	if (tn->setof)
		sb_append(&sb, "SETOF ");
	if (canon) {
		if (!strcmp(canon, "timestamp without time zone") ||
		    !strcmp(canon, "timestamp with time zone") || !strcmp(canon, "time without time zone") ||
		    !strcmp(canon, "time with time zone")) {
			/* precision goes between the name and the zone words */
			const char *sp = strchr(canon, ' ');
			sb_append_n(&sb, canon, (size_t)(sp - canon));
			append_typmods(&sb, tn);
			sb_append(&sb, sp);
		} else if (!strcmp(canon, "interval") && tn->n_typmods) {
			/* interval fields are a bitmask typmod: keep the plain name (documented limitation)
			 */
			sb_append(&sb, canon);
		} else {
			sb_append(&sb, canon);
			append_typmods(&sb, tn);
		}
	} else {
		if (resolved_schema && strcmp(resolved_schema, "pg_catalog")) {
			quote_name(&sb, resolved_schema);
			sb_putc(&sb, '.');
		}
		quote_name(&sb, last);
		append_typmods(&sb, tn);
	}
	for (size_t i = 0; i < tn->n_array_bounds; i++)
		sb_append(&sb, "[]");
	const char *r = arena_strndup(a, sb_str(&sb), sb.len);
	sb_release(&sb);
	return r;
}

/* ---- SQL-standard function bodies ---- */

/* A statement of a body, normalized like a view's query (SELECT) or printed as written (the rest). */
static char *body_stmt_text(Arena *a, const PgQuery__Node *stmt)
{
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	raw.stmt = (PgQuery__Node *)stmt;
	PgQuery__RawStmt *stmts[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = stmts;
	if (stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return deparse_result(&pr);
	PgQuery__ParseResult *owned = copy_result(&pr);
	if (!owned)
		return NULL;
	const char *r = view_query_finish(a, owned, NULL, 0);
	pg_query__parse_result__free_unpacked(owned, NULL);
	return r ? xstrdup(r) : NULL;
}

const char *sqlbody_normalize(Arena *a, const PgQuery__Node *body)
{
	if (!body)
		return NULL;
	if (body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
		const PgQuery__Node *e = body->return_stmt->returnval;
		return e ? arena_sprintf(a, "RETURN %s", expr_normalize(a, e, NULL)) : NULL;
	}
	if (body->node_case != PG_QUERY__NODE__NODE_LIST || body->list->n_items != 1 ||
	    body->list->items[0]->node_case != PG_QUERY__NODE__NODE_LIST)
		return NULL;
	const PgQuery__List *stmts = body->list->items[0]->list;
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "BEGIN ATOMIC");
	for (size_t i = 0; i < stmts->n_items; i++) {
		char *t = body_stmt_text(a, stmts->items[i]);
		sb_appendf(&sb, " %s;", t ? t : "?");
		free(t);
	}
	sb_append(&sb, " END");
	const char *r = arena_strndup(a, sb_str(&sb), sb.len);
	sb_release(&sb);
	return r;
}

/* The sql_body of `CREATE FUNCTION ... <TEXT>` parsed (owned by *PR), or NULL. */
static const PgQuery__Node *parse_body(const char *text, PgQuery__ParseResult **pr)
{
	char *sql = xasprintf("CREATE FUNCTION strata_body() RETURNS void LANGUAGE sql %s", text);
	*pr = sql_parse_owned(sql);
	free(sql);
	if (!*pr || (*pr)->n_stmts != 1 || !(*pr)->stmts[0]->stmt ||
	    (*pr)->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT)
		return NULL;
	return (*pr)->stmts[0]->stmt->create_function_stmt->sql_body;
}

const char *sqlbody_normalize_sql(Arena *a, const char *text)
{
	PgQuery__ParseResult *pr = NULL;
	const PgQuery__Node *body = parse_body(text, &pr);
	const char *r = body ? sqlbody_normalize(a, body) : NULL;
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

const char *sqlbody_unqualify(Arena *a, const char *text, const char *const *path, size_t npath)
{
	if (!text || !npath || !strchr(text, '.'))
		return text;
	PgQuery__ParseResult *pr = NULL;
	const PgQuery__Node *body = parse_body(text, &pr);
	const char *r = text;
	if (body) {
		Unqualify u = {path, npath, 0};
		unqualify_walk(&u, &pr->base);
		if (u.changed) {
			const char *n = sqlbody_normalize(a, body);
			if (n)
				r = n;
		}
	}
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

/* RenameWalk W over SQL-standard body TEXT (as sqlbody_normalize prints it): the body printed again when
 * something was renamed, else TEXT. */
static const char *sqlbody_rename(Arena *a, const char *text, RenameWalk *w)
{
	if (!text || !strstr(text, w->old) ||
	    (strncmp(text, "RETURN ", 7) && strncmp(text, "BEGIN ATOMIC", 12)))
		return text;
	PgQuery__ParseResult *pr = NULL;
	const PgQuery__Node *body = parse_body(text, &pr);
	const char *r = text;
	if (body) {
		rename_walk(w, &pr->base);
		if (w->changed) {
			const char *n = sqlbody_normalize(a, body);
			if (n)
				r = n;
		}
	}
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return r;
}

const char *sqlbody_rename_relation(Arena *a, const char *text, const char *schema, const char *old,
                                    const char *newname)
{
	RenameWalk w = {schema, NULL, old, newname, true, false, 0, {0}, 0, NULL};
	return sqlbody_rename(a, text, &w);
}

const char *sqlbody_rename_column(Arena *a, const char *text, const char *table, const char *old,
                                  const char *newname, bool unqualified_too)
{
	RenameWalk w = {NULL, table, old, newname, false, !unqualified_too, 0, {0}, 0, NULL};
	return sqlbody_rename(a, text, &w);
}

bool sqlbody_selects_only(const char *text)
{
	PgQuery__ParseResult *pr = NULL;
	const PgQuery__Node *body = parse_body(text, &pr);
	bool ok = body != NULL;
	if (body && body->node_case == PG_QUERY__NODE__NODE_LIST && body->list->n_items == 1 &&
	    body->list->items[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
		const PgQuery__List *stmts = body->list->items[0]->list;
		for (size_t i = 0; i < stmts->n_items; i++)
			ok &= stmts->items[i]->node_case == PG_QUERY__NODE__NODE_SELECT_STMT;
	}
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return ok;
}
