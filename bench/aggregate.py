#!/usr/bin/env python3
"""aggregate.py — turn the timing rows of one workload (bench/out/<workload>.tsv, written by bench/lib.sh)
into a markdown table: median, min-max, per-unit cost, linear extrapolation to the issue's size, ratio
against a baseline row, and target checks. Rows: workload tool n run wall_s server_cpu_s client_rss_kb note [client_cpu_s].

usage: aggregate.py TSV [--title T] [--unit schemas] [--at N] [--baseline TOOL] [--rate]
                        [--check 'KIND|A|B|X|label' ...]
  --at N        also show each tool's median scaled linearly to N units (rows measured on fewer units
                are marked "extrapolated")
  --baseline T  show every tool's time (at N, or as measured) divided by T's
  --rate        show units per second (the offline check: files per second)
  --check       KIND le: time(A) <= X * time(B); faster: time(B) >= X * time(A); under: time(A) < X s;
                rate: rate(A) >= X * rate(B); flat: A's cost per unit, largest / smallest over the
                sizes measured, <= X; flatvs: A's time / B's time at each size, largest / smallest <= X. Printed as a list with the measured value and met/MISSED.
"""
import argparse
import statistics
import sys
from collections import OrderedDict


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("--title", default="")
    ap.add_argument("--unit", default="schemas")
    ap.add_argument("--at", type=int)
    ap.add_argument("--baseline")
    ap.add_argument("--rate", action="store_true")
    ap.add_argument("--check", action="append", default=[])
    a = ap.parse_args()

    groups = OrderedDict()  # (tool, n) -> rows, in first-seen order
    for line in open(a.tsv):
        c = line.rstrip("\n").split("\t")
        if len(c) < 8:
            continue
        groups.setdefault((c[1], c[2]), []).append(c)

    stats = OrderedDict()
    for (tool, n), rows in groups.items():
        walls = [num(r[4]) for r in rows if num(r[4]) is not None]
        cpus = [num(r[5]) for r in rows if num(r[5]) is not None and num(r[4]) is not None]
        rss = [num(r[6]) for r in rows if num(r[6]) is not None and num(r[4]) is not None]
        ccpu = [num(r[8]) for r in rows if len(r) > 8 and num(r[8]) is not None and num(r[4]) is not None]
        notes = sorted({r[7] for r in rows if r[7]})
        nn = num(n) or 0
        s = {"tool": tool, "n": int(nn), "runs": len(rows), "ok": len(walls), "notes": notes}
        if walls:
            med = statistics.median(walls)
            s.update(med=med, lo=min(walls), hi=max(walls))
            s["cpu"] = statistics.median(cpus) if cpus else None
            s["rss"] = max(rss) / 1024 if rss else None
            s["ccpu"] = statistics.median(ccpu) if ccpu else None
            s["at"] = med * a.at / nn if a.at and nn else med
            s["rate"] = nn / med if med > 0 else None
        stats.setdefault(tool, s)  # first size of a tool is its headline (checks, baseline)
        stats[(tool, n)] = s

    base = stats.get(a.baseline) if a.baseline else None
    out = []
    if a.title:
        out += [f"### {a.title}", ""]
    head = ["tool", a.unit, "runs", "median s", "min–max s", f"ms per {a.unit.rstrip('s')}"]
    if a.at:
        head.append(f"s at {a.at} {a.unit}")
    if a.rate:
        head.append(f"{a.unit}/s")
    if base:
        head.append(f"× {a.baseline}")
    head += ["server CPU s", "client CPU s", "client peak RSS MB", "notes"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + " --- |" * len(head))
    for key, s in stats.items():
        if not isinstance(key, tuple):
            continue
        if "med" not in s:
            cells = [s["tool"], str(s["n"]) if s["n"] else "-", f"0/{s['runs']}"] + ["–"] * (len(head) - 4)
            cells.append("; ".join(s["notes"]))
            out.append("| " + " | ".join(cells) + " |")
            continue
        notes = list(s["notes"])
        cells = [s["tool"], str(s["n"]), f"{s['ok']}/{s['runs']}", f"{s['med']:.3f}",
                 f"{s['lo']:.3f}–{s['hi']:.3f}", f"{1000 * s['med'] / s['n']:.2f}" if s["n"] else "-"]
        if a.at:
            cells.append(f"{s['at']:.2f}")
            if s["n"] and s["n"] != a.at:
                notes.append(f"extrapolated linearly from {s['n']} {a.unit}")
        if a.rate:
            cells.append(f"{s['rate']:.0f}" if s.get("rate") else "-")
        if base:
            if a.rate:
                r = s["rate"] / base["rate"] if base.get("rate") and s.get("rate") else None
            else:
                r = s["at"] / base["at"] if base.get("at") else None
            cells.append(f"{r:.2f}" if r else "-")
        cells.append(f"{s['cpu']:.2f}" if s.get("cpu") is not None else "-")
        cells.append(f"{s['ccpu']:.2f}" if s.get("ccpu") is not None else "-")
        cells.append(f"{s['rss']:.1f}" if s.get("rss") is not None else "-")
        cells.append("; ".join(notes))
        out.append("| " + " | ".join(cells) + " |")

    if a.check:
        out += ["", "Targets:"]
    for spec in a.check:
        kind, ta, tb, x, label = (spec.split("|") + [""] * 5)[:5]
        x = float(x)
        sa, sb = stats.get(ta, {}), stats.get(tb, {})
        val = ok = None
        if kind == "le" and sa.get("at") and sb.get("at"):
            val = sa["at"] / sb["at"]
            ok, txt = val <= x, f"{ta} / {tb} = {val:.2f}× (target ≤ {x:g}×)"
        elif kind == "faster" and sa.get("at") and sb.get("at"):
            val = sb["at"] / sa["at"]
            ok, txt = val >= x, f"{tb} / {ta} = {val:.2f}× (target ≥ {x:g}×)"
        elif kind == "under" and sa.get("med") is not None:
            val = sa["med"]
            ok, txt = val < x, f"{ta}: {val:.3f} s (target < {x:g} s)"
        elif kind == "rate" and sa.get("rate") and sb.get("rate"):
            val = sa["rate"] / sb["rate"]
            ok, txt = val >= x, f"{ta} {sa['rate']:.0f} {a.unit}/s vs {tb} {sb['rate']:.0f} = {val:.2f}× (target ≥ {x:g}×)"
        elif kind in ("flat", "flatvs"):
            # flat: A's cost per unit at each size; flatvs: A's time / B's time at each size
            per = []
            for k, g in stats.items():
                if not (isinstance(k, tuple) and k[0] == ta and g.get("med") and g["n"]):
                    continue
                if kind == "flat":
                    per.append((g["n"], g["med"] / g["n"]))
                elif (stats.get((tb, k[1])) or {}).get("med"):
                    per.append((g["n"], g["med"] / stats[(tb, k[1])]["med"]))
            if len(per) >= 2:
                per.sort()
                val = max(p for _, p in per) / min(p for _, p in per)
                ok = val <= x
                if kind == "flat":
                    txt = (f"{ta}: ms per {a.unit.rstrip('s')} " + ", ".join(f"{1000 * p:.2f} at {n}" for n, p in per)
                           + f"; largest / smallest = {val:.2f} (target ≤ {x:g}: flat)")
                else:
                    txt = (f"{ta} / {tb}: " + ", ".join(f"{p:.2f}× at {n}" for n, p in per)
                           + f"; largest / smallest = {val:.2f} (target ≤ {x:g}: the growth is the server's)")
            else:
                txt = f"{label or spec}: not measured"
        else:
            txt = f"{label or spec}: not measured"
        verdict = "" if ok is None else (" — met" if ok else " — **MISSED**")
        out.append(f"- {label + ': ' if label and val is not None else ''}{txt}{verdict}")
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
