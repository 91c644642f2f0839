/* expr_func.c — function and operator resolution as PostgreSQL does it (namespace.c FuncnameGetCandidates,
 * parse_func.c func_get_detail / func_match_argtypes / func_select_candidate, parse_oper.c oper), over
 * the built-in functions and operators of pg_catalog and the user functions of the catalog. */
#include "strata.h"
#include "analysis/expr_int.h"

/* Did a statement the model does not follow make a KIND ('o' operator, 'f' function) named NAME? */
static bool unmodelled(Xs *x, char kind, const char *name)
{
	if (!x->env->unmodelled || !x->env->unmodelled->n)
		return false;
	char *k = xasprintf("%c:%s", kind, name);
	bool r = hmap_has(x->env->unmodelled, k);
	free(k);
	return r;
}

/* The schemas searched for an unqualified name, in order: pg_catalog first (implicitly), then the path. */
static bool schema_pos(Xs *x, const char *schema, int *pos)
{
	if (!strcmp(schema, "pg_catalog")) {
		*pos = 0;
		return true;
	}
	for (size_t i = 0; i < x->env->npath; i++)
		if (!strcmp(x->env->path[i], schema)) {
			*pos = (int)i + 1;
			return true;
		}
	return false;
}

typedef struct CandList {
	Cand *items;
	size_t n, cap;
} CandList;

static Cand *cand_push(Xs *x, CandList *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		Cand *n = arena_array(&x->a, Cand, cap);
		if (l->n)
			memcpy(n, l->items, l->n * sizeof(Cand));
		l->items = n;
		l->cap = cap;
	}
	Cand *c = &l->items[l->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* One function, seen from a call: its declared IN argument types DECL (NDECL), NDEFAULTS of which have
 * defaults, VARTYPE its VARIADIC element type (NULL when not variadic), NAMES its argument names (NULL
 * entries for unnamed; NAMES may be NULL). */
typedef struct FnSig {
	const TypeInfo **decl;
	size_t ndecl, ndefaults;
	const TypeInfo *vartype;
	const char **names;
	const TypeInfo *ret;
	bool retset;
	char kind, volatility;
	const CatFunction *user;
	const char *sqlsrc;
} FnSig;

/* Add FN as a candidate for a call with NARGS arguments (ARGNAMES: named notation), following
 * FuncnameGetCandidates: variadic expansion, defaults, named arguments, and a candidate with the same
 * signature as one already found either replaces it (earlier in the path, not variadic), is dropped, or
 * marks it ambiguous. */
static void add_candidate(Xs *x, CandList *l, const FnSig *fn, int pos, size_t nargs,
                          const char *const *argnames, bool expand_variadic)
{
	size_t nd = fn->ndecl;
	bool variadic = false, use_defaults = false;
	size_t *argmap = NULL;
	bool named = false;
	for (size_t i = 0; argnames && i < nargs; i++)
		named |= argnames[i] != NULL;
	if (named) {
		if (fn->vartype && expand_variadic)
			return;
		if (nd > nargs) {
			if (nargs + fn->ndefaults < nd)
				return;
			use_defaults = true;
		}
		if (nd != nargs && !use_defaults)
			return;
		/* MatchNamedCall: positional arguments first, then each name must name a parameter not
		 * already given; every parameter left must have a default */
		if (!fn->names)
			return;
		argmap = arena_array(&x->a, size_t, nd ? nd : 1);
		bool *given = arena_array(&x->a, bool, nd ? nd : 1);
		size_t npos = 0;
		while (npos < nargs && !argnames[npos])
			npos++;
		for (size_t i = 0; i < npos; i++)
			given[i] = true;
		for (size_t i = npos; i < nargs; i++) {
			if (!argnames[i])
				return;
			size_t j = 0;
			while (j < nd && !(fn->names[j] && !strcmp(fn->names[j], argnames[i])))
				j++;
			if (j == nd || given[j])
				return;
			given[j] = true;
			argmap[i] = j;
		}
		for (size_t i = 0; i < npos; i++)
			argmap[i] = i;
		for (size_t j = 0; j < nd; j++)
			if (!given[j] && j < nd - fn->ndefaults)
				return;
	} else {
		if (nd <= nargs && expand_variadic && fn->vartype)
			variadic = true;
		if (nd > nargs) {
			if (nargs + fn->ndefaults < nd)
				return;
			use_defaults = true;
		}
		if (nd != nargs && !variadic && !use_defaults)
			return;
	}
	size_t eff = nd > nargs ? nd : nargs;
	Cand c = {0};
	c.args = arena_array(&x->a, const TypeInfo *, eff ? eff : 1);
	c.nargs = eff;
	if (argmap) {
		/* in call order: argument i has the type of parameter argmap[i] */
		for (size_t i = 0; i < nargs; i++)
			c.args[i] = fn->decl[argmap[i]];
		for (size_t i = nargs; i < eff; i++)
			c.args[i] = NULL;
		c.argmap = argmap;
	} else {
		for (size_t i = 0; i < nd; i++)
			c.args[i] = fn->decl[i];
	}
	if (variadic) {
		for (size_t i = nd - 1; i < eff; i++)
			c.args[i] = fn->vartype;
		c.expanded_variadic = true;
		c.vartype = fn->vartype;
		c.variadic_any = ty_is(fn->vartype, PGB_OID_ANY);
	}
	c.uses_defaults = use_defaults;
	c.ret = fn->ret;
	c.retset = fn->retset;
	c.kind = fn->kind;
	c.volatility = fn->volatility;
	c.path_pos = pos;
	c.user = fn->user;
	c.sqlsrc = fn->sqlsrc;
	c.nominal = nd;
	size_t cmp = nargs; /* the call's own arguments: what two candidates must differ in */
	if (l->n) {
		for (size_t k = 0; k < l->n; k++) {
			Cand *p = &l->items[k];
			size_t pcmp = p->nargs - (p->uses_defaults ? p->nargs - nargs : 0);
			if (pcmp != cmp)
				continue;
			bool same = true;
			for (size_t i = 0; i < cmp && same; i++)
				same = c.args[i] == p->args[i];
			if (!same)
				continue;
			int pref;
			if (pos != p->path_pos)
				pref = pos - p->path_pos;
			else if (variadic && !p->expanded_variadic)
				pref = 1;
			else if (!variadic && p->expanded_variadic)
				pref = -1;
			else
				pref = 0;
			if (pref > 0)
				return;
			if (pref < 0) {
				*p = c;
				return;
			}
			p->ambiguous = true;
			return;
		}
	}
	*cand_push(x, l) = c;
}

static FnSig builtin_sig(Xs *x, const PgBFunc *f)
{
	FnSig s = {0};
	s.ndecl = f->nargs;
	s.decl = arena_array(&x->a, const TypeInfo *, f->nargs ? f->nargs : 1);
	for (size_t i = 0; i < f->nargs; i++)
		s.decl[i] = ty_builtin(pg_bfunc_args[f->args + i]);
	s.ndefaults = f->ndefaults;
	s.vartype = f->variadic != PGB_NONE ? ty_builtin(f->variadic) : NULL;
	s.ret = ty_builtin(f->ret);
	s.retset = f->retset;
	s.kind = f->kind;
	s.volatility = f->volatility;
	s.sqlsrc = f->sqlsrc;
	if (f->argnames) {
		s.names = arena_array(&x->a, const char *, f->nargs ? f->nargs : 1);
		const char *p = f->argnames;
		for (size_t i = 0; i < f->nargs && p; i++) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			s.names[i] = len ? arena_strndup(&x->a, p, len) : NULL;
			p = comma ? comma + 1 : NULL;
		}
	}
	return s;
}

