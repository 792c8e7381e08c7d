"""How `tfcourse.train` compiles a model: the optimizer by name, and steps per compiled call."""

from __future__ import annotations

import keras

from tfcourse import validation as check
from tfcourse.callbacks import watches_batches
from tfcourse.multiworker import num_workers

_OPTIMIZERS = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD,
               "rmsprop": keras.optimizers.RMSprop, "adamw": keras.optimizers.AdamW}
OPTIMIZERS = tuple(_OPTIMIZERS)
# what steps_per_execution="auto" runs per call (BENCHMARKS.md, case 4: 32 vs 64 steps)
AUTO_STEPS_PER_EXECUTION = 32


def make_optimizer(name: str, lr: float) -> keras.optimizers.Optimizer:
    """A Keras optimizer by name (``adam``, ``sgd``, ``rmsprop``, ``adamw``) at rate ``lr``."""
    name = check.one_of("optimizer", name, OPTIMIZERS)
    return _OPTIMIZERS[name](learning_rate=check.positive_number("lr", lr))


def resolve_steps_per_execution(value, callbacks=(), strategy=None) -> int:
    """The training steps per compiled call that ``steps_per_execution=value`` means.

    ``"auto"`` is `AUTO_STEPS_PER_EXECUTION`, or 1 when one of ``callbacks`` watches single
    batches (Keras calls batch hooks every N-th batch only) or ``strategy`` spans several
    workers. A ``ValueError`` if ``value`` is neither ``"auto"`` nor a positive integer, or is
    above 1 across several workers.

    Example:
        >>> resolve_steps_per_execution("auto", [keras.callbacks.TerminateOnNaN()])
        1
    """
    workers = num_workers(strategy)
    if value == "auto":
        return 1 if workers > 1 or any(watches_batches(c) for c in callbacks) \
            else AUTO_STEPS_PER_EXECUTION
    value = check.integer("steps_per_execution", value, 1,
                          expected='"auto" or a positive integer')
    if value > 1 and workers > 1:  # Keras 3.15's multi-step loop fails across workers
        raise check.invalid("steps_per_execution", f'1 or "auto" across several workers '
                            f"({workers} here), where Keras' loop of several steps per call "
                            "fails", value)
    return value
