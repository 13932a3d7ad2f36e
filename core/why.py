"""The arithmetic behind one recommendation, as plain data: a table of rows and the formula.

``why(model, data, user, item)`` recomputes the score the recommendation list shows, term by
term, with the user's real numbers:

- user-kNN: the neighbours who had the item, each with the similarity's parts (shared items,
  numerator, denominator), the neighbour's value for the item and the product; the products
  add up to the score. The neighbourhood rule is said in words.
- item-kNN: the user's items that point to the recommended item: their weight (value × recency
  weight), the similarity to the item and the product; the products add up to the score.
- linear item-item models (EASE: an items × items ``weights`` / ``item_weights`` matrix, score =
  row weights @ W): the same shape as item-kNN with the learned weights.
- matrix factorisation (``item_factors`` and ``fold_in``): one term per dimension, user factor ×
  item factor.
- content-based (an ``item_features`` / ``item_vectors`` matrix and ``profile(row, user_index)``
  or ``profiles(rows, user_indices)``; score = cosine(profile, item vector)): the shared
  features, profile weight × item weight / norms.
- neural models: gradient × input attributions of the user's items (MLP) or the closeness of the
  user's items to the item in the learned item space (NeuMF), as bars, with the honest note that
  they are attributions, not the model's arithmetic (``exact`` is False).
- popularity: the item's number of users.
- any other model: the contributors its own ``explain`` reports, labelled as not its arithmetic.

When no neighbour shares anything with the user, kNN falls back to popularity (count / max count);
the table then shows that single term.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from core.errors import ModelError
from core.interactions import Interactions
from core.models.knn import entries_towards
from core.phrase import Field, Phrase, join, phrase

MAX_ROWS = 50  # rows listed; the sum always covers every term


@dataclass(frozen=True)
class WhyRow:
    """One term: ``contributor`` (a user, item or feature id), display ``label``, the values of
    the table's ``columns`` in order, and the term's ``contribution`` to the score."""

    contributor: str
    label: str
    values: tuple[float, ...]
    contribution: float


@dataclass(frozen=True)
class Why:
    """The computation of ``score`` for ``item`` recommended to ``user`` by ``model``.

    ``kind``: "users", "items", "features", "attribution" or "popularity" (what rows are).
    ``exact``: the rows' contributions add up to the score (False for attributions).
    ``formula``, ``rule`` and ``note`` are English text; ``formula_parts`` (its lines),
    ``rule_phrase`` and ``note_phrase`` are the same as templates with their values
    (``core.phrase``), for an interface that shows them in another language.
    """

    model: str
    user: str
    item: str
    kind: str
    columns: tuple[str, ...]
    rows: tuple[WhyRow, ...]
    total: float
    score: float
    formula: str
    rule: str = ""
    note: str = ""
    exact: bool = True
    hidden_rows: int = 0  # terms left out of ``rows`` (listed: the largest MAX_ROWS)
    extras: dict[str, float] = field(default_factory=dict)
    formula_parts: tuple[Field, ...] = ()
    rule_phrase: Phrase | None = None
    note_phrase: Phrase | None = None


def _row(contributor: str, label: str, values: Any, contribution: float) -> WhyRow:
    return WhyRow(contributor, label, tuple(float(v) for v in values), float(contribution))


def _item_label(data: Interactions, item: str) -> str:
    return data.item_label(item)


def _score(model: Any, row: sp.csr_matrix, uidx: int, j: int) -> float:
    return float(np.asarray(model.score_rows(row, np.array([uidx])), dtype=np.float64)[0, j])


def _keep(rows: list[WhyRow]) -> tuple[tuple[WhyRow, ...], int]:
    rows.sort(key=lambda r: -abs(r.contribution))
    return tuple(rows[:MAX_ROWS]), max(0, len(rows) - MAX_ROWS)


def why(model: Any, data: Interactions, user: str, item: str) -> Why:
    """The arithmetic behind ``item``'s score for ``user`` (see the module docstring)."""
    if not getattr(model, "is_fitted", False):
        raise ModelError("the model is not trained yet")
    if item not in model.item_ids:
        raise ModelError(f"item {item!r} is not in the model's training data")
    row = sp.csr_matrix(data.row_vectors([user], model.item_ids))
    uidx = model.training_user_index(user)
    j = model.item_ids.index(item)
    score = _score(model, row, uidx, j)
    ctx = _Context(model, data, user, item, row, uidx, j, score)
    if hasattr(model, "neighbours") and hasattr(model, "_scoring_by_item"):
        return _user_knn(ctx)
    if hasattr(model, "row_weights") and hasattr(model, "similarity_matrix"):
        return _linear_items(ctx, model.similarity_matrix, phrase("similarity"), "item-kNN")
    weights = _item_item_weights(model)
    if weights is not None:
        return _linear_items(ctx, weights, phrase("EASE weight"), model.name or "EASE")
    if getattr(model, "item_factors", None) is not None and hasattr(model, "fold_in"):
        return _factors(ctx)
    if _content_features(model) is not None and (
            hasattr(model, "profile") or hasattr(model, "profiles")):
        return _content(ctx)
    if getattr(model, "network", None) is not None:
        return _neural(ctx)
    if hasattr(model, "counts"):
        return _popularity(ctx, model.counts, exact=True)
    return _reported(ctx)


