/* colname.c — FigureColname over libpg_query's raw parse tree (see colname.h). */
#include "strata.h"
#include "sql/colname.h"

static const char *str_node(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* The first target of a SELECT, when the subquery is one: its AS name, else its figured name. */
static const char *default_subquery_name(const PgQuery__Node *subselect)
{
	if (!subselect || subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return NULL;
	const PgQuery__SelectStmt *ss = subselect->select_stmt;
	while (ss->op != PG_QUERY__SET_OPERATION__SETOP_NONE && ss->larg)
		ss = ss->larg; /* a set operation's columns are named by its leftmost branch */
	if (!ss->n_target_list || ss->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return NULL;
	const PgQuery__ResTarget *rt = ss->target_list[0]->res_target;
	if (rt->name && rt->name[0])
		return rt->name;
	const char *nm;
	sql_figure_colname(rt->val, &nm, NULL, NULL);
	return nm;
}

static int named(const char **name, const char *v, int strength)
{
	*name = v;
	return strength;
}

int sql_figure_colname(const PgQuery__Node *e, const char **name, SqlSubqueryNameFn sub, void *ud)
{
	*name = "?column?";
	if (!e)
		return 0;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF: { /* the last field that is a name (`t.*` is "t") */
		const char *f = NULL;
		for (size_t i = 0; i < e->column_ref->n_fields; i++)
			if (str_node(e->column_ref->fields[i]))
				f = str_node(e->column_ref->fields[i]);
		return f ? named(name, f, 2) : 0;
	}
	case PG_QUERY__NODE__NODE_A_INDIRECTION: {
		const char *f = NULL;
		for (size_t i = 0; i < e->a_indirection->n_indirection; i++)
			if (str_node(e->a_indirection->indirection[i]))
				f = str_node(e->a_indirection->indirection[i]);
		return f ? named(name, f, 2) : sql_figure_colname(e->a_indirection->arg, name, sub, ud);
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		const PgQuery__FuncCall *fc = e->func_call;
		const char *f = fc->n_funcname ? str_node(fc->funcname[fc->n_funcname - 1]) : NULL;
		return f ? named(name, f, 2) : 0;
	}
	case PG_QUERY__NODE__NODE_A_EXPR:
		return e->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF ? named(name, "nullif", 2)
		                                                                : 0;
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		int s = sql_figure_colname(e->type_cast->arg, name, sub, ud);
		const PgQuery__TypeName *tn = e->type_cast->type_name;
		if (s <= 1 && tn && tn->n_names && str_node(tn->names[tn->n_names - 1]))
			return named(name, str_node(tn->names[tn->n_names - 1]), 1);
		return s;
	}
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return sql_figure_colname(e->collate_clause->arg, name, sub, ud);
	case PG_QUERY__NODE__NODE_GROUPING_FUNC:
		return named(name, "grouping", 2);
	case PG_QUERY__NODE__NODE_SUB_LINK:
		switch (e->sub_link->sub_link_type) {
		case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
			return named(name, "exists", 2);
		case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
			return named(name, "array", 2);
		case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK: {
			/* the analysed subquery's first column name, "?column?" included, is a strong name: a
			 * cast or CASE around it does not rename it */
			const char *f = sub ? sub(ud, e->sub_link->subselect)
			                    : default_subquery_name(e->sub_link->subselect);
			return named(name, f ? f : "?column?", 2);
		}
		default:
			return 0;
		}
	case PG_QUERY__NODE__NODE_CASE_EXPR: { /* the ELSE result's name when it is a real one */
		int s = sql_figure_colname(e->case_expr->defresult, name, sub, ud);
		return s <= 1 ? named(name, "case", 1) : s;
	}
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		return named(name, "array", 2);
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		return named(name, "row", 2);
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return named(name, "coalesce", 2);
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return named(
		    name, e->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least", 2);
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: {
		static const char *const names[] = {
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE] = "current_date",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME] = "current_time",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N] = "current_time",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP] = "current_timestamp",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N] = "current_timestamp",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME] = "localtime",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N] = "localtime",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP] = "localtimestamp",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N] = "localtimestamp",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE] = "current_role",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER] = "current_user",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER] = "user",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER] = "session_user",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG] = "current_catalog",
		    [PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA] = "current_schema",
		};
		unsigned op = (unsigned)e->sqlvalue_function->op;
		return op < ARRAY_LEN(names) && names[op] ? named(name, names[op], 2) : 0;
	}
	case PG_QUERY__NODE__NODE_XML_EXPR: {
		static const char *const names[] = {
		    [PG_QUERY__XML_EXPR_OP__IS_XMLCONCAT] = "xmlconcat",
		    [PG_QUERY__XML_EXPR_OP__IS_XMLELEMENT] = "xmlelement",
		    [PG_QUERY__XML_EXPR_OP__IS_XMLFOREST] = "xmlforest",
		    [PG_QUERY__XML_EXPR_OP__IS_XMLPARSE] = "xmlparse",
		    [PG_QUERY__XML_EXPR_OP__IS_XMLPI] = "xmlpi",
		    [PG_QUERY__XML_EXPR_OP__IS_XMLROOT] = "xmlroot",
		    [PG_QUERY__XML_EXPR_OP__IS_XMLSERIALIZE] = "xmlserialize",
		};
		unsigned op = (unsigned)e->xml_expr->op;
		return op < ARRAY_LEN(names) && names[op] ? named(name, names[op], 2) : 0;
	}
	case PG_QUERY__NODE__NODE_XML_SERIALIZE:
		return named(name, "xmlserialize", 2);
	default:
		return 0;
	}
}
