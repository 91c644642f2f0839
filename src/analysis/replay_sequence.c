/* replay_sequence.c — the options of CREATE/ALTER SEQUENCE and of an identity column's sequence, applied
 * and checked as PostgreSQL's init_params and process_owned_by (commands/sequence.c) do. */
#include "analysis/replay_col.h"

#include <errno.h>
#include <stdarg.h>

Diag *rp_error_state(ReplayState *st, const char *rule, const char *sqlstate, int off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	Diag *d = rp_diag(st, SEV_ERROR, rule, off, "%s", msg ? msg : "?");
	free(msg);
	if (d && sqlstate)
		snprintf(d->sqlstate, sizeof d->sqlstate, "%s", sqlstate);
	return d;
}

/* The bounds of a sequence data type (catalog text); false for a type a sequence cannot have. */
static bool seq_type_range(const char *type, int64_t *min, int64_t *max)
{
	if (!strcmp(type, "smallint")) {
		*min = INT16_MIN;
		*max = INT16_MAX;
	} else if (!strcmp(type, "integer")) {
		*min = INT32_MIN;
		*max = INT32_MAX;
	} else if (!strcmp(type, "bigint")) {
		*min = INT64_MIN;
		*max = INT64_MAX;
	} else
		return false;
	return true;
}

bool rp_seq_type_ok(const char *type)
{
	int64_t lo, hi;
	return type && seq_type_range(type, &lo, &hi);
}

/* defGetInt64 of D: an integer, or a numeric literal int8in accepts. False after PostgreSQL's error (a
 * value that is not an integer, or out of bigint's range). */
static bool option_int64(ReplayState *st, PgQuery__DefElem *d, int64_t *out)
{
	if (!d->arg) {
		rp_error_state(st, "syntax-error", "42601", d->location, "%s requires a numeric value",
		               d->defname);
		return false;
	}
	if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
		*out = d->arg->integer->ival;
		return true;
	}
	if (d->arg->node_case == PG_QUERY__NODE__NODE_FLOAT && d->arg->float_->fval) {
		const char *s = d->arg->float_->fval;
		char *end = NULL;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (end == s || *end) {
			rp_error_state(st, "invalid-text-representation", "22P02", d->location,
			               "invalid input syntax for type bigint: \"%s\"", s);
			return false;
		}
		if (errno == ERANGE) {
			rp_error_state(st, "numeric-value-out-of-range", "22003", d->location,
			               "value \"%s\" is out of range for type bigint", s);
			return false;
		}
		*out = v;
		return true;
	}
	/* any other argument: not something the model reads */
	return false;
}

/* The options of one statement, by name (init_params: each at most once). */
typedef struct SeqOpts {
	PgQuery__DefElem *as, *increment, *start, *restart, *max, *min, *cache, *cycle, *owned_by;
} SeqOpts;

static bool collect_options(ReplayState *st, PgQuery__Node **opts, size_t n, SeqOpts *o)
{
	memset(o, 0, sizeof *o);
	static const struct {
		const char *name;
		size_t off;
	} slots[] = {
	    {"as", offsetof(SeqOpts, as)},
	    {"increment", offsetof(SeqOpts, increment)},
	    {"start", offsetof(SeqOpts, start)},
	    {"restart", offsetof(SeqOpts, restart)},
	    {"maxvalue", offsetof(SeqOpts, max)},
	    {"minvalue", offsetof(SeqOpts, min)},
	    {"cache", offsetof(SeqOpts, cache)},
	    {"cycle", offsetof(SeqOpts, cycle)},
	    {"owned_by", offsetof(SeqOpts, owned_by)},
	};
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = opts[i]->def_elem;
		for (size_t k = 0; k < ARRAY_LEN(slots); k++) {
			if (strcmp(d->defname, slots[k].name))
				continue;
			PgQuery__DefElem **slot = (PgQuery__DefElem **)((char *)o + slots[k].off);
			if (*slot) {
				rp_error_state(st, "syntax-error", "42601", d->location,
				               "conflicting or redundant options");
				return false;
			}
			*slot = d;
		}
	}
	return true;
}

/* process_owned_by: OWNED BY NONE or table.column (a table, view or partitioned table of the same schema,
 * with that column). FOR_IDENTITY: the identity column's own link (not user-written). */
