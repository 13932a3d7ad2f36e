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

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from gui.i18n import translate_marked


@dataclass(frozen=True)
class ViewSpec:
    key: str  # stable id, used in settings and by ``MainWindow.view(key)``
    title: str  # the tab's text (English; shown through QCoreApplication.translate("ViewSpec"))
    target: str  # "module:Class"
    tip: str  # the tab's tooltip: what the view shows (translated the same way)

    def translated_title(self) -> str:
        return translate_marked("ViewSpec", self.title)

    def translated_tip(self) -> str:
        return translate_marked("ViewSpec", self.tip)

    def load(self) -> type[QWidget]:
        """The view class (a real import error propagates: no placeholder hides it)."""
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)


VIEWS: dict[str, ViewSpec] = {spec.key: spec for spec in (
    ViewSpec("table", QT_TRANSLATE_NOOP("ViewSpec", "Table"), "gui.table_view:DataTab",
             QT_TRANSLATE_NOOP("ViewSpec",
                               "The behaviour table: who interacted with what (edit it here)")),
    ViewSpec("training", QT_TRANSLATE_NOOP("ViewSpec", "Training"),
             "gui.training_view:TrainingView",
             QT_TRANSLATE_NOOP("ViewSpec",
                               "Watch the model learn: loss per batch, validation per epoch")),
    ViewSpec("recommendations", QT_TRANSLATE_NOOP("ViewSpec", "Recommendations"),
             "gui.recommendations_panel:RecommendationsPanel",
             QT_TRANSLATE_NOOP("ViewSpec",
                               "Top-K recommendations for a user, and why each was recommended")),
    ViewSpec("evaluation", QT_TRANSLATE_NOOP("ViewSpec", "Evaluation"),
             "gui.evaluation_panel:EvaluationPanel",
             QT_TRANSLATE_NOOP("ViewSpec", "Offline evaluation (HR@K, NDCG@K …) and a "
                                           "comparison of every run")),
    ViewSpec("similarity", QT_TRANSLATE_NOOP("ViewSpec", "Similarity"),
             "gui.similarity_panel:SimilarityPanel",
             QT_TRANSLATE_NOOP("ViewSpec", "How similar users or items are to each other")),
    ViewSpec("sweep", QT_TRANSLATE_NOOP("ViewSpec", "Sweep"), "gui.sweep_view:SweepView",
             QT_TRANSLATE_NOOP("ViewSpec", "Tune one or two settings by cross-validation on the "
                                           "training part (the test hold-out is never used)")),
    ViewSpec("map", QT_TRANSLATE_NOOP("ViewSpec", "Map"), "gui.map_view:MapView",
             QT_TRANSLATE_NOOP("ViewSpec", "Every item (or user) placed by what the model "
                                           "learned; neighbours and a user's history and "
                                           "recommendations")),
)}
