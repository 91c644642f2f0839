/* replay_partqual.c — a partition's constraint as PostgreSQL derives it from its bound (get_qual_for_list and
 * get_qual_for_range in partbounds.c, generate_partition_qual in partcache.c), and the CHECK constraint that
 * DETACH PARTITION ... CONCURRENTLY leaves in its place (DetachAddConstraintIfNeeded in tablecmds.c) unless
 * the partition's own constraints already imply it (PartConstraintImpliedByRelConstraint). */
#include "analysis/replay_int.h"
#include "sql/parse.h"
#include "sql/quote.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One conjunct of a partition constraint, or of a CHECK constraint the model could read. */
typedef enum QualKind { Q_NOT_NULL, Q_IS_NULL, Q_CMP, Q_ANY, Q_TEXT, Q_OTHER } QualKind;

typedef struct Qual {
	QualKind kind;
	const char *col;   /* the key column (Q_NOT_NULL, Q_IS_NULL, Q_CMP, Q_ANY) */
	char op[3];        /* Q_CMP: "=", "<", "<=", ">", ">=" */
	const char *value; /* Q_CMP: the constant's text; Q_ANY: the array literal's text; Q_TEXT: the whole
	                    * conjunct as SQL (an OR of comparisons) */
	bool numeric;      /* Q_CMP: VALUE is a number */
	bool or_null;      /* a list partition that takes NULL: `(col IS NULL) OR (...)` */
	/* Q_TEXT of a range bound: its OR arms, each an AND of Q_CMP: arm a is ARM_ITEMS[ARM_ENDS[a-1] ..
	 * ARM_ENDS[a]) (from 0 for the first); the conjunct is proven when one arm's comparisons all are */
	struct Qual *arm_items;
	size_t *arm_ends;
	size_t n_arms;
} Qual;

typedef struct QualList {
	Qual *items;
	size_t n, cap;
} QualList;

static Qual *qual_push(QualList *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = realloc(l->items, l->cap * sizeof *l->items);
		if (!l->items)
			abort();
	}
	memset(&l->items[l->n], 0, sizeof l->items[0]);
	return &l->items[l->n++];
}

/* The text of a constant of a bound (an A_Const, possibly under a cast as normalization writes it), with
 * *NUMERIC set for a number; "" for NULL (*IS_NULL set). NULL when it is not a plain constant. */
static const char *const_text(ReplayState *st, const PgQuery__Node *n, bool *numeric, bool *is_null)
{
	*numeric = false;
	*is_null = false;
	if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n->type_cast->arg)
		n = n->type_cast->arg;
	if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return NULL;
	const PgQuery__AConst *c = n->a_const;
	if (c->isnull) {
		*is_null = true;
		return "";
	}
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		*numeric = true;
		return arena_sprintf(&st->cat->arena, "%d", c->ival ? c->ival->ival : 0);
	case PG_QUERY__A__CONST__VAL_FVAL:
		*numeric = true;
		return c->fval ? arena_strdup(&st->cat->arena, c->fval->fval) : NULL;
	case PG_QUERY__A__CONST__VAL_SVAL:
		return c->sval ? arena_strdup(&st->cat->arena, c->sval->sval) : NULL;
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		return c->boolval && c->boolval->boolval ? "true" : "false";
	default:
		return NULL;
	}
}

static bool is_infinite_datum(const PgQuery__Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1)
		return false;
	const PgQuery__Node *f = n->column_ref->fields[0];
	return f->node_case == PG_QUERY__NODE__NODE_STRING &&
	       (!strcmp(f->string->sval, "minvalue") || !strcmp(f->string->sval, "maxvalue"));
}

/* An array literal's text for the list values VALS[0..N): `{a,"b c"}` as array_out writes it. */
static const char *array_literal(ReplayState *st, const char **vals, size_t n)
{
	StrBuf sb = STRBUF_INIT;
	sb_putc(&sb, '{');
	for (size_t i = 0; i < n; i++) {
		const char *v = vals[i];
		bool quote = !*v || !strcasecmp(v, "NULL");
		for (const char *p = v; *p && !quote; p++)
			quote = strchr("{}\",\\ \t\n\r\v\f", *p) != NULL;
		if (i)
			sb_putc(&sb, ',');
		if (quote) {
			sb_putc(&sb, '"');
			for (const char *p = v; *p; p++) {
				if (*p == '"' || *p == '\\')
					sb_putc(&sb, '\\');
				sb_putc(&sb, *p);
			}
			sb_putc(&sb, '"');
		} else
			sb_append(&sb, v);
	}
	sb_putc(&sb, '}');
	char *s = sb_detach(&sb);
	const char *r = arena_strdup(&st->cat->arena, s);
	free(s);
	return r;
}

