"""Crafted model files: each gives DataError naming the file, never a crash or a huge allocation.

The first tests reproduce the attacks of issue 10 (a segfault in scipy from out-of-range
indices, MemoryError from lying .npy headers, zip bombs, manifest tricks). Risky loads run in a
child process, so a regression shows as a failed test rather than a dead test run.
"""

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from core.errors import DataError
from core.model_file import check_array, check_csr, json_depth
from core.models import create_model
from core.persistence import load_model, save_model
from tests.model_files import (
    load_in_child,
    mutate,
    npy_bytes,
    npz_bytes,
    read_parts,
    small_table,
    write_parts,
)


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("models")
    data = small_table()
    out = {}
    for name, params in {"user-knn": dict(k=5), "item-knn": dict(k=5), "popularity": {}}.items():
        out[name] = save_model(create_model(name, **params).fit(data), folder / f"{name}.zip")
    return out


def _damaged(path: Path, match: str = "damaged model file") -> None:
    with pytest.raises(DataError, match=match) as info:
        load_model(path)
    assert info.value.path == str(path)


# -- memory corruption: sparse index arrays -----------------------------------------------------


@pytest.mark.parametrize("offset", [1000, 10**8])
def test_out_of_range_training_indices_are_refused_not_a_segfault(saved, tmp_path, offset):
    def shift(manifest, arrays):
        arrays["sparse/train_matrix/indices"] = arrays["sparse/train_matrix/indices"] + offset

    bad = mutate(saved["user-knn"], tmp_path / "bad.zip", shift)
    outcome, detail = load_in_child(bad)
    assert outcome == "error", detail
    assert "column index out of range" in detail


def test_out_of_range_item_similarity_indices_are_refused(saved, tmp_path):
    def shift(manifest, arrays):
        arrays["sparse/state/similarity_matrix/indices"][-1] = 10**6

    bad = mutate(saved["item-knn"], tmp_path / "bad.zip", shift)
    outcome, detail = load_in_child(bad)
    assert outcome == "error", detail
    assert "similarity_matrix" in detail


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a.__setitem__("p/indptr", a["p/indptr"][::-1].copy()), "indptr"),
        (lambda a: a.__setitem__("p/indptr", a["p/indptr"][:-1].copy()), "indptr has"),
        (lambda a: a.__setitem__("p/indices", a["p/indices"].astype(np.float64)), "integer"),
        (lambda a: a.__setitem__("p/indices", a["p/indices"][:-1].copy()), "indices but"),
        (lambda a: a.__setitem__("p/indices", -a["p/indices"] - 1), "out of range"),
        (lambda a: a.__setitem__("p/shape", np.array([20, 15, 1])), "bad shape"),
        (lambda a: a.__setitem__("p/shape", np.array([21, 15])), "does not match"),
        (lambda a: a.__setitem__("p/data", np.full(len(a["p/data"]), np.nan, np.float32)),
         "non-finite"),
    ],
)
def test_every_inconsistency_of_the_training_matrix_is_named(saved, tmp_path, change, message):
    def apply(manifest, arrays):
        view = {k.replace("sparse/train_matrix/", "p/"): v for k, v in arrays.items()}
        change(view)
        arrays.clear()
        arrays.update({k.replace("p/", "sparse/train_matrix/"): v for k, v in view.items()})

    _damaged(mutate(saved["popularity"], tmp_path / "bad.zip", apply), message)


def test_repeated_or_unsorted_training_indices_are_refused(saved, tmp_path):
    def repeat(manifest, arrays):
        indices = arrays["sparse/train_matrix/indices"]
        indices[1] = indices[0]

    _damaged(mutate(saved["popularity"], tmp_path / "bad.zip", repeat), "sorted or repeated")


def test_check_csr_builds_the_same_matrix_as_scipy():
    m = sp.random(30, 20, density=0.2, format="csr", random_state=0, dtype=np.float32)
    checked = check_csr("m", m.indptr, m.indices, m.data, np.array(m.shape), canonical=True)
    assert (checked != m).nnz == 0 and checked.shape == m.shape
    with pytest.raises(DataError, match=r"index out of range 0\.\.19"):
        check_csr("m", m.indptr, m.indices + 20, m.data, np.array(m.shape))


def test_check_array_names_dtype_shape_and_range():
    assert check_array("a", np.arange(4), shape=(4,), index_range=4).tolist() == [0, 1, 2, 3]
    with pytest.raises(DataError, match="a: shape"):
        check_array("a", np.arange(4), shape=(5,))
    with pytest.raises(DataError, match="index out of range"):
        check_array("a", np.arange(4), index_range=3)
    with pytest.raises(DataError, match="dtype"):
        check_array("a", np.arange(4.0), kinds="iu")
    assert check_array("names", np.array(["a", "bc"])).tolist() == ["a", "bc"]


# -- resource exhaustion ------------------------------------------------------------------------


def test_npy_header_claiming_37_gib_is_refused_before_allocating(saved, tmp_path):
    manifest, arrays = read_parts(saved["popularity"])
    members = {}
    for key, value in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, value)
        members[f"{key}.npy"] = buffer.getvalue()
    header = {"descr": "<f8", "fortran_order": False, "shape": (5_000_000_000,)}
    members["state/counts.npy"] = npy_bytes(header, b"\0" * 64)
    bad = write_parts(tmp_path / "bad.zip", manifest, npz_bytes(members))
    outcome, detail = load_in_child(bad)
    assert outcome == "error", detail
    assert "claims shape (5000000000,)" in detail


