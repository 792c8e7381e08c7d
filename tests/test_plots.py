"""Every picture renders to a real PNG, and the numbers behind the pictures are right.

Each plot function draws a small synthetic case into ``tmp_path``; the PNG must load, have the
size of the figure's tight bounding box (``save`` crops to it), and show something. The maths
is checked against oracles: the confusion matrix against scikit-learn, the cost surface's
lowest point against least squares (``np.polyfit``), LeNet's first feature maps against a
convolution done here with ``keras.ops``.
"""

import doctest
import importlib
import subprocess
import sys

import matplotlib
import matplotlib.image
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from tfcourse import plots

RNG = np.random.default_rng(0)
X_LINE = RNG.uniform(-2, 2, 60)
Y_LINE = 1.5 + 0.7 * X_LINE + RNG.normal(0, 0.3, 60)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
}
EDGES = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=float)


def square_image(size=16):
    image = np.zeros((size, size))  # (H, W): a bright square on black
    image[4:12, 5:11] = 1.0
    return image


def filtered_valid(image, kernel):
    """Cross-correlation, 'valid' padding, as conv layers compute it; by hand, in NumPy."""
    kh, kw = kernel.shape
    h, w = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    return np.array([[np.sum(image[i:i + kh, j:j + kw] * kernel) for j in range(w)]
                     for i in range(h)])  # (h, w)


def gradient_path(steps=40, lr=0.2):
    theta, path = np.array([-2.0, 3.0]), []
    for _ in range(steps + 1):
        path.append(theta.copy())
        r = theta[0] + theta[1] * X_LINE - Y_LINE  # (m,) residuals
        theta = theta - lr * np.array([r.mean(), (r * X_LINE).mean()])
    return np.array(path)  # (steps + 1, 2)


def labels_and_guesses(n=120, k=4):
    y_true = RNG.integers(0, k, n)
    y_pred = np.where(RNG.random(n) < 0.7, y_true, RNG.integers(0, k, n))
    return y_true, y_pred


# one small case per plot function: (function name, call taking the PNG path)
CASES = {
    "losses": ("plot_losses", lambda p: plots.plot_losses(
        {"numpy": [3.0, 2.0, 1.5], "tape": [3.0, 2.1, 1.4]}, path=p)),
    "history": ("plot_history", lambda p: plots.plot_history(
        {"a": {"loss": [1.0, 0.6, 0.5], "val_loss": [1.1, 0.8, 0.7]}}, path=p)),
    "history_accuracy": ("plot_history", lambda p: plots.plot_history(
        {"a": {"loss": [1.0, 0.6], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]},
         "b": {"loss": [0.9, 0.4], "accuracy": [0.6, 0.9]}}, path=p)),
    "regression_line": ("plot_regression_line", lambda p: plots.plot_regression_line(
        X_LINE, Y_LINE, {"gd": (1.4, 0.68), "lstsq": (1.5, 0.7)}, path=p)),
    "cost_surface": ("plot_cost_surface", lambda p: plots.plot_cost_surface(
        plots.linear_cost(X_LINE, Y_LINE), (-3, 5), (-2, 4), path_points=gradient_path(),
        resolution=60, path=p)),
    "decision_boundary": ("plot_decision_boundary", lambda p: plots.plot_decision_boundary(
        lambda X: X @ np.array([[1.0, -1.0, 0.2], [0.5, 0.3, -1.0]]), RNG.normal(size=(60, 2)),
        RNG.integers(0, 3, 60), resolution=50, class_names=["a", "b", "c"], path=p)),
    "activations": ("plot_activations", lambda p: plots.plot_activations(
        ACTIVATIONS, path=p)),
    "images": ("plot_images", lambda p: plots.plot_images(
        RNG.integers(0, 256, (5, 8, 8)), [str(i) for i in range(5)], cols=3, path=p)),
    "predictions": ("plot_predictions", lambda p: plots.plot_predictions(
        RNG.random((6, 8, 8, 1)), [0, 1, 2, 0, 1, 2], [0, 1, 1, 0, 2, 2],
        class_names=["zero", "one", "two"], path=p)),
    "kernels": ("plot_kernels", lambda p: plots.plot_kernels(
        square_image(), {"edges": EDGES, "blur": np.full((3, 3), 1 / 9)},
        {"edges": filtered_valid(square_image(), EDGES),
         "blur": filtered_valid(square_image(), np.full((3, 3), 1 / 9))}, path=p)),
    "filters": ("plot_filters", lambda p: plots.plot_filters(
        RNG.normal(size=(5, 5, 6, 16)), path=p)),
    "filters_rgb": ("plot_filters", lambda p: plots.plot_filters(
        RNG.normal(size=(3, 3, 3, 8)), path=p)),
    "feature_maps": ("plot_feature_maps", lambda p: plots.plot_feature_maps(
        [("conv1", RNG.random((1, 12, 12, 6))), ("pool1", RNG.random((6, 6, 6)))],
        max_maps=4, path=p)),
    "confusion_matrix": ("plot_confusion_matrix", lambda p: plots.plot_confusion_matrix(
        *labels_and_guesses(), path=p)),
    "confusion_matrix_normalized": ("plot_confusion_matrix", lambda p: (
        plots.plot_confusion_matrix(*labels_and_guesses(), normalize=True,
                                    class_names=["w", "x", "y", "z"], path=p))),
}


