"""Every model setting declares its label, help and valid values; core refuses the rest."""

import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ConfigError, ModelError
from core.models import MODELS, NEURAL_MODELS, model_class, model_info
from core.models.params import ParamSpec, param, param_specs, validate_config

ROOT = Path(__file__).resolve().parents[1]
SPECS = [(name, pf) for name in MODELS for pf in param_specs(model_class(name).Config)]


@pytest.mark.parametrize(("model", "field"), SPECS, ids=[f"{m}.{f.name}" for m, f in SPECS])
def test_every_config_field_has_label_help_and_range_or_choices(model, field):
    spec = field.spec
    assert spec.label.strip() and spec.help.strip()
    assert spec.choices is not None or spec.minimum is not None or spec.maximum is not None
    assert validate_config(model_class(model).Config()) is None  # the defaults are valid


BAD = [
    ("mlp", "dropout", 2), ("mlp", "dropout", 1.0), ("mlp", "dropout", -0.1),
    ("mlp", "learning_rate", -1e-3), ("mlp", "learning_rate", 0.0),
    ("mlp", "epochs", 0), ("mlp", "batch_size", 0), ("mlp", "hidden", (64, 0)),
    ("mlp", "hidden", ()), ("mlp", "monitor", "loss"), ("mlp", "l2", float("nan")),
    ("neumf", "negatives", -1), ("neumf", "epochs", 0), ("neumf", "batch_size", 0),
    ("neumf", "gmf_size", 0), ("neumf", "learning_rate", -1.0),
    ("item-knn", "k", 0), ("user-knn", "similarity", "euclid"), ("item-knn", "recency", -1.0),
    ("user-knn", "shrinkage", -1.0), ("item-knn", "neighbourhood", "all"),
    ("user-knn", "epochs_typo", 1),
]


@pytest.mark.parametrize(("model", "field", "value"), BAD)
def test_out_of_range_values_are_refused_with_the_field_name(model, field, value):
    config_cls = model_class(model).Config
    if field not in {pf.name for pf in param_specs(config_cls)}:
        with pytest.raises(TypeError):
            config_cls(**{field: value})
        return
    with pytest.raises(ConfigError) as caught:
        config_cls(**{field: value})
    assert str(caught.value).startswith(f"{field}: ")
    assert caught.value.field == field
    assert isinstance(caught.value, ModelError)  # shown as a message by the CLI and the GUI


def test_a_config_changed_after_construction_is_refused_at_fit():
    from core.interactions import Interactions

    model = model_class("item-knn")(k=5)
    model.config.k = 0
    data = Interactions.from_triples(["a", "a", "b"], ["x", "y", "x"])
    with pytest.raises(ConfigError, match=r"^k: "):
        model.fit(data)


def test_range_text_and_bounds():
    spec = ParamSpec("Dropout", "h", minimum=0, maximum=1, exclusive_maximum=True)
    assert spec.problem(0.0) is None and spec.problem(0.99) is None
    assert spec.problem(1) == "must be >= 0 and < 1, got 1"
    assert spec.problem(True) is not None  # a bool is not a number here
    open_low = ParamSpec("Rate", "h", minimum=0, exclusive_minimum=True)
    assert open_low.problem(0) == "must be > 0, got 0"
    assert open_low.problem(1e-9) is None


def test_param_specs_takes_choices_from_the_type_and_refuses_undeclared_fields():
    from dataclasses import dataclass

    from core.models.base import ModelConfig

    specs = {pf.name: pf.spec for pf in param_specs(model_class("mlp").Config)}
    assert specs["monitor"].choices == ("NDCG@10", "HR@10")
    assert specs["validation"].choices == (False, True)

    @dataclass
    class Loose(ModelConfig):
        size: int = 3

    with pytest.raises(TypeError, match="size"):
        Loose()

    @dataclass
    class Declared(ModelConfig):
        size: int = param(3, label="Size", help="How big.", minimum=1)

    assert Declared(size=4).size == 4
    with pytest.raises(ConfigError, match=r"^size: must be a whole number"):
        Declared(size=2.5)


def test_registry_entries_are_complete_and_neural_is_derived():
    for name, info in MODELS.items():
        assert info.name == name and info.label and info.summary
        assert model_class(name).name == name
        assert info.family in {"baseline", "cf", "content", "hybrid", "neural"}
    assert {name for name, info in MODELS.items() if info.neural} == NEURAL_MODELS
    assert model_info("mlp").neural and not model_info("item-knn").neural
    with pytest.raises(ValueError, match="unknown model"):
        model_info("nope")


def test_cli_refuses_a_bad_setting_before_loading_data_or_tensorflow(tmp_path):
    code = (
        "import sys; from core.cli import main;"
        "rc = main(['train', '--data', 'missing.csv', '--model', 'mlp', '--epochs', '0',"
        " '--save', 'm.zip']);"
        "print(rc, 'tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.split() == ["2", "False", "False"]
    assert "epochs: must be >= 1" in out.stderr
    assert "missing.csv" not in out.stderr  # refused before the data was read


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize(
    "shape", [(30, 20, 200), (5_000, 2_000, 100_000), (2_000, 20_000, 100_000),
              (90_000, 20_000, 3_000_000)]
)
def test_suggested_settings_are_fields_and_valid(name, shape):
    from types import SimpleNamespace

    n_users, n_items, nnz = shape
    config_cls = model_class(name).Config
    suggested = config_cls.suggested(SimpleNamespace(n_users=n_users, n_items=n_items, nnz=nnz))
    assert set(suggested) <= {pf.name for pf in param_specs(config_cls)}
    config_cls(**suggested)  # raises ConfigError if a suggestion is out of range


def test_numpy_and_json_values_are_normalised_to_plain_python():
    import numpy as np

    config = model_class("mlp").Config(epochs=np.int64(3), learning_rate=1, hidden=[8, 4],
                                       dropout=np.float32(0.25), validation=np.bool_(False))
    assert (config.epochs, config.learning_rate, config.hidden) == (3, 1.0, (8, 4))
    assert type(config.epochs) is int and type(config.learning_rate) is float
    assert type(config.dropout) is float and config.validation is False
    with pytest.raises(ConfigError, match=r"^epochs: must be a whole number"):
        model_class("mlp").Config(epochs=2.5)
    with pytest.raises(ConfigError, match=r"^validation: must be one of"):
        model_class("mlp").Config(validation=1)


@pytest.mark.parametrize(("shape", "wide"), [
    ((2_000, 20_000, 100_000), True),    # the long-tail shape: 0.25 % dense
    ((1_100, 10_000, 40_000), True),     # events: exactly 10,000 items, 0.36 %
    ((1_000, 10_000, 100_000), False),   # 1 % dense: not under it
    ((943, 1_682, 100_000), False),      # ML-100K: narrow (and 6 % dense)
    ((610, 9_724, 100_836), False),      # ml-latest-small: 9,724 items
    ((200, 20_000, 3_000), False),       # tiny tables keep their own suggestions
])
def test_the_mlp_suggests_a_larger_learning_rate_on_wide_sparse_catalogues(shape, wide):
    from types import SimpleNamespace

    from core.models.neural.config import WIDE_LEARNING_RATE, MLPConfig

    n_users, n_items, nnz = shape
    suggested = MLPConfig.suggested(SimpleNamespace(n_users=n_users, n_items=n_items, nnz=nnz))
    assert (suggested.get("learning_rate") == WIDE_LEARNING_RATE) == wide
    assert MLPConfig().learning_rate < WIDE_LEARNING_RATE
