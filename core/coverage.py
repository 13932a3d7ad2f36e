"""Whether a trained model fits a table: which users and items of the table it does not know.

A model loaded from a file knows the users and items it was trained on. Recommending for a
table it was not trained on works only as far as the two share items (and, for models that
cannot fold in new users, users); when they share nothing the result would be empty, so that is
an error naming examples of the unknown ids rather than an empty CSV.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import ModelError
from core.interactions import Interactions
from core.models.base import Recommender

EXAMPLES = 3


def examples(ids: Sequence[str], n: int = EXAMPLES) -> str:
    shown = ", ".join(repr(i) for i in ids[:n])
    return shown + (f" and {len(ids) - n:,} more" if len(ids) > n else "")


def check_coverage(model: Recommender, data: Interactions) -> str:
    """A note on the table's ids the model does not know ("" if none).

    Raises ``ModelError`` when nothing could be recommended: no item of the table is known, or
    no user is known to a model without fold-in.
    """
    known_items = set(model.item_ids)
    unknown_items = [i for i in data.item_ids if i not in known_items]
    unknown_users = [u for u in data.user_ids if model.training_user_index(u) < 0]
    trained = f"{len(model.user_ids):,} users × {len(model.item_ids):,} items"
    if data.item_ids and len(unknown_items) == len(data.item_ids):
        raise ModelError(
            f"the model was trained on other data ({trained}): none of the table's "
            f"{len(data.item_ids):,} items is known to it (e.g. {examples(unknown_items)}); "
            "retrain it on this table"
        )
    if not model.supports_fold_in and data.user_ids and len(unknown_users) == len(data.user_ids):
        raise ModelError(
            f"the model was trained on other data ({trained}): none of the table's "
            f"{len(data.user_ids):,} users is known to it (e.g. {examples(unknown_users)}) and "
            "this model cannot score users it was not trained on; retrain it on this table"
        )
    parts = []
    if unknown_users:
        fix = "" if model.supports_fold_in else " (skipped: retrain to recommend for them)"
        parts.append(f"{len(unknown_users):,} user(s) the model was not trained on: "
                     f"{examples(unknown_users)}{fix}")
    if unknown_items:
        parts.append(f"{len(unknown_items):,} item(s) it cannot recommend (not in its training "
                     f"data): {examples(unknown_items)}")
    return "; ".join(parts)
