"""Saving and loading models: same scores after a round trip, clear errors for bad files."""

import json
import zipfile

import numpy as np
import pytest

from core.errors import DataError
from core.interactions import Interactions
from core.models import create_model
from core.persistence import describe_coverage, load_model, save_model


def _table() -> Interactions:
    rng = np.random.default_rng(1)
    users, items, ts = [], [], []
    for u in range(20):
        for t, i in enumerate(rng.choice(15, 5, replace=False)):
            users.append(f"u{u}")
            items.append(f"i{i}")
            ts.append(t)
    return Interactions.from_triples(users, items, None, ts)


PARAMS = {
    "mlp": dict(hidden=(8,), epochs=2, batch_size=8),
    "neumf": dict(gmf_size=4, mlp_size=4, hidden=(8,), epochs=2, batch_size=32),
    "item-knn": dict(k=5),
    "user-knn": dict(k=5),
    "popularity": {},
    "ease": dict(l2=5.0, recency=2.0),
    "als": dict(factors=4, iterations=3, recency=2.0),
}
# Content-based models need item features, which this table does not have (tests/test_hybrid.py
# and tests/test_content.py cover their save/load).


@pytest.mark.parametrize("name", list(PARAMS))
def test_round_trip_gives_the_same_scores_and_recommendations(name, tmp_path):
    data = _table()
    try:
        model = create_model(name, **PARAMS[name]).fit(data)
    except (ImportError, AttributeError) as exc:  # a CF model not written yet
        pytest.skip(f"{name} unavailable: {exc}")
    path = save_model(model, tmp_path / "model.zip")
    loaded = load_model(path)
    users = np.arange(data.n_users)
    assert type(loaded) is type(model)
    assert loaded.config == model.config
    assert (loaded.user_ids, loaded.item_ids) == (model.user_ids, model.item_ids)
    assert loaded.fitted_version == model.fitted_version
    np.testing.assert_array_equal(
        loaded.score_rows(data.matrix, users), model.score_rows(data.matrix, users)
    )
    assert loaded.recommend(data, "u3", k=4) == model.recommend(data, "u3", k=4)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed away


def test_loaded_model_works_on_a_table_with_other_users_and_items(tmp_path):
    data = _table()
    model = create_model("mlp", **PARAMS["mlp"]).fit(data)
    loaded = load_model(save_model(model, tmp_path / "m.zip"))
    other = data.copy()
    other.add_item("brand-new")
    other.add_user("stranger")
    other.set_cell("stranger", "i1", 1.0)
    other.set_cell("stranger", "brand-new", 1.0)
    recs = loaded.recommend(other, "stranger", k=20)
    assert "brand-new" not in {r.item for r in recs} and "i1" not in {r.item for r in recs}
    note = describe_coverage(loaded, other)
    assert "1 user(s)" in note and "1 item(s)" in note


def test_a_corrupt_file_raises_data_error_naming_it(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"this is not a zip file")
    with pytest.raises(DataError, match=r"broken\.zip"):
        load_model(bad)


def test_a_foreign_zip_raises_data_error(tmp_path):
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "something-else"}))
        zf.writestr("arrays.npz", b"")
    with pytest.raises(DataError, match=r"foreign\.zip.*not a RecLab model"):
        load_model(foreign)


def test_a_truncated_model_file_raises_data_error(tmp_path):
    model = create_model("popularity").fit(_table())
    path = save_model(model, tmp_path / "m.zip")
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(DataError, match=r"m\.zip"):
        load_model(path)


def test_a_newer_format_version_is_refused(tmp_path):
    path = save_model(create_model("popularity").fit(_table()), tmp_path / "m.zip")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        arrays = zf.read("arrays.npz")
    manifest["format_version"] = 99
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("arrays.npz", arrays)
    with pytest.raises(DataError, match="version 99"):
        load_model(path)