/* The key of partitioned table P when each key part is a plain column: *STRATEGY ('r', 'l' or 'h') and
 * the column names in COLS (at most MAXCOLS). False when the key has an expression, a collation or an
 * operator class of its own (the constraint would carry a relabel or another operator: not modelled). */
static bool plain_key(ReplayState *st, const CatTable *p, char *strategy, const char **cols, size_t *ncols,
                      size_t maxcols)
{
	if (!p->partition_key)
		return false;
	char *sql = xasprintf("CREATE TABLE x () PARTITION BY %s", p->partition_key);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	bool ok = false;
	const PgQuery__Node *s = pr && pr->n_stmts == 1 ? pr->stmts[0]->stmt : NULL;
	const PgQuery__PartitionSpec *spec =
	    s && s->node_case == PG_QUERY__NODE__NODE_CREATE_STMT ? s->create_stmt->partspec : NULL;
	if (spec && spec->strategy && spec->n_part_params && spec->n_part_params <= maxcols) {
		ok = true;
		*strategy = (char)tolower((unsigned char)spec->strategy[0]);
		*ncols = spec->n_part_params;
		for (size_t i = 0; i < spec->n_part_params && ok; i++) {
			const PgQuery__Node *e = spec->part_params[i];
			const PgQuery__PartitionElem *pe =
			    e->node_case == PG_QUERY__NODE__NODE_PARTITION_ELEM ? e->partition_elem : NULL;
			ok = pe && pe->name && *pe->name && !pe->expr && !pe->n_collation && !pe->n_opclass &&
			     table_find_column((CatTable *)p, pe->name);
			if (ok)
				cols[i] = arena_strdup(&st->cat->arena, pe->name);
		}
	}
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return ok;
}

/* PostgreSQL's limit on partition key columns. */
enum { PARTITION_MAX_KEYS = 32 };

/* One range bound datum: a constant's text, or NULL for MINVALUE / MAXVALUE. False when it is neither. */
static bool range_datum(ReplayState *st, const PgQuery__Node *d, const char **v, bool *num)
{
	bool isnull;
	*v = NULL;
	*num = false;
	if (is_infinite_datum(d))
		return true;
	*v = const_text(st, d, num, &isnull);
	return *v && !isnull;
}

/* `(col OP 'value'::type)` for PART's column COL. */
static void cmp_text(StrBuf *sb, const CatTable *part, const char *col, const char *op, const char *value)
{
	const CatColumn *c = table_find_column((CatTable *)part, col);
	sb_putc(sb, '(');
	sql_quote_ident(sb, col);
	sb_appendf(sb, " %s ", op);
	sql_quote_literal(sb, value);
	sb_appendf(sb, "::%s)", c && c->type ? c->type : "text");
}

/* get_qual_for_range: every key column IS NOT NULL; the leading columns whose lower and upper values are
 * equal, `col = value`; then an OR of arms for the lower bound (`a > 1 OR (a = 1 AND b >= 2)`) and one for
 * the upper (`a < 5 OR (a = 5 AND b < 3)`), each arm one column longer, `>=` / `<=` before a MINVALUE /
 * MAXVALUE and on the last column, the arms ending at the first infinite datum. Values are compared by text
 * (numbers by value) for the equal prefix. */
