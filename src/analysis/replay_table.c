/* replay_table.c — CREATE TABLE (columns, serial, identity, inline and table constraints, LIKE, INHERITS,
 * PARTITION OF) and constraints with PostgreSQL's default names, foreign-key checks. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "analysis/replay_foreign.h"
#include "analysis/replay_inherit.h"
#include "analysis/replay_col.h"
#include "analysis/replay_atrules.h"
#include "catalog/builtins.h"

static const char *joined_names(ReplayState *st, const char **cols, size_t n)
{
	/* ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by '_', stopping
	 * once NAMEDATALEN is reached. */
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(&sb, '_');
		sb_append(&sb, cols[i]);
		if (sb.len >= NAMEDATALEN)
			break;
	}
	const char *r =
	    arena_strndup(&st->cat->arena, sb_str(&sb), sb.len >= NAMEDATALEN ? NAMEDATALEN - 1 : sb.len);
	sb_release(&sb);
	return r;
}

void rp_index_colnames(ReplayState *st, const char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *orig = names[i] ? names[i] : "expr";
		const char *cur = orig;
		for (int k = 1;; k++) {
			bool clash = false;
			for (size_t j = 0; j < i && !clash; j++)
				clash = !strcmp(names[j], cur);
			if (!clash)
				break;
			char suffix[16];
			snprintf(suffix, sizeof suffix, "%d", k);
			size_t keep = strlen(orig);
			if (keep > NAMEDATALEN - 1 - strlen(suffix))
				keep = NAMEDATALEN - 1 - strlen(suffix);
			cur = arena_sprintf(&st->cat->arena, "%.*s%s", (int)keep, orig, suffix);
		}
		names[i] = cur;
	}
}

static const char **string_list(ReplayState *st, PgQuery__Node **items, size_t n)
{
	const char **out = arena_array(&st->cat->arena, const char *, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		const char *s = rp_str(items[i]);
		if (!s && items[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
			s = items[i]->index_elem->name;
		out[i] = arena_strdup(&st->cat->arena, s ? s : "?");
	}
	return out;
}

static const char *tname(ReplayState *st, CatTable *t)
{
	(void)st;
	return t->h.name;
}

/* Type families for the foreign-key compatibility check; 0 = unknown (never an error). */
static int type_family(const char *t)
{
	static const struct {
		const char *prefix;
		int fam;
	} fams[] = {
	    {"smallint", 1},  {"integer", 1},
	    {"bigint", 1},    {"numeric", 1},
	    {"real", 1},      {"double precision", 1},
	    {"text", 2},      {"character varying", 2},
	    {"character", 2}, {"name", 2},
	    {"citext", 2},    {"uuid", 3},
	    {"boolean", 4},   {"date", 5},
	    {"timestamp", 5}, {"bytea", 6},
	    {"jsonb", 7},     {"json", 7},
	    {"inet", 8},      {"cidr", 8},
	    {"interval", 9},  {"time ", 10},
	    {"money", 11},
	};
	if (strstr(t, "[]"))
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(fams); i++)
		if (!strncmp(t, fams[i].prefix, strlen(fams[i].prefix)))
			return fams[i].fam;
	return 0;
}

/* 'i' integers, 'n' numeric, 'f' floats (the btree operator families of numbers). */
static int num_group(const char *t)
{
	if (!strncmp(t, "numeric", 7))
		return 'n';
	if (!strncmp(t, "real", 4) || !strncmp(t, "double precision", 16))
		return 'f';
	return 'i';
}

static const char *strip_typmod(ReplayState *st, const char *t)
{
	const char *p = strchr(t, '(');
	if (!p)
		return t;
	StrBuf sb = STRBUF_INIT;
	sb_append_n(&sb, t, (size_t)(p - t));
	const char *q = strchr(p, ')');
	if (q)
		sb_append(&sb, q + 1);
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

static bool fk_types_compatible(ReplayState *st, const char *a, const char *b)
{
	a = strip_typmod(st, a);
	b = strip_typmod(st, b);
	if (!strcmp(a, b))
		return true;
	int fa = type_family(a), fb = type_family(b);
	if (fa == 1 && fb == 1) {
		/* numbers: the referencing type must compare with the key's operator family or cast to the
		 * key's type implicitly (integers among themselves and to numeric or float, numeric to float,
		 * floats among themselves); numeric or a float referencing an integer key cannot be
		 * implemented */
		int ga = num_group(a), gb = num_group(b);
		return ga == gb || (ga == 'i' && (gb == 'n' || gb == 'f')) || (ga == 'n' && gb == 'f');
	}
	if (fa && fb)
		return fa == fb;
	/* a user type against a different user or built-in type: only when both are enums/known user types */
	const char *da = strchr(a, '.'), *db = strchr(b, '.');
	if ((da && fb) || (db && fa)) {
		/* a domain over a compatible base type is fine */
		const char *user = da ? a : b;
		const char *dot = strchr(user, '.');
		char *sch = xstrndup(user, (size_t)(dot - user));
		CatType *t = catalog_find_type(st->cat, sch, dot + 1);
		free(sch);
		if (t && t->type_kind == TYPE_ENUM)
			return false;
		return true;
	}
	if (da && db) {
		char *sa = xstrndup(a, (size_t)(da - a)), *sb2 = xstrndup(b, (size_t)(db - b));
		CatType *ta = catalog_find_type(st->cat, sa, da + 1),
		        *tb = catalog_find_type(st->cat, sb2, db + 1);
		free(sa);
		free(sb2);
		return !(ta && tb && ta->type_kind == TYPE_ENUM && tb->type_kind == TYPE_ENUM);
	}
	return true;
}

/* One foreign key K after a column type changed: its key types must still compare (ATPostAlterTypeParse
 * re-adds it, ATAddForeignKeyConstraint checks them). False with PostgreSQL's error reported. */
static bool fk_still_ok(ReplayState *st, const CatConstraint *k, int off)
{
	const CatTable *t = (const CatTable *)k->h.owner, *rt = k->ref_table;
	for (size_t i = 0; t && rt && i < k->ncolumns && i < k->nref_columns; i++) {
		CatColumn *a = table_find_column((CatTable *)t, k->columns[i]);
		CatColumn *b = table_find_column((CatTable *)rt, k->ref_columns[i]);
		if (!a || !b || a->type_unknown || b->type_unknown ||
		    fk_types_compatible(st, a->type, b->type))
			continue;
		Diag *d = rp_diag(st, SEV_ERROR, "fk-type-mismatch", off,
		                  "foreign key constraint \"%s\" cannot be implemented", k->h.name);
		diag_set_detail(d, "Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
		                k->columns[i], k->ref_columns[i], a->type, b->type);
		return false;
	}
	return true;
}

bool rp_fk_recheck(ReplayState *st, CatTable *t, const char *col, int off)
{
	for (size_t i = 0; i < t->constraints.n; i++) {
		const CatConstraint *k = t->constraints.items[i];
		if (k->h.dropped || k->contype != CON_FOREIGN || !k->ref_table || k->ref_table == t)
			continue; /* (a key within T: both sides may change in one statement) */
		for (size_t c = 0; c < k->ncolumns; c++)
			if (!strcmp(k->columns[c], col) && !fk_still_ok(st, k, off))
				return false;
	}
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		const CatObject *o = t->h.rdeps.items[i];
		if (o->dropped || o->kind != OBJ_CONSTRAINT || o->owner == &t->h)
			continue;
		const CatConstraint *k = (const CatConstraint *)o;
		if (k->contype != CON_FOREIGN || k->ref_table != t)
			continue;
		for (size_t c = 0; c < k->nref_columns; c++)
			if (!strcmp(k->ref_columns[c], col) && !fk_still_ok(st, k, off))
				return false;
	}
	return true;
}

/* A unique, non-partial, plain-column index of T whose column set equals COLS. */
static CatIndex *find_unique_index(CatTable *t, const char **cols, size_t n)
{
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		if (!ix->unique || ix->predicate || ix->nkeys != n)
			continue;
		bool ok = true;
		for (size_t j = 0; j < n && ok; j++) {
			bool found = false;
			for (size_t k = 0; k < ix->nkeys && !found; k++)
				found = ix->keys[k].column && !strcmp(ix->keys[k].column, cols[j]);
			ok = found && ix->keys[j].column;
		}
		if (ok)
			return ix;
	}
	return NULL;
}

static CatConstraint *table_pkey(CatTable *t)
{
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		if (k->contype == CON_PRIMARY)
			return k;
	}
	return NULL;
}

static FkAction fk_action(const char *a)
{
	if (!a || !a[0])
		return FK_NO_ACTION;
	switch (a[0]) {
	case 'r':
		return FK_RESTRICT;
	case 'c':
		return FK_CASCADE;
	case 'n':
		return FK_SET_NULL;
	case 'd':
		return FK_SET_DEFAULT;
	default:
		return FK_NO_ACTION;
	}
}

static CatConstraint *new_constraint(ReplayState *st, CatTable *t, const char *name, ConType type, int off)
{
	CatLoc l = rp_loc(st, off);
	CatConstraint *k =
	    (CatConstraint *)catalog_add(st->cat, OBJ_CONSTRAINT, t->h.schema, name, &t->h, &l);
	k->contype = type;
	k->on_update = k->on_delete = FK_NO_ACTION;
	k->match = FK_MATCH_SIMPLE;
	k->is_local = true;
	rp_register_conname(st, k);
	return k;
}

/* The partition key's dependencies (StorePartitionKey): the table cannot outlive a key column, so it
 * depends on each internally (dropping a column's type or a function of a key expression with CASCADE
 * drops the table), and on what a key expression calls. Deferred to after the columns exist. */
static void partkey_deps(ReplayState *st, CatTable *t, const PgQuery__PartitionSpec *ps)
{
	for (size_t i = 0; i < ps->n_part_params; i++) {
		const PgQuery__Node *p = ps->part_params[i];
		if (p->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM)
			continue;
		const PgQuery__PartitionElem *pe = p->partition_elem;
		if (!pe->name && pe->expr)
			rp_expr_deps_self(st, &t->h, NULL, t, DEP_INTERNAL, pe->expr);
	}
	rp_partkey_column_deps(st, t);
}

/* Index for a PK/UNIQUE/EXCLUDE constraint (or a plain CREATE INDEX: see replay_index.c). */
static CatIndex *constraint_index(ReplayState *st, CatTable *t, CatConstraint *k, const char *method, int off)
{
	CatLoc l = rp_loc(st, off);
	CatIndex *ix = (CatIndex *)catalog_add(st->cat, OBJ_INDEX, t->h.schema, k->h.name, &t->h, &l);
	ix->unique = k->contype != CON_EXCLUSION;
	ix->nulls_not_distinct = k->nulls_not_distinct;
	ix->method = arena_strdup(&st->cat->arena, method ? method : "btree");
	ix->nkeys = k->ncolumns;
	ix->keys = arena_array(&st->cat->arena, CatIndexElem, k->ncolumns ? k->ncolumns : 1);
	for (size_t i = 0; i < k->ncolumns; i++)
		ix->keys[i].column = k->columns[i];
	ix->constraint = k;
	k->index = ix;
	catalog_add_dep(st->cat, &ix->h, &k->h, NULL, DEP_INTERNAL);
	return ix;
}

static bool check_columns(ReplayState *st, CatTable *t, const char **cols, size_t n, int off, const char *fmt)
{
	for (size_t i = 0; i < n; i++)
		if (!table_find_column(t, cols[i])) {
			/* the key list has no locations: point at the name itself */
			int at =
			    st->text && off >= 0 ? (int)sql_find_ident(st->text, (size_t)off, cols[i]) : off;
			rp_diag(st, SEV_ERROR, "undefined-column", at, fmt, cols[i]);
			return false;
		}
	return true;
}

