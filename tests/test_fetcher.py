import base64
from pathlib import Path

import pytest

from fbss_guide.pdf.fetcher import MAX_DATA_URL_BYTES, FetchRefused, SafeFetcher


def test_serves_files_inside_allowed_folders(tmp_path: Path) -> None:
    (tmp_path / "ok.css").write_text("p {}")
    response = SafeFetcher([tmp_path]).fetch((tmp_path / "ok.css").as_uri())
    assert response.read() == b"p {}"
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    ["https://example.org/logo.png", "http://127.0.0.1/x.png", "ftp://example.org/x"],
)
def test_refuses_network_urls(tmp_path: Path, url: str) -> None:
    fetcher = SafeFetcher([tmp_path])
    with pytest.raises(FetchRefused, match="never loads anything from the network"):
        fetcher.fetch(url)
    assert fetcher.refused


def test_refuses_files_outside_allowed_folders(tmp_path: Path) -> None:
    inside = tmp_path / "content"
    inside.mkdir()
    with pytest.raises(FetchRefused, match="outside the folders"):
        SafeFetcher([inside]).fetch("file:///etc/passwd")
    with pytest.raises(FetchRefused, match="outside the folders"):
        SafeFetcher([inside]).fetch((inside / ".." / "secret.txt").as_uri())


def test_refuses_oversized_data_urls(tmp_path: Path) -> None:
    payload = base64.b64encode(b"x" * MAX_DATA_URL_BYTES).decode()
    with pytest.raises(FetchRefused, match="larger than the limit"):
        SafeFetcher([tmp_path]).fetch(f"data:image/png;base64,{payload}")


def test_small_data_urls_are_served(tmp_path: Path) -> None:
    response = SafeFetcher([tmp_path]).fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"