def _item_item_weights(model: Any) -> Any:
    """A linear item-item model's weights (score = row @ W): ``item_weights``, or a square
    ``weights`` array (EASE)."""
    weights = getattr(model, "item_weights", None)
    if weights is None:
        weights = getattr(model, "weights", None)
    n = len(model.item_ids)
    if weights is not None and getattr(weights, "shape", None) == (n, n):
        return weights
    return None


@dataclass
class _Context:
    model: Any
    data: Interactions
    user: str
    item: str
    row: sp.csr_matrix
    uidx: int
    j: int
    score: float

    def why(self, *, formula: tuple[Field, ...], rule: Phrase | None = None,
            note: Phrase | None = None, **kw: Any) -> Why:
        """The ``Why`` of this context; ``formula`` (lines), ``rule`` and ``note`` as phrases."""
        return Why(model=self.model.name, user=self.user, item=self.item, score=self.score,
                   formula=join(formula), rule=str(rule) if rule else "",
                   note=str(note) if note else "", formula_parts=tuple(formula),
                   rule_phrase=rule, note_phrase=note, **kw)


def _fell_back(ctx: _Context) -> bool:
    """kNN gave this row no positive score at all, so it ranked by popularity instead."""
    raw = ctx.model._score_batch(ctx.row, np.array([ctx.uidx]))
    return not (np.asarray(raw) > 0).any()


def _popularity(ctx: _Context, counts: np.ndarray, *, exact: bool, fallback: bool = False) -> Why:
    count = float(counts[ctx.j])
    if fallback:
        top = float(max(counts.max(), 1.0))
        value = count / top
        formula = phrase("No neighbour shares anything with this user for this list, so the model "
                         "falls back to popularity: score = users of the item / most users of any "
                         "item = {count} / {top} = {value}",
                         count=f"{count:g}", top=f"{top:g}", value=f"{value:.4f}")
        columns = ("users", "most users", "count / max")
        values = (count, top, value)
    else:
        value = count
        formula = phrase("score = number of users who have the item = {count}",
                         count=f"{count:g}")
        columns = ("users",)
        values = (count,)
    rows = (_row(ctx.item, _item_label(ctx.data, ctx.item), values, value),)
    return ctx.why(kind="popularity", columns=columns, rows=rows, total=value, formula=(formula,),
                   exact=exact)


def _user_rule(mode: str, k: int) -> Phrase:
    """user-kNN's neighbourhood rule in words."""
    if mode == "reverse":
        rule = phrase("the users who have you among their own {k} most similar users", k=str(k))
    elif mode == "mutual":
        rule = phrase("users in your {k} most similar who also have you among their {k} most "
                      "similar", k=str(k))
    else:
        rule = phrase("your {k} most similar users (you are never your own neighbour)", k=str(k))
    return phrase("Neighbours: {rule}.", rule=rule)


def _sum_line(terms: list[str], more: bool, total: float) -> str:
    """The arithmetic line "= a × b + c × d + … = total" (numbers only: no words to translate)."""
    return f"= {' + '.join(terms)}{' + …' if more else ''} = {total:.4f}"


