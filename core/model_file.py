"""Checking a model file before any of it is used: model files are untrusted input.

A ``.zip`` model file may come from anyone. Nothing in it runs code (no pickle), but scipy
trusts the index arrays of a sparse matrix (an out-of-range index crashes the process) and a
manifest can claim sizes that make the network builder allocate gigabytes. So, before use:

- the file must be a regular file under ``MAX_MODEL_BYTES``; zip members are capped in size and
  compression ratio (``core.io.zipcap``);
- the manifest is JSON of bounded size and nesting depth with the expected fields and types;
- every ``.npy`` header is parsed first: plain numeric (or fixed-width text) dtype, and the data
  length the shape claims must equal the bytes actually stored, so nothing is allocated on a
  header's word;
- every sparse matrix passes ``check_csr`` (dtype, shape, index range, ``indptr`` monotone and
  consistent) before scipy sees it;
- sizes a network is built from (layer widths, numbers of users/items) must be backed by the
  stored weights (``check_network_sizes``).

Every problem raises ``core.errors.DataError`` ("damaged model file: ..."), naming the file.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from core.errors import DataError
from core.io.bounded import open_regular
from core.io.zipcap import ZIP_ERRORS, check_member, read_member

MAX_MODEL_BYTES = 4 << 30  # the file on disk
MAX_MANIFEST_BYTES = 256 << 20  # ids of ~10M users and items
MAX_ARRAYS_BYTES = 8 << 30  # all arrays, uncompressed
MAX_JSON_DEPTH = 8
MAX_IDS = 50_000_000
MAX_NPY_HEADER = 10_000
_INDEX_LIMIT = 2**31 - 1

# Config fields (and table sizes) each network is built from; each must be backed by a
# dimension of the stored weights, so a manifest cannot make the builder allocate more than
# the file holds.
NETWORK_SIZES: dict[str, tuple[str, ...]] = {
    "mlp": ("hidden", "n_items"),
    "neumf": ("gmf_size", "mlp_size", "hidden", "n_users", "n_items"),
}


def damaged(problem: str, path: str | Path | None = None) -> DataError:
    """The one error of a bad model file."""
    return DataError(f"damaged model file: {problem}", path)


# -- the zip and its members --------------------------------------------------------------------


def read_model_zip(
    path: str | Path, expect: Callable[[dict[str, Any]], None] | None = None
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(manifest, arrays) of a model file, every part checked as the module docstring says.

    ``expect(manifest)`` runs before the arrays are read (format marker and version checks).
    """
    label = str(path)
    with open_regular(path, MAX_MODEL_BYTES) as fh:
        try:
            zf = zipfile.ZipFile(fh)
        except ZIP_ERRORS as exc:
            raise DataError(f"not a RecLab model file or corrupt ({exc})", label) from None
        with zf:
            raw_manifest = read_member(zf, "manifest.json", label, MAX_MANIFEST_BYTES)
            manifest = parse_manifest(raw_manifest, label)
            if expect is not None:
                expect(manifest)
            raw_arrays = read_member(zf, "arrays.npz", label, MAX_ARRAYS_BYTES)
    return manifest, read_npz(raw_arrays, label)


def parse_manifest(raw: bytes, label: str) -> dict[str, Any]:
    """JSON object of bounded nesting depth."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise damaged("manifest.json is nested too deeply", label) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"not a RecLab model file or corrupt (manifest: {exc})", label) from None
    if json_depth(doc) > MAX_JSON_DEPTH:
        raise damaged(f"manifest.json is nested more than {MAX_JSON_DEPTH} levels", label)
    if not isinstance(doc, dict):
        raise DataError("not a RecLab model file (the manifest is not an object)", label)
    return doc


def json_depth(doc: Any) -> int:
    """Nesting depth of parsed JSON (a scalar is 0), without recursion."""
    deepest, stack = 0, [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, dict | list))
            deepest = max(deepest, depth + 1) if node else deepest
    return deepest


def read_npz(raw: bytes, label: str) -> dict[str, np.ndarray]:
    """Arrays of an ``.npz`` held in ``raw``; each header is checked before its data is read."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise damaged(f"arrays.npz is not a readable archive ({exc})", label) from None
    arrays: dict[str, np.ndarray] = {}
    with zf:
        for info in infos:
            if not info.filename.endswith(".npy") or info.is_dir():
                raise damaged(f"unexpected member {info.filename!r} in arrays.npz", label)
            check_member(info, label, MAX_ARRAYS_BYTES)
            key = info.filename[: -len(".npy")]
            try:
                with zf.open(info) as fh:
                    arrays[key] = _read_npy(fh, info.file_size, key, label)
            except DataError:
                raise
            except ZIP_ERRORS as exc:
                raise damaged(f"array {key!r} cannot be read ({exc})", label) from None
    return arrays


