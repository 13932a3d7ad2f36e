"""The shape every recommender shares (CF, popularity and neural alike).

Orientation is fixed everywhere: rows are users, columns are items, and a model scores a batch of
*user rows* (CSR, one row per user, columns in the model's own item index) — not user ids. That is
what makes fold-in work: a user added or edited after training is scored from the current row.

- ``fit(data, on_progress)`` learns from an ``Interactions`` table and returns ``self``.
- ``score_rows(rows, user_indices)`` → dense ``(len(rows), n_items)`` scores; ``user_indices`` are
  the users' training rows (-1 for users the model has not seen) so a model can, e.g., leave a user
  out of their own neighbourhood. Seen items are *not* masked here.
- ``recommend(data, user, k, exclude_seen=True)`` → ranked ``Recommendation`` list with reasons.
- ``top_k_rows(rows, user_indices, k)`` → the one score → mask seen → top-k step every caller
  (recommend, recommend_all, the CLI's export, evaluation) goes through.
- ``explain(row, user_index, item_index)`` → why ``item`` scored for that user.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any, ClassVar, Literal, TypeVar

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.similar import SimilarMixin
from core.progress import ProgressCallback
from core.ranking import mask_seen, top_k

T = TypeVar("T")


ExplanationKind = Literal["users", "items", "popularity", "embedding", "features", "sequence"]


@dataclass(frozen=True)
class Explanation:
    """Why an item was recommended, built by the model that recommended it.

    ``kind`` says what ``contributors`` are: similar users ("users", user-kNN), the user's own
    items that drove the score ("items": item-kNN, MLP), the user's items nearest in a learned
    embedding ("embedding": NeuMF), nothing personal ("popularity"), and for models to come
    "features" and "sequence". Each contributor is (id, weight); ``text`` is the sentence shown
    to a user. ``template`` (optional) is the same sentence with ``{names}`` where the leading
    contributors are named: ``labelled`` refills it with display names (titles) that only the
    data knows, keeping the model's own sentence.
    """

    kind: ExplanationKind
    contributors: tuple[tuple[str, float], ...]
    text: str
    template: str = ""

    @classmethod
    def naming(
        cls, kind: ExplanationKind, contributors: tuple[tuple[str, float], ...], template: str,
        shown: int = 3,
    ) -> Explanation:
        """An explanation whose text names the first ``shown`` contributors by id."""
        why = cls(kind, contributors, template, template)
        return why.labelled(str, shown)

    def labelled(self, label: Callable[[str], str], shown: int = 3) -> Explanation:
        """The same explanation with its contributors named by ``label(id)`` in the text."""
        if not self.template or not self.contributors:
            return self
        names = ", ".join(label(c) for c, _ in self.contributors[:shown])
        return replace(self, text=self.template.format(names=names))


@dataclass(frozen=True)
class Recommendation:
    item: str
    score: float
    rank: int  # 1 = best
    explanation: Explanation | None = None


@dataclass
class ModelConfig:
    """Base of every model's typed config; subclasses add their fields with ``param(...)``
    (``core.models.params``). Building a config validates it: an invalid one cannot exist."""

    def __post_init__(self) -> None:
        from core.models.params import normalise_config, validate_config

        normalise_config(self)
        validate_config(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def suggested(cls, data: Interactions) -> dict[str, Any]:
        """Settings (a subset of the fields) that suit the size of ``data`` better than the
        defaults, which are tuned for MovieLens-sized tables; the GUI starts the form from them."""
        return {}


class Recommender(SimilarMixin, ABC):
    """Base class; see the module docstring for the contract."""

    name: ClassVar[str] = ""
    Config: ClassVar[type[ModelConfig]] = ModelConfig
    supports_fold_in: ClassVar[bool] = True  # can score users/rows it was not trained on
    # "Train on N % of users" (``core.subsample``): share of users learned from, and its seed.
    user_fraction: float = 1.0
    user_fraction_seed: int = 0
    # Models that hold out validation items themselves set this and restrict learning to
    # ``trained_users`` after their hold-out, so the validation set does not shrink.
    subsamples_itself: ClassVar[bool] = False

    def __init__(self, config: ModelConfig | None = None, **params: Any):
        if config is None:
            config = self.Config(**params)
        elif params:
            raise TypeError("give either a config or keyword parameters, not both")
        self.config = config
        self.user_ids: list[str] = []
        self.item_ids: list[str] = []
        self.fitted_version: int | None = None  # data.version at fit time
        self.train_matrix: sp.csr_matrix | None = None
        self.trained_users: np.ndarray | None = None  # bool per user; None = all users
        self.fit_began: float | None = None  # when ``fit`` began (before copying the table)

    # -- to implement -----------------------------------------------------------------------------

    @abstractmethod
    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        """Learn from ``data``; ``self.user_ids``/``item_ids``/``train_matrix`` are already set."""

    @abstractmethod
    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        """Dense scores for each row; see the module docstring."""

    @abstractmethod
    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        """Why ``item_index`` scores for the user whose (1 × n_items) ``row`` is given."""

    # -- saving (core.persistence) ---------------------------------------------------------------

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        """What a saved model needs beside its config, ids and training matrix: every learned
        array, by name. ``restore_state`` must rebuild the model from exactly these (no refit)."""
        raise ModelError(f"{self.name or type(self).__name__} cannot be saved")

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        """Rebuild the fitted model from ``state_arrays``' output; ``user_ids``, ``item_ids`` and
        ``train_matrix`` are already set. ``ValueError`` when an array does not fit."""
        raise ModelError(f"{self.name or type(self).__name__} cannot be loaded")

    # -- shared -----------------------------------------------------------------------------------

    def fit(self, data: Interactions, on_progress: ProgressCallback | None = None) -> Recommender:
        from core.models.params import validate_config

        validate_config(self.config)  # a field may have been changed since the config was built
        if data.n_users == 0 or data.n_items == 0 or data.nnz == 0:
            raise ModelError("cannot fit on an empty table")
        self.user_ids = list(data.user_ids)
        self.item_ids = list(data.item_ids)
        self._user_pos = {u: k for k, u in enumerate(self.user_ids)}
        self.fit_began = time.perf_counter()  # (a fit's progress may count the copy below)
        self.train_matrix = data.matrix.copy()
        self.trained_users = None
        fit_data = data
        if self.user_fraction < 1.0:
            from core.subsample import chosen_users, subsample_users

            if self.subsamples_itself:
                self.trained_users = chosen_users(
                    data, self.user_fraction, self.user_fraction_seed
                )
            else:
                fit_data = subsample_users(data, self.user_fraction, self.user_fraction_seed)
        self._fit(fit_data, on_progress)
        self.fitted_version = data.version
        return self

    @property
    def is_fitted(self) -> bool:
        return self.fitted_version is not None

    def training_user_index(self, user: str) -> int:
        """Row of ``user`` in the training data, or -1."""
        return getattr(self, "_user_pos", {}).get(user, -1)

    def recommend(
        self, data: Interactions, user: str, k: int = 10, *, exclude_seen: bool = True,
        explain: bool = True,
    ) -> list[Recommendation]:
        """Top-``k`` items for ``user`` of ``data`` (the current table, possibly edited since fit).

        The user's current row is scored (fold-in). Items ``data`` has that the model was not
        trained on cannot be recommended. ``exclude_seen`` drops items the user already has.
        """
        if not self.is_fitted:
            raise ModelError("the model is not trained yet")
        row = data.row_vectors([user], self.item_ids)
        uidx = np.array([self.training_user_index(user)])
        if uidx[0] < 0 and not self.supports_fold_in:
            raise ModelError(
                f"user {user!r} was not in the training data; {self.name} must be retrained"
            )
        idx, val = self.top_k_rows(row, uidx, k, exclude_seen=exclude_seen)
        return self.recommendations(data, row, int(uidx[0]), idx[0], val[0], explain=explain)

    def recommendations(
        self, data: Interactions, row: sp.csr_matrix, user_index: int, items: np.ndarray,
        scores: np.ndarray, *, explain: bool = True,
    ) -> list[Recommendation]:
        """One user's ranked (item index, score) pairs as ``Recommendation``s, with the reason
        for each when ``explain`` (-1 ends the list: fewer candidates than asked for)."""
        out = []
        for rank, (j, s) in enumerate(zip(items, scores, strict=True), start=1):
            if j < 0:
                break
            why = self.explain(row, user_index, int(j)) if explain else None
            if why is not None and why.kind in ("items", "embedding"):
                why = why.labelled(data.item_label)  # titles, which only ``data`` knows
            out.append(Recommendation(self.item_ids[j], float(s), rank, why))
        return out

    def masked_scores(
        self, rows: sp.csr_matrix, user_indices: np.ndarray, *, exclude_seen: bool = True
    ) -> np.ndarray:
        """``score_rows`` as floating point, checked for shape, NaN as -inf and (with
        ``exclude_seen``) every stored entry of ``rows`` at -inf: what is ranked."""
        scores = np.asarray(self.score_rows(rows, user_indices))
        expected = (rows.shape[0], len(self.item_ids))
        if scores.shape != expected:
            raise ModelError(
                f"{type(self).__name__}.score_rows returned shape {scores.shape}, "
                f"expected {expected}"
            )
        if not np.issubdtype(scores.dtype, np.floating):
            scores = scores.astype(np.float64)
        np.fmax(scores, -np.inf, out=scores)  # NaN → -inf in one pass (fmax ignores NaN)
        if exclude_seen:
            mask_seen(scores, rows)
        return scores

    def top_k_rows(
        self, rows: sp.csr_matrix, user_indices: np.ndarray, k: int, *, exclude_seen: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (item indices, scores) of each row: the one score → mask → top-k step that
        recommending, exporting and evaluating share; -1 pads rows with fewer candidates."""
        return top_k(self.masked_scores(rows, user_indices, exclude_seen=exclude_seen), k)

    @property
    def recommend_batch_size(self) -> int:
        """Users scored at once by ``recommend_all`` (bounds its dense block of scores)."""
        return 2048

    # Batches per progress event: models running batches in parallel report once per round
    # (batches of one round finish together; the first of them alone would show half the
    # progress just made and skew the ETA).
    _progress_every: int = 1

    def _map_user_batches(
        self, fn: Callable[[np.ndarray], T], n: int, batch_size: int
    ) -> Iterator[tuple[np.ndarray, T]]:
        """``(users, fn(users))`` for consecutive batches of user indices, in order. Models whose
        scoring releases the GIL run the batches in parallel instead (kNN)."""
        for start in range(0, n, batch_size):
            users = np.arange(start, min(n, start + batch_size))
            yield users, fn(users)

    def recommend_all(
        self, k: int = 10, *, exclude_seen: bool = True, batch_size: int | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (item indices, scores) for every training user, batched; -1 pads short rows.

        ``batch_size`` defaults to ``recommend_batch_size``.
        """
        from core.progress_eta import StageTimer

        if self.train_matrix is None:
            raise ModelError("the model is not trained yet")
        n = self.train_matrix.shape[0]
        all_idx = np.full((n, k), -1, dtype=np.int64)
        all_val = np.full((n, k), -np.inf)

        def rank(users: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return self.top_k_rows(self.train_matrix[users], users, k, exclude_seen=exclude_seen)

        size = batch_size or self.recommend_batch_size
        timer = StageTimer("recommending", on_progress)
        every = self._progress_every
        for i, (users, (idx, val)) in enumerate(self._map_user_batches(rank, n, size)):
            all_idx[users], all_val[users] = idx, val
            last = users[-1] + 1 == n
            if ((i + 1) % every == 0 or last) and timer.update((users[-1] + 1) / n):  # ETA too
                break
        return all_idx, all_val
