"""Data files that are not regular files, or are too large: refused at once with a message."""

import os
import zipfile
from pathlib import Path

import pytest

from core.errors import DataError
from core.io import load
from core.io import source as source_module
from core.io.bounded import read_regular

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@needs_fifo
def test_a_fifo_given_as_data_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="named pipe") as info:
        load(fifo)
    assert info.value.path == str(fifo)


@needs_fifo
def test_a_folder_whose_data_file_is_a_fifo_is_refused(tmp_path):
    os.mkfifo(tmp_path / "data.csv")
    with pytest.raises(DataError, match="named pipe"):
        load(tmp_path)


@needs_fifo
def test_a_movielens_folder_whose_u_item_is_a_fifo_loads_the_ratings(tmp_path):
    (tmp_path / "u.data").write_text("1\t1\t5\t1\n1\t2\t4\t2\n")
    os.mkfifo(tmp_path / "u.item")
    data = load(tmp_path)
    assert (data.n_users, data.n_items, data.items_info) == (1, 2, {})


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_not_read_until_memory_runs_out():
    with pytest.raises(DataError, match="character device"):
        load("/dev/zero")


def test_a_file_over_the_size_limit_is_refused_naming_it(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"u,i\n" * 100)
    with pytest.raises(DataError, match=r"file too large \(400 bytes; the limit is 100 bytes\)"):
        read_regular(big, limit=100)


def test_a_zip_bomb_data_archive_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(source_module, "MAX_MEMBER_BYTES", 1 << 30)
    bomb = tmp_path / "data.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("ratings.csv", "w", force_zip64=True) as fh,
    ):
        fh.write(b"userId,movieId,rating,timestamp\n")
        for _ in range(32):
            fh.write(b" " * (1 << 20))
    with pytest.raises(DataError, match="possible zip bomb"):
        load(bomb)
