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
import os
import tempfile
import time
import typing
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from core.errors import DataError, ModelError
from core.interactions import Interactions
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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest))
            zf.writestr("arrays.npz", buffer.getvalue())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_model(path: str | Path) -> Recommender:
    """Read a model written by ``save_model``; ``DataError`` for a corrupt or foreign file."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            with np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
    except FileNotFoundError:
        raise DataError("no such file", path) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise DataError(f"not a RecLab model file or corrupt ({exc})", path) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DataError("not a RecLab model file (wrong format marker)", path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DataError(
            f"model file format version {manifest.get('format_version')!r} is not supported "
            f"(this RecLab reads version {FORMAT_VERSION})", path,
        )
    try:
        return _restore(manifest, arrays)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise DataError(f"the model file is damaged or inconsistent ({exc})", path) from None


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
    try:
        cls = model_class(manifest["model"])
    except ValueError as exc:
        raise DataError(str(exc)) from None
    model = cls(config=_config(cls.Config, manifest["config"]))
    model.user_ids = [str(u) for u in manifest["user_ids"]]
    model.item_ids = [str(i) for i in manifest["item_ids"]]
    model._user_pos = {u: k for k, u in enumerate(model.user_ids)}
    model.train_matrix = sp.csr_matrix(_get_sparse(arrays, "train_matrix"))
    if model.train_matrix.shape != (len(model.user_ids), len(model.item_ids)):
        raise ValueError("training matrix does not match the id lists")
    storage = manifest["storage"]
    if storage == "state":
        prefix = "state/"
        model.set_state({k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)})
    elif storage == "attributes":
        for name, value in manifest["attributes"].items():
            setattr(model, name, value)
        for key in arrays:
            kind, _, rest = key.partition("/")
            if kind == "attr":
                setattr(model, rest, arrays[key])
            elif kind == "sparse" and rest.endswith("/data"):
                name = rest[: -len("/data")]
                if name != "train_matrix":
                    setattr(model, name, _get_sparse(arrays, name))
    else:  # "refit"
        data = Interactions(list(model.user_ids), list(model.item_ids), model.train_matrix.copy())
        model._fit(data, None)
    model.fitted_version = manifest["fitted"]["fitted_version"]
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


def _get_sparse(arrays: dict[str, np.ndarray], name: str) -> sp.csr_matrix:
    p = f"sparse/{name}/"
    shape = tuple(int(x) for x in arrays[p + "shape"])
    return sp.csr_matrix((arrays[p + "data"], arrays[p + "indices"], arrays[p + "indptr"]), shape)