static bool constraint_exists(ReplayState *st, CatTable *t, const char *name, int off)
{
	if (catalog_find_constraint(st->cat, t, name)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off,
		        "constraint \"%s\" for relation \"%s\" already exists", name, tname(st, t));
		return true;
	}
	return false;
}

static CatConstraint *add_foreign_key(ReplayState *st, CatTable *t, PgQuery__Constraint *c,
                                      const char *colname)
{
	int off = c->location;
	const char **cols;
	size_t ncols;
	if (c->n_fk_attrs) {
		cols = string_list(st, c->fk_attrs, c->n_fk_attrs);
		ncols = c->n_fk_attrs;
	} else {
		cols = arena_array(&st->cat->arena, const char *, 1);
		cols[0] = arena_strdup(&st->cat->arena, colname ? colname : "?");
		ncols = 1;
	}
	if (!check_columns(st, t, cols, ncols, off,
	                   "column \"%s\" referenced in foreign key constraint does not exist") ||
	    !rp_check_fk_columns(st, t, c, cols, ncols))
		return NULL;
	bool system = false;
	CatObject *ro = rp_range_relation(st, c->pktable, false, &system);
	if (!ro)
		return NULL;
	if (ro->kind != OBJ_TABLE) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", c->pktable->location,
		        "referenced relation \"%s\" is not a table", ro->name);
		return NULL;
	}
	CatTable *rt = (CatTable *)ro;
	const char **rcols;
	size_t nr;
	CatIndex *uix = NULL;
	if (c->n_pk_attrs) {
		rcols = string_list(st, c->pk_attrs, c->n_pk_attrs);
		nr = c->n_pk_attrs;
		if (!check_columns(st, rt, rcols, nr, c->pktable->location,
		                   "column \"%s\" referenced in foreign key constraint does not exist"))
			return NULL;
		uix = find_unique_index(rt, rcols, nr);
		if (!uix) {
			Diag *d = rp_diag(
			    st, SEV_ERROR, "fk-no-unique", c->pktable->location,
			    "there is no unique constraint matching given keys for referenced table \"%s\"",
			    rt->h.name);
			diag_set_hint(d,
			              "add a primary key or unique constraint on (%s) of \"%s\" before this "
			              "foreign key",
			              joined_names(st, rcols, nr), rt->h.name);
			return NULL;
		}
	} else {
		CatConstraint *pk = table_pkey(rt);
		if (!pk) {
			rp_diag(st, SEV_ERROR, "fk-no-unique", c->pktable->location,
			        "there is no primary key for referenced table \"%s\"", rt->h.name);
			return NULL;
		}
		rcols = pk->columns;
		nr = pk->ncolumns;
		uix = pk->index;
	}
	if (nr != ncols) {
		rp_diag(st, SEV_ERROR, "fk-column-count", off,
		        "number of referencing and referenced columns for foreign key disagree");
		return NULL;
	}
	for (size_t i = 0; i < ncols; i++) {
		CatColumn *a = table_find_column(t, cols[i]), *b = table_find_column(rt, rcols[i]);
		if (a && b && !fk_types_compatible(st, a->type, b->type)) {
			Diag *d = rp_diag(st, SEV_ERROR, "fk-type-mismatch", off,
			                  "foreign key constraint cannot be implemented");
			diag_set_detail(d,
			                "key columns \"%s\" and \"%s\" are of incompatible types: %s and %s",
			                cols[i], rcols[i], a->type, b->type);
			return NULL;
		}
	}
	const char *name = c->conname;
	if (name) {
		if (constraint_exists(st, t, name, off))
			return NULL;
	} else {
		name = rp_choose_conname(st, t->h.name, joined_names(st, cols, ncols), "fkey", t->h.schema);
	}
	CatConstraint *k = new_constraint(st, t, name, CON_FOREIGN, off);
	k->columns = cols;
	k->ncolumns = ncols;
	k->ref_table = rt;
	k->ref_columns = rcols;
	k->nref_columns = nr;
	k->on_update = fk_action(c->fk_upd_action);
	k->on_delete = fk_action(c->fk_del_action);
	k->match = c->fk_matchtype && c->fk_matchtype[0] == 'f'   ? FK_MATCH_FULL
	           : c->fk_matchtype && c->fk_matchtype[0] == 'p' ? FK_MATCH_PARTIAL
	                                                          : FK_MATCH_SIMPLE;
	k->deferrable = c->deferrable;
	k->initially_deferred = c->initdeferred;
	k->not_valid = c->skip_validation;
	/* pg_constraint's dependencies: automatic on its own columns, normal on the referenced columns and
	 * on the unique index that enforces them */
	for (size_t i = 0; i < ncols; i++)
		catalog_add_dep(st->cat, &k->h, &t->h, cols[i], DEP_AUTO);
	for (size_t i = 0; i < nr; i++)
		catalog_add_dep(st->cat, &k->h, &rt->h, rcols[i], DEP_NORMAL);
	if (uix) /* also for self-references: the index must exist before the FK */
		catalog_add_dep(st->cat, &k->h, &uix->h, NULL, DEP_NORMAL);
	rp_fk_partition_deps(st, k);
	return k;
}

const char *quiet_expr(ReplayState *st, ExprKind kind, const PgQuery__Node *e, CatTable *t)
{
	st->lenient++;
	const char *r = rp_expr_of(st, kind, e, &t->h, NULL, NULL);
	st->lenient--;
	diag_list_release(&st->scratch);
	return r;
}

