"""Debian's chromium, headless, through Debian's chromedriver: the one browser set-up of
the browser tests (web edition, clinic form) and of the screenshot script."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def chromium(download_dir: str | None, profile_dir: str):
    """Debian's chromium, headless, through Debian's chromedriver (nothing downloaded);
    files the page downloads land in download_dir, if given."""
    import os

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch a browser
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile_dir}",
    ):
        options.add_argument(flag)
    if download_dir is not None:
        options.add_experimental_option(
            "prefs",
            {"download.default_directory": download_dir, "download.prompt_for_download": False},
        )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if download_dir is not None:
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": download_dir}
        )
    driver.set_script_timeout(60)
    return driver
