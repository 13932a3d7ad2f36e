"""The MLP's training products in bfloat16: when "auto" picks it, that the step's forward pass
is the float32 one to bfloat16's precision, and that scoring stays float32."""

import numpy as np
import pytest
import scipy.sparse as sp

from core.models import create_model
from core.models.neural import precision
from core.models.neural.precision import native_bfloat16, resolve

ZEN4_FLAGS = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni avx512_bf16 fma\n"
SKYLAKE_FLAGS = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512bw fma\n"
SAPPHIRE_FLAGS = "flags\t\t: avx512f amx_tile amx_bf16 amx_int8\n"


@pytest.mark.parametrize(("cpuinfo", "machine", "want"), [
    (ZEN4_FLAGS, "x86_64", True),
    (SAPPHIRE_FLAGS, "AMD64", True),
    (SKYLAKE_FLAGS, "x86_64", False),
    ("processor\t: 0\n", "x86_64", False),  # no flags line
    ("", "x86_64", False),
    (ZEN4_FLAGS, "arm64", False),  # not an x86 CPU: no oneDNN bfloat16 path assumed
    ("flags\t\t: avx512_bf16x\n", "x86_64", False),  # whole flags only
])
def test_native_bfloat16_reads_the_cpu_flags(monkeypatch, cpuinfo, machine, want):
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    assert native_bfloat16(cpuinfo, machine) is want


def test_native_bfloat16_is_off_without_onednn(monkeypatch):
    monkeypatch.setenv("TF_ENABLE_ONEDNN_OPTS", "0")
    assert native_bfloat16(ZEN4_FLAGS, "x86_64") is False


def test_native_bfloat16_without_a_readable_cpuinfo(monkeypatch, tmp_path):
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    monkeypatch.setattr(precision, "CPUINFO", str(tmp_path / "missing"))
    assert native_bfloat16(None, "x86_64") is False
    (tmp_path / "cpuinfo").write_text(ZEN4_FLAGS)
    monkeypatch.setattr(precision, "CPUINFO", str(tmp_path / "cpuinfo"))
    assert native_bfloat16(None, "x86_64") is True


@pytest.mark.parametrize("native", [True, False])
def test_resolve_auto_follows_the_cpu(monkeypatch, native):
    monkeypatch.setattr(precision, "native_bfloat16", lambda: native)
    assert resolve("auto") == ("bfloat16" if native else "float32")
    assert resolve("float32") == "float32"
    assert resolve("bfloat16") == "bfloat16"
    with pytest.raises(ValueError, match="float16"):
        resolve("float16")


def _built(hidden, n_items=300):
    model = create_model("mlp", hidden=hidden, epochs=1, validation=False, seed=3)
    model.item_ids = [str(j) for j in range(n_items)]
    model._build()
    return model


@pytest.mark.parametrize("hidden", [(32,), (24, 16)])
def test_bfloat16_forward_is_the_float32_one_to_bfloat16_precision(hidden):
    model = _built(hidden)
    rows = sp.random(40, 300, density=0.05, random_state=4, format="csr", dtype=np.float32)
    rows.data[:] = 1.0
    x = model._to_tf_sparse(model._sparse_input(rows))
    full = model._forward_sparse(x, True).numpy()
    half = model._forward_sparse(x, True, "bfloat16").numpy()
    scale = np.abs(full).max()
    # bfloat16 keeps 8 significant bits: each product term is off by <= 2^-8 relatively
    np.testing.assert_allclose(half, full, atol=2e-2 * scale)
    assert not np.array_equal(half, full)  # the products really ran in bfloat16


def test_bfloat16_training_learns_and_scores_in_float32():
    """A fit whose step multiplies in bfloat16 learns planted groups, and its scores are the
    float32 forward pass of the trained weights."""
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 4, 160)
    items = np.array([rng.choice(np.arange(g * 20, g * 20 + 20), 6, replace=False)
                      for g in groups])
    rows = np.repeat(np.arange(160), 6)
    m = sp.csr_matrix((np.ones(rows.size, np.float32), (rows, items.ravel())), shape=(160, 80))
    from core.interactions import Interactions

    data = Interactions([f"u{i}" for i in range(160)], [f"i{j}" for j in range(80)], m)
    model = create_model("mlp", hidden=(16,), epochs=30, batch_size=32, validation=False,
                         dropout=0.0, seed=1, precision="bfloat16").fit(data)
    assert model.step_products == "bfloat16"
    losses = [e["loss"] for e in model.training_result.history]
    # from ln 80 = 4.38 (uniform) towards ln 20 = 3.0 (uniform over the user's group)
    assert losses[0] > 4.0 and losses[-1] < losses[0] - 0.4
    scores = model.score_rows(data.matrix, np.arange(160))
    dense = model.network(model._input(model._rows_in(data.matrix, np.arange(160))),
                          training=False).numpy()
    np.testing.assert_allclose(scores, dense, rtol=1e-5, atol=1e-5)
    # the planted structure is learnt: a user's best unseen item is in their own group
    scores[m.nonzero()] = -np.inf
    assert np.mean(scores.argmax(axis=1) // 20 == groups) > 0.9


@pytest.mark.parametrize("native", [True, False])
def test_the_fit_uses_what_its_precision_resolves_to(monkeypatch, native):
    monkeypatch.setattr(precision, "native_bfloat16", lambda: native)
    data = _planted_small()
    for chosen, want in (("auto", "bfloat16" if native else "float32"),
                         ("float32", "float32"), ("bfloat16", "bfloat16")):
        model = create_model("mlp", hidden=(8,), epochs=1, validation=False, precision=chosen)
        assert model.fit(data).step_products == want
    with pytest.raises(ValueError, match="precision"):
        create_model("mlp", precision="float16")


def _planted_small():
    from core.interactions import Interactions

    m = sp.random(30, 20, density=0.3, random_state=1, format="csr", dtype=np.float32)
    m.data[:] = 1.0
    return Interactions([f"u{i}" for i in range(30)], [f"i{j}" for j in range(20)], m)
