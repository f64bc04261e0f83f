"""A clinic's own details for a branded edition, validated with clear errors.

The clinic file can add the clinic's name, contact details, emergency number, logo, a
link to the online copy and a "your care team" box to fill in by hand. It cannot change
the evidence content: none of its fields reach the handout's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fbss_guide.clinic import phone
from fbss_guide.clinic.phone import phone_number_problem
from fbss_guide.clinic.text import LocalText, parse_care_team, parse_local_text
from fbss_guide.errors import ContentError, Problem
from fbss_guide.inputs.safe_input import InputRefused, check_input_file, read_input_bytes
from fbss_guide.inputs.textguard import HINT, bad_characters, describe
from fbss_guide.inputs.yamlfile import LineDict, load_yaml, unknown_key_problems

MAX_LOGO_BYTES = 512 * 1024
# A 20 KB PNG of 13000 x 13000 pixels unpacks to 1.4 GB; a print logo needs far fewer.
MAX_LOGO_SIDE = 5000
MAX_LOGO_PIXELS = 16_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ALLOWED_KEYS = {
    "id",
    "name",
    "address",
    "phone",
    "website",
    "emergency_number",
    "online_url",
    "logo",
    "care_team",
}
LOGO_KEYS = ("file", "alt")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: LocalText
    mime_type: str


@dataclass(frozen=True)
class Clinic:
    id: str
    name: str
    address: str | None = None
    phone: str | None = None
    website: str | None = None
    emergency_number: str | None = None
    online_url: str | None = None
    logo: Logo | None = None
    care_team: tuple[LocalText, ...] = ()  # per-language values (clinic/text.py)


def _text(data: LineDict, key: str, problems: list[Problem], file: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.append(Problem(file, data.key_lines[key], key, f"'{key}' must be text"))
        return None
    text = str(value).strip()
    if not text:
        problems.append(Problem(file, data.key_lines[key], key, f"'{key}' is empty"))
        return None
    if "<" in text:
        problems.append(
            Problem(file, data.key_lines[key], key, f"'{key}' must be plain text, not HTML")
        )
        return None
    # The file's own characters were checked when it was read; a YAML escape such as
    # "\u202e" makes one only now, and a right-to-left override would print the
    # clinic's name (and what follows it) backwards.
    hidden = bad_characters(text)
    if hidden:
        problems.append(Problem(file, data.key_lines[key], key, describe(hidden[0]), HINT))
        return None
    return text


def _logo(raw: Any, line: int, folder: Path, file: str, problems: list[Problem]) -> Logo | None:
    if not isinstance(raw, LineDict):
        problems.append(
            Problem(
                file,
                line,
                "logo",
                "logo needs 'file' and 'alt'",
                "write:\n      logo:\n        file: logo.png\n        alt: Clinic name logo",
            )
        )
        return None
    problems += unknown_key_problems(raw, LOGO_KEYS, file, "logo.")
    name = _text(raw, "file", problems, file)
    alt = (
        parse_local_text(raw["alt"], file, raw.key_lines["alt"], "logo.alt", problems)
        if "alt" in raw
        else None
    )
    if alt is None and "alt" not in raw:
        problems.append(
            Problem(
                file,
                raw.line,
                "logo.alt",
                "the logo needs alt text for screen readers",
                "describe it, for example 'Riverside Clinic logo'",
            )
        )
    if name is None:
        if "file" not in raw:
            problems.append(Problem(file, raw.line, "logo.file", "the logo needs a 'file'"))
        return None
    where = raw.key_lines.get("file", raw.line)
    if "://" in name or name.startswith(("data:", "file:")):
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"'{name}' is not a local file; remote logos are not loaded",
                "save the logo next to the clinic file and give its file name",
            )
        )
        return None
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"'{name}' is outside the clinic file's folder",
                "put the logo in the same folder as the clinic file",
            )
        )
        return None
    try:
        # A regular file only (a FIFO would hang the build), read up to the limit.
        check_input_file(path, folder)
        size = path.stat().st_size
        data = read_input_bytes(path, folder, MAX_LOGO_BYTES) if size <= MAX_LOGO_BYTES else b""
    except InputRefused as refused:
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"cannot read logo '{name}': {refused.message}",
                refused.hint or "check the file name and that the file is readable",
            )
        )
        return None
    if size > MAX_LOGO_BYTES:
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"logo '{name}' is {size // 1024} KB; the limit is {MAX_LOGO_BYTES // 1024} KB",
                "save a smaller PNG",
            )
        )
        return None
    pixels = png_size(data)
    if pixels is not None and (
        pixels[0] * pixels[1] > MAX_LOGO_PIXELS or max(pixels) > MAX_LOGO_SIDE
    ):
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"logo '{name}' is {pixels[0]} x {pixels[1]} pixels; the limit is "
                f"{MAX_LOGO_SIDE} pixels a side and {MAX_LOGO_PIXELS // 1_000_000} million "
                "pixels (a small file can unpack to gigabytes)",
                "save the logo at a smaller size: 1000 pixels wide is plenty for print",
            )
        )
        return None
    if not data.startswith(PNG_SIGNATURE):
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"logo '{name}' is an SVG image; SVG logos are not accepted"
                if _looks_like_svg(data)
                else f"logo '{name}' is not a PNG image",
                _PNG_HINT,
            )
        )
        return None
    damage = _png_damage(data)
    if damage:
        problems.append(
            Problem(
                file,
                where,
                "logo.file",
                f"logo '{name}' is a damaged PNG ({damage})",
                "open it in an image program and save it again as a PNG",
            )
        )
        return None
    mime_type = "image/png"
    if alt is None:
        return None
    return Logo(path, alt, mime_type)


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, read before anything decodes the image."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# An SVG is a program as much as a picture (scripts, event handlers, links to other
# files, CSS with its own escapes): no well-kept Python library cleans one from an
# allow-list, and the web form refuses SVG too. A PNG is only pixels.
_PNG_HINT = (
    "save the logo as a PNG (about 1000 pixels wide is plenty for print), for example "
    "with Inkscape (File > Export PNG Image) or 'rsvg-convert -w 1000 logo.svg -o "
    "logo.png', and name the PNG in the clinic file"
)


def _png_damage(data: bytes) -> str | None:
    """Why Pillow cannot decode the PNG (its size was checked before), or None. A PNG
    whose pixels cannot be read would print as a blank box, or fail the render later
    with a less useful message."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception as error:  # Pillow raises many types for a damaged file
        reason = re.sub(r"\s*<_io\.\w+ object at 0x[0-9a-f]+>", "", str(error))
        return reason or type(error).__name__
    return None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].decode("utf-8", "replace").lower()
    return "<svg" in head or head.lstrip("\ufeff \t\r\n").startswith("<?xml")


