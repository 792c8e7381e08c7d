"""Model builders: pure functions that return an uncompiled, named `keras.Model`.

Each checks its arguments before building: `build_mlp`, `build_lenet`, `build_cnn` (with
`augmentation_block`), `build_rnn`, `build_forecaster`, `build_transfer` (then `unfreeze`),
`build_text_classifier` and `build_from_pretrained`. Train them with `tfcourse.train.train`.

Example:
    >>> from tfcourse.models import build_mlp
    >>> build_mlp((28, 28, 1), 10).output_shape
    (None, 10)
"""

from __future__ import annotations

import importlib

from tfcourse.models.augment import augmentation_block
from tfcourse.models.cnn import build_cnn, build_lenet
from tfcourse.models.mlp import build_mlp
from tfcourse.models.rnn import build_forecaster, build_rnn

__all__ = [
    "build_mlp", "build_lenet", "build_cnn", "augmentation_block", "build_rnn",
    "build_forecaster", "build_transfer", "unfreeze", "TRANSFER_BASES",
    "build_text_classifier", "make_text_vectorizer", "add_vectorizer", "build_from_pretrained",
]

_LAZY = {
    "build_transfer": "tfcourse.models.transfer",
    "unfreeze": "tfcourse.models.fine_tuning",
    "TRANSFER_BASES": "tfcourse.models.transfer",
    "build_text_classifier": "tfcourse.models.text",
    "make_text_vectorizer": "tfcourse.models.text",
    "add_vectorizer": "tfcourse.models.text",
    "build_from_pretrained": "tfcourse.models.from_pretrained",
}


def __getattr__(name):  # PEP 562: the transfer and text builders load on first use
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
