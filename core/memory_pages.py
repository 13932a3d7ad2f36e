"""numpy's huge-page advice, turned off in RecLab's processes.

numpy asks Linux for huge pages (``madvise(MADV_HUGEPAGE)``) on every array of 4 MB or more.
Where the kernel's defrag setting is "madvise" (a common default), a page fault in such an array
compacts memory whenever no free huge page is left, which stalls the thread for an unpredictable
while. Measured on the 2-core benchmark machine, in fresh processes, the same work swung from run
to run: loading a 2·10^6-row CSV 0.38-0.54 s with the advice and 0.39-0.40 s without; writing
EASE's 10,000-item Gram matrix 0.2-1.8 s with and 0.33 s without. Those swings put the progress
bar's ETA 50-90 % out. Without the advice some large dense products run a few per cent slower
(EASE's inverse at 10,000 items: ~6 %); predictable times are worth more in an app that
promises an ETA. ``RECLAB_HUGE_PAGES=1`` keeps numpy's default (to compare).

numpy's switch is private (``_set_madvise_hugepage``; numpy itself uses it to turn the advice off
on old kernels), so it is used only where present.
"""

from __future__ import annotations

import os


def avoid_huge_page_advice() -> bool:
    """Turn numpy's huge-page advice off for arrays made from now on; whether it was done."""
    if os.environ.get("RECLAB_HUGE_PAGES") == "1":
        return False
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        try:
            from numpy.core import multiarray  # type: ignore[no-redef]
        except ImportError:
            return False
    switch = getattr(multiarray, "_set_madvise_hugepage", None)
    if switch is None:
        return False
    switch(False)
    return True
