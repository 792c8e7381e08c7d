"""Transfer learning against keras.applications' own preprocessing and the bases' layer lists.

Every test runs offline with ``weights=None`` (random weights): what is checked is the wiring,
the freezing and the saving, which do not depend on the ImageNet numbers.
"""

import os
import re
import socket
import urllib.error

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfcourse.models.preprocessing import MODES, ImagePreprocessing
from tfcourse.models.transfer import (
    TRANSFER_BASES,
    WeightsUnavailableError,
    build_transfer,
    get_base,
    num_trainable_params,
    unfreeze,
)

# the oracle: each family's own preprocess_input, as Keras ships it
PREPROCESS_INPUT = {
    "vgg16": keras.applications.vgg16.preprocess_input,
    "vgg19": keras.applications.vgg19.preprocess_input,
    "resnet50": keras.applications.resnet50.preprocess_input,
    "inception_v3": keras.applications.inception_v3.preprocess_input,
    "xception": keras.applications.xception.preprocess_input,
    "mobilenet_v2": keras.applications.mobilenet_v2.preprocess_input,
    "efficientnet_b0": keras.applications.efficientnet.preprocess_input,
}
BIG = ("vgg16", "vgg19", "resnet50", "inception_v3", "xception")  # 80-550 MB .keras files


def _pixels(shape, seed=0):
    """Random raw RGB pixels in [0, 255], float32."""
    return np.random.default_rng(seed).uniform(0, 255, size=shape).astype("float32")


def _small(base):
    """The smallest input the base accepts: the cheapest model to build."""
    size = TRANSFER_BASES[base].min_size
    return (size, size, 3)


# ----------------------------------------------------------------------------- preprocessing


def test_table_has_the_course_bases_and_an_oracle_for_each():
    assert set(TRANSFER_BASES) == set(PREPROCESS_INPUT)
    for spec in TRANSFER_BASES.values():
        assert spec.preprocessing in MODES and spec.min_size <= spec.native_size


@pytest.mark.parametrize("base", sorted(TRANSFER_BASES))
def test_preprocessing_layer_equals_keras_preprocess_input(base):
    x = _pixels((2, 9, 7, 3))
    expected = PREPROCESS_INPUT[base](x.copy())  # copy: the NumPy path works in place
    got = ImagePreprocessing(TRANSFER_BASES[base].preprocessing)(x)
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6, atol=1e-4)


@pytest.mark.parametrize("mode", ["tf", "caffe", "torch"])
def test_each_mode_equals_imagenet_utils(mode):
    x = _pixels((3, 4, 5, 3), seed=1)
    expected = keras.applications.imagenet_utils.preprocess_input(x.copy(), mode=mode)
    np.testing.assert_allclose(np.asarray(ImagePreprocessing(mode)(x)), expected,
                               rtol=1e-6, atol=1e-4)


def test_preprocessing_rejects_unknown_mode_and_non_rgb_for_caffe():
    with pytest.raises(ValueError, match=r"`mode`.*Received: mode='bgr'"):
        ImagePreprocessing("bgr")
    with pytest.raises(ValueError, match=r"3 channels.*\(2, 4, 4, 1\)"):
        ImagePreprocessing("caffe")(np.zeros((2, 4, 4, 1), "float32"))


# ----------------------------------------------------------------------------- building


