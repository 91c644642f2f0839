/* report.js — draws `strata report --html` from the JSON model in #strata-data (inlined into the page; no
 * network). Every text goes through textContent: names from the project are never parsed as HTML. When it
 * is done, <body data-rendered="true"> and window.strataRenderMs tell a test that the page is complete. */
(function () {
	"use strict";
	var t0 = performance.now();
	var D = JSON.parse(document.getElementById("strata-data").textContent);
	var SVGNS = "http://www.w3.org/2000/svg";
	var SERVER_COLORS = ["#4c78a8", "#72b7b2", "#f58518", "#54a24b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

	function el(tag, attrs, kids) {
		var e = document.createElement(tag);
		setAttrs(e, attrs);
		append(e, kids);
		return e;
	}
	function sv(tag, attrs, kids) {
		var e = document.createElementNS(SVGNS, tag);
		setAttrs(e, attrs);
		append(e, kids);
		return e;
	}
	function setAttrs(e, attrs) {
		for (var k in attrs || {}) {
			if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) continue;
			if (k === "text") e.textContent = String(attrs[k]);
			else e.setAttribute(k, attrs[k] === true ? "" : String(attrs[k]));
		}
	}
	function append(e, kids) {
		if (kids === null || kids === undefined) return;
		if (!Array.isArray(kids)) kids = [kids];
		kids.forEach(function (k) {
			if (k === null || k === undefined || k === false) return;
			e.appendChild(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
		});
	}
	function fmt(n) {
		return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
	}
	function plural(n, word) {
		return fmt(n) + " " + word + (n === 1 ? "" : "s");
	}
	function seconds(s) {
		if (s < 1) return Math.round(s * 1000) + " ms";
		if (s < 120) return s.toFixed(s < 10 ? 2 : 1) + " s";
		return Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
	}
	/* Round axis ticks from 0 to at least MAX: steps of 1, 2 or 5 times a power of ten. */
	function ticks(max) {
		var raw = Math.max(max, 1) / 4, p = Math.pow(10, Math.floor(Math.log10(raw))), step = p;
		[1, 2, 5, 10].some(function (m) { step = m * p; return step >= raw; });
		step = Math.max(1, step);
		var t = [];
		for (var v = 0; v < max + step; v += step) t.push(v);
		if (t.length < 2) t.push(step);
		return t;
	}
	function when(epoch) {
		return new Date(epoch * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
	}
	function card(key, label, value, cls) {
		return el("div", { class: "card " + (cls || ""), "data-k": key }, [
			el("div", { class: "num", text: fmt(value) }),
			el("div", { class: "lab", text: label })
		]);
	}
	function searchBox(id, placeholder, rows, textOf, counter) {
		var box = el("input", { type: "search", id: id, placeholder: placeholder });
		box.addEventListener("input", function () {
			var q = box.value.toLowerCase(), shown = 0;
			rows.forEach(function (r) {
				var hit = !q || textOf(r).toLowerCase().indexOf(q) >= 0;
				r.hidden = !hit;
				if (hit) shown++;
			});
			if (counter) counter.textContent = q ? fmt(shown) + " match" + (shown === 1 ? "" : "es") : "";
		});
		return box;
	}

	/* ---- header ---- */
	var nav = document.getElementById("nav");
	var sections = [];
	if (D.fleet) sections.push(["fleet", "Fleet"]);
	sections.push(["schema", "Schema"]);
	if (D.history) sections.push(["history", "History"]);
	sections.forEach(function (s) {
		nav.appendChild(el("a", { href: "#" + s[0], text: s[1] }));
	});
	document.getElementById("subtitle").textContent =
		"migrations " + (D.dir || "") + (D.tenant_dir ? ", tenant migrations " + D.tenant_dir : "") +
		" \u00b7 generated " + D.generated.replace("T", " ").replace("Z", " UTC") + " by strata " + D.strata;

	/* ---- fleet ---- */
	function versionsChart(f) {
		var vs = f.versions, ns = f.servers.length;
		var top_ = 1;
		vs.forEach(function (v) { if (v.total > top_) top_ = v.total; });
		var tk = ticks(top_), max = tk[tk.length - 1];
		var rowH = 26, left = 230, width = 560, right = 90, top = 8;
		var h = top + vs.length * rowH + 24;
		var svg = sv("svg", { id: "versions-chart", width: left + width + right, height: h, role: "img",
			"aria-label": "tenants per version" });
		tk.forEach(function (v) {
			var x = left + (width * v) / max;
			svg.appendChild(sv("line", { class: "grid", x1: x, x2: x, y1: top, y2: h - 20 }));
			svg.appendChild(sv("text", { x: x, y: h - 6, "text-anchor": "middle", text: fmt(v) }));
		});
		vs.forEach(function (v, i) {
			var y = top + i * rowH;
			var label = v.version === "none" ? "never migrated" : v.version + (v.name ? " " + v.name : "");
			if (!v.known) label += " (not in the migrations)";
			var grp = sv("g", { class: "bar" + (v.head ? " head" : ""), "data-version": v.version, "data-total": v.total });
			grp.appendChild(sv("title", { text: label + ": " + plural(v.total, "tenant") }));
			grp.appendChild(sv("text", { x: left - 8, y: y + 17, "text-anchor": "end", "font-weight": v.head ? "bold" : null,
				text: label.length > 34 ? label.slice(0, 33) + "\u2026" : label }));
			var x = left;
			for (var s = 0; s < ns; s++) {
				var w = (width * v.counts[s]) / max;
				if (w <= 0) continue;
				grp.appendChild(sv("rect", { x: x, y: y + 4, width: Math.max(w, 1), height: rowH - 8, rx: 2,
					fill: v.version === "none" ? "#9aa5b1" : !v.known ? "#c62828" : SERVER_COLORS[s % SERVER_COLORS.length] }));
				x += w;
			}
			grp.appendChild(sv("text", { x: x + 6, y: y + 17, text: fmt(v.total) + (v.head ? "  head" : "") }));
			svg.appendChild(grp);
		});
		svg.appendChild(sv("line", { class: "axis", x1: left, x2: left, y1: top, y2: h - 20 }));
		return svg;
	}

	function versionsTable(f) {
		var multi = f.servers.length > 1;
		var head = [el("th", { text: "version" }), el("th", { text: "name" }), el("th", { class: "n", text: "tenants" })];
		if (multi) f.servers.forEach(function (s, i) { head.push(el("th", { class: "n", text: "server " + (i + 1) })); });
		var rows = f.versions.map(function (v) {
			var cells = [
				el("td", { class: "mono" }, [v.version === "none" ? "none" : v.version,
					v.head ? el("span", { class: "tag ok", text: "head" }) : null,
					!v.known ? el("span", { class: "tag bad", text: "not in the migrations" }) : null]),
				el("td", { text: v.version === "none" ? "never migrated" : v.name }),
				el("td", { class: "n total", text: fmt(v.total) })
			];
			if (multi) v.counts.forEach(function (c) { cells.push(el("td", { class: "n", text: fmt(c) })); });
			return el("tr", { "data-version": v.version }, cells);
		});
		return el("table", { id: "versions-table" }, [el("thead", {}, el("tr", {}, head)), el("tbody", {}, rows)]);
	}

	function failuresBlock(f) {
		var fl = f.failures;
		var out = [el("h3", {}, ["Failed tenants ", el("span", { class: "tag bad", id: "failures-count", text: fmt(fl.total) })])];
		if (!fl.total) {
			out.push(el("p", { class: "note", text: "No tenant failed." }));
			return out;
		}
		var gl = fl.groups.map(function (g) {
			return el("tr", { class: "failure-group" }, [
				el("td", { class: "n", text: fmt(g.count) }),
				el("td", { class: "mono", text: g.version || "none" }),
				el("td", { class: "mono", text: g.location }),
				el("td", { text: g.message })
			]);
		});
		out.push(el("p", { class: "note", text: "By error (" + plural(fl.groups.length, "distinct error") + "):" }));
		out.push(el("table", { id: "failure-groups" }, [
			el("thead", {}, el("tr", {}, [el("th", { class: "n", text: "tenants" }), el("th", { text: "at version" }),
				el("th", { text: "file:line:col" }), el("th", { text: "error" })])),
			el("tbody", {}, gl)]));
		var rows = fl.rows.map(function (r) {
			var cells = [el("td", { class: "mono", text: r.tenant }), el("td", { class: "mono", text: r.version || "none" })];
			if (f.servers.length > 1) cells.push(el("td", { class: "n", text: r.server + 1 }));
			cells.push(el("td", { class: "mono", text: r.location }));
			cells.push(el("td", { text: r.message }));
			return el("tr", { class: "failure" }, cells);
		});
		var counter = el("span", { class: "note" });
		var hdr = [el("th", { text: "tenant" }), el("th", { text: "at version" })];
		if (f.servers.length > 1) hdr.push(el("th", { class: "n", text: "server" }));
		hdr.push(el("th", { text: "file:line:col" }), el("th", { text: "error" }));
		out.push(el("p", {}, [searchBox("failure-search", "search tenants and errors", rows, function (r) { return r.textContent; }, counter), " ", counter]));
		if (fl.listed < fl.total)
			out.push(el("p", { class: "note", id: "failures-truncated",
				text: "The first " + fmt(fl.listed) + " of " + fmt(fl.total) + " failed tenants are listed; `strata report --all-tenants` lists them all, `strata status --tenants` prints them." }));
		out.push(el("div", { class: "scroll" }, el("table", { id: "failures" }, [el("thead", {}, el("tr", {}, hdr)), el("tbody", {}, rows)])));
		return out;
	}

	/* --all-tenants: every tenant, drawn only when the reader opens the list (10,000 table rows would
	 * cost the first paint seconds). */
	function allTenantsBlock(f) {
		if (!f.all) return [];
		var multi = f.servers.length > 1;
		var box = el("details", { id: "all-tenants-list" }, el("summary", {}, ["All tenants ", el("span", { class: "tag", id: "all-count", text: fmt(f.all.length) })]));
		box.addEventListener("toggle", function () {
			if (!box.open || box.querySelector("table")) return;
			var rows = f.all.map(function (t) {
				var cells = [el("td", { class: "mono", text: t[0] }), el("td", { class: "mono", text: t[1] || "none" }),
					el("td", { class: t[2] === "failed" ? "sev-error" : null, text: t[2] })];
				if (multi) cells.push(el("td", { class: "n", text: t[3] + 1 }));
				return el("tr", { class: "tenant" }, cells);
			});
			var counter = el("span", { class: "note" });
			var hdr = [el("th", { text: "tenant" }), el("th", { text: "version" }), el("th", { text: "status" })];
			if (multi) hdr.push(el("th", { class: "n", text: "server" }));
			append(box, [el("p", {}, [searchBox("tenant-search", "search tenants", rows, function (r) { return r.textContent; }, counter), " ", counter]),
				el("div", { class: "scroll" }, el("table", { id: "all-tenants" }, [el("thead", {}, el("tr", {}, hdr)), el("tbody", {}, rows)]))]);
		});
		return [el("h3", { text: "Tenants" }), box];
	}

	function driftBlock(f) {
		var d = f.drift;
		var out = [el("h3", { text: "Drift" })];
		if (!d) {
			out.push(el("p", { class: "note", text: "Not computed (strata report --no-drift)." }));
			return out;
		}
		if (d.skipped) {
			out.push(el("p", { class: "note", id: "drift-skipped", text: d.skipped }));
			return out;
		}
		out.push(el("p", {}, [el("span", { id: "drift-distinct", text: fmt(d.distinct) }), " distinct difference" + (d.distinct === 1 ? "" : "s") + ", " +
			fmt(d.differences) + " in all, over " + plural(d.targets, "tenant") + " compared with what their history says they should be" +
			(d.failed_targets ? "; " + plural(d.failed_targets, "tenant") + " could not be read: " + d.unread.slice(0, 20).join(", ") : "") + "."]));
		if (!d.groups.length) out.push(el("p", { class: "note", text: "No drift: every tenant schema is what its migrations say." }));
		d.groups.forEach(function (g) {
			var more = g.count - g.tenants.length;
			out.push(el("div", { class: "drift-group", "data-count": g.count, "data-rule": g.rule }, [
				el("div", {}, [el("span", { class: "tag warn", text: plural(g.count, "tenant") }), " ", el("span", { class: "drift-text", text: g.text })]),
				g.detail ? el("div", { class: "note", text: g.detail }) : null,
				el("div", { class: "who", text: g.tenants.join(", ") + (more > 0 ? " and " + fmt(more) + " more" : "") })
			]));
		});
		return out;
	}

	function timingBlock(f) {
		var runs = f.runs;
		var out = [el("h3", { text: "Rollout timing" })];
		if (!runs.length) {
			out.push(el("p", { class: "note", text: "No rollout has written the ledger yet." }));
			return out;
		}
		out.push(el("p", { class: "note", text: "Tenants finished over time, from the ledger: each row's last write, by the process (and canary wave) that wrote it. Earlier rollouts show only for tenants they were the last to touch." }));
		var start = Infinity, end = -Infinity;
		runs.forEach(function (r) { start = Math.min(start, r.t0); end = Math.max(end, r.t1); });
		var span = Math.max(end - start, 0.001);
		var ev = [];
		runs.forEach(function (r, i) {
			var dt = (r.t1 - r.t0) / r.buckets.length;
			r.buckets.forEach(function (n, k) { if (n) ev.push({ t: r.t0 + dt * (k + 1) - start, n: n, run: i }); });
		});
		ev.sort(function (a, b) { return a.t - b.t; });
		var total = 0;
		ev.forEach(function (e) { total += e.n; });
		var W = 760, H = 220, L = 60, B = 30, T = 10, R = 50;
		var svg = sv("svg", { id: "timing-chart", width: W, height: H, role: "img", "aria-label": "tenants finished over time" });
		var ty = ticks(total), ymax = ty[ty.length - 1];
		ty.forEach(function (v) {
			var y = T + (H - T - B) * (1 - v / ymax);
			svg.appendChild(sv("line", { class: "grid", x1: L, x2: W - R, y1: y, y2: y }));
			svg.appendChild(sv("text", { x: L - 6, y: y + 4, "text-anchor": "end", text: fmt(v) }));
		});
		for (var g = 0; g <= 4; g++) {
			var x = L + ((W - L - R) * g) / 4;
			svg.appendChild(sv("text", { x: x, y: H - 10, "text-anchor": "middle", text: seconds((span * g) / 4) }));
		}
		svg.appendChild(sv("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
		svg.appendChild(sv("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
		var cum = 0, px = L, py = H - B;
		ev.forEach(function (e) {
			cum += e.n;
			var x = L + ((W - L - R) * e.t) / span, y = T + (H - T - B) * (1 - cum / ymax);
			svg.appendChild(sv("path", { d: "M" + px + " " + py + "H" + x + "V" + y, fill: "none", stroke: SERVER_COLORS[e.run % SERVER_COLORS.length], "stroke-width": 2.2 }));
			px = x;
			py = y;
		});
		out.push(el("div", { class: "chart" }, svg));
		var rows = runs.map(function (r, i) {
			var dur = r.t1 - r.t0, n = r.ok + r.failed;
			return el("tr", { class: "run" }, [
				el("td", {}, [el("span", { class: "sw", style: "display:inline-block;width:10px;height:10px;margin-right:6px;background:" + SERVER_COLORS[i % SERVER_COLORS.length] }), r.worker]),
				el("td", { text: r.waves ? r.wave + " of " + r.waves : "\u2014" }),
				el("td", { class: "n", text: r.server + 1 }),
				el("td", { class: "n", text: fmt(r.ok) }),
				el("td", { class: "n" + (r.failed ? " sev-error" : ""), text: fmt(r.failed) }),
				el("td", { text: when(r.t0) }),
				el("td", { class: "n", text: seconds(dur) }),
				el("td", { class: "n", text: dur > 0 ? fmt(Math.round(n / dur)) + "/s" : "\u2014" })
			]);
		});
		out.push(el("table", { id: "runs" }, [el("thead", {}, el("tr", {}, ["process", "wave", "server", "ok", "failed", "first write", "duration", "rate"].map(function (h, k) {
			return el("th", { class: k >= 2 && k !== 5 ? "n" : null, text: h });
		}))), el("tbody", {}, rows)]));
		return out;
	}

	if (D.fleet) {
		var f = D.fleet, t = f.totals, sec = document.getElementById("fleet");
		sec.hidden = false;
		append(sec, [
			el("h2", { text: "Fleet" }),
			el("p", { class: "note", text: plural(t.tenants, "tenant") + " (" + f.mode + " per tenant) on " + plural(f.servers.length, "server") +
				", head " + (f.head || "(no tenant migrations)") + ". From strata.ledger, one query per server." }),
			el("div", { class: "cards", id: "fleet-cards" }, [
				card("tenants", "tenants", t.tenants),
				card("at_head", "at head", t.at_head, "ok"),
				card("pending", "pending", t.pending, t.pending ? "warn" : ""),
				card("never", "never migrated", t.never),
				card("failed", "failed", t.failed, t.failed ? "bad" : ""),
				card("edited", "edited after apply", t.edited, t.edited ? "bad" : "")
			]),
			el("h3", { text: "Tenants per version" }),
			f.servers.length > 1 ? el("div", { class: "legend" }, f.servers.map(function (s, i) {
				return el("span", {}, [el("span", { class: "sw", style: "background:" + SERVER_COLORS[i % SERVER_COLORS.length] }), "server " + (i + 1) + ": " + s.label + " (" + plural(s.tenants, "tenant") + ")"]);
			})) : null,
			el("div", { class: "chart" }, versionsChart(f)),
			versionsTable(f)
		]);
		append(sec, failuresBlock(f));
		append(sec, allTenantsBlock(f));
		append(sec, driftBlock(f));
		append(sec, timingBlock(f));
	}

	/* ---- schema ---- */
	var S = D.schema, er = document.getElementById("er");
	if (S) {
		var sum = document.getElementById("schema-summary");
		var parts = [plural(S.shown, "table") + " drawn" + (S.shown !== S.tables ? " of " + fmt(S.tables) : ""),
			plural(S.edges, "foreign key")];
		if (S.split) parts.push(fmt(S.shared) + " shared, " + fmt(S.tenant) + " tenant");
		if (S.cross) parts.push(plural(S.cross, "tenant foreign key") + " into the shared schema");
		if (S.rls) parts.push(fmt(S.rls) + " with row-level security");
		append(sum, el("p", { class: "note", id: "schema-numbers" }, [(S.source === "database" ? "From the database: " : "As the migrations build it: ") + parts.join(", ") + "." +
			(S.pattern ? " Tables matching " + S.pattern + "." : "")]));
		if (S.too_many)
			append(sum, el("p", { class: "sev-warning", text: fmt(S.tables) + " tables match: more than " + fmt(S.max) + " are not drawn. Narrow the diagram with --tables PATTERN (a LIKE pattern, e.g. 'billing%')." }));
		var lg = document.getElementById("schema-legend");
		var items = [];
		if (S.split === "schema") {
			items.push(el("span", {}, [el("span", { class: "tag shared", text: "shared" }), " once, in schema " + S.shared_schema]));
			items.push(el("span", {}, [el("span", { class: "tag tenant", text: "tenant" }), " in every tenant schema"]));
			items.push(el("span", {}, [el("span", { class: "sw", style: "background:#d62728;height:3px;width:22px;vertical-align:3px" }), "tenant foreign key into the shared schema"]));
		} else if (S.split === "column") {
			items.push(el("span", {}, [el("span", { class: "tag tenant", text: "tenant rows" }), " tables with a " + S.tenant_column + " column"]));
			items.push(el("span", {}, [el("span", { class: "tag shared", text: "global" }), " tables without it"]));
		}
		items.push(el("span", {}, [el("b", { style: "color:#b3261e", text: "RLS" }), " row-level security enabled"]));
		items.push(el("span", { text: "PK primary key \u00b7 FK foreign key \u00b7 UK referenced key \u00b7 click a table to follow its keys" }));
		append(lg, el("div", { class: "legend" }, items));
		var svgEl = er.querySelector("svg");
		if (svgEl) {
			var w0 = svgEl.width.baseVal.value, h0 = svgEl.height.baseVal.value, zoom = 1;
			var setZoom = function (z) {
				zoom = z;
				svgEl.setAttribute("width", Math.round(w0 * z));
				svgEl.setAttribute("height", Math.round(h0 * z));
			};
			var tools = document.getElementById("er-tools");
			append(tools, [
				el("button", { type: "button", id: "er-zoom-in", text: "+" }),
				el("button", { type: "button", id: "er-zoom-out", text: "\u2212" }),
				el("button", { type: "button", id: "er-fit", text: "fit" }),
				el("span", { class: "note", text: "drawn by Graphviz (dot)" })
			]);
			document.getElementById("er-zoom-in").onclick = function () { setZoom(zoom * 1.25); };
			document.getElementById("er-zoom-out").onclick = function () { setZoom(zoom / 1.25); };
			document.getElementById("er-fit").onclick = function () { setZoom(Math.min(1, (er.clientWidth - 4) / w0)); };
			var edges = Array.prototype.map.call(er.querySelectorAll("g.edge"), function (g) {
				var title = g.querySelector("title"), ends = title ? title.textContent.split("->") : ["", ""];
				return { g: g, from: ends[0].split(":")[0], to: (ends[1] || "").split(":")[0] };
			});
			var focused = null;
			Array.prototype.forEach.call(er.querySelectorAll("g.node"), function (n) {
				n.addEventListener("click", function () {
					var id = n.id;
					er.querySelectorAll(".hl").forEach(function (x) { x.classList.remove("hl"); });
					if (focused === id) {
						focused = null;
						er.classList.remove("focus");
						return;
					}
					focused = id;
					er.classList.add("focus");
					n.classList.add("hl");
					edges.forEach(function (e) {
						if (e.from !== id && e.to !== id) return;
						e.g.classList.add("hl");
						var other = document.getElementById(e.from === id ? e.to : e.from);
						if (other) other.classList.add("hl");
					});
				});
			});
		} else if (!S.too_many) {
			append(er, el("p", { class: "note", style: "padding:8px", text: "No table to draw." }));
		}
	}

	/* ---- history ---- */
	if (D.history) {
		var H = D.history, hs = document.getElementById("history");
		hs.hidden = false;
		append(hs, [el("h2", { text: "History" }),
			el("p", { class: "note", id: "history-numbers", text: "Every migration in apply order with its lint findings (docs/rules.md) and the order analysis: the earlier migrations it needs, and what it changes. " +
				plural(H.errors, "error") + ", " + plural(H.warnings, "warning") + "." })]);
		H.sets.forEach(function (set) {
			if (set.scope) append(hs, el("h3", {}, [el("span", { class: "tag " + set.scope, text: set.scope }), " " + set.dir + " \u2014 " + plural(set.migrations.length, "migration")]));
			if (set.violations) append(hs, el("p", { class: "sev-error", text: plural(set.violations, "migration") + " need a later one: `strata check --suggest-order` prints a valid order." }));
			var rows = set.migrations.map(function (m, i) {
				var errs = 0, warns = 0;
				m.findings.forEach(function (x) { if (x.severity === "error") errs++; else warns++; });
				var fcell = el("td", {});
				if (m.findings.length) {
					fcell.appendChild(el("details", {}, [
						el("summary", {}, [errs ? el("span", { class: "tag bad", text: plural(errs, "error") }) : null, warns ? el("span", { class: "tag warn", text: plural(warns, "warning") }) : null]),
						el("ul", { class: "findings" }, m.findings.map(function (x) {
							return el("li", {}, [el("span", { class: "sev-" + x.severity, text: x.severity }), " ",
								el("span", { class: "mono", text: (x.line ? ":" + x.line + ":" + x.col : "") }), " " + x.message + " ",
								el("span", { class: "muted mono", text: "[" + x.rule + "]" }),
								x.hint ? el("div", { class: "note", text: "hint: " + x.hint }) : null]);
						}))]));
				} else {
					fcell.appendChild(el("span", { class: "muted", text: "\u2014" }));
				}
				var req = el("td", {});
				m.requires.forEach(function (r, k) {
					if (k) req.appendChild(document.createTextNode(", "));
					req.appendChild(el("span", { class: "mono" + (r.later ? " later" : ""), title: r.name, text: r.version || r.name }));
					if (r.later) req.appendChild(el("span", { class: "tag bad", text: "comes later" }));
				});
				if (!m.requires.length) req.appendChild(el("span", { class: "muted", text: "\u2014" }));
				var chg = m.changes.length > 3
					? el("details", {}, [el("summary", { class: "mono", text: m.changes.slice(0, 2).join(", ") + " +" + (m.changes.length - 2) }), el("div", { class: "mono", text: m.changes.join(", ") })])
					: el("span", { class: "mono", text: m.changes.join(", ") || "\u2014" });
				return el("tr", { class: "migration", "data-version": m.version, "data-findings": m.findings.length }, [
					el("td", { class: "n muted", text: i + 1 }),
					el("td", { class: "mono", text: m.version }),
					el("td", { title: m.file, text: m.name }),
					fcell, req, el("td", {}, chg)]);
			});
			append(hs, el("table", { class: "history" }, [el("thead", {}, el("tr", {}, ["#", "version", "name", "findings", "needs (provided by)", "changes"].map(function (h, k) {
				return el("th", { class: k === 0 ? "n" : null, text: h });
			}))), el("tbody", {}, rows)]));
		});
		if (H.other.length) {
			append(hs, el("h3", { text: "Other findings" }));
			append(hs, el("ul", { class: "findings" }, H.other.map(function (x) {
				return el("li", {}, [el("span", { class: "sev-" + x.severity, text: x.severity }), " " + (x.file ? x.file + (x.line ? ":" + x.line + ":" + x.col : "") + ": " : "") + x.message]);
			})));
		}
	}

	document.getElementById("footer").textContent = "strata " + D.strata + " \u00b7 self-contained: no network, works offline";
	window.strataRenderMs = performance.now() - t0;
	document.body.setAttribute("data-rendered", "true");
})();
