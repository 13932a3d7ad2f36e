"""GUI measurements run offscreen in a fresh process by ``benchmarks.child`` (see ``app``)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _window():
    from gui.app import create_application
    from gui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return app, window


def responsiveness(path: str | None = None, model: str = "neumf", cap_s: float = 60.0,
                   interval_ms: int = 5, shape: str | None = None) -> dict[str, Any]:
    """Train ``model`` on ``path`` (or the generated ``shape``) from the training panel while a
    ``interval_ms`` timer in the GUI thread records the gaps between its ticks; also counts the
    live plot's redraws."""
    from PySide6.QtCore import QEventLoop, QTimer

    from benchmarks.tasks import shape_table
    from core.io import load

    data = shape_table(shape) if shape else load(path)
    app, window = _window()
    window.session.replace_data(data)
    app.processEvents()
    panel = window.model_panel
    view = window.view("training")
    host = window.session.host
    panel.form.set_model(model)
    ticks: list[float] = []
    redraws: list[float] = []
    state: dict[str, Any] = {}

    original = view._redraw

    def counted_redraw() -> None:
        redraws.append(time.perf_counter())
        original()

    view._redraw = counted_redraw
    timer, where = _stall_timer(ticks, interval_ms)

    def finished(result) -> None:
        state.update(done=time.perf_counter(), stopped=result.stopped, error=result.error,
                     epochs=result.epochs_done)
        QTimer.singleShot(50, loop.quit)  # not app.quit: Qt 6 would close the window too

    def cap() -> None:
        if "done" not in state:
            state["capped"] = True
            panel.stop()

    host.trained.connect(finished)
    host.recommended.connect(lambda _result: state.update(recommended=True))
    loop = QEventLoop()
    timer.start()
    start = time.perf_counter()
    panel.train()
    QTimer.singleShot(int(cap_s * 1000), cap)
    loop.exec()
    timer.stop()
    end = state.get("done", time.perf_counter())
    gaps = np.diff([t for t in ticks if start <= t <= end]) * 1000.0
    stalls = np.maximum(gaps - interval_ms, 0.0)
    in_run = [t for t in redraws if start <= t <= end]
    # Steady state: after the first live-plot update (TensorFlow imported, graph traced).
    steady_from = in_run[1] if len(in_run) > 1 else end
    steady = np.maximum(np.diff([t for t in ticks if steady_from <= t <= end]) * 1000.0
                        - interval_ms, 0.0)
    result = {
        "steady_ticks": len(steady),
        "steady_max_stall_ms": float(steady.max()) if len(steady) else None,
        "steady_p99_stall_ms": float(np.percentile(steady, 99)) if len(steady) else None,
        "model": model, "train_s": end - start, "capped": state.get("capped", False),
        "epochs": state.get("epochs"), "error": state.get("error") or None,
        "ticks": len(gaps), "max_gap_ms": float(gaps.max()) if len(gaps) else None,
        "p99_gap_ms": float(np.percentile(gaps, 99)) if len(gaps) else None,
        "max_stall_ms": float(stalls.max()) if len(gaps) else None,
        "p99_stall_ms": float(np.percentile(stalls, 99)) if len(gaps) else None,
        "median_gap_ms": float(np.median(gaps)) if len(gaps) else None,
        "plot_updates": len(in_run), "plot_updates_per_s": len(in_run) / max(end - start, 1e-9),
        "worst_stalls": [[round(ms, 1), round(at - start, 2), code] for ms, at, code in
                         sorted(w for w in where if start <= w[1] <= end)[::-1][:3]],
    }
    # Report before closing: other panels may still run follow-up jobs (e.g. recommendations
    # for the new model) in the worker; let them finish, then shut down.
    import json

    print(json.dumps(result, default=float), flush=True)
    deadline = time.perf_counter() + 15
    while (host.busy or not state.get("recommended")) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.02)
    window.shutdown()
    return result


