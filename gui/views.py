"""The view registry: the one place that decides which views the window shows, and where.

Every view is a tab of the central area, in the order below, with Ctrl+1, Ctrl+2 … to reach it.
A view is a ``QWidget`` subclass built as ``cls(session)``; it talks to the rest of the app only
through the session (``gui.session``) and, optionally:

- ``statusMessage = Signal(str)``: messages the window shows in its status bar;
- ``menu_actions() -> list[QAction]``: actions for the window's Model menu (triggering one shows
  the view's tab);
- ``shutdown()``: called once when the window closes (after the session's jobs were stopped).

Adding a view = its module + one ``ViewSpec`` line in ``VIEWS``. Views never import each other
(an import-linter contract in pyproject.toml checks it).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ViewSpec:
    key: str  # stable id, used in settings and by ``MainWindow.view(key)``
    title: str  # the tab's text
    target: str  # "module:Class"
    tip: str  # the tab's tooltip: what the view shows

    def load(self) -> type[QWidget]:
        """The view class (a real import error propagates: no placeholder hides it)."""
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)


VIEWS: dict[str, ViewSpec] = {spec.key: spec for spec in (
    ViewSpec("table", "Table", "gui.table_view:DataTab",
             "The behaviour table: who interacted with what (edit it here)"),
    ViewSpec("training", "Training", "gui.training_view:TrainingView",
             "Watch the model learn: loss per batch, validation per epoch"),
    ViewSpec("recommendations", "Recommendations", "gui.recommendations_panel:RecommendationsPanel",
             "Top-K recommendations for a user, and why each was recommended"),
    ViewSpec("evaluation", "Evaluation", "gui.evaluation_panel:EvaluationPanel",
             "Offline evaluation (HR@K, NDCG@K …) and a comparison of every run"),
    ViewSpec("similarity", "Similarity", "gui.similarity_panel:SimilarityPanel",
             "How similar users or items are to each other"),
)}
