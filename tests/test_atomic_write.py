"""atomic_write: replaces only regular files, writes through links, keeps modes, cleans temps."""

import os
import stat
import time
from pathlib import Path

import pytest

from core.errors import DataError
from core.io.atomic import TEMP_SUFFIX, atomic_write, clean_stale_temps
from core.io.bounded import not_regular_reason


def _write(text: str):
    return lambda fh: fh.write(text)


def test_writes_and_leaves_no_temporary_file(tmp_path):
    out = atomic_write(tmp_path / "a.csv", _write("x\n"), encoding="utf-8")
    assert out.read_text() == "x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old")

    def fail(fh):
        fh.write("half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        atomic_write(target, fail, encoding="utf-8")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, _write("new"), encoding="utf-8")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_an_existing_files_mode_is_kept(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write(target, _write("new"), encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o600)
    atomic_write(target, _write("newer"), encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_gets_the_umask_default_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.csv", _write("x"), encoding="utf-8")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_destination_is_refused_and_kept(tmp_path):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match=r"named pipe.*refusing to replace it"):
        atomic_write(fifo, _write("x"), encoding="utf-8")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_folder_destination_is_refused(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        atomic_write(tmp_path, _write("x"), encoding="utf-8")


def test_devices_count_as_not_regular():
    # Writing to a real device would replace it if the check regressed, so only the check runs.
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    assert "character device" in not_regular_reason(os.stat("/dev/null").st_mode)


def test_an_empty_name_is_refused():
    with pytest.raises(DataError, match="no output file name"):
        atomic_write("", _write("x"), encoding="utf-8")


def test_stale_temporaries_of_the_same_destination_are_removed(tmp_path):
    old = tmp_path / f".a.csv.abc123{TEMP_SUFFIX}"
    fresh = tmp_path / f".a.csv.def456{TEMP_SUFFIX}"
    other = tmp_path / f".b.csv.abc123{TEMP_SUFFIX}"
    unrelated = tmp_path / ".a.csv.abc123.tmp"
    for p in (old, fresh, other, unrelated):
        p.write_text("partial")
    two_hours_ago = time.time() - 7200
    for p in (old, other, unrelated):
        os.utime(p, (two_hours_ago, two_hours_ago))
    atomic_write(tmp_path / "a.csv", _write("x"), encoding="utf-8")
    assert not old.exists()
    assert fresh.exists() and other.exists() and unrelated.exists()
    assert clean_stale_temps(tmp_path, "b.csv") == 1
