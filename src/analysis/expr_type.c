/* expr_type.c — types for expression analysis: built-in types from the generated pg_catalog tables, user
 * types from the catalog, and PostgreSQL's coercion rules over them (parse_coerce.c: find_coercion_pathway,
 * can_coerce_type, select_common_type, the polymorphic type rules). */
#include "strata.h"
#include "analysis/expr_int.h"
#include "util/strbuf.h"

#include <pthread.h>

static TypeInfo *btypes;
static pthread_once_t btypes_once = PTHREAD_ONCE_INIT;
static TypeInfo opaque_type = {PGB_NONE, NULL, NULL, NULL, NULL, NULL,  NULL,
                               "?",      NULL, "?",  'p',  'X',  false, true};

/* One TypeInfo per pg_btypes entry, made once for the process and never freed (it is static data). */
static void build_btypes(void)
{
	btypes = xcalloc(pg_nbtypes, sizeof(*btypes));
	for (size_t i = 0; i < pg_nbtypes; i++) {
		const PgBType *b = &pg_btypes[i];
		TypeInfo *t = &btypes[i];
		t->b = (uint16_t)i;
		t->format = b->format;
		t->name = b->format;
		t->schema = "pg_catalog";
		t->typtype = b->typtype;
		t->category = b->category;
		t->preferred = b->preferred;
		t->elem = b->elem != PGB_NONE ? &btypes[b->elem] : NULL;
		t->arr = b->array != PGB_NONE ? &btypes[b->array] : NULL;
	}
}

const TypeInfo *ty_builtin(uint16_t idx)
{
	pthread_once(&btypes_once, build_btypes);
	return idx < pg_nbtypes ? &btypes[idx] : &opaque_type;
}

const TypeInfo *ty_oid(uint32_t oid)
{
	return ty_builtin(pgb_type_by_oid(oid));
}

const TypeInfo *ty_opaque(void)
{
	return &opaque_type;
}

bool ty_is(const TypeInfo *t, uint32_t oid)
{
	return t && t->b != PGB_NONE && pg_btypes[t->b].oid == oid;
}

bool ty_is_polymorphic(const TypeInfo *t)
{
	return ty_is(t, PGB_OID_ANYELEMENT) || ty_is(t, PGB_OID_ANYARRAY) || ty_is(t, PGB_OID_ANYNONARRAY) ||
	       ty_is(t, PGB_OID_ANYENUM) || ty_is(t, PGB_OID_ANYRANGE) || ty_is(t, PGB_OID_ANYMULTIRANGE) ||
	       ty_is(t, PGB_OID_ANYCOMPATIBLE) || ty_is(t, PGB_OID_ANYCOMPATIBLEARRAY) ||
	       ty_is(t, PGB_OID_ANYCOMPATIBLENONARRAY) || ty_is(t, PGB_OID_ANYCOMPATIBLERANGE) ||
	       ty_is(t, PGB_OID_ANYCOMPATIBLEMULTIRANGE);
}

bool ty_is_complex(const TypeInfo *t)
{
	return t && t->typtype == 'c';
}

const TypeInfo *ty_base(const TypeInfo *t)
{
	while (t && t->typtype == 'd' && t->base)
		t = t->base;
	return t;
}

const char *ty_name(const TypeInfo *t)
{
	return t->u || t->rel ? t->name : t->format;
}

static TypeInfo *new_user_type(Xs *x, const char *format)
{
	TypeInfo *t = arena_new(&x->a, TypeInfo);
	t->b = PGB_NONE;
	t->format = arena_strdup(&x->a, format);
	hmap_put(&x->utypes, t->format, t);
	return t;
}

const TypeInfo *ty_array_of(Xs *x, const TypeInfo *t)
{
	if (t->opaque)
		return t;
	if (t->arr || t->b != PGB_NONE)
		return t->arr;
	if (t->category == 'A')
		return t; /* an array of arrays is the same type */
	char *f = arena_sprintf(&x->a, "%s[]", t->format);
	TypeInfo *a = hmap_get(&x->utypes, f);
	if (!a) {
		a = new_user_type(x, f);
		a->typtype = 'b';
		a->category = 'A';
		a->elem = t;
		a->schema = t->schema;
		a->name = arena_sprintf(&x->a, "%s[]", t->name);
	}
	((TypeInfo *)t)->arr = a;
	return a;
}

