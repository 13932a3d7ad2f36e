"""Sentences on screen that follow a language switch, even once they have left their widget.

A view words a message in the language of the moment and hands the text on (a status-bar
signal carries a plain ``str``). ``live(render)`` returns ``render()`` and remembers how to word
that text again; after ``QEvent.LanguageChange`` the widget still showing it calls
``reword(text)`` and shows the result (the main window does this for its status bar). A text
nobody registered is returned as it is. Only the last ``KEEP`` texts are remembered.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

KEEP = 64
_renderers: OrderedDict[str, Callable[[], str]] = OrderedDict()


def live(render: Callable[[], str]) -> str:
    """``render()``, remembered so that ``reword`` can word it again in another language."""
    text = render()
    _renderers[text] = render
    _renderers.move_to_end(text)
    while len(_renderers) > KEEP:
        _renderers.popitem(last=False)
    return text


def reword(text: str) -> str:
    """``text`` worded again in the current language (``text`` itself when not registered)."""
    render = _renderers.get(text)
    return live(render) if render is not None else text


def is_live(text: str) -> bool:
    """True when ``reword`` knows how to word ``text`` again."""
    return text in _renderers