CatConstraint *rp_add_constraint(ReplayState *st, CatTable *t, PgQuery__Constraint *c, const char *colname,
                                 bool creating)
{
	int off = c->location;
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: {
		CatColumn *col = colname ? table_find_column(t, colname) : NULL;
		if (col) {
			col->generated = rp_expr_src_of(st, EXPRK_GENERATED, c->raw_expr, &t->h, NULL, NULL,
			                                &col->generated_src);
			rp_expr_deps_self(st, &t->h, col->name, t, DEP_NORMAL, c->raw_expr);
		}
		return NULL;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
		const char *name = c->conname;
		if (!rp_check_system_column_rules(st, c->raw_expr))
			return NULL;
		if (c->is_no_inherit && t->relkind == REL_PARTITIONED) {
			rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
			        "cannot add NO INHERIT constraint to partitioned table \"%s\"", t->h.name);
			return NULL;
		}
		if (name) {
			/* MergeWithExistingConstraint: a local definition of an inherited CHECK merges with
			 * it */
			CatConstraint *have = catalog_find_constraint(st->cat, t, name);
			if (have && have->contype == CON_CHECK && have->inhcount > 0 && !have->is_local &&
			    have->check_expr &&
			    !strcmp(have->check_expr, quiet_expr(st, EXPRK_CHECK, c->raw_expr, t))) {
				if (c->is_no_inherit) {
					rp_diag(st, SEV_ERROR, "invalid-object-definition", off,
					        "constraint \"%s\" conflicts with inherited constraint on "
					        "relation \"%s\"",
					        name, t->h.name);
					return NULL;
				}
				if (!c->skip_validation && have->not_valid) {
					rp_diag(st, SEV_ERROR, "invalid-object-definition", off,
					        "constraint \"%s\" conflicts with NOT VALID constraint on "
					        "relation \"%s\"",
					        name, t->h.name);
					return NULL;
				}
				/* a partition's constraint is inherited once and never local */
				if (!t->partition_of)
					have->is_local = true;
				return have;
			}
			if (constraint_exists(st, t, name, off))
				return NULL;
		} else {
			const char *first = NULL;
			int nv = rp_expr_columns(c->raw_expr, &first);
			name = rp_choose_conname(st, t->h.name, nv == 1 ? first : NULL, "check", t->h.schema);
		}
		CatConstraint *k = new_constraint(st, t, name, CON_CHECK, off);
		k->check_expr =
		    rp_expr_src_of(st, EXPRK_CHECK, c->raw_expr, &t->h, NULL, NULL, &k->check_src);
		/* transformCheckConstraints: CREATE TABLE marks its checks valid whatever they say */
		k->not_valid = c->skip_validation && !creating;
		k->no_inherit = c->is_no_inherit;
		rp_expr_deps_self(st, &k->h, NULL, t, DEP_AUTO, c->raw_expr);
		return k;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
		bool pk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
		const char **cols;
		size_t n;
		CatObject *using_ix = NULL;
		if (c->indexname) {
			using_ix = rp_find_relation(st, t->h.schema, c->indexname);
			if (!using_ix || using_ix->kind != OBJ_INDEX) {
				rp_missing(st, "undefined-relation", off, "rel", c->indexname,
				           "index \"%s\" does not exist", c->indexname);
				return NULL;
			}
			CatIndex *ui = (CatIndex *)using_ix;
			if (!rp_using_index_rules(st, t, ui, off))
				return NULL;
			n = ui->nkeys;
			cols = arena_array(&st->cat->arena, const char *, n ? n : 1);
			for (size_t i = 0; i < n; i++)
				cols[i] = ui->keys[i].column ? ui->keys[i].column : "?";
		} else if (c->n_keys) {
			cols = string_list(st, c->keys, c->n_keys);
			n = c->n_keys;
		} else {
			cols = arena_array(&st->cat->arena, const char *, 1);
			cols[0] = arena_strdup(&st->cat->arena, colname ? colname : "?");
			n = 1;
		}
		if (!check_columns(st, t, cols, n, off, "column \"%s\" named in key does not exist"))
			return NULL;
		if (pk && table_pkey(t)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off,
			        "multiple primary keys for table \"%s\" are not allowed", tname(st, t));
			return NULL;
		}
		if (!rp_partition_check_unique(st, t, cols, n, pk ? "PRIMARY KEY" : "UNIQUE", off) ||
		    !rp_foreign_unique_ok(st, t, off))
			return NULL;
		const char *name = c->conname;
		if (using_ix && !name)
			name = using_ix->name;
		if (name) {
			if (constraint_exists(st, t, name, off))
				return NULL;
			CatObject *clash = catalog_find_relation(st->cat, t->h.schema, name);
			if (clash && clash != using_ix) {
				rp_diag(st, SEV_ERROR, "duplicate-object", off,
				        "relation \"%s\" already exists", name);
				return NULL;
			}
		} else if (pk) {
			name = rp_choose_relname(st, t->h.name, NULL, "pkey", t->h.schema);
		} else {
			/* ChooseIndexColumnNames: the key columns then the INCLUDE ones, made unique */
			const char **all = arena_array(&st->cat->arena, const char *, n + c->n_including + 1);
			for (size_t i = 0; i < n; i++)
				all[i] = cols[i];
			for (size_t i = 0; i < c->n_including; i++)
				all[n + i] = rp_str(c->including[i]) ? rp_str(c->including[i]) : "?";
			rp_index_colnames(st, all, n + c->n_including);
			name = rp_choose_relname(st, t->h.name, joined_names(st, all, n + c->n_including),
			                         "key", t->h.schema);
		}
		CatConstraint *k = new_constraint(st, t, name, pk ? CON_PRIMARY : CON_UNIQUE, off);
		k->columns = cols;
		k->ncolumns = n;
		k->deferrable = c->deferrable;
		k->initially_deferred = c->initdeferred;
		k->nulls_not_distinct = c->nulls_not_distinct;
		if (using_ix) {
			CatIndex *ui = (CatIndex *)using_ix;
			if (strcmp(using_ix->name, name))
				catalog_rename(st->cat, using_ix, name);
			ui->constraint = k;
			k->index = ui;
			catalog_add_dep(st->cat, &ui->h, &k->h, NULL, DEP_INTERNAL);
		} else {
			CatIndex *ix = constraint_index(st, t, k, "btree", off);
			if (c->n_including) {
				ix->include = string_list(st, c->including, c->n_including);
				ix->ninclude = c->n_including;
			}
		}
		for (size_t i = 0; i < n; i++)
			catalog_add_dep(st->cat, &k->h, &t->h, cols[i], DEP_AUTO);
		for (size_t i = 0; k->index && i < k->index->ninclude; i++)
			catalog_add_dep(st->cat, &k->h, &t->h, k->index->include[i], DEP_AUTO);
		if (pk)
			for (size_t i = 0; i < n; i++)
				table_find_column(t, cols[i])->not_null = true;
		return k;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: {
		if (t->relkind == REL_PARTITIONED) { /* transformTableConstraint */
			Diag *d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			                  "exclusion constraints are not supported on partitioned tables");
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			return NULL;
		}
		/* ComputeIndexAttrs / pg_get_constraintdef: each element a column or an expression
		 * (normalized as an index key); conkey lists the columns only; the name joins every element's
		 * ChooseIndexColumnNames name */
		size_t n = c->n_exclusions, ncols = 0;
		const char **cols = arena_array(&st->cat->arena, const char *, n ? n : 1);
		const char **names = arena_array(&st->cat->arena, const char *, n ? n : 1);
		const char **exprs = arena_array(&st->cat->arena, const char *, n ? n : 1);
		const char **colls = arena_array(&st->cat->arena, const char *, n ? n : 1);
		const char **opcs = arena_array(&st->cat->arena, const char *, n ? n : 1);
		PgQuery__IndexElem **elems = arena_array(&st->cat->arena, PgQuery__IndexElem *, n ? n : 1);
		for (size_t i = 0; i < n; i++) {
			PgQuery__Node *pair = c->exclusions[i];
			PgQuery__IndexElem *el =
			    pair->node_case == PG_QUERY__NODE__NODE_LIST && pair->list->n_items == 2 &&
			            pair->list->items[0]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM
			        ? pair->list->items[0]->index_elem
			        : NULL;
			elems[i] = el;
			char *etype = NULL;
			const char *ktype = NULL;
			if (el && el->name && *el->name) {
				cols[ncols++] = names[i] = arena_strdup(&st->cat->arena, el->name);
				const CatColumn *kc = table_find_column(t, el->name);
				ktype = kc ? kc->type : NULL;
				colls[i] =
				    el->n_collation ? rp_str(el->collation[el->n_collation - 1]) : NULL;
				/* pg_get_indexdef prints a key's collation only when it is not the column's
				 */
				if (colls[i] && kc && kc->collation && !strcmp(kc->collation, colls[i]))
					colls[i] = NULL;
			} else if (el && el->expr) {
				PgQuery__Node *an =
				    rp_analyze_typed(st, EXPRK_INDEX_EXPR, el->expr, &t->h, &etype);
				exprs[i] = expr_normalize_rel(&st->cat->arena, an ? an : el->expr, NULL,
				                              an ? NULL : t->h.name);
				expr_tree_free(an);
				ktype = etype;
				names[i] = el->indexcolname && *el->indexcolname
				               ? el->indexcolname
				               : rp_index_elem_colname(el->expr);
				colls[i] =
				    el->n_collation ? rp_str(el->collation[el->n_collation - 1]) : NULL;
			}
			/* ResolveOpClass: the server prints a class that is not the default for the key */
			opcs[i] = el && el->n_opclass ? rp_str(el->opclass[el->n_opclass - 1]) : NULL;
			if (opcs[i] &&
			    (el->n_opclass == 1 || !strcmp(rp_str(el->opclass[0]), "pg_catalog"))) {
				ExprEnv env;
				const char *path[32];
				rp_expr_env(st, &env, path);
				ExprError err;
				bool is_default = false;
				int r = expr_key_opclass(&env, c->access_method ? c->access_method : "gist",
				                         ktype, opcs[i], &is_default, &err);
				expr_error_clear(&err);
				if (r > 0 && is_default)
					opcs[i] = NULL;
			}
			free(etype);
		}
		StrBuf sb = STRBUF_INIT;
		sb_append(&sb, exclusion_text(&st->cat->arena, c, exprs, colls, opcs));
		const char *pred = NULL, *pred_src = NULL;
		if (c->where_clause) { /* the index's predicate (normalized; introspection reads it so too) */
			pred = rp_expr_src_of(st, EXPRK_INDEX_PRED, c->where_clause, &t->h, NULL, NULL,
			                      &pred_src);
			sb_appendf(&sb, " WHERE (%s)", pred ? pred : rp_expr(st, c->where_clause));
		}
		const char *name = c->conname;
		if (name) {
			if (constraint_exists(st, t, name, off)) {
				sb_release(&sb);
				return NULL;
			}
		} else {
			/* ChooseIndexColumnNames over every element and INCLUDE column */
			size_t nn = n + c->n_including;
			const char **uniq = arena_array(&st->cat->arena, const char *, nn ? nn : 1);
			memcpy(uniq, names, n * sizeof *uniq);
			for (size_t i = 0; i < c->n_including; i++)
				uniq[n + i] = rp_str(c->including[i]) ? rp_str(c->including[i]) : "?";
			rp_index_colnames(st, uniq, nn);
			name = rp_choose_relname(st, t->h.name, n ? joined_names(st, uniq, nn) : NULL, "excl",
			                         t->h.schema);
		}
		CatConstraint *k = new_constraint(st, t, name, CON_EXCLUSION, off);
		k->columns = cols;
		k->ncolumns = ncols;
		k->exclusion = arena_strdup(&st->cat->arena, sb_str(&sb));
		k->deferrable = c->deferrable;
		k->initially_deferred = c->initdeferred;
		sb_release(&sb);
		CatIndex *ix = constraint_index(st, t, k, c->access_method ? c->access_method : "gist", off);
		ix->unique = false;
		ix->predicate = pred;
		ix->predicate_src = pred_src;
		/* the index's keys: every element, in order */
		ix->nkeys = n;
		ix->keys = arena_array(&st->cat->arena, CatIndexElem, n ? n : 1);
		for (size_t i = 0; i < n; i++) {
			if (exprs[i])
				ix->keys[i].expr = exprs[i];
			else
				ix->keys[i].column = names[i];
			if (elems[i] && exprs[i])
				rp_expr_deps_self(st, &ix->h, NULL, t, DEP_AUTO, elems[i]->expr);
		}
		if (c->n_including) { /* INCLUDE columns: the index's, not the constraint's keys */
			ix->include = string_list(st, c->including, c->n_including);
			ix->ninclude = c->n_including;
			for (size_t i = 0; i < ix->ninclude; i++)
				catalog_add_dep(st->cat, &k->h, &t->h, ix->include[i], DEP_AUTO);
		}
		if (c->where_clause)
			rp_expr_deps_self(st, &ix->h, NULL, t, DEP_AUTO, c->where_clause);
		for (size_t i = 0; i < ncols; i++)
			if (table_find_column(t, cols[i]))
				catalog_add_dep(st->cat, &k->h, &t->h, cols[i], DEP_AUTO);
		return k;
	}
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		return add_foreign_key(st, t, c, colname);
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		if (colname) {
			CatColumn *col = table_find_column(t, colname);
			if (col)
				col->not_null = true;
		}
		return NULL;
	default:
		return NULL;
	}
}

/* Is E a NULL default that PostgreSQL does not store: a NULL constant, possibly cast (`NULL`,
 * `NULL::text`), on a column of type TYPE without a type modifier? AddRelationNewConstraints skips a
 * default that is a null Const (and SET DEFAULT NULL removes the default); on a column with a modifier
 * (`varchar(15)`, `numeric(10,2)`) the length coercion wraps the constant in a function call, which is
 * stored and printed as `NULL::character varying`. */
