"""Model builders: pure functions that return an uncompiled `keras.Model`.

Every builder takes the shape of one example and the number of classes, checks its arguments
before building anything, and names every layer, so ``model.summary()`` reads like the
lesson and ``model.get_layer("conv1")`` always works. Compile and train them with
`tfcourse.train.train`, which builds the model inside the strategy's scope.

=========================  ==========================================================
`build_mlp`                flatten → dense layers (softmax regression with no hidden)
`build_lenet`              LeNet-5, 61,706 parameters on 28×28×1 digits
`build_cnn`                3×3 conv blocks with batch norm → global average pooling
`augmentation_block`       random flips, rotations, zooms, shifts (training only)
`build_rnn`                LSTM / GRU / SimpleRNN classifier; images row by row
`build_forecaster`         recurrent window → next ``horizon`` values
`build_transfer`           a pretrained `keras.applications` base + a new head
`build_text_classifier`    word ids (or raw text) → embedding → (bi)LSTM → classifier
`build_from_pretrained`    your own trained model's features + a new head
=========================  ==========================================================

Example:
    >>> from tfcourse.models import build_mlp
    >>> build_mlp((28, 28, 1), 10).output_shape
    (None, 10)

The transfer-learning and text builders load on first use, so importing this package does
not touch `keras.applications`.
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
    "unfreeze": "tfcourse.models.transfer",
    "TRANSFER_BASES": "tfcourse.models.transfer",
    "build_text_classifier": "tfcourse.models.text",
    "make_text_vectorizer": "tfcourse.models.text",
    "add_vectorizer": "tfcourse.models.text",
    "build_from_pretrained": "tfcourse.models.from_pretrained",
}


def __getattr__(name):  # PEP 562: the transfer and text modules load when first asked for
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