static bool range_quals(ReplayState *st, const CatTable *part, const char **cols, size_t k,
                        const PgQuery__PartitionBoundSpec *b, QualList *out)
{
	if (b->n_lowerdatums != k || b->n_upperdatums != k)
		return false;
	const char *lo[PARTITION_MAX_KEYS], *hi[PARTITION_MAX_KEYS];
	for (size_t j = 0; j < k; j++) {
		bool ln, hn;
		if (!range_datum(st, b->lowerdatums[j], &lo[j], &ln) ||
		    !range_datum(st, b->upperdatums[j], &hi[j], &hn))
			return false;
	}
	for (size_t j = 0; j < k; j++) {
		Qual *q = qual_push(out);
		q->kind = Q_NOT_NULL;
		q->col = cols[j];
	}
	size_t i = 0;
	for (; i < k && lo[i] && hi[i]; i++) {
		char *e1 = NULL, *e2 = NULL;
		bool equal = !strcmp(lo[i], hi[i]);
		if (!equal) {
			long double x = strtold(lo[i], &e1), y = strtold(hi[i], &e2);
			equal = *lo[i] && *hi[i] && e1 && !*e1 && e2 && !*e2 && x == y;
		}
		if (!equal)
			break;
		if (i == k - 1)
			return false; /* an empty range: refused before */
		Qual *q = qual_push(out);
		q->kind = Q_CMP;
		q->col = cols[i];
		strcpy(q->op, "=");
		q->value = lo[i];
	}
	for (int side = 0; side < 2; side++) {
		const char **val = side ? hi : lo;
		StrBuf arms[PARTITION_MAX_KEYS];
		size_t narms = 0, nargs_last = 0, nitems = 0;
		Qual *items = arena_array(&st->cat->arena, Qual, k * k + 1);
		size_t *ends = arena_array(&st->cat->arena, size_t, k + 1);
		const char *single_op = NULL, *single_col = NULL, *single_val = NULL;
		for (size_t arm = 0; i + arm < k; arm++) {
			StrBuf sb = STRBUF_INIT;
			size_t nargs = 0;
			bool more = false;
			for (size_t j = i; j <= i + arm; j++) {
				if (!val[j])
					break;
				const char *op;
				if (j - i < arm)
					op = "=";
				else if (!side)
					op = j == k - 1 || (j + 1 < k && !lo[j + 1]) ? ">=" : ">";
				else
					op = j + 1 < k && !hi[j + 1] ? "<=" : "<";
				if (nargs)
					sb_append(&sb, " AND ");
				cmp_text(&sb, part, cols[j], op, val[j]);
				Qual *it = &items[nitems++];
				memset(it, 0, sizeof *it);
				it->kind = Q_CMP;
				it->col = cols[j];
				snprintf(it->op, sizeof it->op, "%s", op);
				it->value = val[j];
				single_op = op;
				single_col = cols[j];
				single_val = val[j];
				nargs++;
				if (j == i + arm)
					more = j + 1 < k && val[j + 1];
			}
			if (nargs) {
				ends[narms] = nitems;
				arms[narms++] = sb;
			} else
				sb_release(&sb);
			nargs_last = nargs;
			if (!more)
				break;
		}
		if (narms == 1 && nargs_last == 1) {
			Qual *q = qual_push(out);
			q->kind = Q_CMP;
			q->col = single_col;
			snprintf(q->op, sizeof q->op, "%s", single_op);
			q->value = single_val;
		} else if (narms) {
			StrBuf sb = STRBUF_INIT;
			sb_putc(&sb, '(');
			for (size_t a = 0; a < narms; a++) {
				if (a)
					sb_append(&sb, " OR ");
				sb_putc(&sb, '(');
				sb_append(&sb, arms[a].data ? arms[a].data : "");
				sb_putc(&sb, ')');
			}
			sb_putc(&sb, ')');
			Qual *q = qual_push(out);
			q->kind = Q_TEXT;
			q->col = cols[i];
			q->arm_items = items;
			q->arm_ends = ends;
			q->n_arms = narms;
			char *text = sb_detach(&sb);
			q->value = arena_strdup(&st->cat->arena, text);
			free(text);
		}
		for (size_t a = 0; a < narms; a++)
			sb_release(&arms[a]);
	}
	return true;
}

/* Append the conjuncts of PART's own bound within its parent to OUT (get_qual_for_list, get_qual_for_range
 * over any number of key columns). False when the model cannot write them: a default partition, a hash
 * partition, a key with an expression, a collation or an operator class, a bound that is not a list of
 * constants. */
