"""The ideas under the layers, from scratch in NumPy and checked against TensorFlow.

`activations`, `perceptron`, `backprop`, `convolution` and `kernels`; importing them loads no TF.
"""

from tfcourse.concepts import activations, backprop, convolution, kernels, perceptron

__all__ = ["activations", "backprop", "convolution", "kernels", "perceptron"]