def evaluation_responsiveness(shape: str = "shop", model: str = "user-knn", k: int = 20,
                               cap_s: float = 60.0, interval_ms: int = 5,
                               scale: float = 1.0) -> dict[str, Any]:
    """Evaluate ``model`` (``k`` neighbours) on the generated ``shape`` from the Evaluation view
    (default split, full ranking) while a ``interval_ms`` timer in the GUI thread records the
    gaps between its ticks; stopped after ``cap_s`` seconds. The job splits, fits and then runs
    ``core.evaluation.evaluate`` in the worker: stalls are also reported for the ``evaluate``
    call alone (a stall counts where the late tick lands)."""
    from PySide6.QtCore import QEventLoop, QTimer

    import core.evaluation
    from benchmarks.tasks import shape_table

    data = shape_table(shape, scale)
    app, window = _window()
    window.session.replace_data(data)
    app.processEvents()
    window.model_panel.form.set_model(model)
    window.model_panel.form.set_params({"k": k})
    window.show_view("evaluation")
    panel = window.view("evaluation")
    app.processEvents()
    phases: dict[str, float] = {}
    original = core.evaluation.evaluate

    def timed_evaluate(*args: Any, **kwargs: Any) -> Any:  # the worker imports it per job
        phases["evaluate_start"] = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            phases["evaluate_end"] = time.perf_counter()

    core.evaluation.evaluate = timed_evaluate
    ticks: list[float] = []
    state: dict[str, Any] = {}
    timer, where = _stall_timer(ticks, interval_ms)
    loop = QEventLoop()

    def finished(outcome) -> None:
        state.update(done=time.perf_counter(), stopped=outcome.stopped, error=outcome.error,
                     n_users=outcome.n_users, params=outcome.params)
        QTimer.singleShot(50, loop.quit)

    def cap() -> None:
        if "done" not in state:
            state["capped"] = True
            panel.stop()

    window.session.host.evaluated.connect(finished)
    timer.start()
    start = time.perf_counter()
    panel.evaluate()
    clicked = time.perf_counter()
    QTimer.singleShot(int(cap_s * 1000), cap)
    loop.exec()
    timer.stop()
    core.evaluation.evaluate = original
    end = state.get("done", time.perf_counter())
    in_run = np.array([t for t in ticks if start <= t <= end])
    stalls = np.maximum(np.diff(in_run) * 1000.0 - interval_ms, 0.0)
    late = in_run[1:]
    ev_lo = phases.get("evaluate_start", end)
    ev_hi = phases.get("evaluate_end", end)
    during = stalls[(late > ev_lo) & (late <= ev_hi + interval_ms / 1000.0)]
    before = stalls[late <= ev_lo]
    worst = int(np.argmax(stalls)) if len(stalls) else 0
    result = {
        "shape": [data.n_users, data.n_items, data.nnz], "model": model,
        "k": state.get("params", {}).get("k"),
        "cap_s": cap_s, "run_s": end - start, "capped": state.get("capped", False),
        "error": state.get("error") or None, "n_users_evaluated": state.get("n_users"),
        "click_ms": (clicked - start) * 1000.0,
        "split_fit_s": ev_lo - start, "evaluate_s": ev_hi - ev_lo,
        "ticks": len(stalls),
        "max_stall_ms": float(stalls.max()) if len(stalls) else None,
        "p99_stall_ms": float(np.percentile(stalls, 99)) if len(stalls) else None,
        "worst_stall_at_s": float(late[worst] - start) if len(stalls) else None,
        "split_fit_max_stall_ms": float(before.max()) if len(before) else None,
        "evaluate_ticks": len(during),
        "evaluate_max_stall_ms": float(during.max()) if len(during) else None,
        "evaluate_p99_stall_ms": float(np.percentile(during, 99)) if len(during) else None,
        "stalls_over_50ms": int(np.sum(stalls > 50)),
        "evaluate_stalls_over_50ms": int(np.sum(during > 50)),
        "worst_stalls": [(round(ms, 1), round(at - start, 2), code)
                         for ms, at, code in sorted(where, reverse=True)[:8]
                         if start <= at <= end],
        "stall_sources": _stall_sources([(ms, code) for ms, at, code in where
                                         if start <= at <= end]),
    }
    window.shutdown()
    return result


