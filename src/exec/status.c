/* status.c — files × history (see status.h). */
#include "strata.h"
#include "project/plan.h"
#include "exec/status.h"
#include "util/strbuf.h"

const char *mig_state_name(MigState s)
{
	static const char *const names[] = {"applied", "pending", "failed", "checksum-mismatch",
	                                    "missing-file"};
	return names[s];
}

static bool row_matches(const HistoryRow *h, const Migration *m)
{
	if (m->version[0])
		return !strcmp(h->version, m->version);
	return !h->version[0] && !strcmp(h->name, m->name);
}

bool migration_squash_range(const Migration *m, char **first, char **last)
{
	static const char marker[] = "-- strata:squash covers ";
	const char *p = m->up_sql ? strstr(m->up_sql, marker) : NULL;
	if (!p)
		return false;
	p += sizeof(marker) - 1;
	const char *dots = strstr(p, "..");
	const char *eol = strchr(p, '\n');
	if (!dots || (eol && dots > eol))
		return false;
	const char *end = dots + 2;
	while (*end && *end != '\n' && *end != '\r' && *end != ' ')
		end++;
	*first = xstrndup(p, (size_t)(dots - p));
	*last = xstrndup(dots + 2, (size_t)(end - dots - 2));
	return **first && **last;
}

/* A squash baseline covering FIRST..LAST counts as applied when history has a successful row at FIRST or
 * later: the database ran the squashed migrations (or some of them and later ones). Rows of the squashed
 * range are then its own, not missing files. Returns the row that stands for it, or NULL. */
static const HistoryRow *squash_applied(const MigrationSet *set, const HistoryRows *rows, const char *first,
                                        const char *last, bool *used)
{
	const HistoryRow *best = NULL;
	for (size_t j = 0; j < rows->n; j++) {
		const HistoryRow *h = &rows->items[j];
		if (!h->success || !h->version[0] || mig_set_version_cmp(set, h->version, first) < 0)
			continue;
		if (mig_set_version_cmp(set, h->version, last) <= 0) {
			used[j] = true;
			if (!best || mig_set_version_cmp(set, h->version, best->version) > 0)
				best = h;
		} else if (!best) {
			best = h;
		}
	}
	return best;
}

void status_compute(const MigrationSet *set, const HistoryRows *rows, Status *out)
{
	memset(out, 0, sizeof(*out));
	out->items = xcalloc(set->n + rows->n + 1, sizeof(StatusEntry));
	bool *used = xcalloc(rows->n + 1, sizeof(bool));
	for (size_t i = 0; i < set->n; i++) {
		const Migration *m = &set->items[i];
		StatusEntry *e = &out->items[out->n++];
		e->m = m;
		e->index = i;
		migration_checksum(m, e->checksum);
		char *sq_first, *sq_last;
		if (m->kind == MIG_VERSIONED && migration_squash_range(m, &sq_first, &sq_last)) {
			e->h = squash_applied(set, rows, sq_first, sq_last, used);
			free(sq_first);
			free(sq_last);
			if (e->h) {
				e->state = ST_APPLIED;
				continue;
			}
		}
		/* the successful row wins over a failed one; two files may share a version (Prisma
		 * timestamps): a row with the same name too is theirs, a row that matches by version only is
		 * the fallback */
		for (int pass = 0; pass < 2 && !e->h; pass++)
			for (size_t j = 0; j < rows->n; j++)
				if (row_matches(&rows->items[j], m) &&
				    (pass || !strcmp(rows->items[j].name, m->name)) && (!pass || !used[j]) &&
				    (!e->h || rows->items[j].success)) {
					e->h = &rows->items[j];
					used[j] = true;
				}
		if (!e->h)
			e->state = ST_PENDING;
		else if (!e->h->success) {
			e->state = ST_FAILED;
			e->edited = *e->h->checksum && strcmp(e->h->checksum, e->checksum);
		} else if (strcmp(e->h->checksum, e->checksum)) {
			e->state = m->kind == MIG_REPEATABLE ? ST_PENDING : ST_CHECKSUM_MISMATCH;
			e->edited = e->state == ST_CHECKSUM_MISMATCH;
		} else
			e->state = ST_APPLIED;
	}
	for (size_t j = 0; j < rows->n; j++)
		if (!used[j]) {
			StatusEntry *e = &out->items[out->n++];
			e->h = &rows->items[j];
			e->state = ST_MISSING_FILE;
		}
	free(used);
	for (size_t i = 0; i < out->n; i++) {
		StatusEntry *e = &out->items[i];
		switch (e->state) {
		case ST_APPLIED:
			out->n_applied++;
			break;
		case ST_PENDING:
			out->n_pending++;
			break;
		case ST_FAILED:
			if (e->edited)
				out->n_mismatch++; /* what ran was another text: the edit is what needs a look
				                    */
			else
				out->n_failed++;
			break;
		case ST_CHECKSUM_MISMATCH:
			out->n_mismatch++;
			out->n_applied++;
			break;
		case ST_MISSING_FILE:
			out->n_missing++;
			break;
		}
		if (e->h && e->h->success && e->h->version[0] &&
		    (!out->current || mig_set_version_cmp(set, e->h->version, out->current) > 0))
			out->current = e->h->version;
	}
}