static bool is_null_const(const PgQuery__Node *e, const char *type)
{
	if (type && strchr(type, '('))
		return false;
	while (e && e->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		e = e->type_cast->arg;
	return e && e->node_case == PG_QUERY__NODE__NODE_A_CONST && e->a_const->isnull;
}

static void set_default(ReplayState *st, CatTable *t, CatColumn *col, PgQuery__Node *e)
{
	if (is_null_const(e, col->type))
		e = NULL;
	catalog_remove_subdeps(&t->h, col->name, false, true);
	col->default_expr =
	    e ? rp_expr_src_of(st, EXPRK_DEFAULT, e, &t->h, col->type, NULL, &col->default_src) : NULL;
	if (!e) {
		col->default_src = NULL;
		return;
	}
	rp_expr_deps(st, &t->h, col->name, e);
	/* the stored default is coerced to the column's type: a constant of a user type depends on it */
	CatType *ut = rp_type_of_text(st, col->type);
	if (ut)
		(void)catalog_add_subdep(st->cat, &t->h, col->name, true, &ut->h, NULL, DEP_NORMAL);
}

/* The regclass text for a sequence as pg_get_expr prints it, qualified (stored expressions name objects by
 * identity; the comparison and the text dump make them relative to a search_path). */
static const char *seq_regclass(ReplayState *st, CatSequence *s)
{
	StrBuf sb = STRBUF_INIT;
	cat_quote_qualified(&sb, s->h.schema, s->h.name);
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

typedef struct Deferred {
	PgQuery__Constraint *c;
	const char *colname;
} Deferred;

static void defer(ReplayState *st, PtrList *deferred, PgQuery__Constraint *c, const char *colname)
{
	Deferred *d = arena_new(&st->cat->arena, Deferred);
	d->c = c;
	d->colname = colname;
	ptrlist_push(&st->cat->arena, deferred, d);
}

static void make_identity(ReplayState *st, CatTable *t, CatColumn *col, PgQuery__Constraint *c, int off)
{
	col->identity = c->generated_when && c->generated_when[0] == 'a' ? IDENT_ALWAYS : IDENT_BY_DEFAULT;
	col->not_null = true;
	/* SEQUENCE NAME [schema.]name among the options names it (unqualified: in the table's schema); else
	 * PostgreSQL chooses <table>_<column>_seq */
	const char *sschema = t->h.schema, *sname = NULL;
	for (size_t i = 0; i < c->n_options; i++) {
		const PgQuery__Node *o = c->options[i];
		if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM ||
		    strcmp(o->def_elem->defname, "sequence_name") || !o->def_elem->arg ||
		    o->def_elem->arg->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		const PgQuery__List *l = o->def_elem->arg->list;
		if (l->n_items >= 1 && rp_str(l->items[l->n_items - 1]))
			sname = arena_strdup(&st->cat->arena, rp_str(l->items[l->n_items - 1]));
		if (l->n_items >= 2 && rp_str(l->items[l->n_items - 2]))
			sschema = arena_strdup(&st->cat->arena, rp_str(l->items[l->n_items - 2]));
	}
	if (!sname)
		sname = rp_choose_relname(st, t->h.name, col->name, "seq", t->h.schema);
	CatSequence *s = rp_new_sequence(st, sschema, sname, col->type, off);
	s->is_identity = true;
	s->owned_by_table = t;
	s->owned_by_column = col->name;
	rp_seq_apply_options(st, s, c->options, c->n_options, true);
	catalog_add_dep(st->cat, &s->h, &t->h, col->name, DEP_INTERNAL);
	col->identity_seq = s;
}

void rp_add_column(ReplayState *st, CatTable *t, PgQuery__ColumnDef *cd, bool creating, PtrList *deferred)
{
	int off = cd->location;
	const PgQuery__TypeName *tn = cd->type_name;
	const char *serial = NULL;
	if (tn && tn->n_names == 1 && !tn->n_array_bounds) {
		const char *n = rp_str(tn->names[0]);
		if (n && (!strcmp(n, "serial") || !strcmp(n, "serial4")))
			serial = "integer";
		else if (n && (!strcmp(n, "bigserial") || !strcmp(n, "serial8")))
			serial = "bigint";
		else if (n && (!strcmp(n, "smallserial") || !strcmp(n, "serial2")))
			serial = "smallint";
	}
	CatObject *ut = NULL;
	bool as_type = false;
	const char *type = serial ? serial : tn ? rp_type_dep(st, tn, &ut, &as_type) : "?";
	CatColumn *col = table_add_column(st->cat, t, cd->colname, type);
	col->origin = rp_loc(st, off);
	col->compression = rp_inh_compression_name(cd->compression);
	if (ut)
		rp_column_type_dep(st, &t->h, col->name, ut, as_type);
	if (cd->coll_clause && cd->coll_clause->n_collname)
		col->collation = arena_strdup(
		    &st->cat->arena, rp_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
	if (cd->is_not_null)
		col->not_null = true;
	if (cd->raw_default)
		set_default(st, t, col, cd->raw_default);
	if (serial) {
		const char *sname = rp_choose_relname(st, t->h.name, col->name, "seq", t->h.schema);
		CatSequence *s = rp_new_sequence(st, t->h.schema, sname, serial, off);
		s->owned_by_table = t;
		s->owned_by_column = col->name;
		catalog_add_dep(st->cat, &s->h, &t->h, col->name, DEP_AUTO);
		col->not_null = true;
		col->default_expr =
		    arena_sprintf(&st->cat->arena, "nextval('%s'::regclass)", seq_regclass(st, s));
		col->default_src = col->default_expr;
		(void)catalog_add_subdep(st->cat, &t->h, col->name, true, &s->h, NULL, DEP_NORMAL);
	}
	CatConstraint *last = NULL;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		PgQuery__Node *cn = cd->constraints[i];
		if (cn->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		PgQuery__Constraint *c = cn->constraint;
		switch (c->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			col->not_null = true;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
			set_default(st, t, col, c->raw_expr);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
			make_identity(st, t, col, c, c->location);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
			/* the expression may use columns defined after this one: analysed with the table */
			col->generated = "?";
			if (deferred && creating)
				defer(st, deferred, c, col->name);
			else
				(void)rp_add_constraint(st, t, c, col->name, creating);
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
		case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
			/* they modify the constraint before them: deferred with it when creating a table */
			if (deferred && creating)
				defer(st, deferred, c, col->name);
			else if (last && c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
				last->deferrable = true;
			else if (last && c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED)
				last->initially_deferred = true;
			break;
		default:
			if (deferred && creating)
				defer(st, deferred, c, col->name);
			else
				last = rp_add_constraint(st, t, c, col->name, creating);
			break;
		}
	}
}

/* The PRIMARY KEY or UNIQUE constraint, already made by the same CREATE TABLE, that UNIQUE constraint C
 * (COLNAME for a column constraint) repeats (same columns in order, no INCLUDE, same NULLS NOT DISTINCT and
 * DEFERRABLE), or NULL. PostgreSQL's transformIndexConstraints then keeps only the prior one (`id uuid
 * UNIQUE, PRIMARY KEY (id)` makes just the primary key). */
static CatConstraint *repeats_prior_key(const CatTable *t, const PgQuery__Constraint *c, const char *colname)
{
	if (c->n_including || (c->indexname && c->indexname[0]) || c->where_clause)
		return NULL;
	size_t n = c->n_keys ? c->n_keys : colname ? 1 : 0;
	if (!n)
		return NULL;
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		if ((k->contype != CON_PRIMARY && k->contype != CON_UNIQUE) || k->ncolumns != n ||
		    k->nulls_not_distinct != c->nulls_not_distinct || k->deferrable != c->deferrable ||
		    (k->index && k->index->ninclude))
			continue;
		bool same = true;
		for (size_t j = 0; j < n && same; j++) {
			const char *col = c->n_keys ? rp_str(c->keys[j]) : colname;
			same = col && k->columns[j] && !strcmp(col, k->columns[j]);
		}
		if (same)
			return k;
	}
	return NULL;
}

static bool in_list(const PtrList *l, const void *p)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i] == p)
			return true;
	return false;
}

static bool has_name(const PgQuery__Constraint *c)
{
	return c->conname && c->conname[0];
}

/* The key constraint K (with its index) takes the name NAME: transformIndexConstraints gives a repeated,
 * named UNIQUE constraint's name to the unnamed key it merges into (`PRIMARY KEY (a, b), CONSTRAINT u
 * UNIQUE (a, b)` makes the primary key "u"). */
static void take_name(ReplayState *st, CatTable *t, CatConstraint *k, const char *name, int off)
{
	if (catalog_find_constraint(st->cat, t, name)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off, "relation \"%s\" already exists", name);
		return;
	}
	catalog_rename(st->cat, &k->h, name);
	rp_register_conname(st, k);
	if (k->index)
		catalog_rename(st->cat, &k->index->h, name);
}

static void run_deferred(ReplayState *st, CatTable *t, PtrList *deferred)
{
	/* PostgreSQL's order: CHECK constraints with the table, then PK/UNIQUE/EXCLUDE indexes, then FKs. */
	static const PgQuery__ConstrType order[3][2] = {
	    {PG_QUERY__CONSTR_TYPE__CONSTR_CHECK, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL},
	    {PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY, PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE},
	    {PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION, PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN},
	};
	PtrList unnamed = {0}; /* keys made here without a name of their own */
	for (int pass = 0; pass < 4; pass++) {
		for (size_t i = 0; i < deferred->n; i++) {
			Deferred *d = deferred->items[i];
			PgQuery__ConstrType ct = d->c->contype;
			bool mine;
			if (pass == 0)
				mine = ct == order[0][0] || ct == order[0][1] ||
				       ct == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED;
			else if (pass == 1)
				mine = ct == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
			else if (pass == 2)
				mine = ct == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
				       ct == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
			else
				mine = ct == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN;
			if (!mine)
				continue;
			if (ct == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
				CatConstraint *prior = repeats_prior_key(t, d->c, d->colname);
				if (prior) {
					if (has_name(d->c) && in_list(&unnamed, prior)) {
						take_name(st, t, prior, d->c->conname, d->c->location);
						ptrlist_remove(&unnamed, prior);
					}
					continue;
				}
			}
			CatConstraint *k = rp_add_constraint(st, t, d->c, d->colname, true);
			if (k &&
			    (ct == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
			     ct == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) &&
			    !has_name(d->c))
				ptrlist_push(&st->cat->arena, &unnamed, k);
			/* trailing DEFERRABLE / INITIALLY DEFERRED attributes follow the constraint in the
			 * list */
			for (size_t j = i + 1; k && j < deferred->n; j++) {
				PgQuery__ConstrType a = ((Deferred *)deferred->items[j])->c->contype;
				if (a == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
					k->deferrable = true;
				else if (a == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED)
					k->initially_deferred = true;
				else if (a != PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE &&
				         a != PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE)
					break;
			}
		}
	}
}

/* Copy column SRC of table FROM into T (INHERITS, PARTITION OF, LIKE) with the dependencies PostgreSQL
 * records for the new column: its type, and its default's (when DEFAULTS) and generation expression's
 * references, a reference to FROM's own columns becoming one to T's. */
static CatColumn *copy_column(ReplayState *st, CatTable *t, CatTable *from, const CatColumn *src,
                              bool defaults)
{
	CatColumn *c = table_find_column(t, src->name);
	if (c) { /* merged inherited column: a default comes from the parent that has one */
		c->inhcount++;
		c->not_null |= src->not_null;
		if (defaults && !c->default_expr && src->default_expr) {
			c->default_expr = src->default_expr;
			for (size_t i = 0; i < from->h.ndeps; i++) {
				CatDep d = from->h.deps[i];
				if (d.from_column && d.from_default && !strcmp(d.from_column, src->name))
					(void)catalog_add_subdep(st->cat, &t->h, c->name, true, d.on,
					                         d.column, d.type);
			}
		}
		return c;
	}
	c = table_add_column(st->cat, t, src->name, src->type);
	c->not_null = src->not_null;
	c->collation = src->collation;
	c->storage = src->storage;
	c->compression = src->compression;
	if (defaults) {
		c->default_expr = src->default_expr;
		c->default_src = src->default_src;
	}
	c->generated = src->generated;
	c->generated_src = src->generated_src;
	size_t n = from->h.ndeps;
	for (size_t i = 0; i < n; i++) {
		CatDep d = from->h.deps[i];
		if (!d.from_column || strcmp(d.from_column, src->name))
			continue;
		if (d.from_default && !c->generated && !c->default_expr)
			continue;
		if (d.on == &from->h && !d.column && d.type == DEP_INTERNAL && !d.from_default)
			continue; /* FROM's partition key on the column: FROM's own, not the copy's */
		CatDep *nd = catalog_add_subdep(st->cat, &t->h, c->name, d.from_default,
		                                d.on == &from->h ? &t->h : d.on, d.column, d.type);
		if (nd)
			nd->as_type = d.as_type;
	}
	return c;
}

/* TO is a copy of FROM (an index or constraint of table FROM_T) made for table TO_T: the same dependencies,
 * those on FROM_T's columns becoming ones on TO_T's (the owner dependency exists already). */
static void copy_deps(ReplayState *st, CatObject *to, const CatObject *from, CatTable *from_t, CatTable *to_t)
{
	size_t n = from->ndeps;
	for (size_t i = 0; i < n; i++) {
		CatDep d = from->deps[i];
		if ((d.on == &from_t->h && !d.column) || d.type == DEP_PARTITION_PRI ||
		    d.type == DEP_PARTITION_SEC)
			continue;
		/* a key's copies for the referenced partitions belong to the parent's key */
		if (to->kind == OBJ_CONSTRAINT && ((CatConstraint *)to)->contype == CON_FOREIGN &&
		    d.on->kind == OBJ_TABLE && !d.column && !d.from_column && d.type == DEP_NORMAL)
			continue;
		CatDep *nd = catalog_add_subdep(st->cat, to, d.from_column, d.from_default,
		                                d.on == &from_t->h ? &to_t->h : d.on, d.column, d.type);
		if (nd)
			nd->as_type = d.as_type;
	}
}

/* LIKE SRC (a relation) or LIKE CTYPE (a composite type): columns already given by the table itself or an
 * earlier LIKE are PostgreSQL's "specified more than once"; a view's or type's columns are added here (a
 * table's by copy_column, with its options). Returns false after an error. */
static bool like_columns(ReplayState *st, CatTable *t, CatObject *src, CatType *ctype, int off)
{
	size_t n = ctype                                                 ? ctype->nattrs
	           : src->kind == OBJ_TABLE                              ? ((CatTable *)src)->columns.n
	           : (src->kind == OBJ_VIEW || src->kind == OBJ_MATVIEW) ? ((CatView *)src)->ncolumns
	                                                                 : 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = ctype ? ctype->attrs[i].name
		                   : src->kind == OBJ_TABLE
		                       ? ((CatColumn *)((CatTable *)src)->columns.items[i])->name
		                       : ((CatView *)src)->columns[i];
		CatColumn *have = table_find_column(t, name);
		if (have && have->is_local) {
			rp_diag(st, SEV_ERROR, "duplicate-column", off,
			        "column \"%s\" specified more than once", name);
			return false;
		}
		if (src && src->kind == OBJ_TABLE)
			continue;
		const char *type = ctype ? ctype->attrs[i].type
		                   : ((CatView *)src)->column_types &&
		                           ((CatView *)src)->ncolumn_types == ((CatView *)src)->ncolumns &&
		                           strcmp(((CatView *)src)->column_types[i], "?")
		                       ? ((CatView *)src)->column_types[i]
		                       : NULL;
		if (have) {
			have->inhcount++;
			continue;
		}
		CatColumn *c = table_add_column(st->cat, t, name, type ? type : "unknown");
		c->type_unknown = !type;
		if (ctype && ctype->attrs[i].collation)
			c->collation = ctype->attrs[i].collation;
		CatType *ut = type ? rp_type_of_text(st, type) : NULL;
		if (ut)
			rp_column_type_dep(st, &t->h, name, &ut->h, false);
	}
	return true;
}

