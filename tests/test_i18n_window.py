"""The main window in Chinese: started with the zh_CN translator, switched at run time, and
unchanged in English. Needs no CJK font (text is compared, not pixels)."""

from __future__ import annotations

import re

import pytest

from gui import i18n

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english_after(qapp):
    yield i18n.manager()
    i18n.manager().apply(i18n.ENGLISH)
    qapp.processEvents()


def make_window(qtbot):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    return window


def visible_texts(window) -> dict[str, str]:
    """Menu titles, menu actions, tab texts and tooltips, toolbar texts and the window title."""
    texts = {"title": window.windowTitle()}
    for m, act in enumerate(window.menuBar().actions()):
        menu = act.menu()
        texts[f"menu:{m}"] = menu.title()
        for n, sub in enumerate(menu.actions()):
            if not sub.isSeparator():
                texts[f"menu:{m}:{n}"] = sub.text()
                texts[f"tip:{m}:{n}"] = sub.toolTip()
    for n in range(window.tabs.count()):
        texts[f"tab:{n}"] = window.tabs.tabText(n)
        texts[f"tabtip:{n}"] = window.tabs.tabToolTip(n)
    for n, act in enumerate(window.toolbar.actions()):
        texts[f"toolbar:{n}"] = act.iconText()
    return texts


def menu_titles(window) -> list[str]:
    return [act.menu().title() for act in window.menuBar().actions()]


def test_started_in_chinese_shows_chinese_menus_and_titles(qtbot, english_after):
    english_after.apply("zh_CN")
    window = make_window(qtbot)
    assert menu_titles(window)[:3] == ["文件(&F)", "编辑(&E)", "示例(&S)"]
    assert [window.tabs.tabText(n) for n in range(3)] == ["表格", "训练", "推荐"]
    assert window.model_panel.train_button.text() == "训练"
    assert window.language_menu.title() == "语言(&L)"
    assert "个用户" in window._summary.text()
    assert window.windowTitle().startswith("入门示例")


def test_switching_at_run_time_retranslates_the_open_window(qtbot, qapp, english_after):
    window = make_window(qtbot)
    english = visible_texts(window)
    assert menu_titles(window)[0] == "&File"

    window.language_menu.actions_by_choice["zh_CN"].trigger()
    qapp.processEvents()  # Qt posts LanguageChange to the top-level windows
    chinese = visible_texts(window)
    assert menu_titles(window)[0] == "文件(&F)"
    changed = [k for k in english if english[k] != chinese[k]]
    still_english = [f"{k}: {chinese[k]!r}" for k in changed if not HAN.search(chinese[k])]
    assert len(changed) > 30
    assert not still_english
    # Every menu entry with letters in English now has Chinese (except names like NeuMF).
    untouched = [f"{k}: {v!r}" for k, v in chinese.items()
                 if k.startswith("menu:") and re.search(r"[a-z]{3}", v) and not HAN.search(v)]
    assert not untouched

    window.language_menu.actions_by_choice["en"].trigger()
    qapp.processEvents()
    assert visible_texts(window) == english  # back to exactly the English texts


def test_english_window_is_unchanged(qtbot, english_after):
    window = make_window(qtbot)
    assert menu_titles(window)[:3] == ["&File", "&Edit", "&Samples"]
    assert window.tabs.tabText(0) == "Table"
    assert window.model_panel.train_button.text() == "Train"
    assert window.windowTitle() == "Seed example[*] — RecLab"
    texts = visible_texts(window)
    assert not [v for v in texts.values() if HAN.search(v) and v != "简体中文"]


def test_panels_follow_a_switch(qtbot, qapp, english_after):
    window = make_window(qtbot)
    recs = window.view("recommendations")
    window.language_menu.actions_by_choice["zh_CN"].trigger()
    qapp.processEvents()
    from PySide6.QtCore import Qt

    header = [recs.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert header == ["排名", "物品", "类型", "得分", "理由"]
    assert recs.banner.text().startswith("在左栏")
    assert window.view("evaluation").evaluate_button.text() == "评估"
    assert window.view("table").hint.text().startswith("隐式交互")


def test_a_gb18030_csv_with_chinese_titles_displays_them(qtbot, tmp_path, english_after):
    """Chinese user names and item titles from a CSV saved by Chinese Excel reach the table."""
    from PySide6.QtCore import Qt

    text = ("user,item,rating,title\n张伟,1,5,红楼梦\n张伟,2,4,西游记\n李娜,1,3,红楼梦\n"
            "李娜,3,4,三国演义\n")
    path = tmp_path / "评分.csv"
    path.write_bytes(text.encode("gb18030"))
    english_after.apply("zh_CN")
    window = make_window(qtbot)
    assert window.files.load_path(str(path), confirm=False, wait=True)
    model = window.data_tab.model
    users = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    items = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert users == ["张伟", "李娜"]
    assert items == ["红楼梦", "西游记", "三国演义"]
    assert window.windowTitle().startswith("评分.csv")
    assert "2 个用户 × 3 个物品" in window._summary.text()
