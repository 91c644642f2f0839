#!/usr/bin/python3
# report_browser.py — load a `strata report --html` page in Debian's headless Chromium (through
# chromium-driver and python3-selenium), let its script run, read the DOM back and compare what the page
# shows with the JSON of the commands it summarises. Prints "ok - NAME" / "not ok - NAME" lines (the
# integration tests' format) and exits 1 when any check failed.
#   report_browser.py --html FILE --name NAME [--status status.json] [--drift drift.json]
#                     [--shots DIR] [--max-bytes N] [--expect-truncated]
# --status: `strata status --tenants --json` (tenants per version, counters, failures); --drift:
# `strata drift --tenants --json` (drift groups). --shots writes NAME-page.png and one PNG per section.
import argparse
import json
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = "/usr/lib/chromium/chromium"  # the binary behind Debian's /usr/bin/chromium wrapper script
DRIVER = "/usr/bin/chromedriver"

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok - " if ok else "not ok - ") + name)
    if not ok and detail:
        for line in str(detail).splitlines()[:40]:
            print("    # " + line)


def num(text):
    return int(text.replace(",", "").strip())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--html", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--status")
    ap.add_argument("--drift")
    ap.add_argument("--shots")
    ap.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024)
    ap.add_argument("--expect-truncated", action="store_true")
    ap.add_argument("--server-tenants", help="tenants per server, comma-separated (a fleet of several servers)")
    ap.add_argument("--measure", type=int, default=0,
                    help="load the page N times more and print the median load time (bench/report.sh)")
    a = ap.parse_args()
    n = a.name
    size = os.path.getsize(a.html)
    check("%s: page is %d bytes (< %d)" % (n, size, a.max_bytes), size < a.max_bytes)

    profile = tempfile.mkdtemp(prefix="strata-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1300,1000",
                 "--user-data-dir=" + profile):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    try:
        driver.set_page_load_timeout(60)
        driver.get("file://" + os.path.abspath(a.html))
        rendered = driver.execute_script("return document.body.getAttribute('data-rendered')")
        check("%s: the script ran to the end" % n, rendered == "true", rendered)
        ms = driver.execute_script("return window.strataRenderMs")
        nav = driver.execute_script(
            "var t = performance.getEntriesByType('navigation')[0]; return t ? t.loadEventEnd : null")
        print("# %s: %d bytes, script %.0f ms, load event at %.0f ms" % (n, size, ms or -1, nav or -1))
        logs = driver.get_log("browser")
        bad = [l for l in logs if l.get("level") in ("SEVERE", "WARNING")]
        check("%s: no console errors or warnings" % n, not bad, "\n".join(l["message"] for l in bad))
        external = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (r) { return r.name; })")
        check("%s: nothing fetched (self-contained)" % n, not external, external)

        if a.status:
            st = json.load(open(a.status))
            cards = {e.get_attribute("data-k"): num(e.find_element(By.CLASS_NAME, "num").text)
                     for e in driver.find_elements(By.CSS_SELECTOR, "#fleet-cards .card")}
            want = {k: st[k] for k in ("tenants", "at_head", "pending", "failed", "edited")}
            if "never_migrated" in st:
                want["never"] = st["never_migrated"]
            got = {k: cards.get(k) for k in want}
            check("%s: counters shown = status --tenants --json" % n, got == want, "page %s\nstatus %s" % (got, want))
            shown = {r.get_attribute("data-version"): num(r.find_element(By.CLASS_NAME, "total").text)
                     for r in driver.find_elements(By.CSS_SELECTOR, "#versions-table tbody tr")}
            check("%s: tenants per version shown = status --tenants --json" % n, shown == st["versions"],
                  "page %s\nstatus %s" % (shown, st["versions"]))
            bars = {b.get_attribute("data-version"): int(b.get_attribute("data-total"))
                    for b in driver.find_elements(By.CSS_SELECTOR, "#versions-chart g.bar")}
            check("%s: one bar per version with its count" % n, bars == st["versions"], bars)
            if a.server_tenants:
                want_s = [int(x) for x in a.server_tenants.split(",")]
                cols = driver.execute_script(
                    "var rows = document.querySelectorAll('#versions-table tbody tr'), s = [];"
                    "rows.forEach(function (r) { Array.prototype.slice.call(r.children, 3).forEach(function (td, i) {"
                    " s[i] = (s[i] || 0) + parseInt(td.textContent.replace(/,/g, ''), 10); }); }); return s;")
                check("%s: tenants per server shown (%s)" % (n, a.server_tenants), cols == want_s, cols)
                legend = driver.find_elements(By.CSS_SELECTOR, "#fleet .legend span .sw")
                check("%s: the bar chart has a colour per server" % n, len(legend) == len(want_s), len(legend))
            fc = num(driver.find_element(By.ID, "failures-count").text)
            check("%s: failed count shown = status (%d)" % (n, st["failed"]), fc == st["failed"], fc)
            rows = driver.find_elements(By.CSS_SELECTOR, "#failures tbody tr")
            listed = [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows]
            failed_tenants = [f["tenant"] for f in st["failures"]]
            if a.expect_truncated:
                check("%s: failed tenants listed are the first of status's" % n,
                      listed == failed_tenants[:len(listed)] and 0 < len(listed) < len(failed_tenants),
                      "%d listed of %d" % (len(listed), len(failed_tenants)))
                check("%s: the page says the list is cut" % n,
                      driver.find_elements(By.ID, "failures-truncated") != [])
                groups = sum(num(g.find_elements(By.TAG_NAME, "td")[0].text)
                             for g in driver.find_elements(By.CSS_SELECTOR, "#failure-groups tbody tr"))
                check("%s: failures grouped by error add up to the failed count" % n, groups == st["failed"], groups)
            else:
                check("%s: every failed tenant listed, as status lists them" % n, listed == failed_tenants,
                      "page %s\nstatus %s" % (listed, failed_tenants))
            for r, f in zip(rows, st["failures"]):
                tds = [td.text for td in r.find_elements(By.TAG_NAME, "td")]
                err = f.get("error") or ""
                if ":" in err and tds[-2]:
                    ok = err == tds[-2] + ": " + tds[-1]
                else:
                    ok = err == tds[-1] or (not err and tds[-1] == "(no error recorded)")
                if not ok:
                    check("%s: failure of %s shown with its file:line:col and error" % (n, f["tenant"]), False,
                          "page %s\nstatus %s" % (tds, err))
                    break
            else:
                check("%s: each failure shown with its file:line:col and error" % n, True)
            if rows:
                box = driver.find_element(By.ID, "failure-search")
                box.send_keys(listed[0])
                visible = [r for r in rows if r.is_displayed()]
                check("%s: the failure search filters the rows" % n,
                      0 < len(visible) <= len(rows) and all(listed[0] in r.text for r in visible),
                      len(visible))
                box.clear()
                driver.execute_script("document.getElementById('failure-search').dispatchEvent(new Event('input'))")

            if driver.find_elements(By.ID, "all-tenants-list"):
                driver.execute_script("var d = document.getElementById('all-tenants-list'); d.open = true;"
                                      "d.dispatchEvent(new Event('toggle'))")
                all_rows = driver.find_elements(By.CSS_SELECTOR, "#all-tenants tbody tr")
                check("%s: every tenant listed (%d)" % (n, st["tenants"]), len(all_rows) == st["tenants"],
                      len(all_rows))
                versions = {}
                for v in driver.execute_script(
                        "return Array.prototype.map.call(document.querySelectorAll('#all-tenants tbody tr'),"
                        " function (r) { return r.children[1].textContent; })"):
                    versions[v] = versions.get(v, 0) + 1
                check("%s: the tenant list adds up to the versions of status" % n, versions == st["versions"],
                      "page %s\nstatus %s" % (versions, st["versions"]))

        if a.drift:
            dr = json.load(open(a.drift))
            groups = driver.find_elements(By.CSS_SELECTOR, "#fleet .drift-group")
            texts = sorted(g.find_element(By.CLASS_NAME, "drift-text").text for g in groups)
            want = sorted(d["message"] for d in dr["diagnostics"] if d["rule"].startswith("drift-"))
            check("%s: drift groups shown = drift --tenants --json (%d)" % (n, len(want)), texts == want,
                  "page %s\ndrift %s" % (texts, want))
            distinct = num(driver.find_element(By.ID, "drift-distinct").text)
            check("%s: distinct drift count = drift --tenants (%d)" % (n, dr["distinct"]), distinct == dr["distinct"],
                  distinct)
            counts = sorted(int(g.get_attribute("data-count")) for g in groups)
            per = {}
            for t in dr["per_target"]:
                for d in t["diagnostics"]:
                    per[(d["rule"], d["message"])] = per.get((d["rule"], d["message"]), 0) + 1
            check("%s: tenants per drift group = drift --tenants" % n, counts == sorted(per.values()),
                  "page %s\ndrift %s" % (counts, sorted(per.values())))

        if driver.find_elements(By.CSS_SELECTOR, "#er svg"):
            tables = driver.find_elements(By.CSS_SELECTOR, "#er g.node.table")
            cross = driver.find_elements(By.CSS_SELECTOR, "#er g.edge.cross")
            print("# %s: diagram with %d tables, %d tenant foreign keys into shared" % (n, len(tables), len(cross)))
            if tables:
                driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", tables[0])
                hl = driver.find_elements(By.CSS_SELECTOR, "#er.focus g.hl")
                check("%s: clicking a table highlights it and its keys" % n, len(hl) >= 1, len(hl))
                driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", tables[0])

        if a.measure:
            loads, scripts = [], []
            for _ in range(a.measure):
                driver.get("about:blank")
                driver.get("file://" + os.path.abspath(a.html))
                t = driver.execute_script(
                    "var t = performance.getEntriesByType('navigation')[0];"
                    "return [t.loadEventEnd, window.strataRenderMs, document.body.getAttribute('data-rendered')]")
                check("%s: rendered (run %d)" % (n, len(loads) + 1), t[2] == "true", t)
                loads.append(t[0])
                scripts.append(t[1])
            loads.sort()
            scripts.sort()
            print("# measure %s: bytes %d load_ms_median %.0f load_ms_max %.0f script_ms_median %.0f runs %d" % (
                n, size, loads[len(loads) // 2], loads[-1], scripts[len(scripts) // 2], len(loads)))

        if a.shots:
            os.makedirs(a.shots, exist_ok=True)
            h = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1300, min(max(h, 600), 8000))
            driver.save_screenshot(os.path.join(a.shots, n + "-page.png"))
            for sec in ("fleet", "schema", "history"):
                el = driver.find_elements(By.ID, sec)
                if el and el[0].is_displayed():
                    el[0].screenshot(os.path.join(a.shots, "%s-%s.png" % (n, sec)))
            logs = [l for l in driver.get_log("browser") if l.get("level") in ("SEVERE", "WARNING")]
            check("%s: still no console errors after clicking and searching" % n, not logs,
                  "\n".join(l["message"] for l in logs))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
