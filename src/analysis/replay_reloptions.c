/* replay_reloptions.c — storage parameters (WITH (...), ALTER ... SET (...)) checked against PostgreSQL's own
 * list of parameters for each kind of relation (access/common/reloptions.c), with its messages. */
#include "analysis/replay_col.h"

#include <ctype.h>
#include <math.h>
#include <strings.h>

enum {
	K_HEAP = 1 << 0,
	K_TOAST = 1 << 1,
	K_VIEW = 1 << 2,
	K_BTREE = 1 << 3,
	K_HASH = 1 << 4,
	K_GIST = 1 << 5,
	K_SPGIST = 1 << 6,
	K_GIN = 1 << 7,
	K_BRIN = 1 << 8,
};

typedef enum OptType { OPT_BOOL, OPT_INT, OPT_REAL, OPT_ENUM } OptType;

typedef struct RelOpt {
	const char *name;
	unsigned kinds;
	OptType type;
	double min, max;
	const char *const *values; /* OPT_ENUM: NULL-terminated */
	const char *enum_detail;   /* OPT_ENUM: PostgreSQL's "Valid values are ..." detail */
} RelOpt;

static const char *const index_cleanup_values[] = {"auto", "on", "off", "true", "false",
                                                   "yes",  "no", "1",   "0",    NULL};
static const char *const buffering_values[] = {"auto", "on", "off", NULL};
static const char *const check_option_values[] = {"local", "cascaded", NULL};

#define I32MAX 2147483647.0
static const RelOpt relopts[] = {
    {"autosummarize", K_BRIN, OPT_BOOL, 0, 0, NULL, NULL},
    {"autovacuum_enabled", K_HEAP | K_TOAST, OPT_BOOL, 0, 0, NULL, NULL},
    {"user_catalog_table", K_HEAP, OPT_BOOL, 0, 0, NULL, NULL},
    {"fastupdate", K_GIN, OPT_BOOL, 0, 0, NULL, NULL},
    {"security_barrier", K_VIEW, OPT_BOOL, 0, 0, NULL, NULL},
    {"security_invoker", K_VIEW, OPT_BOOL, 0, 0, NULL, NULL},
    {"vacuum_truncate", K_HEAP | K_TOAST, OPT_BOOL, 0, 0, NULL, NULL},
    {"deduplicate_items", K_BTREE, OPT_BOOL, 0, 0, NULL, NULL},
    {"fillfactor", K_HEAP | K_BTREE | K_HASH | K_GIST | K_SPGIST, OPT_INT, 10, 100, NULL, NULL},
    {"autovacuum_vacuum_threshold", K_HEAP | K_TOAST, OPT_INT, 0, I32MAX, NULL, NULL},
    {"autovacuum_vacuum_insert_threshold", K_HEAP | K_TOAST, OPT_INT, -1, I32MAX, NULL, NULL},
    {"autovacuum_analyze_threshold", K_HEAP, OPT_INT, 0, I32MAX, NULL, NULL},
    {"autovacuum_vacuum_cost_limit", K_HEAP | K_TOAST, OPT_INT, 1, 10000, NULL, NULL},
    {"autovacuum_freeze_min_age", K_HEAP | K_TOAST, OPT_INT, 0, 1000000000, NULL, NULL},
    {"autovacuum_multixact_freeze_min_age", K_HEAP | K_TOAST, OPT_INT, 0, 1000000000, NULL, NULL},
    {"autovacuum_freeze_max_age", K_HEAP | K_TOAST, OPT_INT, 100000, 2000000000, NULL, NULL},
    {"autovacuum_multixact_freeze_max_age", K_HEAP | K_TOAST, OPT_INT, 10000, 2000000000, NULL, NULL},
    {"autovacuum_freeze_table_age", K_HEAP | K_TOAST, OPT_INT, 0, 2000000000, NULL, NULL},
    {"autovacuum_multixact_freeze_table_age", K_HEAP | K_TOAST, OPT_INT, 0, 2000000000, NULL, NULL},
    {"log_autovacuum_min_duration", K_HEAP | K_TOAST, OPT_INT, -1, I32MAX, NULL, NULL},
    {"toast_tuple_target", K_HEAP, OPT_INT, 128, 8160, NULL, NULL},
    {"pages_per_range", K_BRIN, OPT_INT, 1, 131072, NULL, NULL},
    {"gin_pending_list_limit", K_GIN, OPT_INT, 64, I32MAX / 1024, NULL, NULL},
    {"parallel_workers", K_HEAP, OPT_INT, 0, 1024, NULL, NULL},
    {"autovacuum_vacuum_cost_delay", K_HEAP | K_TOAST, OPT_REAL, 0, 100, NULL, NULL},
    {"autovacuum_vacuum_scale_factor", K_HEAP | K_TOAST, OPT_REAL, 0, 100, NULL, NULL},
    {"autovacuum_vacuum_insert_scale_factor", K_HEAP | K_TOAST, OPT_REAL, 0, 100, NULL, NULL},
    {"autovacuum_analyze_scale_factor", K_HEAP, OPT_REAL, 0, 100, NULL, NULL},
    {"vacuum_cleanup_index_scale_factor", K_BTREE, OPT_REAL, 0, 1e10, NULL, NULL},
    {"vacuum_index_cleanup", K_HEAP | K_TOAST, OPT_ENUM, 0, 0, index_cleanup_values,
     "Valid values are \"on\", \"off\", and \"auto\"."},
    {"buffering", K_GIST, OPT_ENUM, 0, 0, buffering_values,
     "Valid values are \"on\", \"off\", and \"auto\"."},
    {"check_option", K_VIEW, OPT_ENUM, 0, 0, check_option_values,
     "Valid values are \"local\" and \"cascaded\"."},
};

