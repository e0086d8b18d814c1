"""Keep the memory of freed column arrays in the process, for the next chunk to reuse.

A chunk's column arrays are hundreds of kilobytes each, and thousands of them are made
and freed per chunk. glibc's allocator maps such blocks afresh and gives freed memory
back to the system at once, so every new array is faulted in page by page (about 4,000
page faults per chunk of 65,536 rows: a third of the evaluation time). Raising its
thresholds (mallopt) keeps freed blocks in the heap to be reused: the peak memory is
the same, it is only not handed back between chunks. Set GRONDSLAG_MALLOC=default to
leave the allocator as it is. Elsewhere than on glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_DONE: list = []
_LOCK = threading.Lock()


def keep_freed_memory() -> bool:
    """Tune glibc's malloc once per process; True when it was done."""
    with _LOCK:
        if not _DONE:
            _DONE.append(_tune())
    return _DONE[0]


def _tune() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("GRONDSLAG_MALLOC") == "default":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    ok = mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest: blocks below it come from the heap
    ok = mallopt(_M_TRIM_THRESHOLD, 512 << 20) and ok  # give freed heap back only above 512 MB
    ok = mallopt(_M_TOP_PAD, 64 << 20) and ok  # grow the heap in steps of 64 MB
    return bool(ok)
