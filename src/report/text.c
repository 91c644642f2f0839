/* text.c — compiler-style diagnostics with the source line and a caret under the column. */
#include "strata.h"
#include "report/report.h"
#include "util/strbuf.h"

static const char *sev_color(Severity s)
{
	return s == SEV_ERROR ? "\033[1;31m" : s == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

char *report_escape(const char *s)
{
	StrBuf sb = STRBUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			sb_append(&sb, "\\n");
		else if (*p == '\t')
			sb_append(&sb, "\\t");
		else if (*p == '\r')
			sb_append(&sb, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			sb_appendf(&sb, "\\x%02x", *p);
		else
			sb_putc(&sb, (char)*p);
	}
	return sb.data ? sb.data : xstrdup("");
}

static void put_escaped(FILE *out, const char *s)
{
	char *e = report_escape(s);
	fputs(e, out);
	free(e);
}

/* A message: control characters escaped except newlines and tabs (libpq's messages have both), each
 * further line indented by INDENT, so no line of a message can pass for a diagnostic of its own. */
static void put_message(FILE *out, const char *msg, int indent)
{
	for (const char *p = msg; *p;) {
		size_t n = strcspn(p, "\n\t");
		char *part = xstrndup(p, n);
		put_escaped(out, part);
		free(part);
		p += n;
		if (*p == '\t')
			fputc('\t', out);
		else if (*p == '\n' && p[1])
			fprintf(out, "\n%*s", indent, "");
		if (*p)
			p++;
	}
}

/* "      = LABEL: TEXT", each further line of TEXT indented under the first */
static void put_note(FILE *out, const char *label, const char *text)
{
	int indent = fprintf(out, "      = %s: ", label);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		put_escaped(out, line);
		free(line);
		fputc('\n', out);
		p += n;
		if (*p == '\n' && p[1])
			fprintf(out, "%*s", indent, "");
		if (*p)
			p++;
	}
}

void report_text_one(FILE *out, const Diag *d, bool color)
{
	if (d->file) {
		put_escaped(out, d->file); /* a control character in a file name must not forge output */
		if (d->line > 0) {
			fprintf(out, ":%d", d->line);
			if (d->col > 0)
				fprintf(out, ":%d", d->col);
		}
		fputs(": ", out);
	} else {
		fputs("strata: ", out);
	}
	if (color)
		fprintf(out, "%s%s:\033[0m ", sev_color(d->sev), severity_name(d->sev));
	else
		fprintf(out, "%s: ", severity_name(d->sev));
	put_message(out, d->message, 6);
	if (d->rule && strcmp(d->rule, "error") != 0)
		fprintf(out, " [%s]", d->rule);
	fputc('\n', out);
	if (d->source_line && d->col > 0) {
		fprintf(out, "%5d | %s\n      | ", d->line, d->source_line);
		/* the caret goes under character COL; tabs are echoed so it lines up */
		int c = 1;
		for (const unsigned char *p = (const unsigned char *)d->source_line; *p && c < d->col; p++) {
			if ((*p & 0xC0) == 0x80)
				continue;
			fputc(*p == '\t' ? '\t' : ' ', out);
			c++;
		}
		fputs(color ? "\033[1;32m^\033[0m\n" : "^\n", out);
	}
	if (d->detail)
		put_note(out, "detail", d->detail);
	if (d->hint)
		put_note(out, "hint", d->hint);
}

void report_text(FILE *out, const DiagList *dl, bool color)
{
	for (size_t i = 0; i < dl->n; i++)
		report_text_one(out, &dl->items[i], color);
}
