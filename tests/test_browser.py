"""The web edition in a real browser: axe-core, reflow, and numbers in Arabic.

Debian's chromium runs headless through Selenium and Debian's chromedriver; axe-core
comes from tests/browser/node_modules (pinned, installed by `make browser-deps`).
Nothing here downloads a browser. Every language is checked at 1280 px and at 320 px
(a small phone): no axe violation and no sideways scrolling.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkout import DEFAULT_LOCALES, PROJECT_ROOT, project_config
from chromium import CHROMEDRIVER, CHROMIUM, chromium

from fbss_guide.clinic.details import Clinic, load_clinic
from fbss_guide.engine.build import build_report
from fbss_guide.i18n.paths import available_languages
from fbss_guide.project.editions import EditionSpec

AXE = PROJECT_ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 320)
LANGUAGES = ("en", *available_languages(DEFAULT_LOCALES))
PHONE = "+44 20 7946 0000"
EMERGENCY = "0800 555 0199"


def _require(path: Path, how: str) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: {how}", pytrace=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require(Path(CHROMIUM), "run `make system-deps` (Debian package chromium)")
    _require(Path(CHROMEDRIVER), "run `make system-deps` (Debian package chromium-driver)")
    _require(AXE, "run `make browser-deps` (npm ci in tests/browser)")
    profile = tempfile.mkdtemp(prefix="fbss-chromium-")
    driver = chromium(None, profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _write_editions(
    out: Path, languages: tuple[str, ...], clinic: Clinic | None, clinic_file: Path | None = None
) -> dict[str, Path]:
    """The web edition of each language, made by the build as `make build` makes it."""
    config = project_config(
        out_dir=out,
        languages=languages,
        editions=(EditionSpec(None, format="web"),),
        clinic=clinic,
        clinic_file=clinic_file,
        jobs=1,
    )
    report = build_report(config)
    return {item.edition.language: item.pdf for item in report.editions}


@pytest.fixture(scope="module")
def web_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _write_editions(tmp_path_factory.mktemp("web"), LANGUAGES, None)


@pytest.fixture(scope="module")
def arabic_clinic_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clinic")
    shutil.copy(PROJECT_ROOT / "examples" / "clinic" / "logo.png", folder / "logo.png")
    text = (PROJECT_ROOT / "examples" / "clinic" / "clinic.yaml").read_text(encoding="utf-8")
    text = text.replace('emergency_number: "999"', f'emergency_number: "{EMERGENCY}"')
    (folder / "clinic.yaml").write_text(text, encoding="utf-8")
    clinic = load_clinic(folder / "clinic.yaml")
    assert clinic.phone == PHONE and clinic.emergency_number == EMERGENCY
    return _write_editions(folder / "out", ("ar",), clinic, folder / "clinic.yaml")["ar"]


def _open(driver, page: Path, width: int) -> None:
    # A phone-sized, touch viewport at 320 px; the page's own viewport tag decides the
    # layout width, as on a real phone.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get(page.as_uri())


def _axe(driver) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
          .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
        """
    )
    return result


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_and_no_sideways_scroll(
    browser, web_pages: dict[str, Path], language: str, width: int
) -> None:
    _open(browser, web_pages[language], width)
    layout_width = browser.execute_script("return window.innerWidth")
    assert layout_width == width, (
        f"the page is laid out {layout_width} px wide on a {width} px screen "
        "(is <meta name=viewport> missing?)"
    )
    overflow = browser.execute_script(
        "const e = document.documentElement; return e.scrollWidth - e.clientWidth"
    )
    assert overflow <= 0, f"{language} at {width} px scrolls {overflow} px sideways"
    violations = _axe(browser)
    assert violations == [], f"axe-core found in {language} at {width} px: {violations}"


def test_narrow_tables_keep_headers_and_wide_captions(browser, web_pages) -> None:
    _open(browser, web_pages["zh-Hans"], 320)
    facts = browser.execute_script(
        """
        const caption = document.querySelector('caption');
        const th = document.querySelector('thead th');
        return {caption: caption.getBoundingClientRect().width,
                thead: getComputedStyle(th.closest('thead')).display,
                th_width: th.getBoundingClientRect().width};
        """
    )
    assert facts["caption"] > 250, f"caption squeezed to {facts['caption']} px"
    assert facts["thead"] != "none", "column headers removed from the accessibility tree"


def test_citation_links_are_named_and_big_enough(browser, web_pages) -> None:
    _open(browser, web_pages["en"], 320)
    links = browser.execute_script(
        """
        return [...document.querySelectorAll('a.cite')].map(a => {
          const r = a.getBoundingClientRect();
          return {name: a.getAttribute('aria-label'), text: a.textContent,
                  w: r.width, h: r.height};
        });
        """
    )
    assert len(links) > 20
    for link in links:
        assert link["name"] == f"Source {link['text']}"
        assert link["w"] >= 24 and link["h"] >= 24, link


