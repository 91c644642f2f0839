#!/usr/bin/env bash
# test_import_alembic.sh — `strata import alembic` on an Alembic project (Debian's python3-alembic) with a
# branch and a merge (tests/import/alembic): one up/down pair per revision from Alembic's offline SQL, in a
# valid linear order; `strata check`, `strata up`, and then Alembic itself (`alembic current`, `alembic
# upgrade head`) must agree with strata; down through the merge gives Alembic's two heads back; a re-import
# writes only new revisions and refuses an edited one; `strata diff` moves alembic_version with a revision
# Alembic knows; `status --from alembic` and `baseline --from alembic`.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
PY=/usr/bin/python3
if ! "$PY" -c 'import alembic, sqlalchemy, psycopg2' 2>/dev/null; then
	echo "not ok - python3-alembic, python3-sqlalchemy and python3-psycopg2 are needed (scripts/install-deps)"
	exit 1
fi
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
newdb() { sq "$PGH_URL" "CREATE DATABASE $1" >/dev/null && echo "${PGH_URL/\/postgres\?//$1?}"; }
P=$T/proj
cp -r tests/import/alembic "$P"
U=$(newdb app)
export ALEMBIC_DATABASE_URL=$U
S() { (cd "$P" && "$STRATA" "$@"); }
A() { (cd "$P" && "$PY" -m alembic "$@" 2>&1 | grep -v '^INFO'); }

