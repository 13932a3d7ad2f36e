"""Save and load any trained recommender as one ``.zip`` file.

Layout (format ``reclab-model``, ``format_version`` 2):

- ``manifest.json``: format, version, model name, config, user and item ids, fit info
  (``fitted_version``, shape, nnz, saved-at time) and ``state``: the name and kind ("dense" or
  "sparse") of every array the model declared;
- ``arrays.npz``: the training matrix (CSR parts) and those arrays.

Each model declares what it saves: ``state_arrays() -> {name: ndarray | csr_matrix}``, and
rebuilds itself from them with ``restore_state(arrays)`` — nothing is scraped from private
attributes and nothing is refitted on load. Every declared array must be in the file before the
model sees it.

A loaded model knows the users and items it was trained on; ``recommend`` maps the current
table onto those ids (``Interactions.row_vectors``), so items it never saw cannot be recommended,
and users it never saw work only with fold-in models. ``describe_coverage`` says which ids of a
table the model does not know. Files are written atomically (``core.io.writer.atomic_write``); a
corrupt, truncated, foreign or older-format file raises ``DataError`` naming the file.

Model files are untrusted input: ``core.model_file`` reads them with bounded sizes and checks
every part before use (manifest fields, ``.npy`` headers, each declared sparse matrix with
``check_csr``, each dense array's dtype, network sizes against the stored weights); only the
declared arrays reach ``restore_state``, and a loaded model scores two rows as a self-test.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
import typing
import zipfile
from pathlib import Path
from typing import IO, Any

import numpy as np
import scipy.sparse as sp

from core.errors import DataError, ModelError
from core.interactions import Interactions
from core.io.writer import atomic_write
from core.model_file import (
    check_array,
    check_manifest,
    check_network_sizes,
    damaged,
    get_csr,
    read_model_zip,
)
from core.models import model_class
from core.models.base import Recommender

FORMAT = "reclab-model"
FORMAT_VERSION = 2


def save_model(model: Recommender, path: str | Path) -> Path:
    """Write ``model`` (trained) to ``path`` atomically; returns the path."""
    if not model.is_fitted or model.train_matrix is None:
        raise ModelError("only a trained model can be saved")
    arrays: dict[str, np.ndarray] = {}
    _put_sparse(arrays, "train_matrix", model.train_matrix)
    declared: dict[str, str] = {}
    for name, value in model.state_arrays().items():
        if sp.issparse(value):
            _put_sparse(arrays, f"state/{name}", value)
            declared[name] = "sparse"
        else:
            value = np.asarray(value)
            if value.dtype == object:
                raise ModelError(f"{model.name} declared {name!r}, which is not a numeric array")
            arrays[f"state/{name}"] = value
            declared[name] = "dense"
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": model.name,
        "config": model.config.to_dict(),
        "user_ids": list(model.user_ids),
        "item_ids": list(model.item_ids),
        "fitted": {
            "fitted_version": model.fitted_version,
            "n_users": len(model.user_ids),
            "n_items": len(model.item_ids),
            "nnz": int(model.train_matrix.nnz),
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        },
        "state": declared,
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)

    def write(fh: IO[bytes]) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest))
            zf.writestr("arrays.npz", buffer.getvalue())

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, write)


def load_model(path: str | Path) -> Recommender:
    """Read a model written by ``save_model``; ``DataError`` for a corrupt or foreign file.

    Every part is checked before use (``core.model_file``): a crafted file gives a message,
    never a crash or a runaway allocation.
    """
    path = Path(path)

    def expect(manifest: dict) -> None:
        if manifest.get("format") != FORMAT:
            raise DataError("not a RecLab model file (wrong format marker)", path)
        version = manifest.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) \
                and version < FORMAT_VERSION:
            raise DataError(
                f"model file format version {version} was written by an older RecLab, which "
                f"saved models differently; this RecLab reads version {FORMAT_VERSION}: retrain "
                "the model and save it again", path,
            )
        if version != FORMAT_VERSION:
            raise DataError(
                f"model file format version {version!r} is not supported "
                f"(this RecLab reads version {FORMAT_VERSION})", path,
            )

    manifest, arrays = read_model_zip(path, expect)
    try:
        model = _restore(manifest, arrays)
        _self_test(model)
    except DataError as exc:
        raise DataError(exc.problem, path) from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ModelError) as exc:
        raise damaged(f"the model is inconsistent ({type(exc).__name__}: {exc})", path) from None
    return model


def _self_test(model: Recommender) -> None:
    """Score two training rows: an array of the wrong length fails here, not later."""
    n = min(2, len(model.user_ids))
    rows = model.train_matrix[:n]
    scores = np.asarray(model.score_rows(rows, np.arange(n)))
    if scores.shape != (n, len(model.item_ids)):
        raise ValueError(f"scores have shape {scores.shape}")


def describe_coverage(model: Recommender, data: Interactions) -> str:
    """One sentence on which users/items of ``data`` the model does not know ("" if none)."""
    users = set(data.user_ids) - set(model.user_ids)
    items = set(data.item_ids) - set(model.item_ids)
    parts = []
    if users:
        fix = "" if model.supports_fold_in else " (retrain to recommend for them)"
        parts.append(f"{len(users)} user(s) the model was not trained on{fix}")
    if items:
        parts.append(f"{len(items)} item(s) it cannot recommend (not in its training data)")
    return "; ".join(parts)


# -- helpers ------------------------------------------------------------------------------------


def _restore(manifest: dict, arrays: dict[str, np.ndarray]) -> Recommender:
    n_users, n_items = check_manifest(manifest)
    try:
        cls = model_class(manifest["model"])
    except ValueError as exc:
        raise damaged(str(exc)) from None
    declared = manifest["state"]
    state: dict[str, np.ndarray | sp.csr_matrix] = {}
    for name, kind in declared.items():
        key = f"state/{name}"
        if kind == "sparse":
            state[name] = get_csr(arrays, key)
        elif kind == "dense" and key in arrays:
            state[name] = check_array(key, arrays[key])
        else:
            raise damaged(f"saved array {name!r} is missing or of unknown kind {kind!r}")
    check_network_sizes(manifest["model"], manifest["config"], state, n_users, n_items)
    model = cls(config=_config(cls.Config, manifest["config"]))
    model.user_ids = list(manifest["user_ids"])
    model.item_ids = list(manifest["item_ids"])
    model._user_pos = {u: k for k, u in enumerate(model.user_ids)}
    model.train_matrix = get_csr(arrays, "train_matrix", expected_shape=(n_users, n_items),
                                 canonical=True)
    model.restore_state(state)
    model.fitted_version = manifest["fitted"].get("fitted_version", 0)
    return model


def _config(config_cls: type, values: dict) -> Any:
    """The config dataclass from JSON values (lists back to tuples where the field is a tuple)."""
    hints = typing.get_type_hints(config_cls)
    kwargs = {}
    for f in dataclasses.fields(config_cls):
        if f.name in values:
            value = values[f.name]
            if isinstance(value, list) and typing.get_origin(hints.get(f.name)) is tuple:
                value = tuple(value)
            kwargs[f.name] = value
    return config_cls(**kwargs)


def _put_sparse(arrays: dict[str, np.ndarray], name: str, m: Any) -> None:
    csr = sp.csr_matrix(m)
    arrays[f"sparse/{name}/data"] = csr.data
    arrays[f"sparse/{name}/indices"] = csr.indices
    arrays[f"sparse/{name}/indptr"] = csr.indptr
    arrays[f"sparse/{name}/shape"] = np.asarray(csr.shape, dtype=np.int64)
