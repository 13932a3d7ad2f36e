"""RecLab core: interaction data, recommenders, evaluation. No Qt, and no TensorFlow at import."""

from core.errors import DataError, ModelError
from core.interactions import Interactions, ItemInfo
from core.memory_pages import avoid_huge_page_advice
from core.progress import Progress

avoid_huge_page_advice()

__all__ = ["DataError", "Interactions", "ItemInfo", "ModelError", "Progress"]
