"""Save and load any trained recommender as one ``.zip`` file.

Layout (format ``reclab-model``, ``format_version`` 1):

- ``manifest.json``: format, version, model name, config, user and item ids, fit info
  (``fitted_version``, shape, nnz, saved-at time) and how the state was stored;
- ``arrays.npz``: the training matrix (CSR parts) and the model's state arrays.

The state comes from the model's ``get_state() -> dict[str, ndarray]`` and goes back through
``set_state(dict)`` when the class has them (the neural models do: their Keras weights). Other
models (the CF ones) are saved generically: every instance attribute that is a numpy array, a
scipy sparse matrix, ``None`` or a JSON scalar is stored and restored as is; if a model holds
anything else, it is instead refitted from the stored training matrix on load (exact for models
whose fit depends only on that matrix and the config; timestamps are not stored).

A loaded model knows the users and items it was trained on; ``recommend`` maps the current
table onto those ids (``Interactions.row_vectors``), so items it never saw cannot be recommended,
and users it never saw work only with fold-in models. ``describe_coverage`` says which ids of a
table the model does not know. Files are written atomically (temporary file + ``os.replace``); a
corrupt, truncated or foreign file raises ``DataError`` naming the file.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
import typing
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from core.errors import DataError, ModelError
from core.interactions import Interactions
from core.io.atomic import atomic_write
from core.model_file import (
    check_manifest,
    check_network_sizes,
    damaged,
    get_csr,
    read_model_zip,
)
from core.models import model_class
from core.models.base import Recommender

FORMAT = "reclab-model"
FORMAT_VERSION = 1
_BASE_ATTRS = {"config", "user_ids", "item_ids", "_user_pos", "fitted_version", "train_matrix"}
_SCALARS = (bool, int, float, str)


def save_model(model: Recommender, path: str | Path) -> Path:
    """Write ``model`` (trained) to ``path`` atomically; returns the path."""
    if not model.is_fitted or model.train_matrix is None:
        raise ModelError("only a trained model can be saved")
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    _put_sparse(arrays, "train_matrix", model.train_matrix)
    scalars: dict[str, Any] = {}
    if hasattr(model, "get_state") and hasattr(model, "set_state"):
        storage = "state"
        for key, value in model.get_state().items():
            arrays[f"state/{key}"] = np.asarray(value)
    else:
        storage = _generic_state(model, arrays, scalars)
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
        "storage": storage,
        "attributes": scalars,
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(fh: typing.BinaryIO) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest))
            zf.writestr("arrays.npz", buffer.getvalue())

    atomic_write(path, write)
    return path


def load_model(path: str | Path) -> Recommender:
    """Read a model written by ``save_model``; ``DataError`` for a corrupt or foreign file.

    Every part is checked before use (``core.model_file``): a crafted file gives a message,
    never a crash or a runaway allocation.
    """
    path = Path(path)

    def expect(manifest: dict) -> None:
        if manifest.get("format") != FORMAT:
            raise DataError("not a RecLab model file (wrong format marker)", path)
        if manifest.get("format_version") != FORMAT_VERSION:
            raise DataError(
                f"model file format version {manifest.get('format_version')!r} is not "
                f"supported (this RecLab reads version {FORMAT_VERSION})", path,
            )

    manifest, arrays = read_model_zip(path, expect)
    try:
        model = _restore(manifest, arrays, str(path))
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


def _restore(manifest: dict, arrays: dict[str, np.ndarray], path: str) -> Recommender:
    n_users, n_items = check_manifest(manifest, path)
    try:
        cls = model_class(manifest["model"])
    except ValueError as exc:
        raise damaged(str(exc)) from None
    storage = manifest["storage"]
    state = {k[len("state/"):]: v for k, v in arrays.items() if k.startswith("state/")}
    if storage == "state":
        check_network_sizes(manifest["model"], manifest["config"], state, n_users, n_items)
    model = cls(config=_config(cls.Config, manifest["config"]))
    model.user_ids = list(manifest["user_ids"])
    model.item_ids = list(manifest["item_ids"])
    model._user_pos = {u: k for k, u in enumerate(model.user_ids)}
    model.train_matrix = get_csr(arrays, "train_matrix", expected_shape=(n_users, n_items),
                                 canonical=True)
    if storage == "state":
        model.set_state(state)
    elif storage == "attributes":
        for name, value in manifest["attributes"].items():
            setattr(model, _attribute(model, name), value)
        for key in arrays:
            kind, _, rest = key.partition("/")
            if kind == "attr":
                setattr(model, _attribute(model, rest), arrays[key])
            elif kind == "sparse" and rest.endswith("/data"):
                name = rest[: -len("/data")]
                if name != "train_matrix":
                    setattr(model, _attribute(model, name), get_csr(arrays, name))
    elif storage != "refit":
        raise damaged(f"unknown storage {storage!r}")
    else:
        data = Interactions(list(model.user_ids), list(model.item_ids), model.train_matrix.copy())
        model._fit(data, None)
    model.fitted_version = manifest["fitted"].get("fitted_version", 0)
    return model


def _attribute(model: Recommender, name: str) -> str:
    """``name`` if a saved attribute may have it: a plain private-or-public data name."""
    if (
        not isinstance(name, str) or not name.isidentifier() or name.startswith("__")
        or name in _BASE_ATTRS or hasattr(type(model), name)
    ):
        raise damaged(f"attribute {name!r} cannot be restored")
    return name


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


def _generic_state(model: Recommender, arrays: dict[str, np.ndarray], scalars: dict) -> str:
    """Store the model's plain attributes; "refit" when one of them cannot be stored."""
    staged: dict[str, np.ndarray] = {}
    for name, value in vars(model).items():
        if name in _BASE_ATTRS:
            continue
        if value is None or isinstance(value, _SCALARS):
            scalars[name] = value
        elif isinstance(value, np.ndarray) and value.dtype != object:
            staged[f"attr/{name}"] = value
        elif sp.issparse(value):
            _put_sparse(staged, name, value)
        else:
            scalars.clear()
            return "refit"
    arrays.update(staged)
    return "attributes"


def _put_sparse(arrays: dict[str, np.ndarray], name: str, m: Any) -> None:
    csr = sp.csr_matrix(m)
    arrays[f"sparse/{name}/data"] = csr.data
    arrays[f"sparse/{name}/indices"] = csr.indices
    arrays[f"sparse/{name}/indptr"] = csr.indptr
    arrays[f"sparse/{name}/shape"] = np.asarray(csr.shape, dtype=np.int64)