const TypeInfo *ty_user(Xs *x, const CatType *u)
{
	StrBuf sb = STRBUF_INIT;
	cat_quote_qualified(&sb, u->h.schema, u->h.name);
	TypeInfo *t = hmap_get(&x->utypes, sb_str(&sb));
	if (t) {
		sb_release(&sb);
		return t;
	}
	t = new_user_type(x, sb_str(&sb));
	sb_release(&sb);
	t->u = u;
	t->schema = u->h.schema;
	t->name = u->h.name;
	switch (u->type_kind) {
	case TYPE_ENUM:
		t->typtype = 'e';
		t->category = 'E';
		break;
	case TYPE_DOMAIN: {
		int32_t tm;
		t->typtype = 'd';
		t->base = ty_from_text(x, u->base_type ? u->base_type : "?", &tm);
		t->category = t->base->category;
		t->preferred = t->base->preferred;
		if (t->base->opaque)
			t->opaque = true;
		break;
	}
	case TYPE_COMPOSITE:
		t->typtype = 'c';
		t->category = 'C';
		break;
	case TYPE_RANGE: {
		int32_t tm;
		t->typtype = 'r';
		t->category = 'R';
		t->sub = ty_from_text(x, u->subtype ? u->subtype : "?", &tm);
		break;
	}
	default: /* a base type of C functions: its casts and operators are not modelled */
		t->typtype = 'b';
		t->category = 'U';
		t->opaque = true;
		break;
	}
	return t;
}

const TypeInfo *ty_rowtype(Xs *x, const CatObject *rel)
{
	StrBuf sb = STRBUF_INIT;
	cat_quote_qualified(&sb, rel->schema, rel->name);
	TypeInfo *t = hmap_get(&x->utypes, sb_str(&sb));
	if (!t) {
		t = new_user_type(x, sb_str(&sb));
		t->rel = rel;
		t->schema = rel->schema;
		t->name = rel->name;
		t->typtype = 'c';
		t->category = 'C';
	}
	sb_release(&sb);
	return t;
}

/* Split catalog text `schema.name` (each part maybe quoted) into its parts; false when it is not that. */
static bool split_qualified(Arena *a, const char *s, const char **schema, const char **name)
{
	const char *parts[2];
	size_t np = 0;
	const char *p = s;
	while (*p && np < 2) {
		StrBuf sb = STRBUF_INIT;
		if (*p == '"') {
			p++;
			for (; *p; p++) {
				if (*p == '"' && p[1] == '"')
					sb_putc(&sb, *p++);
				else if (*p == '"')
					break;
				else
					sb_putc(&sb, *p);
			}
			if (*p != '"') {
				sb_release(&sb);
				return false;
			}
			p++;
		} else {
			while (*p && *p != '.')
				sb_putc(&sb, *p++);
		}
		parts[np++] = arena_strdup(a, sb_str(&sb));
		sb_release(&sb);
		if (*p == '.')
			p++;
		else
			break;
	}
	if (*p || np != 2)
		return false;
	*schema = parts[0];
	*name = parts[1];
	return true;
}

/* The typmod PostgreSQL stores for modifier text MODS ("255", "10,2") of built-in type T. */
static int32_t typmod_of(const TypeInfo *t, const char *mods)
{
	long a = strtol(mods, NULL, 10), b = 0;
	const char *comma = strchr(mods, ',');
	if (comma)
		b = strtol(comma + 1, NULL, 10);
	if (ty_is(t, PGB_OID_VARCHAR) || ty_is(t, PGB_OID_BPCHAR))
		return (int32_t)a + 4;
	if (ty_is(t, PGB_OID_NUMERIC))
		return (int32_t)((a << 16) | (b & 0xffff)) + 4;
	return (int32_t)a;
}

