"""The interface translations: catalogue complete and current, language switching, fonts.

The catalogue checks parse assets/i18n/*.ts with the standard library's XML parser and rerun
lupdate (the tool PySide6 ships) over gui/ into a copy, so a text added to the GUI without a
translation fails here, as does a catalogue entry whose text vanished from the code.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gui import i18n_tools

ROOT = Path(__file__).resolve().parents[1]
TS = i18n_tools.catalogue("zh_CN")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%n|%L?\d")
SHORTCUT = re.compile(r"(?<!&)&(?![&\s])")  # "&File" marks a shortcut; "A & B", "&&" do not
TR_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
PASS_THROUGH = {"translate_marked"}  # gui.i18n: texts marked with QT_TRANSLATE_NOOP elsewhere


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) for every message of a .ts file."""
    root = ET.parse(path).getroot()
    out = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            out.append((name, message.findtext("source"), message))
    return out


def translation_texts(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def test_catalogue_declares_its_languages():
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    assert root.get("sourcelanguage") == "en"


def test_every_text_has_a_finished_translation():
    missing = []
    for context, source, message in messages(TS):
        kind = message.find("translation").get("type")
        texts = translation_texts(message)
        if kind in ("unfinished", "obsolete", "vanished") or not all(t.strip() for t in texts):
            missing.append(f"{context}: {source!r} ({kind or 'empty'})")
    assert not missing, "untranslated texts in " + TS.name + ":\n" + "\n".join(missing)


def test_translations_keep_placeholders_and_shortcut_markers():
    wrong = []
    for context, source, message in messages(TS):
        wanted = sorted(PLACEHOLDER.findall(source))
        for text in translation_texts(message):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{context}: {source!r} -> {text!r}")
            if SHORTCUT.search(source) and not SHORTCUT.search(text):
                wrong.append(f"{context}: {source!r} -> {text!r} lost its & shortcut")
    assert not wrong, "\n".join(wrong)


def test_catalogue_is_current_with_the_code(tmp_path):
    """lupdate over gui/ finds no new text and no vanished one (run `make translations`)."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    i18n_tools.lupdate(copy, "zh_CN")
    before = {(c, s) for c, s, _ in messages(TS)}
    after = {(c, s): m for c, s, m in messages(copy)}
    new = sorted(k for k, m in after.items()
                 if k not in before or m.find("translation").get("type") == "unfinished")
    gone = sorted(before - set(after))
    assert not new, f"texts in gui/ missing from {TS.name} (run `make translations`): {new}"
    assert not gone, f"obsolete entries in {TS.name} (run `make translations`): {gone}"


def test_core_texts_list_is_current():
    """gui/_core_texts.py lists exactly the texts core's registries give the GUI today."""
    expected = i18n_tools.core_texts_source(i18n_tools.core_texts())
    assert i18n_tools.CORE_TEXTS_FILE.read_text(encoding="utf-8") == expected, (
        "core's labels/help changed: run `make translations` and translate the new texts")


def test_core_texts_cover_models_splits_and_samples():
    from core.samples import SAMPLES

    texts = set(i18n_tools.core_texts())
    assert set(SAMPLES) <= texts
    assert set(SAMPLES.values()) <= texts


def _tr_calls_with_computed_text(path: Path) -> list[str]:
    """Calls like ``self.tr(f"...")`` or ``tr(x)``: lupdate cannot extract them."""
    bad = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for f in ast.walk(tree)
               if isinstance(f, ast.FunctionDef) and f.name in PASS_THROUGH for n in ast.walk(f)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args or id(node) in skipped:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "tr" and isinstance(func, ast.Name):
            # lupdate reads a bare tr("a", "b") as QObject.tr(text="a", comment="b"): an alias
            # of QCoreApplication.translate must be called ``translate``.
            bad.append(f"{path.name}:{node.lineno}")
            continue
        if name not in TR_CALLS:
            continue
        text = node.args[1] if name in ("translate", "QT_TRANSLATE_NOOP") else node.args[0]
        if name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) < 2:
            continue
        if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
            bad.append(f"{path.name}:{node.lineno}")
    return bad


def test_translated_texts_are_literals():
    """A translated text must be a plain string literal (format values in afterwards)."""
    bad = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        bad.extend(_tr_calls_with_computed_text(path))
    assert not bad, "tr()/translate() with a computed text (use .format after tr):\n" + "\n".join(
        bad)


def test_computed_text_check_finds_fstrings(tmp_path):
    source = tmp_path / "panel.py"
    source.write_text('class P:\n    def a(self, n):\n        self.tr("ok {n}").format(n=n)\n'
                      '        self.tr(f"bad {n}")\n'
                      '        QCoreApplication.translate("ctx", "x" + str(n))\n'
                      '        tr = QCoreApplication.translate\n'
                      '        tr("ctx", "read as a comment by lupdate")\n')
    assert _tr_calls_with_computed_text(source) == ["panel.py:4", "panel.py:5", "panel.py:7"]


