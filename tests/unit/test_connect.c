/* test_connect.c — URL redaction, URL resolution precedence, and connection errors that never show a
 * password (no server needed: the connection targets a socket folder that does not exist). */
#include "unit.h"
#include "db/connect.h"

#include <unistd.h>

typedef struct RedactCase {
	const char *in, *out;
} RedactCase;

static const RedactCase redact_cases[] = {
    /* URIs */
    {"postgresql://alice:s3cret@db.example.com:5432/app", "postgresql://alice:***@db.example.com:5432/app"},
    {"postgres://alice:s3cret@db/app?sslmode=require", "postgres://alice:***@db/app?sslmode=require"},
    {"postgresql://alice@db/app", "postgresql://alice@db/app"},
    {"postgresql://alice:@db/app", "postgresql://alice:@db/app"},
    {"postgresql://:pw@db/app", "postgresql://:***@db/app"},
    {"postgresql://db/app", "postgresql://db/app"},
    {"postgresql://a:p%40ss:w@rd@h/d", "postgresql://a:***@rd@h/d"},
    {"postgresql://a:pw?x@h/d", "postgresql://a:***@h/d"},
    {"postgresql:///app?host=/tmp&password=hunter2&user=bob",
     "postgresql:///app?host=/tmp&password=***&user=bob"},
    {"postgresql://u:one@h/d?password=two", "postgresql://u:***@h/d?password=***"},
    {"postgresql://h/d?pass%77ord=two&port=5", "postgresql://h/d?pass%77ord=***&port=5"},
    {"postgresql://postgres@/postgres?host=/abs/.strata/pg&port=54321",
     "postgresql://postgres@/postgres?host=/abs/.strata/pg&port=54321"},
    {"postgresql://[::1]:5432/d?passwordx=keep", "postgresql://[::1]:5432/d?passwordx=keep"},
    /* key = value strings */
    {"host=db user=bob password=hunter2 dbname=app", "host=db user=bob password=*** dbname=app"},
    {"password = 'it\\'s secret' host=db", "password = '***' host=db"},
    {"password='a b\\' c' host=db", "password='***' host=db"},
    {"host=db password=x\\ y port=1", "host=db password=*** port=1"},
    {"dbname=app passfile=/p", "dbname=app passfile=/p"},
    {"host=db password='unterminated", "host=db password=..."},
    {"host=db junk", "host=db junk..."},
    /* neither */
    {"mydb", "mydb"},
    {"", ""},
};

static void test_redact(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(redact_cases); i++) {
		char *got = db_url_redacted(redact_cases[i].in);
		if (strcmp(got, redact_cases[i].out) != 0)
			fail_msg("case %zu: \"%s\" -> \"%s\", want \"%s\"", i, redact_cases[i].in, got,
			         redact_cases[i].out);
		free(got);
	}
	char *n = db_url_redacted(NULL);
	assert_string_equal(n, "");
	free(n);
}

static const char *const pg_vars[] = {"DATABASE_URL", "PGHOST", "PGDATABASE", "PGSERVICE", "PGPORT"};

static void clear_env(void)
{
	for (size_t i = 0; i < ARRAY_LEN(pg_vars); i++)
		unsetenv(pg_vars[i]);
}

typedef struct ResolveCase {
	const char *flag;
	const char *env[ARRAY_LEN(pg_vars)]; /* values for pg_vars, NULL = unset */
	int rc;
	const char *want; /* expected URL, or the expected message when rc = -1 */
} ResolveCase;

