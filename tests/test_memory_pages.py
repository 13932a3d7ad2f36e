"""numpy's huge-page advice is off once core is imported, unless asked to keep it."""

import subprocess
import sys

SCRIPT = ("import core, numpy._core.multiarray as m; "
          "before = m._set_madvise_hugepage(True); print(before)")


def _advice_after_import(env_value: str | None) -> str:
    import os

    env = {k: v for k, v in os.environ.items() if k != "RECLAB_HUGE_PAGES"}
    if env_value is not None:
        env["RECLAB_HUGE_PAGES"] = env_value
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.strip()


def test_importing_core_turns_the_advice_off():
    assert _advice_after_import(None) == "False"


def test_the_environment_can_keep_numpys_default():
    plain = subprocess.run([sys.executable, "-c", "import numpy._core.multiarray as m; "
                            "print(m._set_madvise_hugepage(True))"], capture_output=True,
                           text=True, check=True).stdout.strip()
    assert _advice_after_import("1") == plain
