"""Problems found in the data, collected and reported together.

Every problem names the file, the line (when known), the field, the bad value
and what is expected. Messages are in Italian: they are read by editors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "errore"
    WARNING = "avviso"


@dataclass(frozen=True, order=True)
class Issue:
    file: str
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        prefix = "" if self.severity is Severity.ERROR else "avviso: "
        fld = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{fld}{self.message}"


@dataclass
class Issues:
    """An append-only collection of problems; the build stops once, at the end."""

    root: Path | None = None
    items: list[Issue] = field(default_factory=list)
    _resolved: dict[Path, Path] = field(default_factory=dict, repr=False, compare=False)  # folder → resolved, for this build
    _shown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # path → as shown (rel), for this build

    def _resolve(self, folder: Path) -> Path:
        if folder not in self._resolved:
            self._resolved[folder] = folder.resolve()
        return self._resolved[folder]

    def rel(self, path: Path | str) -> str:
        """Show a path as the editor gave it: the data dir as passed, then the rest."""
        key = str(path)
        if key not in self._shown:
            self._shown[key] = self._rel(Path(path))
        return self._shown[key]

    def _rel(self, path: Path) -> str:
        if self.root is not None:
            try:
                real = self._resolve(path.parent) / path.name  # a symbolic link is shown as itself, not as where it leads
                return (self.root / real.relative_to(self._resolve(self.root))).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def error(self, file: Path | str, line: int | None, fld: str, message: str) -> None:
        self.items.append(Issue(self.rel(file), line, fld, message, Severity.ERROR))

    def warn(self, file: Path | str, line: int | None, fld: str, message: str) -> None:
        self.items.append(Issue(self.rel(file), line, fld, message, Severity.WARNING))

    def row(self, file: Path | str, line: int) -> RowErrors:
        """An error reporter for one row of a file, remembering whether it reported anything."""
        return RowErrors(self, file, line)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.items if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.items if i.severity is Severity.WARNING]


class RowErrors:
    def __init__(self, issues: Issues, file: Path | str, line: int):
        self.issues, self.file, self.line = issues, file, line
        self.ok = True

    def __call__(self, fld: str, message: str) -> None:
        self.ok = False
        self.issues.error(self.file, self.line, fld, message)


class DataError(Exception):
    """Raised once, after loading, when the data has errors."""

    def __init__(self, issues: Issues):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues.errors))
