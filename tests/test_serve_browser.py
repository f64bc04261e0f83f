"""The clinic form in a real browser, used as clinic staff would: Debian's chromium
through Selenium and Debian's chromedriver, axe-core from tests/browser/node_modules.

Fill in the form with the keyboard, upload a PNG logo, see the preview, download the
zip, and find the clinic's name and emergency number in every PDF (English and Spanish,
A4). axe-core finds nothing at 1280 and 320 px on the form, its error page and the
result page; focus order follows the page, and a bad submit puts focus on the first
error, which is tied to its message with aria-describedby.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from checkout import PROJECT_ROOT
from serve_support import CHROMEDRIVER, CHROMIUM, chromium, png_logo, running_server, set_width

from fbss_guide.serve.app import Settings

pytestmark = pytest.mark.slow
AXE = PROJECT_ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
NAME = "Riverside Back & Spine Clinic"
EMERGENCY = "0800 555 0199"
WIDTHS = (1280, 320)
FIELD_ORDER = [
    "name",
    "phone",
    "emergency_number",
    "address",
    "website",
    "online_url",
    "care_team",
    "logo",
    "logo_alt",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("serve-browser")
    with running_server(Settings(work_dir=work, workers=1, max_waiting=4)) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    for path, how in (
        (Path(CHROMIUM), "run `make test-system-deps` (Debian package chromium)"),
        (Path(CHROMEDRIVER), "run `make test-system-deps` (Debian package chromium-driver)"),
        (AXE, "run `make browser-deps` (npm ci in tests/browser)"),
    ):
        if not path.exists():
            pytest.fail(f"{path} is missing: {how}", pytrace=False)
    downloads = tmp_path_factory.mktemp("downloads")
    profile = tempfile.mkdtemp(prefix="fbss-chromium-")
    driver = chromium(str(downloads), profile)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _axe(driver) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
          .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
        """
    )


def _check_page(driver, what: str) -> None:
    """No axe violation and no sideways scrolling, at each width."""
    for width in WIDTHS:
        set_width(driver, width)
        overflow = driver.execute_script(
            "const e = document.documentElement; return e.scrollWidth - e.clientWidth"
        )
        assert overflow <= 0, f"{what} scrolls {overflow} px sideways at {width} px"
        assert _axe(driver) == [], f"axe-core on {what} at {width} px"
    set_width(driver, 1280)


def _active_id(driver) -> str:
    return driver.execute_script(
        "const a = document.activeElement; return a.id || a.className || a.tagName"
    )


def _tab(driver) -> str:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).send_keys(Keys.TAB).perform()
    return _active_id(driver)


def _type(driver, text: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(text).perform()


def test_the_form_passes_axe_and_tabs_in_page_order(browser, site) -> None:
    browser.get(site + "/")
    _check_page(browser, "the form")
    order = [_tab(browser) for _ in range(40)]
    order = order[: order.index("load-button") + 1] if "load-button" in order else order
    languages = [i for i in order if i.startswith("lang-")]
    editions = [i for i in order if i.startswith("edition-")]
    assert order == [
        "skip-link",
        *FIELD_ORDER,
        *languages,
        *editions,
        "submit",
        "clinic_file",
        "load-button",
    ]
    assert languages[0] == "lang-en" and "lang-es" in languages
    assert editions[0] == "edition-a4"


def test_a_bad_submit_puts_focus_on_the_first_error(browser, site) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + "/")
    assert _tab(browser) == "skip-link"
    assert _tab(browser) == "name"  # left empty
    assert _tab(browser) == "phone"
    _type(browser, "call us")
    browser.find_element(By.ID, "submit").send_keys(Keys.ENTER)
    assert browser.title.startswith("Error: ")
    assert _active_id(browser) == "name"
    described = browser.execute_script(
        """
        const el = document.activeElement;
        return el.getAttribute('aria-describedby').split(' ')
          .map(id => document.getElementById(id).textContent.trim());
        """
    )
    assert described == ["Error: Enter the clinic's name"]
    phone = browser.find_element(By.ID, "phone")
    assert phone.get_attribute("aria-invalid") == "true"
    assert phone.get_attribute("value") == "call us"
    assert "can only contain digits" in browser.find_element(By.ID, "phone-error").text
    _check_page(browser, "the form with errors")


def _fill(browser, values: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    for field, value in values.items():
        element = browser.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)


