"""Property: whatever bytes a file holds, ``load`` returns data or raises DataError only."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DataError
from core.interactions import Interactions
from core.io import load

# Text made of the characters that matter to the parsers, so examples hit the tricky paths.
TABLE_CHARS = st.sampled_from(list("0123456789abc.,;|\t :\n\r\"'{}[]-+eEinfINFa\x00\xe9\ufeff"))
table_text = st.lists(TABLE_CHARS, max_size=200).map("".join)
json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=12,
).map(repr).map(lambda s: s.replace("'", '"').replace("None", "null"))
file_bytes = st.one_of(
    st.binary(max_size=300),
    table_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    table_text.map(lambda s: s.encode("latin-1", "replace")),
    json_text.map(str.encode),
)


def _zip_of(name: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(name, payload)
    return buffer.getvalue()


def _check(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            data = load(path)
        except DataError as err:
            assert err.path is not None and err.problem
            return
    assert isinstance(data, Interactions)
    assert data.nnz > 0
    assert np.isfinite(data.matrix.data).all() and (data.matrix.data > 0).all()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=file_bytes, name=st.sampled_from(["data.csv", "u.data", "ratings.dat", "x.json"]))
def test_only_data_error_escapes_from_files(content, name):
    _check(content, name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=file_bytes, member=st.sampled_from(["ml-1m/ratings.dat", "x/ratings.csv", "a.csv"]))
def test_only_data_error_escapes_from_zips(content, member):
    _check(_zip_of(member, content), "archive.zip")
