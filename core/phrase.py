"""A sentence core composes with values inside, kept as its English template plus the values.

Core never imports Qt, yet the GUI shows some of core's sentences (the Why? panel's formula,
the cold-item note) in the interface language. A ``Phrase`` carries the stable English
``template`` (``"score = number of users who have the item = {count}"``) and the ``fields``
already formatted as text (or as phrases of their own, for a clause inside a sentence);
``str(phrase)`` is the English sentence core has always shown. The GUI translates the template
with Qt and fills in the same fields (``gui.core_messages.phrase_text``); ``gui/_core_errors.py``
lists every literal template passed to ``phrase(...)`` in core, for the translators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

Field = Union[str, "Phrase"]


@dataclass(frozen=True)
class Phrase:
    """``template`` (English, ``str.format`` fields) and its ``fields`` as (name, value) pairs."""

    template: str
    fields: tuple[tuple[str, Field], ...] = ()

    def __str__(self) -> str:
        return self.template.format(**{k: str(v) for k, v in self.fields})


def phrase(template: str, **fields: Field) -> Phrase:
    """``Phrase(template, fields)``; each value already text (numbers formatted) or a phrase.

    Pass the template as a literal: the GUI's list of texts to translate is read from the calls.
    """
    return Phrase(template, tuple(fields.items()))


def join(parts: tuple[Field, ...], separator: str = "\n") -> str:
    """The English text of ``parts`` (phrases, or plain text such as a line of arithmetic)."""
    return separator.join(str(p) for p in parts)
