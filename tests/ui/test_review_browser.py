"""The review queue in a real browser on a real ``titlesearch ui`` server: a batch of 200 real
vacancy titles is coded, ten of its uncertain titles are corrected on the Review page, the
index gains those ten ``source=user`` points, and the batch coded again gives those titles
the corrected codes with confidence. And killing the UI during a review loses no decision it
reported saved."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner
from ui_server import CHROMEDRIVER, CHROMIUM, _free_port, _wait_for_health

from titlesearch.cli import app

CORRECTIONS = 10


@pytest.fixture()
def batch(real_batch) -> tuple[Path, dict[str, str]]:
    """The 200 real titles and each one's first acceptable code."""
    path, codes = real_batch
    return path, {title: acceptable.split(";")[0] for title, acceptable in codes.items()}


def cli(home: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--home", str(home), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def wait_for_text(browser, text: str, timeout: float = 120) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(
        ready.text_to_be_present_in_element((By.TAG_NAME, "body"), text)
    )


def open_review(browser, url: str, coded: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{url}/review")
    wait_for_text(browser, "Coded table")
    browser.find_element(By.CSS_SELECTOR, 'input[type="file"]').send_keys(str(coded))
    wait_for_text(browser, "titles to review")
    wait_idle(browser)


def save_code(browser, code: str) -> str:
    """Type ``code`` for the title on screen, save, wait for the confirmation; the title."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    title = current_title(browser)
    box = browser.find_element(By.CSS_SELECTOR, 'input[aria-label="Another O*NET code"]')
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE, code)  # clicking Save commits it, as a person's click does
    browser.find_element(By.XPATH, "//button[.//p[text()='Save decision']]").click()
    wait_for_text(browser, f"Saved: {title} → {code}")
    wait_idle(browser)
    return title


IDLE = """return document.querySelectorAll('[data-stale="true"]').length === 0 &&
    !(document.querySelector('[data-testid="stStatusWidget"]')?.innerText || '')
        .includes('Running')"""


def wait_idle(browser, timeout: float = 120) -> None:
    """Wait until the app's script run is over and no element of an older run is shown."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(lambda driver: driver.execute_script(IDLE))


def click(browser, xpath: str, timeout: float = 60) -> None:
    """Click the element at ``xpath`` once the app is idle; a rerun that replaces the element
    between finding and clicking it (a stale reference) is waited out and the click retried."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def clicked(driver) -> bool:
        wait_idle(driver)
        try:
            driver.find_element(By.XPATH, xpath).click()
        except StaleElementReferenceException:
            return False
        return True

    WebDriverWait(browser, timeout).until(clicked)


def current_title(browser, timeout: float = 60) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    located = (By.CSS_SELECTOR, ".st-key-r_current h3")
    return WebDriverWait(browser, timeout).until(ready.visibility_of_element_located(located)).text


def download(browser, label: str, folder: Path, timeout: float = 60) -> Path:
    """Click the download button ``label`` and return the file it saved in ``folder``."""
    from selenium.webdriver.support.ui import WebDriverWait

    folder.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )
    click(browser, f"//button[.//p[text()='{label}']]")

    def saved(_) -> list[Path]:
        return [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]

    return WebDriverWait(browser, timeout).until(saved)[0]


def shot(browser, name: str, tmp_path: Path) -> None:
    for folder in (tmp_path, os.environ.get("TITLESEARCH_SCREENSHOTS")):
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(Path(folder) / f"{name}.png"))


def test_ten_corrections_in_the_browser_are_learned_by_the_index(
    ui_server, browser, batch, tmp_path
):
    from selenium.webdriver.common.by import By

    from titlesearch.config import AppSettings

    home = tmp_path / "home"  # the ui_server fixture's copy of the UI home
    titles, gold = batch
    coded = tmp_path / "coded.csv"
    cli(home, "classify", "--input", str(titles), "--output", str(coded))
    open_review(browser, ui_server, coded)
    shot(browser, "review-queue", tmp_path)
    corrected = {}
    for _ in range(CORRECTIONS):
        title = current_title(browser)
        corrected[save_code(browser, gold[title])] = gold[title]
    click(browser, "//button[.//p[starts-with(text(), 'Teach the index')]]")
    wait_for_text(browser, f"The index now holds {CORRECTIONS} corrections", timeout=180)
    shot(browser, "review-taught", tmp_path)
    assert "Traceback" not in browser.find_element(By.TAG_NAME, "body").text
    reviewed = download(browser, "Reviewed table (CSV)", tmp_path / "downloads")
    table = pd.read_csv(reviewed, dtype=str, keep_default_na=False).set_index("title")
    for title, code in corrected.items():
        assert table.loc[[title], "final_code"].eq(code).all(), title
    assert (table["review"] == "correct").sum() >= CORRECTIONS

    decisions = json.loads((home / "review" / "decisions.json").read_text())["decisions"]
    assert {d["title"]: d["onet_code"] for d in decisions} == corrected
    again = tmp_path / "again.csv"
    cli(home, "classify", "--input", str(titles), "--output", str(again))
    rows = pd.read_csv(again, dtype=str, keep_default_na=False).set_index("title")
    bar = AppSettings.load(home).search.abstain_below
    for title, code in corrected.items():
        row = rows.loc[[title]].iloc[0]
        assert (row["onet_code"], row["level"]) == (code, "code"), title
        assert float(row["confidence"]) >= bar, title
    info = cli(home, "info")
    assert info["sources"].get("user") == CORRECTIONS


def test_killing_the_ui_during_a_review_loses_no_saved_decision(
    tuned_home, browser, batch, tmp_path
):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver")
    import shutil

    from selenium.webdriver.common.by import By

    home = tmp_path / "home"
    shutil.copytree(tuned_home, home)
    titles, gold = batch
    coded = tmp_path / "coded.csv"
    cli(home, "classify", "--input", str(titles), "--output", str(coded))
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("titlesearch")), "ui", "--port", str(port),
         "--home", str(home)],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process)
        open_review(browser, url, coded)
        saved = []
        for _ in range(2):
            title = current_title(browser)
            saved.append(save_code(browser, gold[title]))
        title = current_title(browser)
        browser.find_element(By.CSS_SELECTOR, 'input[aria-label="Another O*NET code"]').send_keys(
            gold[title]
        )
        browser.find_element(By.XPATH, "//button[.//p[text()='Save decision']]").click()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # mid-review, maybe mid-save
        process.wait(timeout=30)
    log = json.loads((home / "review" / "decisions.json").read_text())["decisions"]
    kept = [d["title"] for d in log]
    assert kept[:2] == saved and len(kept) in (2, 3)
