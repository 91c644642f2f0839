/* quote.c — connection-free quoting with libpq's rules (see quote.h). */
#include "strata.h"
#include "sql/quote.h"

void sql_quote_ident(StrBuf *sb, const char *ident)
{
	sb_putc(sb, '"');
	for (const char *p = ident; *p; p++) {
		if (*p == '"')
			sb_putc(sb, '"');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

void sql_quote_literal(StrBuf *sb, const char *text)
{
	bool backslash = strchr(text, '\\') != NULL;
	if (backslash)
		sb_append(sb, " E"); /* PQescapeLiteral also emits the leading space */
	sb_putc(sb, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '\'' || *p == '\\')
			sb_putc(sb, *p);
		sb_putc(sb, *p);
	}
	sb_putc(sb, '\'');
}

void sql_quote_qualified(StrBuf *sb, const char *schema, const char *name)
{
	if (schema && *schema) {
		sql_quote_ident(sb, schema);
		sb_putc(sb, '.');
	}
	sql_quote_ident(sb, name);
}
