"""Convolution and pooling by hand against tf.nn, the output-size formula, the slides' cases."""

import doctest
import itertools
import math
import os

import numpy as np
import pytest
import tensorflow as tf
from scipy import signal

from tfcourse.concepts import convolution as cv


@pytest.fixture
def rng():
    """Fresh random inputs each run; the seed is printed (shown on failure) and can be replayed
    with TFCOURSE_TEST_SEED=<seed>."""
    seed = int(os.environ.get("TFCOURSE_TEST_SEED", np.random.SeedSequence().entropy % 2**32))
    print(f"seed={seed}")
    return np.random.default_rng(seed)


def _tf_padding(padding):
    """TF's spelling: "VALID", "SAME", or explicit [[0, 0], [P, P], [P, P], [0, 0]]."""
    return padding.upper() if isinstance(padding, str) else [[0, 0], [padding] * 2,
                                                             [padding] * 2, [0, 0]]


# ----------------------------------------------------------------------------- against tf.nn


@pytest.mark.parametrize("stride, padding", itertools.product([1, 2], ["valid", "same", 1]))
@pytest.mark.parametrize("channels", [None, (3, 2)])
def test_conv2d_equals_tf(rng, stride, padding, channels):
    h, w, k = int(rng.integers(5, 10)), int(rng.integers(5, 10)), int(rng.integers(1, 5))
    if channels is None:  # grey image (H, W) and kernel (kh, kw)
        image, kernel = rng.normal(size=(h, w)), rng.normal(size=(k, k + 1))
        x4, k4 = image[None, :, :, None], kernel[:, :, None, None]
    else:  # (H, W, C_in) and (kh, kw, C_in, C_out)
        image, kernel = rng.normal(size=(h, w, channels[0])), rng.normal(size=(k, k + 1,
                                                                              *channels))
        x4, k4 = image[None], kernel
    expected = tf.nn.conv2d(x4, k4, strides=stride, padding=_tf_padding(padding)).numpy()[0]
    ours = cv.conv2d(image, kernel, strides=stride, padding=padding)
    np.testing.assert_allclose(ours, expected if channels else expected[..., 0], rtol=1e-10,
                               atol=1e-12, err_msg=f"image {image.shape}, kernel {kernel.shape}")


def test_conv2d_with_rectangular_stride_and_float32(rng):
    image, kernel = rng.normal(size=(9, 8, 2)), rng.normal(size=(3, 2, 2, 4))
    expected = tf.nn.conv2d(image[None].astype(np.float32), kernel.astype(np.float32),
                            strides=[1, 2, 3, 1], padding="SAME").numpy()[0]
    ours = cv.conv2d(image.astype(np.float32), kernel.astype(np.float32), strides=(2, 3),
                     padding="same")
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("pool, stride, padding",
                         itertools.product([2, 3], [1, 2], ["valid", "same"]))
def test_pooling_equals_tf(rng, kind, pool, stride, padding):
    x = rng.normal(size=(int(rng.integers(4, 10)), int(rng.integers(4, 10)), 3))  # (H, W, C)
    if kind == "max":  # TF's CPU max pooling rounds float64 through float32: compare in float32
        x = x.astype(np.float32)
    tf_pool = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d
    ours_pool = cv.max_pool2d if kind == "max" else cv.avg_pool2d
    expected = tf_pool(x[None], pool, stride, padding.upper()).numpy()[0]
    np.testing.assert_allclose(ours_pool(x, pool, strides=stride, padding=padding), expected,
                               rtol=1e-12, atol=1e-12, err_msg=f"x.shape={x.shape}")
    np.testing.assert_allclose(ours_pool(x[..., 0], pool, strides=stride, padding=padding),
                               expected[..., 0], rtol=1e-12, atol=1e-12)  # grey (H, W)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_keras_layers_take_the_same_arguments(rng, padding):
    # the same keyword arguments give the same numbers as Keras's layers
    import keras

    x = rng.normal(size=(7, 9, 2)).astype(np.float32)  # (H, W, C)
    pooling = {"pool_size": (2, 3), "strides": (1, 2), "padding": padding}
    for ours, layer in ((cv.max_pool2d, keras.layers.MaxPooling2D),
                        (cv.avg_pool2d, keras.layers.AveragePooling2D)):
        expected = keras.ops.convert_to_numpy(layer(**pooling)(x[None]))[0]
        np.testing.assert_allclose(ours(x, **pooling), expected, rtol=1e-6, atol=1e-6)
    kernel = rng.normal(size=(3, 2, 2, 4)).astype(np.float32)  # (kh, kw, C_in, C_out)
    conv = keras.layers.Conv2D(4, (3, 2), strides=(2, 1), padding=padding, use_bias=False)
    conv.build((None, 7, 9, 2))
    conv.kernel.assign(kernel)
    expected = keras.ops.convert_to_numpy(conv(x[None]))[0]
    np.testing.assert_allclose(cv.conv2d(x, kernel, strides=(2, 1), padding=padding), expected,
                               rtol=1e-5, atol=1e-5)