static unsigned kind_mask(RelOptKind k)
{
	switch (k) {
	case RELOPT_HEAP:
		return K_HEAP;
	case RELOPT_VIEW:
		return K_VIEW;
	case RELOPT_INDEX_BTREE:
		return K_BTREE;
	case RELOPT_INDEX_HASH:
		return K_HASH;
	case RELOPT_INDEX_GIST:
		return K_GIST;
	case RELOPT_INDEX_SPGIST:
		return K_SPGIST;
	case RELOPT_INDEX_GIN:
		return K_GIN;
	case RELOPT_INDEX_BRIN:
		return K_BRIN;
	default:
		return 0;
	}
}

RelOptKind rp_index_reloptkind(const char *method)
{
	static const struct {
		const char *am;
		RelOptKind k;
	} ams[] = {{"btree", RELOPT_INDEX_BTREE},   {"hash", RELOPT_INDEX_HASH}, {"gist", RELOPT_INDEX_GIST},
	           {"spgist", RELOPT_INDEX_SPGIST}, {"gin", RELOPT_INDEX_GIN},   {"brin", RELOPT_INDEX_BRIN}};
	if (!method)
		return RELOPT_INDEX_BTREE;
	for (size_t i = 0; i < ARRAY_LEN(ams); i++)
		if (!strcmp(method, ams[i].am))
			return ams[i].k;
	return RELOPT_UNKNOWN;
}

/* parse_bool: a prefix of true/false/yes/no, on/off (two letters at least), 1 or 0, in any case. */
static bool parse_bool_text(const char *v)
{
	size_t n = strlen(v);
	if (!n)
		return false;
	static const char *const words[] = {"true", "false", "yes", "no"};
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (n <= strlen(words[i]) && !strncasecmp(v, words[i], n))
			return true;
	if (n >= 2 && (!strncasecmp(v, "on", n > 2 ? 3 : n) || (n <= 3 && !strncasecmp(v, "off", n))))
		return true;
	return !strcmp(v, "1") || !strcmp(v, "0");
}

bool rp_parse_bool_text(const char *v);
bool rp_parse_bool_text(const char *v)
{
	return parse_bool_text(v);
}

/* defGetString of an option's argument (NULL argument: "true"); NULL when not a simple value. */
static const char *option_text(ReplayState *st, const PgQuery__DefElem *d)
{
	if (!d->arg)
		return "true";
	switch (d->arg->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return d->arg->string->sval;
	case PG_QUERY__NODE__NODE_INTEGER:
		return arena_sprintf(&st->cat->arena, "%d", (int)d->arg->integer->ival);
	case PG_QUERY__NODE__NODE_FLOAT:
		return d->arg->float_->fval;
	case PG_QUERY__NODE__NODE_BOOLEAN:
		return d->arg->boolean->boolval ? "true" : "false";
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		if (d->arg->type_name->n_names == 1)
			return rp_str(d->arg->type_name->names[0]);
		return NULL;
	default:
		return NULL;
	}
}

