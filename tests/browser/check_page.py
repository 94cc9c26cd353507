"""The report page in a real browser (Debian's chromium, headless): built from data/raw,
rendered at 360 px (a phone) and 1200 px (a desktop).

Usage: python check_page.py CIFRAS_BIN WORKDIR

Asserts, at each width: no horizontal overflow of the page (wide tables scroll inside
their own box); three charts, each an SVG with a caption; the rows marked ⚠ in the
consistency table equal the mismatched checks, and the jornadas marked in the trend table
equal the jornadas whose bulletins have a mismatched check (counted with DuckDB from the
tables); none of the English phrases below among the page's visible text. Saves a
screenshot per width in WORKDIR (a test artifact; `.ci/run` prints where).
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys

import duckdb

cifras, work = sys.argv[1], os.path.abspath(sys.argv[2])
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
wh = f"{work}/wh"
subprocess.run([cifras, "run", "-q", "--input", f"{root}/data/raw", "--warehouse", wh], check=True,
               capture_output=True)
page = f"{work}/page.html"
subprocess.run([cifras, "report", "--html", page, "--warehouse", wh], check=True, capture_output=True)

# what the page must mark, from the tables themselves
con = duckdb.connect()
t = lambda n: f"read_parquet('{wh}/{n}/**/*.parquet')"
mismatches = con.sql(f"SELECT count(*) FROM {t('checks')} WHERE status = 'mismatch'").fetchall()[0][0]
doubted = con.sql(f"""
    SELECT count(DISTINCT (j.year, j.jornada_number)) FROM {t('jornadas')} j JOIN {t('checks')} c
    ON c.status = 'mismatch' AND list_contains(string_split(j.source_doc_ids, ','), c.doc_id)
""").fetchall()[0][0]

# English the page must not show its readers (the UI's own words; data codes excepted)
ENGLISH = ["per jornada", "Built by", "no data", "the tables below", "charts are drawn",
           "Charts", "each service", "mismatches first", "documents, figures", "in time order",
           "appearances", "productivity", "goal", "share of"]

PROBE = """<script>
window.addEventListener('load', () => {
  const doc = document.documentElement;
  const consistency = document.querySelectorAll('#report-consistencia tr.duda').length;
  const trend = document.querySelectorAll('#report-tendencia tr.duda').length;
  const figures = [...document.querySelectorAll('figure')].map(f => ({
    svg: !!f.querySelector('svg'), caption: (f.querySelector('figcaption') || {}).textContent || ''}));
  const r = {overflow: doc.scrollWidth - window.innerWidth, consistency, trend, figures,
             text: document.body.innerText};
  const pre = document.createElement('pre'); pre.id = 'resultado';
  pre.textContent = JSON.stringify(r); document.body.appendChild(pre);
});
</script>"""
with open(page, encoding="utf-8") as f:
    source = f.read()
probe = f"{work}/probe.html"
with open(probe, "w", encoding="utf-8") as f:
    f.write(source.replace("</body>", PROBE + "</body>"))

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
assert chromium, "chromium is not installed (Debian: apt-get install chromium)"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", f"--user-data-dir={work}/profile"]
failures = []
for width in (360, 1200):
    dom = subprocess.run([chromium, *FLAGS, f"--window-size={width},900", "--virtual-time-budget=5000",
                          "--dump-dom", f"file://{probe}"], capture_output=True, text=True, timeout=120).stdout
    m = re.search(r'<pre id="resultado">(.*?)</pre>', dom, re.S)
    if not m:
        failures.append(f"{width} px: the page did not load in chromium")
        continue
    r = json.loads(html.unescape(m.group(1)))
    if r["overflow"] > 0:
        failures.append(f"{width} px: the page is {r['overflow']} px wider than the window")
    if len(r["figures"]) != 3 or not all(f["svg"] and f["caption"].strip() for f in r["figures"]):
        failures.append(f"{width} px: charts {r['figures']}")
    if r["consistency"] != mismatches:
        failures.append(f"{width} px: {r['consistency']} consistency rows marked, {mismatches} checks mismatch")
    if r["trend"] != doubted:
        failures.append(f"{width} px: {r['trend']} jornadas marked, {doubted} have a mismatched check")
    english = [p for p in ENGLISH if p.lower() in r["text"].lower()]
    if english:
        failures.append(f"{width} px: English on the page: {english}")
    shot = f"{work}/pagina-{width}px.png"
    subprocess.run([chromium, *FLAGS, f"--window-size={width},2400", f"--screenshot={shot}",
                    f"file://{os.path.abspath(page)}"], capture_output=True, timeout=120)
    if not os.path.exists(shot):
        failures.append(f"{width} px: no screenshot")

if failures:
    print("browser test FAILED:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print(f"browser test ok: chromium at 360 and 1200 px, no overflow, 3 charts with captions, "
      f"{mismatches} mismatched checks and {doubted} jornada(s) marked; screenshots in {work}")