def tight_png_size(fig, dpi=100):
    """(height, width) in pixels of what ``save`` writes: the tight bounding box plus padding."""
    assert fig.dpi == dpi  # the layout was measured at the resolution it is saved at
    renderer = FigureCanvasAgg(fig).get_renderer()  # a closed figure keeps only a bare canvas
    bbox = fig.get_tightbbox(renderer)
    bbox = bbox.padded(matplotlib.rcParams["savefig.pad_inches"])
    return round(bbox.height * dpi), round(bbox.width * dpi)


# ----------------------------------------------------------------------------- every picture


def test_every_public_plot_function_has_a_case():
    public = {name for name in plots.__all__ if name.startswith("plot_")}
    assert public == {function for function, _ in CASES.values()}


@pytest.mark.parametrize("case", list(CASES))
def test_renders_png(case, tmp_path):
    path = tmp_path / "nested" / f"{case}.png"  # save creates the folder
    fig = CASES[case][1](path)
    assert isinstance(fig, matplotlib.figure.Figure)
    pixels = matplotlib.image.imread(path)  # (H, W, 4) floats in [0, 1]
    assert pixels.ndim == 3 and pixels.shape[2] in (3, 4)
    height, width = tight_png_size(fig)
    assert abs(pixels.shape[0] - height) <= 1 and abs(pixels.shape[1] - width) <= 1
    assert 100 <= pixels.shape[0] <= 2500 and 100 <= pixels.shape[1] <= 2500
    rgb = pixels[..., :3]
    assert rgb.var() > 0
    assert np.mean(rgb.min(axis=2) < 0.9) > 0.02  # more than frames: a few % not white


def test_no_path_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fig = plots.plot_losses({"a": [1.0, 0.5]})
    assert fig.axes and not list(tmp_path.iterdir())


def test_import_is_light():
    code = ("import sys, tfcourse.plots; from tfcourse.plots import save, plot_history; "
            "print([m for m in ('matplotlib', 'tensorflow', 'keras') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["training", "regression", "classification", "activations",
                                    "images", "convolution", "features"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(f"tfcourse.plots.{module}"))
    assert result.failed == 0 and result.attempted > 0


# ----------------------------------------------------------------------------- training, images


def test_history_adds_an_accuracy_panel_only_when_recorded():
    assert len(plots.plot_history({"a": {"loss": [1, 0.5]}}).axes) == 1
    fig = plots.plot_history({"a": {"loss": [1, 0.5], "accuracy": [0.5, 0.7]}})
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy"]


