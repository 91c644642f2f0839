/* lines.h — byte offset ↔ line:col in a migration's text through an index of line starts, so that
 * locating every object or finding of a 10,000-statement file costs a binary search each, not a scan
 * from the top of the file (which made a check of one big file quadratic). Columns count characters
 * (UTF-8 lead bytes), as sql_offset_to_linecol and PostgreSQL's error cursor do. */
#ifndef STRATA_SQL_LINES_H
#define STRATA_SQL_LINES_H

#include <stddef.h>

typedef struct SqlLines {
	const char *text; /* borrowed; NULL until built */
	size_t *starts;   /* byte offset of each line's first byte (heap) */
	size_t n;         /* number of lines */
} SqlLines;

/* (Re)build the index for TEXT; a no-op when it is already built for that very text. */
void sql_lines_build(SqlLines *li, const char *text);
void sql_lines_free(SqlLines *li);
/* 1-based line and column of byte OFF (clamped to the text). */
void sql_lines_locate(const SqlLines *li, size_t off, int *line, int *col);
/* Byte offset of the first byte of 1-based LINE (clamped to the last line). */
size_t sql_lines_start(const SqlLines *li, int line);

#endif