/* A PK/UNIQUE constraint copied from another table: its automatic dependencies on its key columns. */
static void key_column_deps(ReplayState *st, CatTable *t, CatConstraint *k)
{
	for (size_t i = 0; i < k->ncolumns; i++)
		catalog_add_dep(st->cat, &k->h, &t->h, k->columns[i], DEP_AUTO);
}

/* A child (INHERITS, PARTITION OF, LIKE INCLUDING CONSTRAINTS when INHERITED is false) gets the parent's
 * CHECK constraints (MergeCheckConstraint: one of the same name is merged, inherited once more). */
static void copy_checks(ReplayState *st, CatTable *t, CatTable *parent, bool inherited, int off)
{
	for (size_t i = 0; i < parent->constraints.n; i++) {
		CatConstraint *pk = parent->constraints.items[i];
		if (pk->contype != CON_CHECK || (inherited && pk->no_inherit))
			continue;
		CatConstraint *have = catalog_find_constraint(st->cat, t, pk->h.name);
		if (have) {
			if (inherited && have->contype == CON_CHECK)
				have->inhcount++;
			continue;
		}
		CatConstraint *k = new_constraint(st, t, pk->h.name, CON_CHECK, off);
		k->check_expr = pk->check_expr;
		k->not_valid = pk->not_valid;
		k->check_src = pk->check_src;
		if (inherited) {
			k->inhcount = 1;
			k->is_local = false;
		} else
			k->no_inherit = pk->no_inherit;
		copy_deps(st, &k->h, &pk->h, parent, t);
	}
}

static void inherit_checks(ReplayState *st, CatTable *t, CatTable *parent, int off)
{
	copy_checks(st, t, parent, true, off);
}

/* A range bound's value as pg_get_expr prints it: MINVALUE and MAXVALUE in capitals. */
static const char *range_datum_text(ReplayState *st, const PgQuery__Node *e)
{
	if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && e->column_ref->n_fields == 1) {
		const char *s = rp_str(e->column_ref->fields[0]);
		if (s && !strcmp(s, "minvalue"))
			return "MINVALUE";
		if (s && !strcmp(s, "maxvalue"))
			return "MAXVALUE";
	}
	return rp_expr(st, e);
}

/* The normalized `FOR VALUES ...` / `DEFAULT` text of a partition bound. */
static const char *bound_text(ReplayState *st, const PgQuery__PartitionBoundSpec *b)
{
	if (!b || b->is_default)
		return "DEFAULT";
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "FOR VALUES ");
	if (b->n_listdatums) {
		sb_append(&sb, "IN (");
		for (size_t i = 0; i < b->n_listdatums; i++)
			sb_appendf(&sb, "%s%s", i ? ", " : "", rp_expr(st, b->listdatums[i]));
		sb_putc(&sb, ')');
	} else if (b->n_lowerdatums) {
		sb_append(&sb, "FROM (");
		for (size_t i = 0; i < b->n_lowerdatums; i++)
			sb_appendf(&sb, "%s%s", i ? ", " : "", range_datum_text(st, b->lowerdatums[i]));
		sb_append(&sb, ") TO (");
		for (size_t i = 0; i < b->n_upperdatums; i++)
			sb_appendf(&sb, "%s%s", i ? ", " : "", range_datum_text(st, b->upperdatums[i]));
		sb_putc(&sb, ')');
	} else {
		sb_appendf(&sb, "WITH (modulus %d, remainder %d)", b->modulus, b->remainder);
	}
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

void rp_partitions_of(ReplayState *st, CatTable *t, PtrList *out)
{
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++)
		if (((CatTable *)kids.items[i])->partition_of == t)
			ptrlist_push(&st->cat->arena, out, kids.items[i]);
}

/* X becomes the partition copy of PARENT_X (an index or key of T's parent): pg_depend's PARTITION entries. */
static void partition_link(ReplayState *st, CatObject *x, CatObject *parent_x, CatTable *t)
{
	catalog_add_dep(st->cat, x, parent_x, NULL, DEP_PARTITION_PRI);
	catalog_add_dep(st->cat, x, &t->h, NULL, DEP_PARTITION_SEC);
}

static bool depends_on_whole(const CatObject *x, const CatObject *on)
{
	for (size_t i = 0; i < x->ndeps; i++)
		if (x->deps[i].on == on && !x->deps[i].column && !x->deps[i].from_column)
			return true;
	return false;
}

static void fk_partition_deps_under(ReplayState *st, CatConstraint *k, CatTable *rt, int depth)
{
	PtrList parts = {0};
	rp_partitions_of(st, rt, &parts);
	for (size_t i = 0; i < parts.n && depth < 64; i++) {
		CatTable *p = parts.items[i];
		if (!depends_on_whole(&k->h, &p->h))
			catalog_add_dep(st->cat, &k->h, &p->h, NULL, DEP_NORMAL);
		fk_partition_deps_under(st, k, p, depth + 1);
	}
}

/* Is K a foreign key of its own (not a partition's copy of its parent's)? */
static bool own_foreign_key(const CatConstraint *k)
{
	if (k->contype != CON_FOREIGN)
		return false;
	for (size_t i = 0; i < k->h.ndeps; i++)
		if (k->h.deps[i].type == DEP_PARTITION_PRI)
			return false;
	return true;
}

void rp_fk_partition_deps(ReplayState *st, CatConstraint *k)
{
	if (own_foreign_key(k) && k->ref_table && k->ref_table->relkind == REL_PARTITIONED)
		fk_partition_deps_under(st, k, k->ref_table, 0);
}

/* The foreign keys of their own that reference T or one of its ancestors (CloneFkReferenced's keys). */
static void fks_referencing_tree(ReplayState *st, CatTable *t, PtrList *out)
{
	for (CatTable *a = t; a; a = a->partition_of)
		for (size_t i = 0; i < a->h.rdeps.n; i++) {
			CatObject *o = a->h.rdeps.items[i];
			if (!o->dropped && o->kind == OBJ_CONSTRAINT && own_foreign_key((CatConstraint *)o) &&
			    ((CatConstraint *)o)->ref_table == a)
				ptrlist_push(&st->cat->arena, out, o);
		}
}

/* PART became a partition (CREATE TABLE ... PARTITION OF, ATTACH PARTITION): keys referencing the tree it
 * joined depend on it and its partitions. */
static void fk_partition_joined(ReplayState *st, CatTable *part)
{
	PtrList fks = {0};
	fks_referencing_tree(st, part->partition_of, &fks);
	for (size_t i = 0; i < fks.n; i++) {
		CatConstraint *k = fks.items[i];
		if (!depends_on_whole(&k->h, &part->h))
			catalog_add_dep(st->cat, &k->h, &part->h, NULL, DEP_NORMAL);
		fk_partition_deps_under(st, k, part, 0);
	}
}

/* PART leaves PARENT (DETACH PARTITION): the copies of the keys referencing PARENT's tree go. */
static void fk_partition_left(ReplayState *st, CatTable *parent, CatTable *part, int depth)
{
	PtrList fks = {0};
	fks_referencing_tree(st, parent, &fks);
	PtrList subs = {0};
	ptrlist_push(&st->cat->arena, &subs, part);
	for (size_t j = 0; j < subs.n && depth < 64; j++)
		rp_partitions_of(st, subs.items[j], &subs);
	for (size_t i = 0; i < fks.n; i++)
		for (size_t j = 0; j < subs.n; j++)
			catalog_remove_dep(fks.items[i], subs.items[j], NULL);
}

/* Is X already a partition copy of something? */
static bool is_partition_copy(const CatObject *x)
{
	for (size_t i = 0; i < x->ndeps; i++)
		if (x->deps[i].type == DEP_PARTITION_PRI)
			return true;
	return false;
}

