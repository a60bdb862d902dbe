"""Headless Chromium through Selenium, with Debian's chromium and chromium-driver (`make test` installs them)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _binary(*names: str) -> str | None:
    return next((path for name in names if (path := shutil.which(name))), None)


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _binary("chromium", "chromium-browser"), _binary("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("chromium and chromedriver are not installed (make test installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="archive-chromium-")
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
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(3)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def screenshot(browser):
    ARTIFACTS.mkdir(exist_ok=True)

    def save(name: str, width: int = 1280, height: int = 1000) -> Path:
        browser.set_window_size(width, height)
        path = ARTIFACTS / f"{name}.png"
        browser.save_screenshot(str(path))
        return path

    return save


@pytest.fixture
def wait_for_next_page(browser):
    """Wait until the page whose <html> element is given has been replaced and the new one has loaded."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def left(page) -> bool:
        """Whether the old page is gone. Chromium may say so as "Node with given id does not belong to the
        document" (a plain WebDriverException) while the new document replaces it, not only as a stale element."""
        try:
            page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    def wait(page) -> None:
        WebDriverWait(browser, 30).until(lambda _: left(page))
        # and until the new page has loaded, so the next look-up finds its elements, not a document in between
        WebDriverWait(browser, 30).until(lambda b: b.execute_script("return document.readyState") == "complete")

    return wait


@pytest.fixture
def follow(browser, wait_for_next_page):
    """Click a link or button and wait for the next page to load (no reading the old page by mistake)."""

    def click(element) -> None:
        page = browser.find_element("tag name", "html")
        element.click()
        wait_for_next_page(page)

    return click


@pytest.fixture
def larger_archive(tmp_path):
    """45 articles over two years with given tags: enough for pages, facets and a drill-down."""
    import json

    from archive.gazetteers import load_gazetteers
    from archive.importers import import_paths

    load_gazetteers()
    countries = [["PK"], ["RU"], ["CA"], ["PK", "RU"], ["US"]]
    lines = []
    for n in range(45):
        year, month = 2022 + n % 2, 1 + n % 12
        lines.append(
            json.dumps(
                {
                    "id": n,
                    "title": f"Report {n} on wheat exports",
                    "body": f"Officials discussed wheat exports, item {n}.",
                    "published": f"{year}-{month:02d}-{1 + n % 28:02d}",
                    "countries": countries[n % 5],
                    "organisations": [],
                }
            )
        )
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    import_paths([path])


EDITOR_PASSWORD = "curate-in-the-browser-2024"


@pytest.fixture
def editor_browser(live_server, browser, seeds_dir):
    """The seeds imported and an editor logged in to the admin at a desk's width."""
    import io

    from django.core.management import call_command
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from archive.gazetteers import load_gazetteers
    from archive.importers import import_paths

    load_gazetteers()  # a transactional test starts from an emptied database
    import_paths([seeds_dir])
    stdin = io.StringIO(EDITOR_PASSWORD)
    call_command("create_editor", "editor", "--password-stdin", stdin=stdin, stdout=io.StringIO())
    browser.delete_all_cookies()
    browser.set_window_size(1366, 900)
    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    browser.find_element(By.ID, "id_username").send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys(EDITOR_PASSWORD + "\n")
    WebDriverWait(browser, 30).until(ec.url_to_be(f"{live_server.url}/admin/"))
    return browser


@pytest.fixture
def downloads(browser, tmp_path):
    """Chromium saves downloads in tmp_path; the fixture waits for a file with a given suffix."""
    import time

    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})

    def wait_for(suffix: str) -> Path:
        """The downloaded file, once Chromium has finished writing it (a safety net of 30 s, not a race)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            names = list(tmp_path.iterdir())
            # Chromium reserves the final name with an empty file while the data goes to a
            # .crdownload file, then renames it: done means no .crdownload and a non-empty file.
            in_flight = any(p.name.endswith(".crdownload") for p in names)
            done = [p for p in names if p.name.endswith(suffix) and _size(p) > 0]
            if done and not in_flight:
                return done[0]
            time.sleep(0.1)
        raise AssertionError(f"no {suffix} download in {sorted(p.name for p in tmp_path.iterdir())}")

    return wait_for


def _size(path: Path) -> int:
    """The file's size, 0 if Chromium renamed it away between listing and looking."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
