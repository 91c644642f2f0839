/* diag.c — diagnostics as values (see diag.h). */
#include "strata.h"
#include "util/diag.h"

const char *severity_name(Severity s)
{
	switch (s) {
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	case SEV_NOTE:
		return "note";
	default:
		return "info";
	}
}

Diag *diag_add(DiagList *dl, Severity sev, const char *rule, const char *file, int line, int col,
               const char *fmt, ...)
{
	if (dl->n == dl->cap) {
		dl->cap = dl->cap ? dl->cap * 2 : 8;
		dl->items = xrealloc(dl->items, dl->cap * sizeof(Diag));
	}
	Diag *d = &dl->items[dl->n++];
	memset(d, 0, sizeof(*d));
	d->sev = sev;
	d->rule = xstrdup(rule ? rule : "error");
	d->file = file ? xstrdup(file) : NULL;
	d->line = line;
	d->col = col;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&d->message, fmt, ap) < 0)
		d->message = xstrdup(fmt);
	va_end(ap);
	return d;
}

static void set_text(char **slot, const char *fmt, va_list ap)
{
	free(*slot);
	if (vasprintf(slot, fmt, ap) < 0)
		*slot = xstrdup(fmt);
}

void diag_set_detail(Diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_text(&d->detail, fmt, ap);
	va_end(ap);
}

void diag_set_hint(Diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_text(&d->hint, fmt, ap);
	va_end(ap);
}

void diag_set_source_line(Diag *d, const char *text, size_t len)
{
	free(d->source_line);
	d->source_line = xstrndup(text, len);
}

void diag_list_append_all(DiagList *dst, DiagList *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->n == dst->cap) {
			dst->cap = dst->cap ? dst->cap * 2 : 8;
			dst->items = xrealloc(dst->items, dst->cap * sizeof(Diag));
		}
		dst->items[dst->n++] = src->items[i];
	}
	free(src->items);
	src->items = NULL;
	src->n = src->cap = 0;
}

size_t diag_count(const DiagList *dl, Severity sev)
{
	size_t c = 0;
	for (size_t i = 0; i < dl->n; i++)
		c += dl->items[i].sev == sev;
	return c;
}

bool diag_has_errors(const DiagList *dl)
{
	return diag_count(dl, SEV_ERROR) > 0;
}

void diag_clear(Diag *d)
{
	free(d->rule);
	free(d->message);
	free(d->detail);
	free(d->hint);
	free(d->file);
	free(d->source_line);
	memset(d, 0, sizeof(*d));
}

void diag_list_release(DiagList *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		diag_clear(&dl->items[i]);
	free(dl->items);
	dl->items = NULL;
	dl->n = dl->cap = 0;
}

void diag_sink_flush(const DiagSink *sink, DiagList *dl)
{
	if (!sink || !sink->emit || !dl->n)
		return;
	sink->emit(sink->ud, dl);
	diag_list_release(dl);
}
