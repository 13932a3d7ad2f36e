"""Architectural rules: core knows nothing of Qt or gui, and never pays TensorFlow's import."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr  # non-zero when one is broken


def test_importing_core_does_not_import_tensorflow_or_qt():
    code = (
        "import sys, core, core.models, core.interactions;"
        "print(sorted(m for m in ('tensorflow', 'keras', 'PySide6', 'pyqtgraph') "
        "if m in sys.modules))"
    )
    assert _run(code) == "[]"
