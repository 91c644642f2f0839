# import_alembic.py -- run by `strata import alembic` with the project's own Python, in the folder of
# alembic.ini: argv = [out.json, ini, known revisions comma-separated (the order strata already has)].
# Walks Alembic's revision graph in the order Alembic upgrades it (existing imports first), and renders
# each revision's upgrade and downgrade with Alembic's offline SQL mode (env.py's own offline path), one
# revision at a time starting from the heads before it, so the alembic_version statements are the ones
# Alembic itself would run. Writes {"revisions": [...], "missing": [...]} to out.json.
import io
import os
import json
import sys

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import RevisionStep
from alembic.script import ScriptDirectory

out_path, ini = sys.argv[1], sys.argv[2]
asked = [r for r in sys.argv[3].split(",") if r] if len(sys.argv) > 3 else []
cfg = Config(ini)
script = ScriptDirectory.from_config(cfg)


def downs(rev):
    d = rev.down_revision
    if d is None:
        return []
    return list(d) if isinstance(d, (tuple, list)) else [d]


graph_order = [step.revision.revision for step in script._upgrade_revs("heads", "base")]
present = set(graph_order)
known = [r for r in asked if r in present]
order = known + [r for r in graph_order if r not in set(known)]


def heads_of(revs):
    parents = set()
    for r in revs:
        parents.update(downs(script.get_revision(r)))
    return tuple(r for r in revs if r not in parents)


def strip_tx(sql):
    """env.py's begin_transaction() wraps the offline script in BEGIN/COMMIT: strata runs each migration
    in a transaction of its own, so the outer pair goes."""
    lines = sql.split("\n")
    body = [i for i, l in enumerate(lines) if l.strip()]
    if body and lines[body[0]].strip() == "BEGIN;" and lines[body[-1]].strip() == "COMMIT;":
        lines[body[-1]] = ""
        lines[body[0]] = ""
    return "\n".join(lines).strip("\n") + "\n"


def render(rev, upgrade, start):
    buf = io.StringIO()
    cfg.output_buffer = buf
    target = script.get_revision(rev)

    def fn(heads, context):
        return [RevisionStep(script.revision_map, target, upgrade)]

    with EnvironmentContext(cfg, script, fn=fn, as_sql=True, starting_rev=start or None,
                            destination_rev=rev):
        script.run_env()
    return strip_tx(buf.getvalue())


result = {"revisions": [], "missing": [r for r in asked if r not in present]}
for i, rev in enumerate(order):
    r = script.get_revision(rev)
    entry = {"revision": rev, "down": downs(r), "message": (r.doc or "").strip().split("\n")[0],
             "path": os.path.relpath(r.path) if r.path else None, "up": None, "down_sql": None, "error": None}
    try:
        entry["up"] = render(rev, True, heads_of(order[:i]))
        entry["down_sql"] = render(rev, False, heads_of(order[:i + 1]))
    except Exception as e:  # reported by strata with the revision named
        entry["error"] = "%s: %s" % (type(e).__name__, e)
    result["revisions"].append(entry)
with open(out_path, "w") as f:
    json.dump(result, f)
