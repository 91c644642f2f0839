#!/usr/bin/env bash
# test_install.sh — `make install` into a temporary DESTDIR (issue 16 item 1): the binary, the man page
# strata(1) — generated from the --help texts, one section per command, rendered by `man -l` without
# warnings and holding every command's help — and the bash completion (commands, each command's options,
# --convention values, migration versions for --to/--at from `strata ls`); then `make uninstall` removes
# them. No help text shows a doubled "%%".
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"
ST=$T/stage
check "make install PREFIX=/usr DESTDIR=<tmp>" make --no-print-directory install PREFIX=/usr DESTDIR="$ST"
check "... the binary" test -x "$ST/usr/bin/strata"
check "... the man page" test -f "$ST/usr/share/man/man1/strata.1"
check "... the bash completion" test -f "$ST/usr/share/bash-completion/completions/strata"
BIN=$ST/usr/bin/strata
MANOUT=$T/man.txt
LC_ALL=C.UTF-8 MANWIDTH=160 man --warnings -l "$ST/usr/share/man/man1/strata.1" 2>"$T/man.err" | col -bx >"$MANOUT"
check "man -l renders strata(1)" grep -q '^STRATA(1)' "$MANOUT"
check "... without groff warnings" test ! -s "$T/man.err"
OUT=$(cat "$T/man.err")
commands=$("$BIN" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
check "the command list is read from --help" test "$(wc -w <<<"$commands")" -ge 15
missing=""
for c in $commands; do
	up=$(tr '[:lower:]' '[:upper:]' <<<"$c")
	grep -q "^STRATA $up\$" "$MANOUT" || missing="$missing $c(section)"
	# every line of the command's --help is in its section, word for word (the page is generated from it)
	while IFS= read -r line; do
		[ -z "${line// /}" ] && continue
		grep -qF -- "$(sed 's/^ *//' <<<"$line")" "$MANOUT" || { missing="$missing $c:'$line'"; break; }
	done < <("$BIN" "$c" --help)
done
OUT=$missing
check "one section per command, holding its --help text" test -z "$missing"
pct=""
for c in $commands; do "$BIN" "$c" --help | grep -q '%%' && pct="$pct $c"; done
OUT=$pct
check "no help text shows a doubled %%" test -z "$pct"
expect_output 'threshold=N% ' "up --help: threshold=N%" "$BIN" up --help

# completion: source it and call the function as bash does
P=$T/proj
mkdir -p "$P/m"
printf 'SELECT 1;\n' >"$P/m/0001_a.sql"
printf 'SELECT 2;\n' >"$P/m/0002_b.sql"
comp() { # comp WORD... : the completions of the last word
	PATH="$ST/usr/bin:$PATH" bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_strata; printf "%s\n" "${COMPREPLY[@]}"' _ "$ST/usr/share/bash-completion/completions/strata" "$@"
}
check "complete -p registers _strata" bash -c ". '$ST/usr/share/bash-completion/completions/strata' && complete -p strata | grep -q '_strata'"
OUT=$(comp strata ve)
check "commands: 've' → verify" grep -qx verify <<<"$OUT"
OUT=$(comp strata verify --ke)
check "options of the command: 'verify --ke' → --keep" grep -qx -- --keep <<<"$OUT"
OUT=$(comp strata drift --)
check "... every option its --help lists (drift --fix, --tenants)" bash -c "grep -qx -- --fix <<<'$OUT' && grep -qx -- --tenants <<<'$OUT'"
OUT=$(comp strata ls --convention le)
check "--convention values: 'le' → lexical" grep -qx lexical <<<"$OUT"
OUT=$(cd "$P" && comp strata up --dir m --to '')
check "--to: the versions from strata ls" bash -c "[ \"\$(tr '\n' ' ' <<<'$OUT')\" = '0001 0002 ' ]"
OUT=$(cd "$P" && comp strata schema --dir m --at 00)
check "--at too" bash -c "grep -qx 0002 <<<'$OUT'"
OUT=$(cd "$P" && comp strata diff --to m/00)
check "diff --to completes files, not versions" grep -qx 'm/0001_a.sql' <<<"$OUT"

check "make uninstall" make --no-print-directory uninstall PREFIX=/usr DESTDIR="$ST"
check "... removes the three files" bash -c "[ ! -e '$ST/usr/bin/strata' ] && [ ! -e '$ST/usr/share/man/man1/strata.1' ] && [ ! -e '$ST/usr/share/bash-completion/completions/strata' ]"
finish
