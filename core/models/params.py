"""One source for every fact about a model setting: label, help text and valid range.

A model's ``Config`` dataclass declares each field with ``param(...)``; the GUI form, the CLI's
options and validation all read them through ``param_specs``. ``ModelConfig.__post_init__`` calls
``validate_config``, so a config with a value out of range cannot be built: the ``ConfigError``
names the field ("dropout: must be >= 0 and < 1, got 2").

Choices of ``Literal`` and ``bool`` fields come from the type (``param_specs`` fills them in);
tuple fields (layer sizes) apply the range to every element.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import typing
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.errors import ConfigError


@dataclass(frozen=True)
class ParamSpec:
    """What a user needs to set one field: a label, one sentence of help and the valid values."""

    label: str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    choices: tuple[Any, ...] | None = None
    log_scale: bool = False  # a slider or sweep should step geometrically
    slider: bool = False  # a blend weight in [0, 1]: the form shows a slider, not a number field

    def describe_range(self) -> str:
        """"must be >= 0 and < 1" style text ("" without bounds)."""
        parts = []
        if self.minimum is not None:
            parts.append(f"{'>' if self.exclusive_minimum else '>='} {self.minimum:g}")
        if self.maximum is not None:
            parts.append(f"{'<' if self.exclusive_maximum else '<='} {self.maximum:g}")
        return "must be " + " and ".join(parts) if parts else ""

    def problem(self, value: Any) -> str | None:
        """Why ``value`` (one scalar) is not allowed, or None."""
        if self.choices is not None:
            if value not in self.choices or type(value) is not type(self.choices[0]):
                options = ", ".join(repr(c) for c in self.choices)
                return f"must be one of {options}, got {value!r}"
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number, got {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value!r}"
        low_bad = self.minimum is not None and (
            value <= self.minimum if self.exclusive_minimum else value < self.minimum
        )
        high_bad = self.maximum is not None and (
            value >= self.maximum if self.exclusive_maximum else value > self.maximum
        )
        if low_bad or high_bad:
            return f"{self.describe_range()}, got {value:g}"
        return None


@dataclass(frozen=True)
class ParamField:
    """One field of a Config: name, annotated type, default and its (completed) spec."""

    name: str
    type: Any
    default: Any
    spec: ParamSpec


def param(
    default: Any, *, label: str, help: str, minimum: float | None = None,
    maximum: float | None = None, exclusive_minimum: bool = False,
    exclusive_maximum: bool = False, choices: tuple[Any, ...] | None = None,
    log_scale: bool = False, slider: bool = False,
) -> Any:
    """A dataclass field with a default whose ``metadata["param"]`` is its ``ParamSpec``.

    ``slider=True`` marks a blend weight; only the closed range [0, 1] is allowed with it.
    """
    if slider and (minimum, maximum, exclusive_minimum, exclusive_maximum) != (0, 1, False, False):
        raise ValueError(f"{label}: slider=True needs the range [0, 1]")
    spec = ParamSpec(label, help, minimum, maximum, exclusive_minimum, exclusive_maximum,
                     None if choices is None else tuple(choices), log_scale, slider)
    return dataclasses.field(default=default, metadata={"param": spec})


def param_specs(config_cls: type) -> list[ParamField]:
    """Every field of ``config_cls`` (class or instance) with its spec, in declaration order.

    ``TypeError`` if a field was not declared with ``param`` (every model setting must be).
    """
    cls = config_cls if isinstance(config_cls, type) else type(config_cls)
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("param")
        if spec is None:
            raise TypeError(f"{cls.__name__}.{f.name} is not declared with param(...)")
        kind = hints[f.name]
        if spec.choices is None:
            if typing.get_origin(kind) is typing.Literal:
                spec = dataclasses.replace(spec, choices=typing.get_args(kind))
            elif kind is bool:
                spec = dataclasses.replace(spec, choices=(False, True))
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        out.append(ParamField(f.name, kind, default, spec))
    return out


def normalise_config(config: Any) -> None:
    """Plain Python values in place: numpy scalars (from a sweep or a slider) become ``int`` /
    ``float`` / ``bool``, whole numbers in a float field become floats and a list in a tuple
    field a tuple. Anything else is left for ``validate_config`` to judge."""
    for pf in param_specs(config):
        value = getattr(config, pf.name)
        normal = _normal(pf.type, value)
        if normal is not value:
            setattr(config, pf.name, normal)


def _normal(kind: Any, value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value) if kind is bool else value
    if kind is float and isinstance(value, numbers.Real) and type(value) is not float:
        return float(value)
    if kind is int and isinstance(value, numbers.Integral) and type(value) is not int:
        return int(value)
    if typing.get_origin(kind) is tuple and isinstance(value, (list, tuple)):
        element = (typing.get_args(kind) or (Any,))[0]
        return tuple(_normal(element, v) for v in value)
    return value


def validate_config(config: Any) -> None:
    """Raise ``ConfigError`` naming the first field whose value is not allowed."""
    for pf in param_specs(config):
        value = getattr(config, pf.name)
        problem = _problem(pf, value)
        if problem:
            raise ConfigError(f"{pf.name}: {problem}", field=pf.name)


def _problem(pf: ParamField, value: Any) -> str | None:
    if typing.get_origin(pf.type) is tuple:
        if not isinstance(value, tuple) or not value:
            return f"must be a non-empty list of whole numbers, got {value!r}"
        for v in value:
            if isinstance(v, bool) or not isinstance(v, int):
                return f"must be whole numbers, got {v!r}"
            problem = pf.spec.problem(v)
            if problem:
                return problem
        return None
    if pf.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        return f"must be a whole number, got {value!r}"
    return pf.spec.problem(value)
