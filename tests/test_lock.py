"""requirements.lock pins every dependency, within what pyproject.toml allows, and is what is installed."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DECLARED = [Requirement(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]]
PINS = {
    canonicalize_name(m[1]): m[2]
    for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
}


@pytest.mark.parametrize("req", DECLARED, ids=[r.name for r in DECLARED])
def test_every_declared_dependency_is_pinned_within_its_range(req):
    pinned = PINS.get(canonicalize_name(req.name))
    assert pinned, f"{req.name} is not in requirements.lock: run make upgrade"
    assert req.specifier.contains(pinned, prereleases=True), f"{req.name}=={pinned} is outside {req.specifier}: run make upgrade"


def test_the_environment_is_the_lock():
    """make site and make test install from the lock: what runs is what the lock says."""
    wrong = {}
    for name, pinned in PINS.items():
        try:
            if version(name) != pinned:
                wrong[name] = (version(name), pinned)
        except PackageNotFoundError:
            wrong[name] = (None, pinned)
    assert not wrong, f"installed ≠ requirements.lock (name: (installed, locked)): {wrong}"
