"""Noticing saved files: inotify on Linux (no delay, no idle CPU), else nothing.

`serve` asks the kernel to tell it when a file in the content or theme folders
is written, created, moved or deleted; where inotify is missing it falls back
to polling snapshots (see `serve.snapshot`).
"""

from __future__ import annotations

import ctypes
import os
import struct
from pathlib import Path

from plansite.libc import libc

IN_CLOSE_WRITE = 0x008
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_ISDIR = 0x40000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
MASK = IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF
_EVENT = struct.Struct("iIII")


class Inotify:
    """A non-blocking inotify descriptor watching folder trees."""

    def __init__(self, c: ctypes.CDLL, fd: int) -> None:
        self._libc = c
        self.fd = fd
        self._folders: dict[int, Path] = {}

    @classmethod
    def create(cls) -> Inotify | None:
        c = libc()
        if c is None or not hasattr(c, "inotify_init1"):
            return None
        fd = c.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        return cls(c, fd) if fd >= 0 else None

    def watch_tree(self, root: Path) -> None:
        for folder, _dirs, _files in os.walk(root):
            wd = self._libc.inotify_add_watch(self.fd, os.fsencode(folder), MASK)
            if wd >= 0:
                self._folders[wd] = Path(folder)

    def read(self) -> bool:
        """Drain pending events; True if any file changed. New folders get watched too."""
        changed = False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return changed
            offset = 0
            while offset < len(data):
                wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                name = data[offset + _EVENT.size: offset + _EVENT.size + length].rstrip(b"\0")
                offset += _EVENT.size + length
                changed = True
                folder = self._folders.get(wd)
                if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO) and folder:
                    self.watch_tree(folder / os.fsdecode(name))

    def close(self) -> None:
        os.close(self.fd)
