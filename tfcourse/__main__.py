"""Entry point for ``python -m tfcourse``: see `tfcourse.cli`, or ``python -m tfcourse --help``."""

import os

# before anything imports TensorFlow: keep its C++ log lines from burying the report
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfcourse.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
