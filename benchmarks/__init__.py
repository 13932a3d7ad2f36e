"""RecLab benchmarks: accuracy and speed beside peers, loading, scale and the app.

Run ``python -m benchmarks [PART ...]`` (parts: accuracy, speed, loading, scale, app); each part
writes ``benchmarks/results/<part>.json`` and ``docs/BENCHMARKS.md`` is rebuilt from every JSON
present, so parts can be re-run by name without losing the others' tables.
"""
