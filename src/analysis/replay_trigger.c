/* replay_trigger.c — the rules PostgreSQL applies to a trigger before it exists (CreateTriggerFiringOn in
 * commands/trigger.c): the relation kinds that take which triggers, INSTEAD OF, transition tables, what a
 * WHEN condition may read, UPDATE OF columns; the names of the triggers a partitioned table clones to its
 * partitions (the model does not hold the clones: a partition's row triggers inherited from its ancestors
 * are derived here), also on ATTACH PARTITION, INHERIT and ALTER TRIGGER ... RENAME. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "analysis/replay_trigger.h"
#include "analysis/replay_atrules.h"
#include "sql/walk.h"

/* CreateTrigStmt's timing and event bits (TRIGGER_TYPE_* of catalog/pg_trigger.h). */
enum { TG_BEFORE = 2, TG_INSTEAD = 64, TG_INSERT = 4, TG_DELETE = 8, TG_UPDATE = 16, TG_TRUNCATE = 32 };

CatTrigger *rp_trigger_clone_source(CatTable *t, const char *name)
{
	for (CatTable *a = t ? t->partition_of : NULL; a; a = a->partition_of)
		for (size_t i = 0; i < a->triggers.n; i++) {
			CatTrigger *tg = a->triggers.items[i];
			if (!tg->h.dropped && tg->for_each_row && !strcmp(tg->h.name, name))
				return tg;
		}
	return NULL;
}

/* T's own trigger NAME, or NULL. */
static CatTrigger *own_trigger(CatTable *t, const char *name)
{
	for (size_t i = 0; i < t->triggers.n; i++) {
		CatTrigger *tg = t->triggers.items[i];
		if (!tg->h.dropped && !strcmp(tg->h.name, name))
			return tg;
	}
	return NULL;
}

/* ---- WHEN ---- */

typedef struct WhenWalk {
	CatTable *t; /* NULL for a view */
	int tgtype_events;
	bool row, before;
	const PgQuery__ColumnRef *bad; /* the first offending reference */
	const char *rule, *message;
	char detail[160];
} WhenWalk;

/* One Var of the WHEN condition (trigger.c's pull_var_clause loop): OLD or NEW, column COL (NULL for the
 * whole row). */
static void when_var(WhenWalk *w, const PgQuery__ColumnRef *cr, bool is_new, const char *col)
{
	if (w->bad)
		return;
	const char *rule = NULL, *msg = NULL;
	w->detail[0] = '\0';
	if (!w->row) {
		rule = "invalid-object-definition";
		msg = "statement trigger's WHEN condition cannot reference column values";
	} else if (!is_new && (w->tgtype_events & TG_INSERT)) {
		rule = "invalid-object-definition";
		msg = "INSERT trigger's WHEN condition cannot reference OLD values";
	} else if (is_new && (w->tgtype_events & TG_DELETE)) {
		rule = "invalid-object-definition";
		msg = "DELETE trigger's WHEN condition cannot reference NEW values";
	} else if (is_new && w->before && col && rp_is_system_column(col)) {
		rule = "feature-not-supported";
		msg = "BEFORE trigger's WHEN condition cannot reference NEW system columns";
	} else if (is_new && w->before && w->t) {
		bool gen = false;
		if (col) {
			CatColumn *c = table_find_column(w->t, col);
			gen = c && c->generated;
			if (gen)
				snprintf(w->detail, sizeof w->detail, "Column \"%s\" is a generated column.",
				         col);
		} else
			for (size_t i = 0; i < w->t->columns.n && !gen; i++)
				gen = ((CatColumn *)w->t->columns.items[i])->generated != NULL;
		if (gen && !col)
			snprintf(w->detail, sizeof w->detail,
			         "A whole-row reference is used and the table contains generated columns.");
		if (gen) {
			rule = "invalid-object-definition";
			msg = "BEFORE trigger's WHEN condition cannot reference NEW generated columns";
		}
	}
	if (msg) {
		w->bad = cr;
		w->rule = rule;
		w->message = msg;
	}
}

static void when_node(void *ud, const PgQuery__Node *n)
{
	WhenWalk *w = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return;
	const PgQuery__ColumnRef *cr = n->column_ref;
	const char *f0 = cr->n_fields ? rp_str(cr->fields[0]) : NULL;
	if (!f0 || (strcmp(f0, "old") && strcmp(f0, "new")))
		return;
	bool is_new = !strcmp(f0, "new");
	if (cr->n_fields == 1) {
		/* a bare `old`: a column of that name comes first (and is ambiguous between OLD and NEW) */
		if (!w->t || table_find_column(w->t, f0))
			return;
		when_var(w, cr, is_new, NULL);
		return;
	}
	const char *col = rp_str(cr->fields[1]); /* NULL for `new.*` */
	when_var(w, cr, is_new, col);
}

