"""The Map view: renders for every model kind, hover names and click selects the right point,
box-select lists what is inside, a user's history and top-K are marked, Stop works."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt

from core.models import create_model
from core.samples import load_sample
from gui.highlight import bus_for
from gui.map_view import MapView

SMALL_NEURAL = {
    "mlp": dict(hidden=(8,), epochs=1, batch_size=16, validation=False),
    "neumf": dict(gmf_size=4, mlp_size=4, hidden=(8,), epochs=1, batch_size=256),
}


def make_view(new_session, qtbot, name="item-knn", sample="Movie night (small)"):
    session = new_session(load_sample(sample))
    session.set_model(create_model(name, **SMALL_NEURAL.get(name, {})).fit(session.data), name)
    view = MapView(session)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return session, view


def draw(qtbot, view):
    with qtbot.waitSignal(view.mapReady, timeout=60_000):
        view.compute()
    qtbot.waitUntil(lambda: view._thread is None, timeout=10_000)


def viewport_pos(view, k):
    scene = view.viewbox.mapViewToScene(QPointF(*view.coords[k]))
    return view.plot_widget.mapFromScene(scene)


@pytest.mark.parametrize("name", ["popularity", "user-knn", "item-knn", "mlp", "neumf", "ease",
                                  "als", "content"])
def test_map_renders_for_each_model_kind(qtbot, name, new_session):
    session, view = make_view(new_session, qtbot, name)
    draw(qtbot, view)
    n = len(session.model.item_ids)
    assert len(view.scatter.data) == n and view.coords.shape == (n, 2)
    assert np.isfinite(view.coords).all() and view.coords.std(axis=0).min() > 0
    assert view.map.source in view.info.text()
    image = view.plot_widget.grab().toImage()
    assert not image.isNull()
    # points are drawn: the plot is not one flat colour
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 3


def test_hover_names_and_click_selects_the_point_under_the_pointer(qtbot, new_session):
    session, view = make_view(new_session, qtbot)
    draw(qtbot, view)
    # a point far from its nearest other point, so the pointer cannot hit a neighbour instead
    d = np.linalg.norm(view.coords[:, None] - view.coords[None], axis=2)
    np.fill_diagonal(d, np.inf)
    k = int(np.argmax(d.min(axis=1)))
    item = view.ids[k]
    pos = viewport_pos(view, k)
    view._mouse_moved(view.plot_widget.mapToScene(pos))
    assert session.data.item_label(item) in view.hover_label.text()
    assert f"{int(view.counts[k])} users" in view.hover_label.text()
    qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.selected == k
    expected = [key for key, _ in session.model.similar_items(item, 10)]
    qtbot.waitUntil(lambda: view.listed == expected, timeout=5_000)
    assert [view.ids[i] for i in view.neighbours] == expected
    # far from every point: nothing is hovered
    view._mouse_moved(view.viewbox.mapViewToScene(QPointF(1e6, 1e6)))
    assert view.hover_label.text().strip() == ""


def test_box_select_lists_exactly_the_points_inside(qtbot, new_session):
    _, view = make_view(new_session, qtbot)
    draw(qtbot, view)
    x0, y0 = np.percentile(view.coords, 30, axis=0)
    x1, y1 = np.percentile(view.coords, 70, axis=0)
    view._box_selected(QRectF(QPointF(x0, y0), QPointF(x1, y1)))
    inside = {view.ids[i] for i, (x, y) in enumerate(view.coords)
              if x0 <= x <= x1 and y0 <= y <= y1}
    assert set(view.listed) == inside and len(inside) > 0


def test_user_history_and_recommendations_are_marked(qtbot, new_session):
    session, view = make_view(new_session, qtbot)
    draw(qtbot, view)
    user = session.data.user_ids[2]
    view.show_user(user)
    top = [r.item for r in session.model.recommend(session.data, user, 10, explain=False)]
    qtbot.waitUntil(lambda: view.listed == top, timeout=5_000)
    row = session.data.row_vectors([user], session.model.item_ids)
    assert sorted(view.ids[i] for i in view.history) == sorted(
        session.model.item_ids[j] for j in row.indices)
    assert [view.ids[i] for i in view.recommended] == top
    colours = view.colours()
    assert tuple(colours[view.recommended[0]]) == (255, 127, 14)
    assert tuple(colours[view.history[0]]) == (31, 119, 180)
    # another view selecting a user: the map follows (colouring by user, so it marks them)
    other = session.data.user_ids[5]
    bus_for(session).userSelected.emit(other)
    top = [r.item for r in session.model.recommend(session.data, other, 10, explain=False)]
    qtbot.waitUntil(lambda: view.listed == top, timeout=5_000)
    assert view.user_combo.currentText() == other
    # colouring by genre: following a user does not take the colouring over
    view.colour_combo.setCurrentIndex(view.colour_combo.findData("genre"))
    bus_for(session).userSelected.emit(session.data.user_ids[6])
    assert view.colour_combo.currentData() == "genre"
    assert view.user_combo.currentText() == session.data.user_ids[6]


def test_contributor_hovered_elsewhere_is_highlighted(qtbot, new_session):
    session, view = make_view(new_session, qtbot)
    draw(qtbot, view)
    bus_for(session).highlighted.emit("items", view.ids[7])
    assert view.hovered_contributor == 7
    bus_for(session).highlighted.emit("items", "")
    assert view.hovered_contributor == -1


def test_tsne_can_be_stopped_and_keeps_the_layout_so_far(qtbot, new_session):
    _, view = make_view(new_session, qtbot, "user-knn", "Movie night (medium)")
    view.method_combo.setCurrentIndex(view.method_combo.findData("tsne"))
    with qtbot.waitSignal(view.mapReady, timeout=120_000):
        view.compute()
        qtbot.waitUntil(lambda: view._thread is not None and view.progress.value() > 0,
                        timeout=60_000)
        view.stop()
    qtbot.waitUntil(lambda: view._thread is None, timeout=10_000)
    assert not view.map.complete and "stopped early" in view.info.text()
    assert view.coords.shape == (1500, 2) and np.isfinite(view.coords).all()


def test_users_map_and_model_change_clears(qtbot, new_session):
    session, view = make_view(new_session, qtbot, "user-knn")
    view.side_combo.setCurrentIndex(view.side_combo.findData("users"))
    draw(qtbot, view)
    assert view.ids == list(session.model.user_ids)
    session.set_model(None)
    assert view.map is None and "Train a model" in view.info.text()


def test_a_model_change_while_projecting_discards_the_old_map(qtbot, new_session):
    session, view = make_view(new_session, qtbot, "popularity", "Movie night (medium)")
    view.method_combo.setCurrentIndex(view.method_combo.findData("tsne"))
    view.compute()
    qtbot.waitUntil(lambda: view._thread is not None, timeout=60_000)
    session.set_model(create_model("user-knn").fit(session.data), "user-knn")
    qtbot.waitUntil(lambda: view._thread is None, timeout=60_000)
    assert view.map is None and view.compute_button.isEnabled()


def test_genre_colouring_falls_back_to_popularity_without_genres(qtbot, new_session):
    from core.interactions import Interactions
    from core.samples import generate

    sample = generate(60, 40, 500, seed=1)
    data = Interactions(sample.user_ids, sample.item_ids, sample.matrix)  # no item genres
    session = new_session(data)
    session.set_model(create_model("item-knn").fit(data), "item-knn")
    view = MapView(session)
    qtbot.addWidget(view)
    view.colour_combo.setCurrentIndex(view.colour_combo.findData("genre"))
    draw(qtbot, view)
    rgb = view.colours()
    assert len({tuple(c) for c in rgb}) > 1  # not every point grey
    counts = view.counts
    busiest, rarest = int(np.argmax(counts)), int(np.argmin(counts))
    assert tuple(rgb[busiest]) != tuple(rgb[rarest])
    assert view.colour_combo.currentData() == "genre"  # the choice is kept for data with genres