check "import writes an up and a down file per revision" S import alembic --python "$PY"
check "... beside Alembic's own migrations/ folder, not in it" grep -q "migrations/ holds Alembic's scripts: writing to strata_migrations/" <<<"$OUT"
check "six revisions, six pairs, and strata.conf" test "$(ls "$P/strata_migrations"/*.sql 2>/dev/null | wc -l)" = 12 -a -f "$P/strata.conf"
ls "$P/strata_migrations"/*.up.sql >"$T/order"
# a valid linear order: every revision after the ones it revises, the merge after both branches
check "the merge comes after both branches" bash -c "grep -n . '$T/order' | awk -F: '/3c4d5e6f7081/{a=\$1} /4d5e6f708192/{b=\$1} /5e6f708192a3/{m=\$1} END{exit !(m>a && m>b && a>2 && b>2)}'"
check "the first file creates alembic_version" grep -q 'CREATE TABLE alembic_version' "$(head -1 "$T/order")"
check "the merge file deletes one head and moves the other, as Alembic does" bash -c "grep -q \"DELETE FROM alembic_version WHERE alembic_version.version_num = '3c4d5e6f7081'\" '$P'/strata_migrations/0005_*.up.sql && grep -q \"UPDATE alembic_version SET version_num='5e6f708192a3'\" '$P'/strata_migrations/0005_*.up.sql"
check "no BEGIN/COMMIT of env.py in the files (strata runs each in its own transaction)" bash -c "! grep -qx 'BEGIN;\|COMMIT;' '$P'/strata_migrations/*.sql"
expect_exit 0 "strata check: no errors" S check
check "... and it says once that alembic_version is left alone" grep -q "alembic_version (Alembic's history)" <<<"$OUT"
check "strata up applies every revision" S up --database-url "$U"
expect_output '^6f708192a3b4 \(head\)$' "alembic current agrees: the head" A current
OUT=$(A upgrade head 2>&1)
check "alembic upgrade head runs nothing" bash -c "! grep -q 'Running upgrade' <<<'$OUT'"
expect_output '6 applied, 0 pending' "status --from alembic: every revision applied" S status --from alembic --database-url "$U"
check "the tables are there" test "$(sq "$U" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('users','posts','tags','post_tags')")" = 4

check "strata down through the merge" S down --steps 2 --database-url "$U"
OUT=$(A current)
check "alembic current shows the two branch heads again" bash -c "grep -q 3c4d5e6f7081 <<<'$OUT' && grep -q 4d5e6f708192 <<<'$OUT'"
check "strata up again" S up --database-url "$U"
expect_output '^6f708192a3b4 \(head\)$' "alembic current: the head again" A current

expect_output '6 migrations, 6 imported before, 0 new' "re-import: nothing new" S import alembic
cat >"$P/migrations/versions/7a_comments.py" <<'PY'
"""comments"""
from alembic import op
import sqlalchemy as sa
revision = "7a8192a3b4c5"
down_revision = "6f708192a3b4"
def upgrade():
    op.create_table("comments", sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text))
def downgrade():
    op.drop_table("comments")
PY
expect_output '7 migrations, 6 imported before, 1 new' "re-import writes only the new revision" S import alembic
check "... as 0007" test -f "$P"/strata_migrations/0007_7a8192a3b4c5_comments.up.sql
sed -i 's/sa.Column("name", sa.Text, nullable=False)/sa.Column("name", sa.Text)/' "$P/migrations/versions/3c_branch_tags.py"
before=$(ls "$P/strata_migrations" | wc -l)
expect_exit 1 "an edited revision that was imported is refused" S import alembic
check "... naming it and its file" grep -q 'Alembic revision "3c4d5e6f7081" changed since it was imported into "strata_migrations/0004_3c4d5e6f7081_tags_branch_one.up.sql"' <<<"$OUT"
check "... and nothing is written" test "$(ls "$P/strata_migrations" | wc -l)" = "$before"
sed -i 's/sa.Column("name", sa.Text)/sa.Column("name", sa.Text, nullable=False)/' "$P/migrations/versions/3c_branch_tags.py"
check "up applies the new revision" S up --database-url "$U"
expect_output '^7a8192a3b4c5 \(head\)$' "alembic current follows" A current

# strata diff: the migration moves alembic_version, and Alembic gets the revision
S schema --format sql >"$T/want.sql"
printf 'CREATE TABLE labels (id integer PRIMARY KEY, label text NOT NULL);\n' >>"$T/want.sql"
check "strata diff writes the next migration" S diff --to "$T/want.sql" --name add_labels
check "... and no DROP TABLE alembic_version" bash -c "! grep -qi 'alembic_version' <<<\"\$(grep -v '^UPDATE alembic_version' '$P'/strata_migrations/0008_add_labels.up.sql)\" || ! grep -qi 'drop table alembic_version' '$P'/strata_migrations/0008_add_labels.*.sql"
check "... with an alembic_version update" grep -q "^UPDATE alembic_version SET version_num = '[0-9a-f]\{12\}' WHERE version_num = '7a8192a3b4c5';" "$P"/strata_migrations/0008_add_labels.up.sql
rev=$(grep -o "SET version_num = '[0-9a-f]*'" "$P"/strata_migrations/0008_add_labels.up.sql | grep -o "[0-9a-f]\{12\}")
check "... and an Alembic revision for it" test -f "$(ls "$P"/migrations/versions/"${rev}"_add_labels.py)"
check "strata up applies it" S up --database-url "$U"
expect_output "^$rev \\(head\\)$" "alembic current: the diff's revision" A current
expect_output "7a8192a3b4c5 -> $rev \\(head\\), add_labels" "alembic history knows it" A history
U2=$(newdb fresh)
check "Alembic alone builds the same database from scratch (the revision runs the diff's SQL)" bash -c "cd '$P' && ALEMBIC_DATABASE_URL='$U2' $PY -m alembic upgrade head >/dev/null 2>&1"
check "... with the diff's table" test "$(sq "$U2" "SELECT count(*) FROM pg_tables WHERE tablename = 'labels'")" = 1

# adopting a database Alembic built: exactly the revisions it applied
U3=$(newdb adopt)
check "alembic builds a database up to the merge" bash -c "cd '$P' && ALEMBIC_DATABASE_URL='$U3' $PY -m alembic upgrade 5e6f708192a3 >/dev/null 2>&1"
expect_exit 1 "status --from alembic: pending revisions (exit 1)" S status --from alembic --database-url "$U3"
check "... it sees the merge and every ancestor as applied" grep -q '5 applied, 3 pending' <<<"$OUT"
check "baseline --from alembic records exactly those, verified" S baseline --from alembic --database-url "$U3"
check "... five rows in strata's history" test "$(sq "$U3" "SELECT count(*) FROM strata.history WHERE mode = 'baseline'")" = 5
check "strata up applies the rest" S up --database-url "$U3"
expect_output "^$rev \\(head\\)$" "... and Alembic agrees" bash -c "cd '$P' && ALEMBIC_DATABASE_URL='$U3' $PY -m alembic current 2>&1 | grep -v '^INFO'"
check "strata squash folds the imported revisions" S squash --to 0006
expect_exit 1 "an Alembic import does not continue a squashed folder (the baseline has no alembic_version)" S import alembic
check "... and says what to do" grep -q 'holds a strata squash baseline: an Alembic import cannot continue it' <<<"$OUT"
finish
