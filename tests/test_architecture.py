"""Architectural rules: core knows nothing of Qt or gui, and never pays TensorFlow's import."""

import re
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
    assert result.returncode == 0, result.stdout + result.stderr
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", result.stdout)
    assert kept is not None, result.stdout
    assert int(kept.group(1)) >= 2 and kept.group(2) == "0"  # core/gui and views-independent


def test_importing_core_does_not_import_tensorflow_or_qt():
    code = (
        "import sys, core, core.models, core.interactions;"
        "print(sorted(m for m in ('tensorflow', 'keras', 'PySide6', 'pyqtgraph') "
        "if m in sys.modules))"
    )
    assert _run(code) == "[]"


def test_every_registered_view_is_in_the_views_independence_contract():
    import tomllib

    from gui.views import VIEWS

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (views,) = [c for c in contracts if c["type"] == "independence"]
    registered = {spec.target.partition(":")[0] for spec in VIEWS.values()}
    assert registered | {"gui.model_panel"} <= set(views["modules"])
    for spec in VIEWS.values():
        assert spec.load().__name__ == spec.target.partition(":")[2]  # a real class, no stub
