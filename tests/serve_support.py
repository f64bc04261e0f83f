"""Helpers for the `fbss-guide serve` tests and benchmark: a real server on 127.0.0.1
in a thread, and a small HTTP client that keeps its cookie and sends multipart forms."""

from __future__ import annotations

import http.cookiejar
import io
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from chromium import CHROMEDRIVER, CHROMIUM, chromium  # noqa: F401  (re-exported)
from flask import Flask
from PIL import Image

from fbss_guide.serve.app import Settings, create_app
from fbss_guide.serve.server import waitress_options


@contextmanager
def running_server(
    settings: Settings, trusted_proxy: str | None = None
) -> Iterator[tuple[str, Flask]]:
    """The app under waitress on a free port of 127.0.0.1; stopped on exit."""
    from waitress import create_server

    app = create_app(settings)
    # The options `fbss-guide serve` itself uses (connection limit, idle timeout, poll).
    server = create_server(app, **waitress_options("127.0.0.1", 0, trusted_proxy=trusted_proxy))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", app
    finally:
        server.close()
        app.extensions["fbss_queue"].stop()
        thread.join(timeout=5)


def png_logo(width: int = 240, height: int = 90, colour: str = "#0b4f6c") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One visitor: a cookie jar, the form's CSRF token, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.base + path))

    def open_form(self) -> Reply:
        reply = self.get("/")
        self.token = csrf_token(reply.text)
        return reply

    def post(
        self,
        path: str,
        fields: dict[str, str | list[str]],
        files: dict[str, tuple[str, bytes]] | None = None,
        with_token: bool = True,
    ) -> Reply:
        if with_token and "csrf_token" not in fields:
            fields = {"csrf_token": self.token, **fields}
        body, kind = multipart(fields, files or {})
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": kind}, method="POST"
        )
        return self._send(request)

    def wait_for(self, reply: Reply, seconds: float = 600, poll: float = 0.5) -> Reply:
        """Follow a job page's refreshes until the build has ended."""
        deadline = time.monotonic() + seconds
        while 'http-equiv="refresh"' in reply.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"the build at {reply.url} did not end in {seconds} s")
            time.sleep(poll)
            reply = self._send(urllib.request.Request(reply.url))
        return reply

    def _send(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=120) as response:
                return Reply(response.status, dict(response.headers), response.read(), response.url)
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read(), request.full_url)


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form has no CSRF token"
    return found.group(1)


def multipart(
    fields: dict[str, str | list[str]], files: dict[str, tuple[str, bytes]]
) -> tuple[bytes, str]:
    boundary = "----fbss" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + item.encode("utf-8")
                + b"\r\n"
            )
    for name, (filename, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def clinic_fields(name: str, emergency: str = "0800 555 0199") -> dict[str, str | list[str]]:
    return {
        "name": name,
        "phone": "+44 20 7946 0000",
        "emergency_number": emergency,
        "address": "12 River Road\nSpringfield",
        "website": "https://www.example.org/clinic",
        "care_team": "Your doctor\nYour physiotherapist",
        "languages": ["en"],
        "editions": ["a4"],
    }


def set_width(driver, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def empty_soon(folder, seconds: float = 15) -> bool:
    """Whether folder becomes empty within seconds (a download's folder is removed just
    after the server has sent its last byte, which the client may see first)."""
    deadline = time.monotonic() + seconds
    while any(folder.iterdir()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
