"""Saving and loading models: same scores after a round trip, clear errors for bad files."""

import json
import zipfile

import numpy as np
import pytest

from core.errors import DataError
from core.interactions import Interactions, ItemInfo
from core.models import MODELS, create_model, model_class
from core.models.params import param_specs
from core.persistence import describe_coverage, load_model, save_model


def _table() -> Interactions:
    rng = np.random.default_rng(1)
    users, items, ts = [], [], []
    for u in range(20):
        for t, i in enumerate(rng.choice(15, 5, replace=False)):
            users.append(f"u{u}")
            items.append(f"i{i}")
            ts.append(t)
    # genres so that the content-based models have features to read
    info = {f"i{i}": ItemInfo("", (("Drama", "Comedy", "Sci-Fi")[i % 3],)) for i in range(15)}
    return Interactions.from_triples(users, items, None, ts, items_info=info)


# Small settings for any model of the registry that has these fields (so a new model is tested
# here without editing this file).
SMALL = {"hidden": (8,), "epochs": 2, "batch_size": 8, "gmf_size": 4, "mlp_size": 4, "k": 5,
         "factors": 4, "iterations": 3, "embedding": 4, "length": 3, "horizontal": 2}


def small_params(name: str) -> dict:
    return {pf.name: SMALL[pf.name] for pf in param_specs(model_class(name).Config)
            if pf.name in SMALL}


VARIANTS = [(name, {}) for name in MODELS] + [
    ("user-knn", {"neighbourhood": "mutual"}),  # saves its per-user thresholds
    ("item-knn", {"recency": 0.0}),  # nothing to weight
    ("ease", {"recency": 2.0}), ("als", {"recency": 2.0}),  # recency weights saved
    ("hybrid", {"method": "augmented"}), ("hybrid", {"cf_model": "item-knn"}),
]


@pytest.mark.parametrize(("name", "extra"), VARIANTS)
def test_round_trip_gives_the_same_scores_and_recommendations(name, extra, tmp_path,
                                                              monkeypatch):
    data = _table()
    model = create_model(name, **small_params(name), **extra).fit(data)
    path = save_model(model, tmp_path / "model.zip")

    def no_refit(*args, **kwargs):
        raise AssertionError("a model must not be refitted on load")

    monkeypatch.setattr(model_class(name), "_fit", no_refit)
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
    model = create_model("mlp", **small_params("mlp")).fit(data)
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


def test_an_older_format_version_is_refused_with_a_clear_message(tmp_path):
    path = save_model(create_model("popularity").fit(_table()), tmp_path / "old.zip")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        arrays = zf.read("arrays.npz")
    manifest["format_version"] = 1
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("arrays.npz", arrays)
    with pytest.raises(DataError, match=r"old\.zip.*version 1.*older RecLab.*retrain"):
        load_model(path)


def test_a_declared_array_missing_from_the_file_is_a_data_error(tmp_path):
    path = save_model(create_model("item-knn", k=5).fit(_table()), tmp_path / "m.zip")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        arrays = zf.read("arrays.npz")
    manifest["state"]["extra"] = "dense"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("arrays.npz", arrays)
    with pytest.raises(DataError, match=r"m\.zip.*'extra'"):
        load_model(path)


def test_an_out_of_range_saved_config_is_a_data_error(tmp_path):
    path = save_model(create_model("item-knn", k=5).fit(_table()), tmp_path / "m.zip")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        arrays = zf.read("arrays.npz")
    manifest["config"]["k"] = 0
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("arrays.npz", arrays)
    with pytest.raises(DataError, match=r"m\.zip.*k: must be"):
        load_model(path)
