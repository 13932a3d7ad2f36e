"""A status bar whose message, when longer than its room, ends in "…" rather than being cut
mid-word at the permanent widgets (the data summary), with the whole message as its tooltip.

Why not elide the text given to ``showMessage``: the message shown is also how a language switch
finds the text to word again (``gui.live_text``), so it must stay whole. The painting is
``QStatusBar::paintEvent``'s, with the message drawn elided.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption, QWidget


class ElidingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._permanent: list[QWidget] = []
        self.messageChanged.connect(self.setToolTip)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)

    def removeWidget(self, widget: QWidget) -> None:
        super().removeWidget(widget)
        if widget in self._permanent:
            self._permanent.remove(widget)

    def message_rect(self) -> QRect:
        """The room left of the first visible permanent widget (as QStatusBar's own)."""
        right = self.width() - 12
        visible = [w.x() for w in self._permanent if w.isVisible()]
        if visible:
            right = min(right, min(visible) - 2)
        return QRect(6, 0, max(right - 6, 0), self.height())

    def shown_message(self) -> str:
        """The message as drawn: whole, or cut with "…" to fit ``message_rect``."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight,
                                             self.message_rect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter,
                                   self)
        for widget in self._permanent:
            if widget.isVisible():
                frame = QStyleOption()
                frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame,
                                           painter, widget)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.message_rect(), int(Qt.AlignmentFlag.AlignLeading
                                                  | Qt.AlignmentFlag.AlignVCenter
                                                  | Qt.TextFlag.TextSingleLine),
                         self.shown_message())
