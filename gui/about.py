"""The About box: what RecLab shows and the papers behind each method."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.i18n import translate_marked

ABOUT_HTML = QT_TRANSLATE_NOOP("about", """
<h3>RecLab</h3>
<p>See how personalised recommendation works: edit who interacted with what, train a
recommender, and read why it recommends each item.</p>
<p><b>Methods</b></p>
<ul>
<li><b>Popularity</b> — the most-interacted items; the baseline every method must beat.</li>
<li><b>User-based k-nearest neighbours</b> — J. Herlocker, J. Konstan, A. Borchers, J. Riedl,
<i>An algorithmic framework for performing collaborative filtering</i>, SIGIR 1999.</li>
<li><b>Item-based k-nearest neighbours</b> — B. Sarwar, G. Karypis, J. Konstan, J. Riedl,
<i>Item-based collaborative filtering recommendation algorithms</i>, WWW 2001.</li>
<li><b>MLP (Mult-DAE)</b> — D. Liang, R. G. Krishnan, M. D. Hoffman, T. Jebara,
<i>Variational autoencoders for collaborative filtering</i>, WWW 2018.</li>
<li><b>NeuMF</b> — X. He, L. Liao, H. Zhang, L. Nie, X. Hu, T.-S. Chua,
<i>Neural collaborative filtering</i>, WWW 2017.</li>
</ul>
<p><b>Data</b>: MovieLens — F. M. Harper, J. A. Konstan, <i>The MovieLens datasets: history and
context</i>, ACM TiiS 5(4), 2015.</p>
<p>Built with PySide6 (Qt), pyqtgraph, NumPy, SciPy, scikit-learn, pandas and Keras.</p>
""")


def show_about(parent: QWidget | None) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("about", "About RecLab"))
    box.setText(translate_marked("about", ABOUT_HTML))
    if parent is not None:
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setObjectName("aboutDialog")
    box.exec()
