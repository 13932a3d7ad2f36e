"""Neural recommenders (Mult-DAE "mlp" and NeuMF "neumf") on TensorFlow/Keras 3.

Importing this package does not import TensorFlow: the configs (``config.py``) and the shared
training loop (``training.py``) are plain Python/numpy; ``mlp.py`` and ``neumf.py`` import Keras
and TensorFlow inside the functions that build, train and run a network. Build, train and
predict a model from one thread (Keras is not thread-safe).
"""

import os

from core.models.neural.config import MLPConfig, NeuMFConfig

# TensorFlow's C++ INFO lines (XLA start-up, "Compiled cluster ...") would fill the CLI's progress
# output; warnings and errors still show. A value the user set is kept.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

__all__ = ["MLPConfig", "NeuMFConfig"]