static bool check_value(ReplayState *st, const RelOpt *o, const char *v, int off)
{
	Diag *d;
	char *end = NULL;
	switch (o->type) {
	case OPT_BOOL:
		if (parse_bool_text(v))
			return true;
		rp_error_state(st, "invalid-parameter-value", "22023", off,
		               "invalid value for boolean option \"%s\": %s", o->name, v);
		return false;
	case OPT_INT:
	case OPT_REAL: {
		while (isspace((unsigned char)*v))
			v++;
		double x = strtod(v, &end);
		while (end && isspace((unsigned char)*end))
			end++;
		if (end == v || (end && *end) || isnan(x)) {
			rp_error_state(st, "invalid-parameter-value", "22023", off,
			               o->type == OPT_INT
			                   ? "invalid value for integer option \"%s\": %s"
			                   : "invalid value for floating point option \"%s\": %s",
			               o->name, v);
			return false;
		}
		if (o->type == OPT_INT)
			x = rint(x);
		if (x < o->min || x > o->max) {
			d = rp_error_state(st, "invalid-parameter-value", "22023", off,
			                   "value %s out of bounds for option \"%s\"", v, o->name);
			if (o->type == OPT_INT)
				diag_set_detail(d, "Valid values are between \"%.0f\" and \"%.0f\".", o->min,
				                o->max);
			else
				diag_set_detail(d, "Valid values are between \"%f\" and \"%f\".", o->min,
				                o->max);
			return false;
		}
		return true;
	}
	case OPT_ENUM:
		for (size_t i = 0; o->values[i]; i++)
			if (!strcasecmp(v, o->values[i]))
				return true;
		d = rp_error_state(st, "invalid-parameter-value", "22023", off,
		                   "invalid value for enum option \"%s\": %s", o->name, v);
		diag_set_detail(d, "%s", o->enum_detail);
		return false;
	}
	return true;
}

/* One option NAME=V of KINDS: known and valid. */
static bool check_one(ReplayState *st, unsigned kinds, const PgQuery__DefElem *d, bool reset)
{
	const RelOpt *found = NULL;
	for (size_t i = 0; i < ARRAY_LEN(relopts) && !found; i++)
		if ((relopts[i].kinds & kinds) && !strcmp(relopts[i].name, d->defname))
			found = &relopts[i];
	if (reset)
		return true; /* RESET of an unknown name removes nothing */
	if (!found) {
		rp_error_state(st, "invalid-parameter-value", "22023", d->location,
		               "unrecognized parameter \"%s\"", d->defname);
		return false;
	}
	const char *v = option_text(st, d);
	return !v || check_value(st, found, v, d->location);
}

