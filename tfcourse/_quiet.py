"""Hide what TensorFlow's C++ side writes straight to the terminal, where it is only noise."""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def stderr_silenced():
    """Send file descriptor 2 to /dev/null inside the block (exceptions still propagate).

    TensorFlow's C++ writes there directly, where ``sys.stderr`` cannot hide it.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real stderr (some embedded hosts)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
