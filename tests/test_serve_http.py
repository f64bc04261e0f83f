"""`fbss-guide serve` at the HTTP level: every bad input is refused with a clear message
next to its field, and nothing it sends becomes a file path. No build runs here (the
queue has no builders, or a time limit far below any build), so these are quick."""

from __future__ import annotations

import html
import io
import os
import re
import struct
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from checkout import PROJECT_ROOT
from PIL import Image, PngImagePlugin
from serve_support import clinic_fields, png_logo

from fbss_guide.serve import engine, ready
from fbss_guide.serve.app import SECURITY_HEADERS, Settings, create_app
from fbss_guide.serve.logo import LogoRefused, clean_logo


@pytest.fixture
def app_and_work(tmp_path: Path):
    # No builders: accepted requests wait in the line, which is all these tests need.
    app = create_app(Settings(work_dir=tmp_path, workers=0, max_waiting=2))
    yield app, tmp_path
    app.extensions["fbss_queue"].stop()


@pytest.fixture
def client(app_and_work):
    return app_and_work[0].test_client()


def _token(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _post(client, fields: dict, files: dict | None = None, token: str | None = None):
    data = dict(fields)
    data["csrf_token"] = _token(client) if token is None else token
    for name, (filename, content) in (files or {}).items():
        data[name] = (io.BytesIO(content), filename)
    return client.post("/build", data=data, content_type="multipart/form-data")


def _field_errors(page: str) -> dict[str, str]:
    return {
        name: html.unescape(re.sub(r"<[^>]+>", "", text)).removeprefix("Error: ")
        for name, text in re.findall(r'<p class="error" id="([a-z_]+)-error">(.*?)</p>', page)
    }


def _png_with_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = zlib.compress(row * 64, 9)  # far fewer rows than claimed: tiny on disk
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _requests(work: Path) -> list[Path]:
    return sorted((work / "requests").iterdir())


def test_security_headers_on_pages_errors_and_files(client) -> None:
    for path, status in (
        ("/", 200),
        ("/jobs/nothing-like-a-job-id", 404),
        ("/static/serve.css", 200),
    ):
        response = client.get(path)
        assert response.status_code == status, path
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and path.startswith("/static/"):
                continue  # the style sheet may be cached; pages may not
            assert response.headers.get(name) == value, (path, name)
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src" not in csp and "'unsafe-inline'" not in csp  # default-src 'none'


def test_form_has_no_inline_script_or_style_and_every_field_a_label(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "<script" not in page and "style=" not in page and "<style" not in page

    class Fields(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []
            self.labels: set[str] = set()

        def handle_starttag(self, tag, attrs) -> None:
            a = dict(attrs)
            if tag in {"input", "textarea", "select"} and a.get("type") != "hidden":
                self.ids.append(a["id"])
            if tag == "label":
                self.labels.add(a["for"])

    fields = Fields()
    fields.feed(page)
    assert len(fields.ids) >= 12
    assert [i for i in fields.ids if i not in fields.labels] == []


@pytest.mark.parametrize("token", ["", "forged-token-value"])
def test_post_without_the_right_csrf_token_builds_nothing_and_keeps_what_was_typed(
    app_and_work, client, token
) -> None:
    _, work = app_and_work
    fields = {**clinic_fields("Token Clinic"), "languages": ["en", "es"]}
    response = _post(client, fields, token=token)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "This form had expired" in page and "choose the logo again" in page
    # The form again, filled in, with a fresh token: sending it once more works.
    assert 'value="Token Clinic"' in page and "12 River Road\nSpringfield</textarea>" in page
    assert re.search(r'id="lang-es"[^>]*checked', page)
    assert _requests(work) == []
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert _post(client, fields, token=fresh).status_code == 303


def test_a_token_from_another_visitor_is_refused(app_and_work) -> None:
    app, work = app_and_work
    other = _token(app.test_client())
    response = _post(app.test_client(), clinic_fields("Token Clinic"), token=other)
    assert response.status_code == 403
    assert _requests(work) == []


def test_a_3_mb_photo_as_logo_is_refused_on_its_field_and_nothing_typed_is_lost(
    app_and_work, client
) -> None:
    _, work = app_and_work
    photo = png_logo() + b"\0" * (3 * 1024 * 1024)
    fields = {**clinic_fields("Big Clinic"), "logo_alt": "Big Clinic logo"}
    response = _post(client, fields, {"logo": ("photo.png", photo)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert _field_errors(page) == {
        "logo": "The logo file is 3.0 MB; the limit is 2 MB. Choose a smaller image "
        "(a PNG under 500 KB is plenty)"
    }
    assert 'value="Big Clinic"' in page and 'value="Big Clinic logo"' in page
    assert 'value="+44 20 7946 0000"' in page and 'value="0800 555 0199"' in page
    assert _requests(work) == []


def test_a_request_too_large_to_read_gets_the_form_and_words(app_and_work, client) -> None:
    app, work = app_and_work
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # stands in for the 64 MB limit
    big = b"\0" * (2 * 1024 * 1024)
    response = _post(client, clinic_fields("Huge Clinic"), {"logo": ("logo.png", big)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "could not be read and nothing was built" in page and "large photo" in page
    assert '<form method="post" action="/build"' in page  # the form, not a dead end
    assert _requests(work) == []


def test_a_very_long_text_is_blamed_on_its_field_not_on_the_logo(client) -> None:
    fields = {**clinic_fields("Long Clinic"), "address": "A" * (3 * 1024 * 1024)}
    response = _post(client, fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert _field_errors(page) == {"address": "This is 3,145,728 characters; the limit is 400"}
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert "logo" not in summary.lower() and "Address: This is 3,145,728" in summary
    assert len(page) < 100_000  # not megabytes sent back


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>',
    ],
)
def test_an_svg_logo_is_refused_whatever_its_name(client, svg: bytes) -> None:
    fields = {**clinic_fields("Svg Clinic"), "logo_alt": "Svg Clinic logo"}
    response = _post(client, fields, {"logo": ("logo.png", svg)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "SVG logos cannot be uploaded" in _field_errors(page)["logo"]
    assert re.search(r'<input id="logo"[^>]*aria-describedby="logo-hint logo-error"', page)
    assert re.search(r'<input id="logo"[^>]*aria-invalid="true"[^>]*autofocus', page)


@pytest.mark.parametrize("size", [(5000, 5000), (30000, 30000)])
def test_a_decompression_bomb_is_refused_before_decoding(client, size) -> None:
    bomb = _png_with_size(*size)
    assert len(bomb) < 10_000
    fields = {**clinic_fields("Bomb Clinic"), "logo_alt": "Bomb logo"}
    response = _post(client, fields, {"logo": ("logo.png", bomb)})
    assert response.status_code == 400
    assert (
        "too large: at most 16 million pixels"
        in _field_errors(response.get_data(as_text=True))["logo"]
    )


def test_not_an_image_is_refused(client) -> None:
    fields = {**clinic_fields("Text Clinic"), "logo_alt": "Logo"}
    response = _post(client, fields, {"logo": ("logo.png", b"GIF89a but not really")})
    assert "not an image we can read" in _field_errors(response.get_data(as_text=True))["logo"]


def test_the_logo_is_reencoded_without_metadata_and_scaled_down() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "private note")
    source = io.BytesIO()
    Image.new("RGB", (3000, 1000), "red").save(source, "PNG", pnginfo=info)
    source.write(b"trailing bytes after IEND")
    cleaned = Image.open(io.BytesIO(clean_logo(source.getvalue())))
    assert cleaned.format == "PNG" and cleaned.size == (1200, 400)
    assert "Comment" not in cleaned.info and not cleaned.getexif()
    jpeg = io.BytesIO()
    Image.new("RGB", (50, 50), "blue").save(jpeg, "JPEG", exif=Image.Exif())
    assert Image.open(io.BytesIO(clean_logo(jpeg.getvalue()))).format == "PNG"
    with pytest.raises(LogoRefused):
        clean_logo(b"")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("emergency_number", "call 999!"),
        ("emergency_number", "999; rm -rf /"),
        ("phone", "+44 20 <b>7946</b>"),
        ("phone", "tel:+4420"),
    ],
)
def test_phone_numbers_accept_only_what_a_number_can_contain(client, field, value) -> None:
    response = _post(client, {**clinic_fields("Phone Clinic"), field: value})
    assert response.status_code == 400
    errors = _field_errors(response.get_data(as_text=True))
    assert list(errors) == [field]
    assert "can only contain digits and spaces, with + ( ) - or . between them" in errors[field]


@pytest.mark.parametrize(
    "value",
    ["+(((((((((((", "1" * 31, "999 / 112", "++44 20", "99", "(0)(0) 20", "112 -- 999"],
)
def test_an_emergency_number_must_be_a_number_a_person_can_dial(client, value) -> None:
    reply = _post(client, {**clinic_fields("Dial"), "emergency_number": value})
    errors = _field_errors(reply.get_data(as_text=True))
    if value == "99":  # two digits are a whole emergency number in some countries
        assert errors == {}
        return
    assert list(errors) == ["emergency_number"], errors


@pytest.mark.parametrize(
    "value", ["999", "112", "15", "000", "+44 (0)20 7946 0000", "01.23.45.67.89"]
)
def test_real_numbers_are_accepted(client, value) -> None:
    response = _post(client, {**clinic_fields("Real Numbers"), "emergency_number": value})
    assert response.status_code == 303, _field_errors(response.get_data(as_text=True))


def test_the_phone_hint_says_exactly_what_the_check_allows(client) -> None:
    page = client.get("/").get_data(as_text=True)
    hint = html.unescape(re.search(r'<p class="hint" id="phone-hint">(.*?)</p>', page).group(1))
    assert hint == (
        "Digits and spaces, with + ( ) - or . between them, for example +44 20 7946 0000."
    )
    # What the hint does not list is refused; what it lists is taken.
    slash = _post(client, {**clinic_fields("H"), "phone": "020/7946"}).get_data(as_text=True)
    assert "phone" in _field_errors(slash)
    assert _post(client, {**clinic_fields("H"), "phone": "+44 (20) 7946-00.00"}).status_code == 303


def test_every_problem_is_reported_in_one_round_under_its_field_label(client) -> None:
    fields = {
        **clinic_fields("One Round Clinic"),
        "phone": "abc",
        "emergency_number": "call me",
        "website": "www.example.org",
        "care_team": "Your doctor\n<b>Nurse</b>",
    }
    page = _post(client, fields).get_data(as_text=True)
    assert set(_field_errors(page)) == {"phone", "emergency_number", "website", "care_team"}
    summary = [
        html.unescape(re.sub(r"<[^>]+>", "", item))
        for item in re.findall(r'<li><a href="#[a-z_-]+">(.*?)</a></li>', page)
    ]
    assert [item.split(":", 1)[0] for item in summary] == [
        "Phone number for patients",
        "Emergency number",
        "Clinic website",
        "Care-team roles",
    ]
    assert summary[3] == "Care-team roles: Line 2 must be plain text, not HTML"
    for internal in ("care_team", "emergency_number", "logo.alt", "'phone'"):
        assert internal not in " ".join(summary), internal


def test_describe_the_logo_says_when_it_is_needed(client) -> None:
    page = client.get("/").get_data(as_text=True)
    label = re.search(r'<label for="logo_alt">(.*?)</label>', page).group(1)
    assert "needed if you add a logo" in label and "(optional)" not in label


def test_the_clinic_file_rules_give_the_form_errors(client) -> None:
    fields = {**clinic_fields("Rule Clinic"), "website": "www.example.org"}
    errors = _field_errors(_post(client, fields).get_data(as_text=True))
    assert errors == {
        "website": "'www.example.org' is not a web address (write it in full, starting with https://)"
    }


def test_a_logo_needs_alt_text(client) -> None:
    response = _post(client, clinic_fields("Alt Clinic"), {"logo": ("logo.png", png_logo())})
    errors = _field_errors(response.get_data(as_text=True))
    assert errors == {"logo_alt": "Describe the logo for people who cannot see it"}


def test_markup_in_fields_is_shown_escaped_and_refused(client) -> None:
    fields = {
        **clinic_fields('<script>alert("x")</script>'),
        "address": '"><img src=x onerror=alert(1)>',
    }
    response = _post(client, fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    errors = _field_errors(page)
    assert "must be plain text, not HTML" in errors["name"]
    assert "must be plain text, not HTML" in errors["address"]


def test_focus_goes_to_the_first_error_and_the_summary_links_to_it(client) -> None:
    fields = {**clinic_fields(""), "phone": "abc", "languages": []}
    page = _post(client, fields).get_data(as_text=True)
    assert page.count(" autofocus") == 1
    assert re.search(
        r'<input id="name"[^>]*aria-describedby="name-error"[^>]*aria-invalid="true" autofocus',
        page,
    )
    summary = re.findall(r'<li><a href="#([a-z_-]+)">', page)
    assert summary == ["name", "phone", "languages-group"]
    assert '<fieldset id="languages-group" aria-describedby="languages-error"' in page
    assert "<title>Error: " in page


@pytest.mark.parametrize(
    ("languages", "editions"),
    [
        (["../../etc"], ["a4"]),
        (["en"], ["../../../tmp/x"]),
        (["en", "/etc/passwd"], ["a4"]),
        (["en"], ["poster-a4"]),
    ],
)
def test_languages_and_editions_must_be_ones_offered(
    app_and_work, client, languages, editions
) -> None:
    _, work = app_and_work
    fields = {**clinic_fields("Path Clinic"), "languages": languages, "editions": editions}
    response = _post(client, fields)
    assert response.status_code == 400
    assert set(_field_errors(response.get_data(as_text=True))) <= {"languages", "editions"}
    assert _requests(work) == []


def test_path_like_text_and_file_names_stay_text(app_and_work, client) -> None:
    app, work = app_and_work
    fields = {**clinic_fields("../../../../tmp/evil"), "logo_alt": "../logo"}
    response = _post(client, fields, {"logo": ("../../../../tmp/evil.png", png_logo())})
    assert response.status_code == 303
    (folder,) = _requests(work)
    assert sorted(p.name for p in folder.iterdir()) == ["clinic.yaml", "logo.png"]
    assert "name: ../../../../tmp/evil" in (folder / "clinic.yaml").read_text()
    assert not Path("/tmp/evil.png").exists() and not Path("/tmp/evil").exists()
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert app.test_client().get(f"/jobs/{job_id}").status_code == 200
    for bad in ("/jobs/..%2F..%2Fetc", "/jobs/%2e%2e/clinic.yaml", "/jobs/" + "a" * 41):
        assert client.get(bad).status_code == 404


def test_a_full_queue_answers_503_with_retry_after_and_keeps_what_it_accepted(client) -> None:
    accepted = [_post(client, clinic_fields(f"Queued Clinic {n}")) for n in range(2)]
    assert [r.status_code for r in accepted] == [303, 303]
    refused = _post(client, clinic_fields("One Too Many"))
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "30"
    page = refused.get_data(as_text=True)
    assert "waiting line is full" in page and "send the form again in 30 seconds" in page
    assert 'value="One Too Many"' in page and 'value="0800 555 0199"' in page
    for number, reply in enumerate(accepted, start=1):
        page = client.get(reply.headers["Location"]).get_data(as_text=True)
        assert f"Waiting to start: {number} request" in page
        assert 'http-equiv="refresh"' in page


def test_a_build_that_takes_too_long_is_stopped_and_its_builder_freed(tmp_path: Path) -> None:
    settings = Settings(work_dir=tmp_path, workers=1, max_waiting=4, timeout=0.2, keep_seconds=1)
    app = create_app(settings)
    client = app.test_client()
    try:
        jobs = [
            _post(client, clinic_fields(f"Slow Clinic {n}")).headers["Location"] for n in range(2)
        ]
        for job in jobs:  # the second one only starts if the first one's builder came back
            page = client.get(job).get_data(as_text=True)
            deadline = time.monotonic() + 60
            while "refresh" in page and time.monotonic() < deadline:
                time.sleep(0.2)
                page = client.get(job).get_data(as_text=True)
            assert "took longer than 0.2 seconds and was stopped" in page
        assert app.extensions["fbss_queue"]._running == {}
        # Not downloaded: the request folders go keep_seconds after the build ended.
        deadline = time.monotonic() + 30
        while _requests(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _requests(tmp_path) == []
        assert client.get(jobs[0]).status_code == 404
    finally:
        app.extensions["fbss_queue"].stop()


def test_a_saved_clinic_file_loads_into_the_form(client) -> None:
    example = (PROJECT_ROOT / "examples" / "clinic" / "clinic.yaml").read_bytes()
    response = client.post(
        "/load",
        data={"csrf_token": _token(client), "clinic_file": (io.BytesIO(example), "clinic.yaml")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Riverside Spine Clinic"' in page and 'value="999"' in page
    assert "Your doctor\nYour physiotherapist\nPhone for questions</textarea>" in page
    assert 'value="Riverside Spine Clinic logo"' in page and "upload the logo again" in page
    bad = client.post(
        "/load",
        data={"csrf_token": _token(client), "clinic_file": (io.BytesIO(b"[1, 2"), "x.yaml")},
        content_type="multipart/form-data",
    )
    said = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "could not be loaded" in said
    assert "line 1 is not in the clinic file" in said
    assert "unicode string" not in said and "expected" not in said


def test_cache_folders_unused_for_a_while_are_pruned(app_and_work) -> None:
    app, work = app_and_work
    queue = app.extensions["fbss_queue"]
    old, recent = work / "cache" / "old-clinic", work / "cache" / "recent-clinic"
    for folder in (old, recent):
        (folder / "out").mkdir(parents=True)
    long_ago = time.time() - queue.cache_keep_seconds - 60
    os.utime(old, (long_ago, long_ago))
    assert queue.prune_cache() == [old]
    assert not old.exists() and recent.exists()


def test_bilingual_alone_in_english_is_refused_in_words(app_and_work, client) -> None:
    _, work = app_and_work
    fields = {
        **clinic_fields("Bilingual Clinic"),
        "languages": ["en"],
        "editions": ["bilingual-a4"],
    }
    response = _post(client, fields)
    assert response.status_code == 400
    assert "needs a language besides English" in response.get_data(as_text=True)
    assert _requests(work) == []


def test_a_build_made_before_is_ready_at_once_without_a_builder_or_a_place_in_line(
    tmp_path: Path,
) -> None:
    # No builder and no waiting place: only a build made before can be served.
    app = create_app(Settings(work_dir=tmp_path, workers=0, max_waiting=0))
    queue = app.extensions["fbss_queue"]
    client = app.test_client()
    try:
        fields = clinic_fields("Cached Clinic")
        assert _post(client, fields).status_code == 503  # nothing made yet
        # A finished build of exactly this request, as a builder leaves it.
        made = tmp_path / "made"
        made.mkdir()
        (made / "handouts.zip").write_bytes(b"PK zip of Cached Clinic")
        (made / "preview.png").write_bytes(png_logo())
        sample = tmp_path / "sample"
        sample.mkdir()
        clinic_yaml = engine.write_clinic_file(_fields_as_sent(fields), None, sample)
        selection = ready.selection_folder(
            engine.cache_folder(clinic_yaml, tmp_path / "cache"), ["en"], ["a4"]
        )
        build = ready.ReadyBuild(made / "handouts.zip", made / "preview.png", "en/x-a4.pdf")
        ready.keep(selection, build, ready.inputs_fingerprint(queue.project))
        replies = [_post(client, fields) for _ in range(5)]
        assert [reply.status_code for reply in replies] == [303] * 5
        for reply in replies:
            page = client.get(reply.headers["Location"]).get_data(as_text=True)
            assert "Your handouts are ready" in page and 'http-equiv="refresh"' not in page
            archive = client.get(reply.headers["Location"] + "/handouts.zip")
            assert archive.get_data() == b"PK zip of Cached Clinic"
        # Another clinic, or other choices, are not that build.
        assert _post(client, {**fields, "editions": ["letter"]}).status_code == 503
        assert _post(client, clinic_fields("Other Clinic")).status_code == 503
        # A change to the content makes the kept build out of date.
        guide = queue.project.content_dir / "guide.yaml"
        stat = guide.stat()
        try:
            os.utime(guide, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            assert _post(client, fields).status_code == 503
        finally:
            os.utime(guide, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    finally:
        queue.stop()


def _fields_as_sent(fields: dict) -> dict:
    """The clinic fields the form writes for these submitted values."""
    from fbss_guide.serve.forms import read_form

    form = {key: value for key, value in fields.items() if isinstance(value, str)}
    return read_form(form, ["en"], ["a4"], ["en"], ["a4"]).clinic_fields()


def test_the_preview_is_of_the_first_chosen_language(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "handouts.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name in ("ar/g-ar-a4.pdf", "en/g-en-card-a4.pdf", "en/g-en-a4.pdf", "es/g-es-a4.pdf"):
            out.writestr(name, b"%PDF")
    assert engine.first_pdf(archive, ["en", "ar", "es"]) == "en/g-en-a4.pdf"
    assert engine.first_pdf(archive, ["es", "ar"]) == "es/g-es-a4.pdf"
