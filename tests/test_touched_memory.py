"""Zeroed arrays written part by part before use (core.touched_memory)."""

import numpy as np
import pytest

from core import touched_memory


def test_zeros_of_each_shape_and_dtype_with_progress_by_bytes(monkeypatch):
    monkeypatch.setattr(touched_memory, "PART_BYTES", 64)
    fractions = []
    arrays = touched_memory.touched_zeros([((10, 10), np.float64), ((3, 7), np.float32)],
                                          fractions.append)
    assert [(a.shape, a.dtype) for a in arrays] == [((10, 10), np.float64),
                                                    ((3, 7), np.float32)]
    assert all(a.flags.c_contiguous and not a.any() for a in arrays)
    # 800 bytes in parts of 8 float64 (64 bytes), then 84 bytes in parts of 16 float32
    assert len(fractions) == 13 + 2
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert fractions[0] == pytest.approx(64 / 884)


def test_a_stop_between_parts_returns_none(monkeypatch):
    monkeypatch.setattr(touched_memory, "PART_BYTES", 80)
    asked = []
    assert touched_memory.touched_zeros([((100,), np.float64)], None,
                                        lambda: asked.append(1) or len(asked) == 3) is None
    assert len(asked) == 3


def test_empty_shapes_give_empty_arrays():
    fractions = []
    arrays = touched_memory.touched_zeros([((0, 5), np.float64)], fractions.append)
    assert arrays[0].shape == (0, 5) and fractions == []
