/* replay_dynamic.c — code the model cannot follow: a DO block whose PL/pgSQL runs EXECUTE (or calls such a
 * function), and a statement that calls a function or procedure whose body runs EXECUTE or DDL (found in
 * the PL/pgSQL parse tree libpg_query gives, and in SQL-language bodies), or a DML statement whose triggers
 * do. Such a statement goes to the exact mode's server when there is one (ReplayExact: its effect comes
 * back as DDL applied to the model); otherwise it is replayed as before and marks the state, and from then
 * on the errors that depend on the catalog's state (an undefined or duplicate object, ...) are warnings that
 * name it and say how to get the exact answer: the model cannot know what the dynamic code did. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "sql/walk.h"
#include "util/hmap.h"

#include <ctype.h>
#include <jansson.h>

#define MAX_DEPTH 16 /* calls followed into bodies */

/* What is known about one function body: follows (static) or not, and why not. */
typedef struct FnInfo {
	int state;  /* 0 being analysed (a recursive call: counts as static), 1 static, 2 dynamic */
	char *what; /* dynamic: "EXECUTE at line 5 of function public.f(text)" */
} FnInfo;

struct RpDynamic {
	HMap fns; /* "<CatFunction*>:<body*>" → FnInfo* (a CREATE OR REPLACE makes a new key) */
};

void rp_dynamic_release(ReplayState *st)
{
	free(st->dynamic_since);
	st->dynamic_since = NULL;
	free(st->dynamic_prev);
	st->dynamic_prev = NULL;
	free(st->first_unchecked);
	st->first_unchecked = NULL;
	if (!st->dyn)
		return;
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&st->dyn->fns, &i, &k, &v);) {
		FnInfo *fi = v;
		free(fi->what);
		free(fi);
		free((char *)k);
	}
	hmap_release(&st->dyn->fns);
	free(st->dyn);
	st->dyn = NULL;
}

static char *fn_dynamic(ReplayState *st, CatFunction *f, int depth);

/* ---- calls ------------------------------------------------------------------------------------------ */

typedef struct CallScan {
	ReplayState *st;
	int depth;
	char *found; /* the first dynamic callee: heap */
} CallScan;

/* Every function of the search path (or SCHEMA) called NAME, whatever its arguments. */
static void scan_name(void *ud, const char *schema, const char *name)
{
	CallScan *cs = ud;
	if (cs->found)
		return;
	const char *ps[32];
	size_t np = rp_lookup_schemas(cs->st, schema, false, ps, 32);
	for (size_t i = 0; i < np && !cs->found; i++) {
		PtrList *l = catalog_find_functions(cs->st->cat, ps[i], name);
		for (size_t j = 0; l && j < l->n && !cs->found; j++) {
			char *why = fn_dynamic(cs->st, l->items[j], cs->depth + 1);
			if (why)
				cs->found = xasprintf("%s(), which runs %s", name, why);
			free(why);
		}
	}
}

/* The first function TEXT (SQL, or an expression as PL/pgSQL keeps it) calls that does not follow. */
static char *text_calls_dynamic(ReplayState *st, const char *text, int depth)
{
	CallScan cs = {st, depth, NULL};
	if (depth < MAX_DEPTH && sql_called_names(text, scan_name, &cs) != 0) {
		/* not even scannable: PostgreSQL accepted it, so it is ours to miss */
	}
	return cs.found;
}

/* ---- statements ------------------------------------------------------------------------------------- */

/* Does statement N change the catalog (DDL)? Queries, DML and session or transaction statements do not;
 * GRANT and friends change nothing the model holds. */
static bool changes_catalog(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_SELECT_STMT:
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_MERGE_STMT:
	case PG_QUERY__NODE__NODE_CALL_STMT:
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_NOTIFY_STMT:
	case PG_QUERY__NODE__NODE_LISTEN_STMT:
	case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
	case PG_QUERY__NODE__NODE_LOCK_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
	case PG_QUERY__NODE__NODE_DISCARD_STMT:
	case PG_QUERY__NODE__NODE_PREPARE_STMT:
	case PG_QUERY__NODE__NODE_EXECUTE_STMT:
	case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		return false;
	default:
		return true;
	}
}

/* The first words of SQL, upper case ("CREATE TABLE"), for messages. malloc. */
static char *leading_words(const char *sql)
{
	StrBuf sb = STRBUF_INIT;
	const char *p = sql + sql_skip_space_and_comments(sql, 0);
	for (int w = 0; w < 2 && *p; w++) {
		if (w)
			sb_putc(&sb, ' ');
		while (*p && (isalpha((unsigned char)*p) || *p == '_'))
			sb_putc(&sb, (char)toupper((unsigned char)*p++));
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!isalpha((unsigned char)*p))
			break;
	}
	if (!sb.len)
		sb_append(&sb, "a statement");
	return sb_detach(&sb);
}

typedef struct FuncWalk {
	ReplayState *st;
	int depth;
	char *found;
} FuncWalk;