void status_free(Status *st)
{
	free(st->items);
	memset(st, 0, sizeof(*st));
}

bool status_needs_attention(const Status *st)
{
	return st->n_pending || st->n_failed || st->n_mismatch || st->n_missing;
}

char *status_headline(const Status *st)
{
	if (!status_needs_attention(st))
		return st->current ? xasprintf("up to date at %s", st->current)
		                   : xstrdup("up to date: no migration applied");
	StrBuf sb = STRBUF_INIT;
	const struct {
		size_t n;
		const char *one, *many;
	} parts[] = {{st->n_failed, "failed", "failed"},
	             {st->n_pending, "pending", "pending"},
	             {st->n_mismatch, "edited after apply", "edited after apply"},
	             {st->n_missing, "missing file", "missing files"}};
	for (size_t i = 0; i < ARRAY_LEN(parts); i++)
		if (parts[i].n)
			sb_appendf(&sb, "%s%zu %s", sb.len ? ", " : "", parts[i].n,
			           parts[i].n == 1 ? parts[i].one : parts[i].many);
	if (st->current)
		sb_appendf(&sb, " (at %s)", st->current);
	else
		sb_append(&sb, " (no migration applied yet)");
	return sb_detach(&sb);
}

static bool version_known(const MigrationSet *set, const char *v)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].version, v))
			return true;
	return false;
}

int plan_up(const MigrationSet *set, const Status *st, const char *to, size_t **out, size_t *n_out,
            DiagList *dl)
{
	*out = xcalloc(st->n + 1, sizeof(size_t));
	*n_out = 0;
	int rc = 0;
	if (to && !version_known(set, to)) {
		diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0, "no migration has version \"%s\"", to);
		return -1;
	}
	/* Repeatable migrations are written against the head schema: they run after every pending versioned
	 * migration of this run (as Flyway orders them), and not at all when --to stops short of the newest
	 * version (Flyway runs them even then, flyway/flyway#2765, which breaks a repeatable that uses a
	 * later table); they stay pending until an `up` reaches head. */
	bool below_head = false;
	for (size_t i = 0; to && i < set->n; i++)
		if (set->items[i].version[0] && mig_set_version_cmp(set, set->items[i].version, to) > 0)
			below_head = true;
	size_t *rep = xcalloc(st->n + 1, sizeof(size_t)), nrep = 0;
	for (size_t i = 0; i < st->n; i++) {
		const StatusEntry *e = &st->items[i];
		if (e->state == ST_CHECKSUM_MISMATCH) {
			char *label = mig_label(e->m);
			Diag *d = diag_add(dl, SEV_ERROR, "checksum-mismatch", e->m->up_path, 0, 0,
			                   "migration \"%s\" was edited after it was applied", label);
			diag_set_detail(d, "checksum in history %.12s…, file now %.12s…", e->h->checksum,
			                e->checksum);
			diag_set_hint(
			    d,
			    "restore the file, or if the edit is deliberate record it with `strata repair "
			    "--checksums %s`",
			    e->m->version[0] ? e->m->version : e->m->name);
			free(label);
			rc = -1;
			continue;
		}
		if (e->state != ST_PENDING && e->state != ST_FAILED)
			continue;
		if (to && e->m->version[0] && mig_set_version_cmp(set, e->m->version, to) > 0)
			continue;
		if (e->m->kind == MIG_REPEATABLE) {
			if (!below_head)
				rep[nrep++] = i;
			continue;
		}
		(*out)[(*n_out)++] = i;
	}
	for (size_t k = 0; k < nrep; k++)
		(*out)[(*n_out)++] = rep[k];
	free(rep);
	return rc;
}