/* A user function's signature; false when a type of it is unknown to the model (then the call is opaque). */
static bool user_sig(Xs *x, const CatFunction *f, FnSig *s)
{
	memset(s, 0, sizeof(*s));
	s->decl = arena_array(&x->a, const TypeInfo *, f->nargs ? f->nargs : 1);
	s->names = arena_array(&x->a, const char *, f->nargs ? f->nargs : 1);
	bool ok = true;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (m != 'i' && m != 'b' && m != 'v')
			continue;
		int32_t tm;
		const TypeInfo *t = ty_from_text(x, f->arg_types[i], &tm);
		ok &= !t->opaque;
		if (m == 'v') {
			const TypeInfo *b = ty_base(t);
			s->vartype = ty_is(t, PGB_OID_ANY) ? t : b->elem ? b->elem : ty_opaque();
			ok &= !s->vartype->opaque;
		}
		s->names[s->ndecl] = f->arg_names ? f->arg_names[i] : NULL;
		s->decl[s->ndecl++] = t;
		if (f->arg_defaults && f->arg_defaults[i])
			s->ndefaults++;
		else
			s->ndefaults = 0; /* only trailing defaults count */
	}
	const char *r = f->returns ? f->returns : "void";
	if (!strncmp(r, "SETOF ", 6)) {
		s->retset = true;
		r += 6;
	}
	int32_t tm;
	if (!strncmp(r, "TABLE(", 6)) {
		s->retset = true;
		s->ret = ty_oid(PGB_OID_RECORD);
	} else
		s->ret = ty_from_text(x, r, &tm);
	ok &= !s->ret->opaque;
	s->kind = f->is_aggregate ? 'a' : 'f';
	s->volatility = f->volatility ? f->volatility : 'v';
	/* a SQL function may be inlined by the planner, and then its body's volatility is what counts
	 * (CheckMutability plans the expression first): not known here */
	if (s->volatility != 'i' && f->language && !strcmp(f->language, "sql"))
		s->volatility = '?';
	s->user = f;
	return ok;
}

