# Two commands for a fresh machine with only Python 3.11+:  make run  |  make test
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
# Compile .pyc files at install: imports (and so app start-up) stay fast even where
# PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

.PHONY: setup run test lint bench screenshots translations

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9

# setup also compiles the interface translations (assets/i18n/*.ts -> .qm, with the
# pyside6-lrelease PySide6 ships), so run/test/screenshots always have them: see docs/I18N.md.
setup: $(UV)
	$(UV) sync --frozen --extra test
	$(UV) run --frozen --no-sync python -m gui.i18n_tools compile

run: setup
	$(UV) run --frozen --no-sync python main.py

lint: setup
	$(UV) run --frozen --no-sync ruff check core gui tests benchmarks main.py

test: lint
	$(UV) run --frozen --no-sync pytest

bench: $(UV)
	$(UV) sync --frozen --extra test --extra bench
	$(UV) run --frozen --no-sync python -m benchmarks $(PARTS)

screenshots: setup
	$(UV) run --frozen --no-sync python -m gui.screenshots

# After changing texts in gui/ or core's labels/help: extract them into assets/i18n/*.ts
# (new ones arrive unfinished: translate them, e.g. with .venv/bin/pyside6-linguist), recompile.
translations: setup
	$(UV) run --frozen --no-sync python -m gui.i18n_tools update
