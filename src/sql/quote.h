/* quote.h — SQL quoting without a connection (for `--sql` scripts and statements built before connecting).
 * Same rules as libpq's PQescapeIdentifier/PQescapeLiteral for a UTF-8 client with
 * standard_conforming_strings on: identifiers always double-quoted with '"' doubled; literals single-quoted
 * with '\'' doubled, and written E'...' with '\\' doubled when they contain a backslash. */
#ifndef STRATA_SQL_QUOTE_H
#define STRATA_SQL_QUOTE_H

#include "strata.h"
#include "util/strbuf.h"

void sql_quote_ident(StrBuf *sb, const char *ident);
void sql_quote_literal(StrBuf *sb, const char *text);
/* "schema"."name", or just "name" when SCHEMA is NULL or empty. */
void sql_quote_qualified(StrBuf *sb, const char *schema, const char *name);

#endif