static void func_node(void *ud, const PgQuery__Node *n)
{
	FuncWalk *w = ud;
	if (w->found || n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return;
	PgQuery__FuncCall *fc = n->func_call;
	CatFunction *f = rp_find_function(w->st, fc->funcname, fc->n_funcname, (int)fc->n_args);
	if (!f)
		return;
	char *why = fn_dynamic(w->st, f, w->depth + 1);
	if (why)
		w->found = xasprintf("%s(), which runs %s", f->h.name, why);
	free(why);
}

/* The first function the parsed statement N calls that does not follow (heap), or NULL. */
static char *node_calls_dynamic(ReplayState *st, const PgQuery__Node *n, int depth)
{
	FuncWalk w = {st, depth, NULL};
	if (depth >= MAX_DEPTH)
		return NULL;
	if (n->node_case == PG_QUERY__NODE__NODE_CALL_STMT && n->call_stmt->funccall) {
		/* CALL's FuncCall is a field of its own, not a Node the walk visits */
		PgQuery__Node fc = PG_QUERY__NODE__INIT;
		fc.node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
		fc.func_call = n->call_stmt->funccall;
		func_node(&w, &fc);
	}
	sql_walk_nodes(n, func_node, &w);
	return w.found;
}

/* ---- function bodies -------------------------------------------------------------------------------- */

typedef struct PlWalk {
	ReplayState *st;
	int depth;
	bool is_do;  /* a DO block: its static DDL is followed by the replay */
	int lineno;  /* of the PL/pgSQL statement being walked */
	char *found; /* heap: "EXECUTE at line N" */
} PlWalk;

static void pl_found(PlWalk *w, const char *fmt, const char *arg)
{
	if (w->found)
		return;
	char *what = xasprintf(fmt, arg);
	w->found = w->lineno > 0 ? xasprintf("%s at line %d", what, w->lineno) : xstrdup(what);
	free(what);
}

/* The SQL statement Q inside PL/pgSQL: DDL the replay does not follow (in a function), or calls. */
static void pl_sql(PlWalk *w, const char *q)
{
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	if (sql_parse(q, "plpgsql", &p, &tmp) == 0) {
		for (size_t i = 0; i < p.n && !w->found; i++) {
			if (!w->is_do && changes_catalog(p.stmts[i].node)) {
				char *words = leading_words(q + p.stmts[i].offset);
				pl_found(w, "%s", words);
				free(words);
			}
		}
		sql_parse_free(&p);
	}
	diag_list_release(&tmp);
}

static void pl_walk(PlWalk *w, json_t *j)
{
	if (w->found)
		return;
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) pl_walk(w, v);
		return;
	}
	if (!json_is_object(j))
		return;
	json_t *ln = json_object_get(j, "lineno");
	int saved = w->lineno;
	if (json_is_integer(ln))
		w->lineno = (int)json_integer_value(ln);
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v)
	{
		if (w->found)
			break;
		if (!strcmp(k, "PLpgSQL_stmt_dynexecute") || !strcmp(k, "PLpgSQL_stmt_dynfors") ||
		    !strcmp(k, "dynquery")) {
			json_t *l2 = json_is_object(v) ? json_object_get(v, "lineno") : NULL;
			if (json_is_integer(l2))
				w->lineno = (int)json_integer_value(l2);
			pl_found(w, "%s", "EXECUTE");
		} else if (!strcmp(k, "PLpgSQL_stmt_execsql")) {
			json_t *l2 = json_object_get(v, "lineno");
			if (json_is_integer(l2))
				w->lineno = (int)json_integer_value(l2);
			json_t *q = json_object_get(
			    json_object_get(json_object_get(v, "sqlstmt"), "PLpgSQL_expr"), "query");
			if (json_is_string(q))
				pl_sql(w, json_string_value(q));
			pl_walk(w, v);
		} else if (!strcmp(k, "PLpgSQL_expr")) {
			json_t *q = json_object_get(v, "query");
			char *callee = json_is_string(q)
			                   ? text_calls_dynamic(w->st, json_string_value(q), w->depth)
			                   : NULL;
			if (callee)
				pl_found(w, "a call of %s", callee);
			free(callee);
		} else {
			pl_walk(w, v);
		}
	}
	w->lineno = saved;
}

/* Walk the PL/pgSQL function CREATE_SQL defines. Returns what does not follow (heap) or NULL; a function
 * body that does not parse (PostgreSQL took it) cannot be followed either — a DO block's is an error that
 * do_block reports. */
static char *plpgsql_dynamic(ReplayState *st, const char *create_sql, bool is_do, int depth)
{
	char *err = NULL;
	char *tree = sql_plpgsql_tree(create_sql, &err);
	if (!tree && is_do) {
		free(err);
		return NULL;
	}
	if (!tree) {
		char *r = xasprintf("PL/pgSQL that does not parse (%s)", err ? err : "syntax error");
		free(err);
		return r;
	}
	json_t *j = json_loads(tree, 0, NULL);
	free(tree);
	if (!j)
		return NULL;
	PlWalk w = {st, depth, is_do, 0, NULL};
	pl_walk(&w, j);
	json_decref(j);
	return w.found;
}

/* A dollar-quote tag that BODY does not contain. */
static void dollar_tag(StrBuf *sb, const char *body)
{
	for (int i = 0;; i++) {
		char tag[32];
		snprintf(tag, sizeof(tag), i ? "$strata_%d$" : "$strata$", i);
		if (!strstr(body, tag)) {
			sb_append(sb, tag);
			return;
		}
	}
}

/* A CREATE FUNCTION statement libpg_query's PL/pgSQL parser takes for F: its parameters by name and
 * mode (their types do not matter to the parse), trigger functions returning trigger (NEW and OLD). */
