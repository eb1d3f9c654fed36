"""The C library, for the Linux calls Python has no function for (renameat2, prctl)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def libc() -> ctypes.CDLL | None:
    """glibc by its name, else as `find_library` finds it (which runs `ldconfig -p`);
    None where there is none."""
    for name in ("libc.so.6", ctypes.util.find_library("c")):
        if name:
            try:
                return ctypes.CDLL(name, use_errno=True)
            except OSError:
                continue
    return None
