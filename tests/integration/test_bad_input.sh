#!/usr/bin/env bash
# test_bad_input.sh — bad input gets one clear message, the right exit code, and never a crash.
# Runs with STRATA=build-asan/strata too (tests/run-all), so a crash or leak fails it.
set -u
cd "$(dirname "$0")/../.."
STRATA=${STRATA:-./build/strata}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect NAME EXIT REGEX -- ARGS...: run strata, check exit code and that stdout+stderr match REGEX.
expect() {
	local name=$1 code=$2 re=$3
	shift 4
	local out rc
	out=$("$STRATA" "$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$code" ] && grep -Eq -- "$re" <<<"$out" && ! grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' <<<"$out"; then
		echo "ok - $name"
	else
		echo "not ok - $name (exit $rc, want $code; output:)"
		sed 's/^/    /' <<<"$out" | head -15
		fails=$((fails + 1))
	fi
}

mk() { mkdir -p "$tmp/$1" && printf '%b' "$3" >"$tmp/$1/$2"; }

mk syntax 0001_bad.sql 'CREATE TABLE t (id int,);\n'
expect "syntax error has file:line:col and caret" 1 '0001_bad.sql:1:24: error: syntax error at or near "\)"' -- check --dir "$tmp/syntax"
mk syntax2 0001_ok.sql 'CREATE TABLE a (id int);\n'
mk syntax2 0002_bad.sql '-- first line\nCREATE TABLE b (\n  id int\n  name text\n);\n'
expect "syntax error on a later line" 1 '0002_bad.sql:4:3: error: syntax error at or near "name"' -- check --dir "$tmp/syntax2"
mk multibyte 0001_mb.sql "SELECT 'héllo wörld' FROM WHERE;\n"
expect "column counts characters, not bytes" 1 '0001_mb.sql:1:27: error: syntax error at or near "WHERE"' -- check --dir "$tmp/multibyte"
mk meta 0001_meta.sql 'SELECT 1;\n\\i other.sql\n'
expect "psql meta-command" 1 '0001_meta.sql:2:1: error: psql meta-command \\i is not SQL' -- check --dir "$tmp/meta"
mk dup 0001_a.sql 'SELECT 1;\n'
mk dup 0001_b.sql 'SELECT 2;\n'
expect "duplicate version names both files (convention plain forced)" 1 'duplicate.*0001_a\.sql.*0001_b\.sql|0001_b\.sql.*0001_a\.sql' -- check --dir "$tmp/dup" --convention plain
expect "a repeated numbered prefix: the folder is lexical, and ls says why" 0 'convention lexical: numbered prefixes repeat \("0001_a\.sql" and "0001_b\.sql" share 0001\)' -- ls --dir "$tmp/dup"
mkdir -p "$tmp/unreadable" && printf 'SELECT 1;\n' >"$tmp/unreadable/0001_a.sql" && ln -s /nonexistent/file.sql "$tmp/unreadable/0002_b.sql"
expect "unreadable file" 1 '0002_b\.sql.*(could not|cannot|unreadable|No such file)' -- check --dir "$tmp/unreadable"
mk empty 0001_a.sql 'SELECT 1;\n'
mk empty 0002_empty.sql ''
expect "empty file is a warning, not an error" 0 '0002_empty\.sql.*warning.*empty' -- check --dir "$tmp/empty"
mk binary 0001_a.sql 'SELECT 1;\n\0\001\002'
expect "binary file" 1 '0001_a\.sql:2:1: error: .*binary' -- check --dir "$tmp/binary"
mk utf8 0001_a.sql "SELECT 1;\nSELECT 'caf\xe9';\n"
expect "invalid UTF-8 with location" 1 '0001_a\.sql:2:12: error: invalid byte sequence for encoding "UTF8"' -- check --dir "$tmp/utf8"
expect "missing folder" 2 'does not exist' -- check --dir "$tmp/nope"
expect "missing folder (ls)" 2 'does not exist' -- ls --dir "$tmp/nope"
expect "unknown flag" 2 'unknown option "--frobnicate"' -- check --frobnicate
expect "unknown command" 2 'unknown command "frobnicate"' -- frobnicate
expect "unknown output format" 2 'unknown format "yaml"' -- check --format yaml --dir "$tmp/syntax"
printf '[migrations]\ndir = x\nbogus = 1\n' >"$tmp/bad.conf"
expect "unknown config key has file:line" 2 'bad\.conf:3:1: error: unknown key "bogus"' -- check --config "$tmp/bad.conf"
printf '[migrations\ndir = x\n' >"$tmp/broken.conf"
expect "malformed config" 2 'broken\.conf:1:1: error: malformed' -- check --config "$tmp/broken.conf"
expect "missing config given explicitly" 2 'config file not found' -- check --config "$tmp/none.conf"
mk ph V1__a.sql 'CREATE SCHEMA ${schema_name};\n'
expect "unfilled placeholder" 1 'V1__a\.sql:1:15: error: .*placeholder.*schema_name' -- check --dir "$tmp/ph"
expect "filled placeholder" 0 '0 errors' -- check --dir "$tmp/ph" --var schema_name=app
mk tmpl 0001_a.up.sql 'CREATE SCHEMA {{ index .Options "Namespace" }};\n'
expect "unfilled Go template" 1 '0001_a\.up\.sql:1:15: error: .*Namespace' -- check --dir "$tmp/tmpl"
expect "filled Go template" 0 '0 errors' -- check --dir "$tmp/tmpl" --var Namespace=auth
expect "help" 0 'usage: strata' -- --help
expect "version" 0 '^strata [0-9]' -- --version
expect "check --help" 0 'usage: strata check' -- check --help
expect "json output of a syntax error" 1 '"rule": "syntax-error"' -- check --dir "$tmp/syntax" --format json

[ "$fails" -eq 0 ]
