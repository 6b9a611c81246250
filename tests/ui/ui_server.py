"""A real ``titlesearch ui`` server and a headless Chromium to drive it (pytest fixtures).

Used by the browser test and the many-processes test; both skip where Chromium is absent.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from titlesearch.cli.ui import port_in_use

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_health(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the UI exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"the UI did not answer at {url} within {timeout}s")


@pytest.fixture
def ui_server(tuned_home: Path, tmp_path: Path):
    """``titlesearch ui`` on a free port over a copy of the fixture's home (Qdrant Edge lets one
    process open an index, and this test process may hold the original)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium "
                    "chromium-driver)")  # fmt: skip
    home = tmp_path / "home"
    shutil.copytree(tuned_home, home)
    port = _free_port()
    executable = Path(sys.executable).with_name("titlesearch")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    process = subprocess.Popen(
        [str(executable), "ui", "--port", str(port), "--home", str(home)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so nothing it started can outlive us
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process)
        yield url
    finally:
        process.terminate()  # `titlesearch ui` stops its Streamlit child on SIGTERM
        try:
            process.wait(timeout=20)
            released = _port_released(port, timeout=15)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        assert released, "the UI server kept its port after `titlesearch ui` was stopped"


def _port_released(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not port_in_use("127.0.0.1", port):
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1600,1300",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def search_in_ui(browser, url: str, query: str, timeout: float = 120) -> str:
    """Open the app at ``url``, search ``query``, and return the page text once answered."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    wait = WebDriverWait(browser, timeout)
    box = wait.until(
        ready.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label="Job title"]'))
    )
    box.send_keys(query, Keys.ENTER)
    wait.until(ready.text_to_be_present_in_element((By.TAG_NAME, "body"), "Server time"))
    return browser.find_element(By.TAG_NAME, "body").text