char *rp_plpgsql_create(const CatFunction *f)
{
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, f->is_procedure ? "CREATE PROCEDURE strata_f(" : "CREATE FUNCTION strata_f(");
	for (size_t i = 0; i < f->nargs; i++) {
		char mode = f->arg_modes ? f->arg_modes[i] : 'i';
		if (i)
			sb_append(&sb, ", ");
		sb_append(&sb, mode == 'o' || mode == 't' ? "OUT "
		               : mode == 'b'              ? "INOUT "
		               : mode == 'v'              ? "VARIADIC "
		                                          : "");
		if (f->arg_names && f->arg_names[i] && *f->arg_names[i]) {
			cat_quote_ident(&sb, f->arg_names[i]);
			sb_putc(&sb, ' ');
		}
		sb_append(&sb, mode == 'v' ? "text[]" : "text");
	}
	sb_putc(&sb, ')');
	if (!f->is_procedure) {
		/* what the parser checks: NEW and OLD of triggers, RETURN NEXT / QUERY of set-returning ones
		 */
		const char *r = f->returns ? f->returns : "void";
		bool trig = !strcmp(r, "trigger") || !strcmp(r, "event_trigger");
		bool set = !strncmp(r, "SETOF ", 6) || !strncmp(r, "TABLE(", 6);
		sb_appendf(&sb, " RETURNS %s", trig ? r : set ? "SETOF record" : "void");
	}
	sb_append(&sb, " LANGUAGE plpgsql AS ");
	StrBuf tag = STRBUF_INIT;
	dollar_tag(&tag, f->body);
	sb_append(&sb, sb_str(&tag));
	sb_append(&sb, f->body);
	sb_append(&sb, sb_str(&tag));
	sb_release(&tag);
	return sb_detach(&sb);
}

/* An SQL-language body: DDL, or a call that does not follow. */
static char *sql_body_dynamic(ReplayState *st, const char *body, int depth)
{
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	char *r = NULL;
	if (sql_parse(body, "body", &p, &tmp) == 0) {
		for (size_t i = 0; i < p.n && !r; i++) {
			if (changes_catalog(p.stmts[i].node)) {
				r = leading_words(body + p.stmts[i].offset);
			} else {
				char *c = node_calls_dynamic(st, p.stmts[i].node, depth);
				if (c)
					r = xasprintf("a call of %s", c);
				free(c);
			}
		}
		sql_parse_free(&p);
	} else {
		/* RETURN expr / BEGIN ATOMIC ... END: no DDL allowed there, calls only */
		char *c = text_calls_dynamic(st, body, depth);
		if (c)
			r = xasprintf("a call of %s", c);
		free(c);
	}
	diag_list_release(&tmp);
	return r;
}

/* What in F's body the model cannot follow (heap: "EXECUTE at line 5 of function public.f(text)"), or
 * NULL. Cached per function and body. */
static char *fn_dynamic(ReplayState *st, CatFunction *f, int depth)
{
	if (depth > MAX_DEPTH || !f->body)
		return NULL;
	if (!st->dyn) {
		st->dyn = xcalloc(1, sizeof(*st->dyn));
		hmap_init(&st->dyn->fns);
	}
	char *key = xasprintf("%p:%p", (void *)f, (const void *)f->body);
	FnInfo *fi = hmap_get(&st->dyn->fns, key);
	if (fi) {
		free(key);
		return fi->state == 2 ? xstrdup(fi->what) : NULL;
	}
	fi = xcalloc(1, sizeof(*fi));
	hmap_put(&st->dyn->fns, key, fi);
	const char *lang = f->language ? f->language : "sql";
	char *why = NULL;
	if (!strcmp(lang, "plpgsql")) {
		char *create = rp_plpgsql_create(f);
		why = plpgsql_dynamic(st, create, false, depth);
		free(create);
	} else if (!strcmp(lang, "sql")) {
		why = sql_body_dynamic(st, f->body, depth);
	} else if (strcmp(lang, "c") && strcmp(lang, "internal")) {
		why = xasprintf("a %s body, which strata does not analyse", lang);
	}
	/* the map may have grown during the analysis: look the entry up again */
	fi = hmap_get(&st->dyn->fns, key);
	fi->state = why ? 2 : 1;
	if (why) {
		fi->what =
		    xasprintf("%s of %s %s", why, f->is_procedure ? "procedure" : "function", f->h.identity);
		free(why);
		return xstrdup(fi->what);
	}
	return NULL;
}

/* ---- top-level statements --------------------------------------------------------------------------- */

/* A DO block: EXECUTE in it, or a call of a function that does not follow. Its static statements are
 * followed by the replay (do_block in replay.c). LINE_BASE is the file line its body starts on. */
