"""TFDS sources offline: fast, clear failures, cache detection, and loading through mock data.

Nothing here touches the network: the only address probed is a closed port on 127.0.0.1, and
`network_available` is monkeypatched wherever `load_tfds` could reach for it.
"""

import os
import time

import numpy as np
import pytest

from tfcourse import data
from tfcourse.data import tfds_sources


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setattr(tfds_sources, "network_available", lambda *a, **k: False)


def _fake_prepared(root, *parts):
    folder = root.joinpath(*parts)
    folder.mkdir(parents=True)
    (folder / "dataset_info.json").write_text("{}")


def test_offline_load_fails_fast_and_says_what_to_do(tmp_path, offline):
    start = time.monotonic()
    with pytest.raises(data.DatasetUnavailableError) as info:
        data.load_tfds("mnist", data_dir=tmp_path)
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert str(tmp_path) in message and "digits" in message and "tfcourse fetch" in message
    assert "'mnist'" in message and "TFDS_DATA_DIR" in message
    assert isinstance(info.value, OSError)


def test_download_false_fails_without_probing_the_network(tmp_path, monkeypatch):
    def no_probe(*args, **kwargs):
        raise AssertionError("network_available must not be called with download=False")

    monkeypatch.setattr(tfds_sources, "network_available", no_probe)
    with pytest.raises(data.DatasetUnavailableError, match=r"download=False"):
        data.load("cifar10", data_dir=tmp_path, download=False)


def test_imdb_has_no_bundled_stand_in(tmp_path, offline):
    with pytest.raises(data.DatasetUnavailableError, match=r"No bundled dataset.*imdb_reviews"):
        data.load_tfds("imdb_reviews", data_dir=tmp_path)
    assert tfds_sources.OFFLINE_ALTERNATIVE["imdb_reviews"] is None
    assert set(tfds_sources.OFFLINE_ALTERNATIVE) == set(data.TFDS_SOURCES)
    assert all(alt in data.BUNDLED for alt in tfds_sources.OFFLINE_ALTERNATIVE.values() if alt)


def test_unknown_tfds_name():
    with pytest.raises(ValueError, match=r"`name`.*'mnist'.*Received: name='mnistt'"):
        data.load_tfds("mnistt")


def test_closed_loopback_port_is_unreachable():
    start = time.monotonic()
    assert data.network_available("127.0.0.1", 1, timeout=1) is False
    assert time.monotonic() - start < 2
    with pytest.raises(ValueError, match=r"`timeout`.*Received: timeout=0"):
        data.network_available("127.0.0.1", 1, timeout=0)


def test_is_cached_finds_prepared_versions_only(tmp_path):
    assert not data.is_cached("mnist", tmp_path) and data.cached_sources(tmp_path) == []
    _fake_prepared(tmp_path, "mnist", "3.0.1.incompleteABC123")  # interrupted preparation
    assert not data.is_cached("mnist", tmp_path)
    _fake_prepared(tmp_path, "mnist", "3.0.1")
    _fake_prepared(tmp_path, "imdb_reviews", "plain_text", "1.0.0")  # a config subfolder
    assert data.is_cached("mnist", str(tmp_path)) and data.is_cached("imdb_reviews", tmp_path)
    assert data.cached_sources(tmp_path) == ["mnist", "imdb_reviews"]


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv("TFDS_DATA_DIR", raising=False)
    assert data.default_data_dir() == os.path.expanduser(os.path.join("~", "tensorflow_datasets"))
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "env"))
    assert data.default_data_dir() == str(tmp_path / "env")
    assert data.default_data_dir(tmp_path / "arg") == str(tmp_path / "arg")
    _fake_prepared(tmp_path, "env", "fashion_mnist", "3.0.1")
    assert data.is_cached("fashion_mnist")  # found through $TFDS_DATA_DIR


def test_cached_source_goes_to_tfds_load(tmp_path, monkeypatch):
    # with tfds.testing.mock_data, tfds.load serves random examples built from the builder's
    # own code (USE_CODE: the pip wheel ships no metadata files) and never downloads
    tfds = pytest.importorskip("tensorflow_datasets")
    monkeypatch.setattr(tfds_sources, "is_cached", lambda name, data_dir=None: True)
    monkeypatch.setattr(tfds_sources, "network_available", lambda *a, **k: False)
    with tfds.testing.mock_data(num_examples=8, policy=tfds.testing.MockPolicy.USE_CODE):
        train = data.load_tfds("mnist", split="train", data_dir=tmp_path)
        x, y = tfds_sources.to_arrays(train)
        pair = data.load("mnist", data_dir=tmp_path)  # default split: ("train", "test")
    assert x.shape == (8, 28, 28, 1) and x.dtype == np.uint8
    assert y.shape == (8,) and y.dtype == np.int64 and ((0 <= y) & (y < 10)).all()
    assert isinstance(pair, tuple) and len(pair) == 2


def test_to_arrays_rejects_empty_and_ragged():
    tf = pytest.importorskip("tensorflow")
    empty = tf.data.Dataset.from_tensor_slices((np.zeros((0, 2)), np.zeros(0)))
    with pytest.raises(ValueError, match="no examples"):
        tfds_sources.to_arrays(empty)
    ragged = tf.data.Dataset.from_generator(
        lambda: iter([(np.zeros((2, 2)), 0), (np.zeros((3, 3)), 1)]),
        output_signature=(tf.TensorSpec((None, None), tf.float64), tf.TensorSpec((), tf.int32)))
    with pytest.raises(ValueError, match="one shape"):
        tfds_sources.to_arrays(ragged)
