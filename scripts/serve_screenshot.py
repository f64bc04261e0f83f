"""Take docs/serve-form.png, the clinic form's screenshot in the README.

Runs the app on a free port of 127.0.0.1 and photographs the form in Debian's headless
chromium through Selenium, as tests/test_serve_browser.py drives it:

    .venv/bin/python scripts/serve_screenshot.py [--errors]

--errors photographs the form after a bad submit (docs/serve-form-errors.png).
"""

from __future__ import annotations

import argparse
import base64
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from serve_support import chromium, running_server, set_width  # noqa: E402

from fbss_guide.serve.app import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="show the form after a bad submit")
    parser.add_argument("--width", type=int, default=900)
    args = parser.parse_args()
    target = ROOT / "docs" / ("serve-form-errors.png" if args.errors else "serve-form.png")
    scratch = Path(tempfile.mkdtemp(prefix="fbss-shot-"))
    try:
        with running_server(Settings(work_dir=scratch / "work", workers=0)) as (base, _):
            driver = chromium(str(scratch), str(scratch / "profile"))
            try:
                set_width(driver, args.width)
                driver.get(base + "/")
                if args.errors:
                    driver.find_element("id", "phone").send_keys("call us")
                    driver.find_element("id", "submit").click()
                height = driver.execute_script("return document.documentElement.scrollHeight")
                set_width(driver, args.width, height)
                shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            finally:
                driver.quit()
        target.write_bytes(base64.b64decode(shot["data"]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
