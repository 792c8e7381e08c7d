"""Classic kernels: the fast apply_kernel against the loops and tf.nn.conv2d, on real pictures."""

import doctest
import os

import numpy as np
import pytest
import tensorflow as tf

from tfcourse.concepts import kernels as kn
from tfcourse.concepts.convolution import avg_pool2d, conv2d


@pytest.fixture
def rng():
    """Fresh random inputs each run; the seed is printed (shown on failure) and can be replayed
    with TFCOURSE_TEST_SEED=<seed>."""
    seed = int(os.environ.get("TFCOURSE_TEST_SEED", np.random.SeedSequence().entropy % 2**32))
    print(f"seed={seed}")
    return np.random.default_rng(seed)


@pytest.fixture(scope="module")
def photo():
    return kn.sample_photo()


@pytest.mark.parametrize("padding", ["same", "valid"])
def test_apply_kernel_equals_the_loops_and_tf(rng, padding):
    image = rng.uniform(size=(int(rng.integers(4, 12)), int(rng.integers(4, 12))))
    for name, kernel in kn.KERNELS.items():
        ours = kn.apply_kernel(image, kernel, padding=padding)
        expected = tf.nn.conv2d(image[None, :, :, None], kernel[:, :, None, None], 1,
                                padding.upper()).numpy()[0, :, :, 0]
        np.testing.assert_allclose(ours, conv2d(image, kernel, padding=padding), rtol=1e-12,
                                   atol=1e-12, err_msg=name)
        np.testing.assert_allclose(ours, expected, rtol=1e-10, atol=1e-12, err_msg=name)
    kernel = rng.normal(size=(2, 4))  # even and rectangular: TF puts the odd padding after
    np.testing.assert_allclose(kn.apply_kernel(image, kernel, padding=padding),
                               conv2d(image, kernel, padding=padding), rtol=1e-12, atol=1e-12)


def test_apply_kernel_filters_each_channel(rng):
    image = rng.uniform(size=(6, 5, 3))
    ours = kn.apply_kernel(image, kn.KERNELS["sharpen"])
    assert ours.shape == (6, 5, 3)
    for c in range(3):
        np.testing.assert_allclose(ours[..., c], conv2d(image[..., c], kn.KERNELS["sharpen"],
                                                        padding="same"), rtol=1e-12)


def test_the_kernels():
    assert set(kn.KERNELS) == set(kn.SPANISH_NAMES)
    assert kn.SPANISH_NAMES["laplacian"] == "Laplaciano"
    for name, k in kn.KERNELS.items():
        assert k.shape == (3, 3) and not k.flags.writeable, name
    sums = {name: k.sum() for name, k in kn.KERNELS.items()}
    for name in ("identity", "box_blur", "gaussian_blur", "sharpen"):
        assert sums[name] == pytest.approx(1.0), name  # keep the brightness
    for name in ("laplacian", "sobel_x", "sobel_y"):
        assert sums[name] == 0.0, name  # a flat area gives 0: edges only
    np.testing.assert_array_equal(kn.KERNELS["sobel_y"], kn.KERNELS["sobel_x"].T)


def test_photo_and_what_the_kernels_do_to_it(photo):
    assert photo.shape == (213, 320) and photo.dtype == np.float64
    assert 0.0 <= photo.min() < 0.1 and 0.9 < photo.max() <= 1.0
    np.testing.assert_array_equal(kn.apply_kernel(photo, kn.KERNELS["identity"]), photo)
    blurred = kn.apply_kernel(photo, kn.KERNELS["box_blur"])
    inner = (slice(1, -1), slice(1, -1))  # away from the zero padding
    assert np.abs(np.diff(blurred[inner])).mean() < np.abs(np.diff(photo[inner])).mean()
    assert abs(blurred[inner].mean() - photo[inner].mean()) < 1e-2
    edges = kn.edge_magnitude(photo)
    assert edges.shape == photo.shape and edges.min() >= 0.0