def test_catalogue_compiles_and_loads(tmp_path):
    from PySide6.QtCore import QTranslator

    qm = tmp_path / "reclab_zh_CN.qm"
    i18n_tools.compile_ts(TS, qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("LanguageMenu", "&Language") == "语言(&L)"


# -- choosing and switching ------------------------------------------------------------------


@pytest.fixture
def english_after(qapp):
    """Leave the application in English whatever the test switched to."""
    from gui import i18n

    yield i18n.manager()
    i18n.manager().apply(i18n.ENGLISH)
    qapp.processEvents()


def test_language_for_locale():
    from PySide6.QtCore import QLocale

    from gui.i18n import CHINESE, ENGLISH, language_for_locale

    assert language_for_locale(QLocale("zh_CN")) == CHINESE
    assert language_for_locale(QLocale("zh_TW")) == CHINESE
    assert language_for_locale(QLocale("de_DE")) == ENGLISH
    assert language_for_locale(QLocale("en_GB")) == ENGLISH


def test_chinese_installs_qt_standard_translations(qtbot, english_after):
    from PySide6.QtWidgets import QDialogButtonBox

    assert english_after.apply("zh_CN") == "zh_CN"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    english_after.apply("en")
    box2 = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box2)
    assert box2.buttons()[0].text() == "Cancel"


def test_language_menu_switches_and_remembers(qtbot, qapp, english_after):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow

    from gui import i18n

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = i18n.language_menu(window)
    window.menuBar().addMenu(menu)
    assert menu.title() == "&Language"
    assert [a.text() for a in menu.actions() if not a.isSeparator()][1:] == ["English", "简体中文"]

    menu.actions_by_choice["zh_CN"].trigger()
    qapp.processEvents()
    assert english_after.language == "zh_CN"
    assert QSettings().value(i18n.SETTINGS_KEY) == "zh_CN"
    assert i18n.stored_choice() == "zh_CN"
    assert menu.title() == "语言(&L)"  # retranslated by the LanguageChange event
    assert menu.actions_by_choice["zh_CN"].isChecked()

    menu.actions_by_choice["en"].trigger()
    qapp.processEvents()
    assert menu.title() == "&Language"
    assert i18n.stored_choice() == "en"


def test_core_texts_translate(english_after):
    from core.samples import SAMPLES
    from gui.i18n import core_tr

    name = next(iter(SAMPLES))
    assert core_tr(name) == name
    english_after.apply("zh_CN")
    assert core_tr(name) != name
    assert core_tr("a text core never had") == "a text core never had"


def test_missing_cjk_font_is_reported_once(qtbot, qapp, english_after, monkeypatch):
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QMainWindow

    from gui import i18n

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: []))
    window = QMainWindow()
    qtbot.addWidget(window)
    i18n.warn_about_fonts(window)
    assert window.statusBar().currentMessage() == ""  # English needs no CJK font
    english_after.apply("zh_CN")
    assert "fonts-noto-cjk" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    english_after.apply("en")
    english_after.apply("zh_CN")
    assert window.statusBar().currentMessage() == ""  # said once


def test_cjk_font_present_means_no_warning(english_after, monkeypatch):
    from PySide6.QtGui import QFontDatabase

    from gui import i18n

    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: ["Noto Sans CJK SC"]))
    english_after.apply("zh_CN")
    assert i18n.font_warning() == ""


def test_system_chinese_locale_starts_in_chinese(tmp_path):
    """``LANG=zh_CN.UTF-8 python main.py`` starts in Chinese (checked in a fresh process)."""
    code = (
        "from gui.app import create_application\n"
        "from gui.i18n import install_language\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "app = create_application()\n"
        "mgr = install_language()\n"
        "print(mgr.choice, mgr.language, QCoreApplication.translate('QPlatformTheme', 'Cancel'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE"))}
    env.update(LANG="zh_CN.UTF-8", QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               HOME=str(tmp_path), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["system", "zh_CN", "取消"]


# -- every user-visible text goes through tr() ------------------------------------------------

# Qt calls whose string arguments a user reads. A literal or f-string with letters passed to one
# of them, not wrapped in tr()/translate(), is an untranslated text.
UI_CALLS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle", "setTitle",
    "setPlaceholderText", "setLabelText", "addTab", "insertTab", "setTabText", "setTabToolTip",
    "addMenu", "addAction", "QAction", "QLabel", "QPushButton", "QCheckBox", "QRadioButton",
    "QGroupBox", "QDockWidget", "QToolBar", "QMenu", "showMessage", "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels", "warning", "critical", "information", "question", "about",
    "setLabel", "addItem", "addItems", "setItemText", "setIconText", "setSuffix", "setPrefix",
    "setSpecialValueText", "addRow", "setInformativeText", "setDetailedText", "getOpenFileName",
    "getSaveFileName", "getExistingDirectory", "setNameFilter", "setNameFilters",
    "setFormat", "addButton", "setHeaderLabels", "setWindowIconText",
}
UI_KEYWORDS = {"name", "title", "text", "tooltip", "toolTip", "labelText"}
# Arguments that are not text: pyqtgraph axis names, combo-box item data, a dialog's start file.
SKIP_ARGS = {"setLabel": {0}, "addItem": {1}, "insertItem": {0, 2}, "getSaveFileName": {2},
             "getOpenFileName": {2}, "getExistingDirectory": {2}, "addTab": {0},
             "insertTab": {0, 1}, "setTabText": {0}, "setTabToolTip": {0}, "setItemText": {0},
             "showMessage": {1}, "addRow": {1}}
