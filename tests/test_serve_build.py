"""A clinic's edition through `fbss-guide serve`, over real HTTP on 127.0.0.1: the zip
holds each PDF with the clinic's details, the preview is page 1, the same request again
comes from the cache, and the saved clinic file builds the same PDF on the command line.
One English A4 build (plus one on the command line): the slow part of the serve tests."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from serve_support import Client, clinic_fields, empty_soon, png_logo, running_server

from fbss_guide.serve.app import Settings

pytestmark = pytest.mark.slow
NAME = "Harbour View Back Clinic"
EMERGENCY = "0800 555 0199"


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "page.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("serve")
    with running_server(Settings(work_dir=work, workers=1, max_waiting=4)) as (base, _app):
        yield base, work


def _request(base: str) -> tuple[Client, str]:
    client = Client(base)
    client.open_form()
    fields = {**clinic_fields(NAME, EMERGENCY), "logo_alt": f"{NAME} logo"}
    reply = client.post("/build", fields, {"logo": ("harbour.png", png_logo())})
    assert reply.status == 200 and "/jobs/" in reply.url, reply.text[:500]
    done = client.wait_for(reply)
    assert "Your handouts are ready" in done.text, done.text
    return client, done.url


def test_a_clinic_edition_end_to_end(server, tmp_path: Path) -> None:
    base, work = server
    client, job_url = _request(base)
    job_path = job_url.removeprefix(base)
    preview = client.get(job_path + "/preview.png")
    assert preview.status == 200 and preview.headers["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(preview.body))
    assert image.width < image.height  # a portrait A4 page
    saved = client.get(job_path + "/clinic.yaml")
    assert saved.status == 200 and f"name: {NAME}" in saved.text

    archive = client.get(job_path + "/handouts.zip")
    assert archive.status == 200 and archive.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.body)) as handouts:
        names = handouts.namelist()
        pdfs = [name for name in names if name.endswith(".pdf")]
        assert pdfs == ["en/fbss-guide-en-a4-harbour-view-back-clinic.pdf"], names
        assert {"clinic/clinic.yaml", "clinic/logo.png"} <= set(names)
        text = _pdf_text(handouts.read(pdfs[0]), tmp_path)
        handouts.extractall(tmp_path / "unzipped")
    assert NAME in text and f"Call {EMERGENCY}" in text
    # The request's folder is gone once the zip is downloaded.
    assert empty_soon(work / "requests")
    after = client.get(job_path)
    assert after.status == 200 and "Your handouts were downloaded" in after.text
    assert client.get(job_path + "/handouts.zip").status == 404
    assert client.get(job_path + "/clinic.yaml").text == saved.text

    # The saved clinic file (with its logo) builds the same handout on the command line.
    out = tmp_path / "cli-out"
    clinic_file = tmp_path / "unzipped" / "clinic" / "clinic.yaml"
    command = [sys.executable, "-m", "fbss_guide.cli", "build", "--lang", "en", "--paper", "a4"]
    subprocess.run(
        [*command, "--clinic", str(clinic_file), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    (cli_pdf,) = out.glob("en/*.pdf")
    assert cli_pdf.name == Path(pdfs[0]).name
    assert _pdf_text(cli_pdf.read_bytes(), tmp_path) == text


def test_the_same_clinic_again_comes_from_the_cache(server) -> None:
    base, work = server
    _request(base)  # built here, or already by the test above
    (folder,) = (work / "cache").iterdir()
    (pdf,) = folder.glob("out/en/*.pdf")
    before = pdf.stat()
    _request(base)
    assert list((work / "cache").iterdir()) == [folder]
    after = pdf.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_the_web_edition_alone(server) -> None:
    base, _ = server
    client = Client(base)
    client.open_form()
    fields = {**clinic_fields("Web Only Clinic", EMERGENCY), "editions": ["web"]}
    done = client.wait_for(client.post("/build", fields))
    assert "Your handouts are ready" in done.text and "preview.png" not in done.text
    archive = client.get(done.url.removeprefix(base) + "/handouts.zip")
    with zipfile.ZipFile(io.BytesIO(archive.body)) as handouts:
        names = handouts.namelist()
        assert not [name for name in names if name.endswith(".pdf")], names
        (page,) = [name for name in names if name.endswith(".html")]
        assert page.startswith("en/web-web-only-clinic/")
        assert f"{Path(page).parent}/style.css" in names
        html = handouts.read(page).decode()
    assert "Web Only Clinic" in html and EMERGENCY in html