static int cmp_desc_version(const MigrationSet *set, const StatusEntry *a, const StatusEntry *b)
{
	return -mig_set_version_cmp(set, a->h->version, b->h->version);
}

int plan_down(const MigrationSet *set, const Status *st, const char *to, int steps, size_t **out,
              size_t *n_out, DiagList *dl)
{
	*out = xcalloc(st->n + 1, sizeof(size_t));
	*n_out = 0;
	if (to && !version_known(set, to) && strcmp(to, "0")) {
		diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0, "no migration has version \"%s\"", to);
		return -1;
	}
	/* applied versioned entries, newest first (insertion sort: histories are small) */
	size_t *idx = *out, n = 0;
	for (size_t i = 0; i < st->n; i++) {
		const StatusEntry *e = &st->items[i];
		if (!e->h || !e->h->success || !e->h->version[0])
			continue;
		size_t j = n++;
		while (j > 0 && cmp_desc_version(set, &st->items[idx[j - 1]], e) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	size_t keep = 0;
	for (size_t k = 0; k < n; k++) {
		const StatusEntry *e = &st->items[idx[k]];
		if (to ? (strcmp(to, "0") && mig_set_version_cmp(set, e->h->version, to) <= 0)
		       : (int)keep >= steps)
			break;
		idx[keep++] = idx[k];
	}
	*n_out = keep;
	int rc = 0;
	for (size_t k = 0; k < keep; k++) {
		const StatusEntry *e = &st->items[idx[k]];
		if (!e->m) {
			diag_add(dl, SEV_ERROR, "missing-file", NULL, 0, 0,
			         "migration \"%s_%s\" is applied but its file is missing, so it cannot be "
			         "reverted",
			         e->h->version, e->h->name);
			rc = -1;
		} else if (!e->m->down_sql) {
			char *label = mig_label(e->m);
			Diag *d = diag_add(dl, SEV_ERROR, "no-down-migration", e->m->up_path, 0, 0,
			                   "migration \"%s\" has no down migration", label);
			diag_set_hint(
			    d, "nothing was reverted; write its down migration or choose a later --to");
			free(label);
			rc = -1;
		}
	}
	return rc;
}

size_t status_out_of_order(const MigrationSet *set, const Status *st, size_t **out)
{
	*out = xcalloc(st->n + 1, sizeof(size_t));
	size_t n = 0;
	if (!st->current)
		return 0;
	for (size_t i = 0; i < st->n; i++) {
		const StatusEntry *e = &st->items[i];
		if ((e->state == ST_PENDING || e->state == ST_FAILED) && e->m && e->m->version[0] &&
		    mig_set_version_cmp(set, e->m->version, st->current) < 0)
			(*out)[n++] = i;
	}
	return n;
}

size_t status_report_out_of_order(const MigrationSet *set, const Status *st, bool allow, DiagList *dl)
{
	size_t *idx;
	size_t n = status_out_of_order(set, st, &idx);
	for (size_t k = 0; k < n; k++) {
		const Migration *m = st->items[idx[k]].m;
		Diag *d = diag_add(
		    dl, allow ? SEV_WARNING : SEV_ERROR, "out-of-order", m->up_path, 0, 0,
		    "migration \"%s\" is older than the newest applied version \"%s\" and not applied",
		    m->version, st->current);
		diag_set_hint(
		    d, allow ? "applied now, after newer ones (--out-of-order)"
		             : "apply it anyway with `strata up --out-of-order`, or give it a newer version");
	}
	free(idx);
	return n;
}

int status_check_out_of_order(PGconn *conn, const HistoryTarget *target, const MigrationSet *set,
                              DiagList *dl)
{
	HistoryRows rows;
	bool exists = false;
	if (history_load(conn, target, &rows, &exists, dl) != 0)
		return -1;
	Status st;
	status_compute(set, &rows, &st);
	int n = (int)status_report_out_of_order(set, &st, false, dl);
	status_free(&st);
	history_rows_free(&rows);
	return n;
}
