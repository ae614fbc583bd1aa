"""Benchmark: prints figures, asserts nothing. `make bench YEARS=10` (or YEARS=1,3,10,20).

For each number of years N it synthesises N years from the bundled sample (the
same data, year numbers changed), then measures:

- a cold build (empty caches: charts, fonts, kept MkDocs output) and a warm build
  (nothing changed: every step runs, MkDocs converts no page), each in a new
  process as `generator build` runs (imports included), with its steps (load+check,
  render, charts read from the cache, stage, mkdocs with the post-build pass, swap;
  and the seconds of the thread drawing the other charts beside stage and mkdocs)
  and its peak RSS;
- plain `mkdocs build` of exactly the same staged pages and configuration;
- the edit loop: `serve` running, one actual changed in one CSV, seconds until
  the served page shows it (the median of three edits);
- pages and charts, median and largest page HTML.

With several N it prints the exponents of a log-log fit (warm time and total
HTML bytes against pages: 1.0 is linear). Then the import of a 150-indicator
workbook and `validate` of two hostile data folders (a YAML alias bomb, a
50 MB CSV). The last line of each N is the one-line summary:

    bench years=10 pages=… charts=… cold_s=… warm_s=… mkdocs_s=… warm_vs_mkdocs=… edit_s=… peak_mb=…
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402

from generator.build import CONFIG, CONTENT, generate, mkdocs_config  # noqa: E402
from generator.importer import import_file  # noqa: E402
from tests import albero150  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "sample"
EDIT_CSV = "indicatori/ente.csv"
EDIT_OLD = '"98,9%"'


def synthesise(years: int, out: Path) -> Path:
    """`years` years ending with the sample's 2025: copies of it with the year numbers changed."""
    shutil.copytree(SAMPLE, out)
    for k in range(1, years):
        y = 2025 - k
        shutil.copytree(SAMPLE / "2025", out / str(y))
        for p in (out / str(y)).rglob("*"):
            if p.suffix in (".yaml", ".csv"):
                text = p.read_text(encoding="utf-8")
                p.write_text(re.sub(r"\b202[45]\b", lambda m: str(y if m[0] == "2025" else y - 1), text), encoding="utf-8")
    return out


# A build as an editor or CI runs it: a fresh process (imports included), its own peak memory (VmHWM).
_BUILD = """
import json, sys
from pathlib import Path
from generator.build import Laps, build
laps = Laps()
r = build(Path(sys.argv[1]), Path(sys.argv[2]), cache_dir=Path(sys.argv[3]), laps=laps)
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps(dict(laps=laps.seconds, pages=r.pages, charts=r.charts, charts_rendered=r.charts_rendered, pages_built=r.pages_built, peak_mb=hwm / 1024)))
"""


def timed_build(data: Path, site: Path, cache: Path) -> tuple[float, dict]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _BUILD, str(data), str(site), str(cache)], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - t, json.loads(out.stdout.splitlines()[-1])


def plain_mkdocs(data: Path, work: Path, cache: Path) -> float:
    """`mkdocs build` alone, of the pages and configuration the generator stages."""
    docs, out = work / "docs", work / "site"
    ds, site, _, _ = generate(data, docs, CONTENT, cache)
    config = mkdocs_config(ds, site, docs, out, CONFIG)
    t = time.perf_counter()
    mkdocs_build(config)
    return time.perf_counter() - t


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (localhost only)
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


EDITS = ('"97,7%"', '"96,6%"', '"95,5%"')  # one actual changed three times: the median is reported


