"""A full disk under TITLESEARCH_HOME, for real: a small ext4 filesystem on a loop device.

An ingest that runs out of space is one clear line (exit 2, never a traceback), the intact
index keeps serving searches while the disk stays full, no message advises deleting it, and
once space is freed the same ingest completes. Needs root and loop devices (``mount -o loop``);
skipped with the reason where they are not available.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True)


@pytest.fixture
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A mounted 128 MB filesystem: ext4 on a loop device, or tmpfs (where Qdrant Edge's
    memory-mapped files turn a full disk into SIGBUS unless it is caught before)."""
    if os.geteuid() != 0 or not shutil.which("mkfs.ext4"):
        pytest.skip("a real full disk needs root and mkfs.ext4 (to mount a loop filesystem)")
    image, mount = tmp_path / "disk.img", tmp_path / "disk"
    mount.mkdir()
    if request.param == "tmpfs":
        made = _run("true")
        mounted = _run("mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", str(mount))
    else:
        with image.open("wb") as handle:
            handle.truncate(128 * 1024 * 1024)
        made = _run("mkfs.ext4", "-q", "-F", "-m", "0", str(image))
        mounted = made.returncode == 0 and _run("mount", "-o", "loop", str(image), str(mount))
    if not mounted or mounted.returncode != 0:
        reason = (mounted.stderr if mounted else made.stderr).strip()
        pytest.skip(f"cannot mount a loop filesystem here ({reason})")
    try:
        yield mount
    finally:
        _run("umount", "-l", str(mount))


def _fill(disk: Path) -> Path:
    """Write zeros until the filesystem is full; the filler file, to free the space later."""
    filler = disk / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * (1 << 20))
                handle.flush()
        except OSError:
            pass
    return filler


@pytest.mark.slow
@pytest.mark.parametrize("small_disk", ["ext4", "tmpfs"], indirect=True)
def test_ingest_on_a_full_disk_is_one_line_and_the_index_keeps_serving(small_disk: Path) -> None:
    env = {**os.environ, "TITLESEARCH_HOME": str(small_disk / "home"), "HF_HUB_OFFLINE": "1"}
    env.pop("TITLESEARCH_QDRANT_URL", None)
    command = [str(Path(sys.executable).with_name("titlesearch"))]

    def titlesearch(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *args], capture_output=True, text=True, env=env)

    assert titlesearch("ingest", "--limit", "60").returncode == 0
    filler = _fill(small_disk)
    full = titlesearch("ingest", "--limit", "90")
    errors = [line for line in full.stderr.splitlines() if line.startswith("error:")]
    assert full.returncode == 2 and "Traceback" not in full.stderr, full.stderr
    assert len(errors) == 1 and "no space left on the disk" in errors[0], full.stderr
    for served in (titlesearch("search", "registered nurse", "--json"), titlesearch("info")):
        assert served.returncode == 0, served.stderr  # the intact index keeps serving
        assert "delete" not in served.stderr
    filler.unlink()
    resumed = titlesearch("ingest", "--limit", "90")
    assert resumed.returncode == 0 and "90 titles" in resumed.stdout, resumed.stderr


@pytest.mark.slow
@pytest.mark.parametrize("small_disk", ["ext4"], indirect=True)
def test_a_read_only_home_serves_searches_and_refuses_builds_clearly(small_disk: Path) -> None:
    if (
        small_disk.stat().st_dev
        and _run("findmnt", "-n", "-o", "FSTYPE", str(small_disk)).stdout.strip() == "tmpfs"
    ):
        pytest.skip("read-only is tried on the ext4 filesystem")
    env = {**os.environ, "TITLESEARCH_HOME": str(small_disk / "home"), "HF_HUB_OFFLINE": "1"}
    env.pop("TITLESEARCH_QDRANT_URL", None)
    command = [str(Path(sys.executable).with_name("titlesearch"))]

    def titlesearch(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, *args], capture_output=True, text=True, env=env)

    assert titlesearch("ingest", "--limit", "60").returncode == 0
    remount = _run("mount", "-o", "remount,ro", str(small_disk))
    if remount.returncode != 0:
        pytest.skip(f"cannot remount the loop filesystem read-only ({remount.stderr.strip()})")
    served = titlesearch("search", "registered nurse", "--json", "--limit", "3")
    assert served.returncode == 0, served.stderr
    assert "29-1141" in served.stdout
    coded = titlesearch("classify", "icu nurse", "--json")
    assert coded.returncode == 0, coded.stderr
    refused = titlesearch("ingest", "--limit", "90")
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert len(errors) == 1 and "is read-only" in errors[0] and "delete" not in errors[0]
