# import_django.py -- run by `strata import django` with the project's own Python, in the project folder
# (where manage.py is): argv = [out.json, known migrations "app.name,..." (the order strata already has)].
# The environment carries DJANGO_SETTINGS_MODULE and the scratch database strata made for the import
# (STRATA_SCRATCH_NAME, _HOST, _PORT, _USER, _PASSWORD): the project's DATABASES['default'] is pointed
# there, so nothing touches the project's own database.
#
# It lists the migration plan as `manage.py showmigrations --plan` does (migrations already imported
# first, in their order), and for each migration renders its SQL as `manage.py sqlmigrate` does, in the
# public schema for SHARED_APPS and in a template tenant schema for TENANT_APPS (django-tenants'
# conventions: connection.set_schema()), then runs that SQL in the scratch database so that the next
# migration's SQL is rendered against the state it will meet. Operations without SQL (RunPython, RunSQL
# noop) are listed, not run. Writes one JSON document to out.json.
import json
import os
import re
import sys
import traceback

out_path = sys.argv[1]
asked = [k for k in sys.argv[2].split(",") if k] if len(sys.argv) > 2 else []
sys.path.insert(0, os.getcwd())
TEMPLATE = "strata_import_tenant"


def fail(msg):
    with open(out_path, "w") as f:
        json.dump({"error": msg}, f)
    sys.exit(0)


if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    try:
        m = re.search(r"""DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]""", open("manage.py").read())
    except OSError:
        m = None
    if not m:
        fail("no DJANGO_SETTINGS_MODULE: give --settings MODULE")
    os.environ["DJANGO_SETTINGS_MODULE"] = m.group(1)

try:
    import django
    from django.conf import settings

    db = settings.DATABASES["default"]
    for key in ("NAME", "HOST", "PORT", "USER", "PASSWORD"):
        v = os.environ.get("STRATA_SCRATCH_" + key)
        if v is not None:
            db[key] = v
    django.setup()
except Exception as e:
    fail("could not set up Django (%s): %s" % (os.environ["DJANGO_SETTINGS_MODULE"], e))

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations import operations as ops  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402

shared_apps = list(getattr(settings, "SHARED_APPS", []) or [])
tenant_apps = list(getattr(settings, "TENANT_APPS", []) or [])
tenants = bool(tenant_apps)
public = getattr(settings, "PUBLIC_SCHEMA_NAME", "public")
can_switch = hasattr(connection, "set_schema")


def use_schema(name):
    if can_switch:
        if name == public and hasattr(connection, "set_schema_to_public"):
            connection.set_schema_to_public()
        else:
            connection.set_schema(name)
    with connection.cursor() as c:  # also without a switching backend: the scratch session's path
        path = [name] if name == public else [name, public]
        c.execute("SELECT set_config('search_path', %s, false)", [", ".join('"%s"' % p for p in path)])


def rel(path):
    return os.path.relpath(path) if path else None


def scope_of(app_config):
    if not tenants:
        return "shared"
    s, t = app_config.name in shared_apps, app_config.name in tenant_apps
    return "both" if s and t else "shared" if s else "tenant" if t else "none"


def without_sql(operations):
    """RunPython and RunSQL noop operations, also inside SeparateDatabaseAndState."""
    found = []
    for op in operations:
        if isinstance(op, ops.SeparateDatabaseAndState):
            found += without_sql(op.database_operations)
        elif isinstance(op, ops.RunPython):
            code = getattr(op.code, "__name__", "code")
            found.append(("python", "RunPython(%s)" % code))
        elif isinstance(op, ops.RunSQL) and op.sql in ("", None, ops.RunSQL.noop):
            found.append(("noop", "RunSQL(noop)"))
    return found


def recorder_ddl():
    with connection.schema_editor(collect_sql=True, atomic=False) as se:
        se.create_model(MigrationRecorder.Migration)
    return se.collected_sql + list(se.deferred_sql)


def run_sql(statements):
    with connection.cursor() as c:
        for s in statements:
            if s.strip() and not s.lstrip().startswith("--"):
                c.execute(s)


try:
    with connection.cursor() as c:
        c.execute('CREATE SCHEMA IF NOT EXISTS "%s"' % TEMPLATE)
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    graph = loader.graph
    plan = []  # as `showmigrations --plan`: every leaf's forwards plan, first appearance wins
    seen = set()
    for target in graph.leaf_nodes():
        for node in graph.forwards_plan(target):
            if node not in seen:
                plan.append(node)
                seen.add(node)
except Exception as e:
    fail("could not load the migrations: %s" % e)

present = {"%s.%s" % n: n for n in plan}
known = [present[k] for k in asked if k in present]
order = known + [n for n in plan if n not in set(known)]
result = {
    "tenants": tenants,
    "public_schema": public,
    "template_schema": TEMPLATE,
    "can_switch": can_switch,
    "recorder_ddl": [],
    "tenant_table": None,
    "missing": [k for k in asked if k not in present],
    "migrations": [],
}
try:
    result["recorder_ddl"] = recorder_ddl()
    model = getattr(settings, "TENANT_MODEL", None)
    if tenants and model:
        result["tenant_table"] = apps.get_model(model)._meta.db_table
except Exception as e:
    fail("could not render django_migrations: %s" % e)

for key in order:
    mig = graph.nodes[key]
    app_config = apps.get_app_config(key[0])
    entry = {
        "app": key[0],
        "name": key[1],
        "app_name": app_config.name,
        "path": rel(getattr(sys.modules.get(mig.__module__), "__file__", None)),
        "scope": scope_of(app_config),
        "dependencies": sorted("%s.%s" % p.key for p in graph.node_map[key].parents),
        "replaces": ["%s.%s" % r for r in (mig.replaces or [])],
        "atomic": bool(mig.atomic),
        "without_sql": [d for _, d in without_sql(mig.operations)],
        "shared_sql": None,
        "tenant_sql": None,
        "error": None,
    }
    sides = {"shared": [public], "tenant": [TEMPLATE], "both": [public, TEMPLATE], "none": []}[entry["scope"]]
    try:
        for schema in sides:
            use_schema(schema)
            sql = loader.collect_sql([(mig, False)])
            entry["tenant_sql" if schema == TEMPLATE else "shared_sql"] = sql
            run_sql(sql)
        use_schema(public)
    except Exception as e:
        entry["error"] = "%s: %s" % (type(e).__name__, e)
        entry["traceback"] = traceback.format_exc(limit=3)
        result["migrations"].append(entry)
        break
    result["migrations"].append(entry)

with open(out_path, "w") as f:
    json.dump(result, f)