const TypeInfo *ty_from_text(Xs *x, const char *text, int32_t *typmod)
{
	*typmod = -1;
	if (!text)
		return &opaque_type;
	size_t n = strlen(text);
	int dims = 0;
	while (n >= 2 && text[n - 2] == '[' && text[n - 1] == ']') {
		n -= 2;
		dims++;
	}
	/* the modifier: `character varying(10)`, `timestamp(3) with time zone` */
	StrBuf base = STRBUF_INIT;
	char mods[64] = "";
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c == '"')
			quoted = !quoted;
		if (c == '(' && !quoted) {
			size_t j = i + 1, k = 0;
			while (j < n && text[j] != ')' && k < sizeof(mods) - 1)
				mods[k++] = text[j++];
			mods[k] = 0;
			i = j;
			continue;
		}
		sb_putc(&base, c);
	}
	const TypeInfo *t = NULL;
	uint16_t b = pgb_type_by_name(sb_str(&base));
	if (b != PGB_NONE) {
		t = ty_builtin(b);
		if (mods[0])
			*typmod = typmod_of(t, mods);
	} else {
		const char *schema, *name;
		if (split_qualified(&x->a, sb_str(&base), &schema, &name)) {
			if (!strcmp(schema, "pg_catalog") && pgb_type_by_name(name) != PGB_NONE)
				t = ty_builtin(pgb_type_by_name(name));
			else {
				CatType *u = catalog_find_type(x->env->cat, schema, name);
				if (u)
					t = ty_user(x, u);
				else {
					CatObject *rel = catalog_find_relation(x->env->cat, schema, name);
					if (rel && (rel->kind == OBJ_TABLE || rel->kind == OBJ_VIEW ||
					            rel->kind == OBJ_MATVIEW))
						t = ty_rowtype(x, rel);
				}
			}
		}
	}
	sb_release(&base);
	if (!t)
		return &opaque_type;
	if (dims) {
		*typmod = dims && t->b != PGB_NONE ? *typmod : -1;
		const TypeInfo *a = ty_array_of(x, t);
		return a ? a : &opaque_type;
	}
	return t;
}

/* ---- coercion (parse_coerce.c) ---- */

CoercionPath find_coercion_pathway(const TypeInfo *target, const TypeInfo *source, CoercionCtx cc)
{
	source = ty_base(source);
	target = ty_base(target);
	if (source->opaque || target->opaque)
		return CP_NONE;
	if (source == target)
		return CP_RELABEL;
	if (source->b != PGB_NONE && target->b != PGB_NONE) {
		const PgBCast *c = pgb_cast(source->b, target->b);
		if (c) {
			CoercionCtx need = c->context == 'i'   ? CC_IMPLICIT
			                   : c->context == 'a' ? CC_ASSIGNMENT
			                                       : CC_EXPLICIT;
			if (cc < need)
				return CP_NONE;
			return c->method == 'f' ? CP_FUNC : c->method == 'b' ? CP_RELABEL : CP_IO;
		}
	}
	/* no pg_cast row: arrays element by element, then I/O conversion to or from a string type */
	if (!ty_is(target, 30 /* oidvector */) && !ty_is(target, 22 /* int2vector */) && target->elem &&
	    source->elem && find_coercion_pathway(target->elem, source->elem, cc) != CP_NONE)
		return CP_ARRAYCOERCE;
	if (cc >= CC_ASSIGNMENT && target->category == 'S')
		return CP_IO;
	if (cc >= CC_EXPLICIT && source->category == 'S')
		return CP_IO;
	return CP_NONE;
}

/* The provolatile of T's input (IN) or output function; user types use enum_in/record_in/range_in/array_in
 * (and their outputs), all stable. */
static char io_volatility(const TypeInfo *t, bool in)
{
	t = ty_base(t);
	if (t->b != PGB_NONE)
		return in ? pg_btypes[t->b].in_volatility : pg_btypes[t->b].out_volatility;
	return 's';
}

bool ty_binary_coercible(const TypeInfo *src, const TypeInfo *target)
{
	if (src == target || ty_is(target, PGB_OID_ANY) || ty_is(target, PGB_OID_ANYELEMENT) ||
	    ty_is(target, PGB_OID_ANYCOMPATIBLE))
		return true;
	src = ty_base(src);
	if (src == target)
		return true;
	bool array = src->category == 'A' && src->elem;
	if ((ty_is(target, PGB_OID_ANYARRAY) || ty_is(target, PGB_OID_ANYCOMPATIBLEARRAY)) && array)
		return true;
	if ((ty_is(target, PGB_OID_ANYNONARRAY) || ty_is(target, PGB_OID_ANYCOMPATIBLENONARRAY)) && !array)
		return true;
	if (ty_is(target, PGB_OID_ANYENUM) && src->typtype == 'e')
		return true;
	if ((ty_is(target, PGB_OID_ANYRANGE) || ty_is(target, PGB_OID_ANYCOMPATIBLERANGE)) &&
	    src->typtype == 'r')
		return true;
	if ((ty_is(target, PGB_OID_ANYMULTIRANGE) || ty_is(target, PGB_OID_ANYCOMPATIBLEMULTIRANGE)) &&
	    src->typtype == 'm')
		return true;
	if (ty_is(target, PGB_OID_RECORD) && ty_is_complex(src))
		return true;
	if (ty_is(target, 2287 /* record[] */) && array && ty_is_complex(src->elem))
		return true;
	if (src->b == PGB_NONE || target->b == PGB_NONE)
		return false;
	const PgBCast *c = pgb_cast(src->b, target->b);
	return c && c->method == 'b' && c->context == 'i';
}

