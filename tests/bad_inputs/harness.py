"""Shared tools of the bad-input corpus (issue 8).

Each test module of this folder is a table of cases: a data folder changed in
one way (or a careless command), the exit code expected, and the message the
editor must read. These helpers run the real command line, check that no
traceback or Python exception name reaches the editor, and compare sites byte
for byte.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"

# What must never reach an editor: a traceback or a Python exception's name.
_LEAK = re.compile(r"Traceback \(most recent call last\)|\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b|\bErrno\b")


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: int = 300, **kw) -> subprocess.CompletedProcess:
    """`python -m generator ARGS` in a child process, as an editor types it."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=timeout, **kw)


def assert_clean(output: str) -> None:
    """No traceback, no exception name, no library's English text in front of the editor."""
    leak = _LEAK.search(output)
    assert leak is None, f"traceback or exception name in the output: {leak.group(0)!r}\n{output}"


def assert_located(output: str, *parts: str) -> None:
    """One line of the output names every part (file:line, field, value, expectation)."""
    lines = output.splitlines()
    assert any(all(p in line for p in parts) for line in lines), f"no line with all of {parts!r} in:\n{output}"


def copy_sample(tmp_path: Path, name: str = "dati") -> Path:
    """A writable copy of the frozen sample data."""
    d = tmp_path / name
    shutil.copytree(SAMPLE, d, symlinks=True)
    return d


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes (symlinks by target)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
