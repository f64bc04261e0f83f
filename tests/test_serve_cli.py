"""`fbss-guide serve` from the command line: it starts, answers on 127.0.0.1, and stops
cleanly on SIGTERM; a wrong --project is an error in words."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CLI = [sys.executable, "-m", "fbss_guide.cli", "serve"]


def test_serve_starts_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*CLI, "--port", str(port), "--work-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Make your clinic's edition" in page
        assert (tmp_path / "requests").is_dir() and (tmp_path / "cache").is_dir()
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out and "stopped" in out


def test_a_folder_that_is_not_a_project_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CLI, "--project", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "no fbss-guide.yaml" in result.stderr and "fbss-guide new" in result.stderr
    assert "Traceback" not in result.stderr