static bool same_strs(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

/* CompareIndexInfo: same access method, uniqueness, keys (columns or expressions, order; operator classes,
 * NULL being the default; collations when both are written), INCLUDE columns and predicate. */
static bool same_index(const CatIndex *a, const CatIndex *b)
{
	if (a->nkeys != b->nkeys || a->unique != b->unique ||
	    a->nulls_not_distinct != b->nulls_not_distinct || strcmp(a->method, b->method) ||
	    !same_strs(a->include, a->ninclude, b->include, b->ninclude) ||
	    (!a->predicate != !b->predicate) || (a->predicate && strcmp(a->predicate, b->predicate)))
		return false;
	for (size_t i = 0; i < a->nkeys; i++) {
		const CatIndexElem *x = &a->keys[i], *y = &b->keys[i];
		if ((!x->column != !y->column) || (x->column && strcmp(x->column, y->column)) ||
		    (!x->expr != !y->expr) || (x->expr && strcmp(x->expr, y->expr)) || x->desc != y->desc ||
		    !x->opclass != !y->opclass || (x->opclass && strcmp(x->opclass, y->opclass)) ||
		    (x->collation && y->collation && strcmp(x->collation, y->collation)))
			return false;
	}
	return true;
}

/* DefineIndex / AttachPartitionEnsureIndexes: T's own index that can stand for the parent's index PIX (not
 * already a partition copy, equivalent, backing a constraint when PIX does), or NULL. */
static CatIndex *equivalent_index(const CatTable *t, const CatIndex *pix)
{
	for (size_t j = 0; j < t->indexes.n; j++) {
		CatIndex *x = t->indexes.items[j];
		if (!is_partition_copy(&x->h) && (!pix->constraint || x->constraint) && same_index(x, pix))
			return x;
	}
	return NULL;
}

/* ... and T's own key of PK's kind whose index can stand for PK's. */
static CatConstraint *equivalent_key(const CatTable *t, const CatConstraint *pk)
{
	for (size_t j = 0; j < t->constraints.n && pk->index; j++) {
		CatConstraint *k = t->constraints.items[j];
		if (k->contype == pk->contype && k->index && !is_partition_copy(&k->h) &&
		    !is_partition_copy(&k->index->h) && same_index(k->index, pk->index))
			return k;
	}
	return NULL;
}

CatConstraint *rp_equivalent_key(const CatTable *t, const CatConstraint *pk)
{
	return equivalent_key(t, pk);
}

/* Partitions get the parent's PK/UNIQUE (as <partition>_pkey/_key), indexes and FKs. */
static CatConstraint *equivalent_foreign_key(CatTable *part, const CatConstraint *pk);
/* The names of key PK's index columns (generateClonedIndexStmt's indexcolname: as at CREATE, through a
 * RENAME COLUMN), else its columns. */
static const char **index_colnames(ReplayState *st, const CatConstraint *pk)
{
	if (!pk->index || pk->index->nkeys != pk->ncolumns)
		return pk->columns;
	const char **r = arena_array(&st->cat->arena, const char *, pk->ncolumns ? pk->ncolumns : 1);
	for (size_t i = 0; i < pk->ncolumns; i++)
		r[i] = pk->index->keys[i].attname ? pk->index->keys[i].attname : pk->columns[i];
	return r;
}

void rp_clone_constraint_to_partition(ReplayState *st, CatConstraint *pk, CatTable *parent, CatTable *t,
                                      int off)
{
	if (pk->contype == CON_PRIMARY || pk->contype == CON_UNIQUE) {
		CatConstraint *have = equivalent_key(t, pk);
		if (have) { /* the partition's own key stands for the parent's */
			partition_link(st, &have->h, &pk->h, t);
			if (pk->index)
				partition_link(st, &have->index->h, &pk->index->h, t);
			return;
		}
		const char *name =
		    pk->contype == CON_PRIMARY
		        ? rp_choose_relname(st, t->h.name, NULL, "pkey", t->h.schema)
		        : rp_choose_relname(st, t->h.name,
		                            joined_names(st, index_colnames(st, pk), pk->ncolumns), "key",
		                            t->h.schema);
		CatConstraint *k = new_constraint(st, t, name, pk->contype, off);
		k->columns = pk->columns;
		k->ncolumns = pk->ncolumns;
		k->nulls_not_distinct = pk->nulls_not_distinct;
		k->deferrable = pk->deferrable;
		k->initially_deferred = pk->initially_deferred;
		CatIndex *ix = constraint_index(st, t, k, "btree", off);
		key_column_deps(st, t, k);
		/* the partition's key is part of the parent's (and of the partition), and so is its index */
		partition_link(st, &k->h, &pk->h, t);
		if (pk->index)
			partition_link(st, &ix->h, &pk->index->h, t);
		if (pk->contype == CON_PRIMARY)
			for (size_t i = 0; i < k->ncolumns; i++) {
				CatColumn *c = table_find_column(t, k->columns[i]);
				if (c)
					c->not_null = true;
			}
		/* a partitioned partition passes it on */
		PtrList parts = {0};
		rp_partitions_of(st, t, &parts);
		for (size_t i = 0; i < parts.n; i++)
			rp_clone_constraint_to_partition(st, k, t, parts.items[i], off);
	} else if (pk->contype == CON_FOREIGN) {
		/* addFkRecurseReferencing / CloneFkReferencing (tryAttachPartitionForeignKey): the
		 * partition's own equivalent key becomes the parent's copy there (its own copies below stay
		 * with it) */
		CatConstraint *have = equivalent_foreign_key(t, pk);
		if (have) {
			partition_link(st, &have->h, &pk->h, t);
			return;
		}
		/* CloneFkReferencing: the parent's name, unless the partition has a constraint of that name
		 */
		const char *name =
		    catalog_find_constraint(st->cat, t, pk->h.name)
		        ? rp_choose_conname(st, t->h.name, joined_names(st, pk->columns, pk->ncolumns),
		                            "fkey", t->h.schema)
		        : pk->h.name;
		CatConstraint *k = new_constraint(st, t, name, CON_FOREIGN, off);
		CatConstraint saved = *k;
		*k = *pk;
		k->h = saved.h;
		k->index = NULL;
		copy_deps(st, &k->h, &pk->h, parent, t);
		partition_link(st, &k->h, &pk->h, t);
		PtrList parts = {0};
		rp_partitions_of(st, t, &parts);
		for (size_t i = 0; i < parts.n; i++)
			rp_clone_constraint_to_partition(st, k, t, parts.items[i], off);
	}
}

void rp_index_to_partition(ReplayState *st, CatIndex *pix, CatTable *parent, CatTable *t, int off)
{
	CatIndex *have = equivalent_index(t, pix);
	if (have)
		partition_link(st, &have->h, &pix->h, t);
	else
		rp_clone_index_to_partition(st, pix, parent, t, off);
}

void rp_clone_index_to_partition(ReplayState *st, CatIndex *pix, CatTable *parent, CatTable *t, int off)
{
	const char **cols = arena_array(&st->cat->arena, const char *, pix->nkeys + pix->ninclude + 1);
	size_t n = 0;
	for (size_t j = 0; j < pix->nkeys; j++) /* generateClonedIndexStmt: the index's column names */
		cols[n++] = pix->keys[j].attname  ? pix->keys[j].attname
		            : pix->keys[j].column ? pix->keys[j].column
		                                  : rp_index_expr_colname(st, pix->keys[j].expr);
	for (size_t j = 0; j < pix->ninclude; j++)
		cols[n++] = pix->include[j];
	rp_index_colnames(st, cols, n);
	const char *name = rp_choose_relname(st, t->h.name, joined_names(st, cols, n), "idx", t->h.schema);
	CatLoc l = rp_loc(st, off);
	CatIndex *ix = (CatIndex *)catalog_add(st->cat, OBJ_INDEX, t->h.schema, name, &t->h, &l);
	CatObject saved = ix->h;
	*ix = *pix;
	ix->h = saved;
	copy_deps(st, &ix->h, &pix->h, parent, t);
	partition_link(st, &ix->h, &pix->h, t);
	PtrList parts = {0};
	rp_partitions_of(st, t, &parts);
	for (size_t i = 0; i < parts.n; i++)
		rp_clone_index_to_partition(st, ix, t, parts.items[i], off);
}

/* A new partition gets the parent's PK/UNIQUE (as <partition>_pkey/_key), indexes and FKs. */
static void clone_partition_parts(ReplayState *st, CatTable *t, CatTable *parent, int off)
{
	for (size_t i = 0; i < parent->constraints.n; i++)
		rp_clone_constraint_to_partition(st, parent->constraints.items[i], parent, t, off);
	for (size_t i = 0; i < parent->indexes.n; i++) {
		CatIndex *pix = parent->indexes.items[i];
		if (!pix->constraint)
			rp_clone_index_to_partition(st, pix, parent, t, off);
	}
}

/* Is NAME an operator class PostgreSQL ships (for any index access method)? */
static bool builtin_opclass_name(const char *name)
{
	static const char *const ams[] = {"btree", "hash", "gist", "gin", "spgist", "brin"};
	for (size_t a = 0; a < ARRAY_LEN(ams); a++) {
		size_t first, n = pgb_opclasses_of(ams[a], &first);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(pg_bopclasses[first + i].name, name))
				return true;
	}
	return false;
}

/* ComputePartitionAttrs over T's columns (its own and inherited ones): each key of SPEC names a column of T
 * that is not generated, or is an expression over them (analysed: immutable, no sub-query, not a constant;
 * the functions it calls become T's dependencies); the key's type must have an operator class of the
 * strategy's access method (hash for HASH, else btree): the written one, or a default one. False after
 * PostgreSQL's error (the key's dependencies are partkey_deps'). */
static bool check_partition_key(ReplayState *st, CatTable *t, const PgQuery__PartitionSpec *spec)
{
	const char *am = spec->strategy && !strcmp(spec->strategy, "hash") ? "hash" : "btree";
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	for (size_t i = 0; i < spec->n_part_params; i++) {
		const PgQuery__Node *p = spec->part_params[i];
		if (p->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM)
			continue;
		const PgQuery__PartitionElem *pe = p->partition_elem;
		char *type = NULL;
		if (pe->name) {
			const CatColumn *c = table_find_column(t, pe->name);
			if (!c) {
				Diag *d =
				    rp_diag(st, SEV_ERROR, "undefined-column", pe->location,
				            "column \"%s\" named in partition key does not exist", pe->name);
				if (d)
					snprintf(d->sqlstate, sizeof d->sqlstate, "42703");
				return false;
			}
			if (c->generated) {
				Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", pe->location,
				                  "cannot use generated column in partition key");
				if (d) {
					diag_set_detail(d, "Column \"%s\" is a generated column.", c->name);
					snprintf(d->sqlstate, sizeof d->sqlstate, "42P17");
				}
				return false;
			}
			type = c->type ? xstrdup(c->type) : NULL;
		} else if (pe->expr) {
			PgQuery__Node *a = rp_analyze_typed(st, EXPRK_PARTITION_KEY, pe->expr, &t->h, &type);
			if (!a) {
				free(type);
				return false;
			}
			if (!rp_partition_check_key_expr(st, t, pe, i + 1, type)) {
				expr_tree_free(a);
				free(type);
				return false;
			}
			bool constant =
			    a->node_case == PG_QUERY__NODE__NODE_A_CONST ||
			    (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && a->type_cast->arg &&
			     a->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_CONST);
			expr_tree_free(a);
			if (constant) {
				Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", -1,
				                  "cannot use constant expression as partition key");
				if (d)
					snprintf(d->sqlstate, sizeof d->sqlstate, "42P17");
				free(type);
				return false;
			}
		}
		const char *opclass = NULL;
		bool foreign_class = false;
		if (pe->n_opclass) {
			opclass = rp_str(pe->opclass[pe->n_opclass - 1]);
			const char *sch = pe->n_opclass > 1 ? rp_str(pe->opclass[0]) : NULL;
			/* the catalog holds no user operator classes (one read from a server may have some):
			 * a name PostgreSQL does not ship is not judged */
			foreign_class =
			    (sch && strcmp(sch, "pg_catalog")) || (opclass && !builtin_opclass_name(opclass));
		}
		if (type && !foreign_class) {
			bool is_default = false;
			ExprError err;
			if (expr_key_opclass(&env, am, type, opclass, &is_default, &err) < 0) {
				err.location = pe->location;
				if (err.hint && !opclass) { /* ComputePartitionAttrs's own hint */
					free(err.hint);
					err.hint = xasprintf(
					    "You must specify a %s operator class or define a default %s "
					    "operator class for the data type.",
					    am, am);
				}
				rp_expr_error(st, &err);
				expr_error_clear(&err);
				free(type);
				return false;
			}
			expr_error_clear(&err);
		}
		free(type);
	}
	return true;
}

