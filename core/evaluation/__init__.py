"""Offline evaluation: train/test splits, ranking metrics @K, and the evaluator."""

from core.evaluation.evaluate import EvalResult, evaluate
from core.evaluation.metrics import coverage, per_user_metrics
from core.evaluation.splits import (
    Split,
    cold_items,
    leave_last_out,
    random_holdout,
    temporal_ratio,
)

__all__ = [
    "EvalResult", "Split", "cold_items", "coverage", "evaluate", "leave_last_out",
    "per_user_metrics",
    "random_holdout", "temporal_ratio",
]