char coercion_volatility(const TypeInfo *target, const TypeInfo *source)
{
	const TypeInfo *s = ty_base(source), *t = ty_base(target);
	switch (find_coercion_pathway(target, source, CC_EXPLICIT)) {
	case CP_FUNC: {
		const PgBCast *c = s->b != PGB_NONE && t->b != PGB_NONE ? pgb_cast(s->b, t->b) : NULL;
		return c ? c->volatility : 'v';
	}
	case CP_IO: {
		char o = io_volatility(s, false), i = io_volatility(t, true);
		return o == 'v' || i == 'v' ? 'v' : o == 's' || i == 's' ? 's' : 'i';
	}
	case CP_ARRAYCOERCE:
		return coercion_volatility(t->elem, s->elem);
	default:
		return 'i';
	}
}

bool can_coerce_type(Xs *x, size_t n, const TypeInfo *const *in, const TypeInfo *const *target,
                     CoercionCtx cc)
{
	bool generics = false;
	for (size_t i = 0; i < n; i++) {
		const TypeInfo *s = in[i], *t = target[i];
		if (s == t || ty_is(t, PGB_OID_ANY))
			continue;
		if (ty_is_polymorphic(t)) {
			generics = true;
			continue;
		}
		if (ty_is(s, PGB_OID_UNKNOWN))
			continue;
		if (find_coercion_pathway(t, s, cc) != CP_NONE)
			continue;
		if (ty_is(s, PGB_OID_RECORD) && ty_is_complex(t))
			continue;
		if (ty_is(t, PGB_OID_RECORD) && ty_is_complex(s))
			continue;
		if (ty_is(t, 2287 /* record[] */) && s->elem && ty_is_complex(s->elem))
			continue;
		return false;
	}
	return !generics || check_generic_type_consistency(x, n, in, target);
}

const TypeInfo *select_common_type(Xs *x, size_t n, const TypeInfo *const *types, const TypeInfo **conflict)
{
	if (conflict)
		*conflict = NULL;
	size_t i = 0;
	while (i < n && !types[i])
		i++;
	if (i == n)
		return ty_oid(PGB_OID_TEXT);
	for (size_t j = i; j < n; j++)
		if (types[j] && types[j]->opaque)
			return &opaque_type;
	const TypeInfo *p = types[i];
	if (!ty_is(p, PGB_OID_UNKNOWN)) {
		bool all_same = true;
		for (size_t j = i + 1; j < n && all_same; j++)
			all_same = !types[j] || types[j] == p;
		if (all_same)
			return p;
	}
	p = ty_base(p);
	for (size_t j = i + 1; j < n; j++) {
		if (!types[j])
			continue;
		const TypeInfo *t = ty_base(types[j]);
		if (ty_is(t, PGB_OID_UNKNOWN) || t == p)
			continue;
		if (ty_is(p, PGB_OID_UNKNOWN)) {
			p = t;
		} else if (t->category != p->category) {
			if (conflict)
				*conflict = types[j];
			x->conflict_idx = j;
			return NULL;
		} else if (!p->preferred && can_coerce_type(x, 1, &p, &t, CC_IMPLICIT) &&
		           !can_coerce_type(x, 1, &t, &p, CC_IMPLICIT)) {
			p = t;
		}
	}
	return ty_is(p, PGB_OID_UNKNOWN) ? ty_oid(PGB_OID_TEXT) : p;
}

bool verify_common_type(Xs *x, const TypeInfo *common, size_t n, const TypeInfo *const *types)
{
	for (size_t i = 0; i < n; i++)
		if (types[i] && !can_coerce_type(x, 1, &types[i], &common, CC_IMPLICIT))
			return false;
	return true;
}

