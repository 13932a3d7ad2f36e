"""Cold start, in words: which items of a table a model cannot recommend, and why.

An item nobody has interacted with yet (a *cold* item) gives a collaborative model nothing to
learn from: kNN, EASE and ALS see an empty column, MLP/NeuMF/Caser an item they were never
trained on. A model that reads item features (content-based, hybrid) can rank it from its
genres, tags and title — once it has been trained with the item in the table.
"""

from __future__ import annotations

import numpy as np

from core.interactions import Interactions
from core.models.base import Recommender
from core.phrase import Phrase, phrase

SHOWN = 3


def reads_item_features(model: Recommender) -> bool:
    return bool(getattr(model, "reads_item_features", False))


def cold_items(data: Interactions) -> list[str]:
    """Items of ``data`` with no interactions."""
    cold = np.flatnonzero(data.item_counts() == 0)
    if not len(cold):
        return []
    return np.asarray(data.item_ids, dtype=object)[cold].tolist()


def _names(data: Interactions, items: list[str]) -> Phrase | str:
    shown = ", ".join(f"“{data.item_label(i)}”" for i in items[:SHOWN])
    more = len(items) - SHOWN
    return phrase("{shown} and {more} more", shown=shown, more=str(more)) if more > 0 else shown


def cold_item_note(model: Recommender, data: Interactions) -> str:
    """One or two sentences on the cold items of ``data`` for ``model`` ("" when there are none)."""
    note = cold_item_phrase(model, data)
    return str(note) if note is not None else ""


def cold_item_phrase(model: Recommender, data: Interactions) -> Phrase | None:
    """``cold_item_note`` as a template with its values (``core.phrase``); None: no note."""
    cold = cold_items(data)
    if not cold:
        return None
    label = model.name or type(model).__name__
    if reads_item_features(model):
        known = set(model.item_ids)
        unknown = [i for i in cold if i not in known]
        if unknown and getattr(model, "scores_new_items", False):
            if len(unknown) == 1:
                return phrase("{items} came after training; {model} recommends it from genres "
                              "and tags all the same.", items=_names(data, unknown), model=label)
            return phrase("{items} came after training; {model} recommends them from genres and "
                          "tags all the same.", items=_names(data, unknown), model=label)
        if unknown:
            return phrase("{items} came after training: retrain {model} (it takes a moment) and "
                          "it can recommend them from their genres.",
                          items=_names(data, unknown), model=label)
        featured = [i for i in cold if data.items_info.get(i) and (
            data.items_info[i].genres or data.items_info[i].tags)]
        if featured:
            return phrase("{items} has no interactions yet; {model} can still recommend it from "
                          "its genres and tags.", items=_names(data, featured), model=label)
        return None
    if len(cold) == 1:
        return phrase("{model} cannot recommend {items}: nobody has interacted with it yet, and "
                      "{model} learns only from interactions (cold start). The content-based and "
                      "hybrid models can, from genres.", model=label, items=_names(data, cold))
    return phrase("{model} cannot recommend {items}: nobody has interacted with them yet, and "
                  "{model} learns only from interactions (cold start). The content-based and "
                  "hybrid models can, from genres.", model=label, items=_names(data, cold))
