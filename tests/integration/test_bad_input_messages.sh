#!/usr/bin/env bash
# test_bad_input_messages.sh — messages that help (issue 15 item 3): BOM, config errors at file:line, carets
# at unknown key columns, escaped file names, folders and FIFOs named like migrations, diff --to /dev/null, a
# manifest listing a file twice, the file size limit. tests/run-all runs it under ASan too.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"

# expect_code_output CODE REGEX NAME CMD...: CMD exits with CODE and its output matches REGEX (grep -E)
expect_code_output() {
	local code=$1 re=$2 name=$3 rc
	shift 3
	OUT=$("$@" 2>&1)
	rc=$?
	if [[ $rc == "$code" ]] && grep -Eq -- "$re" <<<"$OUT"; then _result 1 "$name"; else
		OUT="exit $rc, want $code"$'\n'$OUT
		_result 0 "$name"
	fi
}
mk() { mkdir -p "$T/$1" && printf '%b' "$3" >"$T/$1/$2"; }

# a UTF-8 BOM is skipped (Flyway does the same): the first statement parses, columns count from it
mk bom V1__a.sql '\xef\xbb\xbfCREATE TABLE t (id int);\nCREATE TABLE t (id int);\n'
expect_code_output 1 'V1__a\.sql:2:14: error: relation "t" already exists' "UTF-8 BOM skipped" "$STRATA" check --dir "$T/bom"
mk bom2 V1__a.sql '\xef\xbb\xbfCREATE TABLE t (id int);\n'
expect_code_output 0 '0 errors' "a file starting with a BOM is valid" "$STRATA" check --dir "$T/bom2"

# config: NUL byte, duplicate key, unknown lint rule, long lines at the right line
mk cfg 0001_a.sql 'SELECT 1;\n'
printf '[migrations]\nformat = plain\n[database]\nurl = x\0y\n' >"$T/nul.conf"
expect_code_output 2 'nul\.conf:4:8: error: NUL byte in config file' "config: NUL byte at file:line:col" "$STRATA" check --config "$T/nul.conf" --dir "$T/cfg"
printf '[migrations]\nformat = plain\n\n[migrations]\nformat = flyway\n' >"$T/dup.conf"
expect_code_output 2 'dup\.conf:5:1: error: duplicate key "format" in section \[migrations\] \(first set on line 2\)' "config: duplicate key names both lines" "$STRATA" check --config "$T/dup.conf" --dir "$T/cfg"
printf '[lint]\nfk-without-index = warning\nno-such-rule = error\n' >"$T/lint.conf"
expect_code_output 1 'lint\.conf:3:1: error: unknown lint rule "no-such-rule"' "config: unknown lint rule at file:line" "$STRATA" check --config "$T/lint.conf" --dir "$T/cfg"
long=$(printf 'x%.0s' {1..600})
printf '[migrations]\n# %s\nformat = plain\n[database]\nurl = postgres://h/%s\nbogus = 1\n' "$long" "$long" >"$T/long.conf"
expect_code_output 2 'long\.conf:6:1: error: unknown key "bogus"' "config: lines over 200 bytes keep the line count" "$STRATA" check --config "$T/long.conf" --dir "$T/cfg"
if grep -q 'malformed' <<<"$OUT"; then _result 0 "config: a long line is not malformed"; else _result 1 "config: a long line is not malformed"; fi
printf '[migrations]\nmax_file_size = 10 parsecs\n' >"$T/size.conf"
expect_code_output 2 'size\.conf:2:1: error: \[migrations\] max_file_size' "config: bad max_file_size at file:line" "$STRATA" check --config "$T/size.conf" --dir "$T/cfg"

# file size limit: a file over max_file_size is an error naming it
mk big 0001_a.sql 'SELECT 1;\n'
head -c 3000 /dev/zero | tr '\0' ' ' >>"$T/big/0001_a.sql"
printf '[migrations]\nmax_file_size = 2kB\n' >"$T/small.conf"
expect_code_output 1 '0001_a\.sql: error: file is 3010 bytes, more than the 2 kB strata reads' "a file over max_file_size is an error naming it" "$STRATA" check --config "$T/small.conf" --dir "$T/big"

# caret at the unknown column of an index or a key list
mk caret 0001_a.sql 'CREATE TABLE t (a int);\nCREATE INDEX i ON t (a, nope);\nCREATE TABLE u (id int, UNIQUE (id, zz));\n'
expect_code_output 1 '0001_a\.sql:2:25: error: column "nope" does not exist' "caret at the unknown index column" "$STRATA" check --dir "$T/caret"
expect_code_output 1 '0001_a\.sql:3:37: error: column "zz" named in key does not exist' "caret at the unknown UNIQUE column" "$STRATA" check --dir "$T/caret"

# control characters in file names are escaped (plain forced: a repeated prefix alone would make the folder
# lexical, and the duplicate-version error is what names the file here)
mkdir -p "$T/ctl" && printf 'SELECT 1;\n' >"$T/ctl/0001_a"$'\e'"[31mx.sql" && printf 'SELECT 2;\n' >"$T/ctl/0001_b.sql"
expect_code_output 1 '0001_a\\x1b\[31mx\.sql' "control characters in file names are escaped" "$STRATA" check --dir "$T/ctl" --convention plain
if grep -q $'\e' <<<"$OUT"; then _result 0 "no raw escape byte in the output"; else _result 1 "no raw escape byte in the output"; fi

# a folder named like a migration is called a folder
mk dirmig 0001_a.sql 'SELECT 1;\n'
mkdir -p "$T/dirmig/0002_b.sql"
expect_code_output 0 '0002_b\.sql: warning: skipped: named like a migration, but a directory' "a folder named like a migration is named as such" "$STRATA" ls --dir "$T/dirmig"
mk dirfly V1__a.sql 'SELECT 1;\n'
mkdir -p "$T/dirfly/V2__b.sql"
expect_code_output 0 'V2__b\.sql: warning: skipped: named like a migration, but a directory' "flyway: a folder named like a migration" "$STRATA" ls --dir "$T/dirfly"

# diff --to /dev/null: the empty schema
mk diff 0001_a.sql 'CREATE TABLE t (id int);\n'
expect_code_output 0 'DROP TABLE public\.t' "diff --to /dev/null reads an empty schema" "$STRATA" diff --dir "$T/diff" --to /dev/null --dry-run --allow-destructive

# a temporal manifest listing a file twice
mkdir -p "$T/tmp/versioned/v0.1"
printf '{"SchemaUpdateCqlFiles": ["a.sql", "b.sql", "a.sql"]}' >"$T/tmp/versioned/v0.1/manifest.json"
printf 'CREATE TABLE a (id int);\n' >"$T/tmp/versioned/v0.1/a.sql"
printf 'CREATE TABLE b (id int);\n' >"$T/tmp/versioned/v0.1/b.sql"
expect_code_output 1 'manifest\.json: error: manifest lists "a\.sql" twice \(entries 1 and 3' "a manifest listing a file twice is an error" "$STRATA" check --dir "$T/tmp"

# a DO block whose body is not valid PL/pgSQL: PostgreSQL compiles a DO body before running it and rejects
# the statement, so check reports it at the token; and no leak under ASan (tests/lsan.supp explains the
# library's own)
mk doblk 0001_a.sql 'DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROMSUPPORT pg_type) THEN NULL; END IF; END $$;\n'
expect_code_output 1 '0001_a\.sql:1:56: error: syntax error at or near "pg_type"' "a DO block with invalid PL/pgSQL" "$STRATA" check --dir "$T/doblk"

finish
