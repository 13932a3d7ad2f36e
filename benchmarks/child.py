"""Entry point of a fresh measurement process: ``python -m benchmarks.child TASK JSON_ARGS``.

Prints one JSON line: the task's result, ``peak_mb`` (peak resident memory of this process) and
``baseline_mb`` (the same after imports, before the task ran). The peak is read from
``/proc/self/status`` (VmHWM), not ``ru_maxrss``: on Linux a child's ru_maxrss starts from its
parent's resident size at fork, so a large parent would mask the child's own figure.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys


def peak_rss_mb() -> float:
    """Peak resident set size of this process (MB): VmHWM, else ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    module, _, func = task.partition(":")
    fn = getattr(importlib.import_module(module), func)
    baseline = peak_rss_mb()
    result = fn(**args)
    result.update(peak_mb=round(peak_rss_mb(), 1), baseline_mb=round(baseline, 1))
    print(json.dumps(result, default=float))


if __name__ == "__main__":
    main()