bool rp_check_reloptions(ReplayState *st, RelOptKind kind, PgQuery__Node *const *opts, size_t n, bool reset,
                         bool accept_oids, int off)
{
	(void)off;
	if (kind == RELOPT_UNKNOWN)
		return true;
	bool heapish = kind == RELOPT_HEAP || kind == RELOPT_PARTITIONED;
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		const PgQuery__DefElem *d = opts[i]->def_elem;
		const char *ns = d->defnamespace && d->defnamespace[0] ? d->defnamespace : NULL;
		if (ns && strcmp(ns, "toast")) {
			rp_error_state(st, "invalid-parameter-value", "22023", d->location,
			               "unrecognized parameter namespace \"%s\"", ns);
			return false;
		}
		if (reset && d->arg) {
			rp_error_state(st, "syntax-error", "42601", d->location,
			               "RESET must not include values for parameters");
			return false;
		}
		if (!reset && strchr(d->defname, '=')) {
			rp_error_state(st, "invalid-parameter-value", "22023", d->location,
			               "invalid option name \"%s\": must not contain \"=\"", d->defname);
			return false;
		}
		if (accept_oids && !ns && !strcmp(d->defname, "oids")) {
			const char *v = option_text(st, d);
			if (v && parse_bool_text(v) &&
			    (!strncasecmp(v, "t", 1) || !strncasecmp(v, "y", 1) || !strcasecmp(v, "on") ||
			     !strcmp(v, "1"))) {
				rp_error_state(st, "feature-not-supported", "0A000", d->location,
				               "tables declared WITH OIDS are not supported");
				return false;
			}
			continue;
		}
	}
	/* then each namespace's validation: the relation's own, then toast's */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
				continue;
			const PgQuery__DefElem *d = opts[i]->def_elem;
			const char *ns = d->defnamespace && d->defnamespace[0] ? d->defnamespace : NULL;
			if ((pass == 0) != (ns == NULL) || (pass == 1 && !heapish))
				continue; /* toast.* of a relation without a toast table: ignored */
			if (accept_oids && !ns && !strcmp(d->defname, "oids"))
				continue;
			unsigned kinds = pass == 1 ? K_TOAST : kind_mask(kind);
			if (!check_one(st, kinds, d, reset))
				return false;
			for (size_t j = 0; j < i && !reset; j++) {
				if (opts[j]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
					continue;
				const PgQuery__DefElem *e = opts[j]->def_elem;
				const char *ens =
				    e->defnamespace && e->defnamespace[0] ? e->defnamespace : NULL;
				if (!strcmp(e->defname, d->defname) && (ns == NULL) == (ens == NULL)) {
					rp_error_state(st, "invalid-parameter-value", "22023", d->location,
					               "parameter \"%s\" specified more than once",
					               d->defname);
					return false;
				}
			}
		}
	}
	return true;
}

/* The options of the built-in operator classes that have an options procedure (tsgistidx.c, brin_bloom.c,
 * brin_minmax_multi.c; GISTMaxIndexKeySize is 2024 with 8 kB pages). */
static const RelOpt siglen_opts[] = {{"siglen", 0, OPT_INT, 1, 2024, NULL, NULL}};
static const RelOpt bloom_opts[] = {{"n_distinct_per_range", 0, OPT_REAL, -1.0, I32MAX, NULL, NULL},
                                    {"false_positive_rate", 0, OPT_REAL, 0.0001, 0.25, NULL, NULL}};
static const RelOpt multi_opts[] = {{"values_per_range", 0, OPT_INT, 8, 256, NULL, NULL}};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && !strcmp(s + n - m, suffix);
}

bool rp_check_opclass_options(ReplayState *st, const char *am, const char *opclass,
                              PgQuery__Node *const *opts, size_t n, int off)
{
	if (!n)
		return true;
	const RelOpt *known = NULL;
	size_t nknown = 0;
	if (!strcmp(am, "gist") && !strcmp(opclass, "tsvector_ops")) {
		known = siglen_opts;
		nknown = ARRAY_LEN(siglen_opts);
	} else if (!strcmp(am, "brin") && ends_with(opclass, "_bloom_ops")) {
		known = bloom_opts;
		nknown = ARRAY_LEN(bloom_opts);
	} else if (!strcmp(am, "brin") && ends_with(opclass, "_minmax_multi_ops")) {
		known = multi_opts;
		nknown = ARRAY_LEN(multi_opts);
	}
	if (!known) {
		rp_error_state(st, "invalid-parameter-value", "22023", off,
		               "operator class %s has no options", opclass);
		return false;
	}
	/* parseRelOptions: each in turn, a known name, once, a valid value */
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			return true; /* not a form the model reads */
		const PgQuery__DefElem *d = opts[i]->def_elem;
		if ((d->defnamespace && d->defnamespace[0]) || strchr(d->defname, '='))
			return true;
		const RelOpt *o = NULL;
		for (size_t k = 0; k < nknown && !o; k++)
			if (!strcmp(known[k].name, d->defname))
				o = &known[k];
		if (!o) {
			rp_error_state(st, "invalid-parameter-value", "22023", off,
			               "unrecognized parameter \"%s\"", d->defname);
			return false;
		}
		for (size_t j = 0; j < i; j++)
			if (opts[j]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
			    !strcmp(opts[j]->def_elem->defname, d->defname)) {
				rp_error_state(st, "invalid-parameter-value", "22023", off,
				               "parameter \"%s\" specified more than once", d->defname);
				return false;
			}
		const char *v = option_text(st, d);
		if (v && !check_value(st, o, v, off))
			return false;
	}
	return true;
}