/* The subtype of a range type (built-in ranges by name; user ranges from the catalog); NULL when T is not
 * a range. */
static const TypeInfo *range_subtype(const TypeInfo *t)
{
	t = ty_base(t);
	if (t->typtype != 'r')
		return NULL;
	if (t->sub)
		return t->sub;
	static const struct {
		uint32_t range, sub;
	} r[] = {{3904, 23}, {3926, 20}, {3906, 1700}, {3908, 1114}, {3910, 1184}, {3912, 1082}};
	for (size_t i = 0; i < ARRAY_LEN(r); i++)
		if (ty_is(t, r[i].range))
			return ty_oid(r[i].sub);
	return NULL;
}

/* The built-in multirange types and their range types (pg_range: rngmultitypid). */
static const struct {
	uint32_t multirange, range;
} multiranges[] = {{4451, 3904}, {4532, 3906}, {4533, 3908}, {4534, 3910}, {4535, 3912}, {4536, 3926}};

/* The range type of multirange T; NULL when T is not a (built-in) multirange. */
static const TypeInfo *multirange_range(const TypeInfo *t)
{
	t = ty_base(t);
	for (size_t i = 0; i < ARRAY_LEN(multiranges); i++)
		if (ty_is(t, multiranges[i].multirange))
			return ty_oid(multiranges[i].range);
	return NULL;
}

/* The multirange type over range T; NULL when not known. */
static const TypeInfo *range_multirange(const TypeInfo *t)
{
	for (size_t i = 0; i < ARRAY_LEN(multiranges); i++)
		if (ty_is(t, multiranges[i].range))
			return ty_oid(multiranges[i].multirange);
	return NULL;
}

/* The polymorphic family state of one call (check_generic_type_consistency / enforce_...). */
typedef struct Poly {
	const TypeInfo *elem, *array, *range, *multirange;
	bool anynonarray, anyenum, compat_nonarray;
	const TypeInfo *compat[64];
	size_t ncompat;
	const TypeInfo *compat_range;
	bool bad;
	bool unmodelled; /* anycompatiblemultirange: the call is opaque (neither accepted nor refused) */
} Poly;

static void poly_collect(Poly *p, size_t n, const TypeInfo *const *actual, const TypeInfo *const *declared)
{
	memset(p, 0, sizeof(*p));
	for (size_t j = 0; j < n && !p->bad; j++) {
		const TypeInfo *d = declared[j], *a = actual[j];
		if (ty_is(a, PGB_OID_UNKNOWN)) {
			if (ty_is(d, PGB_OID_ANYNONARRAY))
				p->anynonarray = true;
			if (ty_is(d, PGB_OID_ANYENUM))
				p->anyenum = true;
			if (ty_is(d, PGB_OID_ANYCOMPATIBLENONARRAY))
				p->compat_nonarray = true;
			continue;
		}
		if (ty_is(d, PGB_OID_ANYELEMENT) || ty_is(d, PGB_OID_ANYNONARRAY) ||
		    ty_is(d, PGB_OID_ANYENUM)) {
			p->anynonarray |= ty_is(d, PGB_OID_ANYNONARRAY);
			p->anyenum |= ty_is(d, PGB_OID_ANYENUM);
			if (p->elem && a != p->elem)
				p->bad = true;
			p->elem = a;
		} else if (ty_is(d, PGB_OID_ANYARRAY)) {
			a = ty_base(a);
			if (p->array && a != p->array)
				p->bad = true;
			p->array = a;
		} else if (ty_is(d, PGB_OID_ANYRANGE)) {
			a = ty_base(a);
			if (p->range && a != p->range)
				p->bad = true;
			p->range = a;
		} else if (ty_is(d, PGB_OID_ANYMULTIRANGE)) {
			a = ty_base(a);
			const TypeInfo *r = multirange_range(a);
			if (!r || (p->multirange && a != p->multirange) || (p->range && r != p->range))
				p->bad = true;
			p->multirange = a;
			p->range = r;
		} else if (ty_is(d, PGB_OID_ANYCOMPATIBLE) || ty_is(d, PGB_OID_ANYCOMPATIBLENONARRAY)) {
			p->compat_nonarray |= ty_is(d, PGB_OID_ANYCOMPATIBLENONARRAY);
			if (p->ncompat < ARRAY_LEN(p->compat))
				p->compat[p->ncompat++] = a;
		} else if (ty_is(d, PGB_OID_ANYCOMPATIBLEARRAY)) {
			a = ty_base(a);
			if (!a->elem)
				p->bad = true;
			else if (p->ncompat < ARRAY_LEN(p->compat))
				p->compat[p->ncompat++] = a->elem;
		} else if (ty_is(d, PGB_OID_ANYCOMPATIBLERANGE)) {
			a = ty_base(a);
			const TypeInfo *sub = range_subtype(a);
			if (!sub || (p->compat_range && p->compat_range != a))
				p->bad = true;
			else if (!p->compat_range && p->ncompat < ARRAY_LEN(p->compat)) {
				p->compat_range = a;
				p->compat[p->ncompat++] = sub;
			}
		} else if (ty_is(d, PGB_OID_ANYCOMPATIBLEMULTIRANGE)) {
			p->unmodelled = true;
		}
	}
	if (p->bad)
		return;
	if (p->array && !ty_is(p->array, PGB_OID_ANYARRAY)) {
		if (!p->array->elem)
			p->bad = true;
		else if (!p->elem)
			p->elem = p->array->elem;
		else if (p->array->elem != p->elem)
			p->bad = true;
	}
	if (p->range) {
		const TypeInfo *sub = range_subtype(p->range);
		if (!sub)
			p->bad = true;
		else if (!p->elem)
			p->elem = sub;
		else if (sub != p->elem)
			p->bad = true;
	}
	if (p->elem && p->anynonarray && ty_base(p->elem)->category == 'A' && ty_base(p->elem)->elem)
		p->bad = true;
	if (p->elem && p->anyenum && ty_base(p->elem)->typtype != 'e')
		p->bad = true;
}

