/* lines.c — the line-start index (see lines.h). */
#include "sql/lines.h"

#include "strata.h"

#include <string.h>

void sql_lines_build(SqlLines *li, const char *text)
{
	if (li->text == text && li->starts)
		return;
	free(li->starts);
	size_t cap = 1024, n = 0;
	li->starts = xmalloc(cap * sizeof(size_t));
	li->starts[n++] = 0;
	for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++) {
		if (n == cap) {
			cap *= 2;
			li->starts = xrealloc(li->starts, cap * sizeof(size_t));
		}
		li->starts[n++] = (size_t)(p - text) + 1;
	}
	li->n = n;
	li->text = text;
}

void sql_lines_free(SqlLines *li)
{
	free(li->starts);
	memset(li, 0, sizeof(*li));
}

void sql_lines_locate(const SqlLines *li, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = li->n; /* the last line start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (li->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	int c = 1;
	for (size_t i = li->starts[lo]; i < off && li->text[i]; i++)
		if (((unsigned char)li->text[i] & 0xC0) != 0x80)
			c++;
	*line = (int)lo + 1;
	*col = c;
}

size_t sql_lines_start(const SqlLines *li, int line)
{
	if (line < 1)
		return 0;
	if ((size_t)line > li->n)
		line = (int)li->n;
	return li->starts[line - 1];
}