Stall = tuple[float, float, str]  # (stall ms, at s, the worker's code then)


def _stall_timer(ticks: list[float], interval_ms: int) -> tuple[Any, list[Stall]]:
    """A precise ``interval_ms`` QTimer (not started) appending each tick's time to ``ticks``,
    and the list it fills with (stall ms, at s, the worker's code then) for stalls over 10 ms."""
    from PySide6.QtCore import Qt, QTimer

    where: list[Stall] = []

    def tick() -> None:
        now = time.perf_counter()
        if ticks and (stall := (now - ticks[-1]) * 1000.0 - interval_ms) > 10:
            where.append((stall, now, _worker_code()))
        ticks.append(now)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(interval_ms)
    timer.timeout.connect(tick)
    return timer, where


def _worker_code() -> str:
    """Where the other threads are, read by the GUI thread just after a late tick (as the GIL
    came back, so usually at or just after the call that held it): each thread's innermost
    frame, and the innermost frame of this repository's code when that is another one.
    PySide's import hook (``feature_import``, run by local imports) is skipped."""
    import sys
    import threading
    import traceback

    from benchmarks.common import REPO

    def name(f: traceback.FrameSummary) -> str:
        return f"{Path(f.filename).name}:{f.lineno} {f.name}"

    me = threading.get_ident()
    parts = []
    for ident, frame in sys._current_frames().items():
        if ident == me:
            continue
        stack = [f for f in traceback.extract_stack(frame)
                 if "shibokensupport" not in f.filename and not f.name.startswith("feature_")]
        if not stack:
            continue
        ours = [f for f in stack if any(f.filename.startswith(str(REPO / part))
                                        for part in ("core", "gui", "benchmarks"))]
        inner, outer = stack[-1], (ours[-1] if ours else stack[-1])
        parts.append(name(inner) if inner is outer else f"{name(inner)} in {name(outer)}")
    return " || ".join(parts)


def _stall_sources(stalls: list[tuple[float, str]], top: int = 8) -> list[list[Any]]:
    """Stalls over 10 ms grouped by where the worker was: [code, count, max ms, total ms],
    the largest total first."""
    groups: dict[str, list[float]] = {}
    for ms, code in stalls:
        groups.setdefault(code, []).append(ms)
    rows = [[code, len(v), round(max(v), 1), round(sum(v), 1)] for code, v in groups.items()]
    return sorted(rows, key=lambda r: -r[3])[:top]


def big_table(shape: list[int], pages: int = 20) -> dict[str, Any]:
    """Put an ML-1M-sized table into the session; seconds until the view has painted it, then
    the milliseconds to scroll down one page and repaint, ``pages`` times."""
    from PySide6.QtCore import QTimer

    from benchmarks.tasks import generated

    data = generated(*shape)
    app, window = _window()
    window.tabs.setCurrentWidget(window.data_tab)
    view = window.data_tab.view
    app.processEvents()
    t0 = time.perf_counter()
    window.session.replace_data(data)
    shown: dict[str, float] = {}

    def painted() -> None:
        view.viewport().grab()  # renders the visible rows (offscreen too)
        shown["s"] = time.perf_counter() - t0
        app.quit()

    QTimer.singleShot(0, painted)
    app.exec()
    bar = view.verticalScrollBar()
    times = []
    for _ in range(pages):
        t = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        app.processEvents()
        view.viewport().grab()
        times.append((time.perf_counter() - t) * 1000.0)
    rows = view.model().rowCount()
    cols = view.model().columnCount()
    window.shutdown()
    return {"shown_s": shown["s"], "scroll_median_ms": statistics.median(times),
            "scroll_max_ms": max(times), "pages": pages, "model_rows": rows,
            "model_columns": cols, "page_rows": bar.pageStep()}


