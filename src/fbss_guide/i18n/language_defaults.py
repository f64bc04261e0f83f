"""What a new catalog starts with for a language the tool knows: the readability
formula made for it and the plural rule its other catalogs use.

`fbss-guide i18n init es` in a new guide should measure Spanish with the Spanish
formulas (not the language-neutral sentence length) and count plurals as the tool's own
Spanish catalog does (2 forms; Babel's CLDR data gives 3 since 2.16, counting "millones"
apart, which no translation here needs). The tables are this project's own
locales/readability.yaml entries and catalog headers; tests/test_i18n_new_language.py
keeps them equal.
"""

from __future__ import annotations

# The entry under "<language>:" in readability.yaml, for each language with a formula.
READABILITY = {
    "es": (
        '  # Fernández-Huerta 70-80 "fairly easy" (about US grade 7); INFLESZ >= 55 "normal",\n'
        "  # the usual floor for health texts.\n"
        "  measures:\n"
        "    fernandez-huerta: {section: 65, median: 70, strict: 70, block_tolerance: 5}\n"
        "    szigriszt-pazos: {section: 55, median: 60, strict: 60, block_tolerance: 5}\n"
    ),
    "fr": (
        '  # Kandel-Moles 60-70 "standard", 70+ "fairly easy".\n'
        "  measures:\n"
        "    kandel-moles: {section: 60, median: 65, strict: 65, block_tolerance: 5}\n"
    ),
    "de": (
        '  # Amstad 50-60 "fairly hard", 60+ "standard"; Wiener Sachtextformel is\n'
        "  # school-year-like.\n"
        "  measures:\n"
        "    amstad: {section: 45, median: 50, strict: 50, block_tolerance: 5}\n"
        "    wiener-sachtextformel: {section: 9, median: 8, strict: 8, block_tolerance: 1}\n"
    ),
    "pt-BR": (
        "  # Flesch adapted to Brazilian Portuguese (Martins et al. 1996): 75-100 very easy,\n"
        '  # 50-75 easy; every section must be "easy".\n'
        "  measures:\n"
        "    martins: {section: 50, median: 55, strict: 55, block_tolerance: 5}\n"
    ),
    "zh-Hans": (
        "  # A language-neutral measure in characters: no validated formula for Chinese.\n"
        "  measures:\n"
        "    mean-sentence-characters: {section: 30, median: 25, strict: 22, block_tolerance: 5}\n"
    ),
}

# The Plural-Forms header of the tool's catalog for each language (by language code).
PLURAL_FORMS = {
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=0 && n%100<=2 ? 4 : 5);"
    ),
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ko": "nplurals=1; plural=0;",
    "pl": (
        "nplurals=3; plural=n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
        "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
    ),
    "pt-BR": "nplurals=2; plural=(n > 1);",
    "ru": (
        "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && "
        "n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
    ),
    "tl": (
        "nplurals=2; plural=n != 1 && n != 2 && n != 3 && "
        "(n % 10 == 4 || n % 10 == 6 || n % 10 == 9);"
    ),
    "vi": "nplurals=1; plural=0;",
    "zh-Hans": "nplurals=1; plural=0;",
}


def _lookup(table: dict[str, str], language: str) -> str | None:
    """The entry for the language code (es-MX, pt_BR), else for its base language (es)
    when the table has one only for that base."""
    code = language.replace("_", "-")
    if code in table:
        return table[code]
    return table.get(code.split("-")[0])


def readability_entry(language: str) -> str | None:
    return _lookup(READABILITY, language)


def plural_forms(language: str) -> str | None:
    return _lookup(PLURAL_FORMS, language)


def language_names(language: str) -> tuple[str, str]:
    """The language's name in itself and in English, for the code as the catalog has it.

    Babel reads some codes as another language (`tl`, Tagalog, as `fil_PH`, "Filipino
    (Philippines)"); the name then comes from the language list, so `i18n status`, the
    web app and the README all say Tagalog."""
    from babel import Locale

    locale = Locale.parse(language.replace("-", "_"))
    base = language.replace("-", "_").split("_")[0]
    if locale.language != base:
        english = Locale("en").languages.get(base, language)
        return locale.languages.get(base, english), english
    return locale.get_display_name(locale) or language, locale.get_display_name("en") or language