def edit_loop(data: Path) -> float:
    """Seconds from saving one changed actual to the served page showing it (serve running): the median of
    three edits, the first made a few seconds after the preview opened, as an editor reading it would."""
    port = _free_port()
    page = f"http://127.0.0.1:{port}/amministrazione-trasparente/performance/relazione-sulla-performance/2025/cruscotti/ente/"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--data", str(data), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    csv = data / "2025" / EDIT_CSV
    original = csv.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 600
        while "98,9%" not in _get(page):
            if time.monotonic() > deadline or proc.poll() is not None:
                return float("nan")
            time.sleep(0.2)
        for new in EDITS:
            time.sleep(3.0)  # the editor reads the preview (and the watcher settles)
            csv.write_text(original.replace(EDIT_OLD, new, 1), encoding="utf-8")
            t = time.perf_counter()
            shown = new.strip('"')
            while shown not in _get(page):
                if time.monotonic() > deadline:
                    return float("nan")
                time.sleep(0.05)
            times.append(time.perf_counter() - t)
        return statistics.median(times)
    finally:
        csv.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)


def html_sizes(site: Path) -> list[int]:
    return sorted(p.stat().st_size for p in site.rglob("*.html"))


YEAR_IN_PATH = re.compile(r"/\d{4}(/|$)")


def page_kinds(site: Path) -> str:
    """Average HTML of the site-wide pages and of the year pages, the two kinds the total is made of."""
    kinds: dict[str, list[int]] = {"site-wide": [], "year": []}
    for p in site.rglob("*.html"):
        kinds["year" if YEAR_IN_PATH.search(p.parent.relative_to(site).as_posix()) else "site-wide"].append(p.stat().st_size)
    return ", ".join(f"{k} {len(v)} pages, mean {statistics.fmean(v) / 1024:.1f} KB" for k, v in kinds.items() if v)


def bench_years(years: int, tmp: Path, with_edit: bool) -> dict[str, float]:
    data = synthesise(years, tmp / f"data-{years}")
    cache = tmp / f"cache-{years}" / "charts"
    site = tmp / f"site-{years}"
    cold_s, cold = timed_build(data, site, cache)
    warm_s, warm = timed_build(data, site, cache)
    sizes = html_sizes(site)
    mkdocs_s = plain_mkdocs(data, tmp / f"plain-{years}", cache)
    edit_s = edit_loop(data) if with_edit else float("nan")
    print(f"\n== {years} anni: {cold['pages']} pagine, {cold['charts']} grafici")
    for name, seconds, run in (("cold", cold_s, cold), ("warm", warm_s, warm)):
        steps = "  ".join(f"{k} {v:.2f}" for k, v in run["laps"].items())
        print(f"{name} build {seconds:6.2f} s (a new process, imports included)   {steps}   peak {run['peak_mb']:.0f} MB")
    print(f"charts drawn: cold {cold['charts_rendered']}, warm {warm['charts_rendered']} (the rest from the cache); "
          f"pages converted by MkDocs: cold {cold['pages_built']}, warm {warm['pages_built']} (the rest unchanged since the last build)")
    print(f"plain mkdocs build of the same pages: {mkdocs_s:.2f} s; warm ÷ plain = {warm_s / mkdocs_s:.2f}")
    print(f"edit → served page: {edit_s:.2f} s")
    print(f"page HTML: median {statistics.median(sizes) / 1024:.1f} KB, largest {sizes[-1] / 1024:.1f} KB, total {sum(sizes) / 1024 / 1024:.1f} MB; "
          + page_kinds(site))
    row = dict(years=years, pages=cold["pages"], charts=cold["charts"], cold_s=cold_s, warm_s=warm_s, mkdocs_s=mkdocs_s,
               warm_vs_mkdocs=warm_s / mkdocs_s, edit_s=edit_s, peak_mb=max(cold["peak_mb"], warm["peak_mb"]), html_bytes=sum(sizes))
    print(f"bench years={years} pages={row['pages']} charts={row['charts']} cold_s={cold_s:.2f} warm_s={warm_s:.2f} "
          f"mkdocs_s={mkdocs_s:.2f} warm_vs_mkdocs={warm_s / mkdocs_s:.2f} edit_s={edit_s:.2f} peak_mb={row['peak_mb']:.0f}")
    shutil.rmtree(site, ignore_errors=True)
    return row


