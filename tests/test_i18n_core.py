"""Core's own sentences in Chinese: error messages (every raise site in core, found by reading
its source), the Why? panel's formula, rule and note, and the cold-item note.

Core stays plain English and Qt-free; the GUI translates by template (``gui.core_messages``).
These tests fail when a raise site is added to core without a translation, when core's English
changes under a phrase, or when a sentence still shows English in the Chinese interface.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from gui import core_error_scan, i18n_tools

HAN = re.compile(r"[\u4e00-\u9fff]")
# English words a Chinese sentence must no longer contain (identifiers and maths may stay).
ENGLISH = re.compile(r"\b(the|who|have|over|your|most|similar|falls|back|number|users|nobody|"
                     r"learns|because|must|got|expected|cannot|missing|line|not|is|and|of)\b")


@pytest.fixture
def english_after(qapp):
    from gui import i18n

    yield i18n.manager()
    i18n.manager().apply(i18n.ENGLISH)
    qapp.processEvents()


# -- the list of core's error templates --------------------------------------------------------


def test_core_error_list_is_current():
    """gui/_core_errors.py lists exactly the templates of core's raise sites and phrases today."""
    expected = core_error_scan.errors_source(core_error_scan.all_templates(),
                                             core_error_scan.phrase_templates())
    assert core_error_scan.ERRORS_FILE.read_text(encoding="utf-8") == expected, (
        "core's error messages or phrases changed: run `make translations` and translate them")


def test_fstrings_become_templates_named_after_their_values():
    tree = ast.parse(
        'def f(row, n, exc, path):\n'
        '    raise DataError(f"expected {n} columns, got {len(row)} ({n}) {{x}}", path)\n'
        '    raise ModelError("plain words")\n'
        '    raise ValueError(f"{exc}")\n'
        '    raise damaged(f"bad {self.name!r} at {row[0]:g}")\n'
        'NO = "a constant message"\n'
        'def g():\n'
        '    raise ModelError(NO)\n')
    constants = core_error_scan._constants(tree)
    found = [core_error_scan.template_of(node, constants)
             for node in core_error_scan.message_nodes(tree, "x.py")]
    assert found == ["expected {n} columns, got {row} ({n}) {{x}}", "plain words", "{exc}",
                     "bad {name} at {row}", "a constant message"]


def test_scan_reads_every_kind_of_core_error():
    templates = set(core_error_scan.all_templates())
    for expected in ("damaged model file: {problem}",  # model-file damage
                     "{describe_range}, got {value}",  # ConfigError ranges
                     "rating {strip} is not a number",  # loader, with file and line
                     "missing timestamp",
                     "the content-based model needs item features (genres, tags or titles) and "
                     "this table has none: load an item file (File ▸ Load item features…, or "
                     "--items FILE on the command line)",  # a module constant
                     "manifest.json is nested too deeply"):  # damaged(...) in core.model_file
        assert expected in templates
    assert not any(t.startswith("expected comma-separated") for t in templates)  # cli.py: no
    assert len(templates) > 150


def ts_translations() -> dict[tuple[str, str], str]:
    root = ET.parse(i18n_tools.catalogue("zh_CN")).getroot()
    out = {}
    for context in root.iter("context"):
        for message in context.iter("message"):
            out[(context.findtext("name"), message.findtext("source"))] = (
                message.findtext("translation") or "")
    return out


def test_every_core_error_and_phrase_has_a_chinese_translation():
    """Each template of gui/_core_errors.py has a Chinese translation in the catalogue."""
    from gui._core_errors import CORE_ERRORS, CORE_PHRASES

    catalogue = ts_translations()
    missing = [(context, t) for context, texts in (("CoreError", CORE_ERRORS),
                                                    ("Phrase", CORE_PHRASES))
               for t in texts if catalogue.get((context, t), t) in ("", t)]
    assert not missing, missing
    worded = [t for t in CORE_ERRORS
              if len(re.findall(r"[a-z]{3,}", re.sub(r"\{\w+\}", "", t))) > 2]
    assert all(HAN.search(catalogue[("CoreError", t)]) for t in worded)


# -- real errors from core ---------------------------------------------------------------------


def core_errors(tmp_path) -> list[str]:
    """Messages of real failures: a setting out of range, bad files, a damaged model file."""
    from core.errors import ConfigError, DataError
    from core.io import load
    from core.models import create_model
    from core.persistence import load_model

    messages = []
    with pytest.raises(ConfigError) as info:
        create_model("mlp", dropout=2.0)
    messages.append(str(info.value))
    with pytest.raises(ConfigError) as info:
        create_model("user-knn", k=0)
    messages.append(str(info.value))
    for name, text in (("评分.csv", "user,item,rating\nu1,i1,5\nu2,i2,abc\n"),
                       ("ratings.csv", "user,item,rating,timestamp\nu1,i1,4,\n"),
                       ("empty.csv", "")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DataError) as info:
            load(path)
        messages.append(str(info.value))
    for n, manifest in enumerate(("[]", '{"format": "reclab-model"}')):
        bad = tmp_path / f"model{n}.reclab"
        with zipfile.ZipFile(bad, "w") as archive:
            archive.writestr("manifest.json", manifest)
            archive.writestr("arrays.npz", b"")
        with pytest.raises(DataError) as info:
            load_model(bad)
        messages.append(str(info.value))
    return messages


