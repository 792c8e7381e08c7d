"""The ideas under the layers, written from scratch in NumPy and checked against TensorFlow.

Each module is one concept of the talks (the slide terms in Spanish, the talk in brackets),
small enough to read in one sitting:

* `activations` — *Función de activación* (000, 001): sigmoid, tanh, ReLU, softmax and their
  derivatives; the ``ACTIVATIONS`` table of (f, df) pairs.
* `perceptron` — *Perceptrón* (001): f(x) = sign(w·x + b) and its learning rule; AND and OR
  converge, XOR does not, and one hidden layer solves it.
* `backprop` — *Retropropagación* (001): Mitchell's BACKPROPAGATION for sigmoid units, the
  talk's 5-8-2 network with U (5x8) and W (8x2); SGD, momentum, mini-batches.
* `convolution` — *Convolución*, *Relleno* (padding), *Paso* (stride), *Muestreo máximo*
  (max pooling) (000, 003): conv2d and pooling as plain loops; (W − K + 2P)/S + 1.
* `kernels` — *Kernel*: *Identidad*, *Laplaciano*, *Desenfoque* (003): classic 3×3 kernels
  on a photo and on a handwritten digit.

The tests (``tests/test_concepts_*.py``) compare every function with its TensorFlow twin.
Importing this package loads NumPy only, never TensorFlow.

Example:
    >>> from tfcourse.concepts import convolution
    >>> convolution.output_size(W=5, K=3, P=0, S=1)
    3
"""

from tfcourse.concepts import activations, backprop, convolution, kernels, perceptron

__all__ = ["activations", "backprop", "convolution", "kernels", "perceptron"]