def _read_npy(fh: Any, stored: int, key: str, label: str) -> np.ndarray:
    from numpy.lib import format as npy

    try:
        version = npy.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = npy.read_array_header_1_0(fh, max_header_size=MAX_NPY_HEADER)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = npy.read_array_header_2_0(fh, max_header_size=MAX_NPY_HEADER)
        else:
            raise ValueError(f"unknown .npy version {version}")
        header = fh.tell()
    except (ValueError, TypeError, SyntaxError, EOFError, OverflowError) as exc:
        raise damaged(f"array {key!r} has a bad header ({exc})", label) from None
    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biufU":
        raise damaged(f"array {key!r} has dtype {dtype}, expected numbers or text", label)
    if not all(isinstance(n, int) and n >= 0 for n in shape):
        raise damaged(f"array {key!r} has a bad shape {shape}", label)
    count = 1
    for n in shape:
        count *= n
    if count * dtype.itemsize != stored - header:
        raise damaged(
            f"array {key!r} claims shape {shape} of {dtype} ({count * dtype.itemsize} bytes) "
            f"but holds {stored - header} bytes", label,
        )
    data = fh.read(stored - header)
    array = np.frombuffer(data, dtype=dtype, count=count).reshape(shape, order="F" if fortran
                                                                   else "C")
    return array.copy()


# -- sparse matrices ----------------------------------------------------------------------------


def check_csr(
    name: str,
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    shape: tuple[int, int] | np.ndarray,
    *,
    expected_shape: tuple[int, int] | None = None,
    canonical: bool = False,
    path: str | None = None,
) -> sp.csr_matrix:
    """A CSR matrix from its parts, each checked first so scipy cannot read out of bounds.

    dtype (integer indices, numeric data), 1-D parts, shape (two non-negative integers, equal to
    ``expected_shape`` when given), ``indptr`` of length rows + 1 starting at 0, non-decreasing
    and ending at ``len(indices) == len(data)``, every index in ``[0, columns)``; with
    ``canonical`` also sorted and unique indices in every row.
    """
    shape = np.asarray(shape)
    if shape.shape != (2,) or shape.dtype.kind not in "iu" or (shape < 0).any():
        raise damaged(f"{name}: bad shape {shape.tolist()}", path)
    n_rows, n_cols = int(shape[0]), int(shape[1])
    if max(n_rows, n_cols) > _INDEX_LIMIT:
        raise damaged(f"{name}: shape {n_rows} x {n_cols} is too large", path)
    if expected_shape is not None and (n_rows, n_cols) != tuple(expected_shape):
        raise damaged(
            f"{name}: shape {n_rows} x {n_cols} does not match {expected_shape[0]} x "
            f"{expected_shape[1]}", path,
        )
    for part, values in (("indptr", indptr), ("indices", indices)):
        if values.ndim != 1 or values.dtype.kind not in "iu":
            raise damaged(f"{name}: {part} must be a 1-D integer array", path)
    if data.ndim != 1 or data.dtype.kind not in "biuf":
        raise damaged(f"{name}: data must be a 1-D numeric array", path)
    if len(indptr) != n_rows + 1:
        raise damaged(f"{name}: indptr has {len(indptr)} entries for {n_rows} rows", path)
    if len(indices) != len(data):
        raise damaged(f"{name}: {len(indices)} indices but {len(data)} values", path)
    if indptr[0] != 0 or int(indptr[-1]) != len(indices):
        raise damaged(f"{name}: indptr does not span the {len(indices)} stored entries", path)
    if (np.diff(indptr.astype(np.int64)) < 0).any():
        raise damaged(f"{name}: indptr is not non-decreasing", path)
    if len(indices) and (int(indices.min()) < 0 or int(indices.max()) >= n_cols):
        raise damaged(f"{name}: column index out of range 0..{n_cols - 1}", path)
    if data.dtype.kind == "f" and not np.isfinite(data).all():
        raise damaged(f"{name}: non-finite values", path)
    index_dtype = np.int32 if max(n_rows, n_cols, len(indices)) <= _INDEX_LIMIT else np.int64
    m = sp.csr_matrix(
        (data.copy(), indices.astype(index_dtype), indptr.astype(index_dtype)),
        shape=(n_rows, n_cols),
    )
    if canonical:
        within = np.diff(m.indices.astype(np.int64))
        row_start = np.zeros(len(m.indices), dtype=bool)
        row_start[m.indptr[:-1][np.diff(m.indptr) > 0]] = True
        if len(within) and (within[~row_start[1:]] <= 0).any():
            raise damaged(f"{name}: indices not sorted or repeated within a row", path)
        m.has_sorted_indices = True
    return m


