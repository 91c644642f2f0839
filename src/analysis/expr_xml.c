/* expr_xml.c — the SQL/XML expressions of parse analysis (parse_expr.c: transformXmlExpr,
 * transformXmlSerialize): each argument analysed and coerced to the type its position takes (a literal then
 * prints with the cast ruleutils shows, `'x'::xml`), an XMLATTRIBUTES/XMLFOREST value without a name named
 * after its column, XMLSERIALIZE's text result coerced to the type it names. */
#include "strata.h"
#include "analysis/expr_int.h"

#define XML_OID 142

/* coerce_to_specific_type for argument *SLOT of type T (the mismatch errors are not modelled). */
static void to_type(Xs *x, PgQuery__Node **slot, XType t, uint32_t oid)
{
	if (!t.t || t.t->opaque)
		return;
	(void)coerce_slot(x, slot, t, ty_oid(oid), CC_IMPLICIT, false);
}

XType xf_xmlexpr(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__XmlExpr *e = (*slot)->xml_expr;
	bool element = e->op == PG_QUERY__XML_EXPR_OP__IS_XMLELEMENT;
	for (size_t i = 0; i < e->n_named_args; i++) {
		PgQuery__Node *a = e->named_args[i];
		if (a->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *rt = a->res_target;
		if ((!rt->name || !rt->name[0]) && rt->val) {
			if (rt->val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) {
				xs_error(x, "42601", "syntax-error", rt->location, NULL,
				         element ? "unnamed XML attribute value must be a column reference"
				                 : "unnamed XML element value must be a column reference");
				return xt_opaque();
			}
			/* FigureColname of the reference: its last field */
			const PgQuery__ColumnRef *cr = rt->val->column_ref;
			const char *col = cr->n_fields ? str_of(cr->fields[cr->n_fields - 1]) : NULL;
			if (col) {
				if (rt->name && rt->name != (char *)protobuf_c_empty_string)
					free(rt->name);
				rt->name = xstrdup(col);
			}
		}
		if (element && rt->name && rt->name[0])
			for (size_t j = 0; j < i; j++) {
				const PgQuery__Node *b = e->named_args[j];
				if (b->node_case == PG_QUERY__NODE__NODE_RES_TARGET && b->res_target->name &&
				    !strcmp(b->res_target->name, rt->name)) {
					xs_error(x, "42601", "syntax-error", rt->location, NULL,
					         "XML attribute name \"%s\" appears more than once",
					         rt->name);
					return xt_opaque();
				}
			}
		if (rt->val)
			xf_expr(x, &rt->val, lv);
	}
	for (size_t i = 0; i < e->n_args; i++) {
		XType t = xf_expr(x, &e->args[i], lv);
		switch (e->op) {
		case PG_QUERY__XML_EXPR_OP__IS_XMLCONCAT:
		case PG_QUERY__XML_EXPR_OP__IS_XMLFOREST:
		case PG_QUERY__XML_EXPR_OP__IS_DOCUMENT:
			to_type(x, &e->args[i], t, XML_OID);
			break;
		case PG_QUERY__XML_EXPR_OP__IS_XMLPARSE:
			if (i == 0)
				to_type(x, &e->args[i], t, PGB_OID_TEXT);
			break;
		case PG_QUERY__XML_EXPR_OP__IS_XMLPI:
			to_type(x, &e->args[i], t, PGB_OID_TEXT);
			break;
		case PG_QUERY__XML_EXPR_OP__IS_XMLROOT:
			if (i == 0)
				to_type(x, &e->args[i], t, XML_OID);
			break; /* VERSION and STANDALONE print as written */
		default:
			break;
		}
	}
	return xt(ty_oid(e->op == PG_QUERY__XML_EXPR_OP__IS_DOCUMENT ? PGB_OID_BOOL : XML_OID));
}

XType xf_xmlserialize(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__XmlSerialize *s = (*slot)->xml_serialize;
	XType t = xf_expr(x, &s->expr, lv);
	to_type(x, &s->expr, t, XML_OID);
	XType target = s->type_name ? typename_type(x, s->type_name) : xt_opaque();
	if (!target.t || target.t->opaque || x->failed)
		return target.t ? target : xt_opaque();
	if (ty_is(target.t, PGB_OID_TEXT))
		return target;
	/* the text result coerced to the named type: ruleutils shows that cast after XMLSERIALIZE(...) */
	PgQuery__TypeCast *tc = xmalloc(sizeof(*tc));
	pg_query__type_cast__init(tc);
	tc->arg = *slot;
	size_t len = pg_query__type_name__get_packed_size(s->type_name);
	uint8_t *buf = xmalloc(len ? len : 1);
	pg_query__type_name__pack(s->type_name, buf);
	tc->type_name = pg_query__type_name__unpack(NULL, len, buf);
	free(buf);
	tc->location = -1;
	PgQuery__Node *n = mk_node();
	n->node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
	n->type_cast = tc;
	*slot = n;
	return target;
}
