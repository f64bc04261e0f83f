"""Printed labels for the fixed vocabularies: a word plus a symbol, never colour alone.

The words are marked for translation with N_ (a no-op) and translated at render time, so
the extractor finds them here and the template receives the translated text.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.model import Certainty, Effect, Verdict


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


@dataclass(frozen=True)
class Label:
    word: str
    symbol: str
    css_class: str


EFFECT_LABELS: dict[Effect, Label] = {
    Effect.HELPS: Label(N_("Helps"), "✔✔", "effect-helps"),
    Effect.PROBABLY_HELPS: Label(N_("Probably helps"), "✔", "effect-helps"),
    Effect.PROBABLY_HELPS_LITTLE: Label(N_("Probably helps a little"), "✔", "effect-helps"),
    Effect.MAY_HELP: Label(N_("May help"), "✔?", "effect-maybe"),
    Effect.UNKNOWN: Label(N_("We do not know"), "?", "effect-unknown"),
    Effect.PROBABLY_DOES_NOT_HELP: Label(N_("Probably does not help"), "✘", "effect-no"),
    Effect.DOES_NOT_HELP: Label(N_("Does not help"), "✘✘", "effect-no"),
}

CERTAINTY_LABELS: dict[Certainty, Label] = {
    Certainty.HIGH: Label(N_("High"), "●●●●", "certainty-high"),
    Certainty.MODERATE: Label(N_("Moderate"), "●●●○", "certainty-moderate"),
    Certainty.LOW: Label(N_("Low"), "●●○○", "certainty-low"),
    Certainty.VERY_LOW: Label(N_("Very low"), "●○○○", "certainty-very-low"),
}

VERDICT_LABELS: dict[Verdict, Label] = {
    Verdict.SUPPORTED: Label(N_("Supported"), "✔", "verdict-supported"),
    Verdict.PARTLY_TRUE: Label(N_("Partly true"), "◐", "verdict-partly"),
    Verdict.NOT_SUPPORTED: Label(N_("Not supported"), "✘", "verdict-no"),
    Verdict.MISLEADING: Label(N_("Misleading"), "⚠", "verdict-misleading"),
}

# The warning sign printed before the title of an urgent box (a symbol, like the labels).
WARNING_SIGN = "⚠"
# Question marks of other scripts replace "?" in the symbols (see render.QUESTION_MARKS).
_SYMBOL_CHARS = frozenset(
    "".join(
        label.symbol
        for table in (EFFECT_LABELS, CERTAINTY_LABELS, VERDICT_LABELS)
        for label in table.values()
    )
    + WARNING_SIGN
    + "\u061f"
)


def symbol_only(text: str) -> bool:
    """True for text made only of label symbols (✔, ●●○○, ⚠ ...): what a screen reader
    would read as "heavy check mark" or "black black black" instead of a word."""
    stripped = "".join(text.split())
    return bool(stripped) and all(char in _SYMBOL_CHARS for char in stripped)