void rp_create_table(ReplayState *st, PgQuery__CreateStmt *cs)
{
	PgQuery__RangeVar *rv = cs->relation;
	const char *schema = rp_relation_schema(st, rv);
	if (!schema)
		return;
	const CatObject *old = catalog_find_relation(st->cat, schema, rv->relname);
	if (old || catalog_find_type(st->cat, schema, rv->relname)) {
		if (!cs->if_not_exists)
			rp_relation_exists(st, old, rv->location, rv->relname);
		return;
	}
	if (!rp_check_create_table(st, cs))
		return;
	if (cs->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP ||
	    cs->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DELETE_ROWS ||
	    cs->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_PRESERVE_ROWS) {
		if (!rp_is_temp_schema(schema)) {
			rp_diag(st, SEV_ERROR, "invalid-table-definition", rv->location,
			        "ON COMMIT can only be used on temporary tables");
			return;
		}
	}
	if (!rp_table_am_rules(st, cs->access_method, cs->partspec != NULL, false, rv->location))
		return;
	CatLoc l = rp_loc(st, rv->location);
	CatTable *t = (CatTable *)catalog_add(st->cat, OBJ_TABLE, schema, rv->relname, NULL, &l);
	if (cs->oncommit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP)
		t->on_commit_drop = true;
	t->relkind = cs->partspec ? REL_PARTITIONED : REL_ORDINARY;
	if (cs->partspec && !rp_partition_check_spec(st, cs->partspec)) {
		catalog_unlink(st->cat, &t->h);
		return;
	}
	t->unlogged = rv->relpersistence && rv->relpersistence[0] == 'u';
	if (cs->partspec)
		t->partition_key = partkey_normalize(&st->cat->arena, cs->partspec);
	PtrList deferred = {0};
	PtrList conflicting = {
	    0}; /* columns inherited with different defaults: the table must give its own */
	/* Parents first: their columns come before the table's own. */
	for (size_t i = 0; i < cs->n_inh_relations; i++) {
		PgQuery__Node *pn = cs->inh_relations[i];
		if (pn->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			continue;
		CatObject *po = rp_range_relation(st, pn->range_var, false, NULL);
		if (!po || po->kind != OBJ_TABLE)
			continue;
		CatTable *p = (CatTable *)po;
		if (!cs->partbound && (p->relkind == REL_PARTITIONED || p->partition_of)) {
			rp_diag(st, SEV_ERROR, "wrong-object-type", pn->range_var->location,
			        p->partition_of ? "cannot inherit from partition \"%s\""
			                        : "cannot inherit from partitioned table \"%s\"",
			        p->h.name);
			catalog_unlink(st->cat, &t->h);
			return;
		}
		/* MergeAttributes: a permanent table cannot inherit from a temporary one, nor be its
		 * partition; a temporary table cannot be a permanent one's partition */
		bool parent_temp = rp_is_temp_schema(p->h.schema), temp = rp_is_temp_schema(t->h.schema);
		if (parent_temp != temp && (cs->partbound || parent_temp)) {
			rp_diag(st, SEV_ERROR, "wrong-object-type", rv->location,
			        !cs->partbound ? "cannot inherit from temporary relation \"%s\""
			        : temp ? "cannot create a temporary relation as partition of permanent "
			                 "relation \"%s\""
			               : "cannot create a permanent relation as partition of temporary "
			                 "relation \"%s\"",
			        p->h.name);
			catalog_unlink(st->cat, &t->h);
			return;
		}
		for (size_t j = 0; j < p->columns.n; j++) {
			CatColumn *pc = p->columns.items[j], *have = table_find_column(t, pc->name);
			/* MergeAttributes: a column inherited twice must agree */
			if (have && strcmp(have->type, pc->type)) {
				Diag *d = rp_diag(st, SEV_ERROR, "datatype-mismatch", rv->location,
				                  "inherited column \"%s\" has a type conflict", pc->name);
				diag_set_detail(d, "%s versus %s", have->type, pc->type);
				catalog_unlink(st->cat, &t->h);
				return;
			}
			if (have && (!rp_inh_storage_merge_ok(st, have, pc, true, rv->location) ||
			             !rp_inh_compression_merge_ok(st, have, pc->compression, rv->location))) {
				catalog_unlink(st->cat, &t->h);
				return;
			}
			if (have && !have->generated != !pc->generated) {
				rp_diag(st, SEV_ERROR, "datatype-mismatch", rv->location,
				        "inherited column \"%s\" has a generation conflict", pc->name);
				catalog_unlink(st->cat, &t->h);
				return;
			}
			if (have &&
			    ((have->default_expr && pc->default_expr &&
			      strcmp(have->default_expr, pc->default_expr)) ||
			     (have->generated && pc->generated && strcmp(have->generated, pc->generated))))
				ptrlist_push(&st->cat->arena, &conflicting, have);
			CatColumn *c = copy_column(st, t, p, pc, true);
			c->is_local = false;
			c->inhcount = c->inhcount ? c->inhcount : 1;
		}
		if (cs->partbound)
			t->partition_of = p;
		else
			ptrlist_push(&st->cat->arena, &t->inherits, p);
		/* a partition goes with its parent; an inheritance child needs CASCADE */
		catalog_add_dep(st->cat, &t->h, &p->h, NULL, cs->partbound ? DEP_AUTO : DEP_NORMAL);
	}
	if (cs->partbound) {
		t->partition_bound =
		    t->partition_of ? rp_partition_bound_text(st, t->partition_of, cs->partbound) : NULL;
		if (!t->partition_bound)
			t->partition_bound = bound_text(st, cs->partbound);
	}
	PtrList optioned = {0}; /* typed table columns given WITH OPTIONS */
	if (cs->of_typename) {
		/* CREATE TABLE ... OF type (transformOfType): the composite type's attributes are the columns
		 */
		if (cs->n_inh_relations) {
			rp_diag(st, SEV_ERROR, "wrong-object-type", rv->location,
			        "typed tables cannot inherit");
			catalog_unlink(st->cat, &t->h);
			return;
		}
		CatObject *dep = NULL;
		bool as_type = false;
		const char *tt = rp_type_dep(st, cs->of_typename, &dep, &as_type);
		CatType *ct = dep && !as_type && dep->kind == OBJ_TYPE ? (CatType *)dep : NULL;
		if (!ct || ct->type_kind != TYPE_COMPOSITE) {
			if (dep || as_type)
				rp_diag(st, SEV_ERROR, "wrong-object-type", rv->location,
				        "type %s is not a composite type", tt);
			catalog_unlink(st->cat, &t->h);
			return;
		}
		for (size_t i = 0; i < ct->nattrs; i++) {
			CatColumn *c = table_add_column(st->cat, t, ct->attrs[i].name, ct->attrs[i].type);
			c->collation = ct->attrs[i].collation;
			for (size_t j = 0; j < ct->h.ndeps; j++) {
				CatDep d = ct->h.deps[j];
				if (d.from_column && !d.from_default && !strcmp(d.from_column, c->name))
					rp_column_type_dep(st, &t->h, c->name, d.on, d.as_type);
			}
		}
		catalog_add_dep(st->cat, &t->h, &ct->h, NULL, DEP_NORMAL);
	}
	for (size_t i = 0; i < cs->n_table_elts; i++) {
		PgQuery__Node *e = cs->table_elts[i];
		switch (e->node_case) {
		case PG_QUERY__NODE__NODE_COLUMN_DEF: {
			PgQuery__ColumnDef *cd = e->column_def;
			CatColumn *existing = table_find_column(t, cd->colname);
			if (!cd->type_name && cs->of_typename) { /* name WITH OPTIONS ... of a typed table */
				if (!existing) {
					rp_diag(st, SEV_ERROR, "undefined-column", cd->location,
					        "column \"%s\" does not exist", cd->colname);
					catalog_unlink(st->cat, &t->h);
					return;
				}
				bool twice = false;
				for (size_t j = 0; j < optioned.n && !twice; j++)
					twice = optioned.items[j] == existing;
				if (twice) {
					rp_diag(st, SEV_ERROR, "duplicate-column", cd->location,
					        "column \"%s\" specified more than once", cd->colname);
					catalog_unlink(st->cat, &t->h);
					return;
				}
				ptrlist_push(&st->cat->arena, &optioned, existing);
				for (size_t j = 0; j < cd->n_constraints; j++) {
					if (cd->constraints[j]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
						continue;
					PgQuery__Constraint *cc = cd->constraints[j]->constraint;
					if (cc->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
						set_default(st, t, existing, cc->raw_expr);
					else if (cc->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
						existing->not_null = true;
					else
						defer(st, &deferred, cc, existing->name);
				}
				break;
			}
			if (existing && !existing->is_local) {
				if (!cs->partbound && !rp_inh_merge_column(st, existing, cd)) {
					catalog_unlink(st->cat, &t->h);
					return;
				}
				existing->is_local = true; /* redeclared inherited column: merge */
				if (!cs->partbound && !rp_inh_compression_merge_ok(
				                          st, existing, cd->compression, cd->location)) {
					catalog_unlink(st->cat, &t->h);
					return;
				}
				if (cd->type_name) {
					const char *type = rp_type(st, cd->type_name, NULL);
					if (strcmp(type, existing->type)) {
						Diag *d =
						    rp_diag(st, SEV_ERROR, "datatype-mismatch", cd->location,
						            "column \"%s\" has a type conflict", cd->colname);
						diag_set_detail(d, "%s versus %s", existing->type, type);
						catalog_unlink(st->cat, &t->h);
						return;
					}
				}
				/* a partition may give its own collation (MergeAttributes); a child may not
				 */
				const char *coll =
				    cd->coll_clause && cd->coll_clause->n_collname
				        ? rp_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1])
				        : NULL;
				if (coll && cs->partbound)
					existing->collation = arena_strdup(&st->cat->arena, coll);
				if (coll && existing->collation && strcmp(coll, existing->collation) &&
				    !cs->partbound) {
					Diag *d =
					    rp_diag(st, SEV_ERROR, "collation-mismatch", cd->location,
					            "column \"%s\" has a collation conflict", cd->colname);
					diag_set_detail(d, "\"%s\" versus \"%s\"", existing->collation, coll);
					catalog_unlink(st->cat, &t->h);
					return;
				}
				if (cd->raw_default && !is_null_const(cd->raw_default, existing->type))
					existing->default_expr =
					    rp_expr_src_of(st, EXPRK_DEFAULT, cd->raw_default, &t->h,
					                   existing->type, NULL, &existing->default_src);
				for (size_t j = 0; j < cd->n_constraints; j++) {
					if (cd->constraints[j]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
						continue;
					PgQuery__Constraint *cc = cd->constraints[j]->constraint;
					if (cc->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
						set_default(st, t, existing, cc->raw_expr);
						ptrlist_remove(&conflicting, existing);
					} else if (cc->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
						existing->not_null = true;
					else if (cc->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY &&
					         !existing->identity) /* the child's own identity */
						make_identity(st, t, existing, cc, cc->location);
					else
						defer(st, &deferred, cc, existing->name);
				}
				break;
			}
			if (existing) {
				rp_diag(st, SEV_ERROR, "duplicate-column", cd->location,
				        "column \"%s\" specified more than once", cd->colname);
				break;
			}
			rp_add_column(st, t, cd, true, &deferred);
			break;
		}
		case PG_QUERY__NODE__NODE_CONSTRAINT:
			defer(st, &deferred, e->constraint, NULL);
			break;
		case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE: {
			PgQuery__TableLikeClause *lc = e->table_like_clause;
			PgQuery__RangeVar *lr = lc->relation;
			CatObject *src = rp_find_relation(st, lr->schemaname, lr->relname);
			/* LIKE reads a table, a view, a materialized view or a composite type */
			CatType *ctype = !src ? rp_find_type(st, lr->schemaname, lr->relname) : NULL;
			if (!src && !(ctype && ctype->type_kind == TYPE_COMPOSITE))
				src = rp_range_relation(st, lr, false, NULL);
			if (!src && !ctype)
				break;
			if (src && (src->kind == OBJ_SEQUENCE || src->kind == OBJ_INDEX)) {
				/* transformTableLikeClause */
				Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", lr->location,
				                  "relation \"%s\" is invalid in LIKE clause", lr->relname);
				diag_set_detail(d, "This operation is not supported for %s.",
				                src->kind == OBJ_SEQUENCE ? "sequences" : "indexes");
				catalog_unlink(st->cat, &t->h);
				return;
			}
			if (!like_columns(st, t, src, ctype, lr->location)) {
				catalog_unlink(st->cat, &t->h);
				return;
			}
			if (!src || src->kind != OBJ_TABLE)
				break;
			CatTable *s = (CatTable *)src;
			bool defaults = lc->options & (1u << 3), storage = lc->options & (1u << 8);
			for (size_t j = 0; j < s->columns.n; j++) {
				CatColumn *sc = s->columns.items[j], *had = table_find_column(t, sc->name);
				if (had && storage &&
				    !rp_inh_storage_merge_ok(st, had, sc, false, lr->location)) {
					catalog_unlink(st->cat, &t->h);
					return;
				}
				CatColumn *c = copy_column(st, t, s, sc, defaults);
				if (!had && !storage) /* LIKE without INCLUDING STORAGE: the type's default */
					c->storage = 0;
				if (!had && !(lc->options & (1u << 1))) /* nor INCLUDING COMPRESSION */
					c->compression = NULL;
			}
			if (lc->options & (1u << 2)) {
				/* the copies are added by ALTER TABLE after the table
				 * (AddRelationNewConstraints) */
				for (size_t j = 0; j < s->constraints.n && t->relkind == REL_PARTITIONED;
				     j++) {
					CatConstraint *sk = s->constraints.items[j];
					if (sk->contype == CON_CHECK && sk->no_inherit) {
						Diag *d = rp_diag(
						    st, SEV_ERROR, "invalid-table-definition", rv->location,
						    "cannot add NO INHERIT constraint to partitioned table "
						    "\"%s\"",
						    t->h.name);
						if (d)
							snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
						catalog_unlink(st->cat, &t->h);
						return;
					}
				}
				copy_checks(st, t, s, false, lc->relation->location);
			}
			if (lc->options & (1u << 6)) {
				for (size_t j = 0; j < s->constraints.n; j++) {
					CatConstraint *sk = s->constraints.items[j];
					if (sk->contype != CON_PRIMARY && sk->contype != CON_UNIQUE)
						continue;
					const char *name =
					    sk->contype == CON_PRIMARY
					        ? rp_choose_relname(st, t->h.name, NULL, "pkey", schema)
					        : rp_choose_relname(
					              st, t->h.name,
					              joined_names(st, sk->columns, sk->ncolumns), "key",
					              schema);
					CatConstraint *k =
					    new_constraint(st, t, name, sk->contype, lc->relation->location);
					k->columns = sk->columns;
					k->ncolumns = sk->ncolumns;
					constraint_index(st, t, k, "btree", lc->relation->location);
					key_column_deps(st, t, k);
				}
				for (size_t j = 0; j < s->indexes.n; j++) {
					CatIndex *six = s->indexes.items[j];
					if (six->constraint)
						continue;
					const char **cols =
					    arena_array(&st->cat->arena, const char *, six->nkeys + 1);
					for (size_t q = 0; q < six->nkeys; q++)
						cols[q] = six->keys[q].column
						              ? six->keys[q].column
						              : rp_index_expr_colname(st, six->keys[q].expr);
					rp_index_colnames(st, cols, six->nkeys);
					const char *name = rp_choose_relname(
					    st, t->h.name, joined_names(st, cols, six->nkeys), "idx", schema);
					CatLoc il = rp_loc(st, lc->relation->location);
					CatIndex *ix = (CatIndex *)catalog_add(st->cat, OBJ_INDEX, schema,
					                                       name, &t->h, &il);
					CatObject saved = ix->h;
					*ix = *six;
					ix->h = saved;
					copy_deps(st, &ix->h, &six->h, s, t);
				}
			}
			break;
		}
		default:
			break;
		}
	}
	for (size_t i = 0; i < conflicting.n; i++) {
		CatColumn *c = conflicting.items[i];
		if (c->generated)
			rp_diag(st, SEV_ERROR, "invalid-column-definition", rv->location,
			        "column \"%s\" inherits conflicting generation expressions", c->name);
		else {
			Diag *d = rp_diag(st, SEV_ERROR, "invalid-column-definition", rv->location,
			                  "column \"%s\" inherits conflicting default values", c->name);
			diag_set_hint(d, "To resolve the conflict, specify a default explicitly.");
		}
		catalog_unlink(st->cat, &t->h);
		return;
	}
	for (size_t i = 0; i < cs->n_constraints; i++)
		if (cs->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			defer(st, &deferred, cs->constraints[i]->constraint, NULL);
	for (size_t i = 0; i < t->inherits.n; i++)
		inherit_checks(st, t, t->inherits.items[i], rv->location);
	if (t->partition_of) {
		if (!rp_partition_check_bound(st, t->partition_of, t, cs->partbound, rv->location) ||
		    !rp_partition_check_clones(st, t->partition_of, t, rv->location)) {
			catalog_unlink(st->cat, &t->h);
			return;
		}
		inherit_checks(st, t, t->partition_of, rv->location);
		clone_partition_parts(st, t, t->partition_of, rv->location);
		fk_partition_joined(st, t);
	}
	if (cs->partspec) {
		if (!check_partition_key(st, t, cs->partspec)) {
			catalog_unlink(st->cat, &t->h);
			return;
		}
		partkey_deps(st, t, cs->partspec);
	}
	run_deferred(st, t, &deferred);
}

bool rp_is_typed_table(const CatTable *t)
{
	for (size_t i = 0; i < t->h.ndeps; i++) {
		const CatDep *d = &t->h.deps[i];
		if (!d->from_column && d->type == DEP_NORMAL && d->on->kind == OBJ_TYPE &&
		    ((CatType *)d->on)->type_kind == TYPE_COMPOSITE)
			return true;
	}
	return false;
}

static bool has_children(ReplayState *st, CatTable *t)
{
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	return kids.n > 0;
}

/* tryAttachPartitionForeignKey: PART's own foreign key that can stand for the parent's key PK (same columns,
 * same referenced table and columns, same actions, match type and deferrability, validated, not already a
 * partition copy), or NULL. */
static CatConstraint *equivalent_foreign_key(CatTable *part, const CatConstraint *pk)
{
	for (size_t j = 0; j < part->constraints.n; j++) {
		CatConstraint *k = part->constraints.items[j];
		if (k->contype != CON_FOREIGN || is_partition_copy(&k->h) || k->not_valid ||
		    k->ref_table != pk->ref_table || !k->ref_table ||
		    !same_strs(k->columns, k->ncolumns, pk->columns, pk->ncolumns) ||
		    !same_strs(k->ref_columns, k->nref_columns, pk->ref_columns, pk->nref_columns) ||
		    k->on_update != pk->on_update || k->on_delete != pk->on_delete || k->match != pk->match ||
		    k->deferrable != pk->deferrable || k->initially_deferred != pk->initially_deferred)
			continue;
		return k;
	}
	return NULL;
}

/* ALTER TABLE ... ATTACH PARTITION (AttachPartitionEnsureIndexes, CloneForeignKeyConstraints): the table
 * becomes a partition of PARENT; its columns are inherited; an index or key of the parent is matched by an
 * equivalent one of the partition, else copied; foreign keys are copied. */
void rp_attach_partition(ReplayState *st, CatTable *parent, CatTable *part,
                         const PgQuery__PartitionBoundSpec *b, int off);
void rp_attach_partition(ReplayState *st, CatTable *parent, CatTable *part,
                         const PgQuery__PartitionBoundSpec *b, int off)
{
	/* ATExecAttachPartition's checks: a plain table whose columns are exactly the parent's */
	const char *refusal = part->partition_of        ? "\"%s\" is already a partition"
	                      : part->inherits.n        ? "cannot attach inheritance child as partition"
	                      : rp_is_typed_table(part) ? "cannot attach a typed table as partition"
	                      : part->relkind != REL_PARTITIONED && has_children(st, part)
	                          ? "cannot attach inheritance parent as partition"
	                          : NULL;
	if (refusal) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, refusal, part->h.name);
		return;
	}
	for (CatTable *a = parent; a; a = a->partition_of)
		if (a == part) { /* PARENT is PART or one of its partitions */
			Diag *d = rp_diag(st, SEV_ERROR, "duplicate-table", off,
			                  "circular inheritance not allowed");
			diag_set_detail(d, "\"%s\" is already a child of \"%s\".", parent->h.name,
			                part->h.name);
			return;
		}
	bool parent_temp = rp_is_temp_schema(parent->h.schema), part_temp = rp_is_temp_schema(part->h.schema);
	if (parent_temp != part_temp) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", off,
		        part_temp
		            ? "cannot attach a temporary relation as partition of permanent relation \"%s\""
		            : "cannot attach a permanent relation as partition of temporary relation \"%s\"",
		        parent->h.name);
		return;
	}
	for (size_t i = 0; i < part->columns.n; i++) {
		CatColumn *c = part->columns.items[i];
		if (!table_find_column(parent, c->name)) {
			Diag *d = rp_diag(st, SEV_ERROR, "datatype-mismatch", off,
			                  "table \"%s\" contains column \"%s\" not found in parent \"%s\"",
			                  part->h.name, c->name, parent->h.name);
			diag_set_detail(d,
			                "The new partition may contain only the columns present in parent.");
			return;
		}
	}
	if (parent->relkind != REL_PARTITIONED) {
		Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", off, "table \"%s\" is not partitioned",
		                  parent->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42809");
		return;
	}
	/* the partition's checks before CreateInheritance counts anything (nothing half-applied) */
	if (!rp_partition_check_bound(st, parent, part, b, off) ||
	    !rp_partition_check_clones(st, parent, part, off) ||
	    !rp_partition_attach_fk_check(st, parent, part, off))
		return;
	/* CreateInheritance: the parent's columns and CHECK constraints, matched and counted */
	if (!rp_inh_merge_existing(st, part, parent, off))
		return;
	part->partition_of = parent;
	part->partition_bound = rp_partition_bound_text(st, parent, b);
	if (!part->partition_bound)
		part->partition_bound = bound_text(st, b);
	catalog_add_dep(st->cat, &part->h, &parent->h, NULL, DEP_AUTO);
	for (size_t i = 0; i < parent->constraints.n; i++) {
		CatConstraint *pk = parent->constraints.items[i];
		if (pk->contype != CON_PRIMARY && pk->contype != CON_UNIQUE && pk->contype != CON_FOREIGN)
			continue;
		CatConstraint *match = pk->contype == CON_FOREIGN ? equivalent_foreign_key(part, pk) : NULL;
		if (match)
			partition_link(st, &match->h, &pk->h, part);
		else /* PK/UNIQUE: the partition's equivalent key is taken there */
			rp_clone_constraint_to_partition(st, pk, parent, part, off);
	}
	for (size_t i = 0; i < parent->indexes.n; i++) {
		CatIndex *pix = parent->indexes.items[i];
		if (!pix->constraint)
			rp_index_to_partition(st, pix, parent, part, off);
	}
	fk_partition_joined(st, part);
}

