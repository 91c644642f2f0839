#!/usr/bin/env python3
"""gen.py — random valid PostgreSQL 15 DDL histories for the differential fuzzer (tests/fuzz-diff/run).

gen_case(rng, schema) returns a list of statements: the first two create the case's own schema and set
search_path; every later statement is valid given what the generator tracks as existing (tables, columns,
constraints, indexes, views, sequences, enums, domains, functions, triggers, policies, partitions,
inheritance children). python3 stdlib only; deterministic for a given random.Random seed.
"""
import random
import sys

TYPES = ["int", "bigint", "text", "varchar(20)", "numeric(10,2)", "boolean", "date", "timestamptz",
         "jsonb", "uuid", "int[]", "smallint"]
DEFAULTS = {"int": ["0", "42", "-1"], "bigint": ["0", "7"], "smallint": ["1"], "text": ["'x'", "''", "'a' || 'b'"],
            "varchar(20)": ["'v'"], "numeric(10,2)": ["1.5", "0"], "boolean": ["true", "false"],
            "date": ["CURRENT_DATE", "'2020-01-01'"], "timestamptz": ["now()", "CURRENT_TIMESTAMP"],
            "jsonb": ["'{}'", "'[]'::jsonb"], "uuid": ["'00000000-0000-0000-0000-000000000000'"],
            "int[]": ["'{}'", "ARRAY[1,2]"], "varchar(200)": ["'w'"], "numeric(12,2)": ["2.25"]}
INTISH = ("int", "bigint", "smallint")


