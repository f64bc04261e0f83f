"""`fbss-guide serve` among many connections, and behind the documented nginx proxy.

Real sockets on 127.0.0.1 only, small enough for CI: 300 idle connections against the
server's own settings (server.waitress_options, the ones `fbss-guide serve` uses), and
the nginx site from docs/serving.md run as it is written, with a throwaway certificate.
"""

from __future__ import annotations

import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from checkout import PROJECT_ROOT
from serve_support import running_server

from fbss_guide.serve.app import Settings

IDLE_CONNECTIONS = 300


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def test_idle_connections_do_not_lock_the_form_out(tmp_path: Path) -> None:
    settings = Settings(work_dir=tmp_path, workers=0)
    with running_server(settings) as (base, _), ExitStack() as idle:
        for _ in range(IDLE_CONNECTIONS):
            sock = idle.enter_context(socket.create_connection(("127.0.0.1", _port(base))))
            sock.sendall(b"GET / HTTP/1.1\r\n")  # a request begun and never finished
        time.sleep(0.5)  # let the server accept every one of them
        start = time.monotonic()
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            page = response.read().decode()
        seconds = time.monotonic() - start
        assert response.status == 200 and "Make your clinic's edition" in page
        assert seconds < 2, f"the form took {seconds:.1f} s with {IDLE_CONNECTIONS} idle"


def test_the_session_cookie_is_secure_only_when_a_trusted_proxy_says_https(
    tmp_path: Path,
) -> None:
    with running_server(Settings(work_dir=tmp_path, workers=0), "127.0.0.1") as (base, _):
        for proto, secure in (("https", True), ("http", False)):
            request = urllib.request.Request(base + "/", headers={"X-Forwarded-Proto": proto})
            with urllib.request.urlopen(request, timeout=10) as response:
                cookie = response.headers["Set-Cookie"]
            assert ("; Secure" in cookie) is secure, (proto, cookie)
    # Without --trusted-proxy nobody's header is believed.
    with running_server(Settings(work_dir=tmp_path / "b", workers=0)) as (base, _):
        request = urllib.request.Request(base + "/", headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert "; Secure" not in response.headers["Set-Cookie"]


def _documented_nginx_site() -> str:
    text = (PROJECT_ROOT / "docs" / "serving.md").read_text(encoding="utf-8")
    section = text.split("## Behind a reverse proxy", 1)[1]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _nginx(site: str, folder: Path) -> Iterator[None]:
    config = folder / "nginx.conf"
    config.write_text(
        "daemon off;\nworker_processes 1;\npid nginx.pid;\n"
        f"error_log {folder}/error.log;\nevents {{}}\n"
        "http {\n"
        f"  access_log off;\n  client_body_temp_path {folder}/body;\n"
        f"  proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/f;\n"
        f"  uwsgi_temp_path {folder}/u;\n  scgi_temp_path {folder}/s;\n"
        f"{site}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        time.sleep(0.5)
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="make test installs nginx-light")
def test_the_documented_nginx_site_serves_the_form_over_https(tmp_path: Path) -> None:
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-keyout", str(tmp_path / "key.pem")),
            *("-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    with running_server(Settings(work_dir=tmp_path / "work", workers=0), "127.0.0.1") as (
        base,
        _,
    ):
        https_port = _free_port()
        site = (
            _documented_nginx_site()
            .replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
            .replace("/etc/ssl/certs/handouts.example.org.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/private/handouts.example.org.key", str(tmp_path / "key.pem"))
            .replace("http://127.0.0.1:8000", base)
        )
        assert f"listen 127.0.0.1:{https_port} ssl;" in site and base in site
        with _nginx(site, tmp_path):
            context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
            context.check_hostname = False
            request = urllib.request.Request(f"https://127.0.0.1:{https_port}/")
            with urllib.request.urlopen(request, timeout=10, context=context) as response:
                page = response.read().decode()
                cookie = response.headers["Set-Cookie"]
            assert response.status == 200 and "Make your clinic's edition" in page
            assert "; Secure" in cookie and "; HttpOnly" in cookie
