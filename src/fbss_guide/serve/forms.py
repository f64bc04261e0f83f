"""The clinic form: read the submitted values, check what the clinic file cannot.

The clinic file's own rules (phone numbers, web addresses, no HTML, logo alt text) are
checked by the engine on the written file (engine.validate_clinic), so the form and
the command line never disagree. Here: lengths, control characters, and that the chosen
languages and editions are ones the server offers (they are looked up, never used as
names of files).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fbss_guide.clinic import phone
from fbss_guide.clinic.phone import phone_number_problem

TEXT_FIELDS = ("name", "phone", "emergency_number", "website", "online_url", "logo_alt")
MAX_LENGTH = {
    "name": 120,
    "phone": 32,
    "emergency_number": 32,
    "website": 300,
    "online_url": 300,
    "logo_alt": 200,
    "address": 400,
    "care_team": 600,
}
MAX_ROLES = 8


@dataclass
class Submission:
    values: dict[str, Any] = field(default_factory=dict)  # as typed, to show again
    languages: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def clinic_fields(self) -> dict[str, Any]:
        fields = {key: self.values.get(key, "") for key in (*TEXT_FIELDS, "address")}
        fields["care_team"] = [
            line.strip() for line in self.values.get("care_team", "").splitlines() if line.strip()
        ]
        return fields


def _clean(text: str, multiline: bool) -> str | None:
    """Text with its line ends made plain, or None if it has control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    for char in text:
        if char == "\n" and multiline:
            continue
        if unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"} and char not in "\u200c\u200d":
            return None
    return text


def read_form(
    form: Mapping[str, str],
    chosen_languages: Sequence[str],
    chosen_editions: Sequence[str],
    languages: Sequence[str],
    editions: Sequence[str],
) -> Submission:
    """The submitted values and every error the form itself finds."""
    result = Submission()
    for name in (*TEXT_FIELDS, "address", "care_team"):
        raw = form.get(name, "")
        multiline = name in {"address", "care_team"}
        text = _clean(raw, multiline)
        result.values[name] = raw.strip() if text is None else text
        if text is None:
            result.add(name, "Remove the invisible control characters from this field")
        elif len(text) > MAX_LENGTH[name]:
            result.add(name, f"This is {len(text):,} characters; the limit is {MAX_LENGTH[name]}")
            # Shown again for editing, but not megabytes of a paste gone wrong.
            result.values[name] = text[: MAX_LENGTH[name] * 4]
    if not result.values["name"]:
        result.add("name", "Enter the clinic's name")
    if not result.values["emergency_number"]:
        result.add("emergency_number", "Enter the emergency number, for example 999 or 112")
    # The clinic file's own rule (clinic/phone.py), in the form's words: the field's label is
    # added where the error is shown, so two numbers' errors are told apart.
    for name, kind in (("phone", "phone"), ("emergency_number", "emergency")):
        value = result.values[name]
        why = phone_number_problem(value, kind) if value and name not in result.errors else None
        if why:
            result.add(name, f"{why[:1].upper()}{why[1:]}; for example {phone.EXAMPLE}")
    roles = [line for line in result.values["care_team"].splitlines() if line.strip()]
    if len(roles) > MAX_ROLES:
        result.add("care_team", f"List at most {MAX_ROLES} roles, one a line")
    result.languages = [code for code in languages if code in set(chosen_languages)]
    result.editions = [code for code in editions if code in set(chosen_editions)]
    if not result.languages or len(result.languages) != len(set(chosen_languages)):
        result.add("languages", "Choose at least one of the languages listed")
    if not result.editions or len(result.editions) != len(set(chosen_editions)):
        result.add("editions", "Choose at least one of the editions listed")
    elif result.languages == ["en"] and set(result.editions) <= {"bilingual-a4"}:
        # The bilingual edition puts English beside another language: alone with
        # English it would make nothing.
        result.add(
            "editions",
            "The bilingual edition needs a language besides English: choose one, "
            "or choose another edition",
        )
    return result
