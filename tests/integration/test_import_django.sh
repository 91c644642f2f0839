#!/usr/bin/env bash
# test_import_django.sh — `strata import django` on a Django 3.2 project (Debian's python3-django) laid out
# for django-tenants (tests/import/django: two shared apps, two tenant apps, a tenant model with a foreign
# key to a shared one, a RunPython migration, and a small stand-in for django-tenants' schema-switching
# backend, router and tenant_command). Import, check, `strata up` and `up --tenants all`, then Django itself
# must agree: `manage.py showmigrations` in the public schema and in every tenant schema, `migrate` with
# nothing left to do. Refusals (RunPython, changed migrations), --allow-python marks, re-import of new
# migrations, the reset-to-0001_initial case through squash, status/baseline --from django.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
PY=/usr/bin/python3
if ! "$PY" -c 'import django, psycopg2' 2>/dev/null; then
	echo "not ok - python3-django and python3-psycopg2 are needed (scripts/install-deps)"
	exit 1
fi
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
newdb() { sq "$PGH_URL" "CREATE DATABASE $1" >/dev/null && echo "${PGH_URL/\/postgres\?//$1?}"; }
P=$T/proj
cp -r tests/import/django "$P"
export PYTHONDONTWRITEBYTECODE=1 DJANGO_DB_HOST=$T/pg DJANGO_DB_PORT=5432 DJANGO_DB_NAME=app
U=$(newdb app)
export DATABASE_URL=$U
S() { (cd "$P" && "$STRATA" "$@"); }
M() { (cd "$P" && "$PY" manage.py "$@" 2>&1); }
shown() { M "$@" | tr -d '\n '; } # showmigrations output on one line
ALL='customers[X]0001_initialnotes[X]0001_initialplans[X]0001_initial[X]0002_seed_plansshop[X]0001_initial[X]0002_product_sku'