def _user_knn(ctx: _Context) -> Why:
    model, cfg = ctx.model, ctx.model.config
    weights = model.neighbours(ctx.row, np.array([ctx.uidx])).toarray()[0].astype(np.float64)
    column = model._scoring_by_item[:, ctx.j].toarray().ravel().astype(np.float64)
    terms = np.flatnonzero((weights != 0) & (column != 0))
    if _fell_back(ctx):
        return _popularity(ctx, model.popularity, exact=True, fallback=True)
    query = sp.csr_matrix(model._sim_input(ctx.row), dtype=np.float64)
    refs = sp.csr_matrix(model._sim_input(model.train_matrix[terms]), dtype=np.float64)
    # stored entries, explicit zeros included (a pearson rating equal to the mean still counts)
    q_bin = sp.csr_matrix((np.ones(query.nnz), query.indices, query.indptr), shape=query.shape)
    r_bin = sp.csr_matrix((np.ones(refs.nnz), refs.indices, refs.indptr), shape=refs.shape)
    shared = np.asarray((r_bin @ q_bin.T).toarray()).ravel()
    if cfg.similarity == "jaccard":
        numerator = shared
        denominator = np.diff(refs.indptr) + query.nnz - shared
    else:
        numerator = np.asarray((refs @ query.T).toarray()).ravel()
        r_norms = np.sqrt(np.asarray(refs.multiply(refs).sum(axis=1)).ravel())
        denominator = float(np.sqrt(query.multiply(query).sum())) * r_norms
    rows = []
    for k, v in enumerate(terms):
        product = weights[v] * column[v]
        rows.append(_row(
            model.user_ids[v], model.user_ids[v],
            (shared[k], numerator[k], denominator[k], weights[v], column[v], product), product,
        ))
    kept, hidden = _keep(rows)
    total = float(sum(r.contribution for r in rows))
    parts: Field = {"cosine": "a·b / (‖a‖ ‖b‖)", "jaccard": "|a ∩ b| / |a ∪ b|"}.get(
        cfg.similarity) or phrase("centred a·b / (‖a‖ ‖b‖), ratings minus each user's mean")
    shrink = (phrase("; × shared / (shared + {shrinkage}) (shrinkage)",
                     shrinkage=f"{cfg.shrinkage:g}") if cfg.shrinkage > 0 else "")
    overlap = (phrase("; pairs sharing fewer than {n} items count 0", n=str(cfg.min_overlap))
               if cfg.min_overlap > 1 else "")
    formula = (
        phrase("score = Σ over neighbours v who have the item of sim(you, v) × value(v, item)"),
        phrase("sim = {similarity}: {parts}{shrink}{overlap}", similarity=cfg.similarity,
               parts=parts, shrink=shrink, overlap=overlap),
        _sum_line([f"{r.values[3]:.4f} × {r.values[4]:g}" for r in kept[:6]], len(kept) > 6,
                  total),
    )
    mode = getattr(model, "_mode", cfg.neighbourhood)  # user-kNN resolves "auto" to top-k
    rule = _user_rule(mode, cfg.k)
    return ctx.why(
        kind="users",
        columns=("shared items", "numerator", "denominator", "similarity", "value", "product"),
        rows=kept, total=total, formula=formula, rule=rule, hidden_rows=hidden,
    )