def test_sobel_signs_on_a_step():
    step = np.zeros((5, 6))
    step[:, 3:] = 1.0  # dark left half, bright right half: a vertical edge
    gx = kn.apply_kernel(step, kn.KERNELS["sobel_x"], padding="valid")  # (3, 4)
    np.testing.assert_array_equal(gx, [[0, 4, 4, 0]] * 3)  # positive where it gets brighter →
    np.testing.assert_array_equal(kn.apply_kernel(step.T, kn.KERNELS["sobel_y"],
                                                  padding="valid"), gx.T)
    np.testing.assert_array_equal(kn.apply_kernel(step, kn.KERNELS["sobel_y"], padding="valid"),
                                  np.zeros((3, 4)))  # no horizontal edge


def test_gray_and_shrink_equal_tf(rng):
    rgb = rng.uniform(size=(7, 9, 3)).astype(np.float32)
    np.testing.assert_allclose(kn.to_gray(rgb), tf.image.rgb_to_grayscale(rgb).numpy()[..., 0],
                               rtol=1e-6)
    x = rng.uniform(size=(int(rng.integers(4, 12)), int(rng.integers(4, 12)), 2))
    for f in (1, 2, 3):
        expected = tf.nn.avg_pool2d(x[None], f, f, "VALID").numpy()[0]
        np.testing.assert_allclose(kn.shrink(x, f), expected, rtol=1e-12)
        np.testing.assert_allclose(kn.shrink(x[..., 0], f), avg_pool2d(x[..., 0], f),
                                   rtol=1e-12)


def test_colour_and_full_size_photos():
    colour = kn.sample_photo("flower.jpg", gray=False, factor=4)
    assert colour.shape == (106, 160, 3) and 0.0 <= colour.min() and colour.max() <= 1.0
    assert kn.sample_photo(factor=1).shape == (427, 640)


def test_a_kernel_on_a_digit():
    digit = kn.sample_digit(0)
    assert digit.shape == (28, 28) and 0.0 <= digit.min() and digit.max() <= 1.0
    outline = kn.apply_kernel(digit, kn.KERNELS["laplacian"])
    assert np.all(outline[:3] == 0) and np.abs(outline).max() > 0.5  # blank border, sharp strokes
    with pytest.raises(ValueError, match=r"`index`: expected an integer in \[0, 1256\]"):
        kn.sample_digit(1257)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"`name`.*'china.jpg', 'flower.jpg'.*name='cat.jpg'"):
        kn.sample_photo("cat.jpg")
    with pytest.raises(ValueError, match=r"`factor`.*Received: factor=0"):
        kn.sample_photo(factor=0)
    with pytest.raises(ValueError, match=r"`gray`.*Received: gray='yes'"):
        kn.sample_photo(gray="yes")
    with pytest.raises(ValueError, match=r"`kernel`: expected an array with 2 dimensions"):
        kn.apply_kernel(np.ones((5, 5)), np.ones((3, 3, 1, 1)))
    with pytest.raises(ValueError, match=r"`padding`.*Received: padding='full'"):
        kn.apply_kernel(np.ones((5, 5)), kn.KERNELS["identity"], padding="full")
    with pytest.raises(ValueError, match=r"`kernel`: expected a window that fits in the "
                                         r"input \(2, 5\).*kernel of size \(3, 3\)"):
        kn.apply_kernel(np.ones((2, 5)), kn.KERNELS["identity"], padding="valid")
    with pytest.raises(ValueError, match=r"`factor`: expected an integer in \[1, 4\]. "
                                         r"Received: factor=5"):
        kn.shrink(np.ones((4, 4)), 5)
    with pytest.raises(ValueError, match=r"`rgb`: expected an image \(H, W, 3\)"
                                         r".*rgb.shape=\(4, 4, 4\)"):
        kn.to_gray(np.ones((4, 4, 4)))


def test_docstring_examples():
    assert doctest.testmod(kn).failed == 0