/* ---- CREATE TRIGGER ---- */

/* Report an error (with DETAIL when not NULL) and return false. */
static bool refuse(ReplayState *st, const char *rule, int off, const char *detail, const char *fmt, ...)
    PRINTF_LIKE(5, 6);
static bool refuse(ReplayState *st, const char *rule, int off, const char *detail, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	Diag *d = rp_diag(st, SEV_ERROR, rule, off, "%s", msg);
	if (d && detail)
		diag_set_detail(d, "%s", detail);
	return false;
}

/* The relation-kind rules, INSTEAD OF, TRUNCATE and transition tables, in trigger.c's order. */
static bool kind_rules(ReplayState *st, const PgQuery__CreateTrigStmt *ts, CatObject *rel, int off)
{
	bool instead = ts->timing & TG_INSTEAD, truncate = ts->events & TG_TRUNCATE;
	const char *name = rel->name;
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	if (t) {
		if (instead)
			return refuse(st, "wrong-object-type", off, "Tables cannot have INSTEAD OF triggers.",
			              "\"%s\" is a table", name);
		if (t->relkind == REL_PARTITIONED && ts->row && ts->n_transition_rels)
			return refuse(
			    st, "feature-not-supported", off,
			    "ROW triggers with transition tables are not supported on partitioned tables.",
			    "\"%s\" is a partitioned table", name);
	} else if (rel->kind == OBJ_VIEW) {
		if (!instead && ts->row)
			return refuse(st, "wrong-object-type", off,
			              "Views cannot have row-level BEFORE or AFTER triggers.",
			              "\"%s\" is a view", name);
		if (truncate)
			return refuse(st, "wrong-object-type", off, "Views cannot have TRUNCATE triggers.",
			              "\"%s\" is a view", name);
	} else if (rel->kind == OBJ_MATVIEW || rel->kind == OBJ_SEQUENCE || rel->kind == OBJ_INDEX)
		return refuse(st, "wrong-object-type", off, NULL, "relation \"%s\" cannot have triggers",
		              name);
	else
		return true; /* a kind the model does not hold (foreign tables): nothing to say */
	if (ts->row && truncate)
		return refuse(st, "feature-not-supported", off, NULL,
		              "TRUNCATE FOR EACH ROW triggers are not supported");
	if (instead) {
		if (!ts->row)
			return refuse(st, "feature-not-supported", off, NULL,
			              "INSTEAD OF triggers must be FOR EACH ROW");
		if (ts->when_clause)
			return refuse(st, "feature-not-supported", off, NULL,
			              "INSTEAD OF triggers cannot have WHEN conditions");
		if (ts->n_columns)
			return refuse(st, "feature-not-supported", off, NULL,
			              "INSTEAD OF triggers cannot have column lists");
	}
	const char *old_name = NULL, *new_name = NULL;
	int nevents = !!(ts->events & TG_INSERT) + !!(ts->events & TG_UPDATE) + !!(ts->events & TG_DELETE);
	for (size_t i = 0; i < ts->n_transition_rels; i++) {
		const PgQuery__Node *n = ts->transition_rels[i];
		if (n->node_case != PG_QUERY__NODE__NODE_TRIGGER_TRANSITION)
			continue;
		const PgQuery__TriggerTransition *tt = n->trigger_transition;
		if (!tt->is_table)
			return refuse(st, "feature-not-supported", off, NULL,
			              "ROW variable naming in the REFERENCING clause is not supported");
		if (rel->kind == OBJ_VIEW)
			return refuse(st, "wrong-object-type", off,
			              "Triggers on views cannot have transition tables.", "\"%s\" is a view",
			              name);
		if (ts->row && t && (t->partition_of || t->inherits.n))
			return refuse(
			    st, "feature-not-supported", off, NULL,
			    t->partition_of
			        ? "ROW triggers with transition tables are not supported on partitions"
			        : "ROW triggers with transition tables are not supported on inheritance "
			          "children");
		if (ts->timing != 0)
			return refuse(st, "invalid-object-definition", off, NULL,
			              "transition table name can only be specified for an AFTER trigger");
		if (truncate)
			return refuse(st, "feature-not-supported", off, NULL,
			              "TRUNCATE triggers with transition tables are not supported");
		if (nevents != 1)
			return refuse(
			    st, "feature-not-supported", off, NULL,
			    "transition tables cannot be specified for triggers with more than one event");
		if (ts->n_columns)
			return refuse(st, "feature-not-supported", off, NULL,
			              "transition tables cannot be specified for triggers with column lists");
		if (tt->is_new) {
			if (!(ts->events & (TG_INSERT | TG_UPDATE)))
				return refuse(
				    st, "invalid-object-definition", off, NULL,
				    "NEW TABLE can only be specified for an INSERT or UPDATE trigger");
			if (new_name)
				return refuse(st, "invalid-object-definition", off, NULL,
				              "NEW TABLE cannot be specified multiple times");
			new_name = tt->name;
		} else {
			if (!(ts->events & (TG_DELETE | TG_UPDATE)))
				return refuse(
				    st, "invalid-object-definition", off, NULL,
				    "OLD TABLE can only be specified for a DELETE or UPDATE trigger");
			if (old_name)
				return refuse(st, "invalid-object-definition", off, NULL,
				              "OLD TABLE cannot be specified multiple times");
			old_name = tt->name;
		}
	}
	if (old_name && new_name && !strcmp(old_name, new_name))
		return refuse(st, "invalid-object-definition", off, NULL,
		              "OLD TABLE name and NEW TABLE name cannot be the same");
	return true;
}