static bool own_quals(ReplayState *st, const CatTable *part, QualList *out)
{
	const CatTable *parent = part->partition_of;
	if (!parent || !part->partition_bound || !strcmp(part->partition_bound, "DEFAULT"))
		return false;
	char strategy = 0;
	const char *cols[PARTITION_MAX_KEYS];
	size_t ncols = 0;
	if (!plain_key(st, parent, &strategy, cols, &ncols, PARTITION_MAX_KEYS) || strategy == 'h')
		return false;
	char *sql = xasprintf("CREATE TABLE x PARTITION OF y %s", part->partition_bound);
	PgQuery__ParseResult *pr = sql_parse_owned(sql);
	free(sql);
	const PgQuery__Node *s = pr && pr->n_stmts == 1 ? pr->stmts[0]->stmt : NULL;
	const PgQuery__PartitionBoundSpec *b =
	    s && s->node_case == PG_QUERY__NODE__NODE_CREATE_STMT ? s->create_stmt->partbound : NULL;
	bool ok = b && !b->is_default;
	const char *col = cols[0];
	const CatColumn *kc = table_find_column((CatTable *)part, col);
	if (ok && strategy == 'l' && kc && kc->type && strstr(kc->type, "[]"))
		ok = false; /* an array key: an OR of equalities (make_partition_op_expr), not modelled */
	if (ok && strategy == 'l') {
		const char **vals = arena_array(&st->cat->arena, const char *, b->n_listdatums + 1);
		size_t nv = 0;
		bool has_null = false;
		for (size_t i = 0; i < b->n_listdatums && ok; i++) {
			bool num, isnull;
			const char *v = const_text(st, b->listdatums[i], &num, &isnull);
			ok = v != NULL;
			if (ok && isnull)
				has_null = true;
			else if (ok) {
				bool dup = false; /* transformPartitionBound drops a repeated value */
				for (size_t j = 0; j < nv && !dup; j++)
					dup = !strcmp(vals[j], v);
				if (!dup)
					vals[nv++] = v;
			}
		}
		if (ok && !has_null) {
			Qual *q = qual_push(out);
			q->kind = Q_NOT_NULL;
			q->col = col;
		}
		if (ok && nv) {
			Qual *q = qual_push(out);
			q->col = col;
			q->or_null = has_null;
			if (nv == 1) {
				q->kind = Q_CMP;
				strcpy(q->op, "=");
				q->value = vals[0];
			} else {
				q->kind = Q_ANY;
				q->value = array_literal(st, vals, nv);
			}
		} else if (ok && has_null) {
			Qual *q = qual_push(out);
			q->kind = Q_IS_NULL;
			q->col = col;
		}
	} else if (ok && strategy == 'r')
		ok = range_quals(st, part, cols, ncols, b, out);
	else
		ok = false;
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return ok;
}

/* PART's whole partition constraint in OUT (generate_partition_qual: the ancestors' conjuncts first). */
static bool partition_quals(ReplayState *st, const CatTable *part, QualList *out, int depth)
{
	if (!part->partition_of)
		return true;
	if (depth > 32)
		return false;
	if (part->partition_of->partition_of && !partition_quals(st, part->partition_of, out, depth + 1))
		return false;
	return own_quals(st, part, out);
}

/* ---- reading the existing CHECK constraints ---- */

static const char *colref_name(const PgQuery__Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1)
		return NULL;
	const PgQuery__Node *f = n->column_ref->fields[0];
	return f->node_case == PG_QUERY__NODE__NODE_STRING ? f->string->sval : NULL;
}

static const char *commuted(const char *op)
{
	if (!strcmp(op, "<"))
		return ">";
	if (!strcmp(op, "<="))
		return ">=";
	if (!strcmp(op, ">"))
		return "<";
	if (!strcmp(op, ">="))
		return "<=";
	return op;
}

/* Add the conjuncts of expression E (AND trees flattened) to OUT; parts the model does not read are
 * Q_OTHER. */
static void read_quals(ReplayState *st, const PgQuery__Node *e, QualList *out)
{
	if (!e)
		return;
	if (e->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
	    e->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
		for (size_t i = 0; i < e->bool_expr->n_args; i++)
			read_quals(st, e->bool_expr->args[i], out);
		return;
	}
	Qual *q = qual_push(out);
	q->kind = Q_OTHER;
	if (e->node_case == PG_QUERY__NODE__NODE_NULL_TEST) {
		const char *c = colref_name(e->null_test->arg);
		if (c && e->null_test->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL) {
			q->kind = Q_NOT_NULL;
			q->col = c;
		}
		return;
	}
	if (e->node_case != PG_QUERY__NODE__NODE_A_EXPR || e->a_expr->n_name != 1 ||
	    e->a_expr->name[0]->node_case != PG_QUERY__NODE__NODE_STRING)
		return;
	const PgQuery__AExpr *a = e->a_expr;
	const char *op = a->name[0]->string->sval;
	const char *lc = colref_name(a->lexpr), *rc = colref_name(a->rexpr);
	bool num, isnull;
	if (a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && strlen(op) <= 2 && strchr("<>=", op[0]) &&
	    strcmp(op, "<>") && (lc || rc) && !(lc && rc)) {
		const char *v = const_text(st, lc ? a->rexpr : a->lexpr, &num, &isnull);
		if (v && !isnull) {
			q->kind = Q_CMP;
			q->col = lc ? lc : rc;
			snprintf(q->op, sizeof q->op, "%s", lc ? op : commuted(op));
			q->value = v;
			q->numeric = num;
		}
	} else if (a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY && !strcmp(op, "=") && lc) {
		const char *v = const_text(st, a->rexpr, &num, &isnull);
		if (v && !isnull) {
			q->kind = Q_ANY;
			q->col = lc;
			q->value = v;
		}
	}
}

