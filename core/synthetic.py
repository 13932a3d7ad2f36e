"""Named, seeded benchmark shapes beyond MovieLens (our own generator, no third-party data).

Every shape is ``core.samples.generate`` at a given size: users drawn from latent taste groups
(planted structure, so accuracy can be measured), Zipf-like item popularity, long-tailed user
activity. What differs is size, density and whether timestamps exist:

- ``long-tail``: 2,000 users × 20,000 items × 100,000 interactions (0.25 % dense), no timestamps
  — a listening or click log.
- ``shop``: 100,000 users × 50,000 items × 2,000,000 interactions (0.04 % dense), no timestamps.
- ``ml-1m``: 6,040 × 3,706 × 1,000,000 with timestamps (MovieLens-1M's shape).
- ``ml-20m``: 138,493 × 26,744 × 20,000,000 with timestamps (MovieLens-20M's shape).
- ``planted``: 3,000 × 10,000 × 60,000, no timestamps, few sharp groups — for accuracy on sparse
  data where the right answer is known to exist.

``shape_data(name, scale=...)`` scales users, items and interactions together (scale 0.1 of
"shop" keeps its density per user) for quick runs and tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.interactions import Interactions
from core.samples import generate


@dataclass(frozen=True)
class Shape:
    n_users: int
    n_items: int
    n_interactions: int
    timestamps: bool
    n_groups: int = 12
    zipf: float = 0.9
    note: str = ""


SHAPES: dict[str, Shape] = {
    "long-tail": Shape(2_000, 20_000, 100_000, False, 24, 1.0,
                       "listening/click log: wide catalogue, 0.25 % dense"),
    "shop": Shape(100_000, 50_000, 2_000_000, False, 40, 1.0,
                  "shop log: many users, 0.04 % dense"),
    "ml-1m": Shape(6_040, 3_706, 1_000_000, True, 12, 0.9, "MovieLens-1M's shape"),
    "ml-20m": Shape(138_493, 26_744, 20_000_000, True, 12, 0.9, "MovieLens-20M's shape"),
    "planted": Shape(3_000, 10_000, 60_000, False, 30, 0.8,
                     "sparse, users from sharp latent groups (accuracy)"),
}


def shape_size(name: str, scale: float = 1.0) -> tuple[int, int, int]:
    """(users, items, interactions) of shape ``name`` scaled by ``scale`` (each at least 1)."""
    s = SHAPES[name]
    return (max(1, round(s.n_users * scale)), max(1, round(s.n_items * scale)),
            max(1, round(s.n_interactions * scale)))


def shape_data(name: str, *, scale: float = 1.0, seed: int = 0) -> Interactions:
    """The generated table of shape ``name`` (see the module docstring); deterministic in seed."""
    if name not in SHAPES:
        raise KeyError(f"unknown shape {name!r}; choose one of {', '.join(SHAPES)}")
    s = SHAPES[name]
    n_users, n_items, nnz = shape_size(name, scale)
    data = generate(n_users, n_items, nnz, seed=seed, titles=False,
                    n_groups=s.n_groups, zipf=s.zipf)
    if not s.timestamps:
        data.timestamps = None
    data.name = f"{name} ({n_users}×{n_items}, {data.nnz} interactions)"
    return data