bool rp_trigger_rules(ReplayState *st, const PgQuery__CreateTrigStmt *ts, CatObject *rel)
{
	int off = -1; /* PostgreSQL gives these errors no position: the statement */
	if (!kind_rules(st, ts, rel, off))
		return false;
	if (rel->kind != OBJ_TABLE && rel->kind != OBJ_VIEW)
		return true;
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	if (ts->when_clause) {
		WhenWalk w = {
		    .t = t, .tgtype_events = ts->events, .row = ts->row, .before = ts->timing & TG_BEFORE};
		sql_walk_nodes(ts->when_clause, when_node, &w);
		if (w.bad) {
			Diag *d = rp_diag(st, SEV_ERROR, w.rule, w.bad->location, "%s", w.message);
			if (d && w.detail[0])
				diag_set_detail(d, "%s", w.detail);
			return false;
		}
	}
	/* UPDATE OF columns: each a column of the table (not a system column), named once */
	for (size_t i = 0; i < ts->n_columns; i++) {
		const char *c = rp_str(ts->columns[i]);
		if (!c)
			continue;
		if (t && !table_find_column(t, c))
			return refuse(st, "undefined-column", off, NULL,
			              "column \"%s\" of relation \"%s\" does not exist", c, rel->name);
		for (size_t j = 0; j < i; j++) {
			const char *p = rp_str(ts->columns[j]);
			if (p && !strcmp(p, c))
				return refuse(st, "duplicate-column", off, NULL,
				              "column \"%s\" specified more than once", c);
		}
	}
	return true;
}

/* ---- names: own triggers, and the clones of an ancestor's row triggers ---- */

/* CREATE TRIGGER on T, recursing to partitions (in_partition): a trigger of that name on a partition is a
 * duplicate unless OR REPLACE, which replaces it (a constraint trigger cannot be replaced). */
static bool partitions_name_check(ReplayState *st, CatTable *t, const PgQuery__CreateTrigStmt *ts, int off,
                                  int depth)
{
	PtrList parts = {0};
	rp_partitions_of(st, t, &parts);
	for (size_t i = 0; i < parts.n && depth < 64; i++) {
		CatTable *p = parts.items[i];
		CatTrigger *old = own_trigger(p, ts->trigname);
		if (old && !ts->replace)
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" already exists", ts->trigname,
			              p->h.name);
		if (old && old->is_constraint)
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" is a constraint trigger",
			              ts->trigname, p->h.name);
		if (!partitions_name_check(st, p, ts, off, depth + 1))
			return false;
	}
	return true;
}

/* Drop the partitions' own triggers named NAME (OR REPLACE on the parent made them clones). */
static void partitions_replace(ReplayState *st, CatTable *t, const char *name, int depth)
{
	PtrList parts = {0};
	rp_partitions_of(st, t, &parts);
	for (size_t i = 0; i < parts.n && depth < 64; i++) {
		CatTable *p = parts.items[i];
		CatTrigger *old = own_trigger(p, name);
		if (old)
			(void)!catalog_drop(st->cat, &old->h, true, NULL,
			                    NULL); /* its own: nothing depends on it */
		partitions_replace(st, p, name, depth + 1);
	}
}

