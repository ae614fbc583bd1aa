"""The deploy templates (.github/workflows/, .gitlab-ci.yml) are valid and do what the README says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github" / "workflows" / "sito.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
CHECK = str(Path(sys.executable).with_name("check-jsonschema"))
TEMPLATES = [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")]


def lint(file: Path, schema: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK, "--builtin-schema", schema, str(file)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("file", "schema"), TEMPLATES, ids=["github", "gitlab"])
def test_template_passes_its_linter(file, schema):
    r = lint(file, schema)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize(("file", "schema", "breakage"), [
    (GITHUB, "vendor.github-workflows", ("runs-on: ubuntu-latest", "runs_on: ubuntu-latest")),
    (GITLAB, "vendor.gitlab-ci", ("expire_in: 2 weeks", "expire_in: [2, weeks]")),
], ids=["github", "gitlab"])
def test_linter_catches_a_broken_template(tmp_path, file, schema, breakage):
    """The check above can fail: one wrong key in a copy is refused."""
    broken = tmp_path / file.name
    text = file.read_text(encoding="utf-8")
    assert breakage[0] in text
    broken.write_text(text.replace(breakage[0], breakage[1], 1), encoding="utf-8")
    assert lint(broken, schema).returncode != 0


def _runs(steps: list[dict]) -> str:
    return "\n".join(s.get("run", "") for s in steps)


def test_github_workflow_tests_builds_publishes_main_and_previews_pull_requests():
    wf = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
    assert on["push"]["branches"] == ["main"] and "pull_request" in on
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["container"].startswith("python:3.11-bookworm")
    runs = _runs(build["steps"])
    assert runs.index("make validate") < runs.index("make test") < runs.index("make site")
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"] == "site" and "refs/heads/main" in pages["if"] and "pull_request" in pages["if"]
    preview = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert preview["with"]["path"] == "site" and preview["if"] == "github.event_name == 'pull_request'"
    assert any("Anteprima" in s.get("run", "") and "github.run_id" in s.get("run", "") for s in build["steps"])
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["permissions"] == {"contents": "read"}


def test_gitlab_pipeline_tests_builds_publishes_default_branch_and_previews_merge_requests():
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert ci["image"].startswith("python:3.11-bookworm")
    assert ci["test"]["script"] == ["make validate", "make test"]
    pages = ci["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "make site" in pages["script"] and pages["artifacts"]["paths"] == ["public"]
    assert any("cp -r site public" in s for s in pages["script"])
    preview = ci["preview"]
    assert preview["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert preview["artifacts"]["paths"] == ["site/"] and any("Anteprima" in s and "CI_JOB_URL" in s for s in preview["script"])


def test_templates_use_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make site", "make test"):
        assert command in readme
        assert command in GITHUB.read_text(encoding="utf-8") and command in GITLAB.read_text(encoding="utf-8")
    assert shutil.which("make")