static void apply_owned_by(ReplayState *st, CatSequence *s, PgQuery__DefElem *d, bool for_identity)
{
	if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
		return;
	PgQuery__List *l = d->arg->list;
	if (l->n_items == 1) {
		const char *w = rp_str(l->items[0]);
		if (!w || strcmp(w, "none")) {
			Diag *e = rp_error_state(st, "syntax-error", "42601", d->location,
			                         "invalid OWNED BY option");
			diag_set_hint(e, "Specify OWNED BY table.column or OWNED BY NONE.");
			return;
		}
	}
	CatTable *t = NULL;
	const char *col = NULL;
	if (l->n_items >= 2) {
		col = rp_str(l->items[l->n_items - 1]);
		const char *tbl = rp_str(l->items[l->n_items - 2]);
		const char *sch = l->n_items >= 3 ? rp_str(l->items[l->n_items - 3]) : NULL;
		CatObject *o = rp_find_relation(st, sch, tbl);
		if (!o) {
			rp_missing(st, "undefined-relation", d->location, "rel", tbl,
			           "relation \"%s\" does not exist", tbl);
			return;
		}
		if (o->kind != OBJ_TABLE && o->kind != OBJ_VIEW) {
			Diag *e = rp_error_state(st, "wrong-object-type", "42809", d->location,
			                         "sequence cannot be owned by relation \"%s\"", tbl);
			diag_set_detail(e, "This operation is not supported for %s.",
			                o->kind == OBJ_INDEX      ? "indexes"
			                : o->kind == OBJ_MATVIEW  ? "materialized views"
			                : o->kind == OBJ_SEQUENCE ? "sequences"
			                                          : "this relation");
			return;
		}
		if (strcmp(o->schema, s->h.schema)) {
			rp_error_state(st, "object-not-in-prerequisite-state", "55000", d->location,
			               "sequence must be in same schema as table it is linked to");
			return;
		}
		if (o->kind != OBJ_TABLE)
			return; /* a view may own a sequence; the model keeps only tables' */
		t = (CatTable *)o;
		if (!table_find_column(t, col)) {
			rp_diag(st, SEV_ERROR, "undefined-column", d->location,
			        "column \"%s\" of relation \"%s\" does not exist", col, tbl);
			return;
		}
	}
	if (!for_identity && s->is_identity) {
		Diag *e = rp_error_state(st, "feature-not-supported", "0A000", d->location,
		                         "cannot change ownership of identity sequence");
		if (s->owned_by_table)
			diag_set_detail(e, "Sequence \"%s\" is linked to table \"%s\".", s->h.name,
			                s->owned_by_table->h.name);
		return;
	}
	if (s->owned_by_table)
		catalog_remove_dep(&s->h, &s->owned_by_table->h, NULL);
	s->owned_by_table = t;
	s->owned_by_column = t ? arena_strdup(&st->cat->arena, col) : NULL;
	if (t)
		catalog_add_dep(st->cat, &s->h, &t->h, col, DEP_AUTO);
}

/* The range check of a bound of a smallint or integer sequence; false after the error. */
static bool bound_in_type(ReplayState *st, const char *what, int64_t v, const char *type, int off)
{
	int64_t lo, hi;
	if (!seq_type_range(type, &lo, &hi) || (v >= lo && v <= hi))
		return true;
	rp_error_state(st, "invalid-parameter-value", "22023", off,
	               "%s (%lld) is out of range for sequence data type %s", what, (long long)v, type);
	return false;
}