/* FuncnameGetCandidates over pg_catalog and the user functions. *OPAQUE is set when a function of that
 * name has a type the model does not know. */
static void func_candidates(Xs *x, const char *schema, const char *name, size_t nargs,
                            const char *const *argnames, bool expand_variadic, CandList *out, bool *opaque)
{
	int pos;
	if (!schema || !strcmp(schema, "pg_catalog")) {
		size_t first, n = pgb_funcs_named(name, &first);
		for (size_t i = 0; i < n; i++) {
			FnSig s = builtin_sig(x, &pg_bfuncs[first + i]);
			add_candidate(x, out, &s, 0, nargs, argnames, expand_variadic);
		}
	}
	for (size_t k = 0; k <= x->env->npath; k++) {
		const char *sch = schema ? schema : k < x->env->npath ? x->env->path[k] : NULL;
		if (!sch || !strcmp(sch, "pg_catalog") || !schema_pos(x, sch, &pos)) {
			if (schema && sch && strcmp(sch, "pg_catalog"))
				pos = 1; /* a qualified name outside the path */
			else if (schema || !sch)
				break;
			else
				continue;
		}
		PtrList *l = catalog_find_functions(x->env->cat, sch, name);
		for (size_t i = 0; l && i < l->n; i++) {
			const CatFunction *f = l->items[i];
			if (f->h.dropped || f->is_procedure)
				continue;
			FnSig s;
			if (!user_sig(x, f, &s)) {
				*opaque = true;
				continue;
			}
			add_candidate(x, out, &s, pos, nargs, argnames, expand_variadic);
		}
		if (schema)
			break;
	}
}

/* func_match_argtypes: the candidates the arguments can be coerced to implicitly (in place; returns how
 * many). */
static size_t match_argtypes(Xs *x, size_t nargs, const TypeInfo *const *argtypes, CandList *l)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (can_coerce_type(x, nargs, argtypes, l->items[i].args, CC_IMPLICIT))
			l->items[k++] = l->items[i];
	l->n = k;
	return k;
}

static bool is_preferred_in(char category, const TypeInfo *t)
{
	return t->category == category && t->preferred;
}

/* func_select_candidate: PostgreSQL's heuristics among several candidates (exact matches, preferred types,
 * then the categories unknown inputs lean to); NULL when none wins. */
