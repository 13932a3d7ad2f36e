"""Translate sentences that ``core`` composes with values inside (explanations, error details).

Core never imports Qt and builds these sentences in English with f-strings ("because similar
users user2 (0.67), user3 (0.33) liked it"). The GUI lists their English *templates* here with
named fields ("because similar users {names} liked it"); a template both matches the sentence
(each field becomes a lazy wildcard) and, through ``QCoreApplication.translate``, gives the
translated template the fields are put back into. A sentence no template matches is shown as it
is, so a new core wording degrades to English, never to a wrong translation.

Error messages use the templates ``gui.core_error_scan`` reads from core's raise sites
(``gui/_core_errors.py``); sentences core hands over as a ``core.phrase.Phrase`` (the Why?
panel, the cold-item note) need no matching: ``phrase_text`` translates their template directly.
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP

from core.phrase import Phrase
from gui.i18n import core_tr, translate_marked

FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")

# Recommendation reasons (core.models.*.explain). Context "Explanation".
EXPLANATIONS = (
    QT_TRANSLATE_NOOP("Explanation", "because similar users {names} liked it"),
    QT_TRANSLATE_NOOP("Explanation", "because you liked {names}"),
    QT_TRANSLATE_NOOP("Explanation", "popular with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "popular with {n} user"),
    QT_TRANSLATE_NOOP("Explanation", "no similar users — popular with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "no similar items — popular with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "no similar users — popular with {n} user"),
    QT_TRANSLATE_NOOP("Explanation", "no similar items — popular with {n} user"),
    QT_TRANSLATE_NOOP("Explanation", "You have no items yet; this is a popular choice."),
    QT_TRANSLATE_NOOP("Explanation", "No single item of yours stands out for this one."),
    QT_TRANSLATE_NOOP("Explanation", "Mostly because you have {names}."),
    QT_TRANSLATE_NOOP("Explanation", "You have no items yet to compare it with."),
    QT_TRANSLATE_NOOP("Explanation", "Close, in what the model learned, to {names}."),
    QT_TRANSLATE_NOOP("Explanation", "you have no items yet; popular with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "close, in the learned factors, to {names}"),
    QT_TRANSLATE_NOOP("Explanation", "none of your items points to it; popular with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "because you like {features}"),
    QT_TRANSLATE_NOOP("Explanation", "it has no genres, tags or title words to compare; popular "
                                     "with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "none of its features are among those of your items; "
                                     "popular with {n} users"),
    QT_TRANSLATE_NOOP("Explanation", "You have no items yet to follow on from."),
    QT_TRANSLATE_NOOP("Explanation", "after {names}"),
)
# core.models.content.describe_features marks tag and title words: "Sci-Fi, alien (tags)".
FEATURE_KINDS = (QT_TRANSLATE_NOOP("Explanation", " (tags)"),
                 QT_TRANSLATE_NOOP("Explanation", " (title)"))


# The frame of core.errors.DataError messages ("<file>, line <n>: <problem>", "<file>: <problem>",
# also ConfigError's "<field>: <problem>"); the problem is translated through CORE_ERRORS.
DATA_ERRORS = (
    QT_TRANSLATE_NOOP("DataError", "{path}, line {line}: {problem}"),
    QT_TRANSLATE_NOOP("DataError", "{path}: {problem}"),
)
ERROR_CONTEXT = "CoreError"  # gui/_core_errors.py: the messages of core's raise sites
PHRASE_CONTEXT = "Phrase"  # gui/_core_errors.py: core's phrase(...) templates


# core.persistence.describe_coverage: parts joined by "; ". Context "Coverage".
COVERAGE = (
    QT_TRANSLATE_NOOP("Coverage",
                      "{n} user(s) the model was not trained on (retrain to recommend for them)"),
    QT_TRANSLATE_NOOP("Coverage", "{n} user(s) the model was not trained on"),
    QT_TRANSLATE_NOOP("Coverage", "{n} item(s) it cannot recommend (not in its training data)"),
)


# Stage names of core's progress events (Progress.message), shown on progress bars.
PROGRESS = (
    QT_TRANSLATE_NOOP("Progress", "recommending"),
    QT_TRANSLATE_NOOP("Progress", "neighbourhoods"),
    QT_TRANSLATE_NOOP("Progress", "indexing users"),
    QT_TRANSLATE_NOOP("Progress", "item similarities"),
    QT_TRANSLATE_NOOP("Progress", "choosing the neighbourhood on held-out items"),
    QT_TRANSLATE_NOOP("Progress", "validating"),
    QT_TRANSLATE_NOOP("Progress", "compiling the training step"),
    QT_TRANSLATE_NOOP("Progress", "splitting ({split})"),
    QT_TRANSLATE_NOOP("Progress", "training {model}"),
    QT_TRANSLATE_NOOP("Progress", "evaluating {done}/{total} users"),
    QT_TRANSLATE_NOOP("Progress", "evaluation finished"),
    QT_TRANSLATE_NOOP("Progress", "evaluation stopped"),
    QT_TRANSLATE_NOOP("Progress", "EASE: memory for the item matrices"),
    QT_TRANSLATE_NOOP("Progress", "EASE: item Gram matrix"),
    QT_TRANSLATE_NOOP("Progress", "EASE: item × item inverse"),
    QT_TRANSLATE_NOOP("Progress", "EASE: inverse done"),
    QT_TRANSLATE_NOOP("Progress", "content: item vectors"),
    QT_TRANSLATE_NOOP("Progress", "hybrid: feature-augmented EASE"),
    QT_TRANSLATE_NOOP("Progress", "t-SNE iteration {n}"),
    QT_TRANSLATE_NOOP("Progress", "reading the model's items"),
    QT_TRANSLATE_NOOP("Progress", "reading the model's users"),
    QT_TRANSLATE_NOOP("Progress", "projecting ({method})"),
)


# Fields that hold a known kind of text, so a template cannot swallow more of a message than its
# field means: ParamSpec.describe_range's "must be >= 0 and < 1" and its bounds.
BOUND = r"[<>]=? \S+"
FIELD_SHAPES = {"describe_range": r"must be .+?", "low": BOUND, "high": BOUND, "bound": BOUND}


@lru_cache(maxsize=1024)
def template_pattern(template: str) -> re.Pattern[str]:
    """The regular expression a template matches: its text literally, each field lazily (a
    field used twice must hold the same text twice); ``{{`` / ``}}`` stand for braces."""
    parts, last, seen = [], 0, set()
    for m in FIELD.finditer(template):
        parts.append(re.escape(_literal(template[last:m.start()])))
        name = m.group(1)
        shape = FIELD_SHAPES.get(name, ".+?")
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{shape})")
        seen.add(name)
        last = m.end()
    parts.append(re.escape(_literal(template[last:])))
    return re.compile("".join(parts), re.DOTALL)


def _literal(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def translate_sentence(text: str, templates: tuple[str, ...], context: str) -> str:
    """``text`` translated through the first template it matches whole, else ``text`` itself."""
    for template in templates:
        m = template_pattern(template).fullmatch(text)
        if m:
            return translate_marked(context, template).format(**m.groupdict())
    return text


def phrase_text(value: Phrase | str) -> str:
    """A sentence core composed as a ``core.phrase.Phrase``, in the interface language.

    The template is translated (context "Phrase", listed in ``gui/_core_errors.py``) and filled
    with the phrase's fields, each translated the same way when it is a phrase itself; a field
    named ``explanation`` is a model's recommendation reason (``explanation_text``). Plain text
    (a line of arithmetic) is shown as it is.
    """
    if isinstance(value, str):
        return value
    fields = {name: explanation_text(field) if name == "explanation" and isinstance(field, str)
              else phrase_text(field) for name, field in value.fields}
    return translate_marked(PHRASE_CONTEXT, value.template).format(**fields)


def explanation_text(text: str) -> str:
    """A recommendation reason from core, in the interface language."""
    for template in EXPLANATIONS:
        m = template_pattern(template).fullmatch(text)
        if m:
            fields = m.groupdict()
            if "features" in fields:
                for kind in FEATURE_KINDS:
                    fields["features"] = fields["features"].replace(
                        kind, translate_marked("Explanation", kind))
            return translate_marked("Explanation", template).format(**fields)
    return text


def error_text(text: str) -> str:
    """A message from core (an exception's text) in the interface language.

    First the whole message against core's error templates (``gui/_core_errors.py``, found in
    core's raise sites), most specific first; else the frame ("{path}, line {line}: …",
    "{name}: …") with its problem translated. Each field's text is translated the same way (a
    problem inside a problem), up to a few levels; what nothing matches stays English.
    """
    return _error_text(text, 0)


def _error_text(text: str, depth: int) -> str:
    if depth > 4 or not text:
        return text
    for context, template in _error_templates():
        m = template_pattern(template).fullmatch(text)
        if not m:
            continue
        fields = {k: _error_text(v, depth + 1) for k, v in m.groupdict().items()}
        if template == DATA_ERRORS[1] and fields["problem"] == m.group("problem"):
            continue  # "name: problem" only when the problem itself was translated
        return translate_marked(context, template).format(**fields)
    return text


@lru_cache(maxsize=1)
def _error_templates() -> tuple[tuple[str, str], ...]:
    """(context, template) of core's error templates and the frames, the ones with the most
    text of their own first (the most specific wins)."""
    from gui._core_errors import CORE_ERRORS

    pairs = [(ERROR_CONTEXT, t) for t in CORE_ERRORS] + [("DataError", t) for t in DATA_ERRORS]
    return tuple(sorted(pairs, key=lambda p: -len(FIELD.sub("", p[1]))))


def coverage_text(text: str) -> str:
    """``describe_coverage``'s sentence (parts joined by "; ") in the interface language."""
    return "; ".join(translate_sentence(part, COVERAGE, "Coverage") for part in text.split("; "))


def model_label(name: str) -> str:
    """The label of registry model ``name`` in the interface language (``name`` if unknown)."""
    from core.models import MODELS

    label = getattr(MODELS.get(name), "label", None)
    return core_tr(label) if isinstance(label, str) else name


def progress_message(text: str) -> str:
    """A progress event's stage message from core, in the interface language."""
    return translate_sentence(text, PROGRESS, "Progress")
