# tenants-lib.sh — helpers shared by the test_tenants*.sh scripts (source after lib.sh and pg-harness).
#   make_project DIR N   a project: migrations/shared (plans) and N tenant migrations; migration k creates
#                        table tK and inserts k into runs (so a migration applied twice shows up)
#   sq URL SQL           psql -AtX -c SQL
#   consistency URL PATTERN HEAD   prints one line per tenant whose ledger, history, tables and runs do not
#                        agree (empty output = consistent); HEAD is the expected version of every tenant,
#                        or "" to accept any version as long as ledger, history and schema agree
make_project() {
	local dir=$1 n=$2 k
	mkdir -p "$dir/migrations/shared" "$dir/migrations/tenant"
	printf 'CREATE TABLE plans (id text PRIMARY KEY);\nINSERT INTO plans VALUES ($$free$$), ($$pro$$);\n' \
		>"$dir/migrations/shared/0001_plans.sql"
	printf 'CREATE TABLE runs (k int NOT NULL);\nCREATE TABLE t1 (id int PRIMARY KEY, plan text REFERENCES plans);\nINSERT INTO runs VALUES (1);\n' \
		>"$dir/migrations/tenant/0001_t1.sql"
	for ((k = 2; k <= n; k++)); do
		printf 'CREATE TABLE t%d (id int PRIMARY KEY, t1_id int REFERENCES t1);\nCREATE INDEX t%d_t1 ON t%d (t1_id);\nINSERT INTO runs VALUES (%d);\n' \
			"$k" "$k" "$k" "$k" >"$dir/migrations/tenant/$(printf %04d "$k")_t$k.sql"
	done
	cat >"$dir/strata.conf" <<-CONF
		[migrations]
		shared = $dir/migrations/shared
		tenant = $dir/migrations/tenant
		[tenants]
		mode = schema
		search_path = \$tenant, public
		source = pattern:t\\_%
	CONF
}

sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }

# For every schema matching PATTERN: ledger version, history rows, tables tK, rows of runs must agree.
consistency() {
	local url=$1 pat=$2 head=$3
	psql -qAtX -v ON_ERROR_STOP=1 "$url" 2>&1 <<-SQL
		CREATE FUNCTION pg_temp.cnt(s text, tbl text, expr text) RETURNS bigint LANGUAGE plpgsql AS \$f\$
		DECLARE n bigint; BEGIN
		  IF to_regclass(format('%I.%I', s, tbl)) IS NULL THEN RETURN 0; END IF;
		  EXECUTE format('SELECT %s FROM %I.%I', expr, s, tbl) INTO n; RETURN n;
		END \$f\$;
		WITH t AS (
		  SELECT n.nspname AS s, l.version, l.status,
		         pg_temp.cnt(n.nspname, 'strata_history', 'count(*)') AS hist,
		         pg_temp.cnt(n.nspname, 'strata_history', 'count(DISTINCT version)') AS hist_distinct,
		         pg_temp.cnt(n.nspname, 'runs', 'count(*)') AS runs,
		         pg_temp.cnt(n.nspname, 'runs', 'count(DISTINCT k)') AS runs_distinct,
		         (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind = 'r' AND c.relname ~ '^t[0-9]+\$') AS tables
		  FROM pg_namespace n LEFT JOIN strata.ledger l ON l.target = n.nspname
		  WHERE n.nspname LIKE '$pat')
		SELECT format('%s: ledger %s/%s, history %s (%s distinct), runs %s (%s distinct), tables %s', s, version, status,
		              hist, hist_distinct, runs, runs_distinct, tables)
		FROM t
		WHERE ('$head' <> '' AND (version IS DISTINCT FROM '$head' OR status <> 'ok'))
		   OR hist <> coalesce(nullif(ltrim(version, '0'), '')::int, 0)
		   OR hist_distinct <> hist OR runs <> hist OR runs_distinct <> runs OR tables <> hist;
	SQL
}
