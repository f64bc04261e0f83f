"""The HTML rules for the web edition: what a phone and a screen reader need."""

from __future__ import annotations

from pathlib import Path

from checkout import DEFAULT_TEMPLATES

from fbss_guide.checks.html_structure import check_html, check_web_html
from fbss_guide.guide.content import load_guide
from fbss_guide.render.renderer import Renderer, RenderOptions


def web_html(content: Path, **options: object) -> str:
    guide = load_guide(content)
    return Renderer(DEFAULT_TEMPLATES).render(
        guide,
        RenderOptions(medium="screen", **options),  # type: ignore[arg-type]
    )


def test_the_web_edition_follows_the_rules(small_content: Path) -> None:
    html = web_html(small_content)
    assert check_web_html(html) == []
    assert '<section id="urgent" class="section section-urgent" tabindex="-1">' in html
    assert '<h3 class="callout-title"><span class="label-symbol callout-symbol"' in html


def test_each_broken_rule_is_named(small_content: Path) -> None:
    html = web_html(small_content)
    broken = (
        html.replace('<meta name="viewport" content="width=device-width, initial-scale=1">', "")
        .replace(' tabindex="-1"', "")
        .replace(' aria-label="Source 1"', "")
        .replace(' aria-hidden="true"', "")
    )
    problems = " | ".join(check_web_html(broken))
    assert "viewport" in problems and "third of its size" in problems
    assert "'#urgent' has no tabindex" in problems
    assert "citation links have no aria-label" in problems
    assert "label symbols are not aria-hidden" in problems


def test_an_image_with_an_empty_src_and_no_alt_is_reported(small_content: Path) -> None:
    # HTMLParser gives a bare attribute (`<img src>`) the value None, not "".
    html = web_html(small_content).replace("</h1>", "</h1><img src>", 1)
    problems = " | ".join(check_html(html))
    assert "image '?' has no alt text" in problems


def test_web_page_counts_keyboard_stops_before_the_sources() -> None:
    from fbss_guide.checks.html_structure import check_web_html, keyboard_stops_before

    head = (
        '<html lang="en" dir="ltr"><head><title>T</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        "<h1>T</h1>"
    )
    cites = "".join(
        f'<a class="cite" aria-label="Source {n}" href="#r{n}">{n}</a>' for n in range(20)
    )
    sources = (
        '<section id="references" tabindex="-1"><h2>R</h2><ol><li id="r1">A</li></ol></section>'
    )
    html = head + "<p>" + cites + "</p>" + sources + "</body></html>"
    assert keyboard_stops_before(html, "references") == 20
    [problem] = check_web_html(html, "references")
    assert "Tab 20 times" in problem
    quiet = html.replace('class="cite"', 'class="cite" tabindex="-1"')
    assert keyboard_stops_before(quiet, "references") == 0
    assert check_web_html(quiet, "references") == []
    assert (
        keyboard_stops_before(
            quiet.replace("<p>", '<p><button>b</button><span tabindex="0">s</span>'), "references"
        )
        == 2
    )