static const ResolveCase resolve_cases[] = {
    {"postgresql://flag/db", {"postgresql://env/db", "h", NULL, NULL, NULL}, 0, "postgresql://flag/db"},
    {"", {"postgresql://env/db", "h", NULL, NULL, NULL}, 0, "postgresql://env/db"},
    {NULL, {"postgresql://env/db", NULL, NULL, NULL, NULL}, 0, "postgresql://env/db"},
    {NULL, {"", "h", NULL, NULL, NULL}, 0, ""},
    {NULL, {NULL, NULL, "d", NULL, NULL}, 0, ""},
    {NULL, {NULL, NULL, NULL, "svc", NULL}, 0, ""},
    {NULL, {NULL, NULL, NULL, NULL, "5433"}, 0, ""},
    {NULL, {NULL, "", NULL, NULL, NULL}, -1, "no database configured"},
    {NULL, {NULL, NULL, NULL, NULL, NULL}, -1, "no database configured"},
};

static void test_resolve(void **state)
{
	(void)state;
	/* no dev server: point STRATA_HOME at a folder without one */
	char home[] = "/tmp/strata-test-connect-XXXXXX";
	assert_non_null(mkdtemp(home));
	setenv("STRATA_HOME", home, 1);
	for (size_t i = 0; i < ARRAY_LEN(resolve_cases); i++) {
		const ResolveCase *c = &resolve_cases[i];
		clear_env();
		for (size_t j = 0; j < ARRAY_LEN(pg_vars); j++)
			if (c->env[j])
				setenv(pg_vars[j], c->env[j], 1);
		DiagList dl = DIAGLIST_INIT;
		char *url = NULL;
		int rc = db_resolve_url(c->flag, &url, &dl);
		if (rc != c->rc)
			fail_msg("case %zu: rc %d, want %d", i, rc, c->rc);
		if (rc == 0) {
			assert_non_null(url);
			assert_string_equal(url, c->want);
			assert_int_equal(dl.n, 0);
		} else {
			assert_null(url);
			assert_int_equal(dl.n, 1);
			assert_string_equal(dl.items[0].message, c->want);
			assert_string_equal(dl.items[0].hint,
			                    "run \"strata dev start\" or pass --database-url");
		}
		free(url);
		diag_list_release(&dl);
	}
	clear_env();
	unsetenv("STRATA_HOME");
	rmdir(home);
}

typedef struct ConnCase {
	const char *url;
	const char *prefix; /* the message starts with this */
} ConnCase;

static const ConnCase conn_cases[] = {
    {"postgresql://u:Sup3rSecret@/db?host=/nonexistent-strata-dir&port=1",
     "could not connect to server: connection to server on socket \"/nonexistent-strata-dir/.s.PGSQL.1\""},
    {"host=/nonexistent-strata-dir port=1 password=Sup3rSecret",
     "could not connect to server: connection to"},
    {"postgresql://u:Sup3rSecret%zz@/db?host=/nonexistent-strata-dir",
     "could not connect to server: invalid connection string: the password is malformed"},
    {"postgresql://u:Sup3rSecret@/db?host=/nonexistent-strata-dir&bogus=1",
     "could not connect to server: invalid URI query parameter: \"bogus\""},
    {"host=/nonexistent-strata-dir password='Sup3rSecret", "could not connect to server: "},
};

static void test_connect_error(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(conn_cases); i++) {
		DiagList dl = DIAGLIST_INIT;
		PGconn *c = db_connect(conn_cases[i].url, &dl);
		assert_null(c);
		assert_int_equal(dl.n, 1);
		const Diag *d = &dl.items[0];
		if (strncmp(d->message, conn_cases[i].prefix, strlen(conn_cases[i].prefix)) != 0)
			fail_msg("case %zu: message \"%s\", want prefix \"%s\"", i, d->message,
			         conn_cases[i].prefix);
		assert_null(strchr(d->message, '\n'));
		const char *texts[] = {d->message, d->detail, d->hint};
		for (size_t j = 0; j < ARRAY_LEN(texts); j++)
			if (texts[j] && strstr(texts[j], "Sup3rSecret"))
				fail_msg("case %zu: password shown: \"%s\"", i, texts[j]);
		diag_list_release(&dl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redact),
	    cmocka_unit_test(test_resolve),
	    cmocka_unit_test(test_connect_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
