"""The one door from the web app into the build engine.

Everything the app needs from the engine goes through these few functions, so a change
to the engine's own interface (a project file, new output formats) is met here and
nowhere else in the app. Nothing in here knows about HTTP.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from fbss_guide.clinic.details import load_clinic
from fbss_guide.engine.build import build_report
from fbss_guide.errors import ContentError
from fbss_guide.i18n.paths import available_languages as _catalog_languages
from fbss_guide.project.config import BuildConfig
from fbss_guide.project.editions import EditionSpec
from fbss_guide.project.project_file import Project, load_project

CLINIC_FILE = "clinic.yaml"
LOGO_FILE = "logo.png"
# The clinic file's plain-text keys, which are also the form's field names.
CLINIC_KEYS = ("name", "address", "phone", "emergency_number", "website", "online_url")


def default_project() -> Project:
    """The guide project found from the working folder (as every command finds it)."""
    return load_project()


def guide_title(project: Project) -> str:
    """The guide's English title, for the form's header (the project may be any topic)."""
    from fbss_guide.inputs.yamlfile import load_yaml

    data = load_yaml(project.content_dir / "guide.yaml", [], root=project.content_dir)
    title = data.get("title") if isinstance(data, dict) else None
    return f"{title}: clinic handouts" if isinstance(title, str) and title else "Clinic handouts"


@dataclass(frozen=True)
class EditionOption:
    id: str
    label: str
    available: bool = True


# What each edition id of the form builds: an output format with its options.
_SPECS: dict[str, EditionSpec] = {
    "a4": EditionSpec("a4"),
    "letter": EditionSpec("letter"),
    "a4-large-print": EditionSpec("a4", large_print=True),
    "card-a4": EditionSpec("a4", format="card"),
    "card-letter": EditionSpec("letter", format="card"),
    "bilingual-a4": EditionSpec("a4", format="bilingual"),
    "web": EditionSpec(None, format="web"),
}
_EDITIONS = (
    EditionOption("a4", "A4"),
    EditionOption("letter", "US Letter"),
    EditionOption("a4-large-print", "A4 large print"),
    EditionOption("card-a4", "Quick card (A4)"),
    EditionOption("card-letter", "Quick card (US Letter)"),
    EditionOption("bilingual-a4", "Bilingual, English beside the language (A4)"),
    EditionOption("web", "Web page (HTML)"),
)


@dataclass(frozen=True)
class LanguageOption:
    code: str
    name: str  # in the language itself, as its speakers look for it
    english: str  # the same in English, or "" when it reads the same


def available_languages(project: Project | None = None) -> list[LanguageOption]:
    """English and every language with a catalog, named in itself and in English."""
    project = project or default_project()
    codes = ["en", *_catalog_languages(project.locales_dir)]
    return [_language(code) for code in dict.fromkeys(codes)]


def _language(code: str) -> LanguageOption:
    from fbss_guide.i18n.language_defaults import language_names

    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return LanguageOption(code, code, "")
    own, english = language_names(code)
    return LanguageOption(code, own, "" if english == own else english)


def available_editions() -> list[EditionOption]:
    """Every edition id the form may offer; `available` is False for those the engine
    cannot make yet (the form shows them greyed out, or not at all)."""
    return list(_EDITIONS)


# A clinic file's keys, as the form names its fields.
_FIELD_OF_KEY = {
    "name": "name",
    "id": "name",
    "address": "address",
    "phone": "phone",
    "website": "website",
    "emergency_number": "emergency_number",
    "online_url": "online_url",
    "logo": "logo",
    "logo.file": "logo",
    "logo.alt": "logo_alt",
    "care_team": "care_team",
}


def _field_of(key: str) -> str:
    """The form field a clinic-file key belongs to: its longest known dotted prefix
    ('logo.alt.en' is the logo's description, 'logo.file' the logo)."""
    parts = key.split("[", 1)[0].split(".")
    for end in range(len(parts), 0, -1):
        field = _FIELD_OF_KEY.get(".".join(parts[:end]))
        if field:
            return field
    return "form"


def write_clinic_file(fields: Mapping[str, Any], logo_png: bytes | None, folder: Path) -> Path:
    """Write the form's values as a clinic file (and the logo beside it) in folder: the
    same file the command line builds with `--clinic`."""
    data: dict[str, Any] = {}
    for key in CLINIC_KEYS:
        value = fields.get(key)
        if value:
            data[key] = value
    if logo_png is not None:
        (folder / LOGO_FILE).write_bytes(logo_png)
        data["logo"] = {"file": LOGO_FILE, "alt": {"en": fields.get("logo_alt") or ""}}
    roles = [role for role in fields.get("care_team") or () if role]
    if roles:
        data["care_team"] = roles
    path = folder / CLINIC_FILE
    text = "# A clinic file made by `fbss-guide serve`. Build it again with:\n"
    text += "#   fbss-guide build --clinic clinic.yaml\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return path


def validate_clinic(
    fields: Mapping[str, Any], logo_png: bytes | None, folder: Path
) -> tuple[Path, dict[str, list[str]]]:
    """Write the clinic file into the request's own folder and check it with the rules
    the command line uses; the file and its errors per form field (empty when good)."""
    path = write_clinic_file(fields, logo_png, folder)
    try:
        load_clinic(path)
    except ContentError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.problems:
            if problem.severity != "error":
                continue
            field = _field_of(problem.key)
            message = _in_form_words(problem.message, problem.key)
            text = message[:1].upper() + message[1:]
            if problem.hint:
                text += f" ({problem.hint})"
            errors.setdefault(field, []).append(text)
        return path, errors
    return path, {}


def _in_form_words(message: str, key: str) -> str:
    """A clinic-file message as the form says it: the field's label is shown beside it,
    so its internal key ('phone', 'care_team[2]', 'logo.alt.en') becomes "this" or the
    line of a list the person typed."""
    role = re.fullmatch(r"care_team\[(\d+)\](\..*)?", key)
    said = f"line {role.group(1)}" if role else "this"
    message = message.replace(f"'{key}'", said)
    # Keys named inside the message itself ("'logo.alt' must …") are not the person's words.
    return re.sub(r"'(?:care_team\[\d+\]|logo(?:\.\w+)*|[a-z_]+_[a-z_]+)'", "this", message)


def read_clinic_fields(text: str) -> dict[str, Any]:
    """The form's values from a saved clinic file (the logo itself is not in the file:
    the person uploads it again). Raises ValueError with a sentence when it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        # The parser's own text ("mapping values are not allowed here", "<unicode
        # string>") means nothing to the person: say where, and what usually causes it.
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "one line"
        raise ValueError(
            f"this is not a clinic file that can be read: {where} is not in the clinic "
            "file's form (usually a missing colon after a name such as phone:, a quote "
            "that is not closed, or a line indented differently from the others)"
        ) from None
    if not isinstance(data, dict):
        raise ValueError("this is not a clinic file: it has no keys such as name and phone")
    fields: dict[str, Any] = {}
    for key in CLINIC_KEYS:
        value = data.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            fields[key] = str(value).strip()
    logo = data.get("logo")
    if isinstance(logo, dict):
        alt = logo.get("alt")
        fields["logo_alt"] = str(alt.get("en", "")) if isinstance(alt, dict) else str(alt or "")
    roles = []
    for role in data.get("care_team") or []:
        if isinstance(role, dict):
            role = role.get("en", "")
        if isinstance(role, str) and role.strip():
            roles.append(role.strip())
    fields["care_team"] = roles
    return fields


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:24] if path.exists() else "none"


def cache_folder(clinic_yaml: Path, cache_dir: Path) -> Path:
    """One persistent output folder per (clinic file, logo): the engine's own cache then
    answers a repeated request at once."""
    logo = clinic_yaml.parent / LOGO_FILE
    return cache_dir / f"{_digest(clinic_yaml)}-{_digest(logo)}"


def build_zip(
    clinic_yaml: Path,
    languages: Iterable[str],
    editions: Iterable[str],
    out_dir: Path,
    cache_dir: Path,
    project: Project | None = None,
) -> Path:
    """Build (or take from the cache) the chosen editions for a clinic file, and write
    them, with the clinic file and its logo, as one zip in out_dir. Raises ContentError or
    BuildError as the command line would."""
    wanted = set(editions)
    known = {option.id for option in _EDITIONS if option.available}
    if not wanted or not wanted <= known:
        raise ValueError(f"unknown or unavailable editions: {sorted(wanted - known)}")
    folder = cache_folder(clinic_yaml, cache_dir)
    inputs = folder / "clinic"
    if not (inputs / CLINIC_FILE).exists():
        # Copied, not linked: the request's own folder is removed after the download.
        staging = folder.with_name(folder.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        shutil.copy(clinic_yaml, staging / CLINIC_FILE)
        if (clinic_yaml.parent / LOGO_FILE).exists():
            shutil.copy(clinic_yaml.parent / LOGO_FILE, staging / LOGO_FILE)
        folder.mkdir(parents=True, exist_ok=True)
        staging.rename(inputs)
    clinic = load_clinic(inputs / CLINIC_FILE)
    project = project or default_project()
    config = BuildConfig.from_project(
        project,
        out_dir=folder / "out",
        languages=tuple(languages),
        editions=tuple(spec for key, spec in _SPECS.items() if key in wanted),
        clinic=clinic,
        clinic_file=inputs / CLINIC_FILE,
        jobs=1,
    )
    report = build_report(config)
    files: list[Path] = []
    for item in report.editions:
        if item.edition.spec.format == "web":
            # The page with everything beside it: style sheet, subset fonts, pictures.
            files += [path for path in item.pdf.parent.rglob("*") if path.is_file()]
        else:
            files.append(item.pdf)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "handouts.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(set(files)):
            if path.exists():
                archive.write(path, path.relative_to(config.out_dir).as_posix())
        for path in sorted(inputs.iterdir()):
            archive.write(path, f"clinic/{path.name}")
    return target


def first_pdf(zip_path: Path, languages: Sequence[str] = ()) -> str | None:
    """The name inside the zip of the PDF to preview: the first chosen language's (the
    form lists English first), its handout before its card; None if there is no PDF."""
    with zipfile.ZipFile(zip_path) as archive:
        names = [name for name in archive.namelist() if name.endswith(".pdf")]
    order = {code: n for n, code in enumerate(languages)}

    def rank(name: str) -> tuple[int, bool, str]:
        language = name.split("/", 1)[0]
        return (order.get(language, len(order)), "-card-" in name, name)

    return min(names, key=rank) if names else None
