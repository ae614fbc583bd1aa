"""The live preview serves the site and rebuilds it when a data file changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (local server)
        return r.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out; last result: {last!r}")


def test_serve_rebuilds_on_data_change(tmp_path, sample_dir):
    data = tmp_path / "dati"
    shutil.copytree(sample_dir, data)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--data", str(data), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        home = wait_for(lambda: fetch(base))
        assert "Camera di Commercio di Arezzo-Siena" in home
        assert "livereload" in home  # the page reloads itself after a rebuild
        body = data / "ente.yaml"
        body.write_text(body.read_text(encoding="utf-8").replace("nome: Camera di Commercio di Arezzo-Siena", "nome: Camera di prova"), encoding="utf-8")
        wait_for(lambda: "Camera di prova" in fetch(base))
        # bad data: the errors go to the terminal and the last good preview stays
        csv_file = data / "2025" / "indicatori" / "ente.csv"
        csv_file.write_text(csv_file.read_text(encoding="utf-8").replace("95%", "≥ 4O", 1), encoding="utf-8")
        time.sleep(3)
        assert "Camera di prova" in fetch(base)
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert '"≥ 4O" non è un target valido' in out
    assert "Anteprima non aggiornata: correggere gli errori indicati." in out
    # one rebuild for each edit: neither the build's own reads of the data nor a second watcher start another
    assert out.count("Anteprima aggiornata:") == 2, out


def test_serve_bad_requests_are_404_without_traceback(tmp_path, sample_dir):
    import urllib.error

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--data", str(sample_dir), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    codes = {}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: fetch(base + "/"))
        for path in ["/..%00/", "/%2e%2e/%2e%2e/etc/passwd", "/a%00b", "/" + "x" * 5000]:
            try:
                urllib.request.urlopen(base + path, timeout=10)
                codes[path] = 200
            except urllib.error.HTTPError as e:
                codes[path] = e.code
        assert "Camera di Commercio" in fetch(base + "/")  # still serving
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert all(c == 404 for c in codes.values()), codes
    assert "Traceback" not in out and "Error" not in out, out


def _linked(tmp_path):
    real = tmp_path / "altrove" / "2025"
    real.mkdir(parents=True)
    (real / "ente.csv").write_text("a\n", encoding="utf-8")
    (tmp_path / "dati").mkdir()
    (tmp_path / "dati" / "2025").symlink_to(real, target_is_directory=True)
    return tmp_path / "dati"


def _plain(tmp_path):
    (tmp_path / "dati" / "2025").mkdir(parents=True)
    (tmp_path / "dati" / "2025" / "ente.csv").write_text("a\n", encoding="utf-8")
    return tmp_path / "dati"


@pytest.mark.parametrize("make, edit, rebuilds", [
    (_plain, lambda d: (d / "2025" / "ente.csv").write_text("b\n", encoding="utf-8"), True),
    (_linked, lambda d: (d / "2025" / "ente.csv").write_text("b\n", encoding="utf-8"), True),  # through a linked folder
    (_plain, lambda d: shutil.rmtree(d / "2025"), True),  # a year deleted
    (_plain, lambda d: (d / "2025").rename(d.parent / "vecchio"), True),  # a year moved out of the data folder
    (_plain, lambda d: (d / "2025" / "ente.csv").read_text(encoding="utf-8"), False),  # a read is not an edit
], ids=["edit", "edit-through-link", "folder-deleted", "folder-moved", "read"])
def test_preview_watcher_sees_edits(tmp_path, make, edit, rebuilds):
    from generator.serve import _PreviewServer

    data = make(tmp_path)
    server = _PreviewServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path / "site"))
    try:
        server.watch(str(data))
        time.sleep(0.3)
        edit(data)
        deadline = time.monotonic() + 3
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server._want_rebuild is rebuilds
    finally:
        server._native.stop()
