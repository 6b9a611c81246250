"""Every page of the real UI in headless Chromium at 1400x1000: found through the sidebar
navigation (so a page added later is covered too), run to the end without an exception, and
saved as a screenshot; plus a search with results and the score legend.

Screenshots go to ``tmp_path / "screenshots"`` and, when ``TITLESEARCH_SCREENSHOTS`` names a
folder, there too (to look at them after the run).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from ui_server import search_in_ui

VIEWS = Path(__file__).resolve().parents[2] / "src" / "titlesearch" / "ui" / "views"
CURRENT_PAGES = 6  # search, batch, analytics, embedding map, model report, history & settings
WINDOW = (1400, 1000)
WAIT = 120  # seconds; the first page also loads the models


def _raw_page_names() -> set[str]:
    """What Streamlit would list for a ``pages/`` folder: file stems, underscores as spaces."""
    return {"app"} | {p.stem.replace("_", " ") for p in VIEWS.glob("*.py")}


def _run_finished(driver) -> bool:
    """The script ran to its end: not running, no status widget, the main block filled."""
    from selenium.webdriver.common.by import By

    app = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stApp"]')
    if not app or app[0].get_attribute("data-test-script-state") != "notRunning":
        return False
    if driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'):
        return False
    main = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMainBlockContainer"]')
    return bool(main and main[0].text.strip())


def _wait_until_finished(driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT, poll_frequency=0.2).until(_run_finished)
    time.sleep(0.5)  # let the tables' canvases paint


def _page_links(driver) -> dict[str, str]:
    """Page title -> address, read from the sidebar navigation (all of it, if folded)."""
    from selenium.webdriver.common.by import By

    for more in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavViewButton"]'):
        if "more" in more.text:
            more.click()
    links = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')
    return {
        link.find_element(By.CSS_SELECTOR, "span[label]").get_attribute(
            "label"
        ): link.get_attribute("href")
        for link in links
    }


def _shown_lines(driver) -> set[str]:
    """The page's lines of text, less icon names (a material icon renders as its name:
    "search", "history", which are also page file names)."""
    from selenium.webdriver.common.by import By

    body = driver.find_element(By.TAG_NAME, "body").text
    icons = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stIconMaterial"]')
    return {line.strip() for line in body.splitlines()} - {icon.text for icon in icons}


def _save(driver, folders: list[Path], name: str) -> None:
    file = folders[0] / f"{re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')}.png"
    assert driver.save_screenshot(str(file)), f"no screenshot of {name}"
    for folder in folders[1:]:
        shutil.copy(file, folder / file.name)


def _assert_no_exception(driver, page: str) -> None:
    from selenium.webdriver.common.by import By

    shown = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    assert not shown, f"page {page!r} shows an exception:\n{shown[0].text[:2000]}"
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Traceback" not in body, f"page {page!r} shows a traceback:\n{body[:2000]}"


def _screenshot_folders(tmp_path: Path) -> list[Path]:
    folders = [tmp_path / "screenshots"]
    if os.environ.get("TITLESEARCH_SCREENSHOTS"):
        folders.append(Path(os.environ["TITLESEARCH_SCREENSHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def _wide_tables(driver) -> list[str]:
    """Tables on the page whose grid scrolls sideways (columns wider than the table)."""
    return driver.execute_script(
        """
        const out = [];
        for (const table of document.querySelectorAll('[data-testid="stDataFrame"]')) {
            const scroller = table.querySelector('.dvn-scroller');
            if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
                out.push(`${scroller.scrollWidth} > ${scroller.clientWidth}`);
            }
        }
        return out;
        """
    )


@pytest.mark.browser
def test_every_page_runs_clean_and_a_search_shows_coloured_results(ui_server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    folders = _screenshot_folders(tmp_path)
    browser.set_window_size(*WINDOW)
    browser.get(ui_server)
    shown = [_shown_lines(browser)]  # the first paint, then until the navigation appears
    WebDriverWait(browser, WAIT, poll_frequency=0.1).until(
        lambda d: shown.append(_shown_lines(d)) or _page_links(d)
    )
    for lines in shown:
        assert not _raw_page_names() & lines, f"raw page file names shown: {sorted(lines)}"

    pages = _page_links(browser)
    assert len(pages) >= CURRENT_PAGES, pages
    for title, address in pages.items():
        browser.get(address)
        _wait_until_finished(browser)
        _assert_no_exception(browser, title)
        _save(browser, folders, f"page {title}")

    search_in_ui(browser, ui_server, "icu nurse nights")
    WebDriverWait(browser, WAIT).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')) >= 4
    )
    _wait_until_finished(browser)
    _save(browser, folders, "search results")
    _assert_no_exception(browser, "Search (with results)")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "base · all-MiniLM-L6-v2" in body and "tuned · all-MiniLM-L6-v2" in body
    assert "Colour: the classifier's probability" in body  # the legend states the rule
    assert "Why this classification" in body
    why = browser.find_element(By.XPATH, "//*[contains(text(), 'Why this classification')]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", why)
    time.sleep(0.5)
    _save(browser, folders, "search classification reasons")
    assert not _wide_tables(browser), "a result table scrolls sideways at 1400 px"