expect_exit 1 "a RunPython migration is refused" S import django --python "$PY"
R=$OUT
check "... naming the migration and its file" grep -q 'plans/migrations/0002_seed_plans.py: error: migration plans.0002_seed_plans has operations without SQL: RunPython(seed)' <<<"$R"
check "... and nothing is written" test ! -e "$P/migrations" -a ! -e "$P/strata.conf"
check "--allow-python imports (rendering in a throwaway cluster)" S import django --python "$PY" --allow-python
check "... six migrations, a file for each in the shared and the tenant folder" test "$(ls "$P"/migrations/shared | wc -l)" = 6 -a "$(ls "$P"/migrations/tenant | wc -l)" = 6
check "strata.conf routes them: shared, tenant, the tenants from the tenant model" bash -c "grep -q '^shared = migrations/shared' '$P/strata.conf' && grep -q '^tenant = migrations/tenant' '$P/strata.conf' && grep -q \"^source = query:SELECT schema_name FROM public.customers_client WHERE schema_name <> 'public'\" '$P/strata.conf'"
TF=$(ls "$P"/migrations/tenant/*_shop_0001_initial.sql)
SF=$(ls "$P"/migrations/shared/*_shop_0001_initial.sql)
check "tenant SQL is there, not empty (the router saw a tenant schema)" grep -q '^CREATE TABLE "shop_product"' "$TF"
check "... unqualified: relative to the tenant's search_path" bash -c "! grep -Eq 'public\\.|strata_import_tenant' '$TF'"
check "... the foreign key to the shared table resolves through the search_path" grep -q 'REFERENCES "plans_plan"' "$TF"
check "the shared file of a tenant app only records it" bash -c "! grep -q 'CREATE TABLE \"shop_product\"' '$SF' && grep -q \"SELECT 'shop', '0001_initial', now() WHERE NOT EXISTS\" '$SF'"
check "every file keeps django_migrations in step, never twice" bash -c "for f in '$P'/migrations/*/*.sql; do grep -q 'WHERE NOT EXISTS (SELECT 1 FROM \"django_migrations\"' \$f || exit 1; done"
check "the RunPython migration is marked" grep -q '^-- strata:warning python-operation plans.0002_seed_plans' "$P"/migrations/shared/0004_plans_0002_seed_plans.sql

expect_exit 0 "strata check: no errors" S check
R=$OUT
check "... the marked migration is a warning, at its line" grep -q 'migrations/shared/0004_plans_0002_seed_plans.sql:4:1: warning: plans.0002_seed_plans has operations strata does not run: RunPython(seed)' <<<"$R"
check "... django_migrations is left alone, said once" test "$(grep -c "django_migrations (Django's history)" <<<"$R")" = 1
expect_exit 0 "... and on every run" S check
R=$OUT
check "... (still there)" grep -q 'unexported-operation' <<<"$R"

check "strata up: the shared migrations" S up
sq "$U" "INSERT INTO customers_client (schema_name, name) VALUES ('acme', 'Acme'), ('globex', 'Globex')" >/dev/null
check "strata tenant add creates and migrates the tenants" S tenant add acme globex
check "strata up --tenants all: nothing left" S up --tenants all
check "tenant tables live in the tenant schemas only" test "$(sq "$U" "SELECT string_agg(schemaname || '.' || tablename, ' ' ORDER BY schemaname, tablename) FROM pg_tables WHERE tablename IN ('shop_product', 'notes_note', 'plans_plan')")" = "acme.notes_note acme.shop_product globex.notes_note globex.shop_product public.plans_plan"
check "the tenant foreign key points at the shared table" test "$(sq "$U" "SELECT confrelid::regclass FROM pg_constraint WHERE conrelid = 'acme.shop_product'::regclass AND contype = 'f'")" = plans_plan
check "manage.py showmigrations (public) agrees with strata" test "$(shown showmigrations)" = "$ALL"
check "manage.py tenant_command showmigrations --schema=acme agrees" test "$(shown tenant_command showmigrations --schema=acme)" = "$ALL"
check "... and --schema=globex" test "$(shown tenant_command showmigrations --schema=globex)" = "$ALL"
expect_output 'No migrations to apply' "manage.py migrate has nothing to do" M migrate
expect_output 'No migrations to apply' "... nor in a tenant" M tenant_command migrate --schema=acme
expect_output '6 applied, 0 pending' "status --from django reads the public django_migrations" S status --from django
expect_output '6 applied, 0 pending' "... and a tenant's (--from-schema)" S status --from django --from-schema globex --dir migrations/tenant
expect_output '0 differences' "drift --tenants: none (django_migrations left alone)" S drift --tenants

# a new migration: only it is written
cat >>"$P/notes/models.py" <<'PY'
    pinned = models.BooleanField(default=False)
PY
M makemigrations notes -n note_pinned >/dev/null
expect_output '7 migrations, 6 imported before, 1 new' "re-import writes only the new migration" S import django
check "... in both folders, as 0007" test -f "$P/migrations/shared/0007_notes_0002_note_pinned.sql" -a -f "$P/migrations/tenant/0007_notes_0002_note_pinned.sql"
check "strata up --tenants all applies it" S up --tenants all
expect_output '\[X\] 0002_note_pinned' "... and Django sees it applied in the tenant" M tenant_command showmigrations notes --schema=acme
check "... with the column" test "$(sq "$U" "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'acme' AND table_name = 'notes_note' AND column_name = 'pinned'")" = 1

# operations without SQL other than RunPython, and migrations without SQL at all
mkdir -p "$T/hold"
cat >"$P/notes/migrations/0003_noop.py" <<'PY'
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('notes', '0002_note_pinned')]
    operations = [migrations.RunSQL(migrations.RunSQL.noop, migrations.RunSQL.noop)]
PY
expect_exit 1 "a RunSQL noop is refused too" S import django
check "... naming it" grep -q 'migration notes.0003_noop has operations without SQL: RunSQL(noop)' <<<"$OUT"
cat >"$P/notes/migrations/0003_noop.py" <<'PY'
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('notes', '0002_note_pinned')]
    operations = [migrations.AlterModelOptions(name='note', options={'ordering': ['-created']})]
