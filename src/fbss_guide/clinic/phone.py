"""What a phone or emergency number printed on the handout may look like.

One rule for the clinic file (`--clinic`) and the web form, so the two never disagree,
and one sentence that says it (`ALLOWED`), shown as the form's hint and in every error.
The number is printed in the warning-signs box, so the rule is strict: it must read as a
number a person can dial, not merely consist of allowed characters.
"""

from __future__ import annotations

import re

ALLOWED = "digits and spaces, with + ( ) - or . between them"
EXAMPLE = "+44 20 7946 0000"
# E.164 allows 15 digits; a trunk prefix written as "(0)" adds one.
MAX_DIGITS = 16
MIN_DIGITS = {"phone": 3, "emergency": 2}  # "15" (SAMU, France) is a whole emergency number
_CHARACTERS = re.compile(r"^\+?[0-9 ().-]+$")
_SEPARATORS = re.compile(r"[ .-]{2,}")
# At most one bracketed group, of 1 to 5 digits: "+44 (0)20 …", "(555) 123-4567".
_GROUP = re.compile(r"\(([0-9]{1,5})\)")


def phone_number_problem(text: str, kind: str = "phone") -> str | None:
    """Why `text` is not a number to print (a sentence without a full stop), or None.

    kind is "phone" or "emergency" (emergency numbers may be two or three digits)."""
    value = text.strip()
    if not value:
        return "it is empty"
    if not _CHARACTERS.match(value):
        return f"a number can only contain {ALLOWED}"
    if value[0] not in "+(0123456789":
        return "a number must start with a digit, + or ("
    if "+" in value[1:]:
        return "a + can only stand at the start"
    groups = _GROUP.findall(value)
    if value.count("(") != len(groups) or value.count(")") != len(groups) or len(groups) > 1:
        return "brackets must hold a few digits, once, for example +44 (0)20 7946 0000"
    if _SEPARATORS.search(value.replace("(", "").replace(")", "")):
        return "put one space, - or . between groups of digits, not several"
    if not value[-1].isdigit():
        return "a number must end with a digit"
    digits = sum(char.isdigit() for char in value)
    least = MIN_DIGITS.get(kind, 3)
    if digits < least:
        return f"it has {digits} digit{'s' if digits != 1 else ''}; a number has at least {least}"
    if digits > MAX_DIGITS:
        return f"it has {digits} digits; a phone number has at most 15 (16 with a (0))"
    return None
