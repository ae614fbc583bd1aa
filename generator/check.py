"""`validate`: load and check the data, then compute and add the cross-checks.

Kept apart from the build so that `validate` imports no chart, page or MkDocs
code: it stays fast and small in memory, whatever the data folder holds.
"""

from __future__ import annotations

from pathlib import Path

from . import bonuses
from .compute import YearResult, compute_year, published_mismatches
from .datasets import BONUS_FILE
from .fmt import score
from .issues import Issues
from .load import YEAR_FILE, load
from .model import Dataset

MAX_BARS = 300  # a bar per indicator: above this a scorecard's chart is unreadable (and slow); its tables stay


def check(data_dir: Path) -> tuple[Dataset | None, list[YearResult], Issues]:
    """Load and validate everything; compute; add cross-checks as warnings.

    What the build would refuse is refused here too, and what it would leave
    out (a chart too large to draw) is said here.
    """
    ds, issues = load(data_dir)
    if ds is None:
        return None, [], issues
    results = [compute_year(y, ds.body) for y in ds.years]
    for res in results:
        year_file = data_dir / res.data.folder / YEAR_FILE
        for file, line, what, published, computed in published_mismatches(res):
            shown = score(computed) if computed is not None else "non calcolabile"
            issues.warn(file or year_file, line, what, f"il documento pubblica {score(published)}, il valore calcolato dai dati è {shown}")
        for c in res.cards:
            n = sum(1 for s in c.indicators if s.score is not None)
            if n > MAX_BARS:
                issues.warn(data_dir / res.data.folder / c.card.file, None, "grafico",
                            f"{n} indicatori valutati: oltre {MAX_BARS} il grafico della scheda non viene disegnato; i dati restano nelle tabelle della pagina")
    for kind, field in (("distribution", "distribuzione"), ("amounts", "ammontare")):
        for year, shown, other in bonuses.published(results, kind)[1]:
            issues.warn(data_dir / other.data.folder / BONUS_FILE, None, field,
                        f"anno_riferimento {year}: dati diversi da quelli di {shown.data.folder}/{BONUS_FILE}, che sono quelli "
                        f"pubblicati (il più recente): se sono questi quelli giusti, correggere {shown.data.folder}/{BONUS_FILE}")
    return ds, results, issues