bool check_generic_type_consistency(Xs *x, size_t n, const TypeInfo *const *actual,
                                    const TypeInfo *const *declared)
{
	Poly p;
	poly_collect(&p, n, actual, declared);
	if (p.bad)
		return false;
	if (p.unmodelled)
		return true;
	if (p.ncompat) {
		const TypeInfo *c = select_common_type(x, p.ncompat, p.compat, NULL);
		if (!c || !verify_common_type(x, c, p.ncompat, p.compat))
			return false;
		if (p.compat_nonarray && ty_base(c)->elem && ty_base(c)->category == 'A')
			return false;
		if (p.compat_range && range_subtype(p.compat_range) != c)
			return false;
	}
	return true;
}

const TypeInfo *enforce_generic_type_consistency(Xs *x, size_t n, const TypeInfo *const *actual,
                                                 const TypeInfo **declared, const TypeInfo *ret)
{
	Poly p;
	bool any_poly = ty_is_polymorphic(ret);
	for (size_t i = 0; i < n; i++)
		any_poly |= ty_is_polymorphic(declared[i]);
	if (!any_poly)
		return ret;
	for (size_t i = 0; i < n; i++)
		if (actual[i]->opaque)
			return NULL;
	poly_collect(&p, n, actual, declared);
	if (p.bad || p.unmodelled)
		return NULL;
	if (p.range && !p.multirange)
		p.multirange = range_multirange(p.range);
	const TypeInfo *compat = NULL;
	if (p.ncompat) {
		compat = select_common_type(x, p.ncompat, p.compat, NULL);
		if (!compat || compat->opaque)
			return NULL;
	} else {
		/* all anycompatible inputs unknown (or none): text, as PostgreSQL resolves them */
		compat = ty_oid(PGB_OID_TEXT);
	}
	bool need_elem = false, need_compat = false;
	for (size_t i = 0; i < n; i++) {
		const TypeInfo *d = declared[i];
		need_elem |= ty_is(d, PGB_OID_ANYELEMENT) || ty_is(d, PGB_OID_ANYNONARRAY) ||
		             ty_is(d, PGB_OID_ANYENUM) || ty_is(d, PGB_OID_ANYARRAY) ||
		             ty_is(d, PGB_OID_ANYRANGE) || ty_is(d, PGB_OID_ANYMULTIRANGE);
		need_compat |= ty_is(d, PGB_OID_ANYCOMPATIBLE) || ty_is(d, PGB_OID_ANYCOMPATIBLEARRAY) ||
		               ty_is(d, PGB_OID_ANYCOMPATIBLENONARRAY);
	}
	if (need_elem && !p.elem)
		return NULL; /* "could not determine polymorphic type": left to the server */
	(void)need_compat;
	const TypeInfo *elem_array = p.elem ? ty_array_of(x, p.elem) : NULL;
	const TypeInfo *compat_array = ty_array_of(x, compat);
	for (size_t i = 0; i < n; i++) {
		const TypeInfo *d = declared[i];
		if (ty_is(d, PGB_OID_ANYELEMENT) || ty_is(d, PGB_OID_ANYNONARRAY) ||
		    ty_is(d, PGB_OID_ANYENUM))
			declared[i] = p.elem;
		else if (ty_is(d, PGB_OID_ANYARRAY)) {
			if (!elem_array)
				return NULL;
			declared[i] = p.array ? p.array : elem_array;
		} else if (ty_is(d, PGB_OID_ANYRANGE)) {
			if (!p.range)
				return NULL;
			declared[i] = p.range;
		} else if (ty_is(d, PGB_OID_ANYCOMPATIBLE) || ty_is(d, PGB_OID_ANYCOMPATIBLENONARRAY))
			declared[i] = compat;
		else if (ty_is(d, PGB_OID_ANYCOMPATIBLEARRAY)) {
			if (!compat_array)
				return NULL;
			declared[i] = compat_array;
		} else if (ty_is(d, PGB_OID_ANYMULTIRANGE)) {
			if (!p.multirange)
				return NULL;
			declared[i] = p.multirange;
		} else if (ty_is(d, PGB_OID_ANYCOMPATIBLERANGE) || ty_is(d, PGB_OID_ANYCOMPATIBLEMULTIRANGE))
			return NULL;
	}
	if (ty_is(ret, PGB_OID_ANYELEMENT) || ty_is(ret, PGB_OID_ANYNONARRAY) || ty_is(ret, PGB_OID_ANYENUM))
		return p.elem;
	if (ty_is(ret, PGB_OID_ANYARRAY))
		return p.array ? p.array : elem_array;
	if (ty_is(ret, PGB_OID_ANYRANGE))
		return p.range;
	if (ty_is(ret, PGB_OID_ANYMULTIRANGE))
		return p.multirange;
	if (ty_is(ret, PGB_OID_ANYCOMPATIBLE) || ty_is(ret, PGB_OID_ANYCOMPATIBLENONARRAY))
		return compat;
	if (ty_is(ret, PGB_OID_ANYCOMPATIBLEARRAY))
		return compat_array;
	if (ty_is_polymorphic(ret))
		return NULL;
	return ret;
}