/* ALTER TABLE ... DETACH PARTITION: the table stands alone; its indexes and keys are its own again. */
void rp_detach_partition(ReplayState *st, CatTable *parent, CatTable *part);
void rp_detach_partition(ReplayState *st, CatTable *parent, CatTable *part)
{
	rp_partition_unshare(st, part);
	fk_partition_left(st, parent, part, 0);
	part->partition_of = NULL;
	part->partition_bound = NULL;
	catalog_remove_dep(&part->h, &parent->h, NULL);
	for (size_t i = 0; i < parent->columns.n; i++) {
		CatColumn *pc = parent->columns.items[i], *c = table_find_column(part, pc->name);
		if (c) {
			c->inhcount = c->inhcount > 0 ? c->inhcount - 1 : 0;
			c->is_local = true;
		}
	}
	for (size_t i = 0; i < parent->constraints.n; i++) { /* RemoveInheritance */
		CatConstraint *pk = parent->constraints.items[i];
		CatConstraint *k = pk->contype == CON_CHECK && !pk->no_inherit
		                       ? catalog_find_constraint(st->cat, part, pk->h.name)
		                       : NULL;
		if (k && k->contype == CON_CHECK && k->inhcount > 0 && --k->inhcount == 0)
			k->is_local = true;
	}
	PtrList *lists[2] = {&part->indexes, &part->constraints};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++)
			catalog_remove_deps_of_type(lists[l]->items[i], DEP_PARTITION_PRI, DEP_PARTITION_SEC);
}

void rp_set_column_default(ReplayState *st, CatTable *t, CatColumn *c, PgQuery__Node *e);
void rp_set_column_default(ReplayState *st, CatTable *t, CatColumn *c, PgQuery__Node *e)
{
	set_default(st, t, c, e);
}

void rp_make_identity(ReplayState *st, CatTable *t, CatColumn *col, PgQuery__Constraint *c, int off);
void rp_make_identity(ReplayState *st, CatTable *t, CatColumn *col, PgQuery__Constraint *c, int off)
{
	make_identity(st, t, col, c, off);
}
