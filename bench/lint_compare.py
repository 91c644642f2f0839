#!/usr/bin/env python3
"""lint_compare.py — Squawk and strata's lint rules on the same files, rule by rule.

For every history in ../shared/corpora and for examples/lint-rules/migrations, run
  * `strata check --format json` over the folder (every lint rule on, tenancy off), and
  * Squawk (npm squawk-cli, its native binary, default rules) over the up files strata discovers,
then pair each Squawk rule with the strata rule docs/rules.md names for it and count, per file, how many
findings each tool has: "both" is the smaller of the two counts, the rest is "Squawk only" or
"strata only". Prints a markdown table (and with --detail, the files behind each difference).

    python3 bench/lint_compare.py [--corpora DIR] [--examples DIR] [--detail RULE] [--strata BIN]

Squawk is looked for in build/bench-tools (where bench/install-tools puts it); when it is missing, this
script installs only squawk-cli there with npm. Runs in about ten seconds.
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# per corpus: what `strata check` needs besides --dir (as in tests/corpora/order-test and bench/check.sh)
CORPUS_ARGS = {
    "supabase-auth": lambda c: ["--var", "Namespace=auth", "--prereq", f"{c}/supabase-auth/PREREQ.sql",
                                "--search-path", "auth", "--user", "supabase_auth_admin"],
}
CORPUS_TARGET = {"danbooru-structure": "structure.sql"}


def squawk_bin():
    tools = os.path.join(ROOT, "build", "bench-tools")
    found = glob.glob(os.path.join(tools, "node_modules", "@squawk-cli", "linux-*", "bin", "squawk"))
    if not found:
        print("lint_compare: npm install --prefix build/bench-tools squawk-cli", file=sys.stderr)
        os.makedirs(tools, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", tools, "--no-audit", "--no-fund", "--loglevel=error",
                        "squawk-cli"], check=True, stdout=subprocess.DEVNULL)
        found = glob.glob(os.path.join(tools, "node_modules", "@squawk-cli", "linux-*", "bin", "squawk"))
    if not found:
        sys.exit("lint_compare: no Squawk binary")
    return found[0]


def rule_table():
    """strata rule id -> (default severity, [Squawk rules]) from docs/rules.md's table."""
    rules = {}
    with open(os.path.join(ROOT, "docs", "rules.md")) as f:
        text = f.read()
    start = text.index("\n## Rules\n")
    end = text.index("\n## ", start + 1)
    for line in text[start:end].splitlines():
        m = re.match(r"\|\s*`?([a-z-]+)`?\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|", line)
        if not m or m.group(1) in ("id",):
            continue
        squawk = [s.strip(" `") for s in m.group(3).split(",") if re.match(r"\s*`?[a-z][a-z-]+`?\s*$", s)]
        rules[m.group(1)] = (m.group(2), squawk)
    return rules


