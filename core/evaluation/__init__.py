"""Offline evaluation: train/test splits, ranking metrics @K, and the evaluator."""

from core.evaluation.evaluate import EvalResult, evaluate
from core.evaluation.metrics import coverage, per_user_metrics
from core.evaluation.splits import (
    SPLITS,
    Split,
    SplitInfo,
    cold_items,
    leave_last_out,
    make_split,
    random_holdout,
    temporal_ratio,
)

__all__ = [
    "SPLITS", "EvalResult", "Split", "SplitInfo", "cold_items", "coverage", "evaluate",
    "leave_last_out", "make_split", "per_user_metrics", "random_holdout", "temporal_ratio",
]
