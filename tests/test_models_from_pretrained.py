"""Transfer from your own model: frozen features, a new head, fine-tuning through tfcourse.train."""

import keras
import numpy as np
import pytest

from tfcourse.models import build_cnn, build_from_pretrained
from tfcourse.train import fine_tune, train


def _images(m=64, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, m)
    x = rng.random((m, 12, 12, 1)).astype("float32") * 0.3
    x[np.arange(m), 2 + 3 * y, :, 0] = 1.0  # class = which row is bright
    return x, y


def test_base_is_the_source_frozen_and_shared():
    source = build_cnn((12, 12, 1), 5, filters=(8,))
    model = build_from_pretrained(source, 3, feature_layer="block1_pool")
    base = model.get_layer("base")
    assert not base.trainable
    # the base holds the source's own weight arrays, not copies
    for w_base, w_src in zip(base.weights, source.get_layer("block1_conv1").weights):
        assert w_base is w_src
    head = model.get_layer("predictions")
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    assert trainable == 6 * 6 * 8 * 3 + 3 == int(np.prod(head.kernel.shape)) + 3  # flatten → head
    assert model.output_shape == (None, 3)


def test_round_trip_and_fine_tune(tmp_path, two_replicas):
    x, y = _images()
    source = train(lambda: build_cnn((12, 12, 1), 3, filters=(8, 16)), (x, y), epochs=2,
                   strategy=two_replicas, verbose=0)
    r = train(lambda: build_from_pretrained(source.model, 3), (x, y), epochs=2, lr=1e-2,
              strategy=two_replicas, verbose=0)
    base_layers = [layer.name for layer in r.model.get_layer("base").layers]
    start = base_layers.index("block2_conv1")
    fine_tune(r, (x, y), from_layer=start, epochs=2, lr=1e-4, verbose=0)
    assert r.epochs == 4  # the second phase continues the first's history
    for i, layer in enumerate(r.model.get_layer("base").layers):
        if isinstance(layer, keras.layers.BatchNormalization):
            assert not layer.trainable  # batch norm stays frozen in inference mode
        elif layer.weights:
            assert layer.trainable == (i >= start), layer.name
    path = tmp_path / "transfer.keras"
    r.model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), r.model.predict(x, verbose=0),
                               atol=1e-6)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"feature_layer": "nope"}, ValueError, r"`feature_layer`.*Received: feature_layer='nope'"),
    ({"dropout": 1.0}, ValueError, "dropout"),
])
def test_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        build_from_pretrained(build_cnn((12, 12, 1), 3, filters=(8,)), 3, **kwargs)
    with pytest.raises(TypeError, match="`pretrained` must be a keras.Model"):
        build_from_pretrained("cnn", 3)