def strata_run(strata, target, extra, conf):
    p = subprocess.run([strata, "check", "--dir", target, "--format", "json", "--config", conf] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out = json.loads(p.stdout)
    except json.JSONDecodeError:
        sys.exit(f"lint_compare: strata check {target}: {p.stderr.strip()[:300]}")
    files = subprocess.run([strata, "ls", "--json", "--dir", target] + [a for a in extra if a.startswith("--var")
                                                                       or a.startswith("Namespace")],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ups = [m["file"] for m in json.loads(files.stdout or '{"migrations": []}').get("migrations", [])
           if not m.get("skip")]
    return out.get("diagnostics", []), ups


def squawk_run(squawk, files):
    found = []
    for i in range(0, len(files), 200):  # a command line per 200 files
        p = subprocess.run([squawk, "--reporter", "json"] + files[i:i + 200], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if p.returncode > 1:
            sys.exit(f"lint_compare: squawk failed: {p.stderr.strip()[:300]}")
        try:
            found += json.loads(p.stdout or "[]")
        except json.JSONDecodeError:
            sys.exit(f"lint_compare: squawk output: {p.stdout[:300]}")
    return found


def tally(counts, details, detail, f, s, r, q, t):
    """Count Q Squawk and T strata findings of one file for the pair (S, R)."""
    row = counts[(s, r)]
    both = min(q, t)
    row[0] += both
    row[1] += q - both
    row[2] += t - both
    if detail and (detail == r or detail in s.split(", ")) and q != t:
        details[(s, r)].append(f"{os.path.relpath(f, ROOT)}: Squawk {q}, strata {t}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default=os.path.join(ROOT, "..", "shared", "corpora"))
    ap.add_argument("--examples", default=os.path.join(ROOT, "examples", "lint-rules", "migrations"))
    ap.add_argument("--strata", default=os.path.join(ROOT, "build", "strata"))
    ap.add_argument("--detail", help="list the files behind the differences of this Squawk or strata rule")
    a = ap.parse_args()
    squawk = squawk_bin()
    version = subprocess.run([squawk, "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    rules = rule_table()
    to_strata = {}
    for rid, (_, sq) in rules.items():
        for s in sq:
            to_strata.setdefault(s, rid)
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as conf:
        conf.write("[lint]\n")
        for rid, (default, _) in rules.items():
            if not rid.startswith("tenant-") and "not configurable" not in default:
                conf.write(f"{rid} = {'error' if default.startswith('error') else 'warning'}\n")
    sets = []
    if os.path.isdir(a.corpora):
        for d in sorted(os.listdir(a.corpora)):
            if d.startswith("_") or not os.path.isdir(os.path.join(a.corpora, d)):
                continue
            target = os.path.join(a.corpora, d, CORPUS_TARGET.get(d, ""))
            sets.append(("corpora", d, target.rstrip("/"), CORPUS_ARGS.get(d, lambda c: [])(a.corpora)))
    else:
        print(f"lint_compare: no corpora at {a.corpora}: examples only", file=sys.stderr)
    sets.append(("examples", "lint-rules", a.examples, []))
    # counts[group][(squawk rule or "", strata rule or "")] = [both, squawk only, strata only]
    counts = {"corpora": collections.defaultdict(lambda: [0, 0, 0]),
              "examples": collections.defaultdict(lambda: [0, 0, 0])}
    details = collections.defaultdict(list)
    nfiles = collections.Counter()
    skipped = collections.Counter()  # files Squawk cannot parse (templates): left out for both tools
    for group, name, target, extra in sets:
        diags, ups = strata_run(a.strata, target, extra, conf.name)
        nfiles[group] += len(ups)
        ups_abs = {os.path.realpath(u) for u in ups}
        st = collections.Counter()
        for d in diags:
            if d.get("rule") in rules and d.get("file") and os.path.realpath(d["file"]) in ups_abs:
                st[(os.path.realpath(d["file"]), d["rule"])] += 1
        sq = collections.Counter()
        found = squawk_run(squawk, ups)
        unparsed = {os.path.realpath(r["file"]) for r in found if r["rule_name"] == "syntax-error"}
        skipped[group] += len(unparsed)
        for r in found:
            if os.path.realpath(r["file"]) not in unparsed:
                sq[(os.path.realpath(r["file"]), r["rule_name"])] += 1
        st = collections.Counter({k: v for k, v in st.items() if k[0] not in unparsed})
        files = {f for f, _ in st} | {f for f, _ in sq}
        for f in files:
            for r, (_, names) in rules.items():  # a strata rule and the Squawk rules it stands for
                q = sum(sq.get((f, s), 0) for s in names)
                t = st.get((f, r), 0)
                if q or t:
                    tally(counts[group], details, a.detail, f, ", ".join(names), r, q, t)
            for (g, s), q in sq.items():  # Squawk rules strata has no rule for
                if g == f and s not in to_strata:
                    tally(counts[group], details, a.detail, f, s, "", q, 0)
    os.unlink(conf.name)
    print(f"{version} (default rules) and strata {os.path.relpath(a.strata, ROOT)} (every rule on, tenancy "
          f"off): {nfiles['corpora'] - skipped['corpora']} corpus files ({skipped['corpora']} more that Squawk "
          f"cannot parse are left out), {nfiles['examples'] - skipped['examples']} example files\n")
    print("| Squawk rule(s) | strata rule | corpora: both | Squawk only | strata only | examples: both | "
          "Squawk only | strata only |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    keys = sorted(set(counts["corpora"]) | set(counts["examples"]), key=lambda k: (k[1] or "~", k[0]))
    for k in keys:
        c, e = counts["corpora"].get(k, [0, 0, 0]), counts["examples"].get(k, [0, 0, 0])
        print(f"| {k[0] or '—'} | {k[1] or '—'} | {c[0]} | {c[1]} | {c[2]} | {e[0]} | {e[1]} | {e[2]} |")
    for k, lines in details.items():
        print(f"\n{k[0] or '—'} / {k[1] or '—'}:")
        for line in sorted(lines, key=lambda l: "strata 0" in l)[:40]:
            print("  " + line)


if __name__ == "__main__":
    main()
