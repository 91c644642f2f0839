# corpus-lib.sh — how the corpus tests use ../shared/corpora: as a user would have each project. Source it
# from a corpus test (after setting CORPORA). Everything that knows the corpora's own files lives here and
# in the tests, never in src/:
#
#   SOURCE.txt, ORDER.txt, PREREQ.sql, _meta/   corpus metadata: not copied into the project folder
#   ORDER.txt  <transform>@<mode><TAB><path>     the upstream tool's order (order-test compares `strata ls`
#                                                with it); transforms and modes become what a user writes:
#     transform tmpl-auth (GoTrue templates)     --var Namespace=auth (strata fills {{ index .Options "X" }})
#     transform goose-up / dbmate-up             nothing: the goose / dbmate conventions read the sections
#     mode psql (psql -f, autocommit)            a `-- strata:no-transaction` first line in the copied file
#     modes psql1, simple, simpletx              nothing: one transaction per migration is the default
#   ORDER.txt  #!user NAME                       --user NAME (verify) / --user NAME (check's replay)
#   ORDER.txt  #!pgoptions -c k=v ...            -c k=v for verify; search_path also --search-path
#   PREREQ.sql                                   --prereq FILE (a setup script run as superuser first)
#
# corpus_skip_unless_present SUITE   prints "ok - SUITE # SKIP skipped: <dir> not present" and exits 0
#                                    when the corpora folder is absent (a clone without ../shared)
# corpus_list                        the corpora (folders with an ORDER.txt)
# corpus_check_errors NAME           the errors `strata check` must report for corpus NAME (real upstream
#                                    bugs, one "<file relative to the project>: <message start>" a line)
# corpus_prepare NAME DEST           copies corpus NAME into DEST as a user's project folder and sets:
#   CORPUS_DIR       what to pass to --dir (the folder, or the one file of a single-file history)
#   CORPUS_VARS      (array) --var options for placeholders
#   CORPUS_CONN      (array) verify's connection options: --user, --search-path, -c
#   CORPUS_REPLAY    (array) check/schema replay options: --user, --search-path
#   CORPUS_PREREQ    (array) --prereq FILE, or empty
#   CORPUS_ROLES     1 when the corpus creates roles (cluster-global: verify needs a cluster of its own)

corpus_skip_unless_present() {
	local label=$CORPORA
	case "$label" in */../shared/corpora | ../shared/corpora) label=../shared/corpora ;; esac
	if [ ! -d "$CORPORA" ]; then
		echo "ok - $1 # SKIP skipped: $label not present"
		exit 0
	fi
}

corpus_list() {
	(cd "$CORPORA" && for d in */; do d=${d%/}; [ -f "$d/ORDER.txt" ] && echo "$d"; done)
}

corpus_check_errors() {
	case "$1" in
	# cratesio: 20170318181441_downloads_need_no_id/down.sql lacks the ";" after its first statement
	# ("DROP CONSTRAINT crate_downloads_pkey" runs into "ALTER TABLE ..."): a real syntax error upstream, in
	# a down migration that the replay (up only) never runs. strata check parses down files too and says so.
	cratesio) echo '20170318181441_downloads_need_no_id/down.sql:2:1: error: syntax error at or near "ALTER"' ;;
	esac
}

# corpus_check_ok NAME CHECK_OUTPUT PROJECT_DIR: whether check's output has exactly the expected errors.
corpus_check_ok() {
	local want got e
	want=$(corpus_check_errors "$1")
	got=$(grep -E ': error: ' "$2" | sed "s|^$3/||")
	[ "$(printf '%s' "$want" | grep -c .)" = "$(printf '%s' "$got" | grep -c .)" ] || return 1
	while IFS= read -r e; do
		[ -z "$e" ] && continue
		grep -qF -- "$e" <<<"$got" || return 1
	done <<<"$want"
	return 0
}

corpus_prepare() {
	local name=$1 dest=$2 src="$CORPORA/$1"
	rm -rf "$dest"
	mkdir -p "$dest"
	(cd "$src" && find . -mindepth 1 -maxdepth 1 ! -name SOURCE.txt ! -name ORDER.txt ! -name PREREQ.sql \
		! -name _meta -exec cp -r -t "$dest/" {} +)
	CORPUS_VARS=() CORPUS_CONN=() CORPUS_REPLAY=() CORPUS_PREREQ=() CORPUS_ROLES=0
	[ -f "$src/PREREQ.sql" ] && CORPUS_PREREQ=(--prereq "$src/PREREQ.sql")
	local line mode path opt seen_tmpl=0
	while IFS= read -r line; do
		case "$line" in
		"#!user "*)
			CORPUS_CONN+=(--user "${line#\#!user }")
			CORPUS_REPLAY+=(--user "${line#\#!user }")
			;;
		"#!pgoptions "*)
			# shellcheck disable=SC2086
			set -- ${line#\#!pgoptions }
			while [ $# -gt 0 ]; do
				if [ "$1" = -c ] && [ $# -gt 1 ]; then
					opt=$2
					shift 2
				else
					opt=${1#--}
					shift
				fi
				case "$opt" in
				search_path=*)
					CORPUS_CONN+=(--search-path "${opt#search_path=}")
					CORPUS_REPLAY+=(--search-path "${opt#search_path=}")
					;;
				*) CORPUS_CONN+=(-c "$opt") ;;
				esac
			done
			;;
		"#"* | "") ;;
		*)
			mode=${line%%$'\t'*}
			path=${line#*$'\t'}
			case "$mode" in tmpl-auth@*) seen_tmpl=1 ;; esac
			if [ "${mode#*@}" = psql ]; then
				{ echo "-- strata:no-transaction"; cat "$src/$path"; } >"$dest/$path"
			fi
			;;
		esac
	done <"$src/ORDER.txt"
	((seen_tmpl)) && CORPUS_VARS=(--var Namespace=auth)
	# roles are cluster-global: a corpus creating them gets a cluster of its own
	if grep -rqsiE "(^[[:space:]]*|execute[[:space:]]+')create[[:space:]]+(role|user)[[:space:]]" "$dest" \
		"${CORPUS_PREREQ[@]:1}"; then
		CORPUS_ROLES=1
	fi
	CORPUS_DIR=$dest
	# a single-file history (a pg_dump, a Rails structure.sql) is given as the file itself
	local files
	files=$(find "$dest" -mindepth 1 -maxdepth 1 | wc -l)
	if [ "$files" = 1 ] && [ -f "$dest/$(ls "$dest")" ] && ! ls "$dest" | grep -qE '^[0-9]'; then
		CORPUS_DIR="$dest/$(ls "$dest")"
	fi
	return 0
}
