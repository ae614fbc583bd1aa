"""Build benchmark: prints figures (not a test). Usage: python scripts/bench.py [DATA]

Measures a cold build (empty chart cache, fresh process state for charts) and
a warm build (cache filled), the number of pages and charts, peak memory, and
the import of a 150-indicator workbook (tests/albero150.py) beside the data
(target: under 3 s).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.importer import import_file  # noqa: E402
from tests import albero150  # noqa: E402


def bench_import(data: Path) -> float:
    """Seconds to import the 150-indicator workbook as a new year beside a copy of `data`."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy)
        book = Path(tmp) / "albero.xlsx"
        albero150.write(book)
        year = max((int(p.name) for p in copy.iterdir() if p.name.isdigit()), default=2025) + 1
        t = time.perf_counter()
        out = import_file(book, year, copy)
        seconds = time.perf_counter() - t
        if out.code:
            print("\n".join(out.lines), file=sys.stderr)
        return seconds


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        site = Path(tmp) / "site"
        t = time.perf_counter()
        cold = build(data, site, cache_dir=cache)
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        warm = build(data, site, cache_dir=cache)
        warm_s = time.perf_counter() - t
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        shutil.rmtree(site)
    import_s = bench_import(data)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"data:            {data}")
    print(f"pages (html):    {cold.pages}")
    print(f"charts (svg):    {cold.charts} (cold: {cold.charts_rendered} rendered; warm: {warm.charts_rendered} rendered)")
    print(f"cold build:      {cold_s:.2f} s (includes the JavaScript runtime start of vl-convert)")
    print(f"warm build:      {warm_s:.2f} s")
    print(f"site size:       {size / 1024:.0f} KiB")
    print(f"import 150 ind.: {import_s:.2f} s (target: under 3 s; read, check of the whole data folder, write)")
    print(f"peak memory:     {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
