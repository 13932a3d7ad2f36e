"""Hypothesis mutates valid model files; every mutation must give a correct load or DataError.

Loads run in one child interpreter (``LoaderChild``), so a crash (segfault, abort), a hang
(no answer within the timeout) or an unexpected exception type is reported as a failure of
this test instead of killing the run.
"""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import create_model
from core.persistence import save_model
from tests.model_files import CF_PARAMS, LoaderChild, read_parts, small_table, write_parts

INDEX_VALUES = st.sampled_from([-1, 0, 1, 14, 15, 19, 20, 21, 1000, 2**31 - 1, 2**31, 10**8])
DTYPES = st.sampled_from(["int8", "int32", "int64", "uint64", "float32", "float64", "bool"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    data = small_table()
    return {name: read_parts(save_model(create_model(name, **params).fit(data),
                                        folder / f"{name}.zip"))
            for name, params in CF_PARAMS.items()}


@pytest.fixture(scope="module")
def child():
    loader = LoaderChild(timeout=60)
    yield loader
    loader.close()


@st.composite
def mutation(draw, models):
    name = draw(st.sampled_from(sorted(models)))
    manifest, arrays = models[name]
    manifest = json.loads(json.dumps(manifest))
    arrays = {k: v.copy() for k, v in arrays.items()}
    kind = draw(st.sampled_from(["value", "length", "dtype", "reshape", "drop", "manifest",
                                 "ids", "fitted"]))
    key = draw(st.sampled_from(sorted(arrays)))
    a = arrays[key]
    if kind == "value" and a.size:
        pos = draw(st.integers(0, a.size - 1))
        flat = a.reshape(-1).astype(np.int64) if a.dtype.kind in "iub" else a.reshape(-1)
        flat[pos] = draw(INDEX_VALUES) if a.dtype.kind in "iub" else draw(
            st.sampled_from([np.nan, np.inf, -1.0, 1e30, 0.0]))
        arrays[key] = flat.reshape(a.shape)
    elif kind == "length":
        cut = draw(st.integers(-3, 3))
        arrays[key] = a.reshape(-1)[:max(a.size + cut, 0)] if cut < 0 else np.concatenate(
            [a.reshape(-1), np.zeros(cut, a.dtype)])
    elif kind == "dtype":
        arrays[key] = a.astype(draw(DTYPES))
    elif kind == "reshape":
        arrays[key] = a.reshape(1, -1)
    elif kind == "drop":
        del arrays[key]
    elif kind == "manifest":
        field = draw(st.sampled_from(["model", "config", "state", "fitted",
                                      "user_ids", "item_ids", "format_version"]))
        manifest[field] = draw(JSON_VALUES)
    elif kind == "ids":
        field = draw(st.sampled_from(["user_ids", "item_ids"]))
        manifest[field] = manifest[field][: draw(st.integers(0, len(manifest[field])))]
    else:
        manifest["fitted"][draw(st.sampled_from(["n_users", "n_items", "nnz",
                                                 "fitted_version"]))] = draw(JSON_VALUES)
    return f"{name}:{kind}:{key}", manifest, arrays


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_mutation_loads_correctly_or_gives_data_error(models, child, tmp_path, data):
    label, manifest, arrays = data.draw(mutation(models))
    path = write_parts(tmp_path / "mutated.zip", manifest, arrays)
    outcome, detail = child.load(path)
    assert outcome in ("ok", "error"), f"{label}: {outcome} {detail}"
