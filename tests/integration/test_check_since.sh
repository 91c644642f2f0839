#!/usr/bin/env bash
# test_check_since.sh — `strata check --since REF` (real conflict vs harmless reorder) and --suggest-order.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"
cd "$T" || exit 2
git init -q . && git config user.email t@t && git config user.name t
mkdir m
echo "CREATE TABLE users (id int PRIMARY KEY);" >m/001_users.sql
git add -A && git commit -qm base
git checkout -qb other
echo "ALTER TABLE users ADD COLUMN a int;" >m/003_a.sql
echo "CREATE TABLE x (id int);" >m/004_x.sql
git add -A && git commit -qm other
git checkout -q -
echo "CREATE TABLE z (id int);" >m/002_z.sql
expect_output 'harmless reorder.*\[branch-reorder\]' "reorder is a warning" "$STRATA" check --dir m --since other
expect_output 'rename it to version "005"' "rename suggested" "$STRATA" check --dir m --since other
rm m/002_z.sql
echo "ALTER TABLE users ADD COLUMN b int;" >m/002_b.sql
expect_exit 1 "same object changed on both sides is an error" "$STRATA" check --dir m --since other
expect_output 'both change relation public.users' "conflict names the object" bash -c "'$STRATA' check --dir m --since other; true"
expect_exit 1 "unknown ref" "$STRATA" check --dir m --since no-such-ref
rm m/002_b.sql
echo "CREATE INDEX u_x ON later_t (id);" >m/002_idx.sql
echo "CREATE TABLE later_t (id int);" >m/005_later.sql
expect_output 'git mv m/002_idx.sql m/006_idx.sql' "suggest-order renames the consumer after its provider" \
	bash -c "'$STRATA' check --dir m --suggest-order; true"

# a migration that alters (or drops) a table requires the one that created it, though it names the table
# in the ALTER TABLE statement itself, not in a FROM list: the suggestion keeps it after its creator
# (it used to put 020_alter first, before the CREATE TABLE it alters)
mkdir m2
printf 'CREATE TABLE t (a int);\nCREATE INDEX u_a ON u (a);\n' >m2/010_t.sql
echo "ALTER TABLE t ADD COLUMN b int;" >m2/020_alter.sql
echo "CREATE TABLE u (a int);" >m2/030_u.sql
expect_output 'm2/030_u\.sql +\(moved\) +m2/010_t\.sql +m2/020_alter\.sql' \
	"suggest-order: ALTER TABLE stays after the CREATE TABLE it alters" \
	bash -c "'$STRATA' check --dir m2 --suggest-order 2>/dev/null | tr '\n' ' '; true"
echo "DROP TABLE t;" >m2/020_alter.sql
expect_output 'm2/030_u\.sql +\(moved\) +m2/010_t\.sql +m2/020_alter\.sql' \
	"suggest-order: DROP TABLE stays after the CREATE TABLE it drops" \
	bash -c "'$STRATA' check --dir m2 --suggest-order 2>/dev/null | tr '\n' ' '; true"

# a dependency that a later ALTER made (a column changed to a new enum type) is not a requirement of the
# migration that created the column: the order stands (it used to move the first migration to the end)
mkdir m3
echo "CREATE TABLE builds (id int, build_status bool);" >m3/010_initial.sql
printf "CREATE TYPE build_status AS ENUM ('success', 'failure');\nALTER TABLE builds ALTER build_status TYPE build_status USING CASE WHEN build_status THEN 'success'::build_status ELSE 'failure'::build_status END;\n" >m3/020_status.sql
expect_output 'the current order satisfies every requirement' "suggest-order: a later ALTER's dependency moves nothing" \
	"$STRATA" check --dir m3 --suggest-order

# two Prisma migrations may share a timestamp: each object's migration is found by its file, not its
# version (the index of the first one's table was taken for a requirement on the second)
mkdir -p m4/20260612000000_add_media m4/20260612000000_drop_fk
printf 'provider = "postgresql"\n' >m4/migration_lock.toml
printf 'CREATE TABLE media (id int);\nCREATE INDEX media_id ON media (id);\n' >m4/20260612000000_add_media/migration.sql
echo "CREATE TABLE other (id int);" >m4/20260612000000_drop_fk/migration.sql
expect_output 'the current order satisfies every requirement' "suggest-order: migrations sharing a version" \
	"$STRATA" check --dir m4 --suggest-order
finish