def load_clinic(path: Path) -> Clinic:
    """Read and validate a clinic file; raise ContentError listing every problem."""
    problems: list[Problem] = []
    file = str(path)
    if not path.is_file():
        raise ContentError(
            [
                Problem(
                    file,
                    None,
                    "",
                    "clinic file not found",
                    "give the path of a .yaml file, for example examples/clinic/clinic.yaml",
                )
            ]
        )
    data = load_yaml(path, problems, file)
    if problems:
        raise ContentError(problems)
    if not isinstance(data, LineDict):
        raise ContentError([Problem(file, 1, "", "expected keys such as name and phone")])
    problems += unknown_key_problems(data, sorted(ALLOWED_KEYS), file)
    name = _text(data, "name", problems, file)
    if name is None and "name" not in data:
        problems.append(
            Problem(
                file,
                data.line,
                "name",
                "the clinic's name is missing",
                "add 'name: Your Clinic Name'",
            )
        )
    clinic_id = _text(data, "id", problems, file) or _slug(name or "clinic")
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", clinic_id):
        problems.append(
            Problem(
                file,
                data.key_lines.get("id", 1),
                "id",
                f"'{clinic_id}' is not a valid id",
                "use lowercase letters, digits and hyphens",
            )
        )
    values: dict[str, str | None] = {}
    for key in ("address", "phone", "website", "emergency_number", "online_url"):
        values[key] = _text(data, key, problems, file)
    for key in ("website", "online_url"):
        if values[key] and not URL.match(values[key] or ""):
            problems.append(
                Problem(
                    file,
                    data.key_lines[key],
                    key,
                    f"'{values[key]}' is not a web address",
                    "write it in full, starting with https://",
                )
            )
    for key, kind in (("phone", "phone"), ("emergency_number", "emergency")):
        value = values[key]
        why = phone_number_problem(value, kind) if value else None
        if why:
            problems.append(
                Problem(
                    file,
                    data.key_lines[key],
                    key,
                    f"'{value}' is not a phone number: {why}",
                    f"use {phone.ALLOWED}, for example {phone.EXAMPLE}",
                )
            )
    logo = None
    if "logo" in data:
        logo = _logo(data["logo"], data.key_lines["logo"], path.parent, file, problems)
    care_team = parse_care_team(data, file, problems)
    if problems or name is None:
        raise ContentError(problems)
    return Clinic(
        id=clinic_id,
        name=name,
        logo=logo,
        care_team=care_team,
        **values,
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "clinic"
