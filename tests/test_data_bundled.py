"""Bundled datasets against scikit-learn's raw data and hand-computed answers."""

import collections
import subprocess
import sys

import numpy as np
import pytest
import sklearn.datasets

from tfcourse import data
from tfcourse.data import bundled


def _row_counts(x, y):
    """Multiset of (row, label) pairs, rows as bytes."""
    return collections.Counter((np.ascontiguousarray(r).tobytes(), l.item()) for r, l in zip(x, y))


def _splits(s):
    return [(s.x_train, s.y_train), (s.x_val, s.y_val), (s.x_test, s.y_test)]


# ----------------------------------------------------------------------------- digits


@pytest.fixture(scope="module")
def digits8():
    return data.load_digits(size=8, seed=0)


@pytest.fixture(scope="module")
def digits28():
    return data.load_digits(size=28, seed=0)


def test_digits_splits_reproduce_sklearn_exactly(digits8):
    raw = sklearn.datasets.load_digits()
    assert sum(len(x) for x, _ in _splits(digits8)) == 1797
    total = collections.Counter()
    for x, y in _splits(digits8):
        assert x.dtype == np.float32 and y.dtype == np.int32 and x.shape[1:] == (8, 8, 1)
        assert x.min() >= 0.0 and x.max() <= 1.0
        total += _row_counts(np.round(x[..., 0] * 16).astype(np.int64), y)
    # the three splits together are sklearn's dataset as a multiset: nothing lost, nothing twice
    assert total == _row_counts(raw.images.astype(np.int64), raw.target)


def test_digits_split_is_stratified_70_15_15(digits8):
    sizes = [len(y) for _, y in _splits(digits8)]
    assert sizes == [1257, 270, 270]
    overall = np.bincount(np.concatenate([y for _, y in _splits(digits8)]), minlength=10) / 1797
    for _, y in _splits(digits8):
        share = np.bincount(y, minlength=10) / len(y)
        assert (share > 0).all()  # every class in every split
        np.testing.assert_allclose(share, overall, atol=0.01)
    assert digits8.num_classes == 10


def test_digits_same_seed_same_split_other_seed_other_split(digits8):
    again = data.load_digits(seed=0)
    other = data.load_digits(seed=1)
    np.testing.assert_array_equal(again.x_train, digits8.x_train)
    np.testing.assert_array_equal(again.y_test, digits8.y_test)
    assert not np.array_equal(other.x_train, digits8.x_train)


def test_digits28_is_mnist_shaped(digits28, digits8):
    for x, y in _splits(digits28):
        assert x.shape[1:] == (28, 28, 1) and x.dtype == np.float32
        assert x.min() >= 0.0 and x.max() <= 1.0
        border = np.ones((28, 28), bool)
        border[4:24, 4:24] = False
        assert not x[:, border].any()  # the 4-pixel frame is empty, as in MNIST
    np.testing.assert_array_equal(digits28.y_train, digits8.y_train)  # same split as size=8


def test_digits28_centre_downsamples_to_the_original(digits28, digits8):
    tf = pytest.importorskip("tensorflow")
    centre = digits28.x_train[:, 4:24, 4:24, :]  # (m, 20, 20, 1)
    # area averaging (an independent resampler) back to 8x8 approximates the original
    small = tf.image.resize(centre, (8, 8), method="area").numpy()
    corr = np.corrcoef(small.ravel(), digits8.x_train.ravel())[0, 1]
    assert corr > 0.9


# ----------------------------------------------------------------------------- iris, diabetes