bool rp_seq_options(ReplayState *st, CatSequence *s, PgQuery__Node **opts, size_t n, bool creating,
                    bool for_identity)
{
	SeqOpts o;
	if (!collect_options(st, opts, n, &o))
		return false;
	int off = st->stmt_off;
	CatSequence v = *s; /* the new values, applied when every check passed */
	bool reset_max = false, reset_min = false;
	if (o.as && o.as->arg && o.as->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
		if (!rp_type_known(st, o.as->arg->type_name)) {
			(void)rp_type(st, o.as->arg->type_name, NULL); /* its undefined-type error */
			return false;
		}
		const char *type = rp_type(st, o.as->arg->type_name, NULL);
		if (!rp_seq_type_ok(type)) {
			rp_error_state(st, "invalid-parameter-value", "22023", o.as->location,
			               for_identity
			                   ? "identity column type must be smallint, integer, or bigint"
			                   : "sequence type must be smallint, integer, or bigint");
			return false;
		}
		int64_t lo, hi;
		if (!creating && seq_type_range(s->data_type, &lo, &hi)) {
			/* a bound that was the old type's own limit follows the new type */
			reset_max = s->max == hi;
			reset_min = s->min == lo;
		}
		v.data_type = arena_strdup(&st->cat->arena, type);
	} else if (creating)
		v.data_type = s->data_type && rp_seq_type_ok(s->data_type) ? s->data_type : "bigint";
	int64_t x;
	if (o.increment) {
		if (!option_int64(st, o.increment, &x))
			return false;
		if (x == 0) {
			rp_error_state(st, "invalid-parameter-value", "22023", o.increment->location,
			               "INCREMENT must not be zero");
			return false;
		}
		v.increment = x;
	} else if (creating)
		v.increment = 1;
	if (o.cycle && o.cycle->arg && o.cycle->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		v.cycle = o.cycle->arg->boolean->boolval;
	else if (creating)
		v.cycle = false;
	int64_t tlo = 0, thi = 0;
	(void)seq_type_range(v.data_type, &tlo, &thi);
	if (o.max && o.max->arg) {
		if (!option_int64(st, o.max, &x))
			return false;
		v.max = x;
	} else if (creating || o.max || reset_max)
		v.max = v.increment > 0 || reset_max ? thi : -1;
	if (!bound_in_type(st, "MAXVALUE", v.max, v.data_type, o.max ? o.max->location : off))
		return false;
	if (o.min && o.min->arg) {
		if (!option_int64(st, o.min, &x))
			return false;
		v.min = x;
	} else if (creating || o.min || reset_min)
		v.min = v.increment < 0 || reset_min ? tlo : 1;
	if (!bound_in_type(st, "MINVALUE", v.min, v.data_type, o.min ? o.min->location : off))
		return false;
	if (v.min >= v.max) {
		rp_error_state(st, "invalid-parameter-value", "22023", off,
		               "MINVALUE (%lld) must be less than MAXVALUE (%lld)", (long long)v.min,
		               (long long)v.max);
		return false;
	}
	if (o.start) {
		if (!option_int64(st, o.start, &x))
			return false;
		v.start = x;
	} else if (creating)
		v.start = v.increment > 0 ? v.min : v.max;
	if (v.start < v.min || v.start > v.max) {
		rp_error_state(st, "invalid-parameter-value", "22023", o.start ? o.start->location : off,
		               v.start < v.min ? "START value (%lld) cannot be less than MINVALUE (%lld)"
		                               : "START value (%lld) cannot be greater than MAXVALUE (%lld)",
		               (long long)v.start, (long long)(v.start < v.min ? v.min : v.max));
		return false;
	}
	/* RESTART (the value the next nextval returns): checked when written; the current value of a
	 * sequence that was used is not known to the model */
	bool restart_known = false;
	int64_t restart = v.start;
	if (o.restart) {
		restart_known = true;
		if (o.restart->arg && !option_int64(st, o.restart, &restart))
			return false;
	} else if (creating)
		restart_known = true;
	if (restart_known && (restart < v.min || restart > v.max)) {
		rp_error_state(st, "invalid-parameter-value", "22023", o.restart ? o.restart->location : off,
		               restart < v.min
		                   ? "RESTART value (%lld) cannot be less than MINVALUE (%lld)"
		                   : "RESTART value (%lld) cannot be greater than MAXVALUE (%lld)",
		               (long long)restart, (long long)(restart < v.min ? v.min : v.max));
		return false;
	}
	if (o.cache) {
		if (!option_int64(st, o.cache, &x))
			return false;
		if (x <= 0) {
			rp_error_state(st, "invalid-parameter-value", "22023", o.cache->location,
			               "CACHE (%lld) must be greater than zero", (long long)x);
			return false;
		}
		v.cache = x;
	} else if (creating)
		v.cache = 1;
	s->data_type = v.data_type;
	s->increment = v.increment;
	s->cycle = v.cycle;
	s->max = v.max;
	s->min = v.min;
	s->start = v.start;
	s->cache = v.cache;
	if (o.owned_by)
		apply_owned_by(st, s, o.owned_by, for_identity);
	return true;
}

void rp_seq_apply_options(ReplayState *st, CatSequence *s, PgQuery__Node **opts, size_t n, bool creating)
{
	if (!rp_seq_options(st, s, opts, n, creating, true))
		return; /* the error is reported */
}
