/* normalize.c — canonical text of expressions, queries and type names (see normalize.h and
 * docs/normalization.md). Expressions are printed by libpg_query's deparser after a rewrite of a private copy
 * of the tree that removes the differences between what a migration writes and what pg_get_expr prints. */
#include "strata.h"
#include "catalog/normalize.h"
#include "util/strbuf.h"

#include <pg_query.h>
#include <protobuf-c/protobuf-c.h>

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
	static const char *const nt[] = {"int2", "int4", "int8", "numeric", "float4", "float8", "integer",
					 "bigint", "smallint", "real", "double precision", "int", "decimal"};
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

static void walk_msg(ProtobufCMessage *m);

static void visit(ProtobufCMessage *m);

/* Rewrite rules applied bottom-up to every Node (docs/normalization.md). */
static void rewrite(PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		PgQuery__TypeCast *tc = n->type_cast;
		const char *t = typename_last(tc->type_name);
		PgQuery__Node *arg = tc->arg;
		if (!t || !arg || tc->type_name->n_names > 2)
			break;
		if (!strcmp(t, "regclass"))
			break; /* kept: nextval('s'::regclass) */
		if (!strcmp(t, "bool") && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
			/* 't'::boolean → true */
			const char *v = arg->a_const->sval->sval;
			int b = !strcmp(v, "t") || !strcmp(v, "true") || !strcmp(v, "y") || !strcmp(v, "yes") || !strcmp(v, "on") ||
					!strcmp(v, "1")
				? 1
			: !strcmp(v, "f") || !strcmp(v, "false") || !strcmp(v, "n") || !strcmp(v, "no") || !strcmp(v, "off") ||
					!strcmp(v, "0")
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
		if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
			PgQuery__AConst *c = arg->a_const;
			bool is_int;
			if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL && is_numeric_type(t) && !tc->type_name->n_array_bounds &&
			    looks_numeric(c->sval->sval, &is_int)) {
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
		} else if (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			   (!strcmp(t, "text") || !strcmp(t, "varchar")) && !tc->type_name->n_array_bounds) {
			replace_with(n, arg, &tc->base, &tc->arg);
		} else if (arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR) {
			bool all_const = arg->a_array_expr->n_elements > 0; /* ARRAY[]::int[] needs its cast */
			for (size_t i = 0; i < arg->a_array_expr->n_elements; i++)
				if (arg->a_array_expr->elements[i]->node_case != PG_QUERY__NODE__NODE_A_CONST)
					all_const = false;
			if (all_const)
				replace_with(n, arg, &tc->base, &tc->arg);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *e = n->a_expr;
		if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN && e->rexpr &&
		    e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST && e->n_name == 1) {
			/* x IN (a, b) → x = ANY (ARRAY[a, b]); NOT IN → <> ALL */
			const char *op = node_str(e->name[0]);
			bool neg = op && !strcmp(op, "<>");
			PgQuery__List *l = e->rexpr->list;
			PgQuery__AArrayExpr *arr = xmalloc(sizeof(*arr));
			pg_query__a__array_expr__init(arr);
			arr->n_elements = l->n_items;
			arr->elements = l->items;
			l->n_items = 0;
			l->items = NULL;
			protobuf_c_message_free_unpacked(&e->rexpr->base, NULL);
			e->rexpr = new_node();
			e->rexpr->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
			e->rexpr->a_array_expr = arr;
			e->kind = neg ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = n->func_call;
		if (f->n_funcname == 2 && node_str(f->funcname[0]) && !strcmp(node_str(f->funcname[0]), "pg_catalog")) {
			protobuf_c_message_free_unpacked(&f->funcname[0]->base, NULL);
			f->funcname[0] = f->funcname[1];
			f->n_funcname = 1;
		}
		const char *fn = f->n_funcname == 1 ? node_str(f->funcname[0]) : NULL;
		if (fn && (!strcmp(fn, "nextval") || !strcmp(fn, "currval") || !strcmp(fn, "setval")) && f->n_args >= 1 &&
		    f->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
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

static void visit(ProtobufCMessage *m)
{
	if (!m)
		return;
	walk_msg(m);
	if (m->descriptor == &pg_query__node__descriptor)
		rewrite((PgQuery__Node *)m);
}

static void walk_msg(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t oc = *(const uint32_t *)((const char *)m + f->quantifier_offset);
			if (oc != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)((char *)m + f->quantifier_offset);
			ProtobufCMessage **arr = *(ProtobufCMessage ***)((char *)m + f->offset);
			for (size_t j = 0; j < n; j++)
				visit(arr[j]);
		} else {
			visit(*(ProtobufCMessage **)((char *)m + f->offset));
		}
	}
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

/* Build `SELECT <e>` around a borrowed expression, normalize a private copy, deparse, strip "SELECT ". */
static const char *normalize_select_target(Arena *a, PgQuery__ParseResult *owned)
{
	visit(&owned->base);
	char *txt = deparse_result(owned);
	pg_query__parse_result__free_unpacked(owned, NULL);
	if (!txt)
		return NULL;
	const char *body = txt;
	if (!strncmp(body, "SELECT ", 7))
		body += 7;
	const char *r = arena_strdup(a, body);
	free(txt);
	return r;
}

/* Context rules on the final text of a column default: a quoted literal assigned to a boolean or numeric
 * column is printed by the server as that type's constant ('t' → true, '5' → 5). */
static const char *apply_context(Arena *a, const char *r, const char *context_type)
{
	if (!r || !context_type || r[0] != '\'')
		return r;
	size_t n = strlen(r);
	if (n < 2 || r[n - 1] != '\'' || memchr(r + 1, '\'', n - 2))
		return r;
	char *inner = arena_strndup(a, r + 1, n - 2);
	if (!strcmp(context_type, "boolean")) {
		if (!strcmp(inner, "t") || !strcmp(inner, "true") || !strcmp(inner, "on") || !strcmp(inner, "yes"))
			return "true";
		if (!strcmp(inner, "f") || !strcmp(inner, "false") || !strcmp(inner, "off") || !strcmp(inner, "no"))
			return "false";
		return r;
	}
	bool is_int;
	const char *paren = strchr(context_type, '(');
	char *base = arena_strndup(a, context_type, paren ? (size_t)(paren - context_type) : strlen(context_type));
	if (is_numeric_type(base) && looks_numeric(inner, &is_int))
		return inner;
	return r;
}

const char *expr_normalize(Arena *a, const PgQuery__Node *e, const char *context_type)
{
	if (!e)
		return NULL;
	PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
	rt.val = (PgQuery__Node *)e;
	PgQuery__Node rtn = PG_QUERY__NODE__INIT;
	rtn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	rtn.res_target = &rt;
	PgQuery__Node *tl[1] = {&rtn};
	PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
	sel.n_target_list = 1;
	sel.target_list = tl;
	sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	PgQuery__Node seln = PG_QUERY__NODE__INIT;
	seln.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	seln.select_stmt = &sel;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	raw.stmt = &seln;
	PgQuery__RawStmt *stmts[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = stmts;
	PgQuery__ParseResult *owned = copy_result(&pr);
	if (!owned)
		return arena_strdup(a, "?");
	const char *r = normalize_select_target(a, owned);
	return r ? apply_context(a, r, context_type) : arena_strdup(a, "?");
}

static PgQuery__ParseResult *parse_owned(const char *sql)
{
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *pr = NULL;
	if (!r.error)
		pr = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	return pr;
}

const char *expr_normalize_sql(Arena *a, const char *text, const char *context_type)
{
	char *sql = xasprintf("SELECT %s", text);
	PgQuery__ParseResult *pr = parse_owned(sql);
	free(sql);
	if (!pr)
		return NULL;
	return apply_context(a, normalize_select_target(a, pr), context_type);
}

const char *query_normalize(Arena *a, const PgQuery__Node *select)
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
	visit(&owned->base);
	char *txt = deparse_result(owned);
	pg_query__parse_result__free_unpacked(owned, NULL);
	const char *r = arena_strdup(a, txt ? txt : "?");
	free(txt);
	return r;
}

const char *query_normalize_sql(Arena *a, const char *text)
{
	PgQuery__ParseResult *pr = parse_owned(text);
	if (!pr)
		return NULL;
	visit(&pr->base);
	char *txt = deparse_result(pr);
	pg_query__parse_result__free_unpacked(pr, NULL);
	const char *r = txt ? arena_strdup(a, txt) : NULL;
	free(txt);
	return r;
}

static const struct {
	const char *in, *out;
} builtin_types[] = {
	{"int2", "smallint"}, {"smallint", "smallint"}, {"int4", "integer"}, {"int", "integer"},
	{"integer", "integer"}, {"int8", "bigint"}, {"bigint", "bigint"}, {"float4", "real"}, {"real", "real"},
	{"float8", "double precision"}, {"double precision", "double precision"}, {"numeric", "numeric"},
	{"decimal", "numeric"}, {"bool", "boolean"}, {"boolean", "boolean"}, {"varchar", "character varying"},
	{"character varying", "character varying"}, {"bpchar", "character"}, {"char", "character"},
	{"character", "character"}, {"text", "text"}, {"name", "name"}, {"bytea", "bytea"}, {"uuid", "uuid"},
	{"json", "json"}, {"jsonb", "jsonb"}, {"date", "date"}, {"time", "time without time zone"},
	{"timetz", "time with time zone"}, {"timestamp", "timestamp without time zone"},
	{"timestamptz", "timestamp with time zone"}, {"interval", "interval"}, {"inet", "inet"}, {"cidr", "cidr"},
	{"macaddr", "macaddr"}, {"macaddr8", "macaddr8"}, {"money", "money"}, {"bit", "bit"},
	{"varbit", "bit varying"}, {"tsvector", "tsvector"}, {"tsquery", "tsquery"}, {"xml", "xml"},
	{"oid", "oid"}, {"regclass", "regclass"}, {"regtype", "regtype"}, {"regproc", "regproc"},
	{"regprocedure", "regprocedure"}, {"regconfig", "regconfig"}, {"point", "point"}, {"line", "line"},
	{"lseg", "lseg"}, {"box", "box"}, {"path", "path"}, {"polygon", "polygon"}, {"circle", "circle"},
	{"int4range", "int4range"}, {"int8range", "int8range"}, {"numrange", "numrange"},
	{"tsrange", "tsrange"}, {"tstzrange", "tstzrange"}, {"daterange", "daterange"},
	{"int4multirange", "int4multirange"}, {"tstzmultirange", "tstzmultirange"}, {"record", "record"},
	{"trigger", "trigger"}, {"void", "void"}, {"anyelement", "anyelement"}, {"anyarray", "anyarray"},
	{"anynonarray", "anynonarray"}, {"anyenum", "anyenum"}, {"anyrange", "anyrange"}, {"cstring", "cstring"},
	{"internal", "internal"}, {"event_trigger", "event_trigger"}, {"xid", "xid"}, {"tid", "tid"},
	{"cid", "cid"}, {"char\"", "\"char\""}, {"pg_lsn", "pg_lsn"}, {"txid_snapshot", "txid_snapshot"},
	{"pg_snapshot", "pg_snapshot"}, {"aclitem", "aclitem"}, {"refcursor", "refcursor"},
	{"regnamespace", "regnamespace"}, {"regrole", "regrole"}, {"regoper", "regoper"},
	{"language_handler", "language_handler"}, {"fdw_handler", "fdw_handler"}, {"anycompatible", "anycompatible"},
	{"jsonpath", "jsonpath"}, {"gtsvector", "gtsvector"}, {"int2vector", "int2vector"},
	{"oidvector", "oidvector"}, {"smgr", "smgr"}, {"unknown", "unknown"}, {"serial", "integer"},
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
		if (m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			sb_appendf(sb, "%d", m->a_const->ival->ival);
		else if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			 m->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			sb_append(sb, m->a_const->sval->sval);
		else if (m->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && m->column_ref->n_fields == 1)
			sb_append(sb, node_str(m->column_ref->fields[0]) ? node_str(m->column_ref->fields[0]) : "?");
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
	bool pgcat = tn->n_names == 2 && node_str(tn->names[0]) && !strcmp(node_str(tn->names[0]), "pg_catalog");
	const char *canon = (tn->n_names == 1 || pgcat) && !resolved_schema ? type_builtin_canonical(last) : NULL;
	if (tn->setof)
		sb_append(&sb, "SETOF ");
	if (canon) {
		if (!strcmp(canon, "timestamp without time zone") || !strcmp(canon, "timestamp with time zone") ||
		    !strcmp(canon, "time without time zone") || !strcmp(canon, "time with time zone")) {
			/* precision goes between the name and the zone words */
			const char *sp = strchr(canon, ' ');
			sb_append_n(&sb, canon, (size_t)(sp - canon));
			append_typmods(&sb, tn);
			sb_append(&sb, sp);
		} else if (!strcmp(canon, "interval") && tn->n_typmods) {
			/* interval fields are a bitmask typmod: keep the plain name (documented limitation) */
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
