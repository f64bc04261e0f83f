"""The clinic web app: routes, CSRF, security headers. Builds go through jobs.py and
engine.py; this module only speaks HTTP."""

from __future__ import annotations

import hmac
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, abort, redirect, render_template, request, send_file, session
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from fbss_guide.clinic import phone
from fbss_guide.project.project_file import Project
from fbss_guide.serve import engine
from fbss_guide.serve.forms import Submission, read_form
from fbss_guide.serve.jobs import DONE, Job, JobQueue, QueueFull
from fbss_guide.serve.logo import LogoRefused, clean_logo

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the logo
# A whole request may be larger, so that a too-large logo (a 3 MB phone photo) is
# answered on the form with everything typed still there; only past this is the request
# refused unread. The text fields are small (forms.MAX_LENGTH); a pasted text of up to
# MAX_FIELD_BYTES is read and answered on its field.
MAX_REQUEST_BYTES = 64 * 1024 * 1024
MAX_FIELD_BYTES = 4 * 1024 * 1024
RETRY_AFTER_SECONDS = 30
GONE = (
    "This build is no longer here: its files are removed after the download or after an "
    "hour. Fill in the form again; a build made before is ready at once."
)
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
SECURITY_HEADERS = {
    # No inline script or style anywhere; forms post only to this server.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}


# Each field's label as the form shows it: errors name these, never an internal key.
FIELD_LABELS = {
    "name": "Clinic name",
    "phone": "Phone number for patients",
    "emergency_number": "Emergency number",
    "address": "Address",
    "website": "Clinic website",
    "online_url": "Web address of the handout online",
    "care_team": "Care-team roles",
    "logo": "Logo image",
    "logo_alt": "Describe the logo",
    "languages": "Languages",
    "editions": "Editions",
    "form": "The form",
}
EXPIRED = (
    "This form had expired (the page was open a long time, or the server was restarted), "
    "so nothing was built. Your details are still below: check them"
)


class ProxyAwareSessions(SecureCookieSessionInterface):
    """The session cookie is marked Secure whenever the visit came over HTTPS, also
    through a trusted reverse proxy (waitress's trusted_proxy sets the scheme)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(request.is_secure) or super().get_cookie_secure(app)


@dataclass(frozen=True)
class Settings:
    project: Project = field(default_factory=engine.default_project)
    work_dir: Path | None = None  # per-request folders and the cache; default: a temp dir
    workers: int = 1
    max_waiting: int = 8
    timeout: float = 300.0
    keep_seconds: float = 3600.0  # a request's files, after its build
    cache_keep_seconds: float = 30 * 86400.0  # a clinic's cached build, after its last use


def create_app(settings: Settings = Settings()) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # new each start: old forms ask to reload
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_FIELD_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    app.session_interface = ProxyAwareSessions()
    work = settings.work_dir or Path(tempfile.mkdtemp(prefix="fbss-serve-"))
    requests_dir, cache_dir = work / "requests", work / "cache"
    requests_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    queue = JobQueue(
        cache_dir,
        settings.project,
        workers=settings.workers,
        max_waiting=settings.max_waiting,
        timeout=settings.timeout,
        keep_seconds=settings.keep_seconds,
        cache_keep_seconds=settings.cache_keep_seconds,
    )
    app.extensions["fbss_queue"] = queue
    languages = engine.available_languages(settings.project)
    editions = engine.available_editions()
    site_name = engine.guide_title(settings.project)

    @app.context_processor
    def guide_name() -> dict[str, str]:
        return {"site_name": site_name}

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        return str(session["csrf"])

    def csrf_valid() -> bool:
        sent = request.form.get("csrf_token", "")
        expected = session.get("csrf", "")
        return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())

    def form_page(
        submission: Submission | None = None, status: int = 200, note: str = ""
    ) -> tuple[str, int]:
        submission = submission or Submission(
            values={},
            languages=["en"],
            editions=["a4"],
        )
        first_error = next(
            (name for name in FIELD_ORDER if name in submission.errors),
            "form" if "form" in submission.errors else None,
        )
        page = render_template(
            "form.html",
            s=submission,
            languages=languages,
            editions=editions,
            csrf_token=csrf_token(),
            first_error=first_error,
            note=note,
            labels=FIELD_LABELS,
            max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
            phone_hint=f"{phone.ALLOWED[:1].upper()}{phone.ALLOWED[1:]}, "
            f"for example {phone.EXAMPLE}.",
        )
        return page, status

    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
        # Past MAX_REQUEST_BYTES nothing of the request is read, so nothing can be shown
        # again; smaller oversized logos and texts are answered on their fields instead.
        note = (
            f"What you sent is larger than {MAX_REQUEST_BYTES // (1024 * 1024)} MB, so it "
            "could not be read and nothing was built. This is almost always a large photo "
            f"chosen as the logo: choose a logo under {MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
            "(a PNG under 500 KB is plenty), fill in the form and send it again."
        )
        return form_page(status=413, note=note)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        message = error.description or error.name
        response = Response(
            render_template("error.html", title=error.name, message=message),
            status=error.code or 500,
            mimetype="text/html",
        )
        if error.code == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.get("/")
    def index() -> ResponseReturnValue:
        return form_page()

    @app.post("/load")
    def load() -> ResponseReturnValue:
        if not csrf_valid():
            return form_page(status=403, note=f"{EXPIRED}, and load the clinic file again.")
        upload = request.files.get("clinic_file")
        data = upload.read(64 * 1024 + 1) if upload else b""
        if not data:
            return form_page(note="Choose a clinic file (clinic.yaml) to load.", status=400)
        try:
            if len(data) > 64 * 1024:
                raise ValueError("this file is larger than a clinic file can be (64 KB)")
            fields = engine.read_clinic_fields(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            return form_page(note=f"The file could not be loaded: {error}.", status=400)
        values = {key: value for key, value in fields.items() if key != "care_team"}
        values["care_team"] = "\n".join(fields.get("care_team", []))
        note = "The clinic file is loaded. Check the details"
        note += ", upload the logo again," if fields.get("logo_alt") else ""
        note += " and choose what to build."
        return form_page(Submission(values=values, languages=["en"], editions=["a4"]), note=note)

    @app.post("/build")
    def build() -> ResponseReturnValue:
        submission = read_form(
            request.form,
            request.form.getlist("languages"),
            request.form.getlist("editions"),
            [language.code for language in languages],
            [option.id for option in editions if option.available],
        )
        if not csrf_valid():
            # What was typed comes back on a new form; only the logo is chosen again.
            submission.errors.clear()
            note = f"{EXPIRED}, choose the logo again if you had one, and send the form again."
            return form_page(submission, status=403, note=note)
        logo_png = _read_logo(submission)
        if logo_png is not None and not submission.values.get("logo_alt"):
            submission.add("logo_alt", "Describe the logo for people who cannot see it")
        # Every field is checked in one round: the form's own rules, then the clinic
        # file's (the command line's) for what the form did not already flag.
        folder = Path(tempfile.mkdtemp(prefix="req-", dir=requests_dir))
        _, errors = engine.validate_clinic(submission.clinic_fields(), logo_png, folder)
        for name, messages in errors.items():
            if name not in submission.errors:
                submission.errors[name] = messages
        if submission.errors:
            _remove(folder)
            return form_page(submission, status=400)
        try:
            job = queue.submit(Job(folder, submission.languages, submission.editions))
        except QueueFull:
            _remove(folder)
            note = (
                "Every builder is busy and the waiting line is full, so nothing was built. "
                f"Your details are still below: send the form again in {RETRY_AFTER_SECONDS} "
                "seconds (choose the logo again if you had one)."
            )
            page, status = form_page(submission, status=503, note=note)
            response = Response(page, status=status, mimetype="text/html")
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return redirect(f"/jobs/{job.id}", code=303)

    def _job(job_id: str) -> Job:
        job = queue.get(job_id) if JOB_ID.match(job_id) else None
        if job is None:
            abort(404, GONE)
        return job

    @app.get("/jobs/<job_id>")
    def job_page(job_id: str) -> ResponseReturnValue:
        job = _job(job_id)
        return render_template(
            "job.html",
            job=job,
            position=queue.position(job),
            refresh=not job.ended,
            preview_label=_preview_label(job, languages),
        )

    @app.get("/jobs/<job_id>/preview.png")
    def preview(job_id: str) -> ResponseReturnValue:
        job = _job(job_id)
        if job.state != DONE or job.preview is None or job.released:
            abort(404, GONE)
        return send_file(job.preview, mimetype="image/png", max_age=0)

    @app.get("/jobs/<job_id>/clinic.yaml")
    def clinic_file(job_id: str) -> ResponseReturnValue:
        job = _job(job_id)
        # From the record, not the folder: still there after the zip was downloaded.
        response = Response(job.clinic_text, mimetype="application/yaml")
        response.headers["Content-Disposition"] = 'attachment; filename="clinic.yaml"'
        return response

    @app.get("/jobs/<job_id>/handouts.zip")
    def download(job_id: str) -> ResponseReturnValue:
        job = _job(job_id)
        if job.state != DONE or job.zip_path is None or job.released:
            abort(404, GONE)

        # Streamed from disk (a zip of many editions need not fit in memory); the
        # request's folder goes once the download has ended or was broken off.
        def stream() -> Iterator[bytes]:
            try:
                with zip_path.open("rb") as archive:
                    while chunk := archive.read(256 * 1024):
                        yield chunk
            finally:
                queue.release(job.id)

        zip_path = job.zip_path
        response = Response(stream(), mimetype="application/zip")
        response.headers["Content-Length"] = str(zip_path.stat().st_size)
        response.headers["Content-Disposition"] = 'attachment; filename="handouts.zip"'
        return response

    return app


# The order fields appear in, so focus goes to the first error on the page.
FIELD_ORDER = (
    "name",
    "phone",
    "emergency_number",
    "address",
    "website",
    "online_url",
    "care_team",
    "logo",
    "logo_alt",
    "languages",
    "editions",
)


def _read_logo(submission: Submission) -> bytes | None:
    upload = request.files.get("logo")
    if upload is None or not upload.filename:
        return None
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        submission.add("logo", "The logo file is empty; choose the logo again")
        return None
    if len(data) > MAX_UPLOAD_BYTES:
        upload.stream.seek(0, 2)
        size_mb = upload.stream.tell() / (1024 * 1024)
        submission.add(
            "logo",
            f"The logo file is {size_mb:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Choose a smaller image (a PNG under "
            "500 KB is plenty)",
        )
        return None
    try:
        return clean_logo(data)
    except LogoRefused as refused:
        submission.add("logo", str(refused)[:1].upper() + str(refused)[1:])
        return None


def _preview_label(job: Job, languages: list[engine.LanguageOption]) -> str:
    """Alt text of the preview, from the PDF's folder: which language it shows."""
    code = job.preview_of.split("/", 1)[0]
    names = {language.code: language.english or language.name for language in languages}
    return f"Page 1 of the handout in {names.get(code, code)}, as it will print"


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