def test_predictions_titled_true_arrow_predicted_red_when_wrong():
    fig = plots.plot_predictions(np.zeros((3, 4, 4)), [0, 1, 1], [0, 1, 0],
                                 class_names=["cat", "dog"])
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["cat→cat", "dog→dog", "dog→cat"]
    assert [t.get_color() for t in titles] == ["black", "black", "red"]


def test_images_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"`images`: expected images \(m, h, w\) or "
                                         r"\(m, h, w, c\). Received: images.shape=\(4, 4\)"):
        plots.plot_images(np.zeros((4, 4)))
    with pytest.raises(ValueError, match=r"`cols`: expected a positive integer. Received: cols=0"):
        plots.plot_images(np.zeros((2, 4, 4)), cols=0)


# ----------------------------------------------------------------------------- regression


def test_linear_cost_is_half_the_mean_squared_error_on_any_grid():
    J = plots.linear_cost(X_LINE, Y_LINE)
    t0, t1 = RNG.normal(size=(7, 5)), RNG.normal(size=(7, 5))
    direct = np.mean((t0[..., None] + t1[..., None] * X_LINE - Y_LINE) ** 2, axis=-1) / 2
    np.testing.assert_allclose(J(t0, t1), direct, rtol=1e-10)
    assert np.ndim(J(0.5, 0.5)) == 0


def test_linear_cost_rejects_mismatched_data():
    with pytest.raises(ValueError, match=r"`y`.*len\(x\)=3, len\(y\)=2"):
        plots.linear_cost([1, 2, 3], [1, 2])


def _line(fig, label_start):
    [line] = [ln for ln in fig.axes[0].get_lines() if ln.get_label().startswith(label_start)]
    return np.column_stack(line.get_data())  # (points, 2)


def test_cost_surface_lowest_point_is_least_squares():
    theta1, theta0 = np.polyfit(X_LINE, Y_LINE, 1)
    fig = plots.plot_cost_surface(plots.linear_cost(X_LINE, Y_LINE), (-3, 5), (-2, 4),
                                  resolution=161)  # grid step 0.05 and 0.0375
    [grid_min] = _line(fig, "min on grid")
    np.testing.assert_allclose(grid_min, [theta0, theta1], atol=0.05)


def test_cost_surface_draws_the_path_from_start_to_end():
    path = gradient_path()
    fig = plots.plot_cost_surface(plots.linear_cost(X_LINE, Y_LINE), (-3, 5), (-2, 4),
                                  path_points=path, resolution=40)
    np.testing.assert_allclose(_line(fig, "gradient descent"), path)
    np.testing.assert_allclose(_line(fig, "start")[0], path[0])
    np.testing.assert_allclose(_line(fig, "end")[0], path[-1])


def test_cost_surface_calls_a_scalar_cost_per_point_when_asked():
    def scalar_cost(theta0, theta1):  # only works for two numbers
        assert isinstance(theta0, float) and isinstance(theta1, float)
        return float(np.mean((theta0 + theta1 * X_LINE - Y_LINE) ** 2) / 2)

    a = plots.plot_cost_surface(scalar_cost, (-3, 5), (-2, 4), resolution=21, vectorized=False)
    b = plots.plot_cost_surface(plots.linear_cost(X_LINE, Y_LINE), (-3, 5), (-2, 4),
                                resolution=21)
    np.testing.assert_allclose(_line(a, "min on grid"), _line(b, "min on grid"))