@pytest.mark.parametrize("base", sorted(TRANSFER_BASES))
def test_every_base_builds_frozen_at_its_minimum_size(base):
    model = build_transfer(base, _small(base), num_classes=3, weights=None, augment=False)
    backbone = get_base(model)
    assert backbone is model.get_layer("base")
    assert model.get_layer("preprocess").mode == TRANSFER_BASES[base].preprocessing
    probs = np.asarray(model(_pixels((2, *_small(base))), training=False))
    assert probs.shape == (2, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    # frozen: the only trainable weights are the new classifier's kernel and bias
    assert not backbone.trainable and not any(layer.trainable_weights for layer in backbone.layers)
    assert sorted(w.path for w in model.trainable_weights) == ["classifier/bias",
                                                               "classifier/kernel"]
    features = backbone.output_shape[-1]
    assert num_trainable_params(model) == features * 3 + 3


def test_layers_follow_the_arguments():
    model = build_transfer("mobilenet_v2", (32, 32, 3), weights=None,
                           augment={"flip": None, "rotation": 0.2}, dropout=0.0,
                           classifier_activation=None)
    assert [layer.name for layer in model.layers] == ["image", "augment", "preprocess", "base",
                                                      "pool", "classifier"]
    assert [layer.name for layer in model.get_layer("augment").layers] == ["rotate", "zoom",
                                                                           "translate"]
    assert model.get_layer("classifier").get_config()["activation"] == "linear"
    plain = build_transfer("mobilenet_v2", (32, 32, 3), weights=None, augment=False)
    assert [layer.name for layer in plain.layers] == ["image", "preprocess", "base", "pool",
                                                      "dropout", "classifier"]


@pytest.mark.parametrize("base", sorted(TRANSFER_BASES))
def test_too_small_input_names_the_shape_the_base_and_its_minimum(base):
    size = TRANSFER_BASES[base].min_size
    small = (size - 1, size + 10, 3)
    with pytest.raises(ValueError, match=re.escape(f"base={base!r} needs images of at least "
                                                   f"{size}x{size}") + r".*" +
                       re.escape(f"input_shape={small}")):
        build_transfer(base, small, weights=None)


def test_unknown_base_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"`base`: expected one of \('vgg16', "
                                         r".*'efficientnet_b0'\)\. Received: base='resnet51'"):
        build_transfer("resnet51", weights=None)


@pytest.mark.parametrize("kwargs, match", [
    (dict(base="mobilenet_v2", input_shape=(96, 96, 1), weights="imagenet"), r"3 channels"),
    (dict(base="vgg16", input_shape=(32, 32, 1), weights=None), r"3 channels"),
    (dict(input_shape=(96, 96)), r"`input_shape`.*Received: input_shape=\(96, 96\)"),
    (dict(num_classes=1), r"`num_classes`.*Received: num_classes=1"),
    (dict(dropout=1.0), r"`dropout`.*Received: dropout=1.0"),
    (dict(augment="yes"), r"`augment`.*Received: augment='yes'"),
    (dict(augment={"shear": 0.2}), r"unknown option\(s\) \['shear'\]"),
    (dict(classifier_activation="softmaxx"), r"`classifier_activation`"),
    (dict(weights=3), r"`weights`.*Received: weights=3"),
])
def test_invalid_arguments_fail_before_building(kwargs, match):
    with pytest.raises(ValueError, match=match):
        build_transfer(**{"weights": None, **kwargs})


def test_get_base_needs_a_transfer_model():
    inputs = keras.Input((4,))
    with pytest.raises(ValueError, match="no pretrained base"):
        get_base(keras.Model(inputs, keras.layers.Dense(2)(inputs)))


# ----------------------------------------------------------------------------- weights


def test_local_weights_file_is_loaded_into_the_base(tmp_path):
    source = keras.applications.MobileNetV2(include_top=False, weights=None,
                                            input_shape=(96, 96, 3))
    path = tmp_path / "base.weights.h5"
    source.save_weights(path)
    saved = source.get_weights()  # the oracle: the arrays that went into the file
    model = build_transfer("mobilenet_v2", (96, 96, 3), weights=path)  # a pathlib.Path works
    loaded = get_base(model).get_weights()
    assert len(loaded) == len(saved)
    for got, want in zip(loaded, saved):
        np.testing.assert_array_equal(got, want)
    fresh = get_base(build_transfer("mobilenet_v2", (96, 96, 3), weights=None)).get_weights()
    assert not np.array_equal(fresh[0], saved[0])  # random init differs: the test can fail


def test_missing_weights_file_names_the_path(tmp_path):
    missing = tmp_path / "nowhere" / "base.weights.h5"
    with pytest.raises(FileNotFoundError, match=re.escape(repr(str(missing)))):
        build_transfer("mobilenet_v2", (96, 96, 3), weights=str(missing))


