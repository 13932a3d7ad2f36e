"""Content-based recommendation from item features (genres, tags, title words).

Item vectors: genres one-hot, tags and title words TF-IDF (scikit-learn), each block L2-normalised
and scaled by its weight, the blocks side by side and the whole vector L2-normalised. A user's
profile is the mean of their items' vectors — weighted exp(-r / recency) by recency when the
table has timestamps (r = distinct later timestamps, ``core.models.recency``) — and an item's
score is the cosine of the profile and the item's vector.

An item needs no interactions to be scored, only features: an item nobody has touched yet (cold
start) is recommended as soon as it has genres — also one added after training: ``recommend``
then builds the item vectors of the current table afresh (a fraction of a second at MovieLens
size) instead of asking for a retrain. Scores come from the row (fold-in is exact).
Explanation: the features that contributed most to the cosine, "because you like Sci-Fi, Space
(tags)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions, ItemInfo
from core.models.base import Explanation, ModelConfig, Recommender
from core.models.params import param
from core.models.recency import recency_weights, row_recency
from core.progress import Progress, ProgressCallback, report

EXPLAIN_TOP = 3
_YEAR = re.compile(r"\(\s*\d{4}\s*\)\s*$")
KIND_GENRE, KIND_TAG, KIND_TITLE = "genre", "tag", "title"
NO_FEATURES = (
    "the content-based model needs item features (genres, tags or titles) and this table has "
    "none: load an item file (File ▸ Load item features…, or --items FILE on the command line)"
)


@dataclass
class ContentConfig(ModelConfig):
    """Content-based model.

    genre_weight: weight of the genres block of an item vector (0 = ignore genres).
    tag_weight: weight of the tags block (TF-IDF over whole tags).
    title_weight: weight of the title-words block (TF-IDF, English stop words removed).
    recency: decay of a user's older items in their profile, exp(-r / recency); 0 = off.
    """

    genre_weight: float = param(1.0, label="Genre weight", minimum=0, maximum=100,
                                help="Weight of the genres in an item's vector (0 = ignore).")
    tag_weight: float = param(1.0, label="Tag weight", minimum=0, maximum=100,
                              help="Weight of the tags (TF-IDF over whole tags).")
    title_weight: float = param(0.3, label="Title-word weight", minimum=0, maximum=100,
                                help="Weight of the title words (TF-IDF, stop words removed).")
    recency: float = param(
        2.0, label="Recency decay", minimum=0, maximum=1e6,
        help="A user's older items weigh exp(-r / recency) in their profile (0 = all equal).")


def _title_text(title: str) -> str:
    return _YEAR.sub("", title)


def item_vectors(
    infos: list[ItemInfo], genre_weight: float = 1.0, tag_weight: float = 1.0,
    title_weight: float = 0.3,
) -> tuple[sp.csr_matrix, list[str], list[str]]:
    """(n_items × n_features unit rows, feature names, feature kinds) from ``infos``.

    An item without any feature gets a zero row.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import MultiLabelBinarizer, normalize

    blocks, names, kinds = [], [], []
    n = len(infos)
    genres = [list(dict.fromkeys(i.genres)) for i in infos]
    if genre_weight > 0 and any(genres):
        binarizer = MultiLabelBinarizer(sparse_output=True)
        block = sp.csr_matrix(binarizer.fit_transform(genres), dtype=np.float64)
        blocks.append(genre_weight * normalize(block))
        names += [str(g) for g in binarizer.classes_]
        kinds += [KIND_GENRE] * len(binarizer.classes_)
    tags = [[t.strip().lower() for t in i.tags if t.strip()] for i in infos]
    if tag_weight > 0 and any(tags):
        vec = TfidfVectorizer(analyzer=lambda ts: ts, sublinear_tf=True)
        blocks.append(tag_weight * vec.fit_transform(tags))
        names += [str(t) for t in vec.get_feature_names_out()]
        kinds += [KIND_TAG] * len(vec.get_feature_names_out())
    titles = [_title_text(i.title) for i in infos]
    if title_weight > 0 and any(t.strip() for t in titles):
        vec = TfidfVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
        try:
            block = vec.fit_transform(titles)
        except ValueError:  # only stop words / no tokens
            block = None
        if block is not None:
            blocks.append(title_weight * block)
            names += [str(t) for t in vec.get_feature_names_out()]
            kinds += [KIND_TITLE] * len(vec.get_feature_names_out())
    if not blocks:
        return sp.csr_matrix((n, 0)), [], []
    return sp.csr_matrix(normalize(sp.hstack(blocks, format="csr"))), names, kinds


def describe_features(names: list[str], kinds: list[str]) -> str:
    """"Sci-Fi, Drama, space, alien (tags), toy (title)" from parallel names and kinds."""
    genre = [n for n, k in zip(names, kinds, strict=True) if k == KIND_GENRE]
    tag = [n for n, k in zip(names, kinds, strict=True) if k == KIND_TAG]
    title = [n for n, k in zip(names, kinds, strict=True) if k == KIND_TITLE]
    parts = list(genre)
    if tag:
        parts.append(", ".join(tag) + " (tags)")
    if title:
        parts.append(", ".join(title) + " (title)")
    return ", ".join(parts)