static char *do_dynamic(ReplayState *st, PgQuery__DoStmt *ds, int line_base)
{
	const char *body = NULL, *lang = "plpgsql";
	for (size_t i = 0; i < ds->n_args; i++) {
		PgQuery__Node *a = ds->args[i];
		if (a->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !a->def_elem->arg ||
		    a->def_elem->arg->node_case != PG_QUERY__NODE__NODE_STRING)
			continue;
		if (!strcmp(a->def_elem->defname, "as"))
			body = a->def_elem->arg->string->sval;
		else if (!strcmp(a->def_elem->defname, "language"))
			lang = a->def_elem->arg->string->sval;
	}
	if (!body)
		return NULL;
	if (strcmp(lang, "plpgsql"))
		return xasprintf("a DO block in LANGUAGE %s", lang);
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "CREATE FUNCTION strata_do() RETURNS void LANGUAGE plpgsql AS ");
	StrBuf tag = STRBUF_INIT;
	dollar_tag(&tag, body);
	sb_appendf(&sb, "%s%s%s", sb_str(&tag), body, sb_str(&tag));
	sb_release(&tag);
	char *why = plpgsql_dynamic(st, sb_str(&sb), true, 0);
	sb_release(&sb);
	if (!why)
		return NULL;
	/* "EXECUTE at line 3" of the body → the line in the file */
	const char *at = NULL;
	for (const char *p = strstr(why, " at line "); p; p = strstr(p + 1, " at line "))
		at = p; /* the DO block's own, after those of the functions it calls */
	char *r;
	if (at && line_base > 0)
		r = xasprintf("%.*s at line %d in the DO block", (int)(at - why), why,
		              line_base + atoi(at + 9) - 1);
	else
		r = xasprintf("%s in the DO block", why);
	free(why);
	return r;
}

/* The relation a DML statement N writes to (its triggers fire), or NULL. */
static PgQuery__RangeVar *dml_target(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		return n->insert_stmt->relation;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		return n->update_stmt->relation;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		return n->delete_stmt->relation;
	case PG_QUERY__NODE__NODE_MERGE_STMT:
		return n->merge_stmt->relation;
	case PG_QUERY__NODE__NODE_COPY_STMT:
		return n->copy_stmt->is_from ? n->copy_stmt->relation : NULL;
	default:
		return NULL;
	}
}

/* The triggers on the target of a DML statement: one whose function does not follow. */
static char *triggers_dynamic(ReplayState *st, const PgQuery__Node *n)
{
	PgQuery__RangeVar *rv = dml_target(n);
	if (!rv || !rv->relname || !*rv->relname)
		return NULL;
	CatObject *rel = NULL;
	if (rv->schemaname && *rv->schemaname) /* (absent strings are "" before rp_statement runs) */
		rel = catalog_find_relation(st->cat, rv->schemaname, rv->relname);
	else {
		const char *ps[32];
		size_t np = rp_path_schemas(st, ps, 32);
		for (size_t i = 0; i < np && !rel; i++)
			rel = catalog_find_relation(st->cat, ps[i], rv->relname);
	}
	if (!rel)
		return NULL;
	const PtrList *l = rel->kind == OBJ_TABLE ? &((CatTable *)rel)->triggers : &rel->rdeps;
	for (size_t i = 0; i < l->n; i++) {
		CatObject *o = l->items[i];
		if (o->kind != OBJ_TRIGGER || o->dropped || o->owner != rel)
			continue;
		CatTrigger *t = (CatTrigger *)o;
		CatFunction *f =
		    t->function ? (CatFunction *)catalog_find(st->cat, OBJ_FUNCTION, t->function) : NULL;
		char *why = f ? fn_dynamic(st, f, 1) : NULL;
		if (why) {
			char *r = xasprintf("trigger \"%s\" on \"%s\", whose function runs %s", o->name,
			                    rel->name, why);
			free(why);
			return r;
		}
	}
	return NULL;
}

/* INSERT, UPDATE or DELETE on a system catalog (pg_depend, pg_class, ...): a change of the catalog the
 * model cannot follow (heap: "a DELETE on the system catalog pg_depend"), or NULL. */
static char *catalog_write(ReplayState *st, const PgQuery__Node *n)
{
	const PgQuery__RangeVar *rv =
	    n->node_case == PG_QUERY__NODE__NODE_INSERT_STMT   ? n->insert_stmt->relation
	    : n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ? n->update_stmt->relation
	                                                       : n->delete_stmt->relation;
	if (!rv || !rv->relname)
		return NULL;
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	bool system = schema ? !strcmp(schema, "pg_catalog")
	                     : !strncmp(rv->relname, "pg_", 3) && !rp_find_relation(st, NULL, rv->relname);
	if (!system)
		return NULL;
	return xasprintf("%s on the system catalog %s",
	                 n->node_case == PG_QUERY__NODE__NODE_INSERT_STMT   ? "an INSERT"
	                 : n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ? "an UPDATE"
	                                                                    : "a DELETE",
	                 rv->relname);
}

/* What in top-level statement S the model cannot follow (heap), or NULL. */
static char *stmt_dynamic(ReplayState *st, const SqlStmt *s)
{
	const PgQuery__Node *n = s->node;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_DO_STMT: {
		int line_base = 0;
		const char *q = st->text + s->offset;
		const char *dollar = strchr(q, '$');
		if (dollar && (int)(dollar - q) < s->len) {
			const char *end = strchr(dollar + 1, '$');
			if (end) {
				int line, col;
				sql_offset_to_linecol(st->text, (size_t)(end + 1 - st->text), &line, &col);
				line_base = line;
			}
		}
		return do_dynamic(st, n->do_stmt, line_base);
	}
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT: {
		char *w = catalog_write(st, n);
		if (w)
			return w;
	}
		/* fall through */
	case PG_QUERY__NODE__NODE_SELECT_STMT:
	case PG_QUERY__NODE__NODE_CALL_STMT:
	case PG_QUERY__NODE__NODE_MERGE_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
		/* WITH NO DATA neither plans nor runs the query (ExecCreateTableAs: create_ctas_nodata) */
		if (n->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT &&
		    n->create_table_as_stmt->into && n->create_table_as_stmt->into->skip_data)
			return NULL;
		char *c = node_calls_dynamic(st, n, 0);
		if (c) {
			char *r = xasprintf("a call of %s", c);
			free(c);
			return r;
		}
		return triggers_dynamic(st, n);
	}
	default:
		return NULL;
	}
}