def get_csr(
    arrays: Mapping[str, np.ndarray], name: str, path: str | None = None, **checks: Any
) -> sp.csr_matrix:
    """The checked CSR matrix stored under ``sparse/NAME/{data,indices,indptr,shape}``."""
    prefix = f"sparse/{name}/"
    try:
        parts = [arrays[prefix + p] for p in ("indptr", "indices", "data", "shape")]
    except KeyError as exc:
        raise damaged(f"{name}: missing part {exc.args[0]!r}", path) from None
    return check_csr(name, *parts, path=path, **checks)


# -- dense arrays and the manifest --------------------------------------------------------------


def check_array(
    name: str,
    value: np.ndarray,
    *,
    kinds: str = "biufU",
    shape: tuple[int | None, ...] | None = None,
    index_range: int | None = None,
    finite: bool = True,
    path: str | None = None,
) -> np.ndarray:
    """``value`` after checks: dtype kind, shape (None = any length), indices in range."""
    value = np.asarray(value)
    if value.dtype.kind not in kinds:
        raise damaged(f"{name}: dtype {value.dtype} (expected kind {kinds!r})", path)
    if shape is not None and (
        value.ndim != len(shape)
        or any(want is not None and got != want for got, want in zip(value.shape, shape,
                                                                      strict=True))
    ):
        raise damaged(f"{name}: shape {value.shape}, expected {shape}", path)
    if finite and value.dtype.kind == "f" and not np.isfinite(value).all():
        raise damaged(f"{name}: non-finite values", path)
    if index_range is not None and value.size and (
        int(value.min()) < 0 or int(value.max()) >= index_range
    ):
        raise damaged(f"{name}: index out of range 0..{index_range - 1}", path)
    return value


def check_manifest(manifest: Mapping[str, Any], path: str | None = None) -> tuple[int, int]:
    """Types and consistency of the fields every model needs; returns (n_users, n_items)."""
    for key, kind in (("model", str), ("config", dict), ("user_ids", list), ("item_ids", list),
                      ("fitted", dict), ("state", dict)):
        if not isinstance(manifest.get(key), kind):
            raise damaged(f"manifest field {key!r} missing or not a {kind.__name__}", path)
    for key in ("user_ids", "item_ids"):
        ids = manifest[key]
        if len(ids) > MAX_IDS:
            raise damaged(f"{key}: {len(ids)} ids (the limit is {MAX_IDS})", path)
        if not all(isinstance(x, str) for x in ids):
            raise damaged(f"{key}: every id must be a string", path)
        if len(set(ids)) != len(ids):
            raise damaged(f"{key}: repeated ids", path)
    n_users, n_items = len(manifest["user_ids"]), len(manifest["item_ids"])
    fitted = manifest["fitted"]
    for key, want in (("n_users", n_users), ("n_items", n_items)):
        if key in fitted and fitted[key] != want:
            raise damaged(f"fitted.{key} is {fitted[key]!r} but the file lists {want} ids", path)
    version = fitted.get("fitted_version", 0)
    if isinstance(version, bool) or not isinstance(version, int):
        raise damaged("fitted.fitted_version must be a whole number", path)
    for key, value in manifest["config"].items():
        if not _plain(value):
            raise damaged(f"config field {key!r} holds a {type(value).__name__}", path)
    for name, kind in manifest["state"].items():
        if kind not in ("dense", "sparse"):
            raise damaged(f"saved array {name!r} is of unknown kind {kind!r}", path)
    return n_users, n_items


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float | str):
        return True
    return isinstance(value, list) and all(
        v is None or isinstance(v, bool | int | float | str) for v in value
    )


def check_network_sizes(
    model: str,
    config: Mapping[str, Any],
    arrays: Mapping[str, np.ndarray],
    n_users: int,
    n_items: int,
    path: str | None = None,
) -> None:
    """Every size the network of ``model`` is built from must be a dimension of a stored array.

    A real file always satisfies this (a layer of width w has a weight with a dimension w); a
    crafted manifest claiming ``gmf_size`` 10**7 over small weights is refused before Keras
    allocates anything.
    """
    fields = NETWORK_SIZES.get(model)
    if fields is None:
        return
    dims = {int(d) for a in arrays.values() for d in a.shape}
    table = {"n_users": n_users, "n_items": n_items}
    for field in fields:
        value = table[field] if field in table else config.get(field)
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise damaged(f"config field {field!r} must hold positive whole numbers", path)
            if v not in dims:
                raise damaged(
                    f"{field} = {v} does not match the stored weights (their sizes: "
                    f"{sorted(dims)[:12]})", path,
                )
