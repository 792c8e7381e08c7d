"""Turn raw 0-255 RGB pixels into what a pretrained network was trained on, as a layer.

Every ImageNet network in `keras.applications` expects its inputs prepared the way its
authors prepared theirs, and each ships a ``preprocess_input`` function that does it. A
function has to be remembered at training *and* at inference time; a layer inside the model
travels with the saved ``.keras`` file, so the model simply takes raw pixels. There are three
recipes (plus "none"), one per family:

=========  ===================================================  ===============================
mode       what it does to a pixel x in [0, 255]                networks
=========  ===================================================  ===============================
"tf"       x / 127.5 - 1, giving [-1, 1]                        MobileNetV2, InceptionV3,
                                                                Xception
"caffe"    RGB -> BGR, then subtract the ImageNet mean per      VGG16, VGG19, ResNet50
           channel (B, G, R) = (103.939, 116.779, 123.68)
"torch"    x / 255, minus mean (0.485, 0.456, 0.406), divided   DenseNet (here for
           by std (0.229, 0.224, 0.225), per channel (R, G, B)  completeness)
"none"     nothing: the network rescales and normalizes         EfficientNet
           inside itself
=========  ===================================================  ===============================

Example:
    >>> import numpy as np
    >>> layer = ImagePreprocessing("tf")
    >>> np.asarray(layer(np.array([[[[0.0, 127.5, 255.0]]]]))).tolist()
    [[[[-1.0, 0.0, 1.0]]]]
"""

from __future__ import annotations

import keras
from keras import ops

MODES = ("tf", "caffe", "torch", "none")

# ImageNet channel statistics, as keras.applications.imagenet_utils uses them
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)  # in 0-255 units, blue first
TORCH_MEAN_RGB = (0.485, 0.456, 0.406)  # in 0-1 units
TORCH_STD_RGB = (0.229, 0.224, 0.225)


@keras.saving.register_keras_serializable(package="tfcourse")
class ImagePreprocessing(keras.layers.Layer):
    """The ``preprocess_input`` of a `keras.applications` family, as a saveable layer.

    Inputs are channels-last images ``(B, H, W, C)`` with raw pixel values in [0, 255], RGB
    order. The layer has no weights and behaves the same in training and inference.

    Args:
        mode: One of ``"tf"``, ``"caffe"``, ``"torch"``, ``"none"`` (see the module docstring
            for which network wants which).
        **kwargs: Standard layer arguments such as ``name``.

    Raises:
        ValueError: If ``mode`` is unknown, or (when the layer is built) ``"caffe"`` or
            ``"torch"`` gets images without exactly 3 channels: both work per RGB channel.

    Example:
        >>> import numpy as np
        >>> layer = ImagePreprocessing("caffe")
        >>> black, red = [0.0, 0.0, 0.0], [255.0, 0.0, 0.0]  # RGB pixels
        >>> out = np.asarray(layer(np.array([[[black, red]]])), dtype=float)  # (1, 1, 2, 3)
        >>> out[0, 0].round(1).tolist()  # BGR minus the mean: red lands in the last channel
        [[-103.9, -116.8, -123.7], [-103.9, -116.8, 131.3]]
    """

    def __init__(self, mode: str, **kwargs):
        super().__init__(**kwargs)
        if mode not in MODES:
            raise ValueError(f"Invalid value for argument `mode`: expected one of {MODES}. "
                             f"Received: mode={mode!r}")
        self.mode = mode

    def build(self, input_shape):
        if self.mode in ("caffe", "torch") and input_shape[-1] != 3:
            raise ValueError(
                f"ImagePreprocessing(mode={self.mode!r}) works per RGB channel, so it needs "
                f"images with 3 channels. Received: input_shape={tuple(input_shape)}"
            )

    def call(self, inputs):
        x = ops.cast(inputs, self.compute_dtype)  # (B, H, W, C), values in [0, 255]
        if self.mode == "tf":
            return x / 127.5 - 1.0  # (B, H, W, C) in [-1, 1]
        if self.mode == "caffe":
            x = ops.flip(x, axis=-1)  # RGB -> BGR: the original Caffe models read BGR
            return x - ops.convert_to_tensor(CAFFE_MEAN_BGR, dtype=x.dtype)  # (B, H, W, 3)
        if self.mode == "torch":
            x = x / 255.0
            mean = ops.convert_to_tensor(TORCH_MEAN_RGB, dtype=x.dtype)
            std = ops.convert_to_tensor(TORCH_STD_RGB, dtype=x.dtype)
            return (x - mean) / std  # (B, H, W, 3)
        return x  # "none": the network normalizes inside itself

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}
