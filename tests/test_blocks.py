"""The block-kind registry: a kind is defined in one place, and an unknown one fails loudly."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES, DEFAULT_TEMPLATES, READABILITY_CONFIG

from fbss_guide.blocks import (
    COMMON_FIELDS,
    REGISTRY,
    BlockBase,
    BlockKind,
    Field,
    UnknownBlockKind,
    register,
)
from fbss_guide.checks.evidence import check_evidence
from fbss_guide.errors import BuildError, ContentError
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.markup import Inline
from fbss_guide.i18n.localise import localise
from fbss_guide.i18n.messages import content_messages
from fbss_guide.readability import load_targets, score_guide
from fbss_guide.render.renderer import Renderer, RenderOptions

MakeContent = Callable[[dict[str, str]], Path]


def test_an_unknown_kind_in_the_content_names_file_line_and_the_known_kinds(
    make_content: MakeContent,
) -> None:
    content = make_content(
        {
            "sections/01-intro.yaml": """\
            id: intro
            heading: What this is
            blocks:
              - kind: paragraph
                id: first
                text: This is a short test [@smith-2020].
              - kind: sidebar
                id: aside
                text: Not a kind.
            """
        }
    )
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    [problem] = caught.value.problems
    assert problem.file == "content/sections/01-intro.yaml"
    assert problem.line == 7
    assert problem.key == "blocks[2].kind"
    assert problem.message == "unknown block kind 'sidebar'"
    assert problem.hint == "use one of: " + ", ".join(REGISTRY.names())
    assert "paragraph" in problem.hint and "review_info" in problem.hint


@dataclasses.dataclass(frozen=True)
class Sidebar(BlockBase):
    id: str
    text: Inline


def test_a_block_whose_type_is_not_registered_fails_the_render(small_content: Path) -> None:
    guide = load_guide(small_content)
    intro = guide.sections[0]
    stray = Sidebar("aside", Inline.parse("Never printed.", "intro/aside/text", 1))
    broken = dataclasses.replace(
        guide,
        sections=(dataclasses.replace(intro, blocks=(*intro.blocks, stray)), *guide.sections[1:]),
    )
    with pytest.raises(UnknownBlockKind) as caught:
        Renderer(DEFAULT_TEMPLATES).render(broken, RenderOptions())
    message = str(caught.value)
    assert "Sidebar" in message
    assert "known kinds: " + ", ".join(REGISTRY.names()) in message


# A kind defined here, in the test module, and nowhere else: its dataclass, its entry and
# (below) its macro file in a copy of the templates.
@dataclasses.dataclass(frozen=True)
class Tip(BlockBase):
    id: str
    text: Inline
    source: Inline | None = None


TIP = BlockKind(
    name="tip",
    cls=Tip,
    fields={"id": Field("id"), "text": Field("text"), "source": Field("text", required=False)},
    notes={"text": "a practical tip", "source": "where the tip comes from"},
)

TIP_MACRO = """\
{% macro render(block, section) -%}
<aside class="tip" id="{{ section.id }}-{{ block.id }}">{# -#}
<p>{{ _("Tip:") }} {{ block.text | inline }}</p>
{%- if block.source %}<p class="tip-source">{{ block.source | inline }}</p>{% endif %}</aside>
{%- endmacro %}
"""

TIP_SECTION = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: first
    text: This is a short test. It has a source [@smith-2020].
  - kind: tip
    id: water
    text: Drink water when you take the tablets. Walk 20 minutes a day.
    source: From the **leaflet** in the box.
"""


@pytest.fixture
def tip_kind() -> Iterator[BlockKind]:
    register(TIP)
    try:
        yield TIP
    finally:
        REGISTRY.unregister(TIP.name)


def test_a_kind_registered_from_a_test_module_loads_renders_and_is_extracted(
    tip_kind: BlockKind, make_content: MakeContent, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    (templates / "partials" / "blocks" / "tip.html.j2").write_text(TIP_MACRO, encoding="utf-8")
    guide = load_guide(make_content({"sections/01-intro.yaml": TIP_SECTION}))

    [_, tip] = guide.sections[0].blocks
    assert isinstance(tip, Tip) and tip.text.context == "intro/water/text"

    html = Renderer(templates).render(guide, RenderOptions())
    assert (
        '<aside class="tip" id="intro-water"><p>Tip: Drink water when you take the tablets. '
        "Walk 20 minutes a day.</p>"
        '<p class="tip-source">From the <strong>leaflet</strong> in the box.</p></aside>'
    ) in html

    # The extractor asks the kind for its texts, in schema order, and for their notes.
    messages = [m for m in content_messages(guide) if m.context.startswith("intro/water/")]
    assert [m.context for m in messages] == ["intro/water/text", "intro/water/source"]
    assert "block 'water'; a practical tip." in messages[0].comment
    assert "where the tip comes from" in messages[1].comment

    # Readability scores it as prose; the evidence check holds its numbers to a source.
    report = score_guide(guide, load_targets(DEFAULT_LOCALES / READABILITY_CONFIG, "en"))
    assert "water" in [block.name for block in report.sections[0].blocks]
    assert any(problem.key == "intro/water/text" for problem in check_evidence(guide))


def test_a_kind_whose_schema_and_dataclass_disagree_is_refused_at_registration() -> None:
    with pytest.raises(TypeError, match="the schema names colour, which Tip has no field"):
        BlockKind(name="tip", cls=Tip, fields={**TIP.fields, "colour": Field("str")})
    with pytest.raises(TypeError, match="Tip needs text, which the schema does not give"):
        BlockKind(name="tip", cls=Tip, fields={"id": Field("id")})


def test_a_kind_name_or_dataclass_is_registered_once(tip_kind: BlockKind) -> None:
    with pytest.raises(ValueError, match="'tip' is already registered"):
        fields = {"id": Field("id"), "text": Field("text")}
        register(BlockKind(name="tip", cls=Sidebar, fields=fields))
    with pytest.raises(ValueError, match="Tip is already the dataclass of 'tip'"):
        register(dataclasses.replace(TIP, name="hint"))


def test_renders_do_not_share_state_across_languages() -> None:
    """Language A, then B, then A again gives the same HTML for A; the environment
    itself does not change between renders."""
    guide = load_guide(DEFAULT_CONTENT)
    renderer = Renderer(DEFAULT_TEMPLATES)
    filters = dict(renderer.env.filters)
    globals_ = dict(renderer.env.globals)
    spanish = localise(guide, "es", DEFAULT_LOCALES, allow_incomplete=True, checked=True)
    arabic = localise(guide, "ar", DEFAULT_LOCALES, allow_incomplete=True, checked=True)

    def es() -> str:
        return renderer.render(guide, RenderOptions(language="es"), spanish.translations)

    first = es()
    english = renderer.render(guide, RenderOptions(medium="screen"))
    rtl = renderer.render(guide, RenderOptions(language="ar"), arabic.translations)
    assert es() == first
    assert renderer.render(guide, RenderOptions(medium="screen")) == english
    assert 'lang="es"' in first and 'lang="ar" dir="rtl"' in rtl
    assert first != english != rtl
    assert dict(renderer.env.filters) == filters
    assert dict(renderer.env.globals) == globals_


def test_a_kind_template_without_its_macro_is_a_clear_render_error(
    tip_kind: BlockKind, make_content: MakeContent, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    misnamed = TIP_MACRO.replace("macro render(", "macro tip(")
    (templates / "partials" / "blocks" / "tip.html.j2").write_text(misnamed, encoding="utf-8")
    guide = load_guide(make_content({"sections/01-intro.yaml": TIP_SECTION}))
    with pytest.raises(BuildError, match=r"partials/blocks/tip.html.j2 has no macro 'render'"):
        Renderer(templates).render(guide, RenderOptions())


def test_common_fields_are_allowed_on_every_kind(
    make_content: MakeContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys common to all kinds are declared once; the loader offers them on each kind."""
    monkeypatch.setitem(COMMON_FIELDS, "note", Field("str", required=False))
    content = make_content(
        {
            "sections/01-intro.yaml": """\
            id: intro
            heading: What this is
            blocks:
              - kind: paragraph
                id: first
                colour: red
                text: This is a short test [@smith-2020].
            """
        }
    )
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    [problem] = caught.value.problems
    assert problem.key == "blocks[1](paragraph).colour"
    assert problem.hint == "allowed keys here: id, text, card, note"