def test_weights_file_of_another_kind_is_refused_before_loading(tmp_path):
    path = tmp_path / "base.npz"
    path.write_bytes(b"not weights")
    with pytest.raises(ValueError, match=r"`weights`: expected a file ending in '\.weights\.h5', "
                                         r"'\.h5' or '\.keras'\. Received: weights='.*base\.npz'"):
        build_transfer("mobilenet_v2", (96, 96, 3), weights=str(path))


@pytest.mark.filterwarnings("ignore::UserWarning")  # Keras warns once per skipped sublayer
def test_weights_file_of_another_base_is_a_clear_error(tmp_path):
    path = tmp_path / "mobilenet.weights.h5"
    keras.applications.MobileNetV2(include_top=False, weights=None,
                                   input_shape=(32, 32, 3)).save_weights(path)
    with pytest.raises(ValueError, match=r"Cannot load the weights file .*mobilenet\.weights\.h5"
                                         r".* into base='efficientnet_b0'.*for this base"):
        build_transfer("efficientnet_b0", (32, 32, 3), weights=path)


@pytest.mark.parametrize("base, shape, file", [
    ("mobilenet_v2", (96, 96, 3),
     "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_96_no_top.h5"),
    ("efficientnet_b0", (32, 32, 3), "efficientnetb0_notop.h5"),
])
def test_imagenet_download_failure_says_which_file_and_where(monkeypatch, base, shape, file):
    # what an offline machine does: the name lookup fails inside keras.utils.get_file
    def offline(url, *args, **kwargs):
        raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))

    monkeypatch.setattr("keras.src.utils.file_utils.urlretrieve", offline)
    with pytest.raises(WeightsUnavailableError) as info:
        build_transfer(base, shape)
    message = str(info.value)
    url = re.search(r"https?://\S+\.h5", str(info.value.__cause__)).group(0)  # Keras's own URL
    assert f"Cannot download the ImageNet weights for base={base!r}" in message
    assert "Name or service not known" in message
    assert os.path.basename(url) == file  # Keras asks for the published file name
    assert f"{file!r} from {url}" in message
    assert "~/.keras/models/" in message or "$KERAS_HOME/models/" in message
    assert "weights=None" in message and "weights=<path" in message
    assert f"`python -m tfcourse fetch {base}`" in message
    assert f"`python -m tfcourse fetch --from BUNDLE {base}`" in message


@pytest.mark.download
def test_imagenet_weights_download_when_online():
    model = build_transfer("mobilenet_v2", (96, 96, 3))
    assert num_trainable_params(model) == 1280 * 2 + 2


# ----------------------------------------------------------------------------- fine-tuning


def _mobilenet():
    return build_transfer("mobilenet_v2", (32, 32, 3), weights=None, augment=False,
                          dropout=0.0)


@pytest.fixture(scope="module")
def mobilenet():  # shared: unfreeze gives the same flags whatever state it starts from
    return _mobilenet()


@pytest.mark.parametrize("from_layer", [100, -20, 0, 154, -154, 3])
def test_unfreeze_opens_exactly_the_top_layers_but_not_batch_norm(mobilenet, from_layer):
    base = get_base(mobilenet)
    n = len(base.layers)
    assert n == 154  # MobileNetV2 at alpha=1.0; the parameters above assume it
    assert unfreeze(mobilenet, from_layer=from_layer) is mobilenet
    start = from_layer if from_layer >= 0 else n + from_layer
    expected = [i >= start and not isinstance(layer, keras.layers.BatchNormalization)
                for i, layer in enumerate(base.layers)]  # the oracle: the layer list itself
    assert [layer.trainable for layer in base.layers] == expected
    opened = [w for layer, on in zip(base.layers, expected) if on for w in layer.weights]
    head = mobilenet.get_layer("classifier").weights
    assert {id(w) for w in mobilenet.trainable_weights} == {id(w) for w in opened + head}