class Case:
    def __init__(self, rng, schema="c0001"):
        self.r = rng
        self.schema = schema
        self.n = 0
        self.out = []
        self.tables = {}    # name -> dict(cols={name:type}, pk=col|None, nn=set, kind, children=[], deps=set, gen={col:src}, key=set, rls=bool, fkref=set)
        self.views = {}     # name -> dict(cols={name:type}, deps=set)
        self.seqs = {}      # name -> users(set of tables)
        self.enums = {}     # name -> list of values
        self.domains = {}   # name -> base
        self.funcs = {}     # name -> users(set)
        self.trigfuncs = []
        self.ovl = {}       # overloaded function name -> {arg type: users(set)}
        self.afuncs = {}    # BEGIN ATOMIC functions / procedures over tables: name -> dict(sig, deps=set(), proc)
        self.domcons = {}   # domain -> list of its named constraints
        self.other = False  # the second schema <schema>o exists (ALTER ... SET SCHEMA)
        self.dropped = []   # (table, column) dropped and not added again (for statements that must fail)

    def name(self, p):
        self.n += 1
        return "%s%d" % (p, self.n)

    def emit(self, s):
        self.out.append(s)

    # ---- helpers
    def coltype(self):
        r = self.r
        x = r.random()
        if x < 0.1 and self.enums:
            return r.choice(sorted(self.enums))
        if x < 0.18 and self.domains:
            return r.choice(sorted(self.domains))
        return r.choice(TYPES)

    def default_for(self, t):
        if t in self.enums:
            return "'%s'" % self.r.choice(self.enums[t])
        if t not in DEFAULTS:  # domains, types moved to the other schema, ranges
            return None
        return self.r.choice(DEFAULTS[t])

    def coldef(self, c, t, tab):
        r = self.r
        parts = ['%s %s' % (c, t)]
        if r.random() < 0.3:
            d = self.default_for(t)
            if d:
                parts.append("DEFAULT " + d)
        if t in INTISH and r.random() < 0.1 and self.seqs:
            s = r.choice(sorted(self.seqs))
            parts = ['%s %s' % (c, t), "DEFAULT nextval('%s')" % s]
            self.seqs[s].add(tab)
        if r.random() < 0.25:
            parts.append("NOT NULL")
            self.tables[tab]["nn"].add(c)
        if t in INTISH and r.random() < 0.2:
            parts.append("CHECK (%s > -100)" % c)
        if t == "text" and r.random() < 0.1:
            parts.append("CHECK (length(%s) < 100)" % c)
        return " ".join(parts)

    def newtab(self, kind="plain"):
        return dict(cols={}, pk=None, nn=set(), kind=kind, children=[], deps=set(), gen={}, key=set(),
                    rls=False, fkref=set(), parent=None)

    def live_tables(self, kinds=("plain",)):
        return sorted(t for t, d in self.tables.items() if d["kind"] in kinds)

    # ---- statements
    def create_table(self):
        r = self.r
        t = self.name("t")
        self.tables[t] = tab = self.newtab()
        defs = []
        if r.random() < 0.7:
            pk = self.name("id")
            defs.append("%s int PRIMARY KEY" % pk if r.random() < 0.5 else
                        "%s int GENERATED ALWAYS AS IDENTITY PRIMARY KEY" % pk if r.random() < 0.5 else
                        "%s bigserial PRIMARY KEY" % pk)
            tab["cols"][pk] = "bigint" if "bigserial" in defs[-1] else "int"
            tab["pk"] = pk
            tab["nn"].add(pk)
            tab["key"].add(pk)
        for _ in range(r.randint(1, 5)):
            c = self.name("a")
            ty = self.coltype()
            tab["cols"][c] = ty
            defs.append(self.coldef(c, ty, t))
        ints = [c for c, ty in tab["cols"].items() if ty == "int" and c != tab["pk"]]
        if ints and r.random() < 0.3:
            c = r.choice(ints)
            src = self.name("g")
            defs.append("%s int GENERATED ALWAYS AS (%s * 2) STORED" % (src, c))
            tab["cols"][src] = "int"
            tab["gen"][src] = c
        if ints and r.random() < 0.3:
            c = r.choice(ints)
            defs.append("UNIQUE (%s)" % c)
            tab["key"].add(c)
        refs = [x for x in self.live_tables() if self.tables[x]["pk"] and self.tables[x]["cols"][self.tables[x]["pk"]] == "int"]
        if refs and r.random() < 0.35:
            rt = r.choice(refs)
            c = self.name("fk")
            act = r.choice(["", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON UPDATE RESTRICT"])
            defs.append("%s int REFERENCES %s%s" % (c, rt, act))
            tab["cols"][c] = "int"
            tab["key"].add(c)
            self.tables[rt]["fkref"].add(t)
        if len(tab["cols"]) >= 2 and r.random() < 0.2:
            cs = [c for c, ty in tab["cols"].items() if ty in INTISH]
            if len(cs) >= 2:
                defs.append("CONSTRAINT %s CHECK (%s <> %s)" % (self.name("ck"), cs[0], cs[1]))
        self.emit("CREATE TABLE %s (%s);" % (t, ", ".join(defs)))

    def create_partitioned(self):
        r = self.r
        p = self.name("p")
        tab = self.tables[p] = self.newtab("partitioned")
        k = self.name("k")
        v = self.name("a")
        tab["cols"] = {k: "int", v: "text"}
        tab["key"].add(k)
        if r.random() < 0.5:
            self.emit("CREATE TABLE %s (%s int NOT NULL, %s text, PRIMARY KEY (%s)) PARTITION BY RANGE (%s);" % (p, k, v, k, k))
            tab["nn"].add(k)
            lo = 0
            for _ in range(r.randint(1, 3)):
                c = self.name("%s_" % p)
                self.emit("CREATE TABLE %s PARTITION OF %s FOR VALUES FROM (%d) TO (%d);" % (c, p, lo, lo + 100))
                lo += 100
                self.add_child(p, c, "partition")
        else:
            self.emit("CREATE TABLE %s (%s int, %s text) PARTITION BY LIST (%s);" % (p, k, v, k))
            for i in range(r.randint(1, 3)):
                c = self.name("%s_" % p)
                self.emit("CREATE TABLE %s PARTITION OF %s FOR VALUES IN (%d, %d);" % (c, p, 2 * i, 2 * i + 1))
                self.add_child(p, c, "partition")
            tab["list"] = 1
            if r.random() < 0.5:
                c = self.name("%s_" % p)
                self.emit("CREATE TABLE %s PARTITION OF %s DEFAULT;" % (c, p))
                self.add_child(p, c, "partition")

    def add_child(self, parent, child, kind):
        pt = self.tables[parent]
        ct = self.tables[child] = self.newtab(kind)
        ct["cols"] = dict(pt["cols"])
        ct["nn"] = set(pt["nn"])
        ct["key"] = set(pt["cols"])  # inherited columns: never dropped/retyped on the child
        ct["parent"] = parent
        pt["children"].append(child)
        pt["deps"].add(child)
        return ct

    def create_child(self):
        ts = [t for t in self.live_tables() if not self.tables[t]["gen"]]
        if not ts:
            return self.create_table()
        par = self.r.choice(ts)
        c = self.name("ch")
        x = self.name("a")
        self.emit("CREATE TABLE %s (%s text) INHERITS (%s);" % (c, x, par))
        ct = self.add_child(par, c, "child")
        ct["cols"][x] = "text"

    def all_children(self, t):
        out = []
        for c in self.tables[t]["children"]:
            if c in self.tables:
                out.append(c)
                out += self.all_children(c)
        return out

    def add_column(self):
        ts = self.live_tables(("plain", "partitioned"))
        if not ts:
            return self.create_table()
        r = self.r
        t = r.choice(ts)
        cmds = []
        added = set()  # DROP NOT NULL runs in an earlier pass than ADD COLUMN: never on a column added here
        for _ in range(r.randint(1, 3)):
            kind = r.random()
            tab = self.tables[t]
            if kind < 0.5 or not tab["cols"]:
                c = self.name("a")
                ty = self.coltype()
                d = ""
                if r.random() < 0.4 and self.default_for(ty):
                    d = " DEFAULT " + self.default_for(ty)
                cmds.append("ADD COLUMN %s %s%s" % (c, ty, d))
                added.add(c)
                for x in [t] + self.all_children(t):
                    self.tables[x]["cols"][c] = ty
                    if x != t:
                        self.tables[x]["key"].add(c)
            elif kind < 0.7:
                c = r.choice(sorted(tab["cols"]))
                ty = tab["cols"][c]
                d = self.default_for(ty)
                if d and c not in tab["gen"] and c != tab["pk"] and c not in tab.get("ident", ()):
                    cmds.append("ALTER COLUMN %s SET DEFAULT %s" % (c, d))
            elif kind < 0.85:
                cs = [c for c in tab["cols"] if c not in tab["nn"] and c not in tab["gen"]]
                if cs and tab["kind"] == "plain":
                    c = r.choice(sorted(cs))
                    cmds.append("ALTER COLUMN %s SET NOT NULL" % c)
                    tab["nn"].add(c)
            else:
                cs = [c for c in tab["nn"] if c != tab["pk"] and c not in tab["key"] and c not in added]
                if cs and tab["kind"] == "plain" and not tab["children"]:
                    c = r.choice(sorted(cs))
                    cmds.append("ALTER COLUMN %s DROP NOT NULL" % c)
                    tab["nn"].discard(c)
        if cmds:
            self.emit("ALTER TABLE %s %s;" % (t, ", ".join(cmds)))

    def used_cols(self, t):
        tab = self.tables[t]
        return set(tab["gen"].values()) | set(tab["gen"]) | tab["key"] | ({tab["pk"]} if tab["pk"] else set())

    def drop_column(self):
        ts = [t for t in self.live_tables(("plain", "partitioned")) if len(self.tables[t]["cols"]) > 2]
        if not ts:
            return self.add_column()
        t = self.r.choice(ts)
        tab = self.tables[t]
        cs = sorted(set(tab["cols"]) - self.used_cols(t))
        if not cs:
            return
        c = self.r.choice(cs)
        users = [d for x in [t] + self.all_children(t) for d in self.tables[x]["deps"]
                 if d in self.views and (x, c) in self.views[d]["uses"]]
        if users or self.r.random() < 0.2:
            self.emit("ALTER TABLE %s DROP COLUMN %s CASCADE;" % (t, c))
            for d in users:
                if d in self.views:
                    self.drop_obj(d)
        else:
            self.emit("ALTER TABLE %s DROP COLUMN %s;" % (t, c))
        for x in [t] + self.all_children(t):
            if x in self.tables:
                self.tables[x]["cols"].pop(c, None)
                self.tables[x]["nn"].discard(c)
        self.dropped.append((t, c))

    def drop_obj(self, o):
        """forget o and everything that depends on it (conservative)"""
        for coll in (self.tables, self.views, self.afuncs):
            if o in coll:
                d = coll.pop(o)
                for x in list(d["deps"]):
                    self.drop_obj(x)
        for s in self.seqs.values():
            s.discard(o)
        for f in self.funcs.values():
            f.discard(o)
        for ov in self.ovl.values():
            for users in ov.values():
                users.discard(o)
        for tab in list(self.tables.values()) + list(self.views.values()) + list(self.afuncs.values()):
            tab["deps"].discard(o)
            tab.get("fkref", set()).discard(o)

    def rename(self):
        r = self.r
        ts = self.live_tables(("plain", "partitioned", "child"))
        if not ts:
            return self.create_table()
        t = r.choice(ts)
        tab = self.tables[t]
        for v in self.views.values():
            v["q"] = None  # the stored query text names the old names: never replayed after a rename
        if r.random() < 0.4:
            n = self.name("r")
            self.emit("ALTER TABLE %s RENAME TO %s;" % (t, n))
            self.tables[n] = self.tables.pop(t)
            self.rename_ref(t, n)
            for o in list(self.tables.values()):
                o["deps"] = {n if x == t else x for x in o["deps"]}
                o["fkref"] = {n if x == t else x for x in o["fkref"]}
                o["children"] = [n if x == t else x for x in o["children"]]
                if o["parent"] == t:
                    o["parent"] = n
            for v in self.views.values():
                v["deps"] = {n if x == t else x for x in v["deps"]}
            for s in self.seqs.values():
                if t in s:
                    s.discard(t)
                    s.add(n)
        else:
            own = sorted(c for c in tab["cols"] if not (tab["kind"] in ("child", "partition") and c in tab["key"] and self.tables.get(tab["parent"] or "", {}).get("cols", {}).get(c)))
            if tab["kind"] == "partition" or not own:
                return
            c = r.choice(own)
            n = self.name("rc")
            self.emit("ALTER TABLE %s RENAME COLUMN %s TO %s;" % (t, c, n))
            for x in [t] + self.all_children(t):
                xt = self.tables[x]
                if c in xt["cols"]:
                    xt["cols"][n] = xt["cols"].pop(c)
                    for s in ("nn", "key", "ident"):
                        if c in xt.setdefault(s, set()):
                            xt[s].discard(c)
                            xt[s].add(n)
                    if xt["pk"] == c:
                        xt["pk"] = n
                    for d in xt["deps"]:
                        if d in self.views and (x, c) in self.views[d]["uses"]:
                            self.views[d]["uses"].discard((x, c))
                            self.views[d]["uses"].add((x, n))
                    xt["gen"] = {(n if k == c else k): (n if v == c else v) for k, v in xt["gen"].items()}

    def alter_type(self):
        ts = [t for t in self.live_tables(("plain",)) if not self.tables[t]["deps"] and not self.tables[t]["rls"]]
        if not ts:
            return self.add_column()
        t = self.r.choice(ts)
        tab = self.tables[t]
        cs = sorted(c for c, ty in tab["cols"].items() if ty in ("int", "smallint", "varchar(20)", "text", "numeric(10,2)") and c not in self.used_cols(t))
        if not cs:
            return
        c = self.r.choice(cs)
        ty = tab["cols"][c]
        nt = {"int": "bigint", "smallint": "int", "varchar(20)": "text", "text": "varchar(200)", "numeric(10,2)": "numeric(12,2)"}[ty]
        using = " USING %s::%s" % (c, nt) if self.r.random() < 0.3 else ""
        self.emit("ALTER TABLE %s ALTER COLUMN %s TYPE %s%s;" % (t, c, nt, using))
        tab["cols"][c] = nt

    def create_index(self):
        ts = self.live_tables(("plain", "partitioned"))
        if not ts:
            return self.create_table()
        r = self.r
        t = r.choice(ts)
        tab = self.tables[t]
        i = self.name("i")
        cs = sorted(tab["cols"])
        if not cs:  # DROP TYPE ... CASCADE can leave a table without columns
            return
        if tab["kind"] == "partitioned":
            self.emit("CREATE INDEX %s ON %s (%s);" % (i, t, r.choice(cs)))
            return
        txt = [c for c in cs if tab["cols"][c] == "text"]
        ints = [c for c in cs if tab["cols"][c] in INTISH]
        x = r.random()
        if x < 0.25 and txt:
            self.emit("CREATE INDEX %s ON %s (lower(%s));" % (i, t, r.choice(txt)))
        elif x < 0.5 and ints:
            c = r.choice(ints)
            self.emit("CREATE INDEX %s ON %s (%s) WHERE %s > 0;" % (i, t, c, c))
        elif x < 0.6 and ints:
            self.emit("CREATE UNIQUE INDEX %s ON %s (%s DESC NULLS LAST);" % (i, t, r.choice(ints)))
        elif x < 0.7 and self.funcs and [c for c in ints if tab["cols"][c] in ("int", "smallint")]:
            f = r.choice(sorted(self.funcs))
            self.emit("CREATE INDEX %s ON %s (%s(%s));" % (i, t, f, r.choice([c for c in ints if tab["cols"][c] in ("int", "smallint")])))
            self.funcs[f].add(t)
        else:
            k = [c for c in cs if tab["cols"][c] not in ("jsonb", "int[]")] or cs
            pick = r.sample(k, min(len(k), r.randint(1, 2)))
            self.emit("CREATE INDEX %s ON %s (%s);" % (i, t, ", ".join(pick)))

    def create_view(self):
        r = self.r
        srcs = [(t, self.tables[t]["cols"]) for t in self.live_tables(("plain", "partitioned", "child"))]
        srcs += [(v, self.views[v]["cols"]) for v in sorted(self.views)]
        srcs = [s for s in srcs if s[1]]
        if not srcs:
            return self.create_table()
        s, cols = r.choice(srcs)
        v = self.name("v")
        cs = sorted(cols)
        pick = r.sample(cs, r.randint(1, len(cs)))
        ints = [c for c in pick if cols[c] in INTISH]
        where = ""
        if ints and r.random() < 0.5:
            c = r.choice(ints)
            where = r.choice([" WHERE %s > 1" % c, " WHERE %s BETWEEN 1 AND 10" % c, " WHERE %s IN (1, 2)" % c,
                              " WHERE %s IS NOT NULL" % c])
        sel = ", ".join(pick)
        vcols = {c: cols[c] for c in pick}
        x = r.random()
        if x < 0.15:
            sel = "*"
            vcols = dict(cols)
        elif x < 0.25 and ints:
            c = r.choice(ints)
            sel += ", %s + 1 AS %s" % (c, self.name("e"))
            vcols[sel.rsplit(" ", 1)[1]] = "int"
        elif x < 0.3 and self.funcs and [c for c in ints if cols[c] in ("int", "smallint")]:
            ints = [c for c in ints if cols[c] in ("int", "smallint")]
            f = r.choice(sorted(self.funcs))
            e = self.name("e")
            sel += ", %s(%s) AS %s" % (f, r.choice(ints), e)
            vcols[e] = "int"
            self.funcs[f].add(v)
        q = "SELECT %s FROM %s%s" % (sel, s, where)
        if r.random() < 0.1 and sel != "*":
            q = "%s UNION ALL %s" % (q, q)
        opt = r.choice(["", "", "", " WITH (security_barrier)", " WITH (security_invoker = true)"])
        chk = " WITH CASCADED CHECK OPTION" if r.random() < 0.1 and s in self.tables and "UNION" not in q and "+" not in sel and "(" not in sel else ""
        self.emit("CREATE VIEW %s%s AS %s%s;" % (v, opt, q, chk))
        uses = {(s, c) for c in (set(cols) if sel == "*" else set(pick) | set(c for c in ints if c in where))}
        self.views[v] = dict(cols=vcols, deps=set(), uses=uses)
        (self.tables.get(s) or self.views[s])["deps"].add(v)

    def create_seq(self):
        s = self.name("s")
        opts = self.r.choice(["", " START 10", " INCREMENT BY 5", " AS int MINVALUE 1 MAXVALUE 1000", " CACHE 3"])
        self.emit("CREATE SEQUENCE %s%s;" % (s, opts))
        self.seqs[s] = set()
        if self.r.random() < 0.3:
            self.emit("ALTER SEQUENCE %s RESTART WITH 50;" % s)

    def create_enum(self):
        e = self.name("e")
        vals = ["l%d" % i for i in range(self.r.randint(1, 4))]
        self.emit("CREATE TYPE %s AS ENUM (%s);" % (e, ", ".join("'%s'" % v for v in vals)))
        self.enums[e] = vals

    def alter_enum(self):
        if not self.enums:
            return self.create_enum()
        e = self.r.choice(sorted(self.enums))
        vals = self.enums[e]
        if self.r.random() < 0.5:
            nv = self.name("n")
            pos = ""
            if self.r.random() < 0.5:
                pos = " BEFORE '%s'" % self.r.choice(vals)
            self.emit("ALTER TYPE %s ADD VALUE '%s'%s;" % (e, nv, pos))
            # a value added in this transaction cannot be used in it: not tracked as usable
        else:
            old = self.r.choice(vals)
            nv = self.name("m")
            self.emit("ALTER TYPE %s RENAME VALUE '%s' TO '%s';" % (e, old, nv))
            vals[vals.index(old)] = nv

    def create_domain(self):
        d = self.name("d")
        base = self.r.choice(["int", "text", "numeric(10,2)"])
        chk = {"int": "CHECK (VALUE > 0)", "text": "CHECK (VALUE <> '')", "numeric(10,2)": "CHECK (VALUE >= 0)"}[base]
        nn = " NOT NULL" if self.r.random() < 0.2 else ""
        if self.r.random() < 0.3:
            nn = " DEFAULT %s" % {"int": "5", "text": "'z'", "numeric(10,2)": "1.25"}[base] + nn
        self.emit("CREATE DOMAIN %s AS %s%s %s;" % (d, base, nn, chk))
        self.domains[d] = base
        if self.r.random() < 0.3:
            self.emit("ALTER DOMAIN %s ADD CONSTRAINT %s CHECK (VALUE IS NOT NULL);" % (d, self.name("dc")))

    def create_func(self):
        f = self.name("f")
        body = self.r.choice(["SELECT x + 1", "SELECT x * 2", "SELECT abs(x)", "SELECT coalesce(x, 0)"])
        self.emit("CREATE FUNCTION %s(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ %s $$;" % (f, body))
        self.funcs[f] = set()

    def create_trigger(self):
        ts = self.live_tables(("plain",))
        if not ts:
            return self.create_table()
        if not self.trigfuncs or self.r.random() < 0.3:
            f = self.name("tf")
            self.emit("CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;" % f)
            self.trigfuncs.append(f)
        f = self.r.choice(self.trigfuncs)
        t = self.r.choice(ts)
        when = self.r.choice(["BEFORE INSERT", "BEFORE INSERT OR UPDATE", "AFTER DELETE", "BEFORE UPDATE"])
        self.emit("CREATE TRIGGER %s %s ON %s FOR EACH ROW EXECUTE FUNCTION %s();" % (self.name("tg"), when, t, f))

    def create_policy(self):
        ts = self.live_tables(("plain",))
        if not ts:
            return self.create_table()
        t = self.r.choice(ts)
        tab = self.tables[t]
        if not tab["rls"]:
            self.emit("ALTER TABLE %s ENABLE ROW LEVEL SECURITY;" % t)
            tab["rls"] = True
        ints = sorted(c for c, ty in tab["cols"].items() if ty in INTISH)
        cond = "%s > 0" % self.r.choice(ints) if ints else "true"
        cmd = self.r.choice(["", " FOR SELECT", " FOR UPDATE", " FOR ALL"])
        self.emit("CREATE POLICY %s ON %s%s USING (%s);" % (self.name("po"), t, cmd, cond))
        for c in ints:
            tab["key"].add(c)

    def ctas(self):
        ts = [t for t in self.live_tables(("plain",)) if self.tables[t]["cols"]]
        if not ts:
            return self.create_table()
        s = self.r.choice(ts)
        cols = self.tables[s]["cols"]
        pick = self.r.sample(sorted(cols), self.r.randint(1, len(cols)))
        t = self.name("x")
        if self.r.random() < 0.3:
            self.emit("SELECT %s INTO %s FROM %s;" % (", ".join(pick), t, s))
        else:
            self.emit("CREATE TABLE %s AS SELECT %s FROM %s%s;" % (t, ", ".join(pick), s, self.r.choice(["", " WITH NO DATA"])))
        tab = self.tables[t] = self.newtab()
        tab["cols"] = {c: ("bigint" if cols[c] == "bigserial" else cols[c]) for c in pick}

    def drop(self):
        r = self.r
        x = r.random()
        if x < 0.4 and self.views:
            v = r.choice(sorted(self.views))
            if self.views[v]["deps"]:
                self.emit("DROP %s %s CASCADE;" % (self.view_kw(v), v))
            else:
                self.emit("DROP %s %s;" % (self.view_kw(v), v))
            self.drop_obj(v)
            return
        if x < 0.8:
            ts = self.live_tables(("plain", "partitioned", "child"))
            if not ts:
                return
            t = r.choice(ts)
            tab = self.tables[t]
            used = tab["deps"] or tab["fkref"]
            self.emit("DROP TABLE %s%s;" % (t, " CASCADE" if used else ""))
            self.drop_obj(t)
            return
        if self.seqs:
            s = r.choice(sorted(self.seqs))
            if self.seqs[s]:
                self.emit("DROP SEQUENCE %s CASCADE;" % s)
            else:
                self.emit("DROP SEQUENCE %s;" % s)
            del self.seqs[s]

    # ---- more statement kinds
    def rename_ref(self, old, new):
        for v in self.views.values():
            v["uses"] = {((new if a == old else a), c) for a, c in v["uses"]}
        for o in list(self.tables.values()) + list(self.views.values()):
            o["deps"] = {new if x == old else x for x in o["deps"]}
        for coll in (self.seqs, self.funcs):
            for users in coll.values():
                if old in users:
                    users.discard(old)
                    users.add(new)

    def int_expr(self, c, owner):
        r = self.r
        fs = sorted(self.funcs)
        forms = ["%s BETWEEN 1 AND 100" % c, "%s IN (1)" % c, "%s IN (1, 2, 3)" % c, "coalesce(%s, 0) >= 0" % c,
                 "NOT (%s < -5)" % c, "(%s > 0 OR %s IS NULL)" % (c, c), "%s <> ALL (ARRAY[-1, -2])" % c,
                 "CASE WHEN %s > 0 THEN true ELSE %s IS NULL END" % (c, c), "%s::text <> ''" % c]
        if fs:
            f = r.choice(fs)
            self.funcs[f].add(owner)
            forms.append("%s(%s) > -1000" % (f, c))
        return r.choice(forms)

    def add_constraint(self):
        ts = self.live_tables(("plain", "partitioned"))
        if not ts:
            return self.create_table()
        r = self.r
        t = r.choice(ts)
        tab = self.tables[t]
        tab.setdefault("cons", [])
        ints = sorted(c for c, ty in tab["cols"].items() if ty in ("int", "smallint"))
        x = r.random()
        if x < 0.5 and ints:
            c = r.choice(ints)
            k = self.name("ck")
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s);" % (t, k, self.int_expr(c, t)))
            tab["cons"].append(k)
            tab["key"].add(c)
        elif x < 0.65 and ints and tab["kind"] == "plain":
            c = r.choice(ints)
            k = self.name("uq")
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s UNIQUE (%s);" % (t, k, c))
            tab["key"].add(c)
        elif x < 0.8 and tab["cons"]:
            k = r.choice(tab["cons"])
            if r.random() < 0.5:
                self.emit("ALTER TABLE %s DROP CONSTRAINT %s;" % (t, k))
                tab["cons"].remove(k)
            else:
                n = self.name("ck")
                self.emit("ALTER TABLE %s RENAME CONSTRAINT %s TO %s;" % (t, k, n))
                tab["cons"][tab["cons"].index(k)] = n
        elif ints and tab["kind"] == "plain":
            refs = [y for y in self.live_tables() if self.tables[y]["pk"] and self.tables[y]["cols"][self.tables[y]["pk"]] == "int"]
            if refs:
                rt = r.choice(refs)
                c = r.choice(ints)
                self.emit("ALTER TABLE %s ADD FOREIGN KEY (%s) REFERENCES %s%s;" % (t, c, rt, r.choice(["", " ON DELETE CASCADE", " NOT VALID"])))
                tab["key"].add(c)
                self.tables[rt]["fkref"].add(t)

    def rich_view(self):
        r = self.r
        ts = [t for t in self.live_tables(("plain", "partitioned", "child")) if self.tables[t]["cols"]]
        if not ts:
            return self.create_table()
        a = r.choice(ts)
        ac = self.tables[a]["cols"]
        v = self.name("v")
        sel, uses, vcols = [], set(), {}
        srcs = [a]
        x = r.random()
        ints = sorted(c for c, ty in ac.items() if ty in INTISH)
        txt = sorted(c for c, ty in ac.items() if ty == "text")
        ens = sorted(c for c, ty in ac.items() if ty in self.enums and self.enums[ty])
        frm = "%s x" % a
        where = ""
        if x < 0.3 and ints:
            c = r.choice(ints)
            e1, e2 = self.name("e"), self.name("e")
            sel = ["count(*) AS %s" % e1, "max(x.%s) AS %s" % (c, e2)]
            vcols = {e1: "bigint", e2: ac[c]}
            uses.add((a, c))
            if txt:
                g = r.choice(txt)
                sel.insert(0, "x.%s" % g)
                vcols[g] = "text"
                uses.add((a, g))
                where = " GROUP BY x.%s" % g
                if r.random() < 0.5:
                    where += " HAVING count(*) > 1"
        else:
            for c in r.sample(sorted(ac), r.randint(1, len(ac))):
                e = self.name("e")
                ty = ac[c]
                if ty in INTISH and r.random() < 0.5:
                    sel.append(r.choice(["CASE WHEN x.%s > 0 THEN 'p' ELSE 'n' END AS %s", "coalesce(x.%s, 0) AS %s",
                                         "x.%s::text AS %s", "(x.%s + 1) * 2 AS %s"]) % (c, e))
                    vcols[e] = "text"
                elif ty == "text" and r.random() < 0.5:
                    sel.append(r.choice(["upper(x.%s) AS %s", "x.%s || '-' AS %s", "substr(x.%s, 1, 2) AS %s"]) % (c, e))
                    vcols[e] = "text"
                else:
                    sel.append("x.%s AS %s" % (c, e))
                    vcols[e] = ty
                uses.add((a, c))
            if ens and r.random() < 0.5:
                c = r.choice(ens)
                where = " WHERE x.%s = '%s'" % (c, r.choice(self.enums[ac[c]]))
                uses.add((a, c))
            others = [t for t in ts if t != a and self.tables[t]["pk"]]
            if others and r.random() < 0.4:
                b = r.choice(others)
                bt = self.tables[b]
                j = r.choice(["JOIN", "LEFT JOIN"])
                cond = "y.%s = x.%s" % (bt["pk"], r.choice(ints)) if ints and bt["cols"][bt["pk"]] in INTISH else "true"
                frm += " %s %s y ON %s" % (j, b, cond)
                e = self.name("e")
                sel.append("y.%s AS %s" % (bt["pk"], e))
                vcols[e] = bt["cols"][bt["pk"]]
                uses |= {(b, bt["pk"])} | {(a, i) for i in ints}
                srcs.append(b)
            elif others and r.random() < 0.3:
                b = r.choice(others)
                where += (" AND" if where else " WHERE") + " EXISTS (SELECT 1 FROM %s z WHERE z.%s IS NOT NULL)" % (b, self.tables[b]["pk"])
                uses.add((b, self.tables[b]["pk"]))
                srcs.append(b)
            if r.random() < 0.2:
                where += " ORDER BY 1"
        dist = "DISTINCT " if r.random() < 0.15 else ""
        q = "SELECT %s%s FROM %s%s" % (dist, ", ".join(sel), frm, where)
        self.emit("CREATE VIEW %s AS %s;" % (v, q))
        self.views[v] = dict(cols=vcols, deps=set(), uses=uses, q=q)
        for s_ in srcs:
            self.tables[s_]["deps"].add(v)

    def replace_view(self):
        vs = sorted(v for v in self.views if self.views[v].get("q") and " ORDER BY" not in self.views[v]["q"]
                    and "GROUP BY" not in self.views[v]["q"] and "DISTINCT" not in self.views[v]["q"])
        if not vs:
            return self.rich_view()
        v = self.r.choice(vs)
        e = self.name("e")
        val, ty = self.r.choice([("1", "int"), ("'k'::text", "text"), ("now()", "timestamptz"), ("NULL::int", "int")])
        q = self.views[v]["q"].replace(" FROM ", ", %s AS %s FROM " % (val, e), 1)
        self.emit("CREATE OR REPLACE VIEW %s AS %s;" % (v, q))
        self.views[v]["q"] = q
        self.views[v]["cols"][e] = ty

    def rename_other(self):
        r = self.r
        x = r.random()
        if x < 0.5 and self.views:
            v = r.choice(sorted(self.views))
            n = self.name("rv")
            self.emit("ALTER %s %s RENAME TO %s;" % (self.view_kw(v), v, n))
            self.views[n] = self.views.pop(v)
            self.rename_ref(v, n)
        elif self.seqs:
            s_ = r.choice(sorted(self.seqs))
            n = self.name("rs")
            self.emit("ALTER SEQUENCE %s RENAME TO %s;" % (s_, n))
            self.seqs[n] = self.seqs.pop(s_)

    def comment(self):
        ts = self.live_tables(("plain", "partitioned", "child"))
        if not ts:
            return
        t = self.r.choice(ts)
        cs = sorted(self.tables[t]["cols"])
        if cs and self.r.random() < 0.5:
            self.emit("COMMENT ON COLUMN %s.%s IS 'c %s';" % (t, self.r.choice(cs), self.name("n")))
        else:
            self.emit("COMMENT ON TABLE %s IS 'about %s';" % (t, t))

    def drop_type(self):
        r = self.r
        pool = [(e, "TYPE") for e in sorted(self.enums)] + [(d, "DOMAIN") for d in sorted(self.domains)]
        if not pool:
            return self.create_enum()
        ty, what = r.choice(pool)
        users = [(t, c) for t, tab in self.tables.items() for c, cty in tab["cols"].items() if cty == ty]
        if users:
            self.emit("DROP %s %s CASCADE;" % (what, ty))
            for t, c in users:
                tab = self.tables.get(t)
                if not tab:
                    continue
                tab["cols"].pop(c, None)
                tab["nn"].discard(c)
                for d in list(tab["deps"]):
                    if d in self.views and (t, c) in self.views[d]["uses"]:
                        self.drop_obj(d)
        else:
            self.emit("DROP %s %s;" % (what, ty))
        self.enums.pop(ty, None)
        self.domains.pop(ty, None)

    def temp_table(self):
        self.emit("CREATE TEMP TABLE %s (a int%s);" % (self.name("tmp_%s_" % self.schema), self.r.choice(["", ", b text DEFAULT 'x'"])))

    def attach_detach(self):
        r = self.r
        ps = [p for p in self.live_tables(("partitioned",)) if self.tables[p].get("list")]
        if ps and r.random() < 0.6:
            p = r.choice(ps)
            c = self.name(p + "_")
            i = self.tables[p]["list"]
            self.tables[p]["list"] = i + 1
            self.emit("CREATE TABLE %s (LIKE %s INCLUDING CONSTRAINTS);" % (c, p))
            self.emit("ALTER TABLE %s ATTACH PARTITION %s FOR VALUES IN (%d);" % (p, c, 1000 + i))
            self.add_child(p, c, "partition")
            return
        parts = [c for c in self.live_tables(("partition", "child"))]
        if not parts:
            return self.create_partitioned()
        c = r.choice(parts)
        ct = self.tables[c]
        p = ct["parent"]
        if p not in self.tables:
            return
        if ct["kind"] == "partition":
            self.emit("ALTER TABLE %s DETACH PARTITION %s;" % (p, c))
        else:
            self.emit("ALTER TABLE %s NO INHERIT %s;" % (c, p))
        self.tables[p]["children"].remove(c)
        self.tables[p]["deps"].discard(c)
        ct["kind"] = "plain"
        ct["parent"] = None

    def func_default(self):
        ts = self.live_tables(("plain", "partitioned"))
        if not ts or not self.funcs:
            return self.create_func()
        t = self.r.choice(ts)
        f = self.r.choice(sorted(self.funcs))
        c = self.name("a")
        self.emit("ALTER TABLE %s ADD COLUMN %s int DEFAULT %s(%d);" % (t, c, f, self.r.randint(-3, 9)))
        for x in [t] + self.all_children(t):
            self.tables[x]["cols"][c] = "int"
            self.tables[x]["key"].add(c)
        self.funcs[f].add(t)


    # ---- routines: overloads, BEGIN ATOMIC / RETURN bodies, procedures, DO blocks
    def create_overloads(self):
        f = self.name("ov")
        sigs = {"int": ("int", "SELECT x + 1"), "bigint": ("bigint", "SELECT x * 2"),
                "text": ("text", "SELECT x || '!'"), "numeric": ("numeric", "SELECT x / 2")}
        pick = ["int"] + self.r.sample(["bigint", "text", "numeric"], self.r.randint(1, 3))
        self.ovl[f] = {}
        for a in pick:
            ret, body = sigs[a]
            if self.r.random() < 0.3:
                self.emit("CREATE FUNCTION %s(x %s) RETURNS %s LANGUAGE sql IMMUTABLE RETURN %s;" % (f, a, ret, body[7:]))
            else:
                self.emit("CREATE FUNCTION %s(x %s) RETURNS %s LANGUAGE sql IMMUTABLE AS $$ %s $$;" % (f, a, ret, body))
            self.ovl[f][a] = set()

    def ovl_call(self, owner, cols):
        """an expression calling one overload of a function (by argument type), and its result type"""
        if not self.ovl:
            return None
        f = self.r.choice(sorted(self.ovl))
        opts = []
        for c, ty in sorted(cols.items()):
            if ty in ("int", "bigint", "text") and ty in self.ovl[f]:
                opts.append(("%s(%s)" % (f, c), ty))
        if "int" in self.ovl[f]:
            opts.append(("%s(%d)" % (f, self.r.randint(0, 9)), "int"))
        if "text" in self.ovl[f]:
            opts.append(("%s('a')" % f, "text"))  # unknown literal: the string category wins
        if "numeric" in self.ovl[f]:
            opts.append(("%s(1.5)" % f, "numeric"))
        if "bigint" in self.ovl[f]:
            opts.append(("%s(7::bigint)" % f, "bigint"))
        if not opts:
            return None
        e, a = self.r.choice(opts)
        self.ovl[f][a].add(owner)
        return e, a

    def use_overload(self):
        ts = [t for t in self.live_tables(("plain",)) if self.tables[t]["cols"]]
        if not self.ovl or not ts:
            return self.create_overloads()
        t = self.r.choice(ts)
        tab = self.tables[t]
        x = self.r.random()
        if x < 0.5:
            v = self.name("v")
            call = self.ovl_call(v, tab["cols"])
            if not call:
                return
            e = self.name("e")
            c = self.r.choice(sorted(tab["cols"]))
            self.emit("CREATE VIEW %s AS SELECT %s AS %s, %s FROM %s;" % (v, call[0], e, c, t))
            self.views[v] = dict(cols={e: call[1], c: tab["cols"][c]}, deps=set(), uses={(t, c)} | {(t, k) for k in tab["cols"] if k in call[0]})
            tab["deps"].add(v)
        elif x < 0.75:
            call = self.ovl_call(t, {})
            if not call:
                return
            c = self.name("a")
            ty = {"int": "int", "bigint": "bigint", "text": "text", "numeric": "numeric(10,2)"}[call[1]]
            self.emit("ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s;" % (t, c, ty, call[0]))
            for y in [t] + self.all_children(t):
                self.tables[y]["cols"][c] = ty
                self.tables[y]["key"].add(c)
        else:
            call = self.ovl_call(t, tab["cols"])
            if not call:
                return
            if call[1] == "text":
                self.emit("CREATE INDEX %s ON %s (%s);" % (self.name("i"), t, call[0]))
            else:
                self.emit("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s > -1000);" % (t, self.name("ck"), call[0]))
            for k in tab["cols"]:
                if k in call[0]:
                    tab["key"].add(k)

    def alter_overload(self):
        if not self.ovl:
            return self.create_overloads()
        f = self.r.choice(sorted(self.ovl))
        free = sorted(a for a, u in self.ovl[f].items() if not u)
        x = self.r.random()
        if x < 0.4 and free and len(self.ovl[f]) > 1:
            a = self.r.choice(free)
            self.emit("DROP FUNCTION %s(%s);" % (f, a))
            del self.ovl[f][a]
        elif x < 0.7:
            a = self.r.choice(sorted(self.ovl[f]))
            n = self.name("rf")
            self.emit("ALTER FUNCTION %s(%s) RENAME TO %s;" % (f, a, n))
            self.ovl.setdefault(n, {})[a] = self.ovl[f].pop(a)
            if not self.ovl[f]:
                del self.ovl[f]
        else:
            a = self.r.choice(sorted(self.ovl[f]))
            ret = {"int": "int", "bigint": "bigint", "text": "text", "numeric": "numeric"}[a]
            body = {"int": "x - 1", "bigint": "x + 3", "text": "upper(x)", "numeric": "x * 3"}[a]
            self.emit("CREATE OR REPLACE FUNCTION %s(x %s) RETURNS %s LANGUAGE sql IMMUTABLE AS $$ SELECT %s $$;" % (f, a, ret, body))

    def create_atomic(self):
        r = self.r
        ts = [t for t in self.live_tables(("plain", "partitioned", "child")) if self.tables[t]["cols"]]
        if not ts or r.random() < 0.3:
            f = self.name("fa")
            body = r.choice(["BEGIN ATOMIC SELECT x + 1; END", "BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN x ELSE -x END; END",
                             "RETURN coalesce(x, 0) * 2"])
            self.emit("CREATE FUNCTION %s(x int) RETURNS int LANGUAGE sql IMMUTABLE %s;" % (f, body))
            self.funcs[f] = set()
            return
        t = r.choice(ts)
        tab = self.tables[t]
        ints = sorted(c for c, ty in tab["cols"].items() if ty in INTISH)
        f = self.name("fq")
        if r.random() < 0.4:
            free = sorted(k for k in tab["cols"] if k != tab["pk"] and k not in tab["gen"] and k not in tab.get("ident", ()))
            if not free:
                return
            c = r.choice(free)  # an INSERT may not name an identity ALWAYS or generated column
            kind = r.choice(["sql", "atomic", "plpgsql"])
            if kind == "atomic":
                self.emit("CREATE PROCEDURE %s(v %s) LANGUAGE sql BEGIN ATOMIC INSERT INTO %s (%s) VALUES (v); END;" % (f, tab["cols"][c], t, c))
            elif kind == "sql":
                self.emit("CREATE PROCEDURE %s(v int) LANGUAGE sql AS $$ SELECT v $$;" % f)
            else:
                self.emit("CREATE PROCEDURE %s() LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'p'; END $$;" % f)
            self.afuncs[f] = dict(deps=set(), proc=True, sig="int" if kind != "plpgsql" else "")
            if kind == "atomic":
                tab["deps"].add(f)
                tab["key"].add(c)
                self.afuncs[f]["sig"] = tab["cols"][c]
            elif self.r.random() < 0.5:
                self.emit("CALL %s(%s);" % (f, "1" if kind == "sql" else ""))
            return
        if ints:
            c = r.choice(ints)
            q = r.choice(["SELECT count(*) FROM %s WHERE %s > 0" % (t, c), "SELECT coalesce(max(%s), 0) FROM %s" % (c, t)])
            tab["key"].add(c)
        else:
            q = "SELECT count(*) FROM %s" % t
        self.emit("CREATE FUNCTION %s() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC %s; END;" % (f, q))
        self.afuncs[f] = dict(deps=set(), proc=False, sig="")
        tab["deps"].add(f)

    def alter_routine(self):
        if not self.afuncs:
            return self.create_atomic()
        f = self.r.choice(sorted(self.afuncs))
        d = self.afuncs[f]
        what = "PROCEDURE" if d["proc"] else "FUNCTION"
        if self.r.random() < 0.5:
            n = self.name("rr")
            self.emit("ALTER %s %s(%s) RENAME TO %s;" % (what, f, d["sig"], n))
            self.afuncs[n] = self.afuncs.pop(f)
            self.rename_ref(f, n)
        else:
            self.emit("DROP %s %s(%s);" % (what, f, d["sig"]))
            self.drop_obj(f)

    def do_block(self):
        ts = self.live_tables(("plain",))
        body = self.r.choice(["BEGIN PERFORM 1; END", "BEGIN RAISE NOTICE 'do'; END",
                              "DECLARE n int; BEGIN n := 1; END"])
        if ts and self.r.random() < 0.5:
            body = "DECLARE n bigint; BEGIN SELECT count(*) INTO n FROM %s; END" % self.r.choice(ts)
        self.emit("DO %s$$ %s $$;" % (self.r.choice(["", "LANGUAGE plpgsql "]), body))

    # ---- materialized views
    def create_matview(self):
        ts = [t for t in self.live_tables(("plain", "partitioned", "child")) if self.tables[t]["cols"]]
        if not ts:
            return self.create_table()
        t = self.r.choice(ts)
        cols = self.tables[t]["cols"]
        pick = self.r.sample(sorted(cols), self.r.randint(1, len(cols)))
        m = self.name("mv")
        where = ""
        ints = [c for c in pick if cols[c] in INTISH]
        if ints and self.r.random() < 0.4:
            where = " WHERE %s > 0" % self.r.choice(ints)
        self.emit("CREATE MATERIALIZED VIEW %s AS SELECT %s FROM %s%s%s;" % (m, ", ".join(pick), t, where, self.r.choice(["", " WITH NO DATA", " WITH DATA"])))
        self.views[m] = dict(cols={c: cols[c] for c in pick}, deps=set(), uses={(t, c) for c in pick} | {(t, c) for c in ints if c in where}, mat=True)
        self.tables[t]["deps"].add(m)
        if self.r.random() < 0.5:
            c = self.r.choice(pick)
            self.emit("CREATE %sINDEX %s ON %s (%s);" % (self.r.choice(["", "UNIQUE "]), self.name("i"), m, c))
        if self.r.random() < 0.3:
            self.emit("REFRESH MATERIALIZED VIEW %s;" % m)

    def alter_matview(self):
        ms = sorted(v for v, d in self.views.items() if d.get("mat"))
        if not ms:
            return self.create_matview()
        m = self.r.choice(ms)
        x = self.r.random()
        if x < 0.4:
            n = self.name("rm")
            self.emit("ALTER MATERIALIZED VIEW %s RENAME TO %s;" % (m, n))
            self.views[n] = self.views.pop(m)
            self.rename_ref(m, n)
        elif x < 0.7 and not self.views[m]["deps"]:
            c = self.r.choice(sorted(self.views[m]["cols"]))
            n = self.name("rc")
            self.emit("ALTER MATERIALIZED VIEW %s RENAME COLUMN %s TO %s;" % (m, c, n))
            self.views[m]["cols"][n] = self.views[m]["cols"].pop(c)
        else:
            self.emit("DROP MATERIALIZED VIEW %s%s;" % (m, " CASCADE" if self.views[m]["deps"] else ""))
            self.drop_obj(m)

    def view_kw(self, v):
        return "MATERIALIZED VIEW" if self.views[v].get("mat") else "VIEW"

    # ---- ALTER ... SET SCHEMA (the case's second schema <schema>o)
    def set_schema(self):
        r = self.r
        o = self.schema + "o"
        if not self.other:
            self.emit("CREATE SCHEMA %s;" % o)
            self.other = True
        pool = [("TABLE", t) for t in self.live_tables(("plain",)) if not self.tables[t]["children"] and not self.tables[t]["parent"]]
        pool += [(self.view_kw(v), v) for v in sorted(self.views)]
        pool += [("SEQUENCE", s) for s in sorted(self.seqs)]
        pool += [("TYPE", e) for e in sorted(self.enums)] + [("DOMAIN", d) for d in sorted(self.domains)]
        pool += [("FUNCTION", f + "(int)") for f in sorted(self.funcs)]
        if not pool:
            return
        what, x = r.choice(pool)
        self.emit("ALTER %s %s SET SCHEMA %s;" % (what, x, o))
        # the object now lives outside the search path: the generator forgets it (its users keep working;
        # a view's query text is not written again)
        x = x.split("(")[0]
        for v in self.views.values():
            v["q"] = None
        if what == "TABLE":
            self.tables.pop(x)
            for tab in list(self.tables.values()) + list(self.views.values()) + list(self.afuncs.values()):
                tab["deps"].discard(x)
                tab.get("fkref", set()).discard(x)
            for s_ in self.seqs.values():
                s_.discard(x)
        elif what.endswith("VIEW"):
            self.views.pop(x)
            for tab in list(self.tables.values()) + list(self.views.values()):
                tab["deps"].discard(x)
        else:
            for coll in (self.seqs, self.enums, self.domains, self.funcs):
                coll.pop(x, None)

    # ---- identity changes, sequences OWNED BY
    def identity(self):
        r = self.r
        ts = [t for t in self.live_tables(("plain",)) if not self.tables[t]["children"] and not self.tables[t]["parent"]]
        if not ts:
            return self.create_table()
        t = r.choice(ts)
        tab = self.tables[t]
        tab.setdefault("ident", set())
        if tab["ident"] and r.random() < 0.6:
            c = r.choice(sorted(tab["ident"]))
            cmd = r.choice(["SET GENERATED BY DEFAULT", "SET GENERATED ALWAYS", "SET INCREMENT BY 3", "RESTART WITH 100",
                            "SET START WITH 7", "SET GENERATED BY DEFAULT SET INCREMENT BY 2", "DROP IDENTITY", "DROP IDENTITY IF EXISTS"])
            self.emit("ALTER TABLE %s ALTER COLUMN %s %s;" % (t, c, cmd))
            if cmd.startswith("DROP"):
                tab["ident"].discard(c)
            return
        c = self.name("a")
        ty = r.choice(["int", "bigint", "smallint"])
        self.emit("ALTER TABLE %s ADD COLUMN %s %s NOT NULL;" % (t, c, ty))
        self.emit("ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY%s;" % (
            t, c, r.choice(["ALWAYS", "BY DEFAULT"]), r.choice(["", " (START WITH 10)", " (INCREMENT BY 5 MINVALUE 1)"])))
        tab["cols"][c] = ty
        tab["nn"].add(c)
        tab["key"].add(c)
        tab["ident"].add(c)

    def owned_seq(self):
        ts = [t for t in self.live_tables(("plain",)) if any(ty in INTISH for ty in self.tables[t]["cols"].values())]
        if not ts:
            return self.create_seq()
        t = self.r.choice(ts)
        tab = self.tables[t]
        c = self.r.choice(sorted(k for k, ty in tab["cols"].items() if ty in INTISH))
        if c in tab.get("ident", ()) or c in tab["gen"]:
            return
        s = self.name("so")
        if self.r.random() < 0.5:
            self.emit("CREATE SEQUENCE %s OWNED BY %s.%s;" % (s, t, c))
        else:
            self.emit("CREATE SEQUENCE %s;" % s)
            self.emit("ALTER SEQUENCE %s OWNED BY %s.%s;" % (s, t, c))
        if self.r.random() < 0.5 and c != tab["pk"]:
            self.emit("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval('%s');" % (t, c, s))
        elif self.r.random() < 0.3:
            self.emit("ALTER SEQUENCE %s OWNED BY NONE;" % s)

    # ---- exclusion constraints
    def exclusion(self):
        ts = [t for t in self.live_tables(("plain",)) if any(ty in INTISH for ty in self.tables[t]["cols"].values())]
        r = self.r
        if not ts or r.random() < 0.3:
            t = self.name("t")
            self.tables[t] = tab = self.newtab()
            k, rg = self.name("a"), self.name("rg")
            tab["cols"] = {k: "int", rg: "int4range"}
            tab["key"] |= {k, rg}
            self.emit("CREATE TABLE %s (%s int, %s int4range, CONSTRAINT %s EXCLUDE USING gist (%s WITH &&)%s);" % (
                t, k, rg, self.name("ex"), rg, r.choice(["", " WHERE (%s > 0)" % k])))
            return
        t = r.choice(ts)
        tab = self.tables[t]
        c = r.choice(sorted(k for k, ty in tab["cols"].items() if ty in INTISH))
        self.emit("ALTER TABLE %s ADD CONSTRAINT %s EXCLUDE USING btree (%s WITH =)%s;" % (
            t, self.name("ex"), c, r.choice(["", " WHERE (%s > 0)" % c, " DEFERRABLE"])))
        tab["key"].add(c)

    # ---- enum values reaching defaults, checks, index predicates
    def enum_use(self):
        es = [e for e in sorted(self.enums) if self.enums[e]]
        ts = self.live_tables(("plain",))
        if not es or not ts:
            return self.create_enum()
        e = self.r.choice(es)
        t = self.r.choice(ts)
        c = self.name("a")
        vals = self.enums[e]
        self.emit("ALTER TABLE %s ADD COLUMN %s %s DEFAULT '%s', ADD CONSTRAINT %s CHECK (%s <> '%s');" % (
            t, c, e, self.r.choice(vals), self.name("ck"), c, self.r.choice(vals)))
        self.tables[t]["cols"][c] = e
        self.tables[t]["key"].add(c)
        if self.r.random() < 0.5:
            self.emit("CREATE INDEX %s ON %s (%s) WHERE %s IN ('%s');" % (self.name("i"), t, c, c, self.r.choice(vals)))

    # ---- domain constraints
    def alter_domain(self):
        ds = sorted(d for d in self.domains)
        if not ds:
            return self.create_domain()
        d = self.r.choice(ds)
        base = self.domains[d]
        cons = self.domcons.setdefault(d, [])
        x = self.r.random()
        if x < 0.35 or not cons:
            k = self.name("dc")
            chk = {"int": "VALUE < 1000000", "text": "length(VALUE) < 500", "numeric(10,2)": "VALUE < 99999"}[base]
            self.emit("ALTER DOMAIN %s ADD CONSTRAINT %s CHECK (%s)%s;" % (d, k, chk, self.r.choice(["", " NOT VALID"])))
            cons.append(k)
        elif x < 0.5:
            self.emit("ALTER DOMAIN %s VALIDATE CONSTRAINT %s;" % (d, self.r.choice(cons)))
        elif x < 0.65:
            k = self.r.choice(cons)
            n = self.name("dc")
            self.emit("ALTER DOMAIN %s RENAME CONSTRAINT %s TO %s;" % (d, k, n))
            cons[cons.index(k)] = n
        elif x < 0.75:
            k = self.r.choice(cons)
            self.emit("ALTER DOMAIN %s DROP CONSTRAINT %s%s;" % (d, "IF EXISTS " if self.r.random() < 0.3 else "", k))
            cons.remove(k)
        elif x < 0.9:
            self.emit("ALTER DOMAIN %s %s;" % (d, self.r.choice(["SET DEFAULT %s" % {"int": "3", "text": "'q'", "numeric(10,2)": "2.5"}[base], "DROP DEFAULT"])))
        else:
            self.emit("ALTER DOMAIN %s %s NOT NULL;" % (d, self.r.choice(["SET", "DROP"])))

    # ---- statements PostgreSQL must reject (the model should too): one at the end of some cases
    def bad(self):
        r = self.r
        opts = []
        for t, c in self.dropped:
            if t in self.tables and c not in self.tables[t]["cols"]:
                opts += ["CREATE INDEX %s ON %s (%s);" % (self.name("i"), t, c),
                         "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT 0;" % (t, c),
                         "CREATE VIEW %s AS SELECT %s FROM %s;" % (self.name("v"), c, t),
                         "ALTER TABLE %s RENAME COLUMN %s TO %s;" % (t, c, self.name("z")),
                         "COMMENT ON COLUMN %s.%s IS 'gone';" % (t, c),
                         "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL);" % (t, self.name("ck"), c)]
        for t, tab in sorted(self.tables.items()):
            # partitions go with their partitioned table without CASCADE: other dependents are needed
            if [d for d in tab["deps"] if self.tables.get(d, {}).get("kind") != "partition"] and tab["kind"] != "partition":
                opts.append("DROP TABLE %s;" % t)
            if tab["cols"]:
                c = r.choice(sorted(tab["cols"]))
                opts.append("ALTER TABLE %s ADD COLUMN %s int;" % (t, c))
                others = sorted(set(tab["cols"]) - {c})
                if others:
                    opts.append("ALTER TABLE %s RENAME COLUMN %s TO %s;" % (t, c, r.choice(others)))
            for v, vd in self.views.items():
                for (x, c) in vd.get("uses", ()):
                    if x == t and c in tab["cols"] and tab["kind"] in ("plain",):
                        opts.append("ALTER TABLE %s DROP COLUMN %s;" % (t, c))
            for k in tab.get("cons", []):
                opts.append("ALTER TABLE %s ADD CONSTRAINT %s CHECK (true);" % (t, k))
        names = sorted(self.tables) + sorted(self.views)
        if names:
            n = r.choice(names)
            opts += ["CREATE TABLE %s (z int);" % n, "CREATE VIEW %s AS SELECT 1 AS z;" % n, "CREATE SEQUENCE %s;" % n,
                     "CREATE TYPE %s AS ENUM ('z');" % n]  # a relation's row type has its name
            ts = [t for t in self.tables if self.tables[t]["cols"]]
            if ts:
                t = r.choice(sorted(ts))
                opts.append("CREATE INDEX %s ON %s (%s);" % (n, t, r.choice(sorted(self.tables[t]["cols"]))))
        for v, vd in sorted(self.views.items()):
            if vd["deps"]:
                opts.append("DROP %s %s;" % (self.view_kw(v), v))
        for e in sorted(self.enums) + sorted(self.domains):
            if any(ty == e for tab in self.tables.values() for ty in tab["cols"].values()):
                opts.append("DROP %s %s;" % ("TYPE" if e in self.enums else "DOMAIN", e))
        for s_, users in sorted(self.seqs.items()):
            if users & set(self.tables):
                opts.append("DROP SEQUENCE %s;" % s_)
        for f, ov in sorted(self.ovl.items()):
            for a, users in sorted(ov.items()):
                if users & (set(self.tables) | set(self.views)):
                    opts.append("DROP FUNCTION %s(%s);" % (f, a))
            opts.append("CREATE FUNCTION %s(x %s) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;" % (f, r.choice(sorted(ov))))
        if not opts:
            return None
        return r.choice(opts)

    def run(self, n):
        ops = [(self.create_table, 10), (self.create_partitioned, 2), (self.create_child, 2), (self.add_column, 8),
               (self.drop_column, 3), (self.rename, 4), (self.alter_type, 3), (self.create_index, 5),
               (self.create_view, 6), (self.create_seq, 2), (self.create_enum, 2), (self.alter_enum, 2),
               (self.create_domain, 2), (self.create_func, 2), (self.create_trigger, 2), (self.create_policy, 2),
               (self.ctas, 2), (self.drop, 3), (self.add_constraint, 4), (self.rich_view, 5), (self.replace_view, 2),
               (self.rename_other, 2), (self.comment, 1), (self.drop_type, 1), (self.temp_table, 1),
               (self.attach_detach, 2), (self.func_default, 1), (self.create_overloads, 2), (self.use_overload, 3),
               (self.alter_overload, 1), (self.create_atomic, 2), (self.alter_routine, 1), (self.do_block, 1),
               (self.create_matview, 2), (self.alter_matview, 1), (self.set_schema, 1), (self.identity, 2),
               (self.owned_seq, 1), (self.exclusion, 1), (self.enum_use, 1), (self.alter_domain, 2)]
        total = sum(w for _, w in ops)
        self.create_table()
        while len(self.out) < n:
            x = self.r.uniform(0, total)
            for f, w in ops:
                x -= w
                if x <= 0:
                    f()
                    break
        return self.out


def gen_case_bad(rng, schema, n=None):
    """(statements of one case in schema SCHEMA (own schema, its search_path first), and None or one more
    statement PostgreSQL must reject after them)"""
    c = Case(rng, schema)
    body = c.run(n or rng.randint(4, 25))
    bad = c.bad() if rng.random() < 0.3 else None
    return ["CREATE SCHEMA %s;" % schema, "SET search_path = %s;" % schema] + body, bad


def gen_case(rng, schema, n=None):
    """statements of one case in schema SCHEMA (own schema, its search_path first)"""
    return gen_case_bad(rng, schema, n)[0]


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rng = random.Random(seed)
    print("\n".join(gen_case(rng, "c0001")))
