"""The live preview serves the site and rebuilds it when a data file changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
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
