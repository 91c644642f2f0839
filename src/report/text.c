/* text.c — compiler-style diagnostics with the source line and a caret under the column. */
#include "strata.h"
#include "report/report.h"

static const char *sev_color(Severity s)
{
	return s == SEV_ERROR ? "\033[1;31m" : s == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
}

void report_text_one(FILE *out, const Diag *d, bool color)
{
	if (d->file) {
		fputs(d->file, out);
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
		fprintf(out, "%s%s:\033[0m %s", sev_color(d->sev), severity_name(d->sev), d->message);
	else
		fprintf(out, "%s: %s", severity_name(d->sev), d->message);
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
		fprintf(out, "      = detail: %s\n", d->detail);
	if (d->hint)
		fprintf(out, "      = hint: %s\n", d->hint);
}

void report_text(FILE *out, const DiagList *dl, bool color)
{
	for (size_t i = 0; i < dl->n; i++)
		report_text_one(out, &dl->items[i], color);
}