static Cand *select_candidate(Xs *x, size_t nargs, const TypeInfo *const *input, CandList *l)
{
	const TypeInfo *base[FUNC_MAX_ARGS_X];
	if (nargs > FUNC_MAX_ARGS_X)
		return NULL;
	size_t nunknown = 0;
	for (size_t i = 0; i < nargs; i++) {
		base[i] = ty_is(input[i], PGB_OID_UNKNOWN) ? input[i] : ty_base(input[i]);
		nunknown += ty_is(input[i], PGB_OID_UNKNOWN);
	}
	/* keep the candidates with the most exact matches */
	size_t best = 0, k = 0;
	for (size_t c = 0; c < l->n; c++) {
		size_t m = 0;
		for (size_t i = 0; i < nargs; i++)
			m += !ty_is(base[i], PGB_OID_UNKNOWN) && l->items[c].args[i] == base[i];
		if (m > best || k == 0) {
			best = m;
			l->items[0] = l->items[c];
			k = 1;
		} else if (m == best)
			l->items[k++] = l->items[c];
	}
	l->n = k;
	if (k == 1)
		return &l->items[0];
	/* then the most exact-or-preferred matches where coercion is needed */
	best = 0;
	k = 0;
	for (size_t c = 0; c < l->n; c++) {
		size_t m = 0;
		for (size_t i = 0; i < nargs; i++)
			if (!ty_is(base[i], PGB_OID_UNKNOWN))
				m += l->items[c].args[i] == base[i] ||
				     is_preferred_in(base[i]->category, l->items[c].args[i]);
		if (m > best || k == 0) {
			best = m;
			l->items[0] = l->items[c];
			k = 1;
		} else if (m == best)
			l->items[k++] = l->items[c];
	}
	l->n = k;
	if (k == 1)
		return &l->items[0];
	if (!nunknown)
		return NULL;
	/* unknown inputs: the category the candidates take there (string wins), preferring preferred types */
	char slot_cat[FUNC_MAX_ARGS_X];
	bool slot_pref[FUNC_MAX_ARGS_X];
	bool resolved = false;
	for (size_t i = 0; i < nargs; i++) {
		if (!ty_is(base[i], PGB_OID_UNKNOWN))
			continue;
		resolved = true;
		slot_cat[i] = 0;
		slot_pref[i] = false;
		bool conflict = false;
		for (size_t c = 0; c < l->n; c++) {
			const TypeInfo *t = l->items[c].args[i];
			if (!slot_cat[i]) {
				slot_cat[i] = t->category;
				slot_pref[i] = t->preferred;
			} else if (t->category == slot_cat[i])
				slot_pref[i] |= t->preferred;
			else if (t->category == 'S') {
				slot_cat[i] = 'S';
				slot_pref[i] = t->preferred;
			} else
				conflict = true;
		}
		if (conflict && slot_cat[i] != 'S') {
			resolved = false;
			break;
		}
	}
	if (resolved) {
		k = 0;
		for (size_t c = 0; c < l->n; c++) {
			bool keep = true;
			for (size_t i = 0; i < nargs && keep; i++) {
				if (!ty_is(base[i], PGB_OID_UNKNOWN))
					continue;
				const TypeInfo *t = l->items[c].args[i];
				keep = t->category == slot_cat[i] && (!slot_pref[i] || t->preferred);
			}
			if (keep)
				l->items[k++] = l->items[c];
		}
		if (k) /* PostgreSQL keeps the list when every candidate was dropped */
			l->n = k;
		if (k == 1)
			return &l->items[0];
	}
	/* last: unknowns take the type of the known inputs when those all agree */
	if (nunknown < nargs) {
		const TypeInfo *known = NULL;
		for (size_t i = 0; i < nargs; i++) {
			if (ty_is(base[i], PGB_OID_UNKNOWN))
				continue;
			if (!known)
				known = base[i];
			else if (known != base[i]) {
				known = NULL;
				break;
			}
		}
		if (known) {
			const TypeInfo *all[FUNC_MAX_ARGS_X];
			for (size_t i = 0; i < nargs; i++)
				all[i] = known;
			Cand *found = NULL;
			size_t nfound = 0;
			for (size_t c = 0; c < l->n && nfound < 2; c++)
				if (can_coerce_type(x, nargs, all, l->items[c].args, CC_IMPLICIT)) {
					found = &l->items[c];
					nfound++;
				}
			if (nfound == 1)
				return found;
		}
	}
	return NULL;
}

const TypeInfo *func_name_as_type(Xs *x, const char *schema, const char *name)
{
	if (!schema || !strcmp(schema, "pg_catalog")) {
		/* the names the grammar knows as types (int4, varchar, text, ...); not the SQL spellings with
		 * spaces */
		uint16_t b = pgb_type_by_name(name);
		if (b != PGB_NONE && !strcmp(pg_btypes[b].name, name))
			return ty_builtin(b);
		if (schema)
			return NULL;
	}
	for (size_t k = 0; k < x->env->npath || schema; k++) {
		const char *sch = schema ? schema : x->env->path[k];
		CatType *u = catalog_find_type(x->env->cat, sch, name);
		if (u)
			return ty_user(x, u);
		if (schema)
			break;
	}
	return NULL;
}