LOGGERS = {"log", "logger", "logging", "warnings"}
NOT_TEXT = re.compile(r"^[\W\d_]*$|^(RecLab|English|简体中文|%p%|HR@10|NDCG@10|K|k)$"
                      r"|^[\w.{}-]+\.[a-z]{2,6}$")  # file names: "training.png"


def _is_visible_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return not NOT_TEXT.match(node.value)
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values
                          if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return bool(re.search(r"[A-Za-z]{2}", literal)) and not NOT_TEXT.match(literal)
    return False


def untranslated_texts(path: Path) -> list[str]:
    """``file:line: text`` for each literal text given straight to a Qt call that shows it."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func, "value", None)
        if isinstance(owner, ast.Name) and owner.id in LOGGERS:
            continue
        skip = SKIP_ARGS.get(name, set())
        candidates = ([a for i, a in enumerate(node.args) if i not in skip]
                      if name in UI_CALLS else [])
        candidates += [kw.value for kw in node.keywords if kw.arg in UI_KEYWORDS]
        for arg in candidates:
            if _is_visible_text(arg):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)[:60]}")
    return found


def test_untranslated_text_check_finds_literals(tmp_path):
    source = tmp_path / "panel.py"
    source.write_text('def f(w, n):\n    w.setToolTip(self.tr("ok"))\n'
                      '    w.setText("Train")\n    w.showMessage(f"Opened {n}")\n'
                      '    w.setText("—")\n    w.setObjectName("trainButton")\n'
                      '    plot.setLabel("left", "loss")\n    log.warning("could not %s", x)\n'
                      '    QFileDialog.getSaveFileName(w, self.tr("Save"), "out.csv", "")\n')
    assert untranslated_texts(source) == [
        "panel.py:3: 'Train'", "panel.py:4: f'Opened {n}'", "panel.py:7: 'loss'"]


def test_gui_texts_go_through_tr():
    found = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        found.extend(untranslated_texts(path))
    assert not found, "texts shown without tr():\n" + "\n".join(found)


# -- sentences core composes ------------------------------------------------------------------


def test_template_pattern_matches_fields_lazily():
    from gui.core_messages import template_pattern

    m = template_pattern("because you liked {names}").fullmatch("because you liked a, b (1.0)")
    assert m and m.group("names") == "a, b (1.0)"
    assert template_pattern("popular with {n} user").fullmatch("popular with 3 users") is None


@pytest.mark.parametrize("model", ["popularity", "user-knn", "item-knn"])
def test_core_explanations_translate(model, english_after):
    """Every reason the classic models give on the seed example has a Chinese template."""
    from core.models import create_model
    from core.samples import seed_example
    from gui.core_messages import explanation_text

    data = seed_example()
    fitted = create_model(model)
    fitted.fit(data)
    reasons = [r.explanation.text for user in data.user_ids
               for r in fitted.recommend(data, user, k=5) if r.explanation]
    assert reasons
    assert [explanation_text(t) for t in reasons] == reasons  # English: unchanged
    english_after.apply("zh_CN")
    for text in reasons:
        translated = explanation_text(text)
        assert translated != text
        assert not re.search(r"\b(because|popular|liked|similar)\b", translated), translated


def test_seed_example_user_reason_in_chinese(english_after):
    """The worked example of README.zh-CN.md: user-kNN recommends item4 to user1."""
    from core.models import create_model
    from core.samples import seed_example
    from gui.core_messages import explanation_text

    data = seed_example()
    model = create_model("user-knn")
    model.fit(data)
    top = model.recommend(data, "user1", k=2)
    assert [r.item for r in top] == ["item4", "item5"]
    english_after.apply("zh_CN")
    assert explanation_text(top[0].explanation.text) == (
        "因为相似的用户 user2 (0.67), user3 (0.33) 喜欢它")


def test_data_error_frame_translates(english_after):
    from core.errors import DataError
    from gui.core_messages import error_text

    message = str(DataError("expected 2 columns, got 1", "评分.csv", 12))
    assert error_text(message) == message
    english_after.apply("zh_CN")
    assert error_text(message) == "评分.csv，第 12 行：expected 2 columns, got 1"
    assert error_text("something else") == "something else"


def test_follow_language_retranslates_until_the_owner_is_gone(qtbot, english_after):
    import shiboken6
    from PySide6.QtGui import QAction

    from gui.i18n import core_tr, follow_language

    action = QAction()
    name = "Seed example"
    follow_language(action, lambda: action.setText(core_tr(name)))
    english_after.apply("zh_CN")
    assert action.text() == "入门示例"
    english_after.apply("en")
    assert action.text() == name
    shiboken6.delete(action)
    english_after.apply("zh_CN")  # the owner is gone: nothing is called, nothing crashes
