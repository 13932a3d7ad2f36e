"""The behaviour-table model and the Data tab: Qt model contract, edits, undo/redo."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from core.interactions import Interactions, ItemInfo
from gui.session import Session
from gui.table_model import IMPLICIT_MARK, InteractionTableModel, parse_rating
from gui.table_view import DataTab, IdDialog, next_free_id

DISPLAY, EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole


def implicit_data() -> Interactions:
    return Interactions.from_triples(
        ["ann", "ann", "bob", "cat", "cat"], ["apple", "pear", "pear", "plum", "apple"],
        items_info={"apple": ItemInfo("Apple pie", ("dessert", "sweet"))},
        name="fruit",
    )


def explicit_data() -> Interactions:
    return Interactions.from_triples(
        [1, 1, 2, 3], [10, 20, 20, 30], [4.0, 2.0, 5.0, 3.5], [1, 2, 3, 4], name="ratings"
    )


@pytest.fixture(params=["implicit", "explicit"])
def session(request) -> Session:
    return Session(implicit_data() if request.param == "implicit" else explicit_data())


def test_qt_model_tester_accepts_the_model(qtmodeltester, qtlog, session):
    model = InteractionTableModel(session)
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    problems = [r.message for r in qtlog.records if r.typeName != "QtDebugMsg"]
    assert problems == []


def test_cells_read_the_matrix_lazily(session):
    model = InteractionTableModel(session)
    data = session.data
    assert (model.rowCount(), model.columnCount()) == data.shape
    for row, user in enumerate(data.user_ids):
        for col, item in enumerate(data.item_ids):
            value = data.get(user, item)
            shown = model.data(model.index(row, col), DISPLAY)
            if value is None:
                assert shown == ""
                assert model.data(model.index(row, col), Qt.ItemDataRole.BackgroundRole) is None
            else:
                assert shown == (f"{value:g}" if data.explicit else IMPLICIT_MARK)
                assert model.data(model.index(row, col), Qt.ItemDataRole.BackgroundRole)


def test_headers_show_titles_ids_and_genres():
    session = Session(implicit_data())
    model = InteractionTableModel(session)
    col = session.data.item_index("apple")
    assert model.headerData(col, Qt.Orientation.Horizontal) == "Apple pie"
    tip = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Apple pie" in tip and "dessert · sweet" in tip and "id apple" in tip
    pear = session.data.item_index("pear")
    assert model.headerData(pear, Qt.Orientation.Horizontal) == "pear"
    assert model.headerData(1, Qt.Orientation.Vertical) == session.data.user_ids[1]


def test_explicit_typing_sets_and_clears_a_rating_with_undo(qtbot):
    session = Session(explicit_data())
    model = InteractionTableModel(session)
    row, col = session.data.user_index("2"), session.data.item_index("10")
    index = model.index(row, col)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.setData(index, "3,5", EDIT)
    assert changed.args[0] == index
    assert session.data.get("2", "10") == 3.5
    assert model.data(index, DISPLAY) == "3.5"
    assert model.setData(model.index(0, 0), "", EDIT)  # empty clears user 1's rating of 10
    assert session.data.get("1", "10") is None
    session.undo_stack.undo()
    assert session.data.get("1", "10") == 4.0
    session.undo_stack.undo()
    assert session.data.get("2", "10") is None
    assert model.data(index, DISPLAY) == ""
    session.undo_stack.redo()
    assert model.data(index, DISPLAY) == "3.5"


def test_explicit_rejects_bad_ratings_without_touching_the_table(qtbot):
    session = Session(explicit_data())
    model = InteractionTableModel(session)
    before = session.data.copy()
    for bad in ("abc", "-1", "0", "inf"):
        with qtbot.waitSignal(model.editRejected):
            assert not model.setData(model.index(0, 0), bad, EDIT)
    assert session.data == before
    assert session.undo_stack.count() == 0


def test_parse_rating():
    assert parse_rating(" 4 ") == 4.0
    assert parse_rating("2,5") == 2.5
    assert parse_rating("") is None
    with pytest.raises(ValueError):
        parse_rating("nan")


def test_implicit_toggle_and_undo():
    session = Session(implicit_data())
    model = InteractionTableModel(session)
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    row, col = session.data.user_index("bob"), session.data.item_index("plum")
    index = model.index(row, col)
    assert model.toggle(index)
    assert session.data.get("bob", "plum") == 1.0
    assert model.toggle(index)
    assert session.data.get("bob", "plum") is None
    session.undo_stack.undo()
    assert session.data.get("bob", "plum") == 1.0
    session.undo_stack.undo()
    assert session.data.get("bob", "plum") is None
    assert session.undo_stack.isClean()


def test_clicking_and_space_toggle_implicit_cells(qtbot):
    session = Session(implicit_data())
    tab = DataTab(session)
    qtbot.addWidget(tab)
    tab.resize(600, 400)
    tab.show()
    qtbot.waitExposed(tab)
    view, model = tab.view, tab.model
    row, col = session.data.user_index("bob"), session.data.item_index("plum")
    rect = view.visualRect(model.index(row, col))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert session.data.get("bob", "plum") == 1.0
    view.setCurrentIndex(model.index(row, col))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert session.data.get("bob", "plum") is None
    assert session.undo_stack.count() == 2


def test_delete_clears_selected_cells_as_one_undo_step(qtbot):
    session = Session(explicit_data())
    tab = DataTab(session)
    qtbot.addWidget(tab)
    view = tab.view
    view.selectAll()
    nnz = session.data.nnz
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert session.data.nnz == 0
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.data.nnz == nnz


def test_add_rename_remove_users_and_items_with_undo(qtbot, qtmodeltester):
    session = Session(explicit_data())
    tab = DataTab(session)
    qtbot.addWidget(tab)
    model = tab.model
    qtmodeltester.check(model, force_py=True)
    original = session.data.copy()

    assert tab.add_user("9")
    assert model.rowCount() == 4 and model.headerData(3, Qt.Orientation.Vertical) == "9"
    assert tab.rename_user(0, "one")
    assert model.headerData(0, Qt.Orientation.Vertical) == "one"
    assert not tab.rename_user(1, "one")  # taken: refused, nothing pushed
    assert tab.remove_user(1)
    assert model.rowCount() == 3 and session.data.user_ids == ["one", "3", "9"]

    assert tab.add_item("40", "Forty")
    assert model.columnCount() == 4
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Forty"
    assert tab.rename_item(0, "ten")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "ten"
    assert tab.remove_item(1)
    assert session.data.item_ids == ["ten", "30", "40"]
    assert model.columnCount() == 3

    for _ in range(session.undo_stack.count()):
        session.undo_stack.undo()
    assert session.data == original
    assert (model.rowCount(), model.columnCount()) == original.shape
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["1", "2", "3"]
    assert model.data(model.index(1, 1), DISPLAY) == "5"  # user 2 rated item 20 a 5, again
    while session.undo_stack.canRedo():
        session.undo_stack.redo()
    assert session.data.user_ids == ["one", "3", "9"]
    assert session.data.item_ids == ["ten", "30", "40"]


def test_replacing_the_data_resets_the_model(qtbot):
    session = Session(implicit_data())
    model = InteractionTableModel(session)
    with qtbot.waitSignal(model.modelReset):
        session.replace_data(explicit_data())
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert model.explicit
    assert model.data(model.index(0, 0), DISPLAY) == "4"


def test_id_dialog_validates(qtbot):
    dialog = IdDialog(None, "Add user", "New user id:", {"a", "b"}, initial="a")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "taken" in dialog.problem.text()
    dialog.id_edit.setText("  ")
    assert not ok.isEnabled()
    dialog.id_edit.setText("c")
    assert ok.isEnabled() and dialog.value() == "c"


def test_next_free_id():
    assert next_free_id(["1", "2", "10"], "u") == "11"
    assert next_free_id(["u1", "u3"], "u") == "u4"
    assert next_free_id(["u1", "x"], "u") == "u2"
    assert next_free_id([], "i") == "i1"
    assert next_free_id(["user1", "user2", "user3"], "u") == "user4"  # not "u4"
    assert next_free_id(["Alice", "Bob"], "u") == "u3"
    assert next_free_id(["item1", "item2", "x9"], "i") == "item3"


def test_find_jumps_to_users_and_items(qtbot):
    session = Session(implicit_data())
    tab = DataTab(session)
    qtbot.addWidget(tab)
    tab.find_box.setText("pie")  # part of the title "Apple pie"
    assert tab.view.currentIndex().column() == session.data.item_index("apple")
    assert "Apple pie" in tab.find_result.text()
    tab.find_box.setText("cat")
    assert tab.view.currentIndex().row() == session.data.user_index("cat")
    tab.find_box.setText("zzz")
    assert tab.find_result.text() == "no match"


def test_large_table_model_is_lazy_and_uses_fixed_sizes(qtbot):
    import numpy as np

    rng = np.random.default_rng(0)
    n_users, n_items, n = 6040, 3706, 200_000
    data = Interactions.from_codes(
        [str(u) for u in range(n_users)], [str(i) for i in range(n_items)],
        rng.integers(0, n_users, n), rng.integers(0, n_items, n), rng.integers(1, 6, n),
    )
    session = Session(data)
    tab = DataTab(session)
    qtbot.addWidget(tab)
    model, view = tab.model, tab.view
    assert (model.rowCount(), model.columnCount()) == (n_users, n_items)
    header = view.horizontalHeader()
    assert {header.sectionSize(c) for c in (0, 1, n_items - 1)} == {header.defaultSectionSize()}
    u, i = data.matrix.nonzero()
    index = model.index(int(u[0]), int(i[0]))
    assert model.data(index, DISPLAY) == f"{data.matrix[u[0], i[0]]:g}"
    assert model.data(QModelIndex(), DISPLAY) is None


def test_ratings_outside_the_scale_are_refused_unless_the_user_widens_it(qtbot):
    session = Session(explicit_data())  # ratings 2 … 5
    model = InteractionTableModel(session)
    refused = []
    model.editRejected.connect(refused.append)
    index = model.index(2, 0)  # user 3 × item 10: empty
    assert not model.setData(index, "7", EDIT)
    assert session.data.get("3", "10") is None and session.undo_stack.count() == 0
    assert refused == ["7 is outside this table's rating scale (2–5)"]
    asked = []
    model.confirm_widen = lambda value, low, high: asked.append((value, low, high)) or True
    assert model.setData(index, "7", EDIT)
    assert asked == [(7.0, 2.0, 5.0)] and session.data.get("3", "10") == 7.0
    assert model.rating_scale() == (2.0, 7.0)
    assert model.setData(model.index(2, 1), "4.5", EDIT)  # inside: nobody is asked
    assert len(asked) == 1


def test_typing_into_an_implicit_table_says_what_to_do(qtbot):
    session = Session(implicit_data())
    tab = DataTab(session)
    qtbot.addWidget(tab)
    tab.show()
    messages = []
    tab.statusMessage.connect(messages.append)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    before = session.data.copy()
    qtbot.keyClick(tab.view, "4")
    assert session.data == before
    assert len(messages) == 1 and "click a cell or press Space" in messages[0]


def test_columns_keep_readable_widths_after_ctrl_end_on_a_large_table(qtbot):
    n_items = 200  # more than SMALL_TABLE: widths are fitted only where the view shows
    items = [f"i{k}" for k in range(n_items)]
    info = {i: ItemInfo(f"A long film title number {k}") for k, i in enumerate(items)}
    data = Interactions.from_triples(["a"] * n_items, items, items_info=info)
    session = Session(data)
    tab = DataTab(session)
    qtbot.addWidget(tab)
    tab.resize(900, 400)
    tab.show()
    qtbot.waitExposed(tab)
    view = tab.view
    header = view.horizontalHeader()
    view.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert view.currentIndex().column() == n_items - 1
    last = header.sectionSize(n_items - 1)
    assert last > header.defaultSectionSize()  # fitted to its title, not collapsed
    assert last >= view.fontMetrics().horizontalAdvance("M") * 8
    assert view.visualRect(view.currentIndex()).right() <= view.viewport().width()
