"""Hide what TensorFlow's C++ side writes straight to the terminal, where it is only noise."""

from __future__ import annotations

import contextlib
import os
import sys


@contextlib.contextmanager
def stderr_silenced():
    """Send the process's file descriptor 2 to /dev/null inside the block.

    TensorFlow's C++ start-up lines are written before its log level is read, straight to the
    file descriptor, so neither ``TF_CPP_MIN_LOG_LEVEL`` nor ``sys.stderr`` can hide them.
    Python exceptions raised inside still propagate, and print after.
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