/* ---- the implication test (predicate_implied_by, for the forms the model reads) ---- */

/* Compare two numbers' texts: <0, 0, >0. */
static int numcmp(const char *a, const char *b)
{
	long double x = strtold(a, NULL), y = strtold(b, NULL);
	return x < y ? -1 : x > y ? 1 : 0;
}

/* Does the proven conjunct P weakly imply the partition conjunct T (predicate_implied_by_simple_clause with
 * weak: a CHECK passes on NULL, so only IS NOT NULL, or a NOT NULL column, proves IS NOT NULL)? An
 * identical comparison proves itself; comparisons of numbers prove weaker bounds (operator_predicate_proof:
 * the btree operator family's transitivity). */
static bool implies(const Qual *p, const Qual *t)
{
	if (p->kind == Q_OTHER || t->or_null || p->or_null || strcmp(p->col, t->col))
		return false;
	if (t->kind == Q_NOT_NULL) /* weak implication: a strict clause does not prove IS NOT NULL */
		return p->kind == Q_NOT_NULL;
	if (t->kind != p->kind)
		return false;
	if (t->kind == Q_ANY)
		return !strcmp(p->value, t->value);
	if (t->kind != Q_CMP)
		return false;
	if (!strcmp(p->op, t->op) && !strcmp(p->value, t->value))
		return true;
	if (!p->numeric || !t->numeric)
		return false;
	int c = numcmp(p->value, t->value); /* proven value against the tested one */
	const char *po = p->op, *to = t->op;
	if (!strcmp(to, ">="))
		return (!strcmp(po, ">=") || !strcmp(po, ">") || !strcmp(po, "=")) && c >= 0;
	if (!strcmp(to, ">"))
		return (!strcmp(po, ">") && c >= 0) || ((!strcmp(po, ">=") || !strcmp(po, "=")) && c > 0);
	if (!strcmp(to, "<"))
		return (!strcmp(po, "<") && c <= 0) || ((!strcmp(po, "<=") || !strcmp(po, "=")) && c < 0);
	if (!strcmp(to, "<="))
		return (!strcmp(po, "<=") || !strcmp(po, "<") || !strcmp(po, "=")) && c <= 0;
	if (!strcmp(to, "="))
		return !strcmp(po, "=") && c == 0;
	return false;
}

/* Mark the comparisons of QL whose column has a number type and whose value reads as a number (a bound
 * may be quoted: '-1'), and only those, as numeric. */
static void set_numeric(const CatTable *t, QualList *ql)
{
	static const char *const numtypes[] = {"smallint", "integer", "bigint",
	                                       "numeric",  "real",    "double precision"};
	for (size_t i = 0; i < ql->n; i++) {
		Qual *q = &ql->items[i];
		if (q->kind == Q_TEXT && q->n_arms) {
			QualList arm = {q->arm_items, q->arm_ends[q->n_arms - 1], 0};
			set_numeric(t, &arm);
		}
		if (q->kind != Q_CMP)
			continue;
		const CatColumn *c = table_find_column((CatTable *)t, q->col);
		bool numtype = false;
		for (size_t k = 0; c && c->type && k < sizeof numtypes / sizeof numtypes[0]; k++)
			numtype = numtype || !strcmp(c->type, numtypes[k]);
		char *end = NULL;
		if (numtype && *q->value)
			(void)strtold(q->value, &end);
		q->numeric = numtype && end && !*end;
	}
}

/* PartConstraintImpliedByRelConstraint: T's NOT NULL columns and valid CHECK constraints prove every
 * conjunct of WANT. */