def edits_during_refresh(nnz: int = 25_000_000, cycles: int = 40,
                         interval_ms: int = 5, refresh_s: float = 0.2) -> dict[str, Any]:
    """A user edits cells of a ``nnz``-interaction table while the Recommendations view
    refreshes: each cycle sets one cell through the session's undo stack (as the table view
    does), waits until the refresh it starts is in the worker, then edits, undoes and redoes
    while it runs. A ``interval_ms`` timer in the GUI thread records the gaps between ticks;
    a stall is a gap beyond the interval (target: max ≤ 50 ms).

    The model is popularity, whose own scoring takes ~1 ms: each refresh first waits
    ``refresh_s`` in the worker (as a slow model's scoring would take, without holding the GIL),
    so that the edits land while a refresh is in flight. GIL-holding work in the worker is
    measured apart (``responsiveness`` with kNN on the shop shape)."""
    from PySide6.QtCore import Qt, QTimer

    from benchmarks.tasks import edit_table
    from core.interactions import SetCell
    from core.models import create_model

    t0 = time.perf_counter()
    data = edit_table(nnz=nnz)
    build_s = time.perf_counter() - t0
    app, window = _window()
    session = window.session
    session.replace_data(data)
    model = create_model("popularity").fit(session.data)
    scoring = model.recommend

    def slow_recommend(*args: Any, **kwargs: Any) -> Any:
        time.sleep(refresh_s)
        return scoring(*args, **kwargs)

    model.recommend = slow_recommend
    session.set_model(model, "popularity")
    recs = window.view("recommendations")
    window.show_view("table")
    users, items = data.user_ids, data.item_ids
    recs.set_user(users[0])
    deadline = time.perf_counter() + 120
    while recs.pending and time.perf_counter() < deadline:
        app.processEvents()
    rng = np.random.default_rng(1)
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    answered = []
    session.host.recommended.connect(lambda _r: answered.append(time.perf_counter()))

    slow: list[tuple[str, float]] = []

    def timed(what: str, call) -> None:
        t = time.perf_counter()
        call()
        if (spent := time.perf_counter() - t) > 0.02:
            slow.append((what, spent))

    def pump(until, limit_s: float = 5.0) -> None:
        end = time.perf_counter() + limit_s
        while not until() and time.perf_counter() < end:
            timed("events", app.processEvents)
            time.sleep(0.001)

    def edit() -> None:
        u, j = users[rng.integers(len(users))], items[rng.integers(len(items))]
        value = None if session.data.get(u, j) is not None else 1.0
        session.push_change(SetCell(u, j, value), "edit")

    timer.start()
    start = time.perf_counter()
    during = 0
    for _ in range(cycles):
        asked = len(answered)
        timed("edit", edit)
        # until the refresh this edit started is in the worker (sent, not yet answered)
        pump(lambda asked=asked: recs._request_id is not None or len(answered) > asked)
        if recs._request_id is not None:
            during += 1
        timed("edit", edit)
        timed("undo", session.undo_stack.undo)
        timed("redo", session.undo_stack.redo)
        pump(lambda: not recs.pending)
    end = time.perf_counter()
    timer.stop()
    gaps = np.diff([t for t in ticks if start <= t <= end]) * 1000.0
    stalls = np.maximum(gaps - interval_ms, 0.0)
    window.shutdown()
    return {"nnz": data.nnz, "cycles": cycles, "edits": 2 * cycles, "undo_redo": cycles,
            "edits_while_refresh_in_worker": during, "refreshes_answered": len(answered),
            "refresh_s": refresh_s, "build_s": build_s, "run_s": end - start, "ticks": len(gaps),
            "max_stall_ms": float(stalls.max()) if len(gaps) else None,
            "p99_stall_ms": float(np.percentile(stalls, 99)) if len(gaps) else None,
            "slowest_calls": sorted(slow, key=lambda x: -x[1])[:5]}
