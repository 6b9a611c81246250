"""``titlesearch ui``: the command line it runs, a clean error on a taken port, and the real
server driven by headless Chromium (marked ``browser``; skipped where Chromium is absent)."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner
from ui_server import search_in_ui

from titlesearch.cli import app
from titlesearch.cli.ui import APP_SCRIPT, streamlit_command

SCREENSHOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui_search.png"


def test_command_line_passes_every_option_explicitly():
    command = streamlit_command("127.0.0.1", 8765)
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT)]
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.port"] == "8765"
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"
    assert APP_SCRIPT.is_file()


def test_taken_port_is_one_clean_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["ui", "--port", str(port), "--home", str(tmp_path)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "Traceback" not in result.output


@pytest.mark.browser
def test_search_in_a_real_browser(ui_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    body = search_in_ui(browser, ui_server, "registered nurse")
    wait = WebDriverWait(browser, 90)
    assert "base · all-MiniLM-L6-v2" in body
    assert "tuned · all-MiniLM-L6-v2 + LoRA test-run" in body
    assert "Overlap:" in body

    def three_tables(driver):  # the text arrives before the grids mount (slow under load)
        found = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')
        return found if len(found) >= 3 else False

    tables = wait.until(three_tables)
    assert len(tables) >= 3  # base, tuned, overlap (+ classification)
    time.sleep(1.0)  # let the tables' canvases paint before the screenshot
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