def _submit(browser) -> None:
    """Send the form and wait for the page that answers it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 30).until(
        lambda driver: old.id != driver.find_element(By.TAG_NAME, "html").id
    )


def _summary(browser) -> list[str]:
    from selenium.webdriver.common.by import By

    return [item.text for item in browser.find_elements(By.CSS_SELECTOR, ".error-summary li")]


GOOD = {
    "name": "Round Clinic",
    "phone": "+44 20 7946 0000",
    "emergency_number": "999",
    "website": "https://www.example.org/round",
}


def test_every_error_comes_in_one_round_under_its_label(browser, site) -> None:

    browser.get(site + "/")
    _fill(
        browser,
        {**GOOD, "phone": "abc", "emergency_number": "+((((((((((((", "website": "www.example"},
    )
    _submit(browser)
    summary = _summary(browser)
    assert [item.split(":", 1)[0] for item in summary] == [
        "Phone number for patients",
        "Emergency number",
        "Clinic website",
    ], summary
    assert _active_id(browser) == "phone"
    _check_page(browser, "the form with three errors")


def test_an_expired_form_or_a_large_photo_loses_nothing_typed(
    browser, site, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    _fill(browser, {**GOOD, "address": "1 Long Lane", "logo_alt": "Round logo"})
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_logo() + b"\0" * (3 * 1024 * 1024))
    browser.find_element(By.ID, "logo").send_keys(str(photo))
    _submit(browser)
    assert (
        "The logo file is 3.0 MB; the limit is 2 MB"
        in browser.find_element(By.ID, "logo-error").text
    )
    for field, value in {**GOOD, "address": "1 Long Lane", "logo_alt": "Round logo"}.items():
        assert browser.find_element(By.ID, field).get_attribute("value") == value, field
    # The form expires (a server restart makes new tokens): its page keeps it all too.
    browser.delete_all_cookies()
    _submit(browser)
    assert "This form had expired" in browser.find_element(By.CSS_SELECTOR, ".note").text
    for field, value in GOOD.items():
        assert browser.find_element(By.ID, field).get_attribute("value") == value, field
    _check_page(browser, "the expired form, filled in again")


def test_a_clinic_makes_its_edition_in_two_languages(browser, site, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    logo = tmp_path / "riverside.png"
    logo.write_bytes(png_logo())
    browser.get(site + "/")
    values = {
        "name": NAME,
        "phone": "+44 20 7946 0000",
        "emergency_number": EMERGENCY,
        "address": "12 River Road",
        "website": "https://www.example.org/riverside",
        "care_team": "Your doctor",
        "logo_alt": "Riverside clinic logo",
    }
    _tab(browser)  # the skip link
    for field in FIELD_ORDER:
        assert _tab(browser) == field
        if field == "logo":
            browser.switch_to.active_element.send_keys(str(logo))  # the file chooser
        elif field in values:
            _type(browser, values[field])
    assert _tab(browser) == "lang-en"  # checked already
    # Arabic as the second language: it sorts before English in the zip, but the
    # preview shows the first language chosen (English, ticked already).
    while (active := _tab(browser)) != "lang-ar":
        assert active.startswith("lang-")
    _type(browser, " ")  # Space ticks the box
    browser.find_element(By.ID, "submit").send_keys(Keys.ENTER)

    deadline = time.monotonic() + 600
    while "Your handouts are ready" not in browser.title:
        assert time.monotonic() < deadline, "the build did not finish in 10 minutes"
        assert "did not finish" not in browser.title, browser.page_source[-2000:]
        time.sleep(1)
    preview = browser.find_element(By.CSS_SELECTOR, ".preview img")
    assert browser.execute_script("return arguments[0].naturalWidth", preview) > 200
    assert "Page 1 of the handout in English" in preview.get_attribute("alt")
    _check_page(browser, "the result page")

    browser.find_element(By.ID, "download").send_keys(Keys.ENTER)
    archive = browser.downloads / "handouts.zip"
    deadline = time.monotonic() + 60
    while not archive.exists():
        assert time.monotonic() < deadline, "the zip was not downloaded"
        time.sleep(0.2)
    with zipfile.ZipFile(archive) as handouts:
        pdfs = sorted(name for name in handouts.namelist() if name.endswith(".pdf"))
        assert [name.split("/")[0] for name in pdfs] == ["ar", "en"]
        for name in pdfs:
            (tmp_path / "x.pdf").write_bytes(handouts.read(name))
            text = subprocess.run(
                ["pdftotext", str(tmp_path / "x.pdf"), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            text = " ".join(text.split())
            assert NAME in text, name
            assert EMERGENCY in text, name