FuncDetail func_get_detail(Xs *x, const char *schema, const char *name, size_t nargs,
                           const TypeInfo *const *argtypes, const char *const *argnames, bool allow_variadic,
                           Cand *out, bool *opaque)
{
	*opaque = false;
	for (size_t i = 0; i < nargs; i++)
		if (argtypes[i]->opaque)
			*opaque = true;
	if (unmodelled(x, 'f', name))
		*opaque = true;
	CandList l = {0};
	func_candidates(x, schema, name, nargs, argnames, allow_variadic, &l, opaque);
	if (*opaque)
		return FD_NOTFOUND;
	Cand *best = NULL;
	for (size_t c = 0; c < l.n && !best; c++) {
		bool same = true;
		for (size_t i = 0; i < nargs && same; i++)
			same = l.items[c].args[i] == argtypes[i];
		if (same)
			best = &l.items[c];
	}
	if (!best) {
		bool named = false;
		for (size_t i = 0; argnames && i < nargs; i++)
			named |= argnames[i] != NULL;
		if (nargs == 1 && !named) {
			const TypeInfo *target = func_name_as_type(x, schema, name);
			if (target) {
				bool coercion = ty_is(argtypes[0], PGB_OID_UNKNOWN);
				if (!coercion) {
					CoercionPath p =
					    find_coercion_pathway(target, argtypes[0], CC_EXPLICIT);
					coercion = p == CP_RELABEL ||
					           (p == CP_IO && !((ty_is(argtypes[0], PGB_OID_RECORD) ||
					                             ty_is_complex(argtypes[0])) &&
					                            ty_base(target)->category == 'S'));
				}
				if (coercion) {
					memset(out, 0, sizeof(*out));
					out->ret = target;
					return FD_COERCION;
				}
			}
		}
		if (l.n) {
			size_t n = match_argtypes(x, nargs, argtypes, &l);
			if (n == 1)
				best = &l.items[0];
			else if (n > 1) {
				best = select_candidate(x, nargs, argtypes, &l);
				if (!best)
					return FD_MULTIPLE;
			}
		}
	}
	if (!best)
		return FD_NOTFOUND;
	if (best->ambiguous)
		return FD_MULTIPLE;
	*out = *best;
	return FD_NORMAL;
}

/* The operators named NAME of KIND ('b' or 'l') as candidates (built-in ones: the model holds no user
 * operators; their names make a use opaque, see ExprEnv.unmodelled). */
static void oper_candidates(Xs *x, const char *name, char kind, CandList *out)
{
	size_t first, n = pgb_opers_named(name, &first);
	for (size_t i = 0; i < n; i++) {
		const PgBOper *o = &pg_bopers[first + i];
		if (o->kind != kind)
			continue;
		Cand *c = cand_push(x, out);
		c->nargs = kind == 'b' ? 2 : 1;
		c->args = arena_array(&x->a, const TypeInfo *, 2);
		if (kind == 'b') {
			c->args[0] = ty_builtin(o->left);
			c->args[1] = ty_builtin(o->right);
		} else
			c->args[0] = ty_builtin(o->right);
		c->ret = ty_builtin(o->result);
		c->kind = 'o';
		c->volatility = o->volatility;
		c->opfunc = o->func;
		const PgBFunc *fn = pgb_oper_func(o);
		c->sqlsrc = fn ? fn->sqlsrc : NULL;
	}
}

FuncDetail oper_select(Xs *x, const char *schema, const char *name, const TypeInfo *left,
                       const TypeInfo *right, Cand *out, bool *opaque)
{
	*opaque = (left && left->opaque) || right->opaque;
	if (schema && strcmp(schema, "pg_catalog"))
		*opaque = true;
	if (unmodelled(x, 'o', name))
		*opaque = true;
	if (*opaque)
		return FD_NOTFOUND;
	char kind = left ? 'b' : 'l';
	CandList l = {0};
	oper_candidates(x, name, kind, &l);
	/* binary_oper_exact: an unknown side is taken to be of the other side's type */
	if (kind == 'b') {
		const TypeInfo *a = left, *b = right;
		bool was_unknown = false;
		if (ty_is(a, PGB_OID_UNKNOWN) && !ty_is(b, PGB_OID_UNKNOWN)) {
			a = b;
			was_unknown = true;
		} else if (ty_is(b, PGB_OID_UNKNOWN) && !ty_is(a, PGB_OID_UNKNOWN)) {
			b = a;
			was_unknown = true;
		}
		for (int pass = 0; pass < 2; pass++) {
			for (size_t c = 0; c < l.n; c++)
				if (l.items[c].args[0] == a && l.items[c].args[1] == b) {
					*out = l.items[c];
					return FD_NORMAL;
				}
			if (!was_unknown || ty_base(a) == a)
				break;
			a = b = ty_base(a);
		}
	} else {
		for (size_t c = 0; c < l.n; c++)
			if (l.items[c].args[0] == right) {
				*out = l.items[c];
				return FD_NORMAL;
			}
	}
	if (!l.n)
		return FD_NOTFOUND;
	const TypeInfo *in[2];
	size_t n = 0;
	if (kind == 'b') {
		in[0] = left;
		in[1] = right;
		n = 2;
	} else {
		in[0] = right;
		n = 1;
	}
	size_t m = match_argtypes(x, n, in, &l);
	if (m == 0)
		return FD_NOTFOUND;
	if (m == 1) {
		*out = l.items[0];
		return FD_NORMAL;
	}
	Cand *best = select_candidate(x, n, in, &l);
	if (!best)
		return FD_MULTIPLE;
	*out = *best;
	return FD_NORMAL;
}
