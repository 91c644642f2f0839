# strata — `make` builds ./build/strata; `make test` installs dependencies, builds (plain and ASan+UBSan)
# and runs every test; `make demo` runs the example on an embedded PostgreSQL; `make bench` runs benchmarks.
# Sources are found by wildcard: a new .c file under src/ or tests/unit/ needs no Makefile change.

BUILD    ?= build
CC       ?= cc
SANITIZE ?=
PKGS      = libpq jansson inih libcrypto libprotobuf-c libgvc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   ?= -O2 -g
# override: a CFLAGS given on the command line (the ASan build) must still get the project flags.
# With -fsanitize=undefined, gcc reports a bogus "null format string" on vsnprintf(NULL, 0, ...).
override CFLAGS += -pthread -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
            -Isrc $(PKG_CFLAGS) -MMD -MP $(SANITIZE) $(if $(SANITIZE),$(if $(findstring clang,$(CC)),,-Wno-format-truncation))
LDFLAGS  += -pthread $(SANITIZE)
# Graphviz's dot layout and core (SVG) plugins are linked in and registered as built-ins (report/er.c), not
# loaded from its plugin config: no pango/fontconfig text measuring, so the diagram is the same everywhere.
GV_PLUGINDIR := $(shell pkg-config --variable=libdir libgvc 2>/dev/null)/graphviz
LDLIBS   += -lpg_query $(PKG_LIBS) -L$(GV_PLUGINDIR) -Wl,-rpath,$(GV_PLUGINDIR) -lgvplugin_dot_layout \
            -lgvplugin_core -lm

