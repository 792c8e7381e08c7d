"""Shared test set-up.

The CPU is split into two logical devices before TensorFlow initialises, so every test can ask
for a 2-replica `MirroredStrategy` (``get_strategy(cpu_replicas=2)``) on a machine without GPUs.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

from tfcourse._quiet import stderr_silenced  # noqa: E402

with stderr_silenced():  # TensorFlow's C++ start-up lines (a pytest-xdist worker shows them)
    from tfcourse.distribute import configure_cpu_replicas, get_strategy  # noqa: E402

    configure_cpu_replicas(2)


@pytest.fixture(scope="session")
def two_replicas():
    """A MirroredStrategy over two logical CPUs."""
    return get_strategy(cpu_replicas=2)


@pytest.fixture(scope="session", params=["default", "two_replicas"])
def strategy(request):
    """Parametrize a test over the one-device default and a 2-replica strategy."""
    if request.param == "default":
        return get_strategy("cpu")
    return get_strategy(cpu_replicas=2)