/* ---- the exact mode --------------------------------------------------------------------------------- */

/* The replay's search_path as SET takes it ("$user" kept as written). malloc. */
static char *search_path_text(const ReplayState *st)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < st->npath; i++) {
		if (i)
			sb_append(&sb, ", ");
		if (!strcmp(st->path[i], "$user"))
			sb_append(&sb, "\"$user\"");
		else
			cat_quote_ident(&sb, st->path[i]);
	}
	if (!sb.len)
		sb_append(&sb, "''");
	return sb_detach(&sb);
}

/* Apply DELTA (DDL from the exact mode's server) to the model, as the effect of the statement at HERE:
 * objects it creates get that origin. Nothing should fail; what does is counted in a warning. */
static void apply_delta(ReplayState *st, const char *delta, int off, const char *what)
{
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	if (sql_parse(delta, "exact", &p, &tmp) != 0) {
		Diag *d = rp_diag(st, SEV_WARNING, "exact", off,
		                  "the changes the server made for this statement could not be read back");
		diag_set_detail(d, "%s", tmp.n ? tmp.items[0].message : "parse error");
		diag_list_release(&tmp);
		return;
	}
	CatLoc here = rp_loc(st, off);
	const char *text = st->text;
	int saved_off = st->stmt_off, saved_len = st->stmt_len;
	size_t nscratch = st->scratch.n;
	st->lenient++;
	st->lenient_loc = here;
	st->text = delta;
	for (size_t i = 0; i < p.n; i++)
		rp_statement(st, p.stmts[i].node, p.stmts[i].offset);
	replay_tx_outside_change(st); /* not in the statement log: the next statement checkpoints first */
	st->lenient--;
	st->text = text;
	st->stmt_off = saved_off;
	st->stmt_len = saved_len;
	size_t failed = 0;
	for (size_t i = nscratch; i < st->scratch.n; i++)
		failed += st->scratch.items[i].sev == SEV_ERROR;
	if (!st->lenient)
		diag_list_release(&st->scratch);
	sql_parse_free(&p);
	if (failed) {
		Diag *d =
		    rp_diag(st, SEV_WARNING, "exact", off,
		            "%zu of the changes the server made for this statement could not be applied to "
		            "the model",
		            failed);
		diag_set_detail(d, "%s", what);
	}
}

/* Run S on the exact mode's server. 0 applied, 1 rejected by PostgreSQL (an error at S), -1 not run. */
static int run_exact(ReplayState *st, const SqlStmt *s, const char *what)
{
	char *sql = xstrndup(st->text + s->offset, (size_t)s->len);
	char *sp = search_path_text(st);
	char *delta = NULL;
	DiagList edl = DIAGLIST_INIT;
	int rc = st->exact->run(st->exact->ud, st->cat, sql, sp, st->user, &delta, &edl);
	free(sql);
	free(sp);
	if (rc == 0 && delta)
		apply_delta(st, delta, s->offset, what);
	free(delta);
	for (size_t i = 0; i < edl.n; i++) {
		const Diag *e = &edl.items[i];
		Diag *d = rp_diag(st, e->sev, e->rule, s->offset, "%s", e->message);
		if (e->detail)
			diag_set_detail(d, "%s", e->detail);
		if (e->hint)
			diag_set_hint(d, "%s", e->hint);
		memcpy(d->sqlstate, e->sqlstate, sizeof(d->sqlstate));
	}
	diag_list_release(&edl);
	return rc;
}

/* ---- later errors ----------------------------------------------------------------------------------- */

