"""Which timestamp-tie rule of leave-last-out reproduces the published ML-100K peer figures?

``python -m benchmarks.tie_rules`` (needs ../shared/data/ml-100k; about 2 minutes on 2 shared
cores). Holds out each user's latest interaction under several tie rules and prints, for each,
HR@10 / NDCG@10 (full ranking, RecLab's evaluator) of popularity, implicit's cosine item-kNN
(K = 20 and 100) and ALS (peers.py settings and implicit's defaults) and EASE (λ = 500, plain and
with recency 2) — all in one run. The finding and the table are in docs/METRICS.md ("Timestamp
ties"); the rule that matches ("last line among ties") is the one ``leave_last_out`` uses.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from benchmarks.common import shared_dataset
from benchmarks.peers import ImplicitALS, ImplicitCosine, PopularityRef
from core.evaluation import evaluate, leave_last_out
from core.evaluation.splits import Split, _entry_rows, _make_split
from core.interactions import Interactions
from core.io import load
from core.models.ease import EASE

MODELS = {
    "popularity": PopularityRef,
    "cosine K=20": lambda: ImplicitCosine(K=20),
    "cosine K=100": lambda: ImplicitCosine(K=100),
    "ALS (peers.py)": ImplicitALS,
    "ALS (implicit defaults)": lambda: ImplicitALS(factors=100, regularization=0.01),
    "EASE λ=500": lambda: EASE(l2=500.0),
    "EASE λ=500 recency 2": lambda: EASE(l2=500.0, recency=2.0),
}


def tie_rule_splits(data: Interactions, frame: pd.DataFrame) -> dict[str, Split]:
    """Leave-last-out splits of ``data`` (loaded from ``frame``'s file) under each tie rule."""
    rows = _entry_rows(data)
    entry_key = rows * data.n_items + data.matrix.indices
    file_key = (np.array([data.user_index(str(u)) for u in frame.u]) * data.n_items
                + np.array([data.item_index(str(i)) for i in frame.i]))
    position = np.searchsorted(entry_key, file_key)  # ML-100K has no duplicate pairs
    frame = frame.assign(line=np.arange(len(frame)))
    latest = frame[frame.t == frame.groupby("u").t.transform("max")]
    chosen = {
        "last line among ties": latest.groupby("u").line.max(),
        "first line among ties": latest.groupby("u").line.min(),
        "highest item id": latest.loc[latest.groupby("u").i.idxmax()].line,
        "lowest item id": latest.loc[latest.groupby("u").i.idxmin()].line,
        "pandas sort_values(t) default (unstable), last":
            frame.sort_values("t").groupby("u").tail(1).line,
    }
    counts = np.diff(data.matrix.indptr)
    splits = {}
    for seed in (0, 1, 2):
        unordered = data.copy()
        unordered.input_order = None
        splits[f"seeded random, seed {seed}"] = leave_last_out(unordered, seed=seed)
    for name, lines in chosen.items():
        mask = np.zeros(data.nnz, dtype=bool)
        mask[position[np.asarray(lines)]] = True
        splits[name] = _make_split(data, mask & (counts[rows] >= 2), "leave-last-out")
    same = leave_last_out(data).test_items
    assert all(np.array_equal(a, b) for a, b in zip(same, splits["last line among ties"].test_items,
                                                    strict=True))
    return splits


def main() -> int:
    path = shared_dataset("ml-100k")
    if path is None:
        return 1
    data = load(path)
    frame = pd.read_csv(path / "u.data", sep="\t", names=["u", "i", "r", "t"])
    print("rule | " + " | ".join(MODELS))
    for rule, split in tie_rule_splits(data, frame).items():
        cells = []
        for make in MODELS.values():
            model = make()
            model.fit(split.train)
            metrics = evaluate(model, split, k=10).metrics
            cells.append(f"{metrics['HR@10']:.3f} / {metrics['NDCG@10']:.3f}")
        print(f"{rule} | " + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