PY
expect_exit 1 "a migration whose SQL is empty is refused" S import django
check "... naming it and the schema" grep -q 'sqlmigrate printed no SQL for migration notes.0003_noop in a tenant schema' <<<"$OUT"
check "--allow-empty records it" S import django --allow-empty
check "... with Django's record only" bash -c "! grep -qv '^--' <<<\"\$(grep -v 'django_migrations' '$P/migrations/tenant/0008_notes_0003_noop.sql')\""
mv "$P/notes/migrations/0003_noop.py" "$T/hold/"
rm "$P"/migrations/*/0008_notes_0003_noop.sql

# the same project without django-tenants (--settings): one folder
check "a plain Django project (--settings, --out): one folder" S import django --settings proj.settings_plain --out plain --allow-python --scratch-url "$PGH_URL"
check "... every migration in it, tenant apps included" bash -c "test \$(ls '$P'/plain | wc -l) = 7 && grep -q 'CREATE TABLE \"shop_product\"' '$P'/plain/*_shop_0001_initial.sql"
U4=$(newdb plain)
check "... strata up builds it" bash -c "cd '$P' && '$STRATA' up --dir plain --database-url '$U4' >/dev/null"
check "... and Django agrees" bash -c "cd '$P' && DJANGO_DB_NAME=plain DJANGO_SETTINGS_MODULE=proj.settings_plain $PY manage.py showmigrations 2>&1 | grep -c '\[X\]' | grep -qx 7"

# a fresh database adopted from Django: baseline --from django
U2=$(newdb adopted)
check "Django migrates a database itself" bash -c "cd '$P' && DJANGO_DB_NAME=adopted $PY manage.py migrate >/dev/null 2>&1"
check "baseline --from django adopts exactly what it applied, verified" S baseline --from django --database-url "$U2"
check "... seven rows" test "$(sq "$U2" "SELECT count(*) FROM strata.history WHERE mode = 'baseline'")" = 7

# the seed team's reset to 0001_initial: refused, then squash and import again
rm "$P"/*/migrations/0*.py
M makemigrations customers plans shop notes >/dev/null
before=$(ls "$P"/migrations/shared | wc -l)
expect_exit 1 "after a reset to 0001_initial the import refuses" S import django --scratch-url "$PGH_URL"
R=$OUT
check "... naming the changed migration" grep -q 'migration shop.0001_initial changed in Django since it was imported' <<<"$R"
check "... and the ones Django no longer has" grep -q 'migration plans.0002_seed_plans was imported but Django no longer has it' <<<"$R"
check "... suggesting strata squash" grep -q 'strata squash --to 0007 --dir migrations/shared' <<<"$R"
check "... writing nothing" test "$(ls "$P"/migrations/shared | wc -l)" = "$before"
check "strata squash folds the shared folder" S squash --to 0007 --dir migrations/shared
check "import again (rendering on the test server: --scratch-url)" S import django --scratch-url "$PGH_URL"
check "... the new migrations are recorded as covered by the baseline" grep -q 'covered by the squash baseline' "$P"/migrations/shared/0008_customers_0001_initial.sql
check "no scratch database is left behind" test "$(sq "$PGH_URL" "SELECT count(*) FROM pg_database WHERE datname LIKE 'strata_scratch%'")" = 0
check "strata up and up --tenants all" bash -c "cd '$P' && '$STRATA' up >/dev/null && '$STRATA' up --tenants all >/dev/null"
check "Django agrees in the public schema" bash -c "! (cd '$P' && $PY manage.py showmigrations 2>&1) | grep -q '\\[ \\]'"
check "... and in a tenant" bash -c "! (cd '$P' && $PY manage.py tenant_command showmigrations --schema=acme 2>&1) | grep -q '\\[ \\]'"
U3=$(newdb fresh)
check "a fresh database from the squashed history" bash -c "cd '$P' && DATABASE_URL='$U3' '$STRATA' up >/dev/null"
check "... Django sees every migration applied" bash -c "! (cd '$P' && DJANGO_DB_NAME=fresh $PY manage.py showmigrations 2>&1) | grep -q '\\[ \\]'"

expect_exit 2 "a folder without manage.py is an environment error" "$STRATA" import django --project "$T" --python "$PY"
R=$OUT
check "... said so" grep -q 'no manage.py in' <<<"$R"
finish