@pytest.mark.parametrize("name,raw_fn,features", [
    ("iris", sklearn.datasets.load_iris, 4),
    ("diabetes", lambda: sklearn.datasets.load_diabetes(scaled=False), 10),
])
def test_standardized_with_train_statistics_only(name, raw_fn, features):
    raw = raw_fn()
    plain = data.load_bundled(name, standardize=False, seed=3)
    scaled = data.load_bundled(name, standardize=True, seed=3)
    # the unscaled splits are sklearn's rows, each exactly once
    total = collections.Counter()
    for x, y in _splits(plain):
        assert x.dtype == np.float32 and x.shape[1:] == (features,)
        total += _row_counts(x, y)
    assert total == _row_counts(raw.data.astype(np.float32), raw.target.astype(plain.y_train.dtype))
    # manual standardization: mean and std of the train rows only, applied to every split
    mean = plain.x_train.astype(np.float64).mean(axis=0)
    std = plain.x_train.astype(np.float64).std(axis=0)
    for (xp, yp), (xs, ys) in zip(_splits(plain), _splits(scaled)):
        np.testing.assert_allclose(xs, (xp - mean) / std, rtol=1e-4, atol=1e-4)
        np.testing.assert_array_equal(ys, yp)  # targets never scaled
    np.testing.assert_allclose(scaled.x_train.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(scaled.x_train.std(axis=0), 1.0, atol=1e-5)
    # val/test use train statistics, so theirs are near but not exactly 0 and 1
    assert np.abs(scaled.x_val.mean(axis=0)).max() > 1e-3


def test_iris_stratified_and_diabetes_targets():
    iris = data.load_iris()
    assert [len(y) for _, y in _splits(iris)] == [105, 22, 23] and iris.num_classes == 3
    for _, y in _splits(iris):
        assert set(y.tolist()) == {0, 1, 2}
    dia = data.load_diabetes()
    assert dia.num_classes is None and dia.y_train.dtype == np.float32
    targets = np.sort(np.concatenate([y for _, y in _splits(dia)]))
    np.testing.assert_array_equal(targets, np.sort(sklearn.datasets.load_diabetes().target
                                                    .astype(np.float32)))


# ----------------------------------------------------------------------------- line, sine


def test_line_least_squares_recovers_theta():
    s = data.make_line(m=400, theta0=4.0, theta1=3.0, noise=1.0, seed=5)
    x = np.concatenate([s.x_train, s.x_val, s.x_test])
    y = np.concatenate([s.y_train, s.y_val, s.y_test])
    assert x.shape == (400,) and x.dtype == np.float32 and 0 <= x.min() and x.max() <= 2
    slope, intercept = np.polyfit(x, y, 1)
    assert abs(intercept - 4.0) < 0.4 and abs(slope - 3.0) < 0.4  # ~4 standard errors
    assert np.std(y - (intercept + slope * x)) == pytest.approx(1.0, abs=0.15)
    exact = data.make_line(noise=0.0, theta0=-1.0, theta1=0.5)
    slope, intercept = np.polyfit(exact.x_train, exact.y_train, 1)
    assert intercept == pytest.approx(-1.0, abs=1e-5) and slope == pytest.approx(0.5, abs=1e-5)
    assert "theta0=-1.0" in exact.description and "theta1=0.5" in exact.description


def test_sine_is_split_chronologically():
    s = data.make_sine(n=1000, noise=0.0, period=50)
    assert [len(s.x_train), len(s.x_val), len(s.x_test)] == [700, 150, 150]
    series = np.concatenate([s.x_train, s.x_val, s.x_test])
    np.testing.assert_allclose(series, np.sin(2 * np.pi * np.arange(1000) / 50), atol=1e-6)
    assert s.y_val is s.x_val and s.num_classes is None


def test_make_windows_hand_example():
    X, Y = data.make_windows(np.arange(10), window=3, horizon=2)
    assert X.shape == (6, 3, 1) and Y.shape == (6, 2) and X.dtype == np.float32
    np.testing.assert_array_equal(X[0, :, 0], [0, 1, 2])
    np.testing.assert_array_equal(Y[0], [3, 4])
    np.testing.assert_array_equal(X[5, :, 0], [5, 6, 7])
    np.testing.assert_array_equal(Y[5], [8, 9])
    np.testing.assert_array_equal(X[:, :, 0], [[i, i + 1, i + 2] for i in range(6)])
    X, Y = data.make_windows([1.0, 2.0], window=1)
    assert X.tolist() == [[[1.0]]] and Y.tolist() == [[2.0]]


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("call,match", [
    (lambda: data.load("digitz"), r"Unknown dataset name: 'digitz'.*'digits'.*'mnist'.*"
                                  r"Received: name='digitz'"),
    (lambda: data.load_bundled("digitz"), r"Expected one of \('digits'"),
    (lambda: data.load_bundled("mnist"), r"TFDS source.*load_tfds"),
    (lambda: data.load_digits(size=16), r"`size`: expected one of \(8, 28\)\. Received: size=16"),
    (lambda: data.load_iris(seed=-1), r"`seed`.*Received: seed=-1"),
    (lambda: data.load_digits(seed=1.5), r"Received: seed=1.5"),
    (lambda: data.make_line(m=0), r"`m`.*Received: m=0"),
    (lambda: data.make_line(noise=-1.0), r"`noise`.*>= 0.*Received: noise=-1.0"),
    (lambda: data.make_sine(n=5), r"`n`.*Received: n=5"),
    (lambda: data.make_sine(period=0), r"`period`.*Received: period=0"),
    (lambda: data.make_windows(np.arange(10), window=0), r"`window`.*Received: window=0"),
    (lambda: data.make_windows(np.arange(10), window=2.5), r"Received: window=2.5"),
    (lambda: data.make_windows(np.arange(10), window=3, horizon=0), r"Received: horizon=0"),
    (lambda: data.make_windows(np.arange(4), window=3, horizon=2),
     r"too short.*window \+ horizon = 5.*len\(series\)=4"),
    (lambda: data.make_windows(np.zeros((4, 2)), window=1), r"1-D.*series.shape=\(4, 2\)"),
])
def test_bad_arguments_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("limit", [0, -5, 2.5, True])
def test_load_images_limit_must_be_a_positive_count(limit):
    with pytest.raises(ValueError, match=rf"`limit`: expected None or a positive integer\. "
                                         rf"Received: limit={limit!r}"):
        data.load_images("digits", limit=limit)


def test_load_images_limit_keeps_the_first_training_images(digits28):
    few = data.load_images("digits", size=28, limit=7)
    np.testing.assert_array_equal(few.x_train, digits28.x_train[:7])
    np.testing.assert_array_equal(few.x_test, digits28.x_test)  # val and test stay whole


def test_unknown_option_raises_type_error():
    with pytest.raises(TypeError, match=r"'iris'.*\['size'\].*Received: size=28"):
        data.load_bundled("iris", size=28)


def test_load_dispatches_and_splits_repr():
    s = data.load("digits", size=28, seed=2)
    assert isinstance(s, data.Splits) and s.x_train.shape[1:] == (28, 28, 1)
    assert repr(s).startswith("Splits(name='digits', train=(1257, 28, 28, 1)")
    assert set(data.BUNDLED) == set(bundled._LOADERS)


def test_import_is_light():
    code = ("import sys, tfcourse.data; from tfcourse.data import load_digits; "
            "heavy = [m for m in ('tensorflow', 'tensorflow_datasets', 'sklearn') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