def test_core_errors_read_in_chinese_and_unchanged_in_english(tmp_path, english_after):
    from gui.core_messages import error_text

    messages = core_errors(tmp_path)
    assert [error_text(m) for m in messages] == messages  # English: as core wrote them
    english_after.apply("zh_CN")
    translated = [error_text(m) for m in messages]
    for english, chinese in zip(messages, translated, strict=True):
        words = chinese.replace(str(tmp_path), "<folder>")
        assert HAN.search(words), english
        assert not ENGLISH.search(words), (english, chinese)
    assert translated[0] == "dropout：必须 >= 0 且 < 1，实际为 2"
    assert translated[2].startswith(str(tmp_path / "评分.csv") + "，第 3 行：")


def test_nested_and_extra_templates(english_after):
    from gui.core_messages import error_text

    english_after.apply("zh_CN")
    diverged = ("training diverged at epoch 3, batch 7: the loss 12.5 is over 10 times the "
                "first batch's 0.693; lower the learning rate")
    assert error_text(diverged) == ("训练在第 3 轮第 7 批时发散：损失 12.5 超过了第一批 0.693 的 "
                                    "10 倍；请降低学习率")
    # an unknown problem keeps core's words; only the frame is translated
    assert error_text("a.csv, line 2: expected 2 columns, got 1") == \
        "a.csv，第 2 行：expected 2 columns, got 1"
    assert error_text("something else: entirely") == "something else: entirely"


# -- phrases: the Why? panel and the cold-item note --------------------------------------------


WHY_MODELS = [("popularity", {}), ("user-knn", {"shrinkage": 5.0, "min_overlap": 2}),
              ("user-knn", {"neighbourhood": "mutual"}), ("item-knn", {}),
              ("item-knn", {"neighbourhood": "reverse"}), ("ease", {}), ("als", {}),
              ("content", {})]


def why_tables():
    from core.models import create_model
    from core.samples import movie_night
    from core.why import why

    data = movie_night("small")
    user = data.user_ids[0]
    out = []
    for name, params in WHY_MODELS:
        model = create_model(name, **params).fit(data)
        top = model.recommend(data, user, k=1)[0].item
        out.append(why(model, data, user, top))
    return out


def test_why_phrases_are_cores_english_and_read_in_chinese(english_after):
    from core.phrase import join
    from gui.core_messages import phrase_text

    tables = why_tables()
    for table in tables:
        assert join(table.formula_parts) == table.formula
        assert str(table.rule_phrase or "") == table.rule
        assert [phrase_text(p) for p in table.formula_parts] == table.formula.split("\n")
    english_after.apply("zh_CN")
    for table in tables:
        lines = [phrase_text(p) for p in table.formula_parts]
        if table.rule_phrase is not None:
            lines.append(phrase_text(table.rule_phrase))
        assert HAN.search(lines[0]), (table.model, lines[0])  # the formula in words
        for line in lines:
            assert not ENGLISH.search(line), (table.model, line)


def test_cold_item_note_in_chinese(english_after):
    from core.interactions import ItemInfo
    from core.models import create_model
    from core.models.cold_start import cold_item_note, cold_item_phrase
    from core.samples import movie_night
    from gui.core_messages import phrase_text

    data = movie_night("small")
    for k in range(5):
        data.add_item(f"new{k}", ItemInfo(f"新电影 {k}", ("Sci-Fi",)))
    knn = create_model("item-knn").fit(data)
    note = cold_item_phrase(knn, data)
    assert str(note) == cold_item_note(knn, data) == phrase_text(note)
    assert "and 2 more" in str(note)
    english_after.apply("zh_CN")
    chinese = phrase_text(note)
    assert chinese.startswith(
        "item-knn 无法推荐 “新电影 0”, “新电影 1”, “新电影 2” 等（另有 2 个）")
    assert "冷启动" in chinese and not ENGLISH.search(chinese)


def test_content_reasons_in_chinese(english_after):
    from core.models import create_model
    from core.samples import movie_night
    from gui.core_messages import explanation_text

    data = movie_night("small")
    model = create_model("content").fit(data)
    reasons = {r.explanation.text for user in data.user_ids[:10]
               for r in model.recommend(data, user, k=5) if r.explanation}
    assert any(t.startswith("because you like") for t in reasons)
    english_after.apply("zh_CN")
    for text in reasons:
        assert HAN.search(explanation_text(text)), text
        assert not re.search(r"\b(because|popular|like)\b", explanation_text(text)), text
    assert explanation_text("because you like Sci-Fi, alien (tags), toy (title)") == (
        "因为你喜欢 Sci-Fi, alien（标签）, toy（标题）")
