"""The C library, for the Linux calls Python has no function for (renameat2, prctl)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def libc() -> ctypes.CDLL | None:
    """glibc by its name, else as `find_library` finds it (which runs `ldconfig -p`);
    None where there is none."""
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        pass
    name = ctypes.util.find_library("c")  # runs ldconfig: only where glibc's name failed
    if name:
        try:
            return ctypes.CDLL(name, use_errno=True)
        except OSError:
            pass
    return None