static bool implied_by_table(ReplayState *st, const CatTable *t, QualList *want)
{
	QualList have = {0};
	for (size_t i = 0; i < t->columns.n; i++) {
		const CatColumn *c = t->columns.items[i];
		if (c->not_null) {
			Qual *q = qual_push(&have);
			q->kind = Q_NOT_NULL;
			q->col = c->name;
		}
	}
	PgQuery__ParseResult **trees = calloc(t->constraints.n + 1, sizeof *trees);
	size_t ntrees = 0;
	if (!trees)
		abort();
	for (size_t i = 0; i < t->constraints.n; i++) {
		const CatConstraint *k = t->constraints.items[i];
		const char *src = k->check_src ? k->check_src : k->check_expr;
		if (k->contype != CON_CHECK || k->not_valid || !src)
			continue;
		PgQuery__SelectStmt *sel = NULL;
		PgQuery__ParseResult *pr = sql_parse_select_text(src, true, &sel);
		if (!pr)
			continue;
		read_quals(st, sel ? sql_select_target(sel, 0) : NULL, &have);
		trees[ntrees++] = pr;
	}
	set_numeric(t, &have);
	set_numeric(t, want);
	bool all = true;
	for (size_t i = 0; i < want->n && all; i++) {
		const Qual *w = &want->items[i];
		bool one = false;
		for (size_t j = 0; j < have.n && !one; j++)
			one = implies(&have.items[j], w);
		/* an OR: proven when one of its arms is (predicate_implied_by's OR rule) */
		for (size_t a = 0; !one && w->kind == Q_TEXT && a < w->n_arms; a++) {
			size_t from = a ? w->arm_ends[a - 1] : 0;
			bool arm = true;
			for (size_t c = from; c < w->arm_ends[a] && arm; c++) {
				bool got = false;
				for (size_t j = 0; j < have.n && !got; j++)
					got = implies(&have.items[j], &w->arm_items[c]);
				arm = got;
			}
			one = arm;
		}
		all = one;
	}
	for (size_t i = 0; i < ntrees; i++)
		pg_query__parse_result__free_unpacked(trees[i], NULL);
	free(trees);
	free(have.items);
	return all;
}

/* ---- the CHECK text ---- */

static void typed_value(StrBuf *sb, const char *value, const char *type)
{
	sql_quote_literal(sb, value);
	sb_appendf(sb, "::%s", type);
}

static void write_qual(StrBuf *sb, const CatTable *t, const Qual *q)
{
	if (q->kind == Q_TEXT) {
		sb_append(sb, q->value);
		return;
	}
	const CatColumn *c = table_find_column((CatTable *)t, q->col);
	const char *type = c && c->type ? c->type : "text";
	sb_putc(sb, '(');
	if (q->or_null) {
		sb_putc(sb, '(');
		sql_quote_ident(sb, q->col);
		sb_append(sb, " IS NULL) OR (");
	}
	sql_quote_ident(sb, q->col);
	switch (q->kind) {
	case Q_NOT_NULL:
		sb_append(sb, " IS NOT NULL");
		break;
	case Q_IS_NULL:
		sb_append(sb, " IS NULL");
		break;
	case Q_CMP:
		sb_appendf(sb, " %s ", q->op);
		typed_value(sb, q->value, type);
		break;
	case Q_ANY:
		sb_append(sb, " = ANY (");
		sql_quote_literal(sb, q->value);
		sb_appendf(sb, "::%s[])", type);
		break;
	case Q_TEXT:
	case Q_OTHER:
		break;
	}
	if (q->or_null)
		sb_putc(sb, ')');
	sb_putc(sb, ')');
}

char *rp_detach_concurrently_check(ReplayState *st, const CatTable *part)
{
	QualList want = {0};
	char *sql = NULL;
	if (partition_quals(st, part, &want, 0) && want.n && !implied_by_table(st, part, &want)) {
		StrBuf sb = STRBUF_INIT;
		sb_append(&sb, "ALTER TABLE ");
		sql_quote_qualified(&sb, part->h.schema, part->h.name);
		sb_append(&sb, " ADD CHECK (");
		for (size_t i = 0; i < want.n; i++) {
			if (i)
				sb_append(&sb, " AND ");
			write_qual(&sb, part, &want.items[i]);
		}
		sb_putc(&sb, ')');
		sql = sb_detach(&sb);
	}
	free(want.items);
	return sql;
}
