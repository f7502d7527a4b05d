"""Whether an index that is not there yet is being built right now, to say so on the page.

A writer holds an exclusive lock on `writer.lock` while it builds (see `index.layout`). Probing
with a shared, non-blocking lock tells whether one does, without creating files; the probe is
released at once, so at worst a writer arriving in that instant waits for it.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

LOCK_FILE = "writer.lock"


def being_written(index_dir: Path) -> bool:
    """True while another process holds the index's writer lock."""
    try:
        handle = (index_dir / LOCK_FILE).open("r")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