SRCS      := $(shell find src -name '*.c' | sort)
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
# the Python helpers `strata import` runs with the project's interpreter, embedded as C strings
PY_HELPERS := $(sort $(wildcard src/project/py/*.py))
# The HTML report's CSS and script, compiled in as byte arrays (scripts/embed-assets).
ASSETS    := src/report/assets/report.css src/report/assets/report.js
GEN_SRCS  := $(BUILD)/gen/pyhelpers.c $(BUILD)/gen/report_assets.c
OBJS      := $(SRCS:%.c=$(BUILD)/obj/%.o) $(GEN_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(GEN_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# make install PREFIX=/usr/local DESTDIR=...: the binary, the man page and the bash completion.
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man/man1
COMPDIR  ?= $(PREFIX)/share/bash-completion/completions

.PHONY: all deps test unit asan tsan demo bench soak test-kill clean format format-check conformance fuzz fuzz-build fuzz-diff wild man install uninstall
all: $(BUILD)/strata

$(BUILD)/strata: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libstrata.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/gen/report_assets.c: $(ASSETS) scripts/embed-assets
	@mkdir -p $(dir $@)
	scripts/embed-assets $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/pyhelpers.c: $(PY_HELPERS) scripts/embed-py
	@mkdir -p $(dir $@)
	scripts/embed-py $(PY_HELPERS) >$@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libstrata.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libstrata.a $(LDFLAGS) $(LDLIBS) -lcmocka

unit: $(BUILD)/strata $(UNIT_BINS)

# The man page and the bash completion are generated from the --help texts of the binary itself, so that
# they cannot disagree with it (scripts/gen-man, scripts/gen-completion).
$(BUILD)/strata.1: $(BUILD)/strata scripts/gen-man
	scripts/gen-man $(BUILD)/strata >$@.tmp && mv $@.tmp $@

$(BUILD)/strata.bash: $(BUILD)/strata scripts/gen-completion
	scripts/gen-completion $(BUILD)/strata >$@.tmp && mv $@.tmp $@

man: $(BUILD)/strata.1

install: $(BUILD)/strata $(BUILD)/strata.1 $(BUILD)/strata.bash
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)" "$(DESTDIR)$(COMPDIR)"
	install -m 755 $(BUILD)/strata "$(DESTDIR)$(BINDIR)/strata"
	install -m 644 $(BUILD)/strata.1 "$(DESTDIR)$(MANDIR)/strata.1"
	install -m 644 $(BUILD)/strata.bash "$(DESTDIR)$(COMPDIR)/strata"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/strata" "$(DESTDIR)$(MANDIR)/strata.1" "$(DESTDIR)$(COMPDIR)/strata"

# The conformance driver (tests/conformance/README.md): PostgreSQL's regression suite against the model.
$(BUILD)/tests/conformance: tests/conformance/conformance.c $(BUILD)/libstrata.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libstrata.a $(LDFLAGS) $(LDLIBS)

deps:
	@scripts/install-deps

# The one test command (README, .ci/run): dependencies, both builds, every suite, one summary line.
test: deps
	@$(MAKE) --no-print-directory format-check
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory unit BUILD=build-asan CFLAGS="-O1 -g" \
		SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run-all

# PostgreSQL's regression suite against the model (tests/conformance/README.md): every file of parallel_schedule,
# the report in docs/conformance.md; CONFORMANCE_ASAN=1 runs the model under ASan+UBSan. Fails on a crash or on a
# disagreement that tests/conformance/known.txt does not list.
conformance: deps
	@$(MAKE) --no-print-directory all
	@tests/conformance/run $(if $(filter 1,$(CONFORMANCE_ASAN)),--asan) --doc docs/conformance.md

# check and verify over real histories strata has never seen (docs/wild.md): WILD_DIR=folder of histories
wild: deps
	@$(MAKE) --no-print-directory all
	@tests/wild/run

# libFuzzer targets (tests/fuzz/fuzz_*.c, see tests/fuzz/README.md), built with clang into build-fuzz/ over a
# library compiled with ASan+UBSan and fuzzer coverage. `make fuzz` runs each for FUZZ_SECONDS (FUZZ_TARGETS
# to pick some), prints exec/s and coverage, minimizes any crash into tests/fuzz/regress/<target>/.
FUZZ_SECONDS ?= 60
FUZZ_CC   ?= clang-14
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/fuzz/%)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) CFLAGS="-O1 -g" \
		SANITIZE="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" build-fuzz/libstrata.a
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

build-fuzz/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h build-fuzz/libstrata.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -O1 -g -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter -Isrc $(PKG_CFLAGS) $(FUZZ_SAN) \
		-fsanitize=fuzzer -o $@ $< build-fuzz/libstrata.a -pthread $(LDLIBS)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run

# Differential fuzzer (tests/fuzz-diff/, docs/fuzz-diff.md): FUZZ_DIFF_CASES random valid histories, each case
# in its own schema, checked by one `strata verify` against a real server; failures shrunk into
# tests/fuzz-diff/found/. FUZZ_DIFF_SEED picks the seed (default: random, printed).
FUZZ_DIFF_CASES ?= 2000
FUZZ_DIFF_SEED ?=
fuzz-diff: all
	@tests/fuzz-diff/run --cases $(FUZZ_DIFF_CASES) $(if $(FUZZ_DIFF_SEED),--seed $(FUZZ_DIFF_SEED))

# ThreadSanitizer build of the binary (strata diff loads its two schemas in two threads): build-tsan/strata.
tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan CFLAGS="-O1 -g" SANITIZE="-fsanitize=thread" \
		build-tsan/strata

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo

bench: deps
	@$(MAKE) --no-print-directory all
	@bench/run-all

# The reliability soak (issue 5): kill -9 at random moments of a 500-tenant rollout, 10 times, a server
# restart (-m immediate) in the middle of a 500-tenant rollout, then the checks of
# test_tenants_reliability.sh; too slow for `make test` (which runs it with 200 tenants and 3 kills).
soak: deps
	@$(MAKE) --no-print-directory all
	@TENANTS_SOAK=1 bash tests/integration/test_tenants_reliability.sh

# Throwaway servers never outlive strata (issue 19): kill -9 `strata verify` and `check --exact` while their
# server runs, and a shell that sourced tests/pg-harness, 10 times each (`make test` does it 3 times).
test-kill: deps
	@$(MAKE) --no-print-directory all
	@THROWAWAY_KILL_RUNS=10 bash tests/integration/test_throwaway.sh

format:
	clang-format -i $(SRCS) $(shell find src -name '*.h') $(UNIT_SRCS) $(wildcard tests/conformance/*.c) $(FUZZ_SRCS) tests/fuzz/fuzz.h

format-check:
	@clang-format --dry-run --Werror $(SRCS) $(shell find src -name '*.h') $(UNIT_SRCS) $(wildcard tests/conformance/*.c) $(FUZZ_SRCS) tests/fuzz/fuzz.h

clean:
	rm -rf build build-asan build-tsan build-fuzz

-include $(OBJS:.o=.d)