@pytest.mark.parametrize("kwargs, message", [
    ({"cost_fn": lambda a, b: 1.0}, r"`cost_fn`.*vectorized=False.*shape \(\)"),
    ({"cost_fn": lambda a, b: np.where(a > 0, np.inf, 1.0)}, r"`cost_fn`.*finite"),
    ({"theta0_range": (2, 1)}, r"`theta0_range`.*low < high.*\(2, 1\)"),
    ({"theta1_range": 5}, r"`theta1_range`.*Received: theta1_range=5"),
    ({"path_points": [1, 2, 3]}, r"`path_points`.*\(steps, 2\).*\(3,\)"),
    ({"path_points": [[1, 2, 3]]}, r"`path_points`.*\(1, 3\)"),
    ({"resolution": 1}, r"`resolution`.*>= 2"),
])
def test_cost_surface_errors_name_the_argument(kwargs, message):
    args = {"cost_fn": plots.linear_cost(X_LINE, Y_LINE), "theta0_range": (-1, 1),
            "theta1_range": (-1, 1), "resolution": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        plots.plot_cost_surface(args.pop("cost_fn"), args.pop("theta0_range"),
                                args.pop("theta1_range"), **args)


# ----------------------------------------------------------------------------- classification


@pytest.mark.parametrize("seed, k", [(0, 2), (1, 5), (2, 10)])
def test_confusion_matrix_matches_sklearn(seed, k):
    from sklearn.metrics import confusion_matrix as sk_confusion_matrix

    rng = np.random.default_rng(seed)
    y_true, y_pred = rng.integers(0, k, 500), rng.integers(0, k, 500)
    expected = sk_confusion_matrix(y_true, y_pred, labels=range(k))
    np.testing.assert_array_equal(plots.confusion_matrix(y_true, y_pred, num_classes=k),
                                  expected)
    scores = np.eye(k)[y_pred] + 0.01 * rng.random((500, k))  # (N, K): argmax is y_pred
    np.testing.assert_array_equal(plots.confusion_matrix(y_true, scores, num_classes=k),
                                  expected)


def test_confusion_matrix_reads_class_one_probabilities_and_booleans():
    y_true = np.array([0, 1, 1, 0])
    probability = np.array([[0.2], [0.9], [0.4], [0.6]])  # (N, 1) sigmoid outputs
    np.testing.assert_array_equal(plots.confusion_matrix(y_true, probability),
                                  [[1, 1], [1, 1]])
    np.testing.assert_array_equal(plots.confusion_matrix(y_true == 1, y_true), [[2, 0], [0, 2]])


@pytest.mark.parametrize("y_true, y_pred, kwargs, message", [
    ([0, 1, 2], [0, 1], {}, r"`y_pred`.*len\(y_true\)=3, len\(y_pred\)=2"),
    ([0, 1, 2], [0, 1, 1], {"num_classes": 2}, r"`num_classes`.*>= 3"),
    ([0, -1], [0, 1], {}, r"`y_true`.*integer labels"),
    ([0, 1], [0.5, 2.5], {}, r"`y_pred`.*from 0.5 to 2.5"),
])
def test_confusion_matrix_errors(y_true, y_pred, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.confusion_matrix(y_true, y_pred, **kwargs)


def test_confusion_matrix_plot_writes_every_count():
    y_true, y_pred = labels_and_guesses()
    cm = plots.confusion_matrix(y_true, y_pred)
    ax = plots.plot_confusion_matrix(y_true, y_pred).axes[0]
    assert [int(t.get_text()) for t in ax.texts] == cm.ravel().tolist()
    normalized = plots.plot_confusion_matrix(y_true, y_pred, normalize=True).axes[0]
    fractions = [float(t.get_text().split("\n")[0]) for t in normalized.texts]
    expected = cm / cm.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(fractions, expected.ravel(), atol=0.005)
    with pytest.raises(ValueError, match=r"`class_names`.*4 classes.*3 names"):
        plots.plot_confusion_matrix(y_true, y_pred, class_names=["a", "b", "c"])


@pytest.mark.parametrize("X", [np.zeros((10, 3)), np.zeros(10), np.zeros((10, 2, 1))],
                         ids=["three_columns", "rank1", "rank3"])
def test_decision_boundary_needs_two_features(X):
    with pytest.raises(ValueError, match=r"`X`: expected an array of shape \(N, 2\)"):
        plots.plot_decision_boundary(lambda P: np.zeros(len(P)), X, np.zeros(10, int))


def test_decision_boundary_other_errors():
    X, y = RNG.normal(size=(10, 2)), np.zeros(10, int)
    with pytest.raises(ValueError, match=r"`y`.*len\(X\)=10, len\(y\)=9"):
        plots.plot_decision_boundary(lambda P: np.zeros(len(P)), X, y[:9])
    with pytest.raises(ValueError, match=r"`predict_fn`.*one class per point"):
        plots.plot_decision_boundary(lambda P: np.zeros(3), X, y, resolution=5)


@pytest.mark.parametrize("form", ["labels", "scores", "probability"])
def test_decision_boundary_reads_any_prediction_form(form):
    X = RNG.normal(size=(40, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)  # the rule the predictions follow exactly
    logit = lambda P: P[:, 0] + P[:, 1]  # noqa: E731
    predict = {"labels": lambda P: (logit(P) > 0).astype(int),
               "scores": lambda P: np.c_[-logit(P), logit(P)],  # (N, 2)
               "probability": lambda P: sigmoid(logit(P))[:, None]}[form]  # (N, 1)
    fig = plots.plot_decision_boundary(predict, X, y, resolution=30)
    assert fig.axes[0].get_title().endswith("0 of 40 points misclassified")


# ----------------------------------------------------------------------------- activations


def test_activations_one_panel_each_with_f_solid_and_derivative_dashed():
    fig = plots.plot_activations({**ACTIVATIONS, "identity": (lambda z: z, None)},
                                 x=np.linspace(-2, 2, 9))
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "relu", "identity"]
    curves = [[ln for ln in ax.get_lines() if ln.get_label().startswith(ax.get_title())]
              for ax in fig.axes]
    assert [[ln.get_linestyle() for ln in c] for c in curves] == [["-", "--"]] * 3 + [["-"]]
    s = sigmoid(np.linspace(-2, 2, 9))
    np.testing.assert_allclose(curves[0][1].get_ydata(), s * (1 - s))


@pytest.mark.parametrize("activations, message", [
    ({}, r"`activations`: expected a mapping of names to pairs \(f, df\)"),
    ({"relu": np.tanh}, r"`activations`.*pairs"),
    ({"sum": (np.sum, None)}, r"`activations`.*same shape.*sum returned shape \(\)"),
])
def test_activations_errors(activations, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_activations(activations)


# ----------------------------------------------------------------------------- convolution


def test_kernels_show_each_kernel_value_and_its_result():
    image = square_image()
    fig = plots.plot_kernels(image, {"edges": EDGES}, {"edges": filtered_valid(image, EDGES)})
    original, kernel, result = fig.axes
    assert [float(t.get_text()) for t in kernel.texts] == EDGES.ravel().tolist()
    np.testing.assert_array_equal(result.get_images()[0].get_array(),
                                  filtered_valid(image, EDGES))
    assert original.get_title() == "original 16×16"


@pytest.mark.parametrize("image, kernels, filtered, message", [
    (np.zeros((4, 4)), {"a": EDGES}, {}, r"`filtered`.*no entry for \['a'\]"),
    (np.zeros((4, 4)), {}, {}, r"`kernels`.*non-empty"),
    (np.zeros((4, 4, 2)), {"a": EDGES}, {"a": np.zeros((2, 2))}, r"`image`.*\(H, W, 3\)"),
    (np.zeros((4, 4)), {"a": np.zeros(3)}, {"a": np.zeros((2, 2))}, r"`kernels\['a'\]`"),
])
def test_kernels_errors(image, kernels, filtered, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_kernels(image, kernels, filtered)


def test_filters_validate_rank_and_channel():
    with pytest.raises(ValueError, match=r"`weights`.*\(kh, kw, in_channels, out_channels\)"
                                         r".*weights.shape=\(3, 3, 4\)"):
        plots.plot_filters(np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match=r"`in_channel`.*from 0 to 3.*in_channel=4"):
        plots.plot_filters(np.zeros((3, 3, 4, 2)), in_channel=4)


def test_filters_draw_the_chosen_input_channel():
    w = RNG.normal(size=(3, 3, 4, 5))
    fig = plots.plot_filters(w, in_channel=2, cols=4)
    shown = [ax.get_images()[0].get_array() for ax in fig.axes if ax.get_images()]
    np.testing.assert_array_equal(np.stack(shown, axis=-1), w[:, :, 2, :])
    mean = plots.plot_filters(w)
    np.testing.assert_allclose(mean.axes[0].get_images()[0].get_array(), w[:, :, :, 0].mean(2))


def test_feature_maps_errors():
    with pytest.raises(ValueError, match=r"`feature_maps`.*\(H, W, C\).*'x' of shape \(4, 4\)"):
        plots.plot_feature_maps({"x": np.zeros((4, 4))})
    with pytest.raises(ValueError, match=r"`feature_maps`.*non-empty"):
        plots.plot_feature_maps([])
    with pytest.raises(ValueError, match=r"`max_maps`.*positive integer.*max_maps=0"):
        plots.plot_feature_maps({"x": np.zeros((4, 4, 2))}, max_maps=0)


# ----------------------------------------------------------------------------- a real Keras model


@pytest.fixture(scope="module")
def lenet():
    from tfcourse.models import build_lenet

    return build_lenet()


@pytest.fixture(scope="module")
def digit():
    return np.random.default_rng(1).random((28, 28, 1)).astype("float32")  # (H, W, C)


def test_feature_maps_of_lenet(lenet, digit, tmp_path):
    import keras

    maps = plots.feature_maps(lenet, digit)
    assert {name: m.shape for name, m in maps.items()} == {
        "conv1": (28, 28, 6), "pool1": (14, 14, 6), "conv2": (10, 10, 16), "pool2": (5, 5, 16)}
    # oracle: conv1 by hand from its weights, ReLU(conv(x, W) + b), 'same' padding
    kernel, bias = lenet.get_layer("conv1").get_weights()
    expected = keras.ops.relu(keras.ops.conv(digit[None], kernel, padding="same") + bias)[0]
    np.testing.assert_allclose(maps["conv1"], keras.ops.convert_to_numpy(expected), atol=1e-5)
    np.testing.assert_allclose(maps["pool1"], maps["conv1"].reshape(14, 2, 14, 2, 6).max((1, 3)))
    fig = plots.plot_feature_maps(maps, max_maps=6, path=tmp_path / "maps.png")
    assert len(fig.axes) == 4 * 6 and (tmp_path / "maps.png").exists()


def test_feature_maps_chosen_layers_and_batch_axis(lenet, digit):
    maps = plots.feature_maps(lenet, digit[None], layer_names=["conv2"])
    assert list(maps) == ["conv2"] and maps["conv2"].shape == (10, 10, 16)
    with pytest.raises(ValueError, match=r"`layer_names`.*'conv1'.*layer_names=\['nope'\]"):
        plots.feature_maps(lenet, digit, layer_names=["nope"])
    with pytest.raises(ValueError, match=r"`image`.*\(28, 28, 1\).*image.shape=\(2, 28, 28, 1\)"):
        plots.feature_maps(lenet, np.stack([digit, digit]))


def test_feature_maps_needs_a_model_with_a_known_input():
    import keras

    with pytest.raises(ValueError, match=r"`model`.*keras.Input"):
        plots.feature_maps(keras.Sequential([keras.layers.Conv2D(2, 3)]), np.zeros((8, 8, 1)))
    dense = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match=r"`model`.*convolution or pooling"):
        plots.feature_maps(dense, np.zeros(4))


def test_filters_of_real_conv_layers(lenet, tmp_path):
    fig = plots.plot_filters(lenet.get_layer("conv1").kernel, path=tmp_path / "conv1.png")
    assert sum(bool(ax.get_images()) for ax in fig.axes) == 6
    fig = plots.plot_filters(lenet.get_layer("conv2").kernel)  # (5, 5, 6, 16)
    assert sum(bool(ax.get_images()) for ax in fig.axes) == 16
    assert "mean over 6 input channels" in fig._suptitle.get_text()