def test_unfreeze_again_opens_more_or_fewer_layers(mobilenet):
    base = get_base(mobilenet)

    def opened():
        return sum(layer.trainable for layer in base.layers)

    unfreeze(mobilenet, from_layer=-5)
    few = opened()
    unfreeze(mobilenet, from_layer=-50)  # `base.trainable = True` alone would not re-open
    many = opened()
    unfreeze(mobilenet, from_layer=-5)
    assert few < many and opened() == few


@pytest.mark.parametrize("from_layer", [-155, 155, 1.5, True, "10", None])
def test_unfreeze_rejects_out_of_range_from_layer(mobilenet, from_layer):
    with pytest.raises(ValueError, match=r"`from_layer`: expected an integer in \[-154, 154\]"):
        unfreeze(mobilenet, from_layer=from_layer)


def test_fine_tuning_step_moves_only_the_opened_layers():
    mobilenet = _mobilenet()
    base = get_base(mobilenet)
    unfreeze(mobilenet, from_layer=-10)
    x = _pixels((4, 32, 32, 3), seed=2)
    features = keras.Model(mobilenet.input, mobilenet.get_layer("pool").output)  # (B, 1280)
    # batch norm stays in inference mode even in a training call: same features both ways
    np.testing.assert_allclose(np.asarray(features(x, training=True)),
                               np.asarray(features(x, training=False)), rtol=1e-5, atol=0)
    # the control: Keras 3 does pass training=True down, so a trainable BN would switch mode
    base.get_layer("Conv_1_bn").trainable = True
    assert not np.allclose(np.asarray(features(x, training=True)),
                           np.asarray(features(x, training=False)), rtol=1e-2, atol=0)
    base.get_layer("Conv_1_bn").trainable = False
    before = {w.path: np.array(w) for w in base.weights}
    with tf.GradientTape() as tape:  # one training step, as fit would take it
        probs = mobilenet(x, training=True)  # (4, 2)
        loss = keras.losses.sparse_categorical_crossentropy(np.array([0, 1, 0, 1]), probs)
    grads = tape.gradient(loss, mobilenet.trainable_weights)
    # Adam, not SGD: random-weight MobileNetV2 features are ~1e-12, so are the gradients,
    # and Adam's first step has size ~lr whatever the gradient's scale
    keras.optimizers.Adam(1e-2).apply(grads, mobilenet.trainable_weights)
    changed = {w.path for w in base.weights if not np.array_equal(np.array(w), before[w.path])}
    trainable = {w.path for w in base.trainable_weights}
    assert changed and changed <= trainable  # bottom layers and BN statistics did not move
    assert not any("bn" in path.lower() for path in changed)


# ----------------------------------------------------------------------------- saving and scope


@pytest.mark.parametrize("base", [
    "mobilenet_v2", "efficientnet_b0", *[pytest.param(b, marks=pytest.mark.slow) for b in BIG],
])
def test_keras_file_round_trip_in_safe_mode(tmp_path, base):
    model = build_transfer(base, _small(base), 4, weights=None)  # augmentation included
    unfreeze(model, from_layer=-8)
    path = tmp_path / f"{base}.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    x = _pixels((3, *_small(base)), seed=3)
    np.testing.assert_allclose(np.asarray(loaded(x, training=False)),
                               np.asarray(model(x, training=False)), rtol=1e-6, atol=1e-6)
    def flags(m):  # layers with weights (a reloaded InputLayer comes back trainable=True)
        return [(layer.name, layer.trainable) for layer in get_base(m).layers if layer.weights]

    assert flags(loaded) == flags(model)
    assert num_trainable_params(loaded) == num_trainable_params(model)


def test_builds_and_trains_under_a_strategy(strategy):
    with strategy.scope():
        model = build_transfer("mobilenet_v2", (32, 32, 3), 2, weights=None)
        model.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    frozen = np.array(get_base(model).weights[0])
    x, y = _pixels((8, 32, 32, 3), seed=4), np.array([0, 1] * 4)
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    np.testing.assert_array_equal(np.array(get_base(model).weights[0]), frozen)