/* Errors that depend on what the catalog holds: dynamic code may have made them wrong. */
static bool state_dependent(const char *rule)
{
	static const char *const prefixes[] = {"undefined-",        "duplicate-", "dependent-",
	                                       "wrong-object-type", "fk-",        "ambiguous-"};
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++)
		if (!strncmp(rule, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* Errors added to DL since FROM that depend on the catalog's state become warnings naming the dynamic
 * code. */
static void demote(ReplayState *st, DiagList *dl, size_t from)
{
	for (size_t i = from; i < dl->n; i++) {
		Diag *d = &dl->items[i];
		if (d->sev != SEV_ERROR || !state_dependent(d->rule) || st->certain_diag == i + 1)
			continue;
		d->sev = SEV_WARNING;
		st->errors--;
		char *old = d->hint ? xstrdup(d->hint) : NULL;
		diag_set_hint(
		    d,
		    "%s%sthe dynamic SQL at %s may have changed this, and the model cannot follow it: "
		    "`strata check --exact` runs it on a throwaway PostgreSQL for an exact answer",
		    old ? old : "", old ? " — " : "", st->dynamic_since);
		free(old);
	}
}

/* ---- following dynamic SQL whose text the call decides ------------------------------------------------ */

/* A call `SELECT f('a', $$...$$)` of a PL/pgSQL function whose body runs straight through (no branch, loop
 * or exception block) and whose EXECUTEs build their text from the call's constant arguments (a parameter,
 * a literal, ||, format() with %s %I %L %%, quote_ident(), quote_literal()): the model can follow it, by
 * replaying the texts those EXECUTEs run, in order, as a DO block's statements are replayed. */
typedef struct Follow {
	ReplayState *st;
	const CatFunction *f;
	const char **args; /* the call's arguments as text, per IN parameter */
	size_t nargs;
	PtrList texts; /* SQL to replay, in order (arena) */
	bool fail;
} Follow;

static char *eval_text(Follow *fw, const PgQuery__Node *n);

/* The text of the call's argument naming parameter NAME ("p_ddl", or "$2"), or NULL. */
static const char *param_text(Follow *fw, const char *name, int number)
{
	size_t k = 0;
	for (size_t i = 0; i < fw->f->nargs; i++) {
		char m = fw->f->arg_modes ? fw->f->arg_modes[i] : 'i';
		if (m != 'i' && m != 'b')
			continue;
		bool hit =
		    number ? (int)k + 1 == number
		           : fw->f->arg_names && fw->f->arg_names[i] && !strcmp(fw->f->arg_names[i], name);
		if (hit)
			return k < fw->nargs ? fw->args[k] : NULL;
		k++;
	}
	return NULL;
}

/* format()'s %s, %I, %L and %% over ARGS (no widths, positions or flags). malloc, or NULL. */
static char *eval_format(Follow *fw, PgQuery__Node **args, size_t n)
{
	char *fmt = n ? eval_text(fw, args[0]) : NULL;
	if (!fmt)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	size_t next = 1;
	bool ok = true;
	for (const char *p = fmt; *p && ok; p++) {
		if (*p != '%') {
			sb_putc(&sb, *p);
			continue;
		}
		char c = *++p;
		if (c == '%') {
			sb_putc(&sb, '%');
			continue;
		}
		char *v = (c == 's' || c == 'I' || c == 'L') && next < n ? eval_text(fw, args[next++]) : NULL;
		if (!v) {
			ok = false;
			break;
		}
		if (c == 's')
			sb_append(&sb, v);
		else if (c == 'I')
			cat_quote_ident(&sb, v);
		else
			cat_quote_literal(&sb, v);
		free(v);
	}
	free(fmt);
	if (!ok) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* The value of expression N as text when the call decides it, else NULL. malloc. */
static char *eval_text(Follow *fw, const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		if (n->a_const->isnull)
			return NULL;
		if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			return xstrdup(n->a_const->sval->sval);
		if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			return xasprintf("%d", n->a_const->ival->ival);
		return NULL;
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const PgQuery__ColumnRef *cr = n->column_ref;
		const char *v = cr->n_fields == 1 ? param_text(fw, rp_str(cr->fields[0]), 0) : NULL;
		return v ? xstrdup(v) : NULL;
	}
	case PG_QUERY__NODE__NODE_PARAM_REF: {
		const char *v = param_text(fw, NULL, n->param_ref->number);
		return v ? xstrdup(v) : NULL;
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const PgQuery__TypeName *tn = n->type_cast->type_name;
		const char *t = tn && tn->n_names ? rp_str(tn->names[tn->n_names - 1]) : NULL;
		if (!t || tn->n_array_bounds || (strcmp(t, "text") && strcmp(t, "varchar")))
			return NULL;
		return n->type_cast->arg ? eval_text(fw, n->type_cast->arg) : NULL;
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		const PgQuery__AExpr *e = n->a_expr;
		if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || e->n_name != 1 ||
		    strcmp(rp_str(e->name[0]), "||") || !e->lexpr || !e->rexpr)
			return NULL;
		char *l = eval_text(fw, e->lexpr), *r = l ? eval_text(fw, e->rexpr) : NULL;
		char *out = r ? xasprintf("%s%s", l, r) : NULL;
		free(l);
		free(r);
		return out;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		const PgQuery__FuncCall *fc = n->func_call;
		const char *schema, *name;
		rp_qualname(fc->funcname, fc->n_funcname, &schema, &name);
		if (!name || (schema && strcmp(schema, "pg_catalog")) || fc->agg_star || fc->agg_distinct ||
		    fc->func_variadic || fc->over)
			return NULL;
		if (!strcmp(name, "format"))
			return eval_format(fw, fc->args, fc->n_args);
		if ((!strcmp(name, "quote_ident") || !strcmp(name, "quote_literal")) && fc->n_args == 1) {
			char *v = eval_text(fw, fc->args[0]);
			if (!v)
				return NULL;
			StrBuf sb = STRBUF_INIT;
			if (name[6] == 'i')
				cat_quote_ident(&sb, v);
			else
				cat_quote_literal(&sb, v);
			free(v);
			return sb_detach(&sb);
		}
		return NULL;
	}
	default:
		return NULL;
	}
}

/* The text PL/pgSQL expression Q (as the JSON keeps it) has for this call. malloc, or NULL. */
static char *eval_plpgsql_expr(Follow *fw, const char *q)
{
	char *sql = xasprintf("SELECT %s", q);
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	char *v = NULL;
	if (sql_parse(sql, "expr", &p, &tmp) == 0) {
		const PgQuery__Node *n = p.n == 1 ? p.stmts[0].node : NULL;
		const PgQuery__SelectStmt *s =
		    n && n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT ? n->select_stmt : NULL;
		if (s && s->n_target_list == 1 && !s->n_from_clause && !s->where_clause &&
		    s->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
		    s->target_list[0]->res_target->val)
			v = eval_text(fw, s->target_list[0]->res_target->val);
		sql_parse_free(&p);
	}
	diag_list_release(&tmp);
	free(sql);
	return v;
}