def test_symbols_are_hidden_from_assistive_technology(browser, web_pages) -> None:
    _open(browser, web_pages["en"], 1280)
    visible = browser.execute_script(
        """
        return [...document.querySelectorAll('.label-symbol')]
          .filter(s => !s.closest('[aria-hidden="true"]')).map(s => s.textContent);
        """
    )
    assert visible == []
    headings = browser.execute_script(
        "return [...document.querySelectorAll('.callout h3')].map(h => h.textContent.trim())"
    )
    assert any("Get help the same day" in heading for heading in headings)


def test_skip_link_moves_focus_to_the_warning_signs(browser, web_pages) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, web_pages["ar"], 320)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.execute_script("return document.activeElement.className")
    assert focused == "skip-link"
    box = browser.execute_script(
        "const r = document.activeElement.getBoundingClientRect(); return [r.left, r.right]"
    )
    assert 0 <= box[0] < box[1] <= 320, f"the focused skip link is off screen: {box}"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "urgent"


def _visual_order(driver, selector: str) -> list[tuple[str, str]]:
    """(logical text, text in on-screen left-to-right order) of each matching element."""
    return driver.execute_script(
        """
        return [...document.querySelectorAll(arguments[0])].map(el => {
          const node = el.firstChild, chars = [];
          for (let i = 0; i < node.length; i++) {
            if (node.data[i] === ' ') continue;
            const range = document.createRange();
            range.setStart(node, i); range.setEnd(node, i + 1);
            chars.push([range.getBoundingClientRect().left, node.data[i]]);
          }
          chars.sort((a, b) => a[0] - b[0]);
          return [node.data, chars.map(c => c[1]).join('')];
        });
        """,
        selector,
    )


def test_arabic_clinic_numbers_read_left_to_right(browser, arabic_clinic_page) -> None:
    _open(browser, arabic_clinic_page, 1280)
    phones = _visual_order(browser, "bdi.phone")
    # The clinic's phone on the cover, the back page and in the warning box (as the
    # surgery team's number), and its emergency number in the warning box's numbers.
    assert [logical for logical, _ in phones].count(PHONE) >= 2
    assert EMERGENCY in [logical for logical, _ in phones]
    for logical, visual in phones:
        assert logical in {PHONE, EMERGENCY}
        assert visual == logical.replace(" ", ""), f"shown as {visual}"
    numbers = [
        pair for pair in _visual_order(browser, ".callout-title bdi") if pair[0] == EMERGENCY
    ]
    assert numbers, "the emergency number is not isolated in the urgent box title"
    assert all(visual == EMERGENCY.replace(" ", "") for _, visual in numbers), numbers


@pytest.mark.parametrize("width", WIDTHS)
def test_arabic_clinic_edition_passes_axe(browser, arabic_clinic_page, width: int) -> None:
    _open(browser, arabic_clinic_page, width)
    overflow = browser.execute_script(
        "const e = document.documentElement; return e.scrollWidth - e.clientWidth"
    )
    assert overflow <= 0, f"the clinic edition scrolls {overflow} px sideways at {width} px"
    assert _axe(browser) == []


@pytest.fixture(scope="module")
def english_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_editions(tmp_path_factory.mktemp("web-en"), ("en",), None)["en"]


def test_keyboard_reaches_the_sources_in_few_stops(browser, english_page) -> None:
    """Tab through the page as a keyboard user does: citation numbers are not stops
    (a mouse, a finger and a screen reader's list of links still reach them), at most
    15 stops come before the sources, and the second skip link goes straight there."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, english_page, 1280)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    stops = []
    for _ in range(60):
        stop = browser.execute_script(
            """
            const a = document.activeElement, sources = document.getElementById('references');
            const after = sources.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING;
            return {cls: a.className, href: a.getAttribute('href') || '',
                    before: !after && !sources.contains(a), body: a === document.body};
            """
        )
        if stop["body"] or not stop["before"] or stop in stops:
            break
        stops.append(stop)
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert 2 <= len(stops) <= 15, stops
    assert not [stop for stop in stops if stop["cls"] == "cite"]
    # Every source is still a link target, and each citation still a link.
    cites = browser.execute_script(
        "return [...document.querySelectorAll('a.cite')].map(a => a.getAttribute('href'))"
    )
    assert len(cites) > 100
    for href in set(cites):
        assert browser.execute_script(f"return !!document.getElementById('{href[1:]}')")
    _open(browser, english_page, 1280)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.execute_script("return document.activeElement.textContent") == (
        "Skip to the sources"
    )
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "references"
