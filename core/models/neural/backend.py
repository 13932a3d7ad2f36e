"""Import Keras and TensorFlow without freezing the other threads of the process.

A plain ``import tensorflow`` from a worker thread held the GIL for stretches of up to ~0.3 s, so
the desktop app's window froze while a neural model was built for the first time. Measured on
2 cores (a 2 ms ticker thread beside a thread importing Keras): longest gaps 277, 108 and 82 ms
plain; 11 ms with both measures below.

- Python calls ``dlopen`` with the GIL held, and loading ``libtensorflow_cc`` (1 GB) takes
  ~0.25 s. Loading TensorFlow's two C++ libraries first through libc's ``dlopen`` as a ctypes
  foreign call releases the GIL meanwhile; the import then finds them loaded. The flags are
  Python's own (``RTLD_NOW | RTLD_LOCAL``), so symbol resolution is unchanged.
- The import creates hundreds of thousands of objects, so the garbage collector runs full
  collections in the middle of it (50–100 ms each, GIL held). Collection is paused during the
  import, and everything alive afterwards (modules, classes: all of it permanent) is moved out of
  the collector's reach with ``gc.freeze()``, so later collections stay short too.

Both are optimisations: where they do not apply (another platform, libraries not found) the
import simply runs as usual.
"""

from __future__ import annotations

import ctypes
import gc
import importlib.util
import os
import sys
import threading
from pathlib import Path

_LIBRARIES = ("libtensorflow_framework.so*", "libtensorflow_cc.so*")
_lock = threading.Lock()


def load_tensorflow() -> None:
    """Import ``keras`` and ``tensorflow`` (once per process), sparing the other threads."""
    if "keras" in sys.modules and "tensorflow" in sys.modules:
        return
    with _lock:
        _preload_libraries()
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            import keras  # noqa: F401
            import tensorflow  # noqa: F401
        finally:
            gc.freeze()
            if was_enabled:
                gc.enable()


def _preload_libraries() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        spec = importlib.util.find_spec("tensorflow")
        if spec is None or not spec.submodule_search_locations:
            return
        package = Path(next(iter(spec.submodule_search_locations)))
        dlopen = ctypes.CDLL(None).dlopen
        dlopen.restype = ctypes.c_void_p
        dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        for path in (min(package.glob(pattern), default=None) for pattern in _LIBRARIES):
            if path is not None:
                dlopen(os.fsencode(path), os.RTLD_NOW | os.RTLD_LOCAL)
    except (AttributeError, OSError, ImportError, ValueError):
        return