/* Q (static SQL or an expression) calls nothing the model cannot follow. */
static bool follows_calls(Follow *fw, const char *q)
{
	char *c = text_calls_dynamic(fw->st, q, 1);
	bool ok = c == NULL;
	free(c);
	return ok;
}

/* The SQL of one EXECUTE: what it runs is queued when it is DDL; a query that changes nothing needs
 * nothing. */
static void follow_execute(Follow *fw, json_t *expr)
{
	json_t *q = json_object_get(json_object_get(expr, "PLpgSQL_expr"), "query");
	char *text = json_is_string(q) ? eval_plpgsql_expr(fw, json_string_value(q)) : NULL;
	if (!text) {
		fw->fail = true;
		return;
	}
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	if (sql_parse(text, "execute", &p, &tmp) != 0) {
		fw->fail = true; /* PostgreSQL fails the call: not the model's to guess */
	} else {
		for (size_t i = 0; i < p.n && !fw->fail; i++) {
			/* EXPLAIN ANALYZE of CREATE TABLE AS / SELECT INTO creates a table the replay of
			 * EXPLAIN does not: not followed */
			char *c = p.stmts[i].node->node_case == PG_QUERY__NODE__NODE_EXPLAIN_STMT
			              ? xstrdup("EXPLAIN")
			              : node_calls_dynamic(fw->st, p.stmts[i].node, 1);
			fw->fail = c != NULL;
			free(c);
		}
		sql_parse_free(&p);
		if (!fw->fail)
			ptrlist_push(&fw->st->cat->arena, &fw->texts,
			             arena_strdup(&fw->st->cat->arena, text));
	}
	diag_list_release(&tmp);
	free(text);
}

/* The statements of the body's top block, in order, up to its first RETURN. */
static void follow_body(Follow *fw, json_t *body)
{
	size_t i;
	json_t *stmt;
	json_array_foreach(body, i, stmt)
	{
		if (fw->fail || !json_is_object(stmt) || json_object_size(stmt) != 1) {
			fw->fail = true;
			return;
		}
		const char *k = json_object_iter_key(json_object_iter(stmt));
		json_t *v = json_object_get(stmt, k);
		json_t *expr = json_object_get(v, "expr");
		json_t *q = json_object_get(json_object_get(expr, "PLpgSQL_expr"), "query");
		if (!strcmp(k, "PLpgSQL_stmt_dynexecute")) {
			if (json_object_get(v, "params") || json_object_get(v, "into") ||
			    json_object_get(v, "target"))
				fw->fail = true;
			else
				follow_execute(fw, json_object_get(v, "query"));
		} else if (!strcmp(k, "PLpgSQL_stmt_return_query") && json_object_get(v, "dynquery")) {
			if (json_object_get(v, "params"))
				fw->fail = true;
			else
				follow_execute(fw, json_object_get(v, "dynquery"));
		} else if (!strcmp(k, "PLpgSQL_stmt_execsql")) {
			json_t *sq = json_object_get(
			    json_object_get(json_object_get(v, "sqlstmt"), "PLpgSQL_expr"), "query");
			const char *text = json_is_string(sq) ? json_string_value(sq) : NULL;
			DiagList tmp = DIAGLIST_INIT;
			SqlParse p;
			if (!text || sql_parse(text, "sql", &p, &tmp) != 0) {
				fw->fail = true;
			} else {
				bool ddl = false;
				for (size_t s = 0; s < p.n; s++)
					ddl |= changes_catalog(p.stmts[s].node);
				sql_parse_free(&p);
				if (ddl)
					ptrlist_push(&fw->st->cat->arena, &fw->texts,
					             arena_strdup(&fw->st->cat->arena, text));
				else if (!follows_calls(fw, text))
					fw->fail = true;
			}
			diag_list_release(&tmp);
		} else if (!strcmp(k, "PLpgSQL_stmt_assign") || !strcmp(k, "PLpgSQL_stmt_perform") ||
		           !strcmp(k, "PLpgSQL_stmt_return")) {
			if (json_is_string(q) && !follows_calls(fw, json_string_value(q)))
				fw->fail = true;
			if (!strcmp(k, "PLpgSQL_stmt_return"))
				return; /* nothing after it runs */
		} else if (!strcmp(k, "PLpgSQL_stmt_raise")) {
			json_t *lvl = json_object_get(v, "elog_level");
			if (!json_is_integer(lvl) || json_integer_value(lvl) >= 21) /* ERROR ends the call */
				fw->fail = true;
		} else {
			fw->fail = true; /* a branch, a loop, a nested block ...: not straight-line */
		}
	}
}

