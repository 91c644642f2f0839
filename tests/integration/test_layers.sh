#!/usr/bin/env bash
# test_layers.sh — the layering check itself (tests/layers/check-layers) must bite: on a copy of src/ it
# passes, and fails naming the file and line when a lower layer includes a higher one, when a folder is not
# a known layer, or when a command file grows past the line limit.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"
CHECK=$PWD/tests/layers/check-layers
cp -r src "$T/src"
expect_output '^ok - layers' "the tree as it is: imports go down" env LAYERS_ROOT="$T" "$CHECK"
sed -i '0,/#include "strata.h"/s//#include "strata.h"\n#include "exec\/apply.h"/' "$T/src/project/config.c"
expect_exit 1 "project/ including exec/ fails" env LAYERS_ROOT="$T" "$CHECK"
check "... naming the file and line" grep -q 'src/project/config.c:[0-9]*: project includes exec/apply.h' <<<"$OUT"
cp -r src/. "$T/src/"
mkdir -p "$T/src/extra" && echo '#include "strata.h"' >"$T/src/extra/x.c"
expect_exit 1 "a folder that is not a layer fails" env LAYERS_ROOT="$T" "$CHECK"
rm -rf "$T/src/extra"
yes '/* x */' | head -n 400 >>"$T/src/cli/cmd_ls.c"
expect_exit 1 "a command file over 300 lines fails" env LAYERS_ROOT="$T" "$CHECK"
check "... naming it" grep -q 'src/cli/cmd_ls.c: [0-9]* lines' <<<"$OUT"
finish