def exponent(xs: list[float], ys: list[float]) -> float:
    """Slope of log y against log x (least squares): 1.0 is linear."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def bench_import(tmp: Path) -> float:
    """Seconds to import the 150-indicator workbook as a new year beside a copy of the sample."""
    copy = tmp / "import-data"
    shutil.copytree(SAMPLE, copy)
    book = tmp / "albero.xlsx"
    albero150.write(book)
    t = time.perf_counter()
    out = import_file(book, 2026, copy)
    seconds = time.perf_counter() - t
    if out.code:
        print("\n".join(out.lines), file=sys.stderr)
    return seconds


# The child's own peak memory: VmHWM of its own address space, read as it exits (ru_maxrss of a
# child would include the memory of this large process it was forked from).
_PEAK_WRAPPER = """
import atexit, runpy, sys
atexit.register(lambda: sys.stderr.write(next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))))
sys.argv = ['generator', *sys.argv[1:]]
runpy.run_module('generator', run_name='__main__')
"""


def bench_hostile(tmp: Path) -> None:
    """validate of hostile data folders: seconds and the child's peak memory."""
    bomb = ["bomba:", "  a: &a [x, x, x, x, x, x, x, x, x, x]"] + [
        f"  {chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]" for i in range(9)]
    cases = {
        "alias bomb in performance.yaml": ("2025/performance.yaml", "\n".join(bomb) + "\n"),
        "50 MB CSV": ("2025/indicatori/ente.csv", "1,,,,x,,,95%,96%,,,,PIRA,,\n" * 1_700_000),
    }
    for name, (rel, extra) in cases.items():
        d = tmp / f"hostile-{len(name)}"
        shutil.copytree(SAMPLE, d)
        with open(d / rel, "a", encoding="utf-8") as f:
            f.write(extra)
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, "validate", "--data", str(d)], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
        seconds = time.perf_counter() - t
        code, child_mb = r.returncode, int(re.search(r"VmHWM:\s*(\d+)", r.stderr)[1]) / 1024
        print(f"validate, {name}: {seconds:.2f} s, exit {code}, peak {child_mb:.0f} MB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--years", default="10", help="numbers of years, e.g. 10 or 1,3,10,20")
    p.add_argument("--no-edit", action="store_true", help="skip the edit loop with serve")
    args = p.parse_args()
    counts = [int(n) for n in args.years.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        rows = [bench_years(n, tmp, not args.no_edit) for n in counts]
        if len(rows) > 1:
            pages = [r["pages"] for r in rows]
            print(f"\nlog-log fit against pages: warm time exponent {exponent(pages, [r['warm_s'] for r in rows]):.2f}, "
                  f"total HTML exponent {exponent(pages, [r['html_bytes'] for r in rows]):.2f} (1.0 = linear)")
            # The pages a year adds are larger than the site-wide ones (home, sections, legal notes), so the share of
            # year pages alone lifts the exponent above 1; the bytes each added page brings show whether they grow.
            steps = [f"{a['years']}→{b['years']}: {(b['html_bytes'] - a['html_bytes']) / (b['pages'] - a['pages']) / 1024:.1f} KB"
                     for a, b in zip(rows, rows[1:])]
            print("HTML bytes per page added, " + ", ".join(steps) + " (the same figure each step = linear in years)")
        print(f"\nimport of a 150-indicator workbook: {bench_import(tmp):.2f} s (target: under 3 s)")
        bench_hostile(tmp)
        for r in rows:
            print(f"bench years={r['years']} pages={r['pages']} charts={r['charts']} cold_s={r['cold_s']:.2f} warm_s={r['warm_s']:.2f} "
                  f"mkdocs_s={r['mkdocs_s']:.2f} warm_vs_mkdocs={r['warm_vs_mkdocs']:.2f} edit_s={r['edit_s']:.2f} peak_mb={r['peak_mb']:.0f}")


if __name__ == "__main__":
    main()