const char *ty_text(Xs *x, const TypeInfo *t, int32_t typmod)
{
	if (t->opaque)
		return "?";
	const TypeInfo *e = t;
	bool array = t->category == 'A' && t->elem && !ty_is(t, 22) && !ty_is(t, 30);
	if (array)
		e = t->elem;
	const char *base = e->format;
	char mods[32] = "";
	if (typmod >= 0 && e->b != PGB_NONE) {
		if (ty_is(e, PGB_OID_VARCHAR) || ty_is(e, PGB_OID_BPCHAR))
			snprintf(mods, sizeof mods, "(%d)", typmod - 4);
		else if (ty_is(e, PGB_OID_NUMERIC))
			snprintf(mods, sizeof mods, "(%d,%d)", ((typmod - 4) >> 16) & 0xffff,
			         (typmod - 4) & 0xffff);
		else if (ty_is(e, PGB_OID_TIMESTAMP) || ty_is(e, PGB_OID_TIMESTAMPTZ) ||
		         ty_is(e, PGB_OID_TIME) || ty_is(e, 1266) || ty_is(e, 1560) || ty_is(e, 1562))
			snprintf(mods, sizeof mods, "(%d)", typmod);
	}
	const char *sp = mods[0] ? strchr(base, ' ') : NULL;
	if (sp && (ty_is(e, PGB_OID_TIMESTAMP) || ty_is(e, PGB_OID_TIMESTAMPTZ) || ty_is(e, PGB_OID_TIME) ||
	           ty_is(e, 1266)))
		return arena_sprintf(&x->a, "%.*s%s%s%s", (int)(sp - base), base, mods, sp,
		                     array ? "[]" : "");
	return arena_sprintf(&x->a, "%s%s%s", base, mods, array ? "[]" : "");
}