bool rp_trigger_name_check(ReplayState *st, const PgQuery__CreateTrigStmt *ts, CatObject *rel,
                           CatTrigger **old)
{
	int off = -1; /* PostgreSQL gives these errors no position: the statement */
	*old = catalog_find_trigger(st->cat, rel, ts->trigname);
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	bool clone = !*old && t && rp_trigger_clone_source(t, ts->trigname);
	if (*old || clone) {
		if (!ts->replace)
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" already exists", ts->trigname,
			              rel->name);
		if (clone)
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" is an internal or a child trigger",
			              ts->trigname, rel->name);
		if ((*old)->is_constraint)
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" is a constraint trigger",
			              ts->trigname, rel->name);
	}
	if (t && t->relkind == REL_PARTITIONED && ts->row) {
		if (!partitions_name_check(st, t, ts, off, 0))
			return false;
		partitions_replace(st, t, ts->trigname, 0);
	}
	return true;
}

/* CloneRowTriggersToPartition: each row trigger NAME that PARENT holds (its own or a clone) is created on
 * PART and, when PART is partitioned, on its partitions: a trigger of that name there is a duplicate. */
static bool clone_names_free(ReplayState *st, CatTable *parent, CatTable *part, int off, int depth)
{
	for (CatTable *a = parent; a && depth < 64; a = a->partition_of)
		for (size_t i = 0; i < a->triggers.n; i++) {
			CatTrigger *tg = a->triggers.items[i];
			if (tg->h.dropped || !tg->for_each_row || !own_trigger(part, tg->h.name))
				continue;
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" already exists", tg->h.name,
			              part->h.name);
		}
	PtrList parts = {0};
	rp_partitions_of(st, part, &parts);
	for (size_t i = 0; i < parts.n && depth < 64; i++)
		if (!clone_names_free(st, parent, parts.items[i], off, depth + 1))
			return false;
	return true;
}

/* PART's row trigger with transition tables, or NULL (FindTriggerIncompatibleWithInheritance). */
static CatTrigger *transition_row_trigger(CatTable *part)
{
	for (size_t i = 0; i < part->triggers.n; i++) {
		CatTrigger *tg = part->triggers.items[i];
		if (!tg->h.dropped && tg->for_each_row && tg->transition_tables)
			return tg;
	}
	return NULL;
}

bool rp_trigger_attach_check(ReplayState *st, CatTable *parent, CatTable *part, int off)
{
	CatTrigger *tg = transition_row_trigger(part);
	if (tg)
		return refuse(st, "feature-not-supported", off,
		              "ROW triggers with transition tables are not supported on partitions.",
		              "trigger \"%s\" prevents table \"%s\" from becoming a partition", tg->h.name,
		              part->h.name);
	return clone_names_free(st, parent, part, off, 0);
}

bool rp_trigger_inherit_check(ReplayState *st, CatTable *child, int off)
{
	CatTrigger *tg = transition_row_trigger(child);
	if (tg)
		return refuse(
		    st, "feature-not-supported", off,
		    "ROW triggers with transition tables are not supported in inheritance hierarchies.",
		    "trigger \"%s\" prevents table \"%s\" from becoming an inheritance child", tg->h.name,
		    child->h.name);
	return true;
}

/* renametrig_partition: the clones of a renamed row trigger take the new name on every partition. */
static bool rename_partitions_free(ReplayState *st, CatTable *t, const char *newname, int off, int depth)
{
	PtrList parts = {0};
	rp_partitions_of(st, t, &parts);
	for (size_t i = 0; i < parts.n && depth < 64; i++) {
		CatTable *p = parts.items[i];
		if (own_trigger(p, newname))
			return refuse(st, "duplicate-object", off, NULL,
			              "trigger \"%s\" for relation \"%s\" already exists", newname,
			              p->h.name);
		if (!rename_partitions_free(st, p, newname, off, depth + 1))
			return false;
	}
	return true;
}

bool rp_trigger_rename_check(ReplayState *st, CatObject *rel, CatTrigger *tg, const char *newname, int off)
{
	if (!strcmp(tg->h.name, newname))
		return true;
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	if (catalog_find_trigger(st->cat, rel, newname) || (t && rp_trigger_clone_source(t, newname)))
		return refuse(st, "duplicate-object", off, NULL,
		              "trigger \"%s\" for relation \"%s\" already exists", newname, rel->name);
	if (t && t->relkind == REL_PARTITIONED && tg->for_each_row)
		return rename_partitions_free(st, t, newname, off, 0);
	return true;
}
