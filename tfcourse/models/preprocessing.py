"""Each `keras.applications` family's ``preprocess_input`` as a layer saved with the model.

======== ================================================ ==================================
mode     what it does to a pixel x in [0, 255]            networks
======== ================================================ ==================================
"tf"     x / 127.5 - 1, giving [-1, 1]                    MobileNetV2, InceptionV3, Xception
"caffe"  RGB → BGR, minus the ImageNet mean per channel   VGG16, VGG19, ResNet50
"torch"  x / 255, minus the mean, divided by the std      DenseNet
"none"   nothing: the network normalizes inside itself    EfficientNet
======== ================================================ ==================================
"""

from __future__ import annotations

import keras
from keras import ops

from tfcourse import validation as check

MODES = ("tf", "caffe", "torch", "none")

# ImageNet channel statistics, as keras.applications.imagenet_utils uses them
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)  # in 0-255 units, blue first
TORCH_MEAN_RGB = (0.485, 0.456, 0.406)  # in 0-1 units
TORCH_STD_RGB = (0.229, 0.224, 0.225)


@keras.saving.register_keras_serializable(package="tfcourse")
class ImagePreprocessing(keras.layers.Layer):
    """Raw RGB pixels in [0, 255] prepared as ``mode`` (one of `MODES`) asks; no weights.
    """

    def __init__(self, mode: str, **kwargs):
        super().__init__(**kwargs)
        self.mode = check.one_of("mode", mode, MODES)

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
