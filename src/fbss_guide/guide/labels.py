"""Printed labels for the fixed vocabularies: a word plus a symbol, never colour alone.

The words are marked for translation with N_ (a no-op) and translated at render time, so
the extractor finds them here and the template receives the translated text.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.guide.model import Certainty, Effect, Verdict


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


@dataclass(frozen=True)
class Label:
    word: str
    symbol: str
    css_class: str


EFFECT_LABELS: dict[Effect, Label] = {
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.HELPS: Label(N_("Helps"), "✔✔", "effect-helps"),
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.PROBABLY_HELPS: Label(N_("Probably helps"), "✔", "effect-helps"),
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.PROBABLY_HELPS_LITTLE: Label(N_("Probably helps a little"), "✔", "effect-helps"),
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.MAY_HELP: Label(N_("May help"), "✔?", "effect-maybe"),
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.UNKNOWN: Label(N_("We do not know"), "?", "effect-unknown"),
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.PROBABLY_DOES_NOT_HELP: Label(N_("Probably does not help"), "✘", "effect-no"),
    # TRANSLATORS: an effect label in the treatment table ('Does it help?' column), after a
    # symbol such as ✔; its subject is the treatment in that row ('[the treatment] helps').
    Effect.DOES_NOT_HELP: Label(N_("Does not help"), "✘✘", "effect-no"),
}

CERTAINTY_LABELS: dict[Certainty, Label] = {
    # TRANSLATORS: a certainty label in the treatment table ('How sure are we?' column): how sure
    # the evidence is. It agrees with 'certainty of the evidence' (feminine in es, fr:
    # 'certeza'/'certitude'), not with the treatment. Printed after dots such as ●●○○.
    Certainty.HIGH: Label(N_("High"), "●●●●", "certainty-high"),
    # TRANSLATORS: a certainty label in the treatment table ('How sure are we?' column): how sure
    # the evidence is. It agrees with 'certainty of the evidence' (feminine in es, fr:
    # 'certeza'/'certitude'), not with the treatment. Printed after dots such as ●●○○.
    Certainty.MODERATE: Label(N_("Moderate"), "●●●○", "certainty-moderate"),
    # TRANSLATORS: a certainty label in the treatment table ('How sure are we?' column): how sure
    # the evidence is. It agrees with 'certainty of the evidence' (feminine in es, fr:
    # 'certeza'/'certitude'), not with the treatment. Printed after dots such as ●●○○.
    Certainty.LOW: Label(N_("Low"), "●●○○", "certainty-low"),
    # TRANSLATORS: a certainty label in the treatment table ('How sure are we?' column): how sure
    # the evidence is. It agrees with 'certainty of the evidence' (feminine in es, fr:
    # 'certeza'/'certitude'), not with the treatment. Printed after dots such as ●●○○.
    Certainty.VERY_LOW: Label(N_("Very low"), "●○○○", "certainty-very-low"),
}

VERDICT_LABELS: dict[Verdict, Label] = {
    # TRANSLATORS: a verdict in the table of online claims ('What the evidence says' column):
    # whether the claim a patient may read is backed by evidence. Agrees with 'the claim' (es 'la
    # afirmación', fr 'l'affirmation').
    Verdict.SUPPORTED: Label(N_("Supported"), "✔", "verdict-supported"),
    # TRANSLATORS: a verdict in the table of online claims ('What the evidence says' column):
    # whether the claim a patient may read is backed by evidence. Agrees with 'the claim' (es 'la
    # afirmación', fr 'l'affirmation').
    Verdict.PARTLY_TRUE: Label(N_("Partly true"), "◐", "verdict-partly"),
    # TRANSLATORS: a verdict in the table of online claims ('What the evidence says' column):
    # whether the claim a patient may read is backed by evidence. Agrees with 'the claim' (es 'la
    # afirmación', fr 'l'affirmation').
    Verdict.NOT_SUPPORTED: Label(N_("Not supported"), "✘", "verdict-no"),
    # TRANSLATORS: a verdict in the table of online claims ('What the evidence says' column):
    # whether the claim a patient may read is backed by evidence. Agrees with 'the claim' (es 'la
    # afirmación', fr 'l'affirmation').
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