def _linear_items(ctx: _Context, matrix: Any, weight_name: Phrase, label: str) -> Why:
    model = ctx.model
    if hasattr(model, "row_weights"):
        weights = sp.csr_matrix(model.row_weights(ctx.row, np.array([ctx.uidx])))
    else:
        weights = sp.csr_matrix(ctx.row, dtype=np.float64)
    values = sp.csr_matrix(ctx.row, dtype=np.float64)
    config = getattr(model, "config", None)
    if not getattr(model, "_ratings", getattr(config, "use_ratings", False)):
        values.data = np.ones_like(values.data)  # the model counts every interaction as 1
    own = weights.indices
    towards = entries_towards(matrix, own, ctx.j).astype(np.float64)
    w = weights.data.astype(np.float64)
    raw = values.toarray()[0][own]
    terms = [p for p in range(len(own)) if towards[p] != 0 and w[p] != 0]
    if hasattr(model, "_score_batch") and hasattr(model, "popularity") and _fell_back(ctx):
        return _popularity(ctx, model.popularity, exact=True, fallback=True)
    rows = []
    for p in terms:
        i = own[p]
        recency = w[p] / raw[p] if raw[p] else 1.0
        product = w[p] * towards[p]
        rows.append(_row(model.item_ids[i], _item_label(ctx.data, model.item_ids[i]),
                           (raw[p], recency, w[p], towards[p], product), product))
    kept, hidden = _keep(rows)
    total = float(sum(r.contribution for r in rows))
    recency_on = getattr(getattr(model, "config", None), "recency", 0) and any(
        abs(r.values[1] - 1) > 1e-9 for r in rows)
    weight_text = (phrase("value × recency weight exp(−r / τ)") if recency_on
                   else phrase("value"))
    formula = (
        phrase("score = Σ over your items j of weight(j) × {weight_name}(j → item)",
               weight_name=weight_name),
        phrase("weight = {weight}", weight=weight_text),
        _sum_line([f"{r.values[2]:.4g} × {r.values[3]:.4f}" for r in kept[:6]], len(kept) > 6,
                  total),
    )
    rule = None
    cfg = getattr(model, "config", None)
    # item-kNN resolves "auto" at fit time; a model loaded from a file keeps only the result
    mode = getattr(model, "neighbourhood", None) or getattr(cfg, "neighbourhood", None)
    if label == "item-kNN" and cfg is not None and mode in ("top-k", "reverse", "mutual"):
        k = str(cfg.k)
        if mode == "reverse":
            rule = phrase("Your items count for the recommended item when it is among their own "
                          "{k} nearest.", k=k)
        elif mode == "mutual":
            rule = phrase("Both: your item is among the item's {k} nearest and vice versa.", k=k)
        else:
            rule = phrase("Each item keeps its {k} most similar items; the recommended item is "
                          "scored from its own {k} nearest.", k=k)
    return ctx.why(
        kind="items", columns=("value", "recency weight", "weight", str(weight_name), "product"),
        rows=kept, total=total, formula=formula, rule=rule, hidden_rows=hidden,
    )


def _factors(ctx: _Context) -> Why:
    """Matrix factorisation: score = user factor · item factor, one term per dimension."""
    model = ctx.model
    x = np.asarray(model.fold_in(ctx.row, np.array([ctx.uidx])), dtype=np.float64)[0]
    y = np.asarray(model.item_factors, dtype=np.float64)[ctx.j]
    if not ctx.row.nnz:
        return _popularity(ctx, model.popularity, exact=True, fallback=True)
    rows = [_row(f"factor {f + 1}", f"factor {f + 1}", (x[f], y[f], x[f] * y[f]), x[f] * y[f])
            for f in range(len(x))]
    kept, hidden = _keep(rows)
    total = float(sum(r.contribution for r in rows))
    formula = (
        phrase("score = your factor · the item's factor = Σ over dimensions f of x(f) × y(f)"),
        phrase("your factor x is solved from your row with the item factors fixed (fold-in)"),
        f"= {total:.4f}",
    )
    return ctx.why(kind="factors", columns=("you", "item", "product"), rows=kept, total=total,
                   formula=formula, hidden_rows=hidden)


def _content_features(model: Any) -> Any:
    """A content model's items × features matrix: ``item_features``, or an ``item_vectors``
    matrix attribute (not NeuMF's ``item_vectors()`` method)."""
    for name in ("item_features", "item_vectors"):
        value = getattr(model, name, None)
        if value is not None and not callable(value) and getattr(value, "ndim", 0) == 2:
            return value
    return None


def _profile(model: Any, row: sp.csr_matrix, uidx: int) -> np.ndarray:
    if hasattr(model, "profile"):
        profile = model.profile(row, uidx)
    else:
        profile = model.profiles(row, np.array([uidx]))
    if sp.issparse(profile):
        profile = profile.toarray()
    return np.asarray(profile, dtype=np.float64).ravel()


