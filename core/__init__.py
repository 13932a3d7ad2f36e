"""RecLab core: interaction data, recommenders, evaluation. No Qt, and no TensorFlow at import."""

from core.errors import DataError, ModelError
from core.interactions import Interactions, ItemInfo
from core.progress import Progress

__all__ = ["DataError", "Interactions", "ItemInfo", "ModelError", "Progress"]
