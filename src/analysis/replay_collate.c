/* replay_collate.c — collation derivation (parser/parse_collate.c): the type collation of a column type,
 * merge_collation_state's rule for combining the collations of an expression's inputs, and the general
 * case of assign_collations_walker for a node's result. The query analysis (replay_query.c) walks the
 * expressions with these. */
#include "analysis/replay_collate.h"
#include "catalog/builtins.h"

const char *rp_type_collation(ReplayState *st, const char *type, bool *known)
{
	*known = false;
	if (!type)
		return NULL;
	/* the type without its modifier: `character varying(10)[]` -> `character varying[]` */
	char buf[128];
	size_t n = 0;
	for (const char *p = type; *p && n + 1 < sizeof buf; p++) {
		if (*p == '(') {
			const char *close = strchr(p, ')');
			if (!close)
				return NULL;
			p = close;
			continue;
		}
		buf[n++] = *p;
	}
	buf[n] = 0;
	bool array = n > 2 && !strcmp(buf + n - 2, "[]");
	if (array)
		buf[n - 2] = 0;
	uint16_t bt = pgb_type_by_name(buf);
	if (bt != PGB_NONE) {
		uint32_t oid = pg_btypes[bt].oid;
		*known = true;
		if (oid == PGB_OID_NAME)
			return "C";
		if (oid == PGB_OID_TEXT || oid == PGB_OID_VARCHAR || oid == PGB_OID_BPCHAR)
			return "default";
		/* pg_node_tree and the statistics types are text-like and collatable: not modelled */
		if (pg_btypes[bt].category == 'S' || pg_btypes[bt].category == 'Z')
			*known = false;
		return NULL;
	}
	CatType *ut = rp_type_of_text(st, type);
	if (ut &&
	    (ut->type_kind == TYPE_ENUM || ut->type_kind == TYPE_COMPOSITE || ut->type_kind == TYPE_RANGE))
		*known = true;
	return NULL;
}

static bool coll_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

void rp_coll_merge(Coll *acc, Coll in, bool *explicit_clash)
{
	if (acc->s == CS_UNKNOWN)
		return;
	if (in.s == CS_UNKNOWN) {
		*acc = (Coll){0};
		return;
	}
	if (in.s > acc->s) {
		*acc = in;
		return;
	}
	if (in.s != acc->s)
		return;
	if (in.s == CS_IMPLICIT && !coll_eq(in.name, acc->name)) {
		if (coll_eq(acc->name, "default"))
			*acc = in; /* a non-default implicit collation beats the default */
		else if (!coll_eq(in.name, "default")) {
			acc->s = CS_CONFLICT;
			acc->name2 = in.name;
		}
	} else if (in.s == CS_EXPLICIT && !coll_eq(in.name, acc->name) && explicit_clash)
		*explicit_clash = true;
}

Coll rp_coll_result(ReplayState *st, const char *type, Coll inputs)
{
	bool known;
	const char *tc = rp_type_collation(st, type, &known);
	if (!known)
		return (Coll){0};
	if (!tc)
		return (Coll){NULL, NULL, CS_NONE};
	if (inputs.s == CS_UNKNOWN)
		return inputs;
	if (inputs.s > CS_NONE)
		return inputs;
	return (Coll){tc, NULL, CS_IMPLICIT};
}

Coll rp_coll_as_var(Coll c)
{
	switch (c.s) {
	case CS_UNKNOWN:
	case CS_NONE:
		return c;
	case CS_CONFLICT:
		return (Coll){NULL, NULL, CS_NONE};
	case CS_IMPLICIT:
	case CS_EXPLICIT:
		return (Coll){c.name, NULL, CS_IMPLICIT};
	}
	return (Coll){0};
}