def test_pool_stride_defaults_to_pool_size(rng):
    x = rng.normal(size=(6, 7)).astype(np.float32)
    expected = tf.nn.max_pool2d(x[None, :, :, None], 2, 2, "VALID").numpy()[0, :, :, 0]
    np.testing.assert_array_equal(cv.max_pool2d(x), expected)
    np.testing.assert_array_equal(cv.max_pool2d(x, 2), expected)


def test_tf_output_size_over_a_grid():
    for size, k, s, padding in itertools.product(range(1, 10), range(1, 5), range(1, 4),
                                                 ["valid", "same"]):
        if padding == "valid" and k > size:
            with pytest.raises(ValueError,
                               match=r"`kernel_size`: expected a kernel that fits in the input"):
                cv.tf_output_size(size, k, strides=s, padding=padding)
            continue
        out = tf.nn.conv2d(tf.zeros((1, size, size, 1)), tf.zeros((k, k, 1, 1)), s,
                           padding.upper())
        assert cv.tf_output_size(size, k, strides=s, padding=padding) == out.shape[1], \
            (size, k, s, padding)


def test_output_size_formula_over_a_grid():
    # the slide's formula, rounded down where the stride does not divide: TensorFlow's answer
    for W, K, P, S in itertools.product(range(1, 9), range(1, 5), range(0, 3), range(1, 4)):
        if K > W + 2 * P:
            with pytest.raises(ValueError, match=r"`K`: expected .*fits in the padded input"):
                cv.output_size(W, K, P, S)
            continue
        out = tf.nn.conv2d(tf.zeros((1, W, W, 1)), tf.zeros((K, K, 1, 1)), S,
                           _tf_padding(P))
        assert cv.output_size(W, K, P, S) == out.shape[1] == math.floor((W - K + 2 * P) / S) + 1


def test_resnet50s_first_layer_by_hand_is_tensorflows_112():
    out = tf.nn.conv2d(tf.zeros((1, 224, 224, 3)), tf.zeros((7, 7, 3, 1)), 2,
                       [[0, 0], [3, 3], [3, 3], [0, 0]])
    assert cv.output_size(224, 7, 3, 2) == out.shape[1] == 112
    assert cv.explain_output_size(224, 7, 3, 2) == (
        "(224 − 7 + 2·3)/2 + 1 = 223/2 + 1 → 112: the stride leaves 1 row at the end that no "
        "window reaches; it is dropped, as in TensorFlow.")
    assert cv.explain_output_size(5, 3) == "(5 − 3 + 2·0)/1 + 1 = 2/1 + 1 → 3"


