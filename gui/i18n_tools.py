"""Build the translations: extract texts (lupdate) and compile catalogues (lrelease).

    python -m gui.i18n_tools compile   # assets/i18n/*.ts -> *.qm   (make setup / run / test)
    python -m gui.i18n_tools update    # core texts -> gui/_core_texts.py, core's error
                                       # messages -> gui/_core_errors.py, then lupdate gui/
                                       # -> assets/i18n/*.ts (new texts arrive "unfinished")

Both run the Qt tools PySide6 ships (``pyside6-lupdate``, ``pyside6-lrelease``; the binaries
sit in the PySide6 package folder), so nothing else needs installing. lupdate reads Python: it
finds ``self.tr("...")``, ``QCoreApplication.translate("context", "...")`` and
``QT_TRANSLATE_NOOP("context", "...")``. Texts that come from ``core`` (which never imports
Qt) are listed in the generated ``gui/_core_texts.py`` so lupdate sees them too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N_DIR = ROOT / "assets" / "i18n"
GUI_DIR = ROOT / "gui"
CORE_TEXTS_FILE = GUI_DIR / "_core_texts.py"
CORE_CONTEXT = "core"
LANGUAGES = ("zh_CN",)  # one catalogue each: assets/i18n/reclab_<language>.ts


def qt_tool(name: str) -> Path:
    """The path of a Qt tool shipped inside the PySide6 package (lupdate, lrelease)."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    exe = folder / (f"{name}.exe" if sys.platform == "win32" else name)
    if not exe.exists():
        raise RuntimeError(f"{name} not found in {folder}: is PySide6-Essentials installed?")
    return exe


def run_tool(name: str, args: Iterable[str]) -> str:
    cmd = [os.fspath(qt_tool(name)), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def compile_ts(ts: Path, qm: Path) -> None:
    """Compile one ``.ts`` into ``qm`` (written atomically: a half-written .qm never loads)."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=qm.stem, suffix=".qm.tmp", dir=qm.parent)
    os.close(fd)
    try:
        run_tool("lrelease", ["-silent", os.fspath(ts), "-qm", tmp])
        os.replace(tmp, qm)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def catalogue(language: str) -> Path:
    return I18N_DIR / f"reclab_{language}.ts"


def catalogues() -> list[Path]:
    return [catalogue(language) for language in LANGUAGES]


def compile_all() -> list[Path]:
    """Compile every catalogue in assets/i18n whose .qm is missing or older than its .ts."""
    built = []
    for ts in catalogues():
        qm = ts.with_suffix(".qm")
        if not ts.exists():
            continue
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            compile_ts(ts, qm)
            built.append(qm)
    return built


def fallback_qm_dir() -> Path:
    """Where the app compiles a catalogue when the one in assets/i18n is missing or stale."""
    user = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"reclab-i18n-{user}"


# -- texts from core ---------------------------------------------------------------------------


def core_texts() -> list[str]:
    """Every English text the GUI shows from ``core``, in a stable order, without duplicates.

    Model families, labels and summaries; each model's parameter labels and help; split labels
    and help; sample names and descriptions; the lessons' presets; the file filter of supported
    data files; the map's projection methods.
    """
    from core import models

    texts: list[str] = []
    texts.extend(getattr(models, "FAMILIES", {}).values())
    try:
        from core.models.params import param_specs
    except ImportError:  # before the parameter metadata existed
        param_specs = None
    for name, info in models.MODELS.items():
        texts.extend(getattr(info, attr, None) for attr in ("label", "summary"))
        config = getattr(models.model_class(name), "Config", None)
        if param_specs is not None and config is not None:
            for pf in param_specs(config):
                texts.extend((pf.spec.label, pf.spec.help))
    from core.evaluation import splits

    for info in getattr(splits, "SPLITS", {}).values():
        texts.extend(getattr(info, attr, None) for attr in ("label", "help"))
    from core.samples import SAMPLES

    for name, description in SAMPLES.items():
        texts.extend((name, description))
    from core.presets import PRESETS

    for preset in PRESETS.values():
        texts.extend((preset.label, preset.description))
    from core import io

    texts.append(getattr(io, "SUPPORTED_DESCRIPTION", None))  # the Open dialog's file filter
    from core.embedding_map import METHODS as MAP_METHODS

    texts.extend(MAP_METHODS.values())
    seen: dict[str, None] = {}
    for text in texts:
        if isinstance(text, str) and text.strip():
            seen.setdefault(text, None)
    return list(seen)


def noop_lines(context: str, texts: Iterable[str], width: int) -> list[str]:
    """``QT_TRANSLATE_NOOP(context, text),`` lines for a generated module, a text longer than
    ``width`` characters split into adjacent string literals."""
    lines = []
    for text in texts:
        whole = json.dumps(text, ensure_ascii=False)
        parts = [json.dumps(p, ensure_ascii=False) for p in _chunks(text)]
        if len(whole) <= width or len(parts) == 1:
            lines.append(f'    QT_TRANSLATE_NOOP("{context}", {whole}),')
        else:
            lines.append(f'    QT_TRANSLATE_NOOP("{context}",')
            lines.extend(f"                      {p}" for p in parts[:-1])
            lines.append(f"                      {parts[-1]}),")
    return lines


def _chunks(text: str, width: int = 60) -> list[str]:
    """``text`` cut after spaces into pieces of about ``width`` (joined they give ``text``)."""
    pieces, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) > width:
            pieces.append(current + " ")
            current = word
        else:
            current = candidate
    pieces.append(current)
    return pieces


def core_texts_source(texts: Iterable[str]) -> str:
    lines = [
        '"""Texts shown in the GUI that come from core, listed for pyside6-lupdate.',
        "",
        "Generated by ``python -m gui.i18n_tools update`` from core's registries (models and",
        "their parameters, splits, samples); do not edit. The GUI shows them with",
        "``gui.i18n.core_tr(text)``; their translations live in assets/i18n/*.ts, context"
        f' "{CORE_CONTEXT}".',
        '"""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "CORE_TEXTS = (",
    ]
    lines.extend(noop_lines(CORE_CONTEXT, texts, 66))
    lines.append(")")
    return "\n".join(lines) + "\n"


def write_core_texts() -> bool:
    """Regenerate gui/_core_texts.py; True when it changed."""
    source = core_texts_source(core_texts())
    old = CORE_TEXTS_FILE.read_text(encoding="utf-8") if CORE_TEXTS_FILE.exists() else ""
    if old == source:
        return False
    CORE_TEXTS_FILE.write_text(source, encoding="utf-8")
    return True


def lupdate(ts: Path, language: str, sources: Path = GUI_DIR) -> str:
    """Merge the texts found in ``sources`` into ``ts``; drop texts no longer used.

    New texts arrive as "unfinished"; a text whose English changed keeps its old translation
    as an unfinished suggestion. No source locations are stored (line numbers would make every
    edit of gui/ change the catalogue).
    """
    args = ["-extensions", "py", "-no-obsolete", "-locations", "none",
            "-source-language", "en", "-target-language", language,
            os.fspath(sources), "-ts", os.fspath(ts)]
    return run_tool("lupdate", args)


def update() -> None:
    from gui.core_error_scan import write_errors

    write_core_texts()
    write_errors()
    I18N_DIR.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        print(lupdate(catalogue(language), language), end="")
    compile_all()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv else "compile"
    if command == "compile":
        for qm in compile_all():
            print(f"compiled {qm.relative_to(ROOT)}")
        return 0
    if command == "update":
        update()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