def test_object_dtype_in_an_npy_header_is_refused(saved, tmp_path):
    manifest, _ = read_parts(saved["popularity"])
    member = npy_bytes({"descr": "|O", "fortran_order": False, "shape": (1,)}, b"\0" * 8)
    bad = write_parts(tmp_path / "bad.zip", manifest, npz_bytes({"state/counts.npy": member}))
    _damaged(bad, "expected numbers or text")


def test_a_zip_bomb_is_refused_before_inflating(saved, tmp_path):
    manifest, _ = read_parts(saved["popularity"])
    bad = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        with zf.open("arrays.npz", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                fh.write(chunk)
    assert bad.stat().st_size < 1 << 20
    _damaged(bad, "possible zip bomb")


@pytest.mark.parametrize(
    "model, field, value",
    [("neumf", "gmf_size", 10**7), ("mlp", "hidden", [5_000_000]), ("neumf", "hidden", [8, 10**6])],
)
def test_network_sizes_not_backed_by_the_weights_are_refused(saved, tmp_path, model, field, value):
    manifest, arrays = read_parts(saved["popularity"])
    manifest.update(model=model, state={"w0": "dense", "w1": "dense"})
    manifest["config"] = {field: value}
    state = {"state/w0": np.zeros((15, 8), np.float32), "state/w1": np.zeros(8, np.float32)}
    keep = {k: v for k, v in arrays.items() if k.startswith("sparse/")}
    bad = write_parts(tmp_path / "bad.zip", manifest, {**keep, **state})
    _damaged(bad, "does not match the stored weights")


# -- manifest tricks ----------------------------------------------------------------------------


def test_a_deeply_nested_manifest_is_refused(saved, tmp_path):
    manifest, arrays = read_parts(saved["popularity"])
    raw = json.dumps(manifest)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    _damaged(write_parts(tmp_path / "bad.zip", raw.encode(), arrays), "nested")
    assert json_depth({"a": [[1], {"b": 2}]}) == 3


@pytest.mark.parametrize("name", ["__dict__", "score_rows", "is_fitted"])
def test_only_declared_arrays_reach_the_model(saved, tmp_path, name):
    # An array the model does not declare is never looked at; declaring it without storing
    # it is damage, not an AttributeError.
    extra = mutate(saved["popularity"], tmp_path / "extra.zip",
                   lambda m, a: a.__setitem__(f"state/{name}", np.zeros(3)))
    assert load_model(extra).counts.tolist() == load_model(saved["popularity"]).counts.tolist()
    _damaged(mutate(saved["popularity"], tmp_path / "bad.zip",
                    lambda m, a: m["state"].__setitem__(name, "dense")), "missing")


def test_item_knn_file_relabelled_user_knn_loads_as_a_consistent_user_knn(saved, tmp_path):
    # user-kNN declares only the popularity, which the item-kNN file holds with the right
    # length; the extra arrays are not read. (Before: AttributeError.)
    path = mutate(saved["item-knn"], tmp_path / "relabelled.zip",
                  lambda m, a: m.__setitem__("model", "user-knn"))
    outcome, detail = load_in_child(path)
    assert outcome == "ok", detail
    bad = mutate(saved["popularity"], tmp_path / "bad.zip",
                 lambda m, a: m.__setitem__("model", "item-knn"))
    _damaged(bad)  # item-kNN needs arrays a popularity file does not have


def test_wrong_length_popularity_counts_are_refused(saved, tmp_path):
    _damaged(mutate(saved["popularity"], tmp_path / "bad.zip",
                    lambda m, a: a.__setitem__("state/counts", a["state/counts"][:-3].copy())))


def test_recency_weights_not_aligned_with_the_training_matrix_are_refused(saved, tmp_path):
    def change(manifest, arrays):
        arrays["sparse/state/recency/indices"] = arrays["sparse/state/recency/indices"][::-1].copy()

    bad = mutate(saved["item-knn"], tmp_path / "bad.zip", change)
    outcome, detail = load_in_child(bad)
    assert outcome == "error", detail


@pytest.mark.parametrize(
    "field, value, message",
    [("user_ids", [1, 2], "string"), ("user_ids", ["a", "a"], "repeated"),
     ("fitted", {"n_users": 3}, "fitted.n_users"), ("config", {"k": {"a": 1}}, "config field"),
     ("state", {"counts": "pickle"}, "unknown kind"), ("model", "nope", "unknown model")],
)
def test_manifest_fields_are_checked(saved, tmp_path, field, value, message):
    _damaged(mutate(saved["user-knn"], tmp_path / "bad.zip",
                    lambda m, a: m.__setitem__(field, value)), message)


# -- not a regular file -------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_loading_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "model.zip"
    os.mkfifo(fifo)
    _damaged_or(fifo, "named pipe")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_loading_a_device_is_refused():
    _damaged_or(Path("/dev/zero"), "character device")


def test_loading_through_a_symlink_reads_its_target(saved, tmp_path):
    link = tmp_path / "link.zip"
    link.symlink_to(saved["popularity"])
    assert load_model(link).item_ids == load_model(saved["popularity"]).item_ids


def _damaged_or(path: Path, match: str) -> None:
    with pytest.raises(DataError, match=match):
        load_model(path)
