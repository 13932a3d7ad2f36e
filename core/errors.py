"""The one error type RecLab raises for bad input.

Every loader, the CLI and the GUI rely on this: a ``DataError`` carries the file, the line
(1-based, when one applies) and the problem, and its ``str`` is the message a user sees.
"""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """Bad input data: names the file, the line and the problem."""

    def __init__(self, problem: str, path: str | Path | None = None, line: int | None = None):
        self.problem = problem
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.path or "<data>"
        if self.line is not None:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.problem}"

    def __str__(self) -> str:
        return self.message


class ModelError(Exception):
    """A model cannot do what was asked (not fitted, diverged, corrupt save file...)."""


class TrainingDiverged(ModelError):
    """The training loss became NaN or infinite."""


class TrainingStopped(ModelError):
    """Stopped before training began: there is no model to keep."""


class ConfigError(ModelError, ValueError):
    """A model setting out of its range; the message starts with the field's name."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
