"""Help ▸ Short guide and Help ▸ Keyboard shortcuts."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.i18n import translate_marked

GUIDE_HTML = QT_TRANSLATE_NOOP("help", """
<h3>RecLab in five steps</h3>
<ol>
<li><b>Data</b> — start from the seed example, pick one of the <i>Samples</i>, or open your own
file (File ▸ Open: CSV/TSV of user, item[, rating][, timestamp], MovieLens folders or zips).
The <i>Table</i> tab shows who interacted with what; edit it (click or type), undo with Ctrl+Z.</li>
<li><b>Model</b> — in the left column choose a model and its settings; hover a setting to read
what it does.</li>
<li><b>Train</b> — press Train (Ctrl+T). The <i>Training</i> tab shows a neural model learn,
batch by batch; Stop (Ctrl+.) ends that training only.</li>
<li><b>Recommendations</b> — pick a user and read the top-K list; select a row to read in full
why it was recommended. Edit the table and the list follows (models that cannot fold in edits
say they must be retrained).</li>
<li><b>Evaluation</b> — Evaluate (Ctrl+E) hides each user's latest item, trains a fresh model on
the rest and checks whether the model ranks the hidden item in its top K (HR@K, NDCG@K). Every
run is a row of the comparison, with the data it ran on.</li>
</ol>
<p>File ▸ Save Model… keeps a trained model; File ▸ Open Model… brings it back, also one saved by
the command line (<code>python -m core</code>).</p>
""")


def show_guide(parent: QWidget | None) -> None:
    box = QMessageBox(parent)
    box.setObjectName("guideDialog")
    box.setWindowTitle(QCoreApplication.translate("help", "RecLab guide"))
    box.setText(translate_marked("help", GUIDE_HTML))
    box.exec()


def shortcuts_html(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(what)}</td></tr>"
                    for keys, what in rows)
    title = escape(QCoreApplication.translate("help", "Keyboard shortcuts"))
    return f"<h3>{title}</h3><table>{cells}</table>"


def show_shortcuts(parent: QWidget | None, rows: list[tuple[str, str]]) -> None:
    box = QMessageBox(parent)
    box.setObjectName("shortcutsDialog")
    box.setWindowTitle(QCoreApplication.translate("help", "Keyboard shortcuts"))
    box.setText(shortcuts_html(rows))
    box.exec()