def test_conv2d_is_cross_correlation_and_flipping_gives_convolution(rng):
    image, kernel = rng.normal(size=(7, 6)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(cv.conv2d(image, kernel), signal.correlate2d(image, kernel,
                                                                             mode="valid"))
    np.testing.assert_allclose(cv.conv2d(image, np.flip(kernel, (0, 1))),
                               signal.convolve2d(image, kernel, mode="valid"))


# ----------------------------------------------------------------------------- the slides

# a 5×5 binary image and a 3×3 "X" filter; each output is the number of 1s under the filter
IMAGE_5X5 = np.array([[1, 1, 1, 0, 0],
                      [0, 1, 1, 1, 0],
                      [0, 0, 1, 1, 1],
                      [0, 0, 1, 1, 0],
                      [0, 1, 1, 0, 0]])
FILTER_3X3 = np.array([[1, 0, 1],
                       [0, 1, 0],
                       [1, 0, 1]])


def test_slide_convolution_5x5_input_3x3_filter_gives_3x3():
    # "Convolución: entrada 5×5, salida 3×3, filtro 3x3" (talk 000)
    assert cv.output_size(5, 3) == 3
    expected = [[4, 3, 4],  # e.g. top left: 1·1 + 1·1 + 1·1 + 0 + 1 (centre) = 4
                [2, 4, 3],
                [2, 3, 4]]
    np.testing.assert_array_equal(cv.conv2d(IMAGE_5X5, FILTER_3X3), expected)


def test_slide_max_pooling_5x5_stride_1_gives_3x3():
    # "Muestreo máximo: entrada 5×5, salida 3×3, paso 1x1" (talk 000): a 3×3 window
    x = np.array([[9, 1, 2, 0, 3],
                  [1, 0, 4, 1, 2],
                  [2, 3, 1, 5, 0],
                  [0, 6, 2, 1, 4],
                  [1, 2, 0, 3, 8]])
    np.testing.assert_array_equal(cv.max_pool2d(x, 3, strides=1), [[9, 5, 5],
                                                                  [6, 6, 5],
                                                                  [6, 6, 8]])


X_4X4 = np.array([[1, 1, 2, 4],
                  [5, 6, 7, 8],
                  [3, 2, 1, 0],
                  [1, 2, 3, 4]])


def test_slide_2x2_pooling_with_stride_1_and_2():
    # "2x2 Max pooling con un stride de 1 / de 2", and average pooling (talk 003)
    np.testing.assert_array_equal(cv.max_pool2d(X_4X4, 2, strides=1), [[6, 7, 8],
                                                                      [6, 7, 8],
                                                                      [3, 3, 4]])
    np.testing.assert_array_equal(cv.max_pool2d(X_4X4, 2, strides=2), [[6, 8],
                                                                      [3, 4]])
    np.testing.assert_array_equal(cv.avg_pool2d(X_4X4, 2, strides=1), [[3.25, 4, 5.25],
                                                                      [4, 4, 4],
                                                                      [2, 2, 2]])
    np.testing.assert_array_equal(cv.avg_pool2d(X_4X4, 2, strides=2), [[3.25, 5.25],
                                                                      [2, 2]])


def test_slide_padding_keeps_the_size_and_stride_shrinks_it():
    # "PADDING ... el mapa de características sea de igual tamaño que la entrada"
    assert cv.output_size(5, 3, P=1) == 5 and cv.conv2d(IMAGE_5X5, FILTER_3X3, padding=1).shape \
        == (5, 5)
    assert cv.conv2d(IMAGE_5X5, FILTER_3X3, padding=1)[0, 0] == 1 + 1  # zeros around the corner
    # "Si se aumenta el stride, se reducirá el tamaño del tensor de salida"
    assert cv.output_size(5, 3, S=2) == 2
    np.testing.assert_array_equal(cv.conv2d(IMAGE_5X5, FILTER_3X3, strides=2), [[4, 4],
                                                                               [2, 4]])


def test_same_average_pooling_divides_by_the_real_cells():
    x = np.arange(1.0, 26.0).reshape(5, 5)
    assert cv.same_padding(5, 2, 2) == (0, 1)  # ⌈5/2⌉ = 3 windows need 1 extra column, at the end
    # by hand: "same" on 5×6 with a 3×2 window, strides (2, 1): rows need 2 zeros, columns 1
    assert cv.pad_widths((5, 6), (3, 2), (2, 1), "same") == [(1, 1), (0, 1)]
    assert cv.pad_widths((5, 6), (3, 2), (2, 1), 2) == [(2, 2), (2, 2)]
    # the last column of windows covers column 4 and a padded one: (5 + 10) / 2, not / 4
    np.testing.assert_array_equal(cv.avg_pool2d(x, 2, strides=2, padding="same"),
                                  [[4, 6, 7.5], [14, 16, 17.5], [21.5, 23.5, 25]])
    np.testing.assert_array_equal(cv.avg_pool2d(np.ones((5, 5)), 3, strides=2, padding="same"),
                                  np.ones((3, 3)))


# ----------------------------------------------------------------------------- errors


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"K <= W \+ 2P = 3. Received: K=5"):
        cv.output_size(3, 5)
    with pytest.raises(ValueError, match=r"`W`: expected a positive integer. Received: W=0"):
        cv.output_size(0, 3)
    with pytest.raises(ValueError, match=r"`P`.*Received: P=-1"):
        cv.output_size(5, 3, P=-1)
    with pytest.raises(ValueError, match=r"`padding`.*'valid', 'same'.*Received: padding='full'"):
        cv.conv2d(IMAGE_5X5, FILTER_3X3, padding="full")
    with pytest.raises(ValueError, match=r"`strides`.*Received: strides=0"):
        cv.conv2d(IMAGE_5X5, FILTER_3X3, strides=0)
    with pytest.raises(ValueError, match=r"`kernel`: expected shape \(kh, kw\) for a grey"
                                         r".*kernel.shape=\(3, 3, 1, 1\)"):
        cv.conv2d(IMAGE_5X5, np.ones((3, 3, 1, 1)))
    with pytest.raises(ValueError, match=r"`kernel`: expected .*\(kh, kw, C_in, C_out\) "
                                         r"for an image \(H, W, C_in\).*image.shape=\(5, 5, 3\), "
                                         r"kernel.shape=\(3, 3, 2, 4\)"):
        cv.conv2d(np.ones((5, 5, 3)), np.ones((3, 3, 2, 4)))
    with pytest.raises(ValueError, match=r"`kernel`: expected a window that fits in the "
                                         r"input \(5, 5\) with padding='valid'. "
                                         r"Received: kernel of size \(6, 6\)"):
        cv.conv2d(IMAGE_5X5, np.ones((6, 6)))
    with pytest.raises(ValueError, match=r"`pool_size`: expected a window that fits"
                                         r".*\(5, 5\).*size \(6, 2\)"):
        cv.max_pool2d(IMAGE_5X5, (6, 2))
    with pytest.raises(ValueError, match=r"`padding`: expected one of \('valid', 'same'\)"):
        cv.max_pool2d(IMAGE_5X5, 2, padding=1)
    with pytest.raises(ValueError, match=r"`pool_size`.*Received: pool_size=\(2, 0\)"):
        cv.avg_pool2d(IMAGE_5X5, (2, 0))
    with pytest.raises(ValueError, match=r"`x`: expected an array with 2 or 3 dimensions"):
        cv.max_pool2d(np.ones(5))
    with pytest.raises(ValueError, match=r"`image` contains NaN"):
        cv.conv2d(np.full((5, 5), np.nan), FILTER_3X3)


def test_docstring_examples():
    assert doctest.testmod(cv).failed == 0
