"""Transfer learning: reuse an ImageNet network as a frozen feature extractor, then fine-tune.

A network trained on 1.2 million ImageNet photos has learned edges, textures and object parts
that help on almost any photo task. Freeze it, put a small new classifier on top, and a few
hundred labelled images are enough. Once that head has learned, `unfreeze` opens the top of the
network and a few more epochs at a *small* learning rate adapt it to the new data.

    raw pixels 0-255 -> [augment] -> ImagePreprocessing -> base (frozen) -> pool -> dropout
    -> classifier

Example:
    >>> from tfcourse.models.transfer import build_transfer, num_trainable_params, unfreeze
    >>> model = build_transfer("mobilenet_v2", (96, 96, 3), num_classes=5, weights=None)
    >>> model.output_shape
    (None, 5)
    >>> num_trainable_params(model)  # only the head learns: 1280 * 5 + 5
    6405

In a lesson: ``model.compile(...); model.fit(...)``, then ``unfreeze(model, from_layer=100)``,
compile again with a learning rate ten times smaller, and ``fit`` a few more epochs.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Callable

import keras
import numpy as np

from tfcourse import validation as check
from tfcourse.models.augment import augment_from_option
from tfcourse.models.preprocessing import ImagePreprocessing


@dataclasses.dataclass(frozen=True)
class TransferBase:
    """One pretrained network that `build_transfer` can stand on.

    Attributes:
        constructor: The `keras.applications` function that builds it.
        preprocessing: The `ImagePreprocessing` mode its ImageNet weights expect.
        min_size: Smallest height and width it accepts, in pixels.
        native_size: Height and width of its ImageNet training images (best accuracy there).
    """

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


# ----------------------------------------------------------------------------- checks


def _check_weights(weights):
    """'imagenet', None, or the path of an existing weights file (as a str)."""
    if weights is None or weights == "imagenet":
        return weights
    if not isinstance(weights, (str, os.PathLike)):
        raise ValueError("Invalid value for argument `weights`: expected 'imagenet', None, or "
                         f"the path of a weights file. Received: weights={weights!r}")
    path = os.fspath(weights)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"Weights file not found: {path!r}. Expected 'imagenet', None, or the path of an "
            f"existing weights file (.weights.h5 or .h5). Received: weights={weights!r}"
        )
    if not path.endswith((".h5", ".keras")):
        raise ValueError("Invalid value for argument `weights`: a weights file must end in "
                         f"'.weights.h5', '.h5' or '.keras'. Received: weights={weights!r}")
    return path


def _imagenet_error(base: str, error: Exception) -> WeightsUnavailableError:
    """The error for a failed weights download: which file, where it goes, what else to do."""
    message = str(error)
    url = re.search(r"https?://\S+?\.h5", message)
    reason = message.split(" -- ")[-1]  # get_file: "URL fetch failure on <url>: <code> -- <why>"
    file = (f"{os.path.basename(url.group(0))!r} from {url.group(0)}" if url
            else "the base's '..._notop.h5' weights file")
    cache = os.path.join("$KERAS_HOME" if "KERAS_HOME" in os.environ else "~/.keras", "models")
    return WeightsUnavailableError(
        f"Cannot download the ImageNet weights for base={base!r} ({reason}). Copy the weights "
        f"file once: get {file} on a machine with internet and put it in {cache}/ "
        "(Keras looks there before downloading). Or pass weights=<path of a local weights "
        "file>, or weights=None to train from scratch."
    )


def _is_download_failure(error: Exception) -> bool:
    # keras.utils.get_file turns network errors into a bare Exception("URL fetch failure ...")
    return "URL fetch failure" in str(error) or isinstance(error, (ConnectionError, TimeoutError))


# ----------------------------------------------------------------------------- the model


def build_transfer(base: str = "mobilenet_v2", input_shape=(160, 160, 3), num_classes: int = 2,
                   *, weights="imagenet", augment=True, dropout: float = 0.2,
                   classifier_activation="softmax") -> keras.Model:
    """A pretrained ImageNet network, frozen, with a new classifier on top.

    The model takes raw pixels in [0, 255] (RGB) and prepares them itself with the base's
    `ImagePreprocessing`, so the same images go into ``fit`` and ``predict``. The base's layer
    is named ``"base"`` (find it with `get_base`); it is frozen (``trainable = False``) and
    called with ``training=False``, so only the classifier learns.

    Args:
        base: A key of `TRANSFER_BASES`: ``"vgg16"``, ``"vgg19"``, ``"resnet50"``,
            ``"inception_v3"``, ``"xception"``, ``"mobilenet_v2"``, ``"efficientnet_b0"``.
            Defaults to ``"mobilenet_v2"``.
        input_shape: Image shape ``(height, width, channels)``; height and width at least the
            base's ``min_size``, 3 channels for ImageNet weights. Defaults to ``(160, 160, 3)``.
        num_classes: Number of classes, at least 2. Defaults to 2.
        weights: ``"imagenet"`` (Keras downloads them once into ``~/.keras/models/``), None
            for random weights, or the path of a weights file for this base (e.g. one written
            by ``base.save_weights("base.weights.h5")`` or a copied ``..._notop.h5``).
            Defaults to ``"imagenet"``.
        augment: Random transforms at the input (see `augment_from_option`): False or None
            for none, True for the defaults, or a dict of options. Defaults to True.
        dropout: Dropout rate before the classifier, in [0, 1); 0 leaves the layer out.
            Defaults to 0.2.
        classifier_activation: Activation of the last layer, e.g. ``"softmax"``, or None for
            logits (then use ``from_logits=True`` in the loss). Defaults to ``"softmax"``.

    Returns:
        An uncompiled `keras.Model` mapping ``(B, H, W, C)`` pixels to ``(B, num_classes)``.

    Raises:
        ValueError: If an argument is invalid: unknown ``base``, an image smaller than the
            base accepts, a weights file that does not fit the base, ...
        FileNotFoundError: If ``weights`` is a path that does not exist.
        WeightsUnavailableError: If ``weights="imagenet"`` and they cannot be downloaded.

    Example:
        >>> model = build_transfer("efficientnet_b0", (64, 64, 3), 3, weights=None,
        ...                        augment={"rotation": 0.2}, dropout=0.0)
        >>> [layer.name for layer in model.layers]
        ['image', 'augment', 'preprocess', 'base', 'pool', 'classifier']
    """
    spec = TRANSFER_BASES[check.one_of("base", base, TRANSFER_BASES)]
    input_shape = check.input_shape(input_shape, layout="(height, width, channels)", ranks=(3,))
    height, width, channels = input_shape
    if min(height, width) < spec.min_size:
        raise ValueError(
            f"Invalid value for argument `input_shape`: base={base!r} needs images of at least "
            f"{spec.min_size}x{spec.min_size} pixels (it was trained at {spec.native_size}x"
            f"{spec.native_size}). Received: input_shape={input_shape}"
        )
    weights = _check_weights(weights)
    if channels != 3 and (weights == "imagenet" or spec.preprocessing in ("caffe", "torch")):
        raise ValueError(
            f"Invalid value for argument `input_shape`: base={base!r} with weights={weights!r} "
            f"needs RGB images with 3 channels. Received: input_shape={input_shape}"
        )
    num_classes = check.integer("num_classes", num_classes, 2)
    augment = augment_from_option(input_shape, augment)
    dropout = check.fraction("dropout", dropout)
    check.activation("classifier_activation", classifier_activation, allow_none=True)

    try:
        base_model = spec.constructor(include_top=False, weights=weights,
                                      input_shape=input_shape)
    except Exception as e:
        if weights == "imagenet" and _is_download_failure(e):
            raise _imagenet_error(base, e) from e
        if weights not in (None, "imagenet"):
            first = " ".join(str(e).split("\n\n")[0].split())  # Keras lists every layer after
            raise ValueError(f"Cannot load the weights file {weights!r} into base={base!r} at "
                             f"input_shape={input_shape}; is it a file for this base? {first}"
                             ) from e
        raise
    # renamed only now: EfficientNet builds its weights file name from the `name` argument
    base_model.name = "base"
    base_model.trainable = False  # feature extraction: ImageNet's filters stay as they are

    inputs = keras.Input(shape=input_shape, name="image")  # (B, H, W, C), pixels 0..255
    x = inputs
    if augment is not None:
        x = augment(x)  # (B, H, W, C), random in training
    x = ImagePreprocessing(spec.preprocessing, name="preprocess")(x)  # (B, H, W, C)
    # training=False asks for inference mode, as the Keras guide writes it, but Keras 3 passes
    # fit's training=True down anyway. Batch norm stays in inference mode because it is frozen
    # (here, and kept so by `unfreeze`); EfficientNet's stochastic-depth dropout does switch on.
    x = base_model(x, training=False)  # (B, h, w, F): h, w = H, W / 32 for most bases
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)  # (B, F)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)  # (B, F)
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="classifier", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name=f"transfer_{base}")


# ----------------------------------------------------------------------------- fine-tuning


def get_base(model: keras.Model) -> keras.Model:
    """The pretrained network inside a `build_transfer` model.

    Args:
        model: A model from `build_transfer` (or one loaded back from its ``.keras`` file).

    Returns:
        The layer named ``"base"``, else the first layer that is itself a `keras.Model`.

    Raises:
        ValueError: If ``model`` holds no nested model.
    """
    nested = [layer for layer in model.layers if isinstance(layer, keras.Model)]
    for layer in nested:
        if layer.name == "base":
            return layer
    bases = [layer for layer in nested if layer.name != "augment"]
    if not bases:
        raise ValueError(f"Model {model.name!r} holds no pretrained base network: expected a "
                         f"model from build_transfer(). Received layers: "
                         f"{[layer.name for layer in model.layers]}")
    return bases[0]


def _all_layers(layer):
    """``layer`` and every layer nested inside it, depth first."""
    yield layer
    for sub in getattr(layer, "layers", ()):
        yield from _all_layers(sub)


def unfreeze(model: keras.Model, *, from_layer: int) -> keras.Model:
    """Open the top of the base network for fine-tuning; the bottom and batch norm stay frozen.

    As in TensorFlow's fine-tuning tutorial: ``base.trainable = True``, then the layers
    ``base.layers[:from_layer]`` are frozen again. Early layers detect edges and textures that
    suit any photo; the top ones are the most ImageNet-specific, so those are worth adapting.
    Calling it again with a smaller ``from_layer`` opens more layers; with a larger one, fewer.

    Every `keras.layers.BatchNormalization` stays ``trainable = False``. A frozen batch-norm
    layer also runs in inference mode, using the mean and variance it learned on ImageNet:
    updating those from a few small batches of new data would wreck what the layers after it
    learned. (The base is called with ``training=False`` too, but in Keras 3 the ``training``
    flag of ``fit`` reaches it anyway; the frozen batch norm is what counts.)

    The model changes in place. Compile it again before training (with a learning rate about
    ten times smaller): trainable flags take effect when the model is compiled.

    Args:
        model: A model from `build_transfer`.
        from_layer: Index into ``base.layers`` of the first layer to unfreeze. Negative counts
            from the end, as in Python: ``-20`` opens the last 20 layers; 0 opens all of them;
            ``len(base.layers)`` opens none.

    Returns:
        ``model`` itself, for chaining.

    Raises:
        ValueError: If ``from_layer`` is not an integer in
            ``[-len(base.layers), len(base.layers)]``, or ``model`` has no base.

    Example:
        >>> model = build_transfer("mobilenet_v2", (96, 96, 3), weights=None)
        >>> base = unfreeze(model, from_layer=-10).get_layer("base")
        >>> [layer.trainable for layer in base.layers[-3:]]  # conv, batch norm, relu
        [True, False, True]
    """
    base = get_base(model)
    n = len(base.layers)
    from_layer = check.integer("from_layer", from_layer, -n, n, expected=(
        f"an integer in [{-n}, {n}] (an index into the {n} layers of base {base.name!r}; "
        "negative counts from the end)"))
    start = from_layer % n if from_layer < 0 else from_layer
    base.trainable = True
    # Each layer is set one by one: on the TensorFlow backend, `x.trainable = True` is skipped
    # when x.trainable is already True, so `base.trainable = True` alone would not re-open
    # layers that an earlier unfreeze() froze.
    for i, layer in enumerate(base.layers):
        for sub in _all_layers(layer):
            # batch norm stays frozen: ImageNet statistics, inference mode
            sub.trainable = i >= start and not isinstance(sub, keras.layers.BatchNormalization)
    return model


def num_trainable_params(model: keras.Model) -> int:
    """How many numbers training will change: the sizes of the trainable weights, summed.

    Args:
        model: Any Keras model or layer.

    Returns:
        The number of trainable parameters.
    """
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))