class ContentBased(Recommender):
    """Cosine of a (recency-weighted) mean profile and item feature vectors; see module doc."""

    name = "content"
    Config = ContentConfig
    reads_item_features = True  # can rank items without interactions (cold start)
    scores_new_items = True  # ``recommend`` also covers items added after training
    config: ContentConfig

    def _fit(self, data: Interactions, on_progress: ProgressCallback | None) -> None:
        cfg = self.config
        if not max(cfg.genre_weight, cfg.tag_weight, cfg.title_weight) > 0:
            raise ModelError("genre_weight, tag_weight, title_weight: at least one must be > 0")
        report(on_progress, Progress("stage", "content: item vectors", fraction=0.0))
        infos = [data.items_info.get(item, ItemInfo()) for item in data.item_ids]
        vectors, names, kinds = item_vectors(
            infos, cfg.genre_weight, cfg.tag_weight, cfg.title_weight)
        if vectors.shape[1] == 0:
            raise ModelError(NO_FEATURES)
        self.item_vectors = sp.csr_matrix(vectors, dtype=np.float32)
        self.feature_names = np.asarray(names, dtype=str)
        self.feature_kinds = np.asarray(kinds, dtype=str)
        self.popularity = np.bincount(data.matrix.indices, minlength=data.n_items).astype(
            np.float64)
        self._recency = recency_weights(data.matrix, data.timestamps, cfg.recency)
        report(on_progress, Progress("done", f"content: {len(names)} features", fraction=1.0))

    def recommend(
        self, data: Interactions, user: str, k: int = 10, *, exclude_seen: bool = True,
        explain: bool = True,
    ) -> list:
        """As ``Recommender.recommend``; items ``data`` has that the model was not trained on are
        included by vectorising the current table's items (the model itself is not changed)."""
        known = set(self.item_ids)
        if self.is_fitted and any(i not in known for i in data.item_ids):
            fresh = ContentBased(config=self.config).fit(data)
            return fresh.recommend(data, user, k, exclude_seen=exclude_seen, explain=explain)
        return super().recommend(data, user, k, exclude_seen=exclude_seen, explain=explain)

    def profiles(self, rows: sp.spmatrix, user_indices: np.ndarray) -> sp.csr_matrix:
        """Each row's profile: the (recency-)weighted mean of its items' vectors."""
        weights = row_recency(sp.csr_matrix(rows), np.asarray(user_indices),
                              getattr(self, "_recency", None))
        total = np.asarray(weights.sum(axis=1)).ravel()
        scale = np.divide(1.0, total, out=np.zeros_like(total), where=total > 0)
        weights = sp.csr_matrix(sp.diags(scale) @ weights, dtype=np.float32)
        return sp.csr_matrix(weights @ self.item_vectors)

    def score_rows(self, rows: sp.csr_matrix, user_indices: np.ndarray) -> np.ndarray:
        prof = self.profiles(rows, user_indices)
        norms = np.sqrt(np.asarray(prof.multiply(prof).sum(axis=1)).ravel())
        inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        scores = np.asarray((sp.diags(inv.astype(np.float32)) @ prof @ self.item_vectors.T)
                            .toarray(), dtype=np.float32)
        empty = norms == 0
        if empty.any():  # nothing to compare with: most popular first (below any cosine)
            scores[empty] = 1e-3 * self.popularity / max(self.popularity.max(), 1.0)
        return scores

    def feature_contributions(
        self, row: sp.csr_matrix, user_index: int, item_index: int
    ) -> np.ndarray:
        """Per feature, its share of the item's cosine score (they sum to the score)."""
        prof = self.profiles(row, np.array([user_index])).toarray()[0]
        norm = np.linalg.norm(prof)
        item = self.item_vectors[item_index].toarray()[0]
        return prof * item / norm if norm > 0 else np.zeros_like(prof)

    def explain(self, row: sp.csr_matrix, user_index: int, item_index: int) -> Explanation:
        contrib = self.feature_contributions(sp.csr_matrix(row), user_index, item_index)
        order = np.argsort(-contrib, kind="stable")[:EXPLAIN_TOP]
        order = order[contrib[order] > 0]
        if not len(order):
            if not self.item_vectors[item_index].nnz:
                why = "it has no genres, tags or title words to compare"
            else:
                why = "none of its features are among those of your items"
            return Explanation("popularity", (), f"{why}; popular with "
                                                 f"{int(self.popularity[item_index])} users")
        names = [str(self.feature_names[f]) for f in order]
        kinds = [str(self.feature_kinds[f]) for f in order]
        contributors = tuple((n, float(contrib[f])) for n, f in zip(names, order, strict=True))
        return Explanation("features", contributors,
                           f"because you like {describe_features(names, kinds)}")

    # -- persistence (declared state; see core.persistence) ---------------------------------------

    def state_arrays(self) -> dict[str, np.ndarray | sp.csr_matrix]:
        state: dict[str, np.ndarray | sp.csr_matrix] = {
            "item_vectors": self.item_vectors, "feature_names": self.feature_names,
            "feature_kinds": self.feature_kinds, "popularity": self.popularity}
        if self._recency is not None:
            state["recency"] = self._recency
        return state

    def restore_state(self, arrays: dict[str, np.ndarray | sp.csr_matrix]) -> None:
        self.item_vectors = sp.csr_matrix(arrays["item_vectors"], dtype=np.float32)
        self.feature_names = np.asarray(arrays["feature_names"], dtype=str)
        self.feature_kinds = np.asarray(arrays["feature_kinds"], dtype=str)
        self.popularity = np.asarray(arrays["popularity"], dtype=np.float64)
        rec = arrays.get("recency")
        self._recency = None if rec is None else sp.csr_matrix(rec)