/* What a built-in index access method can do (its handler's IndexAmRoutine). */
typedef struct AmCaps {
	const char *name;
	bool unique, include, multicol, order;
} AmCaps;

static const AmCaps am_caps[] = {
    {"btree", true, true, true, true},  {"hash", false, false, false, false},
    {"gist", false, true, true, false}, {"spgist", false, true, false, false},
    {"gin", false, false, true, false}, {"brin", false, false, true, false},
};

bool rp_index_am_capable(ReplayState *st, const PgQuery__IndexStmt *is)
{
	const char *am = is->access_method && is->access_method[0] ? is->access_method : "btree";
	if (!strcmp(am, "rtree"))
		am = "gist"; /* DefineIndex's substitution for the obsolete method */
	const AmCaps *c = NULL;
	for (size_t i = 0; i < ARRAY_LEN(am_caps) && !c; i++)
		if (!strcmp(am_caps[i].name, am))
			c = &am_caps[i];
	if (!c)
		return true;
	int off = is->relation ? is->relation->location : -1;
	const char *what = is->unique && !c->unique                      ? "unique indexes"
	                   : is->n_index_including_params && !c->include ? "included columns"
	                   : is->n_index_params > 1 && !c->multicol      ? "multicolumn indexes"
	                                                                 : NULL;
	for (size_t i = 0; i < is->n_index_params && !what && !c->order; i++) {
		const PgQuery__Node *p = is->index_params[i];
		if (p->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		if (p->index_elem->ordering != PG_QUERY__SORT_BY_DIR__SORTBY_DEFAULT)
			what = "ASC/DESC options";
		else if (p->index_elem->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT)
			what = "NULLS FIRST/LAST options";
	}
	if (!what)
		return true;
	rp_error_state(st, "feature-not-supported", "0A000", off, "access method \"%s\" does not support %s",
	               am, what);
	return false;
}

bool rp_check_alter_reloptions(ReplayState *st, const PgQuery__AlterTableStmt *as, const CatObject *o)
{
	RelOptKind kind = RELOPT_UNKNOWN;
	switch (o->kind) {
	case OBJ_TABLE:
		kind = ((const CatTable *)o)->relkind == REL_PARTITIONED ? RELOPT_PARTITIONED : RELOPT_HEAP;
		break;
	case OBJ_MATVIEW:
		kind = RELOPT_HEAP;
		break;
	case OBJ_VIEW:
		kind = RELOPT_VIEW;
		break;
	case OBJ_INDEX:
		kind = rp_index_reloptkind(((const CatIndex *)o)->method);
		break;
	default:
		return true;
	}
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		bool reset = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
		if ((cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions && !reset &&
		     cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions) ||
		    !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		const PgQuery__List *l = cmd->def->list;
		if (!rp_check_reloptions(st, kind, l->items, l->n_items, reset, false,
		                         as->relation->location))
			return false;
	}
	return true;
}

void rp_view_options_apply(ReplayState *st, CatView *v, PgQuery__Node *const *opts, size_t n, bool reset)
{
	for (size_t i = 0; i < n; i++) {
		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		const PgQuery__DefElem *d = opts[i]->def_elem;
		if ((d->defnamespace && d->defnamespace[0]) || strcmp(d->defname, "check_option"))
			continue;
		const char *val = reset ? NULL : option_text(st, d);
		v->check_option = !val                           ? NULL
		                  : !strcasecmp(val, "local")    ? "local"
		                  : !strcasecmp(val, "cascaded") ? "cascaded"
		                                                 : v->check_option;
	}
}

void rp_alter_view_options(ReplayState *st, const PgQuery__AlterTableStmt *as, CatObject *o)
{
	if (o->kind != OBJ_VIEW)
		return;
	for (size_t i = 0; i < as->n_cmds; i++) {
		if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
		bool reset = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
		if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions || reset) && cmd->def &&
		    cmd->def->node_case == PG_QUERY__NODE__NODE_LIST)
			rp_view_options_apply(st, (CatView *)o, cmd->def->list->items,
			                      cmd->def->list->n_items, reset);
	}
}