def _content(ctx: _Context) -> Why:
    model = ctx.model
    profile = _profile(model, ctx.row, ctx.uidx)
    features = _content_features(model)
    x = (np.asarray(features[ctx.j].toarray(), dtype=np.float64).ravel() if sp.issparse(features)
         else np.asarray(features, dtype=np.float64)[ctx.j])
    p_norm, x_norm = float(np.linalg.norm(profile)), float(np.linalg.norm(x))
    if p_norm == 0:
        return _reported(ctx)  # no profile to compare with: the model's own fallback
    names = list(getattr(model, "feature_names", [])) or [f"f{k}" for k in range(len(x))]
    denominator = p_norm * x_norm
    rows = []
    for f in np.flatnonzero((profile != 0) & (x != 0)):
        product = profile[f] * x[f] / denominator if denominator else 0.0
        rows.append(_row(names[f], names[f], (profile[f], x[f], product), product))
    kept, hidden = _keep(rows)
    total = float(sum(r.contribution for r in rows))
    formula = (
        phrase("score = cosine(profile, item) = Σ over shared features f of profile(f) × item(f)"
               " / (‖profile‖ ‖item‖)"),
        phrase("‖profile‖ = {profile}, ‖item‖ = {item} → Σ = {total}", profile=f"{p_norm:.4f}",
               item=f"{x_norm:.4f}", total=f"{total:.4f}"),
    )
    return ctx.why(kind="features", columns=("profile", "item", "term"), rows=kept,
                   total=total, formula=formula, hidden_rows=hidden,
                   rule=phrase("Your profile: the mean of your items' feature vectors."))


def _reported(ctx: _Context) -> Why:
    """A model without a term-by-term breakdown: the contributors its own ``explain`` reports."""
    model = ctx.model
    explanation = model.explain(ctx.row, ctx.uidx, ctx.j)
    rows = []
    for key, weight in explanation.contributors:
        label = _item_label(ctx.data, key) if key in model.item_ids else key
        rows.append(_row(key, label, (weight,), weight))
    kept, hidden = _keep(rows)
    return ctx.why(
        kind="attribution", columns=("weight",), rows=kept,
        total=float(sum(r.contribution for r in rows)),
        # the model's own reason, translated in the GUI as recommendation reasons are
        formula=(phrase("{explanation}", explanation=explanation.text),),
        exact=False, hidden_rows=hidden,
        note=phrase("{model} has no term-by-term breakdown here: these are the contributors its "
                    "own explanation reports, not its arithmetic.",
                    model=model.name or phrase("This model")),
    )


def _neural(ctx: _Context) -> Why:
    model = ctx.model
    items = ctx.row.indices
    layers = getattr(model, "_layers", None)
    if not hasattr(model, "_rows_in") and not (layers is not None and "gmf_item" in layers):
        return _reported(ctx)  # e.g. a sequence model: its own attribution over the sequence
    if hasattr(model, "_rows_in"):  # MLP: gradient × input on the (normalised) input row
        import tensorflow as tf

        x = tf.constant(model._input(model._rows_in(ctx.row, np.array([ctx.uidx]))))
        with tf.GradientTape() as tape:
            tape.watch(x)
            logit = model.network(x, training=False)[0, ctx.j]
        attribution = (tape.gradient(logit, x).numpy() * x.numpy())[0, items]
        columns = ("input", "gradient × input")
        inputs = x.numpy()[0, items]
        values = [(float(inputs[p]), float(attribution[p])) for p in range(len(items))]
        formula = (
            phrase("attribution(j) = ∂ logit(item) / ∂ x_j × x_j over your (normalised) input "
                   "row"),
            phrase("The logit is a non-linear function of the row, so these do not add up to it."),
        )
    else:  # NeuMF: the user's items by closeness to the item in the learned item space
        from core.models.similar import representation, similarity_row

        sims = similarity_row(representation(model, "items"), ctx.j)[items]
        attribution = sims
        columns = ("cosine in item space",)
        values = [(float(s),) for s in sims]
        formula = (phrase("NeuMF scores from your learned user embedding, not from your items; the "
                          "bars show how close each of your items lies to this one in the model's "
                          "item space (GMF + MLP embeddings, cosine)."),)
    rows = [_row(model.item_ids[i], _item_label(ctx.data, model.item_ids[i]), values[p],
                   float(attribution[p])) for p, i in enumerate(items)]
    kept, hidden = _keep(rows)
    return ctx.why(
        kind="attribution", columns=columns, rows=kept,
        total=float(sum(r.contribution for r in rows)), formula=formula, exact=False,
        note=phrase("An attribution, not the model's arithmetic: it says which of your items "
                    "pushed this score, not how the network computed it."), hidden_rows=hidden,
    )