/* The one call of N (`SELECT f(...)` alone, or `CALL p(...)`), or NULL. */
static const PgQuery__FuncCall *lone_call(const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_CALL_STMT)
		return n->call_stmt->funccall;
	if (n->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return NULL;
	const PgQuery__SelectStmt *sel = n->select_stmt;
	if (sel->n_target_list != 1 || sel->n_from_clause || sel->where_clause || sel->with_clause ||
	    sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE ||
	    sel->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return NULL;
	const PgQuery__Node *v = sel->target_list[0]->res_target->val;
	return v && v->node_case == PG_QUERY__NODE__NODE_FUNC_CALL ? v->func_call : NULL;
}

bool rp_follow_call(ReplayState *st, const PgQuery__Node *n, bool apply)
{
	const PgQuery__FuncCall *fc = lone_call(n);
	if (!fc)
		return false;
	CatFunction *f = rp_find_function(st, fc->funcname, fc->n_funcname, (int)fc->n_args);
	if (!f || st->ambiguous || !f->body || !f->language || strcmp(f->language, "plpgsql") ||
	    fc->n_args > 32)
		return false;
	Follow fw = {st, f, NULL, 0, {0}, false};
	const char *args[32];
	for (size_t i = 0; i < fc->n_args; i++) {
		const PgQuery__Node *a = fc->args[i];
		if (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
			a = a->type_cast->arg;
		if (!a || a->node_case != PG_QUERY__NODE__NODE_A_CONST || a->a_const->isnull ||
		    a->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
			return false; /* (named or non-text arguments: not followed) */
		args[i] = a->a_const->sval->sval;
	}
	fw.args = args;
	fw.nargs = fc->n_args;
	char *create = rp_plpgsql_create(f);
	char *tree = sql_plpgsql_tree(create, NULL);
	free(create);
	json_t *j = tree ? json_loads(tree, 0, NULL) : NULL;
	free(tree);
	json_t *fn = json_is_array(j) && json_array_size(j) == 1
	                 ? json_object_get(json_array_get(j, 0), "PLpgSQL_function")
	                 : NULL;
	json_t *block = json_object_get(json_object_get(fn, "action"), "PLpgSQL_stmt_block");
	json_t *body = json_object_get(block, "body");
	if (!json_is_array(body) || json_object_get(block, "exceptions"))
		fw.fail = true;
	else
		follow_body(&fw, body);
	json_decref(j);
	if (fw.fail)
		return false;
	if (!apply)
		return true;
	/* what it ran, a DO block's way: applied without diagnostics */
	rp_replay_lenient(st, (const char *const *)fw.texts.items, fw.texts.n, st->stmt_off);
	return true;
}

void rp_relation_exists(ReplayState *st, const CatObject *existing, int off, const char *name)
{
	rp_diag(st, SEV_ERROR, "duplicate-object", off, "relation \"%s\" already exists", name);
	if (st->dl && existing && st->dynamic_since && existing->seq >= st->dynamic_seq && !st->lenient)
		st->certain_diag = st->dl->n;
}

ReplayOutcome rp_top_statement(ReplayState *st, const SqlStmt *s)
{
	ReplayOutcome out = REPLAY_OK;
	DiagList *dl = st->dl;
	size_t before = dl ? dl->n : 0;
	bool after_dynamic = st->dynamic_since != NULL;
	if (after_dynamic && !st->unchecked++) /* (the statement may end the block that ran the code) */
		st->first_unchecked = xstrdup(st->dynamic_since);
	st->stmt_len = s->len;
	st->stmt_off = s->offset;
	st->certain_diag = 0;
	free(st->dynamic_prev);
	st->dynamic_prev = st->dynamic_since ? xstrdup(st->dynamic_since) : NULL;
	/* inside a failed transaction block nothing runs: replay_statement ignores it */
	char *what = replay_tx_aborted(st) ? NULL : stmt_dynamic(st, s);
	if (!what) {
		out = replay_statement(st, s->node, s->offset);
	} else if (!st->exact && rp_follow_call(st, s->node, false)) {
		/* its dynamic SQL has a text the call decides: the replay of the call runs it */
		out = replay_statement(st, s->node, s->offset);
		free(what);
	} else {
		int rc = st->exact ? run_exact(st, s, what) : -1;
		if (rc == 1) {
			replay_tx_failed_outside(st); /* PostgreSQL rejected it: as a failed statement */
			out = REPLAY_FAILED;
		}
		if (rc < 0) {
			out = replay_statement(st, s->node, s->offset);
			CatLoc l = rp_loc(st, s->offset);
			free(st->dynamic_since);
			st->dynamic_since = xasprintf("%s:%d (%s)", st->file ? st->file : "?", l.line, what);
			/* never lowered (a ROLLBACK rewinds next_seq): an object is certain only when made
			 * after every unfollowed statement */
			if (st->cat->next_seq > st->dynamic_seq)
				st->dynamic_seq = st->cat->next_seq;
			if (!st->quiet_info) {
				Diag *d = rp_diag(st, SEV_INFO, "dynamic-sql", s->offset,
				                  "the model cannot follow this statement: %s", what);
				diag_set_detail(
				    d, "what it creates, alters or drops is unknown to the model: later "
				       "errors about such objects are warnings");
				diag_set_hint(
				    d, "`strata check --exact` runs it on a throwaway PostgreSQL for an "
				       "exact answer");
			}
		}
		free(what);
	}
	st->stmt_len = -1;
	if (after_dynamic && dl)
		demote(st, dl, before);
	return out;
}

ReplayOutcome replay_top_statement(ReplayState *st, const SqlStmt *s)
{
	return rp_top_statement(st, s);
}
