"""The pretrained ImageNet networks `build_transfer` stands on, and loading one as a frozen base.

Each entry of `TRANSFER_BASES` names a `keras.applications` constructor, the preprocessing
its weights expect (see `ImagePreprocessing`) and the image sizes it takes.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Callable

import keras

from tfcourse import validation as check

IMAGE = "(height, width, channels)"


@dataclasses.dataclass(frozen=True)
class TransferBase:
    """One pretrained network: its constructor, its `ImagePreprocessing` mode, the smallest
    height and width it accepts and the size of its ImageNet training images."""

    constructor: Callable[..., keras.Model]
    preprocessing: str
    min_size: int
    native_size: int


TRANSFER_BASES = {
    "vgg16": TransferBase(keras.applications.VGG16, "caffe", 32, 224),
    "vgg19": TransferBase(keras.applications.VGG19, "caffe", 32, 224),
    "resnet50": TransferBase(keras.applications.ResNet50, "caffe", 32, 224),
    "inception_v3": TransferBase(keras.applications.InceptionV3, "tf", 75, 299),
    "xception": TransferBase(keras.applications.Xception, "tf", 71, 299),
    "mobilenet_v2": TransferBase(keras.applications.MobileNetV2, "tf", 32, 224),
    "efficientnet_b0": TransferBase(keras.applications.EfficientNetB0, "none", 32, 224),
}


class WeightsUnavailableError(OSError):
    """The ImageNet weights are neither in the Keras cache nor downloadable right now."""


def check_base(base, input_shape, weights):
    """``(spec, input_shape, weights)`` for `build_transfer`, checked against each other."""
    spec = TRANSFER_BASES[check.one_of("base", base, TRANSFER_BASES)]
    input_shape = check.input_shape(input_shape, layout=IMAGE, ranks=(3,))
    if min(input_shape[:2]) < spec.min_size:
        size, native = spec.min_size, spec.native_size
        raise ValueError(f"Invalid value for argument `input_shape`: base={base!r} needs images "
                         f"of at least {size}x{size} pixels (it was trained at {native}x{native})."
                         f" Received: input_shape={input_shape}")
    weights = _check_weights(weights)
    if input_shape[2] != 3 and (weights == "imagenet" or spec.preprocessing in ("caffe", "torch")):
        raise ValueError(f"Invalid value for argument `input_shape`: base={base!r} with "
                         f"weights={weights!r} needs RGB images with 3 channels. "
                         f"Received: input_shape={input_shape}")
    return spec, input_shape, weights


def _check_weights(weights):
    """'imagenet', None, or the path of an existing weights file (as a str)."""
    if weights is None or weights == "imagenet":
        return weights
    if not isinstance(weights, (str, os.PathLike)):
        raise check.invalid("weights", "'imagenet', None, or the path of a weights file", weights)
    path = os.fspath(weights)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"Weights file not found: {path!r}. Expected 'imagenet', None, or the path of an "
            f"existing weights file (.weights.h5 or .h5). Received: weights={weights!r}")
    if not path.endswith((".h5", ".keras")):
        raise check.invalid("weights", "a file ending in '.weights.h5', '.h5' or '.keras'",
                            weights)
    return path


def load_base(base: str, input_shape, weights) -> keras.Model:
    """The checked base network without its top, frozen and named ``"base"``."""
    spec = TRANSFER_BASES[base]
    try:
        model = spec.constructor(include_top=False, weights=weights, input_shape=input_shape)
    except Exception as e:
        if weights == "imagenet" and _is_download_failure(e):
            raise _imagenet_error(base, e) from e
        if weights not in (None, "imagenet"):
            first = " ".join(str(e).split("\n\n")[0].split())  # Keras lists every layer after
            raise ValueError(f"Cannot load the weights file {weights!r} into base={base!r} at "
                             f"input_shape={input_shape}; is it a file for this base? {first}"
                             ) from e
        raise
    model.name = "base"  # only now: EfficientNet names its weights file after `name`
    model.trainable = False  # feature extraction: ImageNet's filters stay as they are
    return model


def _imagenet_error(base: str, error: Exception) -> WeightsUnavailableError:
    """A failed weights download: which file, where it goes, what else to do."""
    message = str(error)
    url = re.search(r"https?://\S+?\.h5", message)
    reason = message.split(" -- ")[-1]  # get_file: "URL fetch failure on <url>: <code> -- <why>"
    file = (f"{os.path.basename(url.group(0))!r} from {url.group(0)}" if url
            else "the base's '..._notop.h5' weights file")
    cache = os.path.join("$KERAS_HOME" if "KERAS_HOME" in os.environ else "~/.keras", "models")
    return WeightsUnavailableError(
        f"Cannot download the ImageNet weights for base={base!r} ({reason}). Get them once: "
        f"`python -m tfcourse fetch {base}` on a machine with internet, or "
        f"`python -m tfcourse fetch --from BUNDLE {base}` from the workshop's bundle (a folder, "
        f"or the organiser's http://ADDRESS:8000/); or copy {file} into {cache}/ (Keras looks "
        "there before downloading). Or pass weights=<path of a local weights file>, or "
        "weights=None to train from scratch.")


def _is_download_failure(error: Exception) -> bool:
    # keras.utils.get_file turns network errors into a bare Exception("URL fetch failure ...")
    return "URL fetch failure" in str(error) or isinstance(error, (ConnectionError, TimeoutError))
